// /task and /hours through the whole bot (router, delivery, outbox, jobs) on
// a second platform, on SQLite and PostgreSQL: buttons, notices, permissions,
// and a localised line for every kind of bad input.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { mentionsOf } from "../../../src/core/messages.js";
import { forEachDatabase } from "../../support/databases.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { startTasksApp, type TasksTestApp } from "./harness.js";

forEachDatabase("task commands", (getDatabase) => {
  let app: TasksTestApp;
  let tg: MemoryAdapter;
  const clock = new ManualClock("2026-12-01T08:00:00Z"); // Tue 1 Dec, 10:00 in Helsinki
  const say = async (user: string, text: string, chat = "kallio") => {
    await tg.command(chat, user, text);
    return tg.lastText(chat);
  };
  const card = () => tg.sent.find((m) => m.message.title === "Food bank sorting")!;
  const noticesTo = (name: string) =>
    tg.sent.filter((m) => mentionsOf(m.message).some((p) => p.identityId === `tg:${name}`)).map((m) => m.message.text);

  beforeAll(async () => {
    tg = new MemoryAdapter("tg");
    app = await startTasksApp(getDatabase().url, { clock, adapters: [tg], console: false });
    await tg.command("kallio", "alice", "/setup community Kallio", { admin: true });
    for (const name of ["bob", "carol", "dave", "eve"]) await say(name, "/help");
    await say("alice", "/role @bob coordinator");
  });
  afterAll(() => app.close());

  it("lets a coordinator add a shift; the reply is a card with Join, Maybe and Leave", async () => {
    await say(
      "bob",
      '/task add Food bank sorting --when "sat 10:00" --until "13:00" --slots 2 --where "Kallio library" --note "@everyone bring gloves"',
    );
    const { message } = card();
    // Stored in UTC; shown in the community's zone (Helsinki, UTC+2) with the weekday.
    const stored = await getDatabase().db.task.findUniqueOrThrow({ where: { id: 1 } });
    assert.deepEqual(
      [stored.startsAt.toISOString(), stored.endsAt?.toISOString()],
      ["2026-12-05T08:00:00.000Z", "2026-12-05T11:00:00.000Z"],
    );
    // What people typed is echoed as plain text, and cannot ping the whole chat.
    assert.equal(message.text, "@\u2060everyone bring gloves");
    assert.deepEqual(message.fields, [
      { label: "When", value: "Sat 5 Dec 10:00–13:00" },
      { label: "Where", value: "Kallio library" },
      { label: "Slots", value: "0/2 filled" },
    ]);
    assert.deepEqual(
      message.buttons?.flat().map((b) => b.label),
      ["Join", "Maybe", "Leave"],
    );
    assert.equal(message.footer, "Task #1 · /task join 1");
    const posts = await getDatabase().db.taskPost.findMany();
    assert.deepEqual(
      posts.map((p) => [p.taskId, p.chatId]),
      [[1, "tg:kallio"]],
    );
    // Reminders are jobs: 24 h and 1 h before the start.
    const jobs = await getDatabase().db.job.findMany({ where: { kind: "task.reminder" }, orderBy: { runAt: "asc" } });
    assert.deepEqual(
      jobs.map((j) => [j.dedupeKey, j.runAt.toISOString()]),
      [
        ["task:1:reminder:1440", "2026-12-04T08:00:00.000Z"],
        ["task:1:reminder:60", "2026-12-05T07:00:00.000Z"],
      ],
    );
  });

  it("refuses members who are not coordinators", async () => {
    assert.match(await say("carol", '/task add Mine --when "sat 10:00"'), /That needs the coordinator role here/);
  });

  it("joins by button (the card updates in place) and by command; a full shift wait-lists", async () => {
    const pressed = await tg.press("kallio", "carol", "Join");
    assert.equal(pressed.toast, "You're in");
    assert.equal(card().edits, 1);
    assert.equal(card().message.fields?.[2]?.value, "1/2 filled");

    assert.equal(
      await say("dave", "/task join 1"),
      "You're in: “Food bank sorting”, Sat 5 Dec 10:00–13:00. See you there!",
    );
    assert.equal(card().message.fields?.[2]?.value, "2/2 filled");

    const waiting = await tg.press("kallio", "eve", "Join");
    assert.equal(waiting.toast, "You're on the wait-list, number 1");
    assert.equal(card().message.fields?.[2]?.value, "2/2 filled · 1 on the wait-list");
    assert.equal(card().message.text, "@\u2060everyone bring gloves\nIn: carol, dave\nWait-list: eve");

    assert.equal(
      (await tg.press("kallio", "carol", "Join")).toast,
      "You're already in for “Food bank sorting”, Sat 5 Dec 10:00–13:00.",
    );
  });

  it("promotes the first on the wait-list when someone leaves, and tells them through the outbox", async () => {
    assert.equal(
      (await tg.press("kallio", "carol", "Leave")).toast,
      "You left “Food bank sorting”. Thanks for letting us know.",
    );
    assert.equal(card().message.text, "@\u2060everyone bring gloves\nIn: dave, eve");
    await app.settle();
    assert.deepEqual(noticesTo("eve"), [
      "Good news: a place opened up in “Food bank sorting”, Sat 5 Dec 10:00–13:00. You're in!",
    ]);
  });

  it("gives a localised line for bad input", async () => {
    const add = (flags: string) => say("bob", `/task add Test ${flags}`);
    assert.match(await add("--when banana"), /I can't read “banana” as a time/);
    assert.match(await add('--when "yesterday 10:00"'), /“yesterday 10:00” is in the past/);
    assert.match(await add('--when "sat 10:00" --slots 0'), /Slots must be a whole number from 1 to 1000, not 0/);
    assert.match(
      await add('--when "sat 10:00" --slots 10000'),
      /Slots must be a whole number from 1 to 1000, not 10000/,
    );
    assert.match(await add('--when "sat 10:00" --slots many'), /--slots takes a whole number/);
    // Without --when the time is asked for (a guided flow), which /cancel leaves.
    assert.match(await add("--slots 3"), /When does it start\?/);
    await say("bob", "/cancel");
    assert.match(await add('--when "sat 10:00" --repeat hourly'), /not a repeat I know/);
    assert.match(await say("bob", `/task add ${"x".repeat(121)} --when "sat 10:00"`), /A title is 1 to 120 characters/);
    assert.match(
      await say("bob", `/task add T --when "sat 10:00" --where "${"p".repeat(201)}"`),
      /at most 200 characters/,
    );
    assert.match(await say("dave", "/task join 999"), /There is no task #999 in this community/);
    assert.match(await say("dave", "/task join banana"), /“banana” is not a task number/);
    assert.match(await say("dave", "/task list someday"), /“someday” is not a list/);
    assert.match(await say("bob", "/task edit 1"), /Tell me what to change/);
  });

  it("treats another community's task as unknown, in that chat's language", async () => {
    await tg.command("other", "olga", "/setup community Töölö", { admin: true });
    assert.match(await say("olga", "/task join 1", "other"), /There is no task #1 in this community/);
    assert.match(await say("olga", "/task show 1", "other"), /There is no task #1 in this community/);
    await say("olga", "/lang fi", "other");
    assert.match(await say("olga", "/task join 1", "other"), /Tässä yhteisössä ei ole tehtävää #1/);
    assert.match(await say("olga", "/task add Testi --when banaani", "other"), /En ymmärrä aikaa ”banaani”/);
    assert.match(
      await say("olga", '/task add Testi --when "la 10" --slots 0', "other"),
      /Paikkojen määrä on kokonaisluku 1–1000, ei 0/,
    );
  });

  it("lists shifts: open, mine, today, week", async () => {
    const open = await say("dave", "/task list");
    assert.match(
      open,
      /^Upcoming shifts\n#1 · Sat 5 Dec 10:00–13:00 · Food bank sorting · Kallio library · 2\/2 filled$/,
    );
    assert.match(await say("dave", "/task list mine"), /Your shifts\n#1 .* · you're in$/);
    assert.match(await say("carol", "/task list mine"), /not signed up for any upcoming shift/);
    assert.match(await say("dave", "/task list today"), /No shifts today/);
    assert.match(await say("dave", "/task list week"), /#1 · Sat 5 Dec/);
  });

  it("tells everyone signed up what an edit changed, and moves the reminders", async () => {
    const reply = await say("bob", '/task edit 1 --when "sun 10:00" --where "Kallio church"');
    assert.match(
      reply,
      /^Updated #1 “Food bank sorting”:\nWhen: Sat 5 Dec 10:00–13:00 → Sun 6 Dec 10:00–13:00\nWhere: Kallio library → Kallio church\n2 people signed up were told\.$/,
    );
    await app.settle();
    const told = noticesTo("dave").at(-1);
    assert.equal(
      told,
      "“Food bank sorting”, which you signed up for, has changed:\nWhen: Sat 5 Dec 10:00–13:00 → Sun 6 Dec 10:00–13:00\nWhere: Kallio library → Kallio church",
    );
    assert.equal(card().message.fields?.[0]?.value, "Sun 6 Dec 10:00–13:00");
    const jobs = await getDatabase().db.job.findMany({ where: { kind: "task.reminder" }, orderBy: { runAt: "asc" } });
    assert.deepEqual(
      jobs.map((j) => j.runAt.toISOString()),
      ["2026-12-05T08:00:00.000Z", "2026-12-06T07:00:00.000Z"],
    );
  });

  it("moves the newest back to the wait-list when slots go down, with notice", async () => {
    await say("carol", "/task join 1"); // wait-list 1
    await say("bob", "/task edit 1 --slots 1");
    await app.settle();
    assert.match(
      noticesTo("eve").at(-1) ?? "",
      /Slots: 2 → 1\nWith fewer places, you're back on the wait-list, number 1\.$/,
    );
    assert.equal(card().message.text, "@\u2060everyone bring gloves\nIn: dave\nWait-list: eve, carol");
    await say("bob", "/task edit 1 --slots 2");
    await app.settle();
    assert.match(noticesTo("eve").at(-1) ?? "", /A place opened up with this change: you're in!$/);
  });

  it("cancels a shift: everyone signed up is told, the card says so, the reminders go", async () => {
    await say("bob", '/task add Park cleanup --when "sat 12:00" --slots 3');
    await say("carol", "/task join 2");
    const reply = await say("bob", "/task cancel 2 Snow storm");
    assert.equal(reply, "Cancelled #2 “Park cleanup”.\n1 person signed up was told.");
    await app.settle();
    assert.equal(noticesTo("carol").at(-1), "“Park cleanup”, Sat 5 Dec 12:00, is cancelled: Snow storm");
    const parkCard = tg.sent.find((m) => m.message.title === "Park cleanup")!;
    assert.equal(parkCard.message.footer, "Task #2 · cancelled");
    assert.equal(parkCard.message.buttons, undefined);
    assert.equal(await getDatabase().db.job.count({ where: { dedupeKey: { startsWith: "task:2:" } } }), 0);
    assert.match(await say("carol", "/task join 2"), /Task #2 is cancelled/);
  });

  it("lets people turn reminders off and admins set the community's times", async () => {
    assert.match(
      await say("carol", "/task reminders"),
      /Reminders here: 24 hours, 1 hour before the start\.\nYours are on/,
    );
    assert.match(await say("carol", "/task reminders off"), /I won't send you shift reminders/);
    assert.match(await say("bob", "/task reminders 120"), /That needs the admin role here/);
    assert.match(await say("alice", "/task reminders 0"), /not a list of reminder times/);
    const set = await say("alice", "/task reminders 2880,30");
    assert.equal(
      set,
      "Reminders are now sent 48 hours, 30 minutes before the start. Rescheduled for 1 upcoming shift.",
    );
    const keys = (await getDatabase().db.job.findMany({ where: { kind: "task.reminder" } }))
      .map((j) => j.dedupeKey)
      .sort();
    assert.deepEqual(keys, ["task:1:reminder:2880", "task:1:reminder:30"]);
    await say("alice", "/task reminders 1440,60");
  });

  it("marks a shift done, proposes hours, and approves them with one press", async () => {
    assert.match(await say("bob", "/task done 1"), /Task #1 has not started yet/);
    clock.set("2026-12-06T12:00:00Z");
    const reply = await say("bob", "/task done 1");
    assert.equal(
      reply,
      "#1 “Food bank sorting” is done\nHours proposed, waiting for approval:\n#1 dave · 3 h · waiting\n#2 eve · 3 h · waiting",
    );
    const done = tg.messagesIn("kallio").at(-1)!;
    assert.deepEqual(
      done.message.buttons?.flat().map((b) => b.label),
      ["Approve all"],
    );
    assert.equal(card().message.footer, "Task #1 · done, thank you!");
    assert.match((await tg.press("kallio", "carol", "Approve all")).toast ?? "", /needs the coordinator role/);
    assert.equal((await tg.press("kallio", "bob", "Approve all")).toast, "Approved 2 entries (6 h).");
    assert.match(done.message.text, /#1 dave · 3 h · approved\n#2 eve · 3 h · approved/);
    assert.equal(done.message.buttons, undefined);
  });

  it("keeps an hours ledger: log, mine, pending, approve, decline, report", async () => {
    assert.equal(
      await say("carol", '/hours log 1,5 --date yesterday --note "Flyers"'),
      "Logged 1.5 h on Sat 5 Dec 2026 (entry #3). A coordinator will approve it.",
    );
    assert.match(
      await say("carol", "/hours log 2 --task 1"),
      /Logged 2 h for #1 Food bank sorting on Sun 6 Dec 2026 \(entry #4\)/,
    );
    assert.match(await say("carol", "/hours log 30"), /at most 24 h per entry/);
    assert.match(await say("carol", "/hours log 2 --date tomorrow"), /is in the future/);
    assert.match(await say("carol", "/hours pending"), /needs the coordinator role/);
    const pending = await say("bob", "/hours pending");
    assert.match(
      pending,
      /^2 entries waiting for approval\n#3 · carol · Sat 5 Dec 2026 · 1\.5 h · waiting · Flyers\n#4 · carol/,
    );
    assert.equal(await say("bob", "/hours approve 3"), "Approved entry #3 (1.5 h).");
    assert.equal(await say("bob", "/hours approve 3"), "Entry #3 is already approved.");
    assert.equal(
      await say("bob", "/hours decline 4 counted twice"),
      "Declined entry #4 (2 h). It stays in the ledger as declined.",
    );
    assert.match(await say("bob", "/hours approve 99"), /There is no hours entry #99/);
    assert.match(await say("bob", "/hours approve x"), /“x” is not an entry number/);
    assert.equal(await say("bob", "/hours approve all"), "No hours are waiting for approval.");
    const mine = await say("carol", "/hours mine");
    assert.match(
      mine,
      /^Your hours, December 2026\n#3 · Sat 5 Dec 2026 · 1\.5 h · approved · Flyers\n#4 · Sun 6 Dec 2026 · 2 h · #1 Food bank sorting · declined · reason: counted twice$/,
    );
    assert.equal(
      tg.messagesIn("kallio").at(-1)?.message.footer,
      "This month: 1.5 h approved, 0 h waiting. All time: 1.5 h approved.",
    );
    assert.match(await say("bob", "/hours report --month 2026-13"), /not a month/);

    await say("bob", "/hours report --csv");
    const report = tg.messagesIn("kallio").at(-1)!.message;
    assert.equal(report.title, "Volunteer hours, December 2026");
    assert.match(report.text, /Per volunteer:\ndave: 3 h \(1 entry\)\neve: 3 h \(1 entry\)\ncarol: 1\.5 h \(1 entry\)/);
    assert.equal(report.footer, "Total: 7.5 h in 3 entries");
    assert.deepEqual(
      report.attachment?.content
        .replace(/^\uFEFF/, "")
        .trimEnd()
        .split("\r\n"),
      [
        "type,name,task,hours,entries,no-shows",
        "volunteer,dave,,3,1,0",
        "volunteer,eve,,3,1,0",
        "volunteer,carol,,1.5,1,0",
        "task,Food bank sorting,1,6,2,0",
        "task,Without a task,,1.5,1,0",
        "total,,,7.5,3,0",
      ],
    );
    // Nothing is ever deleted: the declined entry is still there.
    assert.equal(await getDatabase().db.hoursEntry.count(), 4);
  });

  it("moves sign-ups, hours and personal calendar feeds with /link", async () => {
    await say("bob", '/task add Library reading --when "mon 18:00" --slots 5');
    await say("eve", "/task join 3");
    await tg.command("dm:eve", "eve", "/link");
    const code = /([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(tg.lastText("dm:eve"))?.[1];
    assert.ok(code);
    const other = new MemoryAdapter("sl");
    app.app.registry.register(other);
    await other.start(app.app.router);
    const db = getDatabase().db;
    // Both accounts have a personal calendar feed here; the kept person's link stays.
    await say("eve", "/task calendar mine");
    const keptFeed = (
      await db.personalCalendar.findFirstOrThrow({
        where: { personId: (await db.identity.findUniqueOrThrow({ where: { id: "tg:eve" } })).personId },
      })
    ).token;
    await other.command("dm:eve2", "eve2", "/help");
    const dropped = (await db.identity.findUniqueOrThrow({ where: { id: "sl:eve2" } })).personId;
    const { communityId } = await db.personalCalendar.findUniqueOrThrow({ where: { token: keptFeed } });
    await db.personalCalendar.create({ data: { token: "dropped-feed-token-0001", personId: dropped, communityId } });
    await other.command("dm:eve2", "eve2", `/link ${code}`);
    const kept = (await db.identity.findUniqueOrThrow({ where: { id: "tg:eve" } })).personId;
    assert.equal((await db.identity.findUniqueOrThrow({ where: { id: "sl:eve2" } })).personId, kept);
    assert.equal(await db.signup.count({ where: { personId: kept } }), 2);
    assert.equal(await db.hoursEntry.count({ where: { personId: kept } }), 1);
    assert.deepEqual(
      (await db.personalCalendar.findMany({ where: { personId: { in: [kept, dropped] } } })).map((f) => f.token),
      [keptFeed],
    );
  });

  it("lets a member join from a direct chat (an invitation's Join button), and no one else", async () => {
    await say("bob", '/task add "Tool library shift" --when "sat 14:00" --slots 2');
    const { id } = await getDatabase().db.task.findFirstOrThrow({ where: { title: "Tool library shift" } });
    assert.match(await say("dave", `/task join ${id}`, "dm:dave"), /You're in: “Tool library shift”/);
    // A stranger, member of no community, cannot reach the task from a direct chat.
    assert.match(await say("zed", `/task join ${id}`, "dm:zed"), new RegExp(`no task #?${id}|Task #?${id}`, "i"));
    assert.doesNotMatch(tg.lastText("dm:zed"), /You're in/);
  });

  it("names the role in the reply to a join of a shift with roles, typed or pressed", async () => {
    await say("bob", '/task add "Soup run" --when "sun 10:00" --until "12:00" --roles "driver:1, cook:2"');
    const { id } = await getDatabase().db.task.findFirstOrThrow({ where: { title: "Soup run" } });
    assert.match(
      await say("dave", `/task join ${id} --role Driver`),
      /^You're in as driver for “Soup run”, Sun \d+ Dec 10:00–12:00\. See you there!$/,
    );
    assert.equal((await tg.press("kallio", "eve", "Join as cook")).toast, "You're in as cook");
  });

  it("lists a person's maybes apart from the shifts they are in, under their own heading", async () => {
    await say("bob", '/task add "Library reading" --when "mon 16:00" --slots 3');
    const { id } = await getDatabase().db.task.findFirstOrThrow({ where: { title: "Library reading" } });
    await say("dave", `/task maybe ${id}`);
    const lines = (await say("dave", "/task list mine")).split("\n");
    const heading = lines.indexOf("You said maybe to:");
    assert.ok(heading >= 0, "a maybe heading");
    assert.ok(lines.slice(heading).some((l) => l.includes("Library reading")));
    assert.ok(!lines.slice(0, heading).some((l) => l.includes("Library reading")));
    assert.ok(
      lines.slice(0, heading).some((l) => l.includes("Soup run")),
      "a shift dave is in stays above",
    );
  });

  it("reads /hours log 90 min as one amount, and names words it does not expect", async () => {
    assert.match(await say("dave", "/hours log 90 min"), /^Logged 1\.5 h on /);
    assert.match(await say("dave", "/hours log 1 h 30 min"), /^Logged 1\.5 h/);
    assert.match(await say("dave", "/hours log 2 for the flyers"), /^Unexpected words: “for the flyers”/);
    assert.match(await say("dave", "/task join 1 2 3"), /^Unexpected words: “2 3”/);
  });
});
