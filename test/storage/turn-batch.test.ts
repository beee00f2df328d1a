// Work asked for in one turn of the event loop (or, with gatherMs, within that
// time) goes in one flush, at most maxItems at a time; each caller gets its
// own result; a failed flush fails only its own items.
import { expect, it, vi } from "vitest";
import { TurnBatch } from "../../src/storage/turn-batch.js";

it("flushes what one turn asked for together, in order, in batches of at most maxItems", async () => {
  const flushes: number[][] = [];
  const batch = new TurnBatch<number, number>(async (items) => {
    flushes.push([...items]);
    return items.map((n) => n * 10);
  }, 2);
  const results = await Promise.all([1, 2, 3].map((n) => batch.add(n)));
  expect(results).toEqual([10, 20, 30]);
  expect(flushes).toEqual([[1, 2], [3]]);
  // A later turn makes a flush of its own.
  expect(await batch.add(4)).toBe(40);
  expect(flushes).toHaveLength(3);
});

it("fails the items of a flush that throws, and only those", async () => {
  const batch = new TurnBatch<number, number>(async (items) => {
    if (items.includes(1)) throw new Error("first flush failed");
    return [...items];
  }, 1);
  const [first, second] = await Promise.allSettled([batch.add(1), batch.add(2)]);
  expect(first).toMatchObject({ status: "rejected", reason: new Error("first flush failed") });
  expect(second).toEqual({ status: "fulfilled", value: 2 });
});

it("with gatherMs, gathers what several turns ask for within that time, and flushes a full batch at once", async () => {
  vi.useFakeTimers();
  try {
    const flushes: number[][] = [];
    const batch = new TurnBatch<number, number>(
      async (items) => {
        flushes.push([...items]);
        return [...items];
      },
      3,
      50,
    );
    const first = batch.add(1);
    await vi.advanceTimersByTimeAsync(30);
    const second = batch.add(2);
    expect(flushes).toEqual([]);
    await vi.advanceTimersByTimeAsync(20);
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(flushes).toEqual([[1, 2]]);
    // Three make a full batch: it goes without waiting.
    const full = [3, 4, 5].map((n) => batch.add(n));
    expect(await Promise.all(full)).toEqual([3, 4, 5]);
    expect(flushes).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  } finally {
    vi.useRealTimers();
  }
});
