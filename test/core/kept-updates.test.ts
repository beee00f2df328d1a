// The shared intake runner (kept-updates.ts) over the real inbox table: an
// update leaves the inbox once handled, even when clearing it fails for a
// while (the database cut just after the handler committed), without waiting
// for the next sweep (its place is free meanwhile); a stop leaves what is
// unfinished for the next start; beyond `maxHeld` a burst is parked (ids
// only) and read back in order.
import assert from "node:assert/strict";
import { expect, it, vi } from "vitest";
import { KeptUpdates } from "../../src/core/kept-updates.js";
import { createLogger } from "../../src/core/logger.js";
import { StoredUpdateInbox } from "../../src/storage/repositories/update-inbox.js";
import { forEachDatabase } from "../support/databases.js";

interface Update {
  id: number;
  text: string;
}

forEachDatabase("kept updates", (getDatabase) => {
  const runner = (
    inbox: StoredUpdateInbox,
    handled: Update[],
    platform: string,
    more: { maxHeld?: number; handle?: (update: Update) => Promise<boolean> } = {},
  ) =>
    new KeptUpdates<Update>({
      platform,
      logger: createLogger({ level: "silent" }),
      inbox,
      idOf: (update) => String(update.id),
      encode: (update) => JSON.stringify(update),
      decode: (payload) => JSON.parse(payload) as Update,
      handle: async (update) => {
        handled.push(update);
        return (await more.handle?.(update)) ?? true;
      },
      compareIds: (a, b) => Number(a) - Number(b),
      ...(more.maxHeld ? { maxHeld: more.maxHeld } : {}),
    });

  /** A handler that holds every update until let go, counting how many it holds at once. */
  const gate = () => {
    let open: () => void = () => {};
    const opened = new Promise<void>((resolve) => (open = resolve));
    const state = { now: 0, most: 0, open };
    const handle = async () => {
      state.now++;
      state.most = Math.max(state.most, state.now);
      await opened;
      state.now--;
      return true;
    };
    return { state, handle };
  };
  const burstOf = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => ({ id: from + i, text: `/help ${i}` }));

  /** One update kept and handed over, with the inbox's `done` going through `before` first. */
  const keptOneWith = async (platform: string, before: () => Promise<void>) => {
    const inbox = new StoredUpdateInbox(getDatabase());
    const done = inbox.done.bind(inbox);
    vi.spyOn(inbox, "done").mockImplementation(async (updatePlatform, id) => {
      await before();
      return done(updatePlatform, id);
    });
    const handled: Update[] = [];
    const kept = runner(inbox, handled, platform);
    const update = { id: 1, text: "/help" };
    await kept.keep([update]);
    kept.handleKept([update]);
    return { inbox, kept, handled, update };
  };

  it("frees a handled update's place before it has left the inbox, and a sweep meanwhile does not take it up again", async () => {
    let letGo: () => void = () => {};
    const slowDelete = new Promise<void>((resolve) => (letGo = resolve));
    const { inbox, kept, handled, update } = await keptOneWith("test-leaving", () => slowDelete);
    await vi.waitFor(() => assert.equal(kept.pending, 0));
    assert.ok(kept.has("1"), "known while it leaves the inbox");
    assert.equal(await kept.drain(), 0, "a sweep leaves it alone");
    letGo();
    await kept.idle();
    assert.deepEqual(await inbox.waiting("test-leaving"), []);
    assert.deepEqual(handled, [update]);
    assert.equal(kept.has("1"), false);
  });

  it("clears a handled update once the inbox answers again, handling it once", async () => {
    let refusals = 2;
    const { inbox, kept, handled, update } = await keptOneWith("test-clear", async () => {
      if (refusals-- > 0) throw new Error("connection terminated");
    });
    await kept.idle();
    assert.deepEqual(await inbox.waiting("test-clear"), []);
    assert.deepEqual(handled, [update]);
    assert.equal(refusals, -1, "tried until the inbox answered");
  });

  it("leaves a handled update it could not clear for the next start when stopped", async () => {
    const inbox = new StoredUpdateInbox(getDatabase());
    vi.spyOn(inbox, "done").mockRejectedValue(new Error("connection terminated"));
    const handled: Update[] = [];
    const kept = runner(inbox, handled, "test-stop");
    const update = { id: 2, text: "/help" };
    await kept.keep([update]);
    kept.handleKept([update]);
    await vi.waitFor(() => assert.equal(handled.length, 1));
    await kept.stop(5_000);
    assert.equal(kept.pending, 0);
    assert.deepEqual(
      (await inbox.waiting("test-stop")).map((entry) => entry.id),
      ["2"],
    );
  });

  it("holds at most maxHeld, parks the rest, and hands every update over once, in order, read back from the inbox", async () => {
    const inbox = new StoredUpdateInbox(getDatabase());
    const read = vi.spyOn(inbox, "read");
    const handled: Update[] = [];
    const held = gate();
    const kept = runner(inbox, handled, "test-park", { maxHeld: 3, handle: held.handle });
    const burst = burstOf(100, 20);
    await kept.keep(burst);
    kept.handleKept(burst);
    assert.equal(kept.pending, 20);
    assert.equal(handled.length, 3, "only three are held");
    assert.ok(kept.has("119"), "a parked update counts as kept");
    held.state.open();
    await kept.idle();
    assert.equal(held.state.most, 3);
    assert.deepEqual(
      handled.map((update) => update.id),
      burst.map((update) => update.id),
    );
    assert.deepEqual(await inbox.waitingIds("test-park"), []);
    const readBack = read.mock.calls.flatMap(([, ids]) => ids);
    assert.deepEqual(
      readBack,
      burst.slice(3).map((update) => String(update.id)),
    );
    assert.ok(
      read.mock.calls.every(([, ids]) => ids.length <= 3),
      "read back a few at a time",
    );
  });

  it("leaves parked updates in the inbox at a stop; the next start drains them all, held a few at a time", async () => {
    const inbox = new StoredUpdateInbox(getDatabase());
    const first: Update[] = [];
    const stuck = gate();
    const stopped = runner(inbox, first, "test-park-stop", {
      maxHeld: 2,
      handle: async (update) => (update.id === 200 ? stuck.handle() : true),
    });
    const burst = burstOf(200, 12);
    await stopped.keep(burst);
    stopped.handleKept(burst);
    const stopping = stopped.stop(5_000);
    stuck.state.open();
    await stopping;
    assert.equal(stopped.pending, 0, "nothing parked is remembered after a stop");
    const left = await inbox.waitingIds("test-park-stop");
    assert.ok(left.length >= 10, `the parked updates stay in the inbox (${left.length})`);

    const second: Update[] = [];
    const held = gate();
    const restarted = runner(inbox, second, "test-park-stop", { maxHeld: 2, handle: held.handle });
    assert.equal(await restarted.drain(), left.length);
    assert.equal(second.length, 2, "drained a few at a time");
    held.state.open();
    await restarted.idle();
    assert.deepEqual(
      second.map((update) => String(update.id)),
      left,
    );
    assert.deepEqual(await inbox.waitingIds("test-park-stop"), []);
    await restarted.stop(5_000);
  });

  it("knows how long a new update would wait once enough were done to tell the pace", async () => {
    const inbox = new StoredUpdateInbox(getDatabase());
    const kept = runner(inbox, [], "test-pace");
    assert.equal(kept.expectedWaitMs(100), undefined, "no pace yet");
    const burst = burstOf(300, 30);
    await kept.keep(burst);
    kept.handleKept(burst);
    await kept.idle();
    const waitMs = kept.expectedWaitMs(100);
    assert.ok(waitMs !== undefined && waitMs > 0, `a wait once 30 were done (${waitMs})`);
    // Time moves on between the two calls, and the pace is over the last seconds: about twice.
    expect(kept.expectedWaitMs(200)).toBeCloseTo(waitMs! * 2, -1);
  });

  it("lets many held updates wait to try again at once without Node's listener warning", async () => {
    const inbox = new StoredUpdateInbox(getDatabase());
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on("warning", onWarning);
    try {
      let tries = 0;
      // The core refuses every update for now (its database is away): each waits to try again.
      const kept = runner(inbox, [], "test-retrying", {
        handle: async () => {
          tries++;
          return false;
        },
      });
      const burst = burstOf(400, 30);
      await kept.keep(burst);
      kept.handleKept(burst);
      await expect.poll(() => tries).toBe(30);
      // Node reports the warning on a later tick: let it come if it would.
      await new Promise((resolve) => setImmediate(resolve));
      await kept.stop(5_000);
      assert.deepEqual(warnings, []);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("parks an update that arrives while parked ones are being read back, so it does not overtake them", async () => {
    const inbox = new StoredUpdateInbox(getDatabase());
    const read = inbox.read.bind(inbox);
    let letRead: () => void = () => {};
    const reading = new Promise<void>((resolve) => (letRead = resolve));
    let readsStarted = 0;
    vi.spyOn(inbox, "read").mockImplementation(async (platform, ids) => {
      readsStarted++;
      await reading;
      return read(platform, ids);
    });
    const handled: Update[] = [];
    const held = gate();
    const kept = runner(inbox, handled, "test-park-order", { maxHeld: 2, handle: held.handle });
    const burst = burstOf(500, 3);
    await kept.keep(burst);
    kept.handleKept(burst);
    held.state.open();
    // 500 is done and 502 is being read back, with nothing left parked and room to hold another.
    await expect.poll(() => readsStarted).toBe(1);
    const late = burstOf(503, 1);
    await kept.keep(late);
    kept.handleKept(late);
    letRead();
    await kept.idle();
    assert.deepEqual(
      handled.map((update) => update.id),
      [500, 501, 502, 503],
    );
  });
});
