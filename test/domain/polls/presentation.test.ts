// What people read: the card (open, hidden, anonymous, closed), private
// results, list lines, the private ballot, toasts, the closing summary and
// the invitation. Pure, in English unless a test says otherwise.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { Translator } from "../../../src/core/i18n.js";
import { acknowledgement } from "../../../src/domain/polls/commands/vote.js";
import {
  decodeSelection,
  encodeSelection,
  messageHash,
  type Presentation,
  renderDraftBallot,
  renderListLine,
  renderPollCard,
  renderResults,
} from "../../../src/domain/polls/poll-card.js";
import { inviteNotice, summaryNotice } from "../../../src/domain/polls/poll-notices.js";
import type { PollRecord } from "../../../src/domain/polls/poll-repository.js";
import { tallyOf } from "../../../src/domain/polls/tally.js";
import { pollTranslations } from "../../../src/domain/polls/translations.js";
import { taskTranslations } from "../../../src/domain/tasks/translations.js";

const translator = new Translator([pollTranslations, taskTranslations]);
const now = new Date("2026-12-01T08:00:00Z");
const p = (locale: "en" | "fi" | "sv" = "en"): Presentation => ({
  t: translator.forLocale(locale),
  locale,
  timezone: "Europe/Helsinki",
  now,
});

function poll(extra: Partial<PollRecord> = {}): PollRecord {
  return {
    id: 3,
    communityId: "c1",
    question: "Where shall we meet?",
    multi: false,
    maxChoices: null,
    anonymous: false,
    hidden: false,
    everywhere: false,
    native: false,
    whoCanVote: "members",
    status: "open",
    closesAt: null,
    closedAt: null,
    salt: "s",
    thenTask: null,
    createdTaskId: null,
    createdByPersonId: "p1",
    originChatId: "memory:kallio",
    version: 0,
    addOptions: null,
    opensAt: null,
    createdAt: now,
    updatedAt: now,
    ...extra,
  };
}

const options = [
  { position: 0, text: "Library" },
  { position: 1, text: "Park" },
];
const tally = tallyOf(
  options,
  new Map([
    [0, 3],
    [1, 1],
  ]),
  4,
);

describe("the poll card", () => {
  it("shows counts, shares and bars, the rules, the number, and a button per option plus Results", () => {
    const card = renderPollCard(poll({ closesAt: new Date("2026-12-04T16:00:00Z") }), tally, p());
    assert.equal(card.title, "Where shall we meet?");
    assert.equal(
      card.text,
      [
        "1. Library — 3 (75%) ████████░░",
        "2. Park — 1 (25%) ███░░░░░░░",
        "4 people voted",
        "",
        "One choice. Press your choice again to take it back.",
      ].join("\n"),
    );
    assert.equal(card.footer, "Poll #3 · closes Fri 4 Dec 18:00");
    assert.deepEqual(
      card.buttons?.map((row) => row.map((b) => [b.label, b.action, b.args.join(",")])),
      [[["Library", "poll.vote", "3,0"]], [["Park", "poll.vote", "3,1"]], [["Results", "poll.results", "3"]]],
    );
  });

  it("hides the counts of a hidden poll until it closes, saying how many have voted", () => {
    const card = renderPollCard(poll({ hidden: true }), tally, p());
    assert.match(
      card.text,
      /^1\. Library\n2\. Park\nResults are hidden until the poll closes\. 4 people have voted so far\./,
    );
    assert.doesNotMatch(card.text, /75%/);
    assert.match(renderPollCard(poll({ hidden: true, status: "closed" }), tally, p()).text, /75%/);
  });

  it("says on an anonymous card that nobody sees who voted what and that a vote is final", () => {
    const text = renderPollCard(poll({ anonymous: true, multi: true }), tally, p()).text;
    assert.match(text, /Anonymous: nobody, admins included, can see who voted what\. A vote is final/);
    assert.match(text, /open your private ballot/);
  });

  it("says “choose up to N” on a limited multiple-choice card, in every language", () => {
    assert.match(renderPollCard(poll({ multi: true, maxChoices: 2 }), tally, p()).text, /Choose up to 2\./);
    assert.match(renderPollCard(poll({ multi: true, maxChoices: 2 }), tally, p("fi")).text, /Valitse enintään 2\./);
    assert.match(renderPollCard(poll({ multi: true, maxChoices: 2 }), tally, p("sv")).text, /Välj högst 2\./);
    const anonymous = renderPollCard(poll({ multi: true, anonymous: true, maxChoices: 3 }), tally, p()).text;
    assert.match(anonymous, /open your private ballot[^\n]*\nChoose up to 3\./);
    assert.doesNotMatch(renderPollCard(poll({ multi: true }), tally, p()).text, /up to/);
  });

  it("names coordinators-only polls and a poll to shift", () => {
    const text = renderPollCard(poll({ whoCanVote: "coordinators" }), tally, p(), {
      title: "Park clean-up",
      slots: 8,
      starts: [],
    }).text;
    assert.match(text, /Only coordinators vote in this poll\./);
    assert.match(text, /The winning time becomes the shift “Park clean-up”/);
  });

  it("shows a closed poll's final result, with no buttons; a tie is named as a tie", () => {
    const closed = poll({ status: "closed", closedAt: new Date("2026-12-04T16:00:00Z") });
    const card = renderPollCard(closed, tally, p());
    assert.match(card.text, /Result: “Library” wins with 3 votes\./);
    assert.equal(card.buttons, undefined);
    assert.equal(card.footer, "Poll #3 · closed Fri 4 Dec 18:00");
    const tie = tallyOf(
      options,
      new Map([
        [0, 2],
        [1, 2],
      ]),
      4,
    );
    assert.match(renderPollCard(closed, tie, p()).text, /Result: a tie between Library, Park \(2 votes each\)\./);
    assert.match(renderPollCard(closed, tallyOf(options, new Map(), 0), p()).text, /No votes were cast\./);
  });

  it("speaks Finnish and Swedish", () => {
    assert.match(renderPollCard(poll(), tally, p("fi")).text, /4 henkilöä äänesti/);
    assert.equal(renderPollCard(poll(), tally, p("fi")).footer, "Kysely #3");
    assert.match(renderPollCard(poll(), tally, p("sv")).text, /4 personer har röstat/);
  });

  it("hashes what a copy shows: the same card twice is the same hash, a new count is not", () => {
    const a = renderPollCard(poll(), tally, p());
    assert.equal(messageHash(a), messageHash(renderPollCard(poll(), tally, p())));
    assert.notEqual(messageHash(a), messageHash(renderPollCard(poll(), tallyOf(options, new Map([[0, 4]]), 4), p())));
  });
});

describe("private results and lists", () => {
  it("shows counts with names in an open poll, and the viewer's own vote", () => {
    const names = new Map([
      [0, [{ displayName: "alice" }, { displayName: "bob" }, { displayName: "carol" }]],
      [1, [{ displayName: "dave" }]],
    ]);
    const results = renderResults(poll(), tally, p(), { choices: [1], voted: true }, names);
    assert.equal(results.title, "Results: Where shall we meet?");
    assert.match(results.text, /1\. Library — 3 \(75%\) ████████░░\n {3}alice, bob, carol\n2\. Park/);
    assert.match(results.text, /Your vote: Park$/);
  });

  it("shows no names in an anonymous poll, and only that the viewer voted", () => {
    const results = renderResults(poll({ anonymous: true }), tally, p(), { voted: true });
    assert.doesNotMatch(results.text, /alice/);
    assert.match(results.text, /You have voted\. Your vote is anonymous/);
    assert.match(renderResults(poll(), tally, p(), { voted: false, choices: [] }).text, /You haven't voted\./);
  });

  it("keeps a hidden poll's counts hidden in the private results too, until it closes", () => {
    const results = renderResults(poll({ hidden: true }), tally, p(), { voted: true, choices: [0] });
    assert.match(results.text, /Results are hidden until the poll closes\. 4 people have voted so far\./);
    assert.doesNotMatch(results.text, /75%/);
  });

  it("lists a poll on one line: number, question, voters, closing time or outcome", () => {
    assert.equal(
      renderListLine(poll({ closesAt: new Date("2026-12-04T16:00:00Z") }), tally, p()),
      "#3 · “Where shall we meet?” · 4 people voted · closes Fri 4 Dec 18:00",
    );
    // Next year's closing time shows its year.
    assert.equal(
      renderListLine(poll({ closesAt: new Date("2027-01-08T16:00:00Z") }), tally, p()),
      "#3 · “Where shall we meet?” · 4 people voted · closes Fri 8 Jan 2027 18:00",
    );
    assert.equal(
      renderListLine(poll({ status: "closed" }), tally, p()),
      "#3 · “Where shall we meet?” · 4 people voted · “Library” won",
    );
  });

  it("renders the private ballot of an anonymous multiple-choice poll with ticks and Submit", () => {
    const ballot = renderDraftBallot(poll({ anonymous: true, multi: true }), tally, [1], p());
    assert.deepEqual(
      ballot.buttons?.flat().map((b) => [b.label, b.action, b.args.join("|")]),
      [
        ["☐ Library", "poll.pick", "3|1|0"],
        ["☑ Park", "poll.pick", "3|1|1"],
        ["Submit (1 choice)", "poll.submit", "3|1"],
      ],
    );
    assert.equal(encodeSelection([2, 0, 2]), "0,2");
    assert.deepEqual(decodeSelection("0,2"), [0, 2]);
    assert.deepEqual(decodeSelection(""), []);
  });
});

describe("toasts", () => {
  const t = translator.forLocale("en");
  const opts = [
    { id: 1, position: 0, text: "Library" },
    { id: 2, position: 1, text: "Park" },
  ];
  const open = poll();

  it("names the choice in an open poll", () => {
    assert.equal(acknowledgement(t, open, "voted", [1], { kind: "toggle", position: 1 }, opts), "You voted for Park.");
    assert.equal(
      acknowledgement(t, open, "changed", [0], { kind: "toggle", position: 0 }, opts),
      "You changed your vote to Library.",
    );
    assert.equal(
      acknowledgement(t, open, "retracted", [], { kind: "toggle", position: 0 }, opts),
      "You took back your vote.",
    );
    assert.equal(
      acknowledgement(t, poll({ multi: true }), "added", [0, 1], { kind: "toggle", position: 1 }, opts),
      "Added Park. Your choices: Library, Park.",
    );
  });

  it("says only that the vote is counted in a hidden poll, and that it is final in an anonymous one", () => {
    assert.equal(
      acknowledgement(t, poll({ hidden: true }), "voted", [1], { kind: "toggle", position: 1 }, opts),
      "Your vote is counted.",
    );
    assert.equal(
      acknowledgement(t, poll({ anonymous: true }), "voted", [1], { kind: "toggle", position: 1 }, opts),
      "Your vote is counted. It's anonymous, so it can't be changed or taken back.",
    );
  });
});

describe("closing notices", () => {
  const shift = {
    id: 7,
    title: "Park clean-up",
    startsAt: new Date("2026-12-05T08:00:00Z"),
    endsAt: null,
  };

  it("summarises a closed poll with its result and what became of the shift", () => {
    const summary = summaryNotice(poll(), tally, "Europe/Helsinki", {
      kind: "created",
      task: shift,
      invited: 3,
      cardAt: new Date("2026-12-04T16:10:00Z"),
    })(translator.forLocale("en"), "en");
    assert.equal(summary.title, "Poll #3 closed: Where shall we meet?");
    // The edited card shows the result; the summary points to it instead of repeating it.
    assert.doesNotMatch(summary.text, /Result:/);
    assert.match(summary.text, /^The final result is on the poll's card\./);
    assert.match(
      summary.text,
      /Shift #7 “Park clean-up” is set for Sat 5 Dec 10:00\. The 3 people who voted for it are invited first; the card follows for everyone at Fri 4 Dec 18:10\./,
    );
    const tie = summaryNotice(poll(), tally, "Europe/Helsinki", { kind: "tie" })(translator.forLocale("fi"), "fi");
    assert.match(tie.text, /Tuli tasapeli, joten vuoroa ei tehty\./);
    // A native poll cannot be edited to state the outcome, so its summary does.
    const native = summaryNotice(
      poll(),
      tally,
      "Europe/Helsinki",
      undefined,
      "native",
    )(translator.forLocale("en"), "en");
    assert.match(native.text, /Result: “Library” wins with 3 votes\./);
  });

  it("invites a voter of the winning time with a Join button for the task", () => {
    const invite = inviteNotice(poll(), "sat 10:00", shift, "Europe/Helsinki")(translator.forLocale("en"), "en");
    assert.match(
      invite.text,
      /You voted for sat 10:00 in “Where shall we meet\?”, and it won\. The shift “Park clean-up” is on Sat 5 Dec 10:00\./,
    );
    assert.deepEqual(invite.buttons, [[{ label: "Join", action: "task.join", args: ["7"], style: "primary" }]]);
  });
});
