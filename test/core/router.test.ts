// The router's promises: one effect per event, and bad input answered with one
// clear localised line, never a stack trace.
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { afterAll, beforeAll, it } from "vitest";
import { createLogger } from "../../src/core/logger.js";
import { communitiesModule } from "../../src/domain/communities/feature.js";
import { openDatabase } from "../../src/storage/database.js";
import { Store } from "../../src/storage/store.js";
import { forEachDatabase } from "../support/databases.js";
import { MemoryAdapter } from "../support/memory-adapter.js";
import { testRouter } from "../support/test-router.js";

forEachDatabase("router", (getDatabase) => {
  let adapter: MemoryAdapter;
  let logs: string;
  let store: Store;

  beforeAll(async () => {
    logs = "";
    const sink = new Writable({
      write(chunk, _enc, done) {
        logs += chunk.toString();
        done();
      },
    });
    store = new Store(getDatabase());
    adapter = new MemoryAdapter();
    const router = testRouter(store, [adapter], createLogger({ level: "error", destination: sink }));
    router.use(communitiesModule({ store, defaultTimezone: "Europe/Helsinki" }));
    router.use({
      name: "broken",
      translations: { namespace: "broken", en: {}, fi: {}, sv: {} },
      commands: [
        {
          name: "boom",
          summary: "broken:boom",
          fallback: {
            usage: "broken:boom",
            async run() {
              throw new TypeError("kaboom inside a handler");
            },
          },
        },
      ],
    });
    router.use({
      name: "after",
      translations: { namespace: "after", en: {}, fi: {}, sv: {} },
      commands: [],
      afterCommand: [
        async (ctx) =>
          ctx.event.kind === "command" && ctx.event.text.startsWith("/help") ? "a note for you" : undefined,
        async () => {
          throw new Error("a broken after-command hook");
        },
      ],
    });
    await adapter.start(router);
  });

  afterAll(() => adapter.stop());

  it("gives the same inbound event delivered twice one effect", async () => {
    await adapter.command("home", "alice", "/setup community Kallio", { admin: true });
    const first = adapter.messagesIn("home").length;
    const outcome = await adapter.redeliverLast();
    assert.equal(outcome.status, "duplicate");
    assert.equal(adapter.messagesIn("home").length, first);
    const communities = await getDatabase().db.community.count();
    assert.equal(communities, 1);
  });

  const badInputs: Array<[string, string, RegExp]> = [
    ["unknown command", "/frobnicate now", /I don't know \/frobnicate/],
    ["missing argument", "/setup community", /Something is missing\. Usage:\n\/setup community <name>/],
    ["unterminated quote", '/setup community "Kallio', /quote \(".*\) was opened but not closed/],
    ["10 kB argument", `/setup community ${"x".repeat(10_240)}`, /too long for one command: at most 8000/],
    ["control characters", "/setup community Kal\u0000lio", /invisible control characters/],
    ["unknown flag", "/lang fi --colour red", /no option --colour/],
  ];
  for (const [name, line, expected] of badInputs) {
    it(`answers bad input (${name}) with one clear line`, async () => {
      await adapter.command("elsewhere", "bob", line, { admin: true });
      const reply = adapter.lastText("elsewhere");
      assert.match(reply, expected);
      assert.doesNotMatch(reply, /\bat \S+ \(|Error:|stack/i);
    });
  }

  it("answers bad input in the chat's language", async () => {
    await adapter.command("suomi", "carl", "/lang fi", { admin: true });
    await adapter.command("suomi", "carl", '/setup community "Kallio');
    assert.match(adapter.lastText("suomi"), /Lainausmerkki \(".*\) jäi sulkematta/);
    await adapter.command("suomi", "carl", "/frobnicate");
    assert.match(adapter.lastText("suomi"), /En tunne komentoa \/frobnicate/);
  });

  it("turns a crashing handler into one line with an incident id, and logs the stack", async () => {
    await adapter.command("elsewhere", "bob", "/boom");
    const reply = adapter.lastText("elsewhere");
    const incident = /incident ([0-9a-f]{8})/.exec(reply)?.[1];
    assert.ok(incident, reply);
    assert.doesNotMatch(reply, /kaboom|TypeError|at /);
    assert.match(logs, new RegExp(`"incident":"${incident}"`));
    assert.match(logs, /kaboom inside a handler/);
    assert.match(logs, /"stack":/);
  });

  it("refuses a member who lacks the role, changing nothing", async () => {
    await adapter.command("home", "mallory", "/role alice member");
    assert.match(adapter.lastText("home"), /That needs the admin role here/);
    const role = await store.communities.members((await getDatabase().db.community.findFirstOrThrow()).id);
    assert.equal(role.find((m) => m.displayName === "alice")?.role, "admin");
  });

  it("adds a feature's after-command line to a command that succeeded; a failing hook costs only its line", async () => {
    await adapter.command("home", "alice", "/help");
    const texts = adapter.messagesIn("home").map((m) => m.message.text);
    assert.equal(texts.at(-1), "a note for you");
    assert.match(texts.at(-2) ?? "", /\/setup/);
    await adapter.command("home", "alice", "/boom");
    assert.notEqual(adapter.lastText("home"), "a note for you");
  });
});

forEachDatabase("router shutdown", (getDatabase) => {
  it("answers 'unavailable' once it stops accepting, so platforms redeliver", async () => {
    const store = new Store(getDatabase());
    const adapter = new MemoryAdapter();
    const router = testRouter(store, [adapter]);
    await adapter.start(router);
    assert.equal(router.isAccepting(), true);
    router.stopAccepting();
    assert.equal(router.isAccepting(), false);
    const outcome = await adapter.command("late", "zoe", "/help");
    assert.equal(outcome.status, "unavailable");
    assert.equal(adapter.messagesIn("late").length, 0);
    // Not recorded as handled: the redelivery after a restart will be.
    assert.equal(await getDatabase().db.processedEvent.count({ where: { id: { startsWith: "memory:" } } }), 0);
  });
});

forEachDatabase("router with its database down", (_getDatabase, provider) => {
  it("answers 'unavailable' and no error line when it cannot claim the event, so platforms redeliver", async () => {
    // A database that does not answer: a file in a folder that is not there, or a port nothing listens on.
    const unreachable = await openDatabase(
      provider === "sqlite" ? "file:/nonexistent-talkoot-dir/test.db" : "postgresql://127.0.0.1:1/test?schema=down",
    );
    try {
      const adapter = new MemoryAdapter();
      const router = testRouter(new Store(unreachable), [adapter]);
      await adapter.start(router);
      const outcome = await adapter.command("home", "zoe", "/help");
      assert.equal(outcome.status, "unavailable");
      assert.equal(adapter.messagesIn("home").length, 0);
    } finally {
      await unreachable.close().catch(() => undefined);
    }
  });
});
