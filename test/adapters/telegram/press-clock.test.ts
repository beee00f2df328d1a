// When presses are answered (press-clock.ts): due a deadline after they are
// taken in, answered "kept" at once when sure to be late, never answered twice,
// and the kept answers sent a few at a time. Time is the test's own.
import assert from "node:assert/strict";
import { afterEach, beforeEach, it, vi } from "vitest";
import { PressClock } from "../../../adapters/telegram/press-clock.js";

let now = 0;
let answered: string[];
let release: Array<() => void>;

beforeEach(() => {
  vi.useFakeTimers();
  now = 0;
  answered = [];
  release = [];
});

afterEach(() => {
  vi.useRealTimers();
});

function clock(options: { concurrency?: number; holdAnswers?: boolean } = {}): PressClock {
  return new PressClock({
    deadlineMs: 2_000,
    concurrency: options.concurrency,
    now: () => now,
    answerKept: async (queryId) => {
      answered.push(queryId);
      if (options.holdAnswers) await new Promise<void>((resolve) => release.push(resolve));
    },
  });
}

async function advance(ms: number): Promise<void> {
  now += ms;
  await vi.advanceTimersByTimeAsync(ms);
}

it("gives a press claimed in time what is left of its deadline, and answers nothing itself", async () => {
  const presses = clock();
  presses.started("q1", "fi", false);
  await advance(500);
  assert.equal(presses.claim("q1"), 1_500);
  await advance(5_000);
  assert.deepEqual(answered, []);
  assert.equal(presses.claim("q1"), undefined, "claimed once");
});

it("answers a press still waiting at its deadline, in the order taken in, and then not again", async () => {
  const presses = clock();
  presses.started("q1", "en", false);
  await advance(400);
  presses.started("q2", "sv", false);
  await advance(1_599);
  assert.deepEqual(answered, []);
  await advance(1);
  assert.deepEqual(answered, ["q1"]);
  await advance(400);
  assert.deepEqual(answered, ["q1", "q2"]);
  assert.equal(presses.claim("q1"), "answered");
  assert.equal(presses.claim("q2"), "answered");
  assert.equal(presses.claim("q2"), undefined);
});

it("answers a press sure to be late at once", async () => {
  const presses = clock();
  presses.started("late", undefined, true);
  await vi.advanceTimersByTimeAsync(0);
  assert.deepEqual(answered, ["late"]);
  assert.equal(presses.claim("late"), "answered");
});

it("a redelivered press is not clocked twice", async () => {
  const presses = clock();
  presses.started("q1", undefined, false);
  await advance(1_000);
  presses.started("q1", undefined, false);
  await advance(1_000);
  assert.deepEqual(answered, ["q1"]);
});

it("sends the kept answers a few at a time", async () => {
  const presses = clock({ concurrency: 2, holdAnswers: true });
  for (const id of ["a", "b", "c", "d", "e"]) presses.started(id, undefined, true);
  await vi.advanceTimersByTimeAsync(0);
  assert.deepEqual(answered, ["a", "b"]);
  assert.equal(presses.size, 3, "three wait to be sent");
  release.shift()!();
  await vi.advanceTimersByTimeAsync(0);
  assert.deepEqual(answered, ["a", "b", "c"]);
  for (const done of release.splice(0)) done();
  await vi.advanceTimersByTimeAsync(0);
  for (const done of release.splice(0)) done();
  await vi.advanceTimersByTimeAsync(0);
  assert.deepEqual(answered, ["a", "b", "c", "d", "e"]);
});

it("forgets everything at a stop: no answer after it", async () => {
  const presses = clock();
  presses.started("q1", undefined, false);
  presses.stop();
  await advance(5_000);
  assert.deepEqual(answered, []);
  assert.equal(presses.claim("q1"), undefined);
});
