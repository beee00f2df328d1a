// /poll through the whole bot (router, delivery, outbox, jobs) on a second
// platform, on SQLite and PostgreSQL: every command and flag, who may do
// what, a localised line for every kind of bad input, auto-close, and poll
// to shift.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it, vi } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { StorageUnavailable } from "../../../src/core/storage-unavailable.js";
import { forEachDatabase } from "../../support/databases.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { type PollsTestApp, startPollsApp } from "./harness.js";

forEachDatabase("poll commands", (getDatabase) => {
  let app: PollsTestApp;
  let mem: MemoryAdapter;
  const clock = new ManualClock("2026-12-01T08:00:00Z"); // Tue 1 Dec, 10:00 in Helsinki
  const say = async (user: string, text: string, chat = "kallio") => {
    await mem.command(chat, user, text);
    return mem.lastText(chat);
  };
  const cardOf = (question: string) => mem.sent.find((m) => m.message.title === question)!;
  let polls = 0;
  const ask = async (user: string, text: string) => {
    const reply = await say(user, text);
    polls++;
    return reply;
  };

  beforeAll(async () => {
    mem = new MemoryAdapter("mem");
    app = await startPollsApp(getDatabase().url, { clock, adapters: [mem], console: false });
    await mem.command("kallio", "alice", "/setup community Kallio", { admin: true });
    for (const name of ["bob", "carol", "dave", "erin"]) await say(name, "/help");
    await say("alice", "/role @bob coordinator");
  });
  afterAll(() => app.close());

  it("answers bad input with one clear line, never a truncated poll", async () => {
    const cases: Array<[string, RegExp]> = [
      // A line without a question or two options asks for them (a guided flow).
      ["/poll", /What do you want to ask\?/],
      ['/poll "Only one?" "Yes"', /What are the options\?/],
      [`/poll "Q" ${Array.from({ length: 11 }, (_, i) => `o${i}`).join(" ")}`, /this one has 11/],
      [`/poll "${"q".repeat(301)}" "A" "B"`, /A question is 1 to 300 characters \(this one has 301\)/],
      [`/poll "Q" "A" "${"b".repeat(101)}"`, /Option 2 must be 1 to 100 characters \(it has 101\)/],
      ['/poll "Q" "Park" "park"', /“park” is there twice/],
      ['/poll "Q" "A" "B" --who mayors', /“mayors” is not who can vote/],
      ['/poll "Q" "A" "B" --closes whenever', /can't read “whenever” as a closing time/],
      ['/poll "Q" "A" "B" --closes friday', /“friday” has no time of day/],
      ['/poll "Q" "A" "B" --slots 3', /--slots goes with --then-task/],
      ['/poll "Q" "A" "B" --colour red', /There is no option --colour here/],
      ["/poll close 99", /There is no poll #99 in this community/],
      ["/poll results abc", /“abc” is not a poll number/],
      ["/poll list someday", /“someday” is not a list\. Use open or closed\./],
      ["/poll close", /Something is missing\. Usage:\n\/poll close <id>/],
    ];
    for (const [command, expected] of cases) assert.match(await say("bob", command), expected, command);
    await say("bob", "/cancel");
    assert.equal(await getDatabase().db.poll.count(), 0);
    // In Finnish for someone who chose Finnish.
    await say("erin", "/lang fi --me");
    assert.match(await say("erin", '/poll "K" "A"'), /Mitkä ovat vaihtoehdot\?/);
    await say("erin", "/cancel");
    await say("erin", "/lang en --me");
  });

  it("asks a poll: the reply is the card, one button per option plus Results", async () => {
    await ask("carol", '/poll "Where shall we meet?" "Library" "Park" "Cafe"');
    const { message } = cardOf("Where shall we meet?");
    assert.deepEqual(
      message.buttons?.map((row) => row.map((b) => b.label)),
      [["Library"], ["Park"], ["Cafe"], ["Results"]],
    );
    assert.equal(message.footer, "Poll #1");
    assert.match(message.text, /0 people voted\n\nOne choice\. Press your choice again to take it back\./);
    const post = await getDatabase().db.pollPost.findFirstOrThrow({ where: { pollId: 1 } });
    assert.equal(post.chatId, "mem:kallio");
  });

  it("acknowledges each press with a toast: vote, change, take back", async () => {
    assert.equal((await mem.press("kallio", "dave", "Park")).toast, "You voted for Park.");
    assert.equal((await mem.press("kallio", "dave", "Cafe")).toast, "You changed your vote to Cafe.");
    assert.equal((await mem.press("kallio", "dave", "Cafe")).toast, "You took back your vote.");
    assert.equal((await mem.press("kallio", "erin", "Library")).toast, "You voted for Library.");
    // Typed votes: exactly these options; the same again changes nothing; "-" takes it back.
    assert.match(await say("dave", "/poll vote 1 2"), /You voted for Park\./);
    assert.match(await say("dave", "/poll vote #1 2"), /Your vote stays: Park\./);
    assert.match(await say("dave", "/poll vote 1 1,2"), /Poll #1 takes one choice/);
    assert.match(await say("dave", "/poll vote 1 7"), /Poll #1 has no such option/);
    assert.match(await say("dave", "/poll vote 1 -"), /You took back your vote\./);
    await say("dave", "/poll vote 1 2");
  });

  it("shows results privately, with names in an open poll and the reader's own vote", async () => {
    await mem.press("kallio", "erin", "Results");
    const results = mem.sent.at(-1)!;
    assert.equal(results.message.ephemeralFor, "mem:erin");
    assert.match(results.message.text, /1\. Library — 1 \(50%\)[^\n]*\n {3}erin\n2\. Park — 1 \(50%\)[^\n]*\n {3}dave/);
    assert.match(results.message.text, /Your vote: Library/);
    await say("carol", "/poll results 1");
    assert.equal(mem.sent.at(-1)!.message.ephemeralFor, "mem:carol");
    assert.match(mem.sent.at(-1)!.message.text, /You haven't voted\./);
  });

  it("lists open and closed polls", async () => {
    assert.match(await say("carol", "/poll list"), /Open polls\n#1 · “Where shall we meet\?” · 2 people voted/);
    assert.match(await say("carol", "/poll list closed"), /No closed polls yet\./);
  });

  it("lets the creator, a coordinator or an admin close a poll, and nobody else", async () => {
    assert.match(
      await say("dave", "/poll close 1"),
      /Only the person who started poll #1, a coordinator or an admin can close it\./,
    );
    await ask("dave", '/poll "Dave asks?" "A" "B"');
    assert.match(await say("dave", "/poll close 2"), /Poll #2 closed: Dave asks\?/);
    assert.match(await say("dave", "/poll close 2"), /Poll #2 is already closed\./);
    const closed = await say("bob", "/poll close 1");
    assert.match(closed, /Poll #1 closed: Where shall we meet\?\nThe final result is on the poll's card\./);
    await app.settle();
    const card = cardOf("Where shall we meet?");
    assert.equal(card.message.buttons, undefined);
    assert.match(card.message.text, /a tie between Library, Park/);
    // The result is shown once: on the edited card, not again in the reply.
    const results = mem.messagesIn("kallio").filter((m) => /a tie between Library, Park/.test(m.message.text));
    assert.deepEqual(
      results.map((m) => m.message.title),
      ["Where shall we meet?"],
    );
    assert.match(
      await say("carol", "/poll list closed"),
      /#1 · “Where shall we meet\?” · 2 people voted · a tie: Library, Park/,
    );
  });

  it("closes from another chat of the community, posting the summary where the poll was", async () => {
    await ask("carol", '/poll "Elsewhere?" "A" "B"');
    await mem.command("dm:bob", "bob", "/help");
    await say("alice", "/setup invite");
    const code = /Invite code: ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(mem.lastText("kallio"))?.[1];
    await mem.command("annex", "alice", `/setup join ${code}`, { admin: true });
    await mem.command("annex", "bob", `/poll close ${polls}`);
    assert.match(mem.lastText("annex"), /Poll #\d+ is closed\. The results are posted in the chat it was in\./);
    await app.settle();
    assert.match(mem.lastText("kallio"), /Poll #\d+ closed: Elsewhere\?/);
  });

  it("keeps a hidden poll's results hidden until it closes; voters see only that their vote is counted", async () => {
    await ask("carol", '/poll "Surprise?" "Cake" "Pie" --hidden');
    assert.equal((await mem.press("kallio", "dave", "Cake")).toast, "Your vote is counted.");
    assert.equal((await mem.press("kallio", "erin", "Cake")).toast, "Your vote is counted.");
    clock.advance(1_000);
    await app.settle();
    const card = cardOf("Surprise?");
    assert.match(card.message.text, /Results are hidden until the poll closes\. 2 people have voted so far\./);
    assert.doesNotMatch(card.message.text, /Cake — /);
    await mem.press("kallio", "dave", "Results");
    assert.doesNotMatch(mem.sent.at(-1)!.message.text, /Cake — /);
    await say("carol", `/poll close ${polls}`);
    await app.settle();
    assert.match(cardOf("Surprise?").message.text, /1\. Cake — 2 \(100%\)/);
  });

  it("takes several choices with --multi: a press adds or removes one", async () => {
    await ask("carol", '/poll "Which days?" "Mon" "Tue" "Wed" --multi');
    assert.equal((await mem.press("kallio", "dave", "Mon")).toast, "You voted for Mon.");
    assert.equal((await mem.press("kallio", "dave", "Wed")).toast, "Added Wed. Your choices: Mon, Wed.");
    assert.equal((await mem.press("kallio", "dave", "Mon")).toast, "Removed Mon. Your choices: Wed.");
    assert.match(await say("erin", `/poll vote ${polls} 1,2`), /You voted for Mon, Tue\./);
    const tally = await app.s.polls.tally((await app.s.polls.find(polls))!);
    assert.equal(tally.voters, 2);
    assert.deepEqual(
      tally.options.map((o) => o.count),
      [1, 1, 1],
    );
    assert.match(cardOf("Which days?").message.text, /Choose as many as you like/);
  });

  it("takes up to N choices with --max N: a press past it is refused, naming the limit, and changes nothing", async () => {
    assert.match(await say("carol", '/poll "Q" "A" "B" "C" --max 2'), /--max .* goes with --multi/);
    assert.match(await say("carol", '/poll "Q" "A" "B" "C" --multi --max 4'), /from 2 to 3 .*“4” is not/);
    assert.match(await say("carol", '/poll "Q" "A" "B" "C" --multi --max 1'), /from 2 to 3 .*“1” is not/);
    await ask("carol", '/poll "Two evenings?" "Mon" "Tue" "Wed" --multi --max 2');
    assert.match(cardOf("Two evenings?").message.text, /Choose up to 2\. Press an option again to take it back\./);
    await mem.press("kallio", "dave", "Mon");
    await mem.press("kallio", "dave", "Tue");
    const over = await mem.press("kallio", "dave", "Wed");
    assert.equal(over.status, "failed");
    assert.equal(over.toast, `Poll #${polls} takes up to 2 choices. Take one back first, then choose another.`);
    assert.match(await say("erin", `/poll vote ${polls} 1,2,3`), /takes up to 2 choices/);
    assert.equal((await mem.press("kallio", "dave", "Mon")).toast, "Removed Mon. Your choices: Tue.");
    assert.equal((await mem.press("kallio", "dave", "Wed")).toast, "Added Wed. Your choices: Tue, Wed.");
    const tally = await app.s.polls.tally((await app.s.polls.find(polls))!);
    assert.deepEqual([tally.voters, ...tally.options.map((o) => o.count)], [1, 0, 1, 1]);
  });

  it("limits the private ballot of an anonymous --max poll at the tick", async () => {
    await ask("carol", '/poll "Secret pair?" "Mon" "Tue" "Wed" --multi --max 2 --anonymous');
    await mem.press("kallio", "dave", "Mon");
    const ballotId = mem.sent.filter((m) => m.message.ephemeralFor === "mem:dave").at(-1)!.id;
    const ballot = () => mem.sent.find((m) => m.id === ballotId)!;
    const press = (label: string) =>
      mem.press(ballot().chatId.slice("mem:".length), "dave", label) as Promise<{ toast?: string }>;
    await press("☐ Tue");
    assert.match((await press("☐ Wed")).toast ?? "", /takes up to 2 choices/);
    assert.deepEqual(
      ballot()
        .message.buttons?.flat()
        .map((b) => b.label),
      ["☑ Mon", "☑ Tue", "☐ Wed", "Submit (2 choices)"],
    );
  });

  it("in an anonymous multiple-choice poll, opens a private ballot and counts it once, finally", async () => {
    await ask("carol", '/poll "Secret days?" "Mon" "Tue" "Wed" --multi --anonymous');
    const opened = await mem.press("kallio", "dave", "Tue");
    assert.equal(opened.toast, "Your private ballot is open: tick your choices, then submit.");
    // The private ballot, then the same message as ticks update it in place.
    const ballotId = mem.sent.filter((m) => m.message.ephemeralFor === "mem:dave").at(-1)!.id;
    const ballot = () => mem.sent.find((m) => m.id === ballotId)!;
    assert.deepEqual(
      ballot()
        .message.buttons?.flat()
        .map((b) => b.label),
      ["☐ Mon", "☑ Tue", "☐ Wed", "Submit (1 choice)"],
    );
    // Ticking updates the private ballot in place.
    const press = (label: string) =>
      mem.press(ballot().chatId.slice("mem:".length), "dave", label) as Promise<{ toast?: string }>;
    await press("☐ Wed");
    assert.deepEqual(
      ballot()
        .message.buttons?.flat()
        .map((b) => b.label),
      ["☐ Mon", "☑ Tue", "☑ Wed", "Submit (2 choices)"],
    );
    const submitted = await press("Submit (2 choices)");
    assert.equal(submitted.toast, "Your vote is counted. It's anonymous, so it can't be changed or taken back.");
    assert.match(ballot().message.text, /Your vote is counted, anonymously/);
    const again = await mem.press("kallio", "dave", "Mon");
    assert.match(again.toast ?? "", /You have already voted in poll #\d+\. It is anonymous/);
    const tally = await app.s.polls.tally((await app.s.polls.find(polls))!);
    assert.deepEqual([tally.voters, ...tally.options.map((o) => o.count)], [1, 0, 1, 1]);
    assert.equal(await getDatabase().db.vote.count({ where: { pollId: polls } }), 0);
  });

  it("closes by itself at --closes, with a final edit and a summary", async () => {
    await ask("carol", '/poll "Quick one?" "Yes" "No" --closes 2h');
    assert.equal(cardOf("Quick one?").message.footer, `Poll #${polls} · closes Tue 1 Dec 12:00`);
    const job = await getDatabase().db.job.findUniqueOrThrow({ where: { dedupeKey: `poll:${polls}:close` } });
    assert.equal(job.runAt.toISOString(), new Date(clock.now().getTime() + 2 * 3_600_000).toISOString());
    await mem.press("kallio", "dave", "Yes");
    clock.advance(2 * 3_600_000);
    await app.settle();
    assert.equal((await app.s.polls.find(polls))?.status, "closed");
    assert.match(mem.lastText("kallio"), new RegExp(`Poll #${polls} closed: Quick one\\?\nThe final result is on`));
    assert.match(cardOf("Quick one?").message.text, /Result: “Yes” wins with 1 vote\./);
    assert.equal(mem.messagesIn("kallio").filter((m) => /Result: “Yes” wins/.test(m.message.text)).length, 1);
    assert.match(cardOf("Quick one?").message.footer ?? "", /closed Tue 1 Dec 12:00/);
    assert.equal(cardOf("Quick one?").message.buttons, undefined);
  });

  it("turns the winning time into a shift: the task is made, its voters invited first, then the card posted", async () => {
    assert.match(
      await say("carol", '/poll "Clean-up when?" "sat 10:00" "sun 12:00" --then-task "Park clean-up" --slots 8'),
      /That needs the coordinator role here/,
    );
    assert.match(
      await say("bob", '/poll "Clean-up when?" "sat 10:00" "Park" --then-task "Park clean-up"'),
      /can't read option 2 \(“Park”\) as a day and a time/,
    );
    assert.match(
      await say(
        "bob",
        '/poll "Clean-up when?" "sat 10:00" "sun 12:00" --then-task "Park clean-up" --closes "sat 18:00"',
      ),
      /Option 1 \(“sat 10:00”\) starts before the poll closes/,
    );
    await ask(
      "bob",
      '/poll "Clean-up when?" "sat 10:00" "sun 12:00" --then-task "Park clean-up" --slots 8 --closes 2h',
    );
    assert.match(cardOf("Clean-up when?").message.text, /The winning time becomes the shift “Park clean-up”/);
    await mem.press("kallio", "dave", "sat 10:00");
    await mem.press("kallio", "erin", "sat 10:00");
    await mem.press("kallio", "carol", "sun 12:00");
    const before = mem.sent.length;
    clock.advance(2 * 3_600_000);
    await app.settle();

    const poll = await getDatabase().db.poll.findUniqueOrThrow({ where: { id: polls } });
    const task = await getDatabase().db.task.findUniqueOrThrow({ where: { id: poll.createdTaskId! } });
    assert.deepEqual(
      [task.title, task.startsAt.toISOString(), task.capacity, task.originChatId],
      ["Park clean-up", "2026-12-05T08:00:00.000Z", 8, "mem:kallio"],
    );
    const after = mem.sent.slice(before);
    const invites = after.filter((m) => m.message.text.startsWith("You voted for sat 10:00"));
    assert.deepEqual(invites.map((m) => m.message.mention?.identityId).sort(), ["mem:dave", "mem:erin"]);
    assert.deepEqual(
      invites[0]!.message.buttons?.flat().map((b) => b.label),
      ["Join"],
    );
    const summary = after.find((m) => m.message.title === `Poll #${polls} closed: Clean-up when?`);
    assert.match(
      summary?.message.text ?? "",
      /Shift #\d+ “Park clean-up” is set for Sat 5 Dec 10:00\. The 2 people who voted for it are invited first; the card follows for everyone at Tue 1 Dec 14:10\./,
    );
    assert.ok(!after.some((m) => m.message.title === "Park clean-up"), "the card waits for the head start");

    // An invited voter joins from the notice (which becomes the task's card), before the card is posted for all.
    const join = await mem.press("kallio", "dave", "Join");
    assert.match(join.toast ?? "", /You're in/);
    const beforeCard = mem.sent.length;
    clock.advance(10 * 60_000);
    await app.settle();
    const card = mem.sent.slice(beforeCard).find((m) => m.message.title === "Park clean-up");
    assert.ok(card, "the task card is posted for everyone after the head start");
    assert.equal(card.chatId, "mem:kallio");
    assert.match(card.message.fields?.find((f) => f.label === "Slots")?.value ?? "", /1\/8 filled/);
  });

  it("makes no shift on a tie, and says so", async () => {
    await ask("bob", '/poll "Or when?" "sat 12:00" "sun 14:00" --then-task "Second clean-up" --slots 4');
    await mem.press("kallio", "dave", "sat 12:00");
    await mem.press("kallio", "erin", "sun 14:00");
    const tasks = await getDatabase().db.task.count();
    const closed = await say("bob", `/poll close ${polls}`);
    await app.settle();
    assert.match(cardOf("Or when?").message.text, /a tie between sat 12:00, sun 14:00/);
    assert.match(closed, /It's a tie, so no shift was made\. A coordinator can pick the time with \/task add\./);
    assert.equal(await getDatabase().db.task.count(), tasks);
  });

  it("deletes a poll for its creator or an admin: votes gone, every copy says so, the close cancelled, audited", async () => {
    await ask("carol", '/poll "Delete me?" "Yes" "No" --closes 3h');
    const id = polls;
    await mem.press("kallio", "dave", "Yes");
    assert.match(
      await say("bob", `/poll delete ${id}`),
      new RegExp(`Only the person who started poll #${id} or an admin can delete it\\.`),
    );
    assert.equal((await app.s.polls.find(id))?.status, "open");
    assert.match(
      await say("carol", `/poll delete ${id}`),
      new RegExp(`Poll #${id} is deleted, with its votes\\. Its card in 1 chat now says so\\.`),
    );
    await app.settle();
    const card = cardOf("Delete me?");
    assert.equal(card.message.text, `Poll #${id} was deleted.`);
    assert.equal(card.message.buttons, undefined);
    const db = getDatabase().db;
    assert.equal(await app.s.polls.find(id), undefined);
    assert.equal(await db.vote.count({ where: { pollId: id } }), 0);
    assert.equal(await db.pollOption.count({ where: { pollId: id } }), 0);
    assert.equal(await db.job.count({ where: { dedupeKey: `poll:${id}:close` } }), 0);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "poll.delete", subject: `poll:${id}` } });
    assert.equal(audit.actorPersonId, (await db.identity.findUniqueOrThrow({ where: { id: "mem:carol" } })).personId);
    assert.match(await say("carol", `/poll delete ${id}`), new RegExp(`There is no poll #${id} in this community`));
    // A vote that still names it (a card sent before the edit landed) finds no poll.
    const late = await app.s.voting.vote(id, "person-late", { kind: "toggle", position: 0 });
    assert.deepEqual(late, { kind: "refused", reason: "missing" });
  });

  it("lets an admin delete anyone's poll", async () => {
    await ask("dave", '/poll "Admin removes?" "A" "B"');
    assert.match(await say("alice", `/poll delete ${polls}`), new RegExp(`Poll #${polls} is deleted`));
  });

  it("reminds those who have not voted, naming only this community's members, at most once an hour", async () => {
    await mem.command("toolo", "frank", "/setup community Töölö", { admin: true });
    await ask("carol", '/poll "Remind us?" "Yes" "No"');
    const id = polls;
    await mem.press("kallio", "dave", "Yes");
    assert.match(
      await say("erin", `/poll remind ${id}`),
      new RegExp(`Only the person who started poll #${id}, a coordinator or an admin can send a reminder\\.`),
    );
    assert.match(
      await say("carol", `/poll remind ${id}`),
      new RegExp(`Reminded 4 people who have not voted in poll #${id}\\.`),
    );
    await app.settle();
    const notice = mem.messagesIn("kallio").find((m) => /^Reminder: poll/.test(m.message.text))!;
    assert.match(
      notice.message.text,
      new RegExp(`Reminder: poll #${id} “Remind us\\?” is open, and 4 people have not voted yet\\.`),
    );
    assert.deepEqual(notice.message.mentions?.map((m) => m.identityId).sort(), [
      "mem:alice",
      "mem:bob",
      "mem:carol",
      "mem:erin",
    ]);
    assert.match(
      await say("bob", `/poll remind ${id}`),
      new RegExp(`Poll #${id} had a reminder within the hour\\. The next one can go in 60 min\\.`),
    );
    clock.advance(3_600_000);
    assert.match(await say("bob", `/poll remind ${id}`), /Reminded 4 people/);
    const db = getDatabase().db;
    assert.equal(await db.auditEntry.count({ where: { action: "poll.remind", subject: `poll:${id}` } }), 2);
    clock.set("2026-12-01T08:00:00Z");
  });

  it("counts a reminder toward the hourly limit only with its messages: a crash before they commit leaves no 'too soon'", async () => {
    await ask("carol", '/poll "Remind after a crash?" "Yes" "No"');
    const id = polls;
    const db = getDatabase().db;
    // The database goes away as the reminder's messages are queued, inside their transaction.
    const spy = vi
      .spyOn(app.s.deps.notifier, "toChat")
      .mockRejectedValueOnce(new StorageUnavailable("the database went away"));
    try {
      const outcome = await mem.command("kallio", "carol", `/poll remind ${id}`);
      assert.equal(outcome.status, "unavailable");
    } finally {
      spy.mockRestore();
    }
    assert.equal(await db.floodEvent.count({ where: { scope: "polls.remind", key: `poll:${id}` } }), 0);
    assert.equal((await mem.redeliverLast()).status, "handled");
    assert.match(mem.messagesIn("kallio").at(-1)?.message.text ?? "", /Reminded \d+ people/);
    assert.equal(await db.auditEntry.count({ where: { action: "poll.remind", subject: `poll:${id}` } }), 1);
  });

  it("refuses a reminder for an anonymous poll, which would show who voted", async () => {
    await ask("carol", '/poll "Secret remind?" "Yes" "No" --anonymous');
    assert.match(
      await say("carol", `/poll remind ${polls}`),
      /is anonymous: a reminder to those who have not voted would show who has, so it can't be sent\./,
    );
  });
});
