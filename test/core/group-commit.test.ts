// Group commit, without a database: alone an item goes at once; items that
// arrive while a batch commits go together in the next; each item gets its
// own outcome; batches stay within their size and the concurrency limit.
import { describe, expect, it } from "vitest";
import { commitEachAlone, GroupCommit, type Settled } from "../../src/core/group-commit.js";

/** A commit the test finishes by hand, one call at a time. */
function manualCommits() {
  const calls: Array<{
    key: string;
    items: number[];
    settled: boolean;
    finish(outcomes?: Array<Settled<number>>): void;
    fail(e: unknown): void;
  }> = [];
  let running = 0;
  let peak = 0;
  const commit = (key: string, items: readonly number[]) =>
    new Promise<ReadonlyArray<Settled<number>>>((resolve, reject) => {
      running++;
      peak = Math.max(peak, running);
      const call = {
        key,
        items: [...items],
        settled: false,
        finish: (outcomes?: Array<Settled<number>>) => {
          done();
          resolve(outcomes ?? items.map((item) => ({ ok: true as const, value: item * 10 })));
        },
        fail: (error: unknown) => {
          done();
          reject(error);
        },
      };
      const done = () => {
        running--;
        call.settled = true;
      };
      calls.push(call);
    });
  return { calls, commit, peak: () => peak };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

describe("GroupCommit", () => {
  it("commits an item alone at once, and the items that queued meanwhile together next", async () => {
    const m = manualCommits();
    const group = new GroupCommit<string, number, number>({ concurrency: 1, maxBatch: 10, commit: m.commit });
    const first = group.submit("poll", 1);
    await until(() => m.calls.length === 1);
    expect(m.calls[0]!.items).toEqual([1]);
    const later = [2, 3, 4].map((n) => group.submit("poll", n));
    m.calls[0]!.finish();
    expect(await first).toBe(10);
    await until(() => m.calls.length === 2);
    expect(m.calls[1]!.items).toEqual([2, 3, 4]);
    m.calls[1]!.finish();
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
    expect(group.largestBatch).toBe(3);
    // The turns of items that went in an earlier batch find nothing to do.
    await new Promise((resolve) => setImmediate(resolve));
    expect(m.calls).toHaveLength(2);
  });

  it("keeps a batch within maxBatch, in arrival order", async () => {
    const m = manualCommits();
    const group = new GroupCommit<string, number, number>({ concurrency: 1, maxBatch: 2, commit: m.commit });
    const all = [1, 2, 3, 4, 5].map((n) => group.submit("poll", n));
    for (let i = 0; i < 3; i++) {
      await until(() => m.calls.length === i + 1);
      m.calls[i]!.finish();
    }
    expect(m.calls.map((c) => c.items)).toEqual([[1], [2, 3], [4, 5]]);
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
  });

  it("gives each item its own outcome, and a failed batch fails only its own items", async () => {
    const m = manualCommits();
    const group = new GroupCommit<string, number, number>({ concurrency: 1, maxBatch: 10, commit: m.commit });
    const first = group.submit("poll", 1);
    const second = group.submit("poll", 2);
    const third = group.submit("poll", 3);
    await until(() => m.calls.length === 1);
    m.calls[0]!.fail(new Error("lost"));
    await expect(first).rejects.toThrow("lost");
    await until(() => m.calls.length === 2);
    m.calls[1]!.finish([
      { ok: false, error: new Error("refused") },
      { ok: true, value: 33 },
    ]);
    await expect(second).rejects.toThrow("refused");
    expect(await third).toBe(33);
  });

  it("runs at most `concurrency` batches at once, over all keys", async () => {
    const m = manualCommits();
    const group = new GroupCommit<string, number, number>({ concurrency: 2, maxBatch: 10, commit: m.commit });
    const all = ["a", "b", "c", "a", "b", "c"].map((key, i) => group.submit(key, i));
    await until(() => m.calls.length === 2);
    while (m.calls.some((c) => !c.settled)) {
      for (const call of m.calls.filter((c) => !c.settled)) call.finish();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(all);
    expect(m.peak()).toBe(2);
    expect(new Set(m.calls.map((c) => c.key))).toEqual(new Set(["a", "b", "c"]));
  });

  it("refuses a batch size below one", () => {
    expect(() => new GroupCommit({ concurrency: 1, maxBatch: 0, commit: async () => [] })).toThrow(/maxBatch/);
  });

  it("commits each item of a failed batch alone: one item's failure is its own, in order", async () => {
    const seen: number[][] = [];
    const outcomes = await commitEachAlone([1, 2, 3], async (alone) => {
      seen.push([...alone]);
      if (alone[0] === 2) throw new Error("two fails");
      return alone.map((n) => ({ ok: true as const, value: n * 10 }));
    });
    expect(seen).toEqual([[1], [2], [3]]);
    expect(outcomes.map((o) => (o.ok ? o.value : (o.error as Error).message))).toEqual([10, "two fails", 30]);
  });
});
