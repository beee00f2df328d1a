// The database goes away after the router claimed an event, inside its
// handler: the event ends "unavailable" (not acknowledged, so it comes
// again), the person gets no "try again" line, the handler's transaction
// left nothing, and the redelivery once the database is back is handled
// exactly once, at once (the claim this live process took does not hold it up).
import assert from "node:assert/strict";
import { afterEach, beforeAll, it, vi } from "vitest";
import type { Feature } from "../../src/core/commands.js";
import { StorageUnavailable } from "../../src/core/storage-unavailable.js";
import { type Database, openDatabase } from "../../src/storage/database.js";
import { markEventDoneIn } from "../../src/storage/repositories/processed-events.js";
import { Store } from "../../src/storage/store.js";
import { forEachDatabase } from "../support/databases.js";
import { MemoryAdapter } from "../support/memory-adapter.js";
import { proxyInFrontOf } from "../support/tcp-proxy.js";
import { testRouter } from "../support/test-router.js";

/** The error Prisma gives for a PostgreSQL server nobody listens on (P1001), as the drivers make it. */
async function unreachableError(): Promise<unknown> {
  const down = await openDatabase("postgresql://postgres@127.0.0.1:1/test?schema=down");
  try {
    await down.db.processedEvent.count();
  } catch (error) {
    return error;
  } finally {
    await down.close().catch(() => undefined);
  }
  assert.fail("a server nobody listens on answered");
}

/**
 * `/tally`: writes one effect row and marks its event done in one
 * transaction, as votes, joins and requests do. The effect is a ledger row
 * named after the event (the table every database has), counted by prefix.
 * `inside` runs in the transaction after the write, where a test cuts the database.
 */
function tallyFeature(database: () => Database, inside: Inside): Feature {
  return {
    name: "tally",
    translations: { namespace: "tally", en: {}, fi: {}, sv: {} },
    commands: [
      {
        name: "tally",
        summary: "tally:summary",
        fallback: {
          usage: "tally:usage",
          async run(ctx) {
            inside.lastKey = ctx.completion.eventKey;
            await database().db.$transaction(async (tx) => {
              await tx.processedEvent.create({
                data: { id: `effect:${ctx.completion.eventKey}`, status: "done", processedAt: new Date() },
              });
              await inside.run?.();
              await markEventDoneIn(tx, ctx.completion);
            });
            await ctx.reply("counted");
          },
        },
      },
    ],
  };
}

/** What a test does inside the handler's transaction, and the key of the last event the handler ran for. */
interface Inside {
  run?: () => void | Promise<void>;
  lastKey?: string;
}

async function effectsOf(database: Database, eventKey: string | undefined): Promise<number> {
  return database.db.processedEvent.count({ where: { id: `effect:${eventKey}` } });
}

forEachDatabase("router when the database goes away inside a handler", (getDatabase) => {
  const inside: Inside = {};
  let adapter: MemoryAdapter;
  let store: Store;
  let unreachable: unknown;

  beforeAll(async () => {
    unreachable = await unreachableError();
    store = new Store(getDatabase());
    adapter = new MemoryAdapter();
    const router = testRouter(store, [adapter]);
    router.use(tallyFeature(getDatabase, inside));
    await adapter.start(router);
  });
  afterEach(() => {
    inside.run = undefined;
    vi.restoreAllMocks();
  });

  it("leaves the event for redelivery with no error line, and handles the redelivery once", async () => {
    let failures = 1;
    inside.run = () => {
      if (failures-- > 0) throw new StorageUnavailable("cut inside the transaction");
    };
    const outcome = await adapter.command("hall", "zoe", "/tally");
    assert.deepEqual(outcome, { status: "unavailable" });
    assert.equal(adapter.messagesIn("hall").length, 0);
    // Nothing of the handler committed, and the claim is released, not done.
    assert.equal(await getDatabase().db.processedEvent.count({ where: { id: { startsWith: "effect:" } } }), 0);

    assert.equal((await adapter.redeliverLast()).status, "handled");
    assert.equal(await effectsOf(getDatabase(), inside.lastKey), 1);
    assert.equal((await adapter.redeliverLast()).status, "duplicate");
    assert.equal(await effectsOf(getDatabase(), inside.lastKey), 1);
    assert.deepEqual(
      adapter.messagesIn("hall").map((m) => m.message.text),
      ["counted"],
    );
  });

  it("treats a driver's unreachable-server error from the directory the same", async () => {
    vi.spyOn(store.directory, "resolve").mockRejectedValueOnce(unreachable);
    const outcome = await adapter.command("hall2", "zoe", "/tally");
    assert.equal(outcome.status, "unavailable");
    assert.equal(adapter.messagesIn("hall2").length, 0);
    assert.equal((await adapter.redeliverLast()).status, "handled");
    assert.equal(adapter.messagesIn("hall2").length, 1);
  });

  it("takes its own claim again at once when the database was still away to release it", async () => {
    let failures = 1;
    inside.run = () => {
      if (failures-- > 0) throw unreachable;
    };
    // The release fails too (the database is still away): the claim's lease is this live process's.
    vi.spyOn(store.processedEvents, "release").mockRejectedValueOnce(unreachable);
    assert.equal((await adapter.command("hall3", "zoe", "/tally")).status, "unavailable");
    // Not "in progress" until the lease runs out: handled now, once.
    assert.equal((await adapter.redeliverLast()).status, "handled");
    assert.equal((await adapter.redeliverLast()).status, "duplicate");
    assert.equal(await effectsOf(getDatabase(), inside.lastKey), 1);
    assert.equal(adapter.messagesIn("hall3").length, 1);
  });

  it("stays unavailable while the database is still away at the redelivery", async () => {
    let failures = 1;
    inside.run = () => {
      if (failures-- > 0) throw unreachable;
    };
    const release = vi.spyOn(store.processedEvents, "release").mockRejectedValue(unreachable);
    assert.equal((await adapter.command("hall4", "zoe", "/tally")).status, "unavailable");
    assert.equal((await adapter.redeliverLast()).status, "unavailable");
    release.mockRestore();
    assert.equal((await adapter.redeliverLast()).status, "handled");
    assert.equal(adapter.messagesIn("hall4").length, 1);
  });

  it("keeps a handled event handled when only marking it done fails", async () => {
    vi.spyOn(store.processedEvents, "finish").mockRejectedValueOnce(unreachable);
    const outcome = await adapter.command("hall5", "zoe", "/help");
    assert.equal(outcome.status, "handled");
    assert.equal(adapter.messagesIn("hall5").length, 1);
  });
});

forEachDatabase("router when PostgreSQL is cut off inside a handler", (getDatabase, provider) => {
  // SQLite is a file in the process; it does not go away like a server.
  it.runIf(provider === "postgresql")("handles the redelivery once after the cut heals", async () => {
    const { proxy, url } = await proxyInFrontOf(getDatabase().url);
    const database = await openDatabase(url);
    const inside: Inside = {};
    try {
      const adapter = new MemoryAdapter();
      const router = testRouter(new Store(database), [adapter]);
      router.use(tallyFeature(() => database, inside));
      await adapter.start(router);
      // Cut between the handler's write and its commit: the release fails as well.
      inside.run = () => {
        inside.run = undefined;
        proxy.pause();
      };
      assert.equal((await adapter.command("cut", "zoe", "/tally")).status, "unavailable");
      assert.equal(adapter.messagesIn("cut").length, 0);
      assert.equal((await adapter.redeliverLast()).status, "unavailable");
      proxy.resume();
      assert.equal((await adapter.redeliverLast()).status, "handled");
      assert.equal((await adapter.redeliverLast()).status, "duplicate");
      const effects = await getDatabase().db.processedEvent.count({ where: { id: { startsWith: "effect:" } } });
      assert.equal(effects, 1);
      assert.deepEqual(
        adapter.messagesIn("cut").map((m) => m.message.text),
        ["counted"],
      );
    } finally {
      await database.close();
      await proxy.close();
    }
  });
});
