// The Slack adapter's declared pace (SLACK_POST_PACE, checked by the outbox)
// against the fake's model of Slack's own (test/fakes/slack/post-pace.ts):
// what the bot sends, the fake accepts.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { SLACK_POST_PACE } from "../../../adapters/slack/slack-adapter.js";
import { nextAllowedAt } from "../../../src/outbox/rate-limits.js";
import { PostPace } from "../../fakes/slack/post-pace.js";

const SECOND = 1_000;

/** Sends each message of `due` (ms, ascending) as soon as the adapter's pace allows, in order; the times they went. */
function paced(due: number[]): number[] {
  const sends: number[] = [];
  for (const at of due) sends.push(nextAllowedAt(sends, SLACK_POST_PACE, Math.max(at, sends.at(-1) ?? at)));
  return sends;
}

/** The posts the fake's model of Slack would refuse. */
function refused(sends: number[]): number[] {
  const slack = new PostPace();
  return sends.filter((at) => {
    if (slack.check("C1", at) !== undefined) return true;
    slack.take("C1", at);
    return false;
  });
}

/** A small seeded generator: the same "random" lags every run. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe("the Slack adapter's pace against Slack's (the fake's model)", () => {
  it("the fake's model: three posts at once, the fourth told to wait a second; one more each second", () => {
    const slack = new PostPace();
    for (let i = 0; i < 3; i++) {
      assert.equal(slack.check("C1", 0), undefined);
      slack.take("C1", 0);
    }
    assert.equal(slack.check("C1", 0), 1);
    assert.equal(slack.check("C2", 0), undefined, "another channel has its own");
    assert.equal(slack.check("C1", SECOND - 1), 1);
    assert.equal(slack.check("C1", SECOND), undefined);
  });

  it("a backlog of 20 at once: every post accepted", () => {
    const sends = paced(Array.from({ length: 20 }, () => 0));
    assert.deepEqual(refused(sends), []);
    assert.deepEqual(sends.slice(0, 3), [0, 0, SECOND]);
  });

  it("one a second for two minutes, each up to 900 ms late at the bot: every post accepted, none later than it came", () => {
    const random = lcg(7);
    const due = Array.from({ length: 120 }, (_, i) => i * SECOND + Math.floor(random() * 900));
    const sends = paced(due);
    assert.deepEqual(refused(sends), []);
    assert.deepEqual(sends, due, "the pace never held one back");
  });
});
