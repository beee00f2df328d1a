// Discord intake with the durable inbox, through discord.js against the fake
// Discord, on both databases: an interaction is stored before it is
// deferred; one stored but not handled when the process stopped is handled
// once by the next start, and answered through the interaction's webhook.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it, vi } from "vitest";
import type { EventOutcome, EventSink, InboundEvent } from "../../../src/core/events.js";
import { StoredUpdateInbox } from "../../../src/storage/repositories/update-inbox.js";
import { discordAdapter, discordWorld } from "../../adapters/discord/support.js";
import { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { forEachDatabase } from "../../support/databases.js";

/** A core stand-in: records each event; while `hold` is set, an event waits forever (a crash mid-work). */
function recordingSink(hold: boolean, toast?: string) {
  const seen: string[] = [];
  const sink: EventSink = {
    async handle(event: InboundEvent): Promise<EventOutcome> {
      seen.push(event.kind === "command" ? event.text : event.kind);
      if (hold) await new Promise<never>(() => {});
      return { status: "handled", ...(toast ? { toast } : {}) };
    },
    isAccepting: () => true,
  };
  return { sink, seen };
}

forEachDatabase("discord intake", (getDatabase) => {
  let fake: FakeDiscord;
  let stored: StoredUpdateInbox;

  beforeAll(async () => {
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000 });
    stored = new StoredUpdateInbox(getDatabase());
  });
  afterAll(() => fake.stop());

  const waiting = async () => (await stored.waiting("discord")).map((entry) => entry.id);

  it("an interaction stored and deferred, but not handled when the process stopped, is handled once at the next start and answered", async () => {
    const world = discordWorld(fake);
    const first = recordingSink(true);
    const crashed = discordAdapter(fake, () => [], { inbox: stored, deferAfterMs: 300 });
    const second = recordingSink(false, "done after the restart");
    const resumed = discordAdapter(fake, () => [], { inbox: stored, deferAfterMs: 300 });
    try {
      await crashed.start(first.sink);
      fake.guildCreate(world.guildId);
      const handle = fake.slashCommand({
        name: "help",
        channelId: world.channel("general"),
        userId: world.user("aino"),
      });
      // Deferred in time ("thinking…"), and kept until the core is done with it.
      await handle.waitForCallback(10_000);
      await vi.waitFor(() => assert.equal(first.seen.length, 1), { timeout: 30_000 });
      assert.deepEqual(await waiting(), [handle.id]);

      // The process dies with the command in the core: it never finishes there.
      await crashed.stop();
      await resumed.start(second.sink);
      await vi.waitFor(async () => assert.deepEqual(await waiting(), []), { timeout: 30_000 });
      assert.deepEqual(second.seen, first.seen);
      // The answer reaches the person through the interaction's webhook (the deferred reply or a follow-up).
      await fake.waitFor(
        () => [handle.original(), ...handle.followUps()].find((m) => m?.content === "done after the restart"),
        15_000,
        "the answer after the restart",
      );
      assert.equal(first.seen.length, 1);
    } finally {
      await resumed.stop();
      await crashed.stop();
    }
  });
});
