// The request state machine alone: every allowed step, every refusal, the
// reopen window, and Open311's two states. Pure.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import {
  CLOSE_REASONS,
  open311ExtendedStatus,
  open311Status,
  parseCloseReason,
  REOPEN_WINDOW_MS,
  type RequestAction,
  type RequestState,
  stateKey,
  stateOf,
  transition,
} from "../../../src/domain/requests/status-machine.js";

const NOW = new Date("2026-12-10T12:00:00Z");
const state = (
  status: RequestState["status"],
  subStatus: RequestState["subStatus"] = null,
  fixedAt: Date | null = null,
) => ({ status, subStatus, fixedAt }) satisfies RequestState;
const step = (from: RequestState, action: RequestAction) => transition(from, action, NOW);
const to = (from: RequestState, action: RequestAction) => {
  const result = step(from, action);
  return result.ok ? `${result.status}${result.subStatus ? `/${result.subStatus}` : ""}` : `refused:${result.refusal}`;
};

describe("request state machine", () => {
  it("moves an open request forward and sideways through its steps", () => {
    assert.equal(to(state("open"), { kind: "acknowledge" }), "open/acknowledged");
    assert.equal(to(state("open"), { kind: "progress" }), "open/in_progress");
    assert.equal(to(state("open", "acknowledged"), { kind: "progress" }), "open/in_progress");
    assert.equal(to(state("open", "in_progress"), { kind: "schedule" }), "open/action_scheduled");
    assert.equal(to(state("open", "action_scheduled"), { kind: "progress" }), "open/in_progress");
    assert.equal(to(state("open", "in_progress"), { kind: "resolve" }), "fixed");
    assert.equal(to(state("open"), { kind: "resolve" }), "fixed");
  });

  it("closes with each reason, from open or fixed", () => {
    for (const reason of CLOSE_REASONS) {
      assert.equal(to(state("open", "acknowledged"), { kind: "close", reason }), `closed/${reason}`);
      assert.equal(to(state("fixed", null, NOW), { kind: "close", reason }), `closed/${reason}`);
    }
  });

  it("refuses what makes no sense", () => {
    assert.equal(to(state("open", "acknowledged"), { kind: "acknowledge" }), "refused:already");
    assert.equal(to(state("open", "in_progress"), { kind: "acknowledge" }), "refused:already");
    assert.equal(to(state("open", "in_progress"), { kind: "progress" }), "refused:already");
    assert.equal(to(state("open", "action_scheduled"), { kind: "schedule" }), "refused:already");
    assert.equal(to(state("fixed", null, NOW), { kind: "resolve" }), "refused:already");
    assert.equal(to(state("fixed", null, NOW), { kind: "acknowledge" }), "refused:notOpen");
    assert.equal(to(state("fixed", null, NOW), { kind: "progress" }), "refused:notOpen");
    assert.equal(to(state("closed", "duplicate"), { kind: "resolve" }), "refused:closed");
    assert.equal(to(state("closed", "duplicate"), { kind: "acknowledge" }), "refused:closed");
    assert.equal(to(state("closed", "no_action"), { kind: "close", reason: "duplicate" }), "refused:already");
    assert.equal(to(state("open"), { kind: "reopen" }), "refused:notFixed");
    assert.equal(to(state("closed", "no_action"), { kind: "reopen" }), "refused:notFixed");
  });

  it("reopens a fixed request within 14 days of the fix, not after", () => {
    const justInside = new Date(NOW.getTime() - REOPEN_WINDOW_MS);
    const justOutside = new Date(NOW.getTime() - REOPEN_WINDOW_MS - 1);
    assert.equal(to(state("fixed", null, justInside), { kind: "reopen" }), "open");
    assert.equal(to(state("fixed", null, justOutside), { kind: "reopen" }), "refused:reopenExpired");
    assert.equal(to(state("fixed", null, null), { kind: "reopen" }), "refused:reopenExpired");
  });

  it("reassigns an open request as it is, and opens one closed as not ours", () => {
    assert.equal(to(state("open", "in_progress"), { kind: "reassign" }), "open/in_progress");
    assert.equal(to(state("closed", "not_responsible"), { kind: "reassign" }), "open");
    assert.equal(to(state("closed", "duplicate"), { kind: "reassign" }), "refused:closed");
    assert.equal(to(state("fixed", null, NOW), { kind: "reassign" }), "refused:notOpen");
  });

  it("marks the first answer, which stops the response-time clock", () => {
    const answers = (from: RequestState, action: RequestAction) => {
      const result = step(from, action);
      return result.ok && result.answers;
    };
    assert.equal(answers(state("open"), { kind: "acknowledge" }), true);
    assert.equal(answers(state("open"), { kind: "resolve" }), true);
    assert.equal(answers(state("open"), { kind: "close", reason: "duplicate" }), true);
    assert.equal(answers(state("open", "acknowledged"), { kind: "progress" }), false);
    assert.equal(answers(state("open"), { kind: "reassign" }), false);
    assert.equal(answers(state("fixed", null, NOW), { kind: "reopen" }), false);
  });

  it("maps to Open311's open and closed, and names each state", () => {
    assert.deepEqual(["open", "fixed", "closed"].map(open311Status), ["open", "closed", "closed"]);
    assert.equal(stateKey("open", null), "new");
    assert.equal(stateKey("open", "in_progress"), "in_progress");
    assert.equal(stateKey("fixed", null), "fixed");
    assert.equal(stateKey("closed", "referred"), "referred");
    assert.equal(stateKey("closed", "bogus"), "closed");
    assert.deepEqual(stateOf({ status: "weird", subStatus: "bogus", fixedAt: null }), state("open"));
  });

  it("names FixMyStreet's extended states, telling a duplicate from a fix", () => {
    const cases: Array<[string, string | null, string]> = [
      ["open", null, "open"],
      ["open", "acknowledged", "investigating"],
      ["open", "in_progress", "in_progress"],
      ["open", "action_scheduled", "action_scheduled"],
      ["fixed", null, "fixed"],
      ["closed", "duplicate", "duplicate"],
      ["closed", "not_responsible", "not_councils_responsibility"],
      ["closed", "no_action", "no_further_action"],
      ["closed", "referred", "internal_referral"],
      ["closed", null, "closed"],
    ];
    for (const [status, subStatus, extended] of cases) {
      assert.equal(open311ExtendedStatus(status, subStatus), extended, `${status}/${subStatus}`);
    }
  });

  it("reads close reasons as people type them", () => {
    assert.equal(parseCloseReason("not-responsible"), "not_responsible");
    assert.equal(parseCloseReason("No action"), "no_action");
    assert.equal(parseCloseReason("DUPLICATE"), "duplicate");
    assert.equal(parseCloseReason("lazy"), undefined);
  });
});
