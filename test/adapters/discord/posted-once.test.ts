// Discord posts once per delivery key: each message create carries a nonce
// made from the key (at most 25 characters) with enforce_nonce, so a send
// tried again after a lost answer or a crash gets the message already posted
// back instead of a second one. discord.js's REST client against the fake.
import assert from "node:assert/strict";
import { DiscordAPIError, REST, Routes } from "discord.js";
import { afterAll, beforeAll, describe, it } from "vitest";
import { InteractionReplies } from "../../../adapters/discord/interaction-replies.js";
import { MAX_NONCE_LENGTH } from "../../../adapters/discord/nonce.js";
import { DiscordOutbound } from "../../../adapters/discord/outbound.js";
import type { DeliveryKey } from "../../../src/core/delivery-key.js";
import { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { discordWorld, silentLogger } from "./support.js";

function keyed(key: string, attempt = 1): { delivery: DeliveryKey } {
  return { delivery: { key, attempt, firstTriedAt: new Date(), mayHaveLanded: attempt > 1 } };
}

describe("Discord: a message is posted once", () => {
  let fake: FakeDiscord;
  let rest: REST;
  let outbound: DiscordOutbound;
  let chatId: string;
  let channelId: string;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    const world = discordWorld(fake);
    channelId = world.channel("general");
    chatId = `discord:${world.guildId}:${channelId}`;
    rest = new REST({ api: fake.restApi, retries: 0 }).setToken(fake.token);
    const replies = new InteractionReplies({ rest, applicationId: fake.applicationId, logger: silentLogger() });
    outbound = new DiscordOutbound({ rest, replies });
  });
  afterAll(() => fake.stop());

  it("sends a nonce made from the key with enforce_nonce, and a retry returns the first message", async () => {
    const to = { platform: "discord", chatId };
    const [first] = await outbound.send(to, { text: "Lamp out by the door" }, keyed("outbox:17"));
    const [again] = await outbound.send(to, { text: "Lamp out by the door" }, keyed("outbox:17", 2));
    assert.equal(again?.messageId, first?.messageId, "the same message, not a second one");
    assert.equal(fake.messagesIn(channelId).filter((m) => m.content.includes("Lamp out")).length, 1);

    const bodies = fake
      .callsTo((call) => call.method === "POST" && call.path === `/channels/${channelId}/messages`)
      .map((call) => call.body as { nonce?: string; enforce_nonce?: boolean });
    const [a, b] = bodies.slice(-2);
    assert.equal(a?.enforce_nonce, true);
    assert.ok(a?.nonce && a.nonce.length <= MAX_NONCE_LENGTH, a?.nonce);
    assert.equal(b?.nonce, a?.nonce, "the same key, the same nonce");
  });

  it("gives another message another nonce, even with the same text", async () => {
    const to = { platform: "discord", chatId };
    await outbound.send(to, { text: "Same words" }, keyed("reply:aaa"));
    await outbound.send(to, { text: "Same words" }, keyed("reply:bbb"));
    assert.equal(fake.messagesIn(channelId).filter((m) => m.content.includes("Same words")).length, 2);
  });

  it("the fake refuses a nonce over 25 characters, as Discord does", async () => {
    await assert.rejects(
      rest.post(Routes.channelMessages(channelId), { body: { content: "x", nonce: "n".repeat(26) } }),
      (error: unknown) => {
        assert.ok(error instanceof DiscordAPIError, String(error));
        assert.equal(error.code, 50035);
        assert.match(JSON.stringify(error.rawError), /BASE_TYPE_MAX_LENGTH/);
        return true;
      },
    );
  });
});
