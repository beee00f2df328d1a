// Quick polls from start to finish in the console, with the clock moved by
// hand: a member asks a poll that closes by itself, people vote by button
// and by typing (a redelivered press counts once), read the results
// privately and list polls; the poll closes with a final edit and a summary.
// Then an anonymous, hidden poll, closed by its creator; and a coordinator's
// poll to shift, whose winning time becomes a task: its voters are invited
// first, and the card follows.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { type PollsTestApp, startPollsApp } from "../domain/polls/harness.js";
import { forEachDatabase } from "../support/databases.js";

forEachDatabase("polls in the console", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z"); // Tuesday 1 Dec, 10:00 in Helsinki
  let app: PollsTestApp;

  beforeAll(async () => {
    app = await startPollsApp(getDatabase().url, { clock });
  });
  afterAll(() => app.close());

  it("runs polls from the question to the summary, and a poll to a shift", async () => {
    await app.type(":as alice", ":in kallio", "/setup community Kallio");
    await app.type(":as bob", "/help", ":as carol", "/help", ":as dave", "/help");
    await app.type(":as alice", "/role bob coordinator");
    const asked = await app.type(":as carol", '/poll "Where shall we meet?" "Library" "Park" --closes "2h"');
    assert.match(
      asked,
      /Where shall we meet\?\n {2}1\. Library — 0 \(0%\) ░{10}\n {2}2\. Park — 0 \(0%\) ░{10}\n {2}0 people voted/,
    );
    assert.match(asked, /— Poll #1 · closes Tue 1 Dec 12:00\n {2}\[1\] Library {2}\[2\] Park {2}\[3\] Results/);

    // A press is answered at once; the platform's retry of it counts nothing twice.
    const pressed = await app.type(":as dave", ":press 2", ":redeliver", ":as bob", ":press 1");
    assert.equal(pressed, "  (You voted for Park.)\n  (You voted for Library.)\n");
    // The card is edited through the outbox, at most once a second.
    const live = await app.at("2026-12-01T08:00:02Z");
    assert.match(
      live,
      /\[#kallio, edited #\d+\]\n {2}Where shall we meet\?\n {2}1\. Library — 1 \(50%\)[^\n]*\n {2}2\. Park — 1 \(50%\)[^\n]*\n {2}2 people voted/,
    );

    const read = await app.type(":as bob", "/poll results 1", "/poll list");
    assert.match(
      read,
      /\[#kallio, only bob\]\n {2}Results: Where shall we meet\?\n {2}1\. Library — 1 \(50%\)[^\n]*\n {5}bob\n/,
    );
    assert.match(read, /Your vote: Library/);
    assert.match(read, /Open polls\n {2}#1 · “Where shall we meet\?” · 2 people voted · closes Tue 1 Dec 12:00/);
    assert.match(await app.type(":as dave", "/poll vote 1 1"), /You changed your vote to Library\./);

    // Two hours on, the poll closes by itself: a final edit, and the summary.
    const closed = await app.at("2026-12-01T10:00:00Z");
    assert.match(
      closed,
      /\[#kallio, edited #\d+\]\n {2}Where shall we meet\?[\s\S]*Result: “Library” wins with 2 votes\.\n {2}— Poll #1 · closed Tue 1 Dec 12:00\n/,
    );
    assert.match(
      closed,
      /\[#kallio\]\n {2}Poll #1 closed: Where shall we meet\?\n {2}The final result is on the poll's card\./,
    );
    assert.equal(closed.match(/Result: “Library” wins with 2 votes/g)?.length, 1, "the result is shown once");
    assert.match(await app.type(":as carol", ":press 2"), /there is no button 2 on the last message|Poll #1 is closed/);

    // Anonymous and hidden: the vote is final, the counts wait for the close.
    const secret = await app.type(
      ":as carol",
      '/poll "Honest?" "Yes" "No" --anonymous --hidden',
      ":as dave",
      ":press 1",
      ":press 2",
    );
    assert.match(secret, /Results are hidden until the poll closes\. 0 people have voted so far\./);
    assert.match(secret, /Anonymous: nobody, admins included, can see who voted what\. A vote is final/);
    assert.match(secret, /\(Your vote is counted\. It's anonymous, so it can't be changed or taken back\.\)/);
    assert.match(secret, /\(You have already voted in poll #2\. It is anonymous, so your vote is final/);
    const ended = await app.type("/poll close 2", ":as carol", "/poll close 2", "/poll list closed");
    assert.match(ended, /Only the person who started poll #2, a coordinator or an admin can close it\./);
    assert.match(ended, /Poll #2 closed: Honest\?\n {2}The final result is on the poll's card\./);
    assert.match(
      ended,
      /Closed polls\n {2}#2 · “Honest\?” · 1 person voted · “Yes” won\n {2}#1 · “Where shall we meet\?” · 2 people voted · “Library” won/,
    );

    // Poll to shift: the winning time becomes the task; its voters are invited first.
    const shift = await app.type(
      ":as bob",
      '/poll "Clean-up when?" "sat 10:00" "sun 12:00" --then-task "Park clean-up" --slots 8 --closes 1h',
    );
    assert.match(shift, /The winning time becomes the shift “Park clean-up”/);
    await app.type(":as carol", ":press 1", ":as dave", ":press 1", ":as alice", ":press 2");
    const result = await app.at("2026-12-01T11:00:00Z");
    const inviteAt = result.indexOf("@carol You voted for sat 10:00 in “Clean-up when?”, and it won.");
    assert.ok(inviteAt >= 0, result);
    assert.match(
      result,
      /@dave You voted for sat 10:00[^\n]*You're invited first[^\n]*\n {2}— Task #1 · \/task join 1\n {2}\[1\] Join/,
    );
    assert.match(
      result,
      /Shift #1 “Park clean-up” is set for Sat 5 Dec 10:00\. The 2 people who voted for it are invited first; the card follows for everyone at Tue 1 Dec 13:10\./,
    );
    assert.doesNotMatch(result, /Slots: /);
    const card = await app.at("2026-12-01T11:10:00Z");
    assert.match(card, /\[#kallio\]\n {2}Park clean-up\n {2}When: Sat 5 Dec 10:00\n {2}Slots: 0\/8 filled/);
  });

  it("edits a poll: question and closing time, options until the first vote, the card in step", async () => {
    const asked = await app.type(":as carol", '/poll "Bring what?" "Bread" "Cheese" --closes "3h"');
    const id = /Poll #(\d+)/.exec(asked)?.[1];
    assert.ok(id, asked);
    const edited = await app.type(
      `/poll edit ${id} "Bring what on Sunday?" "Bread" "Cheese" "Fruit" --closes "wed 18:00"`,
    );
    assert.match(edited, new RegExp(`Poll #${id} is changed\\. Its card in 1 chat now shows the change\\.`));
    const card = await app.at("2026-12-01T11:11:00Z");
    assert.match(
      card,
      new RegExp(
        `\\[#kallio, edited #\\d+\\]\\n {2}Bring what on Sunday\\?[\\s\\S]*3\\. Fruit — 0[\\s\\S]*— Poll #${id} · closes Wed 2 Dec 18:00`,
      ),
    );
    assert.match(await app.type(":as dave", `/poll vote ${id} 3`), /You voted for Fruit\./);
    assert.match(
      await app.type(":as carol", `/poll edit ${id} "Bring what?" "Bread" "Cake"`),
      new RegExp(`People have already voted in poll #${id}, so its options stay as they are`),
    );
    assert.match(
      await app.type(":as dave", `/poll edit ${id} "Mine now?"`),
      new RegExp(`Only the person who started poll #${id} or an admin can edit it\\.`),
    );
  });

  it("adds options: at once in an open poll, after the creator's Add in a moderated one", async () => {
    const asked = await app.type(":as carol", '/poll "Picnic where?" "Park" "Beach" --add-options open');
    const id = /Poll #(\d+)/.exec(asked)?.[1];
    assert.ok(id, asked);
    assert.match(asked, new RegExp(`Anyone who votes can add an option: /poll add-option ${id} "…"`));
    assert.match(
      await app.type(":as dave", `/poll add-option ${id} "Forest"`),
      new RegExp(`Added “Forest” to poll #${id}\\.`),
    );
    const card = await app.at("2026-12-01T11:12:00Z");
    assert.match(card, /3\. Forest — 0[\s\S]*\[3\] Forest {2}\[4\] Results/);

    const moderated = await app.type(":as carol", '/poll "Bring what?" "Bread" "Cheese" --add-options moderated');
    const second = /Poll #(\d+)/.exec(moderated)?.[1];
    const proposed = await app.type(":as dave", `/poll add-option ${second} "Fruit"`);
    assert.match(proposed, new RegExp(`Your option “Fruit” is sent to the person who asked poll #${second}`));
    const notice = await app.at("2026-12-01T11:13:00Z");
    assert.match(
      notice,
      new RegExp(`dave suggests adding “Fruit” to your poll #${second}\\.[\\s\\S]*\\[1\\] Add {2}\\[2\\] Reject`),
    );
    const decided = await app.type(":as carol", ":press 1");
    assert.match(decided, new RegExp(`Added “Fruit” to poll #${second}\\.`));
    const after = await app.at("2026-12-01T11:14:00Z");
    assert.match(after, new RegExp(`Your option “Fruit” was added to poll #${second}\\.`));
    assert.match(after, /Bring what\?[\s\S]*3\. Fruit — 0/);
  });

  it("schedules a poll with --opens: listed until its time, then posted by its job", async () => {
    const asked = await app.type(":as bob", '/poll "Sauna on Friday?" "Yes" "No" --opens "thu 9:00" --closes 2h');
    const id = /Poll #(\d+) is scheduled/.exec(asked)?.[1];
    assert.ok(id, asked);
    assert.doesNotMatch(asked, /\[1\] Yes/);
    assert.match(
      await app.type("/poll list scheduled"),
      new RegExp(`#${id} · “Sauna on Friday\\?” · 0 people voted · opens Thu 3 Dec 09:00`),
    );
    const opened = await app.at("2026-12-03T07:00:00Z");
    assert.match(
      opened,
      new RegExp(`\\[#kallio\\]\\n {2}Sauna on Friday\\?[\\s\\S]*— Poll #${id} · closes Thu 3 Dec 11:00`),
    );
    assert.match(await app.type(":as dave", `/poll vote ${id} 1`), /You voted for Yes\./);
  });
});
