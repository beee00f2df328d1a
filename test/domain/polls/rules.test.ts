// The pure rules of polls, alone: limits of the text, flags, tallying and
// ties, what a press does to a ballot, the anonymous voter hash, and poll to
// shift.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { Bulkhead } from "../../../src/core/bulkhead.js";
import { isUserError, type UserError } from "../../../src/core/errors.js";
import { BallotKeys } from "../../../src/domain/polls/anonymous-ballot.js";
import { type BallotPoll, decideBallot } from "../../../src/domain/polls/ballot-rules.js";
import { parseChoices } from "../../../src/domain/polls/commands/vote.js";
import { checkOption, checkPollText, checkQuestion } from "../../../src/domain/polls/poll-options.js";
import {
  checkMaxChoices,
  nativeRefusal,
  parseAddOptions,
  parseCloses,
  parseClosesChange,
  parseOpens,
  parseWho,
} from "../../../src/domain/polls/poll-settings.js";
import { mentionsOn, notVoted, type RemindMember } from "../../../src/domain/polls/reminding.js";
import { decideShift, decodePlan, encodePlan, planShift } from "../../../src/domain/polls/shift-plan.js";
import { barOf, outcomeOf, shareOf, tallyOf } from "../../../src/domain/polls/tally.js";

function refusal(work: () => unknown): UserError {
  try {
    work();
  } catch (error) {
    if (isUserError(error)) return error;
    throw error;
  }
  assert.fail("expected a UserError");
}

describe("poll text limits", () => {
  it("takes a question and 2 to 10 options, tidied", () => {
    assert.deepEqual(checkPollText(["  Where   shall we meet? ", "Library", " Park "]), {
      question: "Where shall we meet?",
      options: ["Library", "Park"],
    });
    assert.equal(checkPollText(["Q", ...Array.from({ length: 10 }, (_, i) => `o${i}`)]).options.length, 10);
  });

  it("refuses too few or too many options with a line naming the limits", () => {
    assert.deepEqual(refusal(() => checkPollText(["Q", "only one"])).params, { min: 2, max: 10, count: 1 });
    assert.equal(
      refusal(() => checkPollText(["Q", ...Array.from({ length: 11 }, (_, i) => `o${i}`)])).params.count,
      11,
    );
    assert.equal(refusal(() => checkPollText([])).key, "polls:errors.needQuestion");
  });

  it("refuses, never truncates, a question over 300 or an option over 100 characters", () => {
    assert.equal(checkQuestion("q".repeat(300)).length, 300);
    assert.deepEqual(refusal(() => checkQuestion("q".repeat(301))).params, { max: 300, length: 301 });
    assert.equal(refusal(() => checkQuestion("   ")).key, "polls:errors.questionLength");
    // Characters as people count them: 100 emoji are 100, not 200 UTF-16 units.
    assert.equal(checkOption("🌳".repeat(100), 1), "🌳".repeat(100));
    assert.deepEqual(refusal(() => checkOption("o".repeat(101), 3)).params, { number: 3, max: 100, length: 101 });
    assert.equal(refusal(() => checkPollText(["Q", "A", ""])).params.number, 2);
  });

  it("refuses the same option twice, whatever the case", () => {
    const error = refusal(() => checkPollText(["Q", "Park", "park"]));
    assert.equal(error.key, "polls:errors.duplicateOption");
  });
});

describe("poll flags", () => {
  const ctx = { locale: "en" as const, timezone: "Europe/Helsinki", now: new Date("2026-12-01T08:00:00Z") };

  it("reads --who in three languages, members by default", () => {
    assert.equal(parseWho(undefined), "members");
    assert.equal(parseWho("Coordinators"), "coordinators");
    assert.equal(parseWho("koordinaattorit"), "coordinators");
    assert.equal(parseWho("medlemmar"), "members");
    assert.equal(refusal(() => parseWho("admins")).key, "polls:errors.badWho");
  });

  it("reads --closes as a length from now or a time in the community's zone", () => {
    assert.equal(parseCloses("2h", ctx).toISOString(), "2026-12-01T10:00:00.000Z");
    assert.equal(parseCloses("friday 18:00", ctx).toISOString(), "2026-12-04T16:00:00.000Z");
    assert.equal(parseCloses("pe 18", { ...ctx, locale: "fi" }).toISOString(), "2026-12-04T16:00:00.000Z");
  });

  it("refuses a closing time it cannot read, without a time, too soon or too far", () => {
    assert.equal(refusal(() => parseCloses("whenever", ctx)).key, "polls:errors.badCloses");
    assert.equal(refusal(() => parseCloses("friday", ctx)).key, "polls:errors.closesNeedsTime");
    assert.equal(refusal(() => parseCloses("0.5 min", ctx)).key, "polls:errors.closesTooSoon");
    assert.equal(refusal(() => parseCloses("200 days", ctx)).key, "polls:errors.closesTooLate");
    assert.equal(refusal(() => parseCloses("2026-11-30 10:00", ctx)).key, "polls:errors.closesTooSoon");
  });

  it("reads --opens as a day and a time still to come, in the community's zone", () => {
    assert.equal(parseOpens("mon 9:00", ctx).toISOString(), "2026-12-07T07:00:00.000Z");
    assert.equal(parseOpens("ma 9", { ...ctx, locale: "fi" }).toISOString(), "2026-12-07T07:00:00.000Z");
    assert.equal(parseOpens("mån 9", { ...ctx, locale: "sv" }).toISOString(), "2026-12-07T07:00:00.000Z");
    assert.equal(refusal(() => parseOpens("someday", ctx)).key, "polls:errors.badOpens");
    assert.equal(refusal(() => parseOpens("monday", ctx)).key, "polls:errors.opensNeedsTime");
    assert.equal(refusal(() => parseOpens("2026-11-30 10:00", ctx)).key, "polls:errors.opensPast");
    assert.equal(refusal(() => parseOpens("2027-06-01 10:00", ctx)).key, "polls:errors.opensTooLate");
  });

  it("reads --add-options in three languages, and a native poll cannot take new options", () => {
    assert.equal(parseAddOptions(undefined), undefined);
    assert.equal(parseAddOptions("Open"), "open");
    assert.equal(parseAddOptions("moderoitu"), "moderated");
    assert.equal(parseAddOptions("öppen"), "open");
    assert.equal(refusal(() => parseAddOptions("sometimes")).key, "polls:errors.badAddOptions");
    const plain = { anonymous: false, hidden: false, who: "members" as const };
    assert.equal(nativeRefusal({ ...plain, addOptions: "open" }, { native: true }, ctx.now), "addOptions");
  });

  it("reads /poll edit --closes as a new time, or none in any of three languages", () => {
    assert.equal(parseClosesChange("3h", ctx)?.toISOString(), "2026-12-01T11:00:00.000Z");
    for (const never of ["never", "Never", "ei koskaan", "aldrig"]) assert.equal(parseClosesChange(never, ctx), null);
    assert.equal(refusal(() => parseClosesChange("friday", ctx)).key, "polls:errors.closesNeedsTime");
  });

  it("uses a platform's native poll only where it can keep the poll's promises", () => {
    const plain = { anonymous: false, hidden: false, who: "members" as const };
    const now = new Date("2026-12-01T10:00:00Z");
    const yes = { native: true };
    assert.equal(nativeRefusal(plain, yes, now), undefined);
    assert.equal(nativeRefusal(plain, { native: false }, now), "unsupported");
    assert.equal(nativeRefusal({ ...plain, anonymous: true }, yes, now), "anonymous");
    assert.equal(nativeRefusal({ ...plain, hidden: true }, yes, now), "hidden");
    assert.equal(nativeRefusal({ ...plain, who: "coordinators" }, yes, now), "coordinators");
    assert.equal(nativeRefusal({ ...plain, maxChoices: 2 }, yes, now), "limited");
    // Discord's polls run at most 768 hours (32 days).
    const discord = { native: true, maxHours: 768 };
    const in31Days = new Date(now.getTime() + 31 * 86_400_000);
    const in40Days = new Date(now.getTime() + 40 * 86_400_000);
    assert.equal(nativeRefusal({ ...plain, closesAt: in31Days }, discord, now), undefined);
    assert.equal(nativeRefusal({ ...plain, closesAt: in40Days }, discord, now), "tooLong");
    assert.equal(nativeRefusal(plain, discord, now), undefined);
  });
});

describe("tally", () => {
  const options = [
    { position: 1, text: "B" },
    { position: 0, text: "A" },
    { position: 2, text: "C" },
  ];

  it("counts in option order, with a winner", () => {
    const tally = tallyOf(
      options,
      new Map([
        [1, 3],
        [0, 1],
      ]),
      4,
    );
    assert.deepEqual(
      tally.options.map((o) => [o.text, o.count]),
      [
        ["A", 1],
        ["B", 3],
        ["C", 0],
      ],
    );
    assert.equal(tally.votes, 4);
    assert.deepEqual(tally.outcome, { kind: "winner", position: 1 });
  });

  it("names a tie as a tie, and no votes as none", () => {
    assert.deepEqual(
      tallyOf(
        options,
        new Map([
          [0, 2],
          [2, 2],
        ]),
        4,
      ).outcome,
      { kind: "tie", positions: [0, 2] },
    );
    assert.deepEqual(outcomeOf([]), { kind: "none" });
    assert.deepEqual(tallyOf(options, new Map(), 0).outcome, { kind: "none" });
  });

  it("shares are of voters (several choices may add up past 100%), with a bar", () => {
    assert.equal(shareOf(2, 3), 67);
    assert.equal(shareOf(3, 3), 100);
    assert.equal(shareOf(0, 0), 0);
    assert.equal(barOf(67), "███████░░░");
    assert.equal(barOf(0), "░░░░░░░░░░");
  });
});

describe("--max, choose up to N", () => {
  it("takes 2 up to the number of options on a multiple-choice poll; none without the flag", () => {
    assert.equal(checkMaxChoices(2, true, 4), 2);
    assert.equal(checkMaxChoices(4, true, 4), 4);
    assert.equal(checkMaxChoices(undefined, false, 4), undefined);
  });

  it("refuses it without --multi, below 2 or past the options, naming the range", () => {
    assert.equal(refusal(() => checkMaxChoices(2, false, 4)).key, "polls:errors.maxWithoutMulti");
    assert.deepEqual(refusal(() => checkMaxChoices(1, true, 4)).params, { max: 4, input: "1" });
    assert.deepEqual(refusal(() => checkMaxChoices(5, true, 4)).params, { max: 4, input: "5" });
  });
});

describe("who a reminder names", () => {
  const member = (personId: string, role: RemindMember["role"], platforms: string[]): RemindMember => ({
    personId,
    displayName: personId,
    role,
    identities: platforms.map((platform) => ({ id: `${platform}:${personId}`, platform })),
  });
  const members = [
    member("ann", "member", ["tg"]),
    member("bo", "coordinator", ["slack"]),
    member("cy", "admin", ["tg", "slack"]),
  ];

  it("is those who may vote and have not; in a coordinators-only poll, coordinators and admins", () => {
    assert.deepEqual(
      notVoted(members, new Set(["cy"]), "members").map((m) => m.personId),
      ["ann", "bo"],
    );
    assert.deepEqual(
      notVoted(members, new Set(), "coordinators").map((m) => m.personId),
      ["bo", "cy"],
    );
  });

  it("mentions each by their identity on the chat's platform, leaving out those who have none there", () => {
    assert.deepEqual(mentionsOn(members, "tg"), [
      { identityId: "tg:ann", name: "ann" },
      { identityId: "tg:cy", name: "cy" },
    ]);
  });
});

describe("ballot rules", () => {
  const single: BallotPoll = { open: true, multi: false, anonymous: false, optionCount: 3 };
  const multi: BallotPoll = { ...single, multi: true };
  const anonymous: BallotPoll = { ...single, anonymous: true };
  const open = (choices: number[]) => ({ anonymous: false as const, choices });

  it("single choice: a new choice replaces the old; the current one again retracts", () => {
    assert.deepEqual(decideBallot(single, open([]), { kind: "toggle", position: 1 }), {
      kind: "cast",
      add: [1],
      remove: [],
      choices: [1],
      effect: "voted",
    });
    assert.deepEqual(decideBallot(single, open([1]), { kind: "toggle", position: 2 }), {
      kind: "cast",
      add: [2],
      remove: [1],
      choices: [2],
      effect: "changed",
    });
    assert.deepEqual(decideBallot(single, open([2]), { kind: "toggle", position: 2 }), {
      kind: "cast",
      add: [],
      remove: [2],
      choices: [],
      effect: "retracted",
    });
  });

  it("multiple choice: a press adds or removes that option only", () => {
    const added = decideBallot(multi, open([0]), { kind: "toggle", position: 2 });
    assert.deepEqual(added, { kind: "cast", add: [2], remove: [], choices: [0, 2], effect: "added" });
    const removed = decideBallot(multi, open([0, 2]), { kind: "toggle", position: 0 });
    assert.deepEqual(removed, { kind: "cast", add: [], remove: [0], choices: [2], effect: "removed" });
    const changed = decideBallot(multi, open([0, 2]), { kind: "set", positions: [1, 2] });
    assert.deepEqual(changed, { kind: "cast", add: [1], remove: [0], choices: [1, 2], effect: "changed" });
  });

  it("choose up to N: a press or set past the limit is refused whole; taking one back still works", () => {
    const upTo2: BallotPoll = { ...multi, maxChoices: 2 };
    assert.deepEqual(decideBallot(upTo2, open([0, 1]), { kind: "toggle", position: 2 }), {
      kind: "refused",
      reason: "tooMany",
    });
    assert.deepEqual(decideBallot(upTo2, open([]), { kind: "set", positions: [0, 1, 2] }), {
      kind: "refused",
      reason: "tooMany",
    });
    assert.deepEqual(decideBallot(upTo2, open([0, 1]), { kind: "add", position: 2 }), {
      kind: "refused",
      reason: "tooMany",
    });
    const anonymousUpTo2: BallotPoll = { ...upTo2, anonymous: true };
    assert.deepEqual(
      decideBallot(anonymousUpTo2, { anonymous: true, voted: false }, { kind: "set", positions: [0, 1, 2] }),
      { kind: "refused", reason: "tooMany" },
    );
    const removed = decideBallot(upTo2, open([0, 1]), { kind: "toggle", position: 1 });
    assert.deepEqual(removed, { kind: "cast", add: [], remove: [1], choices: [0], effect: "removed" });
    const added = decideBallot(upTo2, open([0]), { kind: "toggle", position: 2 });
    assert.deepEqual(added, { kind: "cast", add: [2], remove: [], choices: [0, 2], effect: "added" });
  });

  it("a set (typed or native) is exactly those options: the same set again changes nothing, none retracts", () => {
    assert.equal(
      (decideBallot(single, open([1]), { kind: "set", positions: [1] }) as { effect: string }).effect,
      "unchanged",
    );
    assert.equal(
      (decideBallot(single, open([1]), { kind: "set", positions: [] }) as { effect: string }).effect,
      "retracted",
    );
    assert.deepEqual(decideBallot(single, open([]), { kind: "set", positions: [0, 1] }), {
      kind: "refused",
      reason: "oneChoice",
    });
  });

  it("an added or removed native answer (Discord) changes that one option; a repeat changes nothing", () => {
    const effect = (poll: BallotPoll, choices: number[], request: Parameters<typeof decideBallot>[2]) =>
      (decideBallot(poll, open(choices), request) as { effect: string; choices: number[] }) ?? {};
    assert.deepEqual(decideBallot(multi, open([0]), { kind: "add", position: 2 }), {
      kind: "cast",
      add: [2],
      remove: [],
      choices: [0, 2],
      effect: "added",
    });
    assert.equal(effect(multi, [0, 2], { kind: "add", position: 2 }).effect, "unchanged");
    assert.equal(effect(multi, [0, 2], { kind: "remove", position: 0 }).effect, "removed");
    assert.equal(effect(multi, [2], { kind: "remove", position: 0 }).effect, "unchanged");
    // Single choice: an addition replaces the old answer, as Discord's own poll does.
    assert.deepEqual(effect(single, [0], { kind: "add", position: 1 }).choices, [1]);
    assert.equal(effect(single, [1], { kind: "remove", position: 1 }).effect, "retracted");
    assert.deepEqual(decideBallot(anonymous, { anonymous: true, voted: true }, { kind: "remove", position: 0 }), {
      kind: "refused",
      reason: "final",
    });
  });

  it("anonymous: cast once, final; nothing to retract", () => {
    assert.deepEqual(decideBallot(anonymous, { anonymous: true, voted: false }, { kind: "toggle", position: 0 }), {
      kind: "cast",
      add: [0],
      remove: [],
      choices: [0],
      effect: "voted",
    });
    assert.deepEqual(decideBallot(anonymous, { anonymous: true, voted: true }, { kind: "toggle", position: 0 }), {
      kind: "refused",
      reason: "final",
    });
    assert.deepEqual(decideBallot(anonymous, { anonymous: true, voted: false }, { kind: "set", positions: [] }), {
      kind: "refused",
      reason: "empty",
    });
  });

  it("refuses votes on a closed poll and options that do not exist", () => {
    assert.deepEqual(decideBallot({ ...single, open: false }, open([]), { kind: "toggle", position: 0 }), {
      kind: "refused",
      reason: "closed",
    });
    assert.deepEqual(decideBallot(single, open([]), { kind: "toggle", position: 3 }), {
      kind: "refused",
      reason: "badOption",
    });
    assert.deepEqual(decideBallot(single, open([]), { kind: "set", positions: [-1] }), {
      kind: "refused",
      reason: "badOption",
    });
  });

  it("reads typed choices: 1-based numbers, commas or spaces, - for none", () => {
    assert.deepEqual(parseChoices(["2"]), [1]);
    assert.deepEqual(parseChoices(["1,3"]), [0, 2]);
    assert.deepEqual(parseChoices(["1", "3"]), [0, 2]);
    assert.deepEqual(parseChoices(["-"]), []);
    assert.equal(refusal(() => parseChoices(["two"])).key, "polls:errors.badChoice");
  });
});

describe("anonymous voter key", () => {
  const keys = new BallotKeys("s".repeat(32));
  const poll = { id: 1, salt: null };

  it("is keyed by the server secret and the poll: stable per poll, different across polls and secrets", () => {
    assert.equal(keys.voterKey(poll, "p1"), new BallotKeys("s".repeat(32)).voterKey(poll, "p1"));
    assert.notEqual(keys.voterKey(poll, "p1"), keys.voterKey({ id: 2, salt: null }, "p1"));
    assert.notEqual(keys.voterKey(poll, "p1"), new BallotKeys("t".repeat(32)).voterKey(poll, "p1"));
    assert.match(keys.voterKey(poll, "p1"), /^[0-9a-f]{64}$/);
    assert.ok(!keys.voterKey(poll, "p1").includes("p1"));
  });

  it("keeps a poll opened before the upgrade on its salt until it closes", () => {
    assert.notEqual(keys.voterKey({ id: 1, salt: "old" }, "p1"), keys.voterKey(poll, "p1"));
    assert.equal(
      keys.voterKey({ id: 1, salt: "old" }, "p1"),
      new BallotKeys("t".repeat(32)).voterKey({ id: 1, salt: "old" }, "p1"),
    );
  });
});

describe("poll to shift", () => {
  const ctx = { locale: "en" as const, timezone: "Europe/Helsinki", now: new Date("2026-12-01T08:00:00Z") };

  it("reads each option as the shift's time when the poll is made, and stores it", () => {
    const plan = planShift("Park clean-up", 8, ["sat 10:00", "sun 12:00"], ctx);
    assert.deepEqual(plan, {
      title: "Park clean-up",
      slots: 8,
      starts: ["2026-12-05T08:00:00.000Z", "2026-12-06T10:00:00.000Z"],
    });
    assert.deepEqual(decodePlan(encodePlan(plan)), plan);
    assert.equal(decodePlan("not json"), undefined);
    assert.equal(planShift("T", undefined, ["sat 10:00", "sun 10:00"], ctx).slots, 1000);
  });

  it("refuses options that are not future times, naming the option", () => {
    assert.deepEqual(refusal(() => planShift("T", 8, ["sat 10:00", "Park"], ctx)).params, {
      number: 2,
      option: "Park",
    });
    assert.equal(refusal(() => planShift("T", 8, ["sat", "sun 10:00"], ctx)).key, "polls:errors.optionNotTime");
    assert.equal(
      refusal(() => planShift("T", 8, ["2026-11-28 10:00", "sun 10:00"], ctx)).key,
      "polls:errors.optionInPast",
    );
    assert.equal(refusal(() => planShift("T", 0, ["sat 10:00", "sun 10:00"], ctx)).key, "tasks:errors.slotsRange");
  });

  it("makes the single winner's time the shift; a tie, no votes or a past time make none", () => {
    const plan = planShift("T", 8, ["sat 10:00", "sun 12:00"], ctx);
    const options = [
      { position: 0, text: "sat 10:00" },
      { position: 1, text: "sun 12:00" },
    ];
    assert.deepEqual(decideShift(plan, tallyOf(options, new Map([[1, 2]]), 2), ctx.now), {
      kind: "create",
      position: 1,
      startsAt: new Date("2026-12-06T10:00:00.000Z"),
    });
    assert.deepEqual(
      decideShift(
        plan,
        tallyOf(
          options,
          new Map([
            [0, 1],
            [1, 1],
          ]),
          2,
        ),
        ctx.now,
      ),
      {
        kind: "tie",
        positions: [0, 1],
      },
    );
    assert.deepEqual(decideShift(plan, tallyOf(options, new Map(), 0), ctx.now), { kind: "noVotes" });
    assert.deepEqual(decideShift(plan, tallyOf(options, new Map([[0, 1]]), 1), new Date("2026-12-05T09:00:00Z")), {
      kind: "past",
      position: 0,
    });
  });
});

describe("bulkhead", () => {
  it("runs at most `limit` at once and the rest in the order they came, also after failures", async () => {
    const bulkhead = new Bulkhead(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const gates = Array.from({ length: 6 }, () => {
      let resolve = () => {};
      const promise = new Promise<void>((done) => {
        resolve = done;
      });
      return { promise, resolve };
    });
    const work = gates.map((gate, i) =>
      bulkhead.run(async () => {
        running++;
        most = Math.max(most, running);
        order.push(i);
        await gate.promise;
        running--;
        if (i === 1) throw new Error("boom");
        return i;
      }),
    );
    const settled = Promise.allSettled(work);
    for (const gate of gates) {
      await new Promise((resolve) => setImmediate(resolve));
      gate.resolve();
    }
    const results = await settled;
    assert.equal(most, 2);
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
    assert.equal(results[1]?.status, "rejected");
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 5);
  });
});
