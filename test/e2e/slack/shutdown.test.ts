// Shutdown leaves no lingering socket: a child process that started the
// adapter in Socket Mode exits on its own within 2 s of being told to stop
// (without the disconnect before app.stop(), Bolt's socket keeps it ~30 s).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, it } from "vitest";
import { FakeSlack } from "../../fakes/slack/fake-slack.js";

const root = new URL("../../..", import.meta.url).pathname;
const fixture = new URL("./fixtures/start-stop.ts", import.meta.url).pathname;

describe("Slack adapter shutdown", () => {
  it("ends the process soon after stop(), with the socket closed", async () => {
    const fake = await FakeSlack.start();
    try {
      const child = spawn(process.execPath, ["--import", "tsx", fixture], {
        cwd: root,
        env: {
          ...process.env,
          SLACK_BOT_TOKEN: fake.botToken,
          SLACK_APP_TOKEN: fake.appToken,
          SLACK_API_URL: fake.slackApiUrl,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;

      await fake.waitFor(() => stdout.includes("ready\n") || child.exitCode !== null, 20_000, "the child to start");
      assert.equal(stdout, "ready\n", stderr);
      assert.equal(fake.socketConnections, 1);

      child.kill("SIGTERM");
      // A lingering Socket Mode client keeps the process up for ~30 s; well before that, it must be gone.
      const lingering = new Promise<"lingering">((resolve) => setTimeout(() => resolve("lingering"), 15_000).unref());
      const ended = await Promise.race([exited, lingering]);
      if (ended === "lingering") child.kill("SIGKILL");
      assert.notEqual(ended, "lingering", "the process ended by itself after SIGTERM");
      const [code, signal] = ended as [number | null, NodeJS.Signals | null];
      assert.equal(signal, null, "it ended by itself, not by the signal");
      assert.equal(code, 0, stderr);
      assert.equal(stdout, "ready\nstopped\n");
      await fake.waitFor(() => fake.socketConnections === 0, 1000, "the socket to close");
    } finally {
      await fake.stop();
    }
  });
});
