// How long a Telegram send would wait behind the throttler: the sends queued
// overall at the configured pace, and the chat's own gap and queue.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { paceOf, SendBacklog, TELEGRAM_THROTTLE } from "../../../adapters/telegram/send-backlog.js";
import { RELAXED_THROTTLE } from "../../e2e/telegram/support.js";

describe("paceOf", () => {
  it("Talkoot's default: at most 30 a second overall, one a second per chat", () => {
    const pace = paceOf(TELEGRAM_THROTTLE);
    assert.ok(pace.perSecond <= 30 && pace.perSecond > 29, `${pace.perSecond}`);
    assert.equal(pace.groupGapMs, 1_000);
    assert.equal(pace.privateGapMs, 1_000);
  });

  it("a part left out keeps the throttler's own default (30 a second, a second between sends to a chat)", () => {
    assert.deepEqual(paceOf({}), { perSecond: 30, groupGapMs: 1_000, privateGapMs: 1_000 });
    assert.equal(paceOf({ global: { minTime: 100 } }).groupGapMs, 1_000);
  });

  it("a reservoir refreshed each second is its amount a second; the tests' relaxed pace never waits", () => {
    assert.equal(paceOf({ global: { reservoirRefreshAmount: 30, reservoirRefreshInterval: 1_000 } }).perSecond, 30);
    const relaxed = paceOf(RELAXED_THROTTLE!);
    assert.equal(relaxed.groupGapMs, 0);
    const backlog = new SendBacklog(relaxed);
    for (let i = 0; i < 50; i++) backlog.entered("-100");
    assert.ok(backlog.delayMs("-100") < 10);
  });
});

describe("SendBacklog", () => {
  const pace = { perSecond: 20, groupGapMs: 1_000, privateGapMs: 500 };

  it("counts the sends waiting overall at the pace, and what is left of the spacing since the last send", () => {
    let now = 0;
    const backlog = new SendBacklog(pace, () => now);
    assert.equal(backlog.delayMs("-1"), 0);
    for (let chat = 0; chat < 10; chat++) backlog.entered(`-${chat + 10}`);
    assert.equal(backlog.overallDelayMs(), 500);
    assert.equal(backlog.delayMs("-99"), 500);
    backlog.left("-10", true);
    assert.equal(backlog.overallDelayMs(), 50 + 450, "20 a second: 50 ms after the send that just went");
    now += 30;
    assert.equal(backlog.overallDelayMs(), 20 + 450);
    now += 100;
    assert.equal(backlog.overallDelayMs(), 450);
  });

  it("a chat waits out its gap since its last send, and one gap per send queued for it", () => {
    let now = 10_000;
    const backlog = new SendBacklog(pace, () => now);
    backlog.entered("-5");
    backlog.left("-5", true);
    now += 200;
    assert.equal(backlog.delayMs("-5"), 800, "a group: 1 s between sends");
    assert.equal(backlog.delayMs("42"), 0, "another chat is not held up (the overall spacing, 50 ms, has passed)");
    backlog.entered("-5");
    assert.equal(backlog.delayMs("-5"), 1_800);
    backlog.left("-5", false);
    now += 800;
    assert.equal(backlog.delayMs("-5"), 0);
    backlog.entered("42");
    backlog.left("42", true);
    assert.equal(backlog.delayMs("42"), 500, "a private chat: its own gap");
  });

  it("a send given up before it went leaves no gap behind", () => {
    const backlog = new SendBacklog(pace, () => 0);
    backlog.entered("-7");
    backlog.left("-7", false);
    assert.equal(backlog.delayMs("-7"), 0);
    assert.equal(backlog.overallDelayMs(), 0);
  });

  it("remembers a bounded number of chats, dropping the oldest sends first", () => {
    let now = 0;
    const backlog = new SendBacklog({ ...pace, groupGapMs: 60_000 }, () => now);
    for (let chat = 1; chat <= 1_100; chat++) {
      backlog.entered(`-${chat}`);
      backlog.left(`-${chat}`, true);
      now += 1;
    }
    const overall = backlog.overallDelayMs();
    assert.equal(backlog.delayMs("-1"), overall, "the oldest chat was forgotten: no gap of its own");
    assert.ok(backlog.delayMs("-1100") > overall, "the newest is remembered");
  });
});
