import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { InboundEvent } from "../../src/core/events.js";
import { HttpServer } from "../../src/http/http-server.js";
import { Readiness } from "../../src/http/readiness.js";
import { Metrics } from "../../src/metrics/metrics.js";
import { MetricsRouterObserver } from "../../src/metrics/router-observer.js";
import { quietLogger } from "../scheduler/database-pair.js";

const command: InboundEvent = {
  kind: "command",
  platform: "telegram",
  eventId: "1",
  text: "/help",
  conversation: { platform: "telegram", chatId: "telegram:-1", isDirect: false },
  author: { id: "telegram:7", name: "Aino", isChatAdmin: false },
  receivedAt: new Date(),
};

describe("HttpServer", () => {
  const metrics = new Metrics();
  let databaseUp = true;
  let telegramReady = true;
  const readiness = new Readiness(500)
    .addDatabase({ ping: async () => databaseUp }, () => metrics.databaseError("readyz"))
    .addAdapters({ all: () => [{ platform: "telegram", isReady: () => telegramReady }] });
  const server = new HttpServer({ port: 0, host: "127.0.0.1", logger: quietLogger, readiness, metrics });
  let base = "";

  beforeAll(async () => {
    server.mount("/telegram/webhook", (_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("telegram");
    });
    server.mount("/slack/", async (req, res) => {
      res.writeHead(200);
      res.end(`slack ${req.url}`);
    });
    server.mount("/broken", () => {
      throw new Error("bug");
    });
    base = `http://127.0.0.1:${await server.listen()}`;
  });
  afterAll(() => server.close());

  it("answers /healthz with ok", async () => {
    const res = await fetch(`${base}/healthz`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "ok");
  });

  it("is ready only when the database and every adapter are", async () => {
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), {
      status: "ready",
      down: [],
      checks: { database: "up", "adapter:telegram": "up" },
    });

    databaseUp = false;
    telegramReady = false;
    const down = await fetch(`${base}/readyz`);
    assert.equal(down.status, 503);
    assert.deepEqual(await down.json(), {
      status: "unavailable",
      down: ["database", "adapter:telegram"],
      checks: { database: "down", "adapter:telegram": "down" },
    });
    databaseUp = true;
    telegramReady = true;
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
  });

  it("counts a hung check as down instead of hanging the probe", async () => {
    const hung = new Readiness(50).add("database", () => new Promise<boolean>(() => {}));
    assert.deepEqual(await hung.evaluate(), { ready: false, checks: { database: "down" }, down: ["database"] });
  });

  it("serves every metric in Prometheus text", async () => {
    const observer = new MetricsRouterObserver(metrics);
    observer.received(command);
    observer.handled(command, { status: "handled" }, 0.042);
    const jobs = metrics.jobObserver();
    jobs.jobStarted?.("shift.remind", 3);
    jobs.jobDead?.("shift.remind");
    metrics.outboxObserver().deadLettered?.("slack");
    metrics.unhandledRejections.inc();
    metrics.watchOutbox(async () => ({ depth: 4, oldestAgeSeconds: 12.5, dead: 2 }));

    const res = await fetch(`${base}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const line of [
      'talkoot_events_received_total{platform="telegram",kind="command"} 1',
      'talkoot_events_handled_total{platform="telegram",kind="command",outcome="handled"} 1',
      'talkoot_handler_duration_seconds_bucket{le="0.05",platform="telegram",kind="command"} 1',
      "talkoot_outbox_depth 4",
      "talkoot_outbox_oldest_age_seconds 12.5",
      "talkoot_outbox_dead_letters 2",
      'talkoot_outbox_dead_lettered_total{platform="slack"} 1',
      'talkoot_job_lag_seconds_bucket{le="5",kind="shift.remind"} 1',
      'talkoot_jobs_dead_total{kind="shift.remind"} 1',
      "talkoot_unhandled_rejections_total 1",
    ]) {
      assert.ok(text.includes(line), `missing: ${line}`);
    }
    assert.match(text, /# TYPE talkoot_database_errors_total counter/);
    assert.match(text, /^process_cpu_user_seconds_total /m, "default process metrics");
    assert.match(text, /^nodejs_eventloop_lag_seconds /m);
  });

  it("keeps the last outbox values and counts a database error when stats fail at scrape", async () => {
    const own = new Metrics({ defaultMetrics: false, outboxStatsReuseMs: 0 });
    let fail = false;
    own.watchOutbox(async () => {
      if (fail) throw new Error("database away");
      return { depth: 1, oldestAgeSeconds: 1, dead: 0 };
    });
    assert.match(await own.render(), /^talkoot_outbox_depth 1$/m);
    fail = true;
    assert.match(await own.render(), /^talkoot_outbox_depth 1$/m);
    // Metrics are collected side by side, so the error shows from the next scrape on.
    assert.match(await own.render(), /^talkoot_database_errors_total\{source="metrics.outbox"\} [1-9]\d*$/m);
  });

  it("routes mounted prefixes by whole path segments", async () => {
    assert.equal(await (await fetch(`${base}/telegram/webhook`)).text(), "telegram");
    assert.equal(await (await fetch(`${base}/slack/events?x=1`)).text(), "slack /slack/events?x=1");
    assert.equal((await fetch(`${base}/telegram/webhooks`)).status, 404);
    assert.equal((await fetch(`${base}/nothing`)).status, 404);
    assert.throws(() => server.mount("/metrics/extra", () => {}), /overlaps/);
    assert.throws(() => server.mount("/", () => {}), /overlaps/);
    assert.throws(() => server.mount("/slack", () => {}), /twice/);
  });

  it("answers 500 when a mounted handler throws", async () => {
    const res = await fetch(`${base}/broken`);
    assert.equal(res.status, 500);
  });

  it("closes, letting a request in progress finish", async () => {
    const own = new HttpServer({ port: 0, host: "127.0.0.1", logger: quietLogger, readiness, metrics });
    own.mount("/slow", async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      res.end("done");
    });
    const url = `http://127.0.0.1:${await own.listen()}`;
    const slow = fetch(`${url}/slow`).then((r) => r.text());
    await new Promise((resolve) => setTimeout(resolve, 20));
    await own.close();
    assert.equal(await slow, "done");
    await assert.rejects(fetch(`${url}/healthz`));
  });
});
