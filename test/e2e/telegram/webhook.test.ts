// Webhook mode end to end: setWebhook with the secret at start, updates
// POSTed by the fake to the adapter's handler (mounted on our own HTTP server,
// as the backbone mounts it), and requests without the right secret refused
// with 401 before anything runs.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, it } from "vitest";
import { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { resultMessage, startTelegramApp, type TelegramApp, uniqueFirstUpdateId, waitForSent } from "./support.js";

const SECRET = "s3cret_Webhook-token";
const GROUP = -1001000000003;
const ALICE = 301;

forEachDatabase("telegram webhook mode", (getDatabase) => {
  let fake: FakeTelegram;
  let tg: TelegramApp;
  let server: http.Server;
  let base = "";

  beforeAll(async () => {
    let route: http.RequestListener = (_req, res) => res.writeHead(503).end();
    server = http.createServer((req, res) => route(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    fake = await FakeTelegram.start({ firstUpdateId: uniqueFirstUpdateId(), webhookRetryMs: null });
    fake.addChat({ id: GROUP, type: "supergroup", title: "Kallio Friends" });
    fake.addUser({ id: ALICE, first_name: "Alice", username: "alice", startedBot: true });
    fake.setMember(GROUP, ALICE, "creator");
    tg = await startTelegramApp(getDatabase().url, fake, {
      webhook: { url: `${base}/telegram/webhook`, secret: SECRET },
    });
    const handler = tg.adapter.webhookHandler();
    route = (req, res) => {
      if (req.url === tg.adapter.webhookPath) handler(req, res);
      else res.writeHead(404).end();
    };
  });

  afterAll(async () => {
    await tg.close();
    await fake.stop();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  });

  /** An update as Telegram would post it, sent by hand with the given secret header (or none). */
  async function post(update: Update, secret: string | undefined, body = JSON.stringify(update)): Promise<number> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (secret !== undefined) headers["x-telegram-bot-api-secret-token"] = secret;
    const res = await fetch(`${base}${tg.adapter.webhookPath}`, { method: "POST", headers, body });
    await res.arrayBuffer();
    return res.status;
  }

  function commandUpdate(updateId: number, text: string): Update {
    return {
      update_id: updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: GROUP, type: "supergroup", title: "Kallio Friends" },
        from: { id: ALICE, is_bot: false, first_name: "Alice", username: "alice" },
        text,
        entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }],
      },
    } as Update;
  }

  it("sets the webhook with the secret and the allowed updates, and never polls", () => {
    assert.equal(tg.adapter.webhookPath, "/telegram/webhook");
    assert.equal(tg.adapter.isReady(), true);
    const set = fake.callsOf("setWebhook").at(-1);
    assert.equal(set?.params.url, `${base}/telegram/webhook`);
    assert.equal(set?.params.secret_token, SECRET);
    assert.deepEqual(set?.params.allowed_updates, ["message", "callback_query", "poll_answer", "my_chat_member"]);
    assert.equal(fake.callsOf("getUpdates").length, 0);
  });

  it("with the right secret, an update is acknowledged at once and answered", async () => {
    const since = fake.calls.length;
    const update = fake.sendText(GROUP, ALICE, "/help@talkoot_test_bot");
    const delivery = await fake.deliveryOf(update);
    assert.equal(delivery.status, 200);
    assert.equal(delivery.secretToken, SECRET);
    const reply = await waitForSent(fake, since, GROUP);
    assert.match(resultMessage(reply).text ?? "", /^Talkoot commands/);
    assert.ok(delivery.at <= reply.at, "Telegram had its 200 before the work was done");
  });

  it("a wrong or missing secret gets 401 and has no effect", async () => {
    const since = fake.calls.length;
    assert.equal(await post(commandUpdate(990_001, "/setup community Forged"), "wrong-secret"), 401);
    assert.equal(await post(commandUpdate(990_002, "/setup community Forged"), undefined), 401);
    assert.equal(await post(commandUpdate(990_003, "/setup community Forged"), `${SECRET}x`), 401);
    // A real update afterwards is handled; the forged ones left no trace.
    const update = fake.sendText(GROUP, ALICE, "/setup community Real");
    const reply = await waitForSent(fake, since, GROUP);
    assert.equal((await fake.deliveryOf(update)).status, 200);
    assert.match(resultMessage(reply).text ?? "", /“Real” is set up/);
    assert.equal(fake.calls.slice(since).filter((c) => c.method === "sendMessage").length, 1);
    const chat = await tg.app.store.chats.find(`telegram:${GROUP}`);
    assert.ok(chat?.communityId);
    const community = await tg.app.store.communities.find(chat.communityId);
    assert.equal(community?.name, "Real");
  });

  it("refuses what is not an update: another method (405), a body that is not JSON (400)", async () => {
    const res = await fetch(`${base}${tg.adapter.webhookPath}`, { method: "GET" });
    await res.arrayBuffer();
    assert.equal(res.status, 405);
    assert.equal(await post(commandUpdate(1, "/help"), SECRET, "{not json"), 400);
  });

  it("a redelivered update has one effect", async () => {
    const since = fake.calls.length;
    const update = fake.sendText(GROUP, ALICE, "/setup invite");
    await waitForSent(fake, since, GROUP);
    fake.redeliver(update.update_id);
    // The fake posts updates one at a time, in order: once /help is answered, the redelivery was taken.
    const after = fake.calls.length;
    fake.sendText(GROUP, ALICE, "/help");
    await waitForSent(fake, after, GROUP);
    const deliveries = fake.webhookDeliveries.filter((d) => d.update.update_id === update.update_id);
    assert.deepEqual(
      deliveries.map((d) => d.status),
      [200, 200],
    );
    const invites = fake.calls
      .slice(since)
      .filter((c) => c.method === "sendMessage" && /^Invite code/.test(resultMessage(c).text ?? ""));
    assert.equal(invites.length, 1);
  });

  it("once stopped, updates are refused with 503 (Telegram keeps them) and the webhook stays set", async () => {
    await tg.adapter.stop();
    assert.equal(tg.adapter.isReady(), false);
    assert.equal(await post(commandUpdate(990_010, "/help"), SECRET), 503);
    assert.equal(fake.callsOf("deleteWebhook").length, 0);
  });
});
