// Every HTTP route has a body limit (webhooks 1 MB, Open311 100 kB), and a
// body over it gets 413 without being read to the end and without its
// handler running: declared with Content-Length, or chunked with no length.
// What the client still sends after its 413 is dropped, within a bound, so
// the client can read the answer; past the bound the connection is cut.
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { Bot } from "grammy";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhookHandler } from "../../adapters/telegram/webhook.js";
import { ManualClock } from "../../src/core/clock.js";
import { HttpServer } from "../../src/http/http-server.js";
import { Readiness } from "../../src/http/readiness.js";
import { Metrics } from "../../src/metrics/metrics.js";
import { type RequestsTestApp, seedCity, startRequestsApp } from "../domain/requests/harness.js";
import { FakeTelegram } from "../fakes/telegram/fake-bot-api.js";
import { quietLogger } from "../scheduler/database-pair.js";
import { forEachDatabase } from "../support/databases.js";
import { rawPost } from "./raw-post.js";

const MB = 1024 * 1024;
const SECRET = "s3cret_Webhook-token";
/** 64 kB of a body with its length declared. */
const BLOCK = "a".repeat(64 * 1024);
/** A 64 kB chunk of a chunked body. */
const CHUNK = `${(64 * 1024).toString(16)}\r\n${"a".repeat(64 * 1024)}\r\n`;

describe("body limits on the HTTP server", () => {
  const updates: Update[] = [];
  let fake: FakeTelegram;
  let slackCalls = 0;
  const server = new HttpServer({
    port: 0,
    host: "127.0.0.1",
    logger: quietLogger,
    readiness: new Readiness(),
    metrics: new Metrics(),
    // The default bytes; time enough that only the bytes cut here, however slow the machine.
    refusedBodyDrop: { maxBytes: 8 * MB, maxMs: 120_000 },
  });
  let base = "";

  beforeAll(async () => {
    // grammY's own webhook handler, with the secret: what production mounts.
    fake = await FakeTelegram.start({ webhookRetryMs: null });
    const bot = new Bot(fake.token, { botInfo: fake.botUser, client: { apiRoot: fake.apiRoot } });
    bot.use((ctx) => {
      updates.push(ctx.update);
    });
    server.mount("/telegram", createWebhookHandler({ bot, secret: SECRET, logger: quietLogger, isOpen: () => true }));
    server.mount("/slack/events", (_req, res) => {
      slackCalls++;
      res.writeHead(200).end();
    });
    base = `http://127.0.0.1:${await server.listen()}`;
  });
  afterAll(async () => {
    await server.close();
    await fake.stop();
  });

  const telegramHeaders = { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET };

  it("refuses a webhook body over 1 MB declared by Content-Length, before reading it", async () => {
    const result = await rawPost(`${base}/telegram`, {
      headers: telegramHeaders,
      totalBytes: 30 * MB,
      contentLength: true,
      prefix: '{"update_id":1,"message":',
    });
    assert.equal(result.status, 413);
    assert.ok(result.sentBytes < 30 * MB, "answered before the body was sent");
    assert.equal(updates.length, 0);
  });

  it("refuses a chunked webhook body once it passes 1 MB, without waiting for the rest", async () => {
    const result = await rawPost(`${base}/telegram`, {
      headers: telegramHeaders,
      totalBytes: 30 * MB,
      prefix: '{"update_id":2,"message":',
    });
    assert.equal(result.status, 413);
    assert.ok(result.sentBytes < 30 * MB, "answered before the body was sent");
    assert.equal(updates.length, 0);
  });

  it("refuses a body just over the limit on any other route, and the handler never runs", async () => {
    for (const contentLength of [true, false]) {
      const result = await rawPost(`${base}/slack/events`, { totalBytes: MB + 1, contentLength });
      assert.equal(result.status, 413);
    }
    assert.equal(slackCalls, 0);
  });

  /** A POST by hand on a raw socket, 1.5 MB sent (over the limit) and its 413 read, not yet ended. */
  async function refusedMidBody(declared: "chunked" | "64 MB" = "chunked", to = base) {
    const socket = connect(Number(new URL(to).port), "127.0.0.1");
    const received: Buffer[] = [];
    const state: { failure?: Error; closed: boolean } = { closed: false };
    socket.on("data", (chunk: Buffer) => received.push(chunk));
    socket.on("error", (error) => (state.failure = error));
    socket.on("close", () => (state.closed = true));
    const text = () => Buffer.concat(received).toString("latin1");
    const length = declared === "chunked" ? "Transfer-Encoding: chunked" : `Content-Length: ${64 * MB}`;
    socket.write(`POST /slack/events HTTP/1.1\r\nHost: test\r\n${length}\r\n\r\n`);
    const block = declared === "chunked" ? CHUNK : BLOCK;
    for (let i = 0; i < 24; i++) await written(socket, block);
    await expect.poll(text).toMatch(/^HTTP\/1\.1 413 /);
    received.length = 0;
    return { socket, text, state, block };
  }

  it("reads the 413 and keeps its connection, though it went on sending after the answer", async () => {
    const { socket, text, state } = await refusedMidBody();
    // A client that has not read the answer yet goes on sending: nothing resets it meanwhile.
    for (let i = 0; i < 32; i++) await written(socket, CHUNK);
    await written(socket, "0\r\n\r\n");
    // The body ended within the bound: the connection takes the next request.
    await written(socket, "GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n");
    await expect.poll(text).toMatch(/^HTTP\/1\.1 200 [\s\S]*\r\nok\r\n/);
    assert.equal(state.failure, undefined);
    assert.equal(slackCalls, 0);
    socket.destroy();
  });

  it("cuts a refused body's connection once it has sent 8 MB more, chunked or with its length declared", async () => {
    for (const declared of ["chunked", "64 MB"] as const) {
      const { socket, state, block } = await refusedMidBody(declared);
      let sent = 0;
      try {
        while (!state.closed && sent < 60 * MB) {
          await written(socket, block);
          sent += block.length;
        }
      } catch {
        // Writing on the cut connection fails: that is the point.
      }
      await expect.poll(() => state.closed).toBe(true);
      // Cut once more than 8 MB was dropped: the 1.5 MB sent before the answer and what came after it.
      assert.ok(1.5 * MB + sent > 8 * MB, `${declared}: cut after ${sent} bytes more, not before the bound`);
      assert.ok(sent < 60 * MB, `${declared}: cut, not read to the end`);
    }
    assert.equal(slackCalls, 0);
  });

  it("cuts a refused body's connection after its time, though it sent little more", async () => {
    const quick = new HttpServer({
      port: 0,
      host: "127.0.0.1",
      logger: quietLogger,
      readiness: new Readiness(),
      metrics: new Metrics(),
      refusedBodyDrop: { maxBytes: 8 * MB, maxMs: 200 },
    });
    quick.mount("/slack/events", (_req, res) => {
      slackCalls++;
      res.writeHead(200).end();
    });
    try {
      const { state } = await refusedMidBody("chunked", `http://127.0.0.1:${await quick.listen()}`);
      // The client sends nothing more and never ends its body: the time bound cuts it.
      await expect.poll(() => state.closed, { timeout: 10_000 }).toBe(true);
      assert.equal(slackCalls, 0);
    } finally {
      await quick.close();
    }
  });

  it("hands a body within the limit to the handler whole, chunked or not", async () => {
    const update = { update_id: 3, message: { message_id: 1, date: 1, chat: { id: 1, type: "private" }, text: "x" } };
    const body = JSON.stringify(update);
    for (const contentLength of [true, false]) {
      const headers: Record<string, string> = { ...telegramHeaders };
      if (contentLength) headers["content-length"] = String(Buffer.byteLength(body));
      const res = await fetch(`${base}/telegram`, { method: "POST", headers, body });
      assert.equal(res.status, 200);
    }
    assert.deepEqual(
      updates.map((u) => u.update_id),
      [3, 3],
    );
    const exactly = await rawPost(`${base}/slack/events`, { totalBytes: MB, contentLength: true });
    assert.equal(exactly.status, 200);
    assert.equal(slackCalls, 1);
  });
});

forEachDatabase("Open311 body limit", (getDatabase) => {
  let h: RequestsTestApp;
  let apiKey = "";

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock: new ManualClock("2026-12-01T08:00:00Z"), http: true });
    await seedCity(h);
    await h.say(h.sl, "city", "mia", "/setup apikey City CRM");
    apiKey = /(t311_[A-Za-z0-9_-]+)/.exec(h.sl.lastText("city"))![1]!;
  });
  afterAll(() => h.close());

  it("answers 413 to a POST over 100 kB, with or without Content-Length, and files nothing", async () => {
    const prefix = `api_key=${apiKey}&service_code=lighting&lat=60.17&long=24.94&description=`;
    for (const contentLength of [true, false]) {
      const result = await rawPost(`${h.baseUrl}/open311/v2/requests.json`, {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        totalBytes: 100 * 1024 + 1,
        contentLength,
        prefix,
      });
      assert.equal(result.status, 413);
    }
    assert.equal(await h.db.serviceRequest.count({ where: { source: "open311" } }), 0);
  });

  it("files a POST just within 100 kB", async () => {
    const fields = `api_key=${apiKey}&service_code=lighting&lat=60.17&long=24.94&description=Lamp+out&padding=`;
    const result = await rawPost(`${h.baseUrl}/open311/v2/requests.json`, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      totalBytes: 100 * 1024,
      contentLength: true,
      prefix: fields,
    });
    assert.equal(result.status, 200, result.body);
    assert.equal(await h.db.serviceRequest.count({ where: { source: "open311" } }), 1);
  });
});

/** Writes, and resolves once the socket has taken it (an error on the way rejects). */
function written(socket: Socket, data: string): Promise<void> {
  return new Promise((resolve, reject) => socket.write(data, (error) => (error ? reject(error) : resolve())));
}
