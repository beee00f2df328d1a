// A send whose outbox lease is lost is aborted (SendContext.signal): Slack
// and Discord stop before their next Web API / REST call, and Discord's REST
// client drops a call waiting out a rate limit. (Telegram: see
// test/e2e/telegram/card-retries.test.ts, through the app's real bot.)
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { SlackAdapter } from "../../adapters/slack/slack-adapter.js";
import { FakeDiscord } from "../fakes/discord/fake-discord.js";
import type { FakeSlack } from "../fakes/slack/fake-slack.js";
import { discordAdapter, discordWorld } from "./discord/support.js";
import { outboundWorld } from "./slack/support.js";

const aborted = () => {
  const controller = new AbortController();
  controller.abort(new Error("lease lost"));
  return controller.signal;
};

describe("Slack send abort", () => {
  const TEAM = "T0ABORT";
  const GENERAL = "C0GENERAL";
  let fake: FakeSlack;
  let adapter: SlackAdapter;

  beforeAll(async () => {
    ({ fake, adapter } = await outboundWorld(TEAM, GENERAL));
  });
  afterAll(() => fake.stop());

  it("makes no call once the signal is aborted", async () => {
    const before = fake.calls.length;
    await assert.rejects(
      adapter.send({ platform: "slack", chatId: `slack:${TEAM}:${GENERAL}` }, { text: "late" }, { signal: aborted() }),
      /lease lost/,
    );
    assert.equal(fake.calls.length, before);
  });

  it("does not upload the file once the signal is aborted while the card was being posted", async () => {
    const posts = fake.callsOf("chat.postMessage").length;
    const controller = new AbortController();
    const sending = adapter.send(
      { platform: "slack", chatId: `slack:${TEAM}:${GENERAL}` },
      { text: "card", attachment: { filename: "a.csv", mimeType: "text/csv", content: "x" } },
      { signal: controller.signal },
    );
    // Slack has taken the card; the lease is lost before its answer reaches the adapter.
    await fake.waitFor(() => fake.callsOf("chat.postMessage").length > posts || undefined);
    controller.abort(new Error("lease lost"));
    await assert.rejects(sending, /lease lost/);
    assert.equal(fake.calls.filter((c) => c.method.startsWith("files.")).length, 0);
  });
});

describe("Discord send abort", () => {
  let fake: FakeDiscord;
  let adapter: ReturnType<typeof discordAdapter>;
  let channelId: string;
  let guildId: string;

  beforeAll(async () => {
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000 });
    const world = discordWorld(fake);
    channelId = world.channel("general");
    guildId = world.guildId;
    adapter = discordAdapter(fake, () => []);
    await adapter.start({ handle: async () => ({ status: "handled" }), isAccepting: () => true });
    fake.guildCreate(world.guildId);
  });
  afterAll(async () => {
    await adapter.stop();
    await fake.stop();
  });

  const to = () => ({ platform: "discord", chatId: `discord:${guildId}:${channelId}` });

  it("makes no call once the signal is aborted", async () => {
    const before = fake.calls.length;
    await assert.rejects(adapter.send(to(), { text: "late" }, { signal: aborted() }), /lease lost/);
    assert.equal(fake.calls.length, before);
  });

  it("drops a post waiting out a rate limit when the lease is lost", async () => {
    fake.failNext((c) => c.method === "POST" && c.route === "/channels/:channelId/messages", {
      status: 429,
      retryAfter: 2,
    });
    const controller = new AbortController();
    const before = fake.calls.length;
    const sending = adapter.send(to(), { text: "in a while" }, { signal: controller.signal });
    await fake.waitFor(() => fake.calls.length > before || undefined, 5_000, "the first try");
    controller.abort(new Error("lease lost"));
    await assert.rejects(sending);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(fake.calls.length, before + 1, "no second try");
  });
});
