// /metrics must pass `promtool check metrics` (Prometheus' own linter), so a
// city's Prometheus and its alert rules read it as they are. The test runs
// promtool when it is installed, and always a strict reader of the text
// format written from the same rules (exposition-format.ts).
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { describe, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { Metrics } from "../../src/metrics/metrics.js";
import { MetricsRouterObserver } from "../../src/metrics/router-observer.js";
import { forEachDatabase } from "../support/databases.js";
import { MemoryAdapter } from "../support/memory-adapter.js";
import { startTestApp } from "../support/test-app.js";
import { parseExposition } from "./exposition-format.js";

function promtoolPath(): string | undefined {
  try {
    return execFileSync("which", ["promtool"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}
const promtool = promtoolPath();

/** A registry that has seen a little of everything, as after some traffic. */
async function busyMetrics(): Promise<string> {
  const metrics = new Metrics();
  metrics.startAtZero({ platforms: ["telegram", "slack"], jobKinds: ["task.remind"] });
  const observer = new MetricsRouterObserver(metrics);
  const event = {
    kind: "command" as const,
    platform: "telegram",
    eventId: "1",
    text: "/help",
    conversation: { platform: "telegram", chatId: "telegram:-1", isDirect: false },
    author: { id: "telegram:7", name: "Aino", isChatAdmin: false },
    receivedAt: new Date(),
  };
  observer.received(event);
  observer.handled(event, { status: "handled" }, 0.042);
  metrics.jobObserver().jobStarted?.("task.remind", 3);
  metrics.outboxObserver().delivered?.("slack");
  metrics.watchOutbox(async () => ({ depth: 4, oldestAgeSeconds: 12.5, dead: 2 }));
  return metrics.render();
}

describe("metrics exposition", () => {
  it("reads cleanly with a strict text-format parser", async () => {
    const text = await busyMetrics();
    const { families, problems } = parseExposition(text);
    assert.deepEqual(problems, []);
    // prom-client's default gauges named …_total are gone; the labelled ones stay.
    assert.equal(families.get("nodejs_active_handles_total"), undefined);
    assert.equal(families.get("nodejs_active_resources_total"), undefined);
    assert.equal(families.get("nodejs_active_requests_total"), undefined);
    assert.equal(families.get("nodejs_active_handles")?.type, "gauge");
    assert.equal(families.get("process_cpu_user_seconds_total")?.type, "counter");
  });

  it("starts labelled counters at zero for every known label value", async () => {
    const { families } = parseExposition(await busyMetrics());
    const value = (family: string, labels: Record<string, string>) =>
      families
        .get(family)
        ?.samples.find(
          (s) =>
            Object.entries(labels).every(([k, v]) => s.labels[k] === v) &&
            Object.keys(s.labels).length === Object.keys(labels).length,
        )?.value;
    assert.equal(value("talkoot_events_handled_total", { platform: "slack", kind: "action", outcome: "failed" }), 0);
    assert.equal(
      value("talkoot_events_handled_total", { platform: "telegram", kind: "command", outcome: "handled" }),
      1,
    );
    assert.equal(value("talkoot_events_received_total", { platform: "slack", kind: "pollVote" }), 0);
    assert.equal(value("talkoot_outbox_dead_lettered_total", { platform: "telegram" }), 0);
    assert.equal(value("talkoot_outbox_delivered_total", { platform: "slack" }), 1);
    assert.equal(value("talkoot_jobs_dead_total", { kind: "task.remind" }), 0);
    assert.equal(value("talkoot_jobs_dropped_total", { kind: "task.remind" }), 0);
    assert.equal(value("talkoot_database_errors_total", { source: "outbox.claim" }), 0);
  });

  it("rejects what promtool rejects", () => {
    const bad = [
      "# HELP a_total A gauge with a counter's name.",
      "# TYPE a_total gauge",
      "a_total 1",
      "# TYPE b counter",
      "b 1",
      'c{x="1} 2',
      "# HELP d_total D.",
      "# TYPE d_total counter",
      'd_total{x="1"} 1',
      'd_total{x="1"} 2',
    ].join("\n");
    const { problems } = parseExposition(bad);
    for (const expected of [
      /a_total: a gauge must not end in _total/,
      /b: no HELP text/,
      /b: counter names end in _total/,
      /unterminated label value/,
      /duplicate series/,
      /does not end with a newline/,
    ]) {
      assert.ok(
        problems.some((p) => expected.test(p)),
        `${expected} in ${problems.join("; ")}`,
      );
    }
  });

  it.skipIf(!promtool)("passes promtool check metrics", async () => {
    const result = spawnSync(promtool ?? "promtool", ["check", "metrics"], {
      input: await busyMetrics(),
      encoding: "utf8",
    });
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });
});

forEachDatabase("metrics of a wired bot", (getDatabase) => {
  it("start at zero for its platforms and job kinds, and read cleanly", async () => {
    const tg = new MemoryAdapter("tg");
    const test = await startTestApp(getDatabase().url, {
      clock: new ManualClock("2026-12-01T08:00:00Z"),
      adapters: [tg],
      console: false,
    });
    try {
      const text = await test.app.metrics.render();
      assert.deepEqual(parseExposition(text).problems, []);
      assert.match(text, /^talkoot_events_handled_total\{platform="tg",kind="command",outcome="failed"\} 0$/m);
      assert.match(text, /^talkoot_jobs_dead_total\{kind="task\.reminder"\} 0$/m);
    } finally {
      await test.close();
    }
  });
});
