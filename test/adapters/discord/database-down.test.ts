// Discord never delivers an interaction again, so one the core cannot record
// (its database is down) waits in the adapter and is handed over again once
// the database is back; the person gets the answer, once.
import assert from "node:assert/strict";
import { it } from "vitest";
import type { EventOutcome, InboundEvent } from "../../../src/core/events.js";
import { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { discordAdapter, discordWorld } from "./support.js";

it("keeps an interaction while the database is down, and answers it once the database is back", async () => {
  const fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000 });
  const world = discordWorld(fake);
  const seen: string[] = [];
  let databaseUp = false;
  const adapter = discordAdapter(fake, () => []);
  try {
    await adapter.start({
      async handle(event: InboundEvent): Promise<EventOutcome> {
        seen.push(event.eventId);
        if (!databaseUp) {
          databaseUp = true; // back for the next try
          return { status: "unavailable" };
        }
        return { status: "handled", toast: "done" };
      },
      isAccepting: () => true,
    });
    fake.guildCreate(world.guildId);
    const handle = fake.slashCommand({ name: "help", channelId: world.channel("general"), userId: world.user("aino") });
    await handle.waitForCallback(10_000);
    await fake.waitFor(() => seen.length >= 2 || undefined, 10_000, "handed over again");
    assert.equal(seen.length, 2);
    assert.equal(seen[0], seen[1]);
    const answer = await handle.waitForOriginal();
    assert.equal(answer.content, "done");
  } finally {
    await adapter.stop();
    await fake.stop();
  }
});
