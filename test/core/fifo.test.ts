// The queue that takes from the front without moving the rest (fifo.ts).
import assert from "node:assert/strict";
import { it } from "vitest";
import { Fifo } from "../../src/core/fifo.js";

it("gives entries back in the order they came, one or several at a time", () => {
  const queue = new Fifo<number>();
  for (let i = 0; i < 5; i++) queue.push(i);
  assert.equal(queue.peek(), 0);
  assert.equal(queue.shift(), 0);
  assert.deepEqual(queue.take(3), [1, 2, 3]);
  assert.equal(queue.size, 1);
  assert.deepEqual(queue.take(10), [4]);
  assert.equal(queue.shift(), undefined);
  assert.equal(queue.peek(), undefined);
  assert.equal(queue.size, 0);
});

it("puts taken entries back at the front, in their order", () => {
  const queue = new Fifo<string>();
  for (const id of ["a", "b", "c", "d"]) queue.push(id);
  const taken = queue.take(2);
  queue.unshift(taken);
  assert.deepEqual(queue.take(4), ["a", "b", "c", "d"]);
});

it("keeps its order across the compaction of a long queue", () => {
  const queue = new Fifo<number>();
  for (let i = 0; i < 5_000; i++) queue.push(i);
  for (let i = 0; i < 3_000; i++) assert.equal(queue.shift(), i);
  queue.push(5_000);
  assert.equal(queue.size, 2_001);
  assert.deepEqual(queue.take(3), [3_000, 3_001, 3_002]);
  queue.clear();
  assert.equal(queue.size, 0);
});
