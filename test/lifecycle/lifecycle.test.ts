import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, it } from "vitest";
import { installLifecycle, type ShutdownParts } from "../../src/lifecycle.js";
import { capturingLogger } from "../scheduler/database-pair.js";

const FIXTURE = fileURLToPath(new URL("../fixtures/backbone-sigterm.ts", import.meta.url));

function recordingParts(calls: string[], options: { failAdapter?: boolean } = {}): ShutdownParts {
  const step =
    (name: string, ms = 5) =>
    async () => {
      calls.push(`${name}:start`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      calls.push(`${name}:end`);
    };
  return {
    router: {
      stopAccepting: () => void calls.push("router.stopAccepting"),
      drain: async (timeoutMs) => {
        calls.push(`router.drain(${timeoutMs})`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        return true;
      },
    },
    tickers: [{ stop: step("ticker") }],
    outbox: {
      flush: async (timeoutMs) => {
        calls.push(`outbox.flush(${timeoutMs})`);
        return true;
      },
      stop: step("outbox.stop"),
    },
    adapters: [
      {
        platform: "telegram",
        stop: async () => {
          calls.push("adapter.stop");
          if (options.failAdapter) throw new Error("already disconnected");
        },
      },
    ],
    http: { close: step("http.close") },
    database: { close: step("database.close") },
  };
}

describe("installLifecycle", () => {
  it("stops everything in order on SIGTERM, then exits 0", async () => {
    const calls: string[] = [];
    const proc = new EventEmitter();
    const exits: number[] = [];
    const { logger } = capturingLogger();
    const lifecycle = installLifecycle(recordingParts(calls), {
      logger,
      process: proc,
      exit: (code) => void exits.push(code),
      flushMs: 1_234,
    });
    proc.emit("SIGTERM", "SIGTERM");
    proc.emit("SIGINT", "SIGINT"); // a second signal joins the stop in progress
    await lifecycle.shutdown("test");
    lifecycle.uninstall();

    assert.deepEqual(calls, [
      "router.stopAccepting",
      "router.drain(10000)",
      "ticker:start",
      "ticker:end",
      "outbox.flush(1234)",
      "outbox.stop:start",
      "outbox.stop:end",
      "adapter.stop",
      "http.close:start",
      "http.close:end",
      "database.close:start",
      "database.close:end",
    ]);
    assert.deepEqual(exits, [0]);
    assert.equal(proc.listenerCount("SIGTERM"), 0);
  });

  it("goes on past a failing step and still exits 0", async () => {
    const calls: string[] = [];
    const proc = new EventEmitter();
    const exits: number[] = [];
    const { logger, lines } = capturingLogger();
    const lifecycle = installLifecycle(recordingParts(calls, { failAdapter: true }), {
      logger,
      process: proc,
      exit: (code) => void exits.push(code),
    });
    await lifecycle.shutdown("SIGINT");
    lifecycle.uninstall();
    assert.ok(calls.includes("database.close:end"));
    assert.deepEqual(exits, [0]);
    assert.ok(lines().some((l) => l.msg === "shutdown step failed" && l.step === "adapter telegram"));
  });

  it("exits 1 when stopping hangs past the hard deadline", async () => {
    const proc = new EventEmitter();
    const exits: number[] = [];
    const { logger } = capturingLogger();
    const lifecycle = installLifecycle(
      { http: { close: () => new Promise<void>(() => {}) } },
      { logger, process: proc, exit: (code) => void exits.push(code), hardDeadlineMs: 50 },
    );
    void lifecycle.shutdown("SIGTERM");
    for (let waited = 0; exits.length === 0 && waited < 1_000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    lifecycle.uninstall();
    assert.deepEqual(exits, [1]);
  });

  it("logs and counts unhandled rejections and never exits for them", async () => {
    const proc = new EventEmitter();
    const exits: number[] = [];
    const counted: unknown[] = [];
    const { logger, lines } = capturingLogger();
    const lifecycle = installLifecycle(
      {},
      { logger, process: proc, exit: (code) => void exits.push(code), onUnhandledRejection: (r) => counted.push(r) },
    );
    const reason = new Error("nobody awaited me");
    proc.emit("unhandledRejection", reason, Promise.resolve());
    proc.emit("unhandledRejection", "a string reason", Promise.resolve());
    lifecycle.uninstall();
    assert.deepEqual(counted, [reason, "a string reason"]);
    assert.deepEqual(exits, []);
    const logged = lines().filter((l) => l.msg === "unhandled promise rejection");
    assert.equal(logged.length, 2);
    assert.equal((logged[0]!.err as { message: string }).message, "nobody awaited me");
  });
});

describe("SIGTERM during a burst (child process)", () => {
  it("lets every started handler finish and exits 0", { timeout: 30_000 }, async () => {
    const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, HANDLER_MS: "400" },
    });
    const lines: string[] = [];
    let stderr = "";
    let buffered = "";
    let signalled = false;
    child.stderr.on("data", (chunk) => {
      stderr += String(chunk);
    });
    child.stdout.on("data", (chunk) => {
      buffered += String(chunk);
      const parts = buffered.split("\n");
      buffered = parts.pop() ?? "";
      lines.push(...parts);
      // Signal in the middle of the burst: some handlers running, more events to come.
      if (!signalled && lines.filter((l) => l.startsWith("started ")).length >= 3) {
        signalled = true;
        child.kill("SIGTERM");
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", (exitCode) => resolve(exitCode)));

    assert.equal(signalled, true, `the burst started; stderr: ${stderr}`);
    assert.equal(code, 0, `exit code; stderr: ${stderr}`);
    const numbers = (prefix: string) =>
      lines
        .filter((l) => l.startsWith(prefix))
        .map((l) => Number(l.slice(prefix.length)))
        .sort((a, b) => a - b);
    const started = numbers("started ");
    const finished = numbers("finished ");
    const ignored = numbers("ignored ");
    assert.ok(started.length >= 3);
    assert.deepEqual(finished, started, "every handler that started finished");
    assert.ok(ignored.length > 0, "events after the signal were refused");
    assert.equal(started.length + ignored.length, new Set([...started, ...ignored]).size);
    assert.ok(
      lines.indexOf("adapter stopped") > lines.lastIndexOf(`finished ${finished.at(-1)}`),
      "adapters stop after the drain",
    );
  });
});
