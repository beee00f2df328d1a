// The fake Slack driven by the real @slack/bolt App (Socket Mode and HTTP) and
// by raw fetch, so the fake is checked against what the SDK actually sends
// and expects.

import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, type BlockAction, LogLevel, webApi } from "@slack/bolt";
import { afterAll, describe, test } from "vitest";
import WebSocket from "ws";
import { computeSignature, FakeSlack, type JsonObject } from "./fake-slack.js";
import { botClient, socketApp, stopSocketApp } from "./sdk-clients.js";

const USER = "U0CITIZEN1";
const ADMIN = "U0OFFICIAL";
const OUTSIDER = "U0OUTSIDER";
const GENERAL = "C0GENERAL1";
const PRIVATE = "G0SECRET01";
const LOBBY = "C0LOBBY001";

/** A bot client that neither retries nor waits out a 429: each failure reaches the test as it came. */
function impatientClient(fake: FakeSlack): webApi.WebClient {
  return new webApi.WebClient(fake.botToken, {
    slackApiUrl: fake.slackApiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: webApi.LogLevel.ERROR,
  });
}

async function startFake(opts: Parameters<typeof FakeSlack.start>[0] = {}): Promise<FakeSlack> {
  const fake = await FakeSlack.start(opts);
  fake.addUser({ id: USER, name: "aino", realName: "Aino Virtanen", tz: "Europe/Helsinki", locale: "fi-FI" });
  fake.addUser({ id: ADMIN, name: "olli", isAdmin: true, isOwner: true });
  fake.addUser({ id: OUTSIDER, name: "eero" });
  fake.addChannel({ id: GENERAL, name: "general", members: [USER, ADMIN] });
  fake.addChannel({ id: PRIVATE, name: "officials", members: [ADMIN], botIsMember: false, isPrivate: true });
  fake.addChannel({ id: LOBBY, name: "lobby", members: [USER], botIsMember: false });
  return fake;
}

async function api(
  fake: FakeSlack,
  method: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: JsonObject }> {
  const res = await fetch(`${fake.slackApiUrl}${method}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body,
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as JsonObject };
}

const voteBlocks = [
  { type: "section", text: { type: "mrkdwn", text: "*Clean the park* on Saturday?" } },
  {
    type: "actions",
    block_id: "vote",
    elements: [
      { type: "button", text: { type: "plain_text", text: "Join" }, action_id: "join", value: "task-1" },
      { type: "button", text: { type: "plain_text", text: "Leave" }, action_id: "leave", value: "task-1" },
    ],
  },
];

describe("Web API over raw HTTP", () => {
  test("auth.test, tokens, scopes header, unknown method", async () => {
    const fake = await startFake({ scopes: ["chat:write", "users:read"] });
    try {
      const ok = await api(fake, "auth.test", "", { authorization: `Bearer ${fake.botToken}` });
      assert.equal(ok.status, 200);
      assert.equal(ok.json.ok, true);
      assert.equal(ok.json.user_id, fake.botUserId);
      assert.equal(ok.json.bot_id, fake.botId);
      assert.equal(ok.json.team_id, fake.teamId);
      assert.equal(ok.json.is_enterprise_install, false);
      assert.equal(ok.headers.get("x-oauth-scopes"), "chat:write,users:read");

      const viaBody = await api(fake, "auth.test", `token=${fake.botToken}`);
      assert.equal(viaBody.json.ok, true);

      assert.deepEqual((await api(fake, "auth.test", "")).json, { ok: false, error: "not_authed" });
      assert.deepEqual((await api(fake, "auth.test", "token=xoxb-nope")).json, { ok: false, error: "invalid_auth" });
      assert.deepEqual((await api(fake, "chat.nope", `token=${fake.botToken}`)).json, {
        ok: false,
        error: "unknown_method",
      });

      // A JSON body cannot carry the token; the header must.
      const jsonBodyToken = await fetch(`${fake.slackApiUrl}auth.test`, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify({ token: fake.botToken }),
      });
      assert.deepEqual(await jsonBodyToken.json(), { ok: false, error: "not_authed" });

      const conn = await api(fake, "apps.connections.open", "", { authorization: `Bearer ${fake.botToken}` });
      assert.deepEqual(conn.json, { ok: false, error: "not_allowed_token_type" });
      const connOk = await api(fake, "apps.connections.open", "", { authorization: `Bearer ${fake.appToken}` });
      assert.match(String(connOk.json.url), /^ws:\/\/127\.0\.0\.1:\d+\/socket\?ticket=/);
      assert.equal(fake.callsOf("auth.test").length, 5);
    } finally {
      await fake.stop();
    }
  });

  test("JSON bodies work and chat.postMessage checks channel access", async () => {
    const fake = await startFake();
    try {
      const res = await fetch(`${fake.slackApiUrl}chat.postMessage`, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8", authorization: `Bearer ${fake.botToken}` },
        body: JSON.stringify({ channel: GENERAL, text: "hello", blocks: voteBlocks }),
      });
      const json = (await res.json()) as JsonObject;
      assert.equal(json.ok, true);
      assert.match(String(json.ts), /^\d{10}\.\d{6}$/);
      const stored = fake.messagesIn(GENERAL);
      assert.equal(stored.length, 1);
      assert.equal(stored[0]?.bot_id, fake.botId);
      // Slack fills in missing block_ids and marks plain_text emoji.
      assert.equal(typeof stored[0]?.blocks?.[0]?.block_id, "string");

      const post = (channel: string, text = "x"): Promise<JsonObject> =>
        api(fake, "chat.postMessage", new URLSearchParams({ token: fake.botToken, channel, text }).toString()).then(
          (r) => r.json,
        );
      assert.equal((await post(LOBBY)).error, "not_in_channel");
      assert.equal((await post(PRIVATE)).error, "channel_not_found");
      assert.equal((await post("C0MISSING")).error, "channel_not_found");
      assert.equal((await post(GENERAL, "")).error, "no_text");
      assert.equal((await post(GENERAL, "a".repeat(40_001))).error, "msg_too_long");
      // By name and by user id (the bot's DM with them) work too.
      assert.equal((await post("#general")).channel, GENERAL);
      const dm = await post(USER);
      assert.equal(dm.ok, true);
      assert.equal(fake.dmWith(USER)?.id, dm.channel);

      // Two ts in a row are unique and increasing.
      const a = String((await post(GENERAL, "one")).ts);
      const b = String((await post(GENERAL, "two")).ts);
      assert.ok(Number(b) > Number(a));
    } finally {
      await fake.stop();
    }
  });
});

describe("Web API through Bolt's WebClient", () => {
  test("invalid blocks are rejected with invalid_blocks and Slack's pointers", async () => {
    const fake = await startFake();
    const client = botClient(fake);
    try {
      const cases: { blocks: JsonObject[]; pointer: string }[] = [
        {
          blocks: [{ type: "section", text: { type: "mrkdwn", text: "x".repeat(3001) } }],
          pointer: "must be less than 3001 characters [json-pointer:/blocks/0/text/text]",
        },
        {
          blocks: Array.from({ length: 51 }, () => ({ type: "divider" })),
          pointer: "no more than 50 items allowed [json-pointer:/blocks]",
        },
        {
          blocks: [
            {
              type: "actions",
              elements: [
                { type: "button", text: { type: "plain_text", text: "A" }, action_id: "same" },
                { type: "button", text: { type: "plain_text", text: "B" }, action_id: "same" },
              ],
            },
          ],
          pointer: '`action_id` "same" already exists [json-pointer:/blocks/0/elements/1/action_id]',
        },
        {
          blocks: [
            {
              type: "actions",
              elements: [{ type: "button", text: { type: "plain_text", text: "b".repeat(76) }, action_id: "a" }],
            },
          ],
          pointer: "must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]",
        },
        {
          blocks: [{ type: "header", text: { type: "mrkdwn", text: "*hi*" } }],
          pointer: "must be a valid enum value [json-pointer:/blocks/0/text/type]",
        },
        {
          blocks: [
            { type: "divider", block_id: "dup" },
            { type: "divider", block_id: "dup" },
          ],
          pointer: '`block_id` "dup" already exists [json-pointer:/blocks/1/block_id]',
        },
        {
          blocks: [
            { type: "context", elements: Array.from({ length: 11 }, () => ({ type: "plain_text", text: "c" })) },
          ],
          pointer: "no more than 10 items allowed [json-pointer:/blocks/0/elements]",
        },
        {
          blocks: [
            {
              type: "actions",
              elements: Array.from({ length: 26 }, (_, i) => ({
                type: "button",
                text: { type: "plain_text", text: `b${i}` },
                action_id: `a${i}`,
              })),
            },
          ],
          pointer: "no more than 25 items allowed [json-pointer:/blocks/0/elements]",
        },
      ];
      for (const c of cases) {
        await assert.rejects(
          client.chat.postMessage({ channel: GENERAL, text: "fallback", blocks: c.blocks as never }),
          (err: unknown) => {
            assert.ok(err instanceof Error && "data" in err);
            const data = err.data as { error: string; errors: string[] };
            assert.equal(data.error, "invalid_blocks");
            assert.ok(data.errors.includes(c.pointer), `${JSON.stringify(data.errors)} lacks ${c.pointer}`);
            return true;
          },
        );
      }
      assert.equal(fake.messagesIn(GENERAL).length, 0);
    } finally {
      await fake.stop();
    }
  });

  test("a token without chat:write gets missing_scope with needed and provided", async () => {
    const fake = await startFake({ scopes: ["commands", "users:read"] });
    const client = botClient(fake);
    try {
      await assert.rejects(client.chat.postMessage({ channel: GENERAL, text: "hi" }), (err: unknown) => {
        assert.ok(err instanceof Error && "data" in err);
        const data = err.data as { error: string; needed: string; provided: string; response_metadata: JsonObject };
        assert.equal(data.error, "missing_scope");
        assert.equal(data.needed, "chat:write");
        assert.equal(data.provided, "commands,users:read");
        // web-api turns x-oauth-scopes into response_metadata.scopes.
        assert.deepEqual(data.response_metadata.scopes, ["commands", "users:read"]);
        return true;
      });
      const info = await client.users.info({ user: USER, include_locale: true });
      assert.equal(info.user?.real_name, "Aino Virtanen");
      assert.equal(info.user?.locale, "fi-FI");
      assert.equal(info.user?.tz, "Europe/Helsinki");
      assert.deepEqual(info.response_metadata?.scopes, ["commands", "users:read"]);
    } finally {
      await fake.stop();
    }
  });

  test("429, ratelimited and 5xx injection reach the WebClient", async () => {
    const fake = await startFake();
    const client = impatientClient(fake);
    try {
      fake.fail("chat.postMessage", { kind: "429", retryAfter: 7 });
      await assert.rejects(client.chat.postMessage({ channel: GENERAL, text: "hi" }), (err: unknown) => {
        assert.ok(err instanceof Error && "code" in err && "retryAfter" in err);
        assert.equal(err.code, webApi.ErrorCode.RateLimitedError);
        assert.equal(err.retryAfter, 7);
        return true;
      });
      const [limited] = fake.callsOf("chat.postMessage");
      assert.equal(limited?.status, 429);
      assert.deepEqual(limited?.response, { ok: false, error: "ratelimited" });

      // times = 1: the next call goes through.
      const ok = await client.chat.postMessage({ channel: GENERAL, text: "hi" });
      assert.equal(ok.ok, true);

      fake.fail("chat.update", { kind: "5xx", status: 503 }, 2);
      for (let i = 0; i < 2; i++) {
        await assert.rejects(client.chat.update({ channel: GENERAL, ts: String(ok.ts), text: "x" }), (err: unknown) => {
          assert.ok(err instanceof Error && "code" in err && "statusCode" in err);
          assert.equal(err.code, webApi.ErrorCode.HTTPError);
          assert.equal(err.statusCode, 503);
          return true;
        });
      }
      fake.fail("chat.update", { kind: "ratelimited" });
      await assert.rejects(client.chat.update({ channel: GENERAL, ts: String(ok.ts), text: "x" }), /ratelimited/);
      fake.fail("users.info", { kind: "error", error: "fatal_error" });
      await assert.rejects(client.users.info({ user: USER }), /fatal_error/);
      assert.equal((await client.chat.update({ channel: GENERAL, ts: String(ok.ts), text: "x" })).ok, true);
    } finally {
      await fake.stop();
    }
  });

  test("enforceRateLimits: a channel's posts over Slack's pace are answered 429 with Retry-After", async () => {
    const fake = await startFake();
    const client = impatientClient(fake);
    try {
      // Off by default: a test's setup may post as fast as it likes.
      for (let i = 0; i < 4; i++)
        assert.equal((await client.chat.postMessage({ channel: GENERAL, text: "x" })).ok, true);
      // The pace's own clock: the test, not the machine's speed, says how much time passes.
      let now = 1_000_000;
      fake.enforceRateLimits(true, () => now);
      for (let i = 0; i < 3; i++)
        assert.equal((await client.chat.postMessage({ channel: GENERAL, text: `${i}` })).ok, true);
      await assert.rejects(client.chat.postMessage({ channel: GENERAL, text: "fourth" }), (err: unknown) => {
        assert.ok(err instanceof Error && "code" in err && "retryAfter" in err);
        assert.equal(err.code, webApi.ErrorCode.RateLimitedError);
        assert.equal(err.retryAfter, 1);
        return true;
      });
      const limited = fake.callsOf("chat.postMessage").at(-1);
      assert.equal(limited?.status, 429);
      assert.deepEqual(limited?.response, { ok: false, error: "ratelimited" });
      assert.equal(fake.messagesIn(GENERAL).length, 7, "the refused post is not in the channel");
      // Ephemeral messages are not counted.
      assert.equal((await client.chat.postEphemeral({ channel: GENERAL, user: USER, text: "only you" })).ok, true);
      // A second later the channel has room for one more.
      now += 1_000;
      assert.equal((await client.chat.postMessage({ channel: GENERAL, text: "next" })).ok, true);
      await assert.rejects(
        client.chat.postMessage({ channel: GENERAL, text: "too soon" }),
        /rate-limit has been reached/,
      );
    } finally {
      await fake.stop();
    }
  });

  test("ephemeral, DM and conversation methods answer as Slack does", async () => {
    const fake = await startFake();
    const client = botClient(fake);
    try {
      const eph = await client.chat.postEphemeral({ channel: GENERAL, user: USER, text: "only you" });
      assert.match(String(eph.message_ts), /^\d+\.\d{6}$/);
      assert.equal(fake.ephemeralsFor(GENERAL, USER)[0]?.text, "only you");
      await assert.rejects(
        client.chat.postEphemeral({ channel: GENERAL, user: OUTSIDER, text: "x" }),
        /user_not_in_channel/,
      );

      const first = await client.conversations.open({ users: USER });
      assert.match(String(first.channel?.id), /^D/);
      assert.equal(first.already_open, undefined);
      const again = await client.conversations.open({ users: USER });
      assert.equal(again.channel?.id, first.channel?.id);
      assert.equal(again.already_open, true);
      await assert.rejects(client.conversations.open({ users: "U0NOBODY" }), /user_not_found/);
      await client.chat.postMessage({ channel: String(first.channel?.id), text: "dm" });
      assert.equal(fake.messagesIn(String(first.channel?.id))[0]?.text, "dm");

      const info = await client.conversations.info({ channel: GENERAL, include_num_members: true });
      assert.equal(info.channel?.name, "general");
      assert.equal(info.channel?.is_member, true);
      await assert.rejects(client.conversations.info({ channel: PRIVATE }), /channel_not_found/);
      await assert.rejects(client.users.info({ user: "U0NOBODY" }), /user_not_found/);

      const posted = await client.chat.postMessage({ channel: GENERAL, text: "to delete" });
      await client.chat.delete({ channel: GENERAL, ts: String(posted.ts) });
      assert.equal(fake.message(GENERAL, String(posted.ts)), undefined);
      await assert.rejects(
        client.chat.update({ channel: GENERAL, ts: String(posted.ts), text: "x" }),
        /message_not_found/,
      );

      const human = fake.postAsUser(GENERAL, USER, "mine");
      await assert.rejects(client.chat.update({ channel: GENERAL, ts: human.ts, text: "x" }), /cant_update_message/);
    } finally {
      await fake.stop();
    }
  });

  test("files.uploadV2 round trip records the bytes and the channel", async () => {
    const fake = await startFake();
    const client = botClient(fake);
    try {
      const bytes = Buffer.from("name,hours\naino,3\n", "utf8");
      const res = await client.filesUploadV2({
        channel_id: GENERAL,
        file: bytes,
        filename: "hours.csv",
        title: "Volunteer hours",
        initial_comment: "This month's hours",
      });
      assert.equal(res.ok, true);
      const [file] = fake.files;
      assert.ok(file);
      assert.deepEqual(file.bytes, bytes);
      assert.equal(file.filename, "hours.csv");
      assert.equal(file.title, "Volunteer hours");
      assert.deepEqual(file.channels, [GENERAL]);
      assert.equal(file.completed, true);
      const shared = fake.messagesIn(GENERAL).at(-1);
      assert.equal(shared?.text, "This month's hours");
      assert.equal(shared?.files?.[0]?.id, file.id);
      assert.deepEqual(
        fake.calls.map((c) => c.method),
        ["files.getUploadURLExternal", "files.completeUploadExternal"],
      );
      assert.equal(fake.callsOf("files.getUploadURLExternal")[0]?.params.length, String(bytes.length));

      // Completing a file whose bytes never arrived fails as on Slack.
      const url = await client.files.getUploadURLExternal({ filename: "x.txt", length: 3 });
      await assert.rejects(
        client.files.completeUploadExternal({ files: [{ id: String(url.file_id) }], channel_id: GENERAL }),
        /file_not_found/,
      );
    } finally {
      await fake.stop();
    }
  });
});

describe("Socket Mode over a raw WebSocket", () => {
  test("hello, envelopes, acks, disconnect and single-use tickets", async () => {
    const fake = await startFake();
    const sockets: WebSocket[] = [];
    try {
      const open = await api(fake, "apps.connections.open", "", { authorization: `Bearer ${fake.appToken}` });
      const url = String(open.json.url);
      const ws = new WebSocket(url);
      sockets.push(ws);
      const inbox: JsonObject[] = [];
      ws.on("message", (data) => inbox.push(JSON.parse(data.toString()) as JsonObject));
      await fake.waitFor(() => inbox.length > 0);
      const [hello] = inbox;
      assert.equal(hello?.type, "hello");
      assert.equal(hello?.num_connections, 1);
      assert.deepEqual(hello?.connection_info, { app_id: fake.appId });
      assert.ok(hello);
      assert.equal(typeof (hello.debug_info as JsonObject).host, "string");

      const payload = fake.buildAppMention(GENERAL, USER, "hi");
      const id = await fake.sendEnvelope("events_api", payload);
      await fake.waitFor(() => inbox.length === 2);
      const env = inbox[1];
      assert.equal(env?.envelope_id, id);
      assert.equal(env?.type, "events_api");
      assert.equal(env?.accepts_response_payload, false);
      assert.equal(env?.retry_attempt, 0);
      assert.equal(env?.retry_reason, "");
      assert.deepEqual(env?.payload, payload);
      await assert.rejects(fake.waitForAck(id, 50), /no ack/);
      ws.send(JSON.stringify({ envelope_id: id, payload: {} }));
      const ack = await fake.waitForAck(id);
      assert.deepEqual(ack.payload, {});

      fake.disconnectSockets("warning", 200);
      await fake.waitFor(() => inbox.length === 3);
      assert.equal(inbox[2]?.type, "disconnect");
      assert.equal(inbox[2]?.reason, "warning");
      // The server closes a link the client left open.
      await new Promise<void>((resolve) => ws.once("close", () => resolve()));

      // A ticket works once.
      const reused = new WebSocket(url);
      reused.on("error", () => {});
      sockets.push(reused);
      const status = await new Promise<number | undefined>((resolve) => {
        reused.once("unexpected-response", (req, res) => {
          req.destroy();
          resolve(res.statusCode);
        });
        reused.once("open", () => resolve(101));
      });
      assert.equal(status, 401);
    } finally {
      for (const s of sockets) s.terminate();
      await fake.stop();
    }
  });
});

describe("Socket Mode with Bolt", () => {
  test("hello, a slash command envelope acked, say() lands in the channel", async () => {
    const fake = await startFake();
    const app = socketApp(fake);
    app.command("/talkoot", async ({ ack, say, command }) => {
      await ack({ text: `Working on "${command.text}"…` });
      await say(`Task created by <@${command.user_id}>`);
    });
    try {
      await app.start();
      assert.equal(fake.socketConnections, 1);
      assert.equal(fake.callsOf("apps.connections.open").length, 1);
      assert.equal(fake.callsOf("apps.connections.open")[0]?.token, fake.appToken);

      const d = await fake.slashCommand("socket", {
        command: "/talkoot",
        text: "task new Clean the park",
        userId: USER,
        channelId: GENERAL,
      });
      assert.ok(d.ack, "the envelope was acked within 3 s");
      assert.equal(d.ack.envelopeId, d.id);
      assert.equal(fake.socketAcks.length, 1);
      const msg = await fake.waitFor(() => fake.messagesIn(GENERAL).find((m) => m.text.startsWith("Task created")));
      assert.equal(msg.bot_id, fake.botId);
      assert.deepEqual(fake.pingsIn(msg).users, [USER]);
      assert.equal(fake.render(msg.text), "Task created by @aino");
      // The ack's text is shown to the user alone, as Slack does.
      assert.equal(fake.ephemeralsFor(GENERAL, USER)[0]?.text, 'Working on "task new Clean the park"…');
      assert.equal(fake.ephemeralsFor(GENERAL, USER)[0]?.source, "ack");
    } finally {
      await stopSocketApp(app);
      await fake.stop();
    }
  });

  test("block_actions round trip: button press, chat.update and respond()", async () => {
    const fake = await startFake();
    const app = socketApp(fake);
    const seen: BlockAction[] = [];
    app.action<BlockAction>("join", async ({ ack, body, client }) => {
      await ack();
      seen.push(body);
      await client.chat.update({
        channel: body.container.channel_id,
        ts: body.container.message_ts,
        text: "Aino joined",
        blocks: [{ type: "section", text: { type: "mrkdwn", text: `<@${body.user.id}> joined` } }],
      });
    });
    app.action<BlockAction>("leave", async ({ ack, respond }) => {
      await ack();
      await respond({ replace_original: true, text: "You left" });
    });
    try {
      await app.start();
      const posted = await app.client.chat.postMessage({
        channel: GENERAL,
        text: "Clean the park?",
        blocks: voteBlocks,
      });
      const ts = String(posted.ts);

      const d = await fake.pressButton("socket", GENERAL, ts, USER, "join");
      assert.ok(d.ack);
      const payload = d.payload;
      assert.equal(payload.type, "block_actions");
      assert.deepEqual(payload.container, {
        type: "message",
        message_ts: ts,
        channel_id: GENERAL,
        is_ephemeral: false,
      });
      assert.deepEqual(payload.user, { id: USER, username: "aino", name: "aino", team_id: fake.teamId });
      const [action] = payload.actions as JsonObject[];
      assert.equal(action?.action_id, "join");
      assert.equal(action?.block_id, "vote");
      assert.equal(action?.value, "task-1");

      const updated = await fake.waitFor(() => {
        const m = fake.message(GENERAL, ts);
        return m && m.edits.length === 1 ? m : undefined;
      });
      assert.equal(updated.text, "Aino joined");
      assert.equal(updated.edits[0]?.text, "Clean the park?");
      assert.equal(updated.edited?.user, fake.botUserId);
      assert.equal(seen[0]?.message?.ts, ts);

      // respond() posts to the response_url; replace_original replaces the message.
      await app.client.chat.update({ channel: GENERAL, ts, text: "again", blocks: voteBlocks });
      await fake.pressButton("socket", GENERAL, ts, USER, "leave");
      await fake.waitFor(() => fake.responses.length === 1);
      assert.equal(fake.responses[0]?.effect, "replaced");
      assert.equal(fake.message(GENERAL, ts)?.text, "You left");
      assert.equal(fake.message(GENERAL, ts)?.blocks, undefined);
    } finally {
      await stopSocketApp(app);
      await fake.stop();
    }
  });

  test("a redelivered event keeps its envelope_id and carries retry_attempt", async () => {
    const fake = await startFake();
    const app = socketApp(fake);
    const retries: (number | undefined)[] = [];
    app.event("app_mention", async ({ event, context }) => {
      retries.push(context.retryNum);
      assert.match(event.text, new RegExp(`^<@${fake.botUserId}> `));
    });
    try {
      await app.start();
      const first = await fake.mention("socket", GENERAL, USER, "what's on this week?");
      assert.ok(first.ack);
      const again = await fake.redeliver(first.id);
      assert.equal(again.id, first.id);
      assert.equal(again.attempt, 1);
      assert.ok(again.ack);
      await fake.waitFor(() => retries.length === 2);
      assert.deepEqual(retries, [0, 1]);
      // The person's message is in the channel too.
      assert.equal(fake.messagesIn(GENERAL)[0]?.user, USER);
    } finally {
      await stopSocketApp(app);
      await fake.stop();
    }
  });

  test("the bot removed, a channel archived, the bot invited back: Slack's events, and posting refused meanwhile", async () => {
    const fake = await startFake();
    const app = socketApp(fake);
    const seen: string[] = [];
    for (const type of ["channel_left", "group_left", "channel_archive", "member_joined_channel"] as const) {
      app.event(type, async ({ event }) => {
        seen.push(`${event.type} ${"user" in event ? event.user : ""}`.trim());
      });
    }
    const post = (channel: string) =>
      api(fake, "chat.postMessage", new URLSearchParams({ token: fake.botToken, channel, text: "hi" }).toString());
    try {
      await app.start();
      await fake.removeBot("socket", GENERAL, ADMIN);
      assert.equal((await post(GENERAL)).json.error, "not_in_channel");
      await fake.inviteBot("socket", GENERAL, ADMIN);
      assert.equal((await post(GENERAL)).json.ok, true);
      await fake.archiveChannel("socket", GENERAL, ADMIN);
      assert.equal((await post(GENERAL)).json.error, "is_archived");
      await fake.inviteBot("socket", PRIVATE, ADMIN);
      await fake.removeBot("socket", PRIVATE, ADMIN);
      assert.equal((await post(PRIVATE)).json.error, "channel_not_found");
      await fake.waitFor(() => seen.length === 5);
      assert.deepEqual(seen, [
        "channel_left",
        `member_joined_channel ${fake.botUserId}`,
        `channel_archive ${ADMIN}`,
        `member_joined_channel ${fake.botUserId}`,
        "group_left",
      ]);
    } finally {
      await stopSocketApp(app);
      await fake.stop();
    }
  });

  test("a disconnect envelope makes Bolt reconnect; the next command still arrives", async () => {
    const fake = await startFake();
    const app = socketApp(fake);
    let commands = 0;
    app.command("/talkoot", async ({ ack, say }) => {
      await ack();
      commands++;
      await say(`command ${commands}`);
    });
    try {
      await app.start();
      await fake.slashCommand("socket", { command: "/talkoot", text: "", userId: USER, channelId: GENERAL });
      fake.disconnectSockets("refresh_requested");
      // Bolt closes the link, waits (clientPingTimeout, 5 s by default) and asks for a new URL.
      const d = await fake.slashCommand("socket", { command: "/talkoot", text: "", userId: USER, channelId: GENERAL });
      assert.ok(d.ack);
      assert.equal(fake.callsOf("apps.connections.open").length, 2);
      assert.equal(fake.socketConnectionsOpened, 2);
      await fake.waitFor(() => fake.messagesIn(GENERAL).find((m) => m.text === "command 2"));
    } finally {
      await stopSocketApp(app);
      await fake.stop();
    }
  });
});

describe("HTTP delivery with the signer", () => {
  test("Bolt's HTTPReceiver accepts signed requests and refuses forged or stale ones", async () => {
    const fake = await startFake();
    const app = new App({
      token: fake.botToken,
      signingSecret: fake.signingSecret,
      clientOptions: { slackApiUrl: fake.slackApiUrl, retryConfig: { retries: 0 } },
      logLevel: LogLevel.ERROR,
    });
    const retryNums: (number | undefined)[] = [];
    app.command("/talkoot", async ({ ack, say }) => {
      await ack();
      await say("over http");
    });
    app.action<BlockAction>("join", async ({ ack, respond }) => {
      await ack();
      await respond({ text: "Joined, see you there" });
    });
    app.event("app_mention", async ({ context }) => {
      retryNums.push(context.retryNum);
    });
    const server = (await app.start(0)) as Server;
    try {
      fake.requestUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;

      const cmd = await fake.slashCommand("http", {
        command: "/talkoot",
        text: "hi",
        userId: USER,
        channelId: GENERAL,
      });
      assert.equal(cmd.status, 200);
      await fake.waitFor(() => fake.messagesIn(GENERAL).find((m) => m.text === "over http"));

      const body = new URLSearchParams(
        fake.buildSlashCommand({ command: "/talkoot", userId: USER, channelId: GENERAL }),
      );
      const forged = await fake.signedPost(fake.requestUrl, body.toString(), "application/x-www-form-urlencoded", {
        secret: "not-the-secret",
      });
      assert.equal(forged.status, 401);
      const stale = await fake.signedPost(fake.requestUrl, body.toString(), "application/x-www-form-urlencoded", {
        timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
      });
      assert.equal(stale.status, 401);

      const posted = await app.client.chat.postMessage({
        channel: GENERAL,
        text: "Clean the park?",
        blocks: voteBlocks,
      });
      const press = await fake.pressButton("http", GENERAL, String(posted.ts), USER, "join");
      assert.equal(press.status, 200);
      await fake.waitFor(() => fake.ephemeralsFor(GENERAL, USER).find((e) => e.text === "Joined, see you there"));

      const mention = await fake.mention("http", GENERAL, USER, "hello");
      assert.equal(mention.status, 200);
      assert.match(mention.id, /^Ev/);
      const retry = await fake.redeliver(mention.id, { reason: "http_timeout" });
      assert.equal(retry.status, 200);
      await fake.waitFor(() => retryNums.length === 2);
      assert.deepEqual(retryNums, [undefined, 1]);

      // The app is down: the delivery fails with status 0 (as a timeout does) and can be retried.
      const requestUrl = fake.requestUrl;
      fake.requestUrl = "http://127.0.0.1:1/slack/events";
      const refused = await fake.mention("http", GENERAL, USER, "hello again");
      assert.equal(refused.status, 0);
      fake.requestUrl = requestUrl;
      const back = await fake.redeliver(refused.id, { reason: "http_error" });
      assert.equal(back.status, 200);
      await fake.waitFor(() => retryNums.length === 3);
      assert.deepEqual(retryNums, [undefined, 1, 1]);
    } finally {
      await app.stop();
      await fake.stop();
    }
  });

  test("the signature is v0=HMAC-SHA256 over v0:timestamp:body", () => {
    // Slack's documented example request.
    const body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    assert.equal(
      computeSignature("8f742231b10e8888abcd99yyyzzz85a5", 1531420618, body),
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
    );
  });
});

afterAll(async () => {
  // Every fake and app was stopped: once pending closes finish, no server or
  // socket may keep the process alive.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const live = process.getActiveResourcesInfo();
  assert.ok(
    !live.includes("TCPServerWrap") && !live.includes("TCPSocketWrap"),
    `open network handles after the tests: ${live.join(", ")}`,
  );
});
