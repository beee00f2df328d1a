// --add-options through the whole bot, on SQLite and PostgreSQL: voters add
// options at once (open) or ask the creator, who adds or rejects them from a
// private notice (moderated); the new option is on every copy and takes
// votes; limits on count, length, repeats and per person. The card's Add
// option button asks for the option's text (a guided flow).
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { pollPersonData } from "../../../src/domain/polls/person-data.js";
import { pollPersonMerge } from "../../../src/domain/polls/person-merge.js";
import { forEachDatabase } from "../../support/databases.js";
import { type PollsCommunity, startPollsCommunity } from "./harness.js";

forEachDatabase("poll --add-options", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let c: PollsCommunity;
  const say = (user: string, text: string, chat?: string) => c.say(user, text, chat);
  const labelsOn = (question: string) =>
    c.mem.sent
      .filter((m) => m.message.title === question && m.message.buttons)
      .map((m) => m.message.buttons?.flat().map((b) => b.label));
  const ask = async (user: string, text: string) => {
    await say(user, text);
    return c.latestPollId();
  };

  beforeAll(async () => {
    c = await startPollsCommunity(getDatabase().url, clock, ["dave", "erin", "carol"]);
    // carol can be written to directly.
    await c.mem.command("dm:carol", "carol", "/help");
  });
  afterAll(() => c.app.close());

  it("refuses --add-options it cannot keep, and a poll without it takes no new options", async () => {
    assert.match(
      await say("bob", '/poll "Q" "A" "B" --add-options sometimes'),
      /“sometimes” is not a way to add options/,
    );
    assert.match(
      await say("bob", '/poll "When?" "sat 10:00" "sun 10:00" --then-task "Clean-up" --add-options open'),
      /--add-options does not go with --then-task/,
    );
    const id = await ask("bob", '/poll "Plain?" "A" "B"');
    assert.match(await say("dave", `/poll add-option ${id} "C"`), /takes no new options/);
  });

  it("open: a voter's option is added at once, on every copy, and takes votes", async () => {
    const id = await ask("bob", '/poll "Picnic where?" "Park" "Beach" --add-options open --everywhere');
    await c.app.settle();
    const card = c.mem.sent.find((m) => m.message.title === "Picnic where?")!;
    assert.match(card.message.text, new RegExp(`Anyone who votes can add an option: /poll add-option ${id}`));
    assert.match(
      await say("dave", `/poll add-option ${id} "Forest"`),
      new RegExp(`Added “Forest” to poll #${id}\\. Every copy of the poll now shows it\\.`),
    );
    await c.app.settle();
    assert.deepEqual(labelsOn("Picnic where?"), [
      ["Park", "Beach", "Forest", "Results", "➕ Add option"],
      ["Park", "Beach", "Forest", "Results", "➕ Add option"],
    ]);
    assert.equal((await c.mem.press("annex", "olga", "Forest")).toast, "You voted for Forest.");
    // Limits: no repeat (in any case), two per person, the length of an option.
    assert.match(await say("erin", `/poll add-option ${id} "forest"`), /already in poll/);
    assert.match(await say("dave", `/poll add-option ${id} "Lake"`), /Added “Lake”/);
    assert.match(
      await say("dave", `/poll add-option ${id} "Hill"`),
      new RegExp(`You have added 2 options to poll #${id}, the most one person can\\.`),
    );
    assert.match(await say("erin", `/poll add-option ${id} "${"x".repeat(101)}"`), /must be 1 to 100 characters/);
    const audit = await getDatabase().db.auditEntry.count({
      where: { action: "poll.option.add", subject: `poll:${id}` },
    });
    assert.equal(audit, 2);
  });

  it("the card's Add option button asks the presser for the option, and Create adds it", async () => {
    const id = await ask("bob", '/poll "Snacks?" "Buns" "Juice" --add-options open');
    await c.app.settle();
    await c.mem.press("kallio", "carol", "➕ Add option");
    assert.match(c.mem.lastText("kallio"), /What option do you want to add\?/);
    await c.mem.message("kallio", "carol", "Fruit salad");
    await c.app.settle();
    const preview = c.mem.messagesIn("kallio").at(-1)!.message;
    assert.match(preview.title ?? "", /Check before it is created/);
    assert.match(JSON.stringify(preview), new RegExp(`/poll add-option ${id} \\\\"Fruit salad\\\\"`));
    await c.mem.press("kallio", "carol", "Create");
    await c.app.settle();
    assert.deepEqual(labelsOn("Snacks?").at(-1), ["Buns", "Juice", "Fruit salad", "Results", "➕ Add option"]);
    const added = await getDatabase().db.auditEntry.count({
      where: { action: "poll.option.add", subject: `poll:${id}` },
    });
    assert.equal(added, 1);
  });

  it("open: stops at 10 options", async () => {
    const options = Array.from({ length: 9 }, (_, i) => `"o${i + 1}"`).join(" ");
    const id = await ask("bob", `/poll "Many?" ${options} --add-options open`);
    assert.match(await say("erin", `/poll add-option ${id} "o10"`), /Added “o10”/);
    assert.match(
      await say("erin", `/poll add-option ${id} "o11"`),
      new RegExp(`Poll #${id} already has 10 options, the most a poll can have\\.`),
    );
  });

  it("moderated: the creator adds or rejects from a private notice, and the voter hears which", async () => {
    const id = await ask("carol", '/poll "Bring what?" "Bread" "Cheese" --add-options moderated');
    assert.match(
      await say("erin", `/poll add-option ${id} "Fruit"`),
      new RegExp(`Your option “Fruit” is sent to the person who asked poll #${id}`),
    );
    await c.app.settle();
    assert.match(c.mem.lastText("dm:carol"), new RegExp(`erin suggests adding “Fruit” to your poll #${id}\\.`));
    assert.deepEqual(labelsOn("Bring what?")[0], ["Bread", "Cheese", "Results", "➕ Add option"]);
    const notice = c.mem.messagesIn("dm:carol").at(-1)!;
    const rejectFruit = notice.message.buttons?.flat().find((b) => b.label === "Reject")?.actionId;
    assert.ok(rejectFruit);
    // Only the creator (or an admin) decides.
    assert.match(
      (await c.mem.press("dm:carol", "dave", "Add")).toast ?? c.mem.lastText("dm:carol"),
      new RegExp(`Only the person who started poll #${id} or an admin can decide`),
    );
    await c.mem.press("dm:carol", "carol", "Add");
    await c.app.settle();
    assert.match(c.mem.lastText("dm:carol"), new RegExp(`Added “Fruit” to poll #${id}\\.`));
    assert.deepEqual(labelsOn("Bring what?")[0], ["Bread", "Cheese", "Fruit", "Results", "➕ Add option"]);
    assert.ok(
      c.mem.messagesIn("kallio").some((m) => m.message.text === `Your option “Fruit” was added to poll #${id}.`),
      "erin hears the decision where she asked",
    );
    // A late press of the notice's other button decides nothing twice.
    assert.equal((await c.mem.pressId("dm:carol", "carol", rejectFruit)).toast, "This suggestion was decided already.");

    await say("erin", `/poll add-option ${id} "Cake"`);
    await c.app.settle();
    await c.mem.press("dm:carol", "carol", "Reject");
    await c.app.settle();
    assert.match(c.mem.lastText("dm:carol"), new RegExp(`Rejected “Cake” for poll #${id}\\.`));
    assert.ok(
      c.mem.messagesIn("kallio").some((m) => m.message.text === `Your option “Cake” was not added to poll #${id}.`),
    );
    assert.deepEqual(labelsOn("Bring what?")[0], ["Bread", "Cheese", "Fruit", "Results", "➕ Add option"]);
    const proposals = await getDatabase().db.pollOptionProposal.findMany({
      where: { pollId: id },
      orderBy: { id: "asc" },
    });
    assert.deepEqual(
      proposals.map((p) => [p.text, p.status]),
      [
        ["Fruit", "added"],
        ["Cake", "rejected"],
      ],
    );
  });

  it("a voter's options are in their data export, move with /link, and leave with them on erasure", async () => {
    const id = await ask("carol", '/poll "Drink what?" "Coffee" "Water" --add-options moderated');
    await say("erin", `/poll add-option ${id} "Tea"`);
    const db = getDatabase().db;
    const erin = (await db.identity.findUniqueOrThrow({ where: { id: "mem:erin" } })).personId;
    const scope = { personId: erin, identityIds: ["mem:erin"], directChatIds: [], names: ["erin"] };
    const exported = (await pollPersonData.export(db, scope, (key) => key)) as {
      optionsAdded: Array<{ option: string; status: string }>;
    };
    assert.deepEqual(
      exported.optionsAdded.map((o) => [o.option, o.status]),
      [
        ["o10", "added"],
        ["Fruit", "added"],
        ["Cake", "rejected"],
        ["Tea", "pending"],
      ],
    );
    // Joined into another person by /link: the proposals are theirs.
    const other = (await db.identity.findUniqueOrThrow({ where: { id: "mem:dave" } })).personId;
    await db.$transaction((tx) => pollPersonMerge(c.app.s.ballots)(tx, other, erin));
    assert.equal(await db.pollOptionProposal.count({ where: { personId: erin } }), 0);
    // Erased: the waiting one goes; the decided ones stay with the poll, pointing at nobody.
    const daveScope = { ...scope, personId: other, identityIds: ["mem:dave"] };
    const marks = { tombstone: "tombstone-1", redact: (text: string) => text, lockRow: async () => {} };
    await db.$transaction((tx) => pollPersonData.erase(tx, daveScope, marks));
    const left = await db.pollOptionProposal.findMany({ where: { text: { in: ["Fruit", "Cake", "Tea"] } } });
    assert.deepEqual(left.map((p) => [p.text, p.personId, p.identityId]).sort(), [
      ["Cake", "tombstone-1", "tombstone-1"],
      ["Fruit", "tombstone-1", "tombstone-1"],
    ]);
  });
});
