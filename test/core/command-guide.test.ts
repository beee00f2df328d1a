// The router's guided-flow hook: before a command runs it asks the guide
// with the command's canonical words and what the line gave (bound without
// its minimum), and it hands the guide plain words, and words an adapter
// read as a command, before treating them as talk or a command.
import assert from "node:assert/strict";
import { beforeAll, beforeEach, it } from "vitest";
import type { CommandGuide } from "../../src/core/command-guide.js";
import type { CommandInput } from "../../src/core/commands.js";
import type { SharedPlace } from "../../src/core/events.js";
import { Store } from "../../src/storage/store.js";
import { forEachDatabase } from "../support/databases.js";
import { MemoryAdapter } from "../support/memory-adapter.js";
import { testRouter } from "../support/test-router.js";

class RecordingGuide implements CommandGuide {
  started: Array<{ path: readonly string[]; given: CommandInput }> = [];
  answers: string[] = [];
  guides = true;
  takes = true;

  async startIfIncomplete(_ctx: unknown, path: readonly string[], given: CommandInput): Promise<boolean> {
    this.started.push({ path, given });
    return this.guides;
  }

  async answer(_ctx: unknown, text: string): Promise<boolean> {
    this.answers.push(text);
    return this.takes;
  }

  async answerPlace(_ctx: unknown, place: SharedPlace): Promise<boolean> {
    this.answers.push(`${place.lat},${place.long}`);
    return this.takes;
  }
}

forEachDatabase("command guide hook", (getDatabase) => {
  let adapter: MemoryAdapter;
  const guide = new RecordingGuide();
  const ran: string[][] = [];

  beforeAll(async () => {
    adapter = new MemoryAdapter();
    const router = testRouter(new Store(getDatabase()), [adapter]);
    router.use({
      name: "thing",
      translations: { namespace: "thing", en: { usage: "/thing add <name> [--when <t>]" }, fi: {}, sv: {} },
      commands: [
        {
          name: "thing",
          aliases: ["th"],
          summary: "thing:usage",
          subcommands: {
            add: {
              usage: "thing:usage",
              min: 1,
              max: 1,
              flags: { when: "string" },
              async run(_ctx, input) {
                ran.push(input.args);
              },
            },
          },
        },
      ],
    });
    router.guideWith(guide);
    await adapter.start(router);
  });

  beforeEach(() => {
    guide.started = [];
    guide.answers = [];
    guide.guides = true;
    guide.takes = true;
    ran.length = 0;
  });

  it("asks the guide before a command runs, with its canonical words and what the line gave", async () => {
    assert.equal((await adapter.command("home", "alice", "/th ADD --when sat")).status, "handled");
    assert.deepEqual(guide.started, [{ path: ["thing", "add"], given: { args: [], flags: { when: "sat" } } }]);
    assert.deepEqual(ran, [], "a guided command does not run");
  });

  it("runs the command, or gives its usage, when the guide does not take it", async () => {
    guide.guides = false;
    await adapter.command("home", "alice", "/thing add Box");
    assert.deepEqual(ran, [["Box"]]);
    await adapter.command("home", "alice", "/thing add");
    assert.match(adapter.lastText("home"), /Something is missing/);
  });

  it("hands plain words to the guide, and leaves them as talk when it has no flow", async () => {
    assert.equal((await adapter.message("home", "alice", "Park clean-up")).status, "handled");
    guide.takes = false;
    assert.equal((await adapter.message("home", "alice", "nice weather")).status, "ignored");
    assert.deepEqual(guide.answers, ["Park clean-up", "nice weather"]);
  });

  it("offers words read as a command to the guide first", async () => {
    await adapter.command("home", "alice", "/thing add force", { spokenText: "thing add force" });
    assert.deepEqual(guide.answers, ["thing add force"]);
    assert.deepEqual(guide.started, [], "taken as an answer, it is no command");
    guide.takes = false;
    guide.guides = false;
    await adapter.command("home", "alice", "/thing add force", { spokenText: "thing add force" });
    assert.deepEqual(ran, [["force"]]);
  });

  it("offers a shared place to the guide first, and leaves it as a place when it has no flow", async () => {
    assert.equal((await adapter.shareLocation("home", "alice", { lat: 60.1, long: 24.9 })).status, "handled");
    guide.takes = false;
    // No location handler here: a place that answers nothing is ignored.
    assert.equal((await adapter.shareLocation("home", "alice", { lat: 60.2, long: 24.8 })).status, "ignored");
    assert.deepEqual(guide.answers, ["60.1,24.9", "60.2,24.8"]);
  });
});
