// The volunteer-task flow on Discord, end to end, on a clock moved by hand: a
// coordinator adds a one-slot shift with typed options, the card has Join and
// Leave buttons; a Join press fills it (the card updated as the press's own
// answer), a second wait-lists; a leave promotes the waiting person, who is
// told by DM (they have used the bot there, so the bot knows that chat); reminders go out by DM the day before; after the shift the
// coordinator marks it done, approves the hours with a button, and gets the
// report as a CSV attachment. Then a shift with roles: a Maybe press is shown
// apart and takes no slot, and a role's Join button fills that role.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { buttonsOf, MANAGE_GUILD, visibleText } from "../../adapters/discord/support.js";
import { FakeDiscord, type StoredMessage } from "../../fakes/discord/fake-discord.js";
import { forEachDatabase } from "../../support/databases.js";
import { ask, type DiscordApp, FLOW_FAKE, press, startDiscordApp } from "./support.js";

forEachDatabase("discord tasks", (getDatabase) => {
  let fake: FakeDiscord;
  let dc: DiscordApp;
  // Tuesday morning in Helsinki.
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let taskId = "";

  const settle = async () => {
    await dc.app.dispatcher.dispatchDue();
    await dc.app.jobs.tick();
    await dc.app.dispatcher.dispatchDue();
  };
  const dmTexts = (user: string): string[] => {
    const dm = fake.dmChannelWith(dc.world.user(user));
    return dm ? fake.messagesIn(dm.id).map(visibleText) : [];
  };
  const card = (): StoredMessage => {
    const found = fake.botMessages.findLast((m) => buttonsOf(m).some((b) => b.label === "Join"));
    if (!found) throw new Error("no task card");
    return fake.message(found.id)!;
  };

  beforeAll(async () => {
    fake = await FakeDiscord.start(FLOW_FAKE);
    dc = await startDiscordApp(getDatabase().url, fake, { clock });
    const admin = { user: "aino", channel: "general", memberPermissions: MANAGE_GUILD };
    await ask(fake, dc.world, { ...admin, name: "setup", subcommand: "community", options: { name: "Kallio" } });
    await ask(fake, dc.world, { user: "bea", channel: "general", name: "help" });
    await ask(fake, dc.world, {
      ...admin,
      name: "role",
      options: { user: `<@discord:${dc.world.user("bea")}>`, role: "coordinator" },
    });
  });

  afterAll(async () => {
    await dc.close();
    await fake.stop();
  });

  it("adds a shift from typed options and answers with its card", async () => {
    const { text, message } = await ask(fake, dc.world, {
      user: "bea",
      channel: "general",
      name: "task",
      subcommand: "add",
      options: { title: "Sorting donations", when: "sat 10:00", until: "12:00", slots: 1, where: "Kallio library" },
    });
    assert.match(text, /Sorting donations/);
    assert.match(text, /Kallio library/);
    assert.match(text, /0\/1 filled/);
    assert.deepEqual(
      buttonsOf(message).map((b) => b.label),
      ["Join", "Maybe", "Leave"],
    );
    taskId = /#(\d+)/.exec(text)?.[1] ?? "";
    assert.ok(taskId, text);
  });

  it("Join fills the slot, the card updated by the press itself; a second Join wait-lists", async () => {
    // Olli has used the bot in his DM once, so notices for him go there.
    const dm = fake.openDm(dc.world.user("olli"));
    await fake
      .slashCommand({ name: "task", subcommand: "reminders", channelId: dm.id, userId: dc.world.user("olli") })
      .waitForOriginal(undefined, 15_000);
    const first = press(fake, dc.world, "eero", "general", "Join");
    const callback = await first.waitForCallback(5_000);
    // The card is the press's own answer (7), or, on a slow machine, the edit after a deferred update (6).
    assert.ok([6, 7].includes(callback.type), `callback ${callback.type}`);
    await fake.waitFor(() => /1\/1 filled/.test(visibleText(card())) || undefined, 15_000, "the card shows 1/1");
    const toast = await first.waitForFollowUps(1, 15_000);
    assert.equal(toast[0]!.ephemeralTo, dc.world.user("eero"));
    assert.match(visibleText(toast[0]!), /You're in/);

    const second = press(fake, dc.world, "olli", "general", "Join");
    await second.waitForCallback(5_000);
    await fake.waitFor(() => /1 on the wait-list/.test(visibleText(card())) || undefined, 15_000, "the wait-list");
    assert.deepEqual(first.record.rejectedCallbacks, []);
    assert.deepEqual(second.record.rejectedCallbacks, []);
  });

  it("a leave promotes the first on the wait-list, who is told by DM", async () => {
    const { text } = await ask(fake, dc.world, {
      user: "eero",
      channel: "general",
      name: "task",
      subcommand: "leave",
      options: { task: taskId },
    });
    assert.match(text, /Sorting donations/);
    await settle();
    await fake.waitFor(
      () => dmTexts("olli").find((t) => /a place opened up in “Sorting donations”/.test(t)),
      15_000,
      "the promotion DM",
    );
  });

  it("offers the open shifts as the task id is typed", async () => {
    const handle = fake.autocomplete({
      name: "task",
      subcommand: "join",
      channelId: dc.world.channel("general"),
      userId: dc.world.user("eero"),
      options: { task: "sort" },
      focused: "task",
    });
    await handle.waitForCallback(5_000);
    assert.equal(handle.record.choices?.length, 1);
    assert.match(String(handle.record.choices?.[0]?.name), new RegExp(`^#${taskId} Sorting donations · `));
    assert.equal(handle.record.choices?.[0]?.value, taskId);
  });

  it("reminds the volunteer by DM the day before", async () => {
    clock.set("2026-12-04T08:01:00Z");
    await settle();
    await fake.waitFor(
      () => dmTexts("olli").find((t) => /Reminder: “Sorting donations” starts/.test(t)),
      15_000,
      "the reminder",
    );
  });

  it("marks the shift done, approves the hours with a button, and reports them as a CSV attachment", async () => {
    clock.set("2026-12-05T10:30:00Z");
    const done = await ask(fake, dc.world, {
      user: "bea",
      channel: "general",
      name: "task",
      subcommand: "done",
      options: { task: taskId },
    });
    assert.match(done.text, /is done/);
    assert.match(done.text, /Olli · 2/);
    const approve = press(fake, dc.world, "bea", "general", "Approve all");
    await approve.waitForCallback(5_000);
    await fake.waitFor(
      () => [...fake.botMessages].reverse().find((m) => /Approved 1 entry/.test(visibleText(m))),
      15_000,
      "the approval",
    );

    const report = await ask(fake, dc.world, {
      user: "bea",
      channel: "general",
      name: "hours",
      subcommand: "report",
      options: { month: "2026-12", csv: true },
    });
    const withFile = [report.message, ...report.handle.followUps()].find((m) => m.attachments.length > 0);
    assert.ok(withFile, "the report carries a file");
    const file = withFile.attachments[0]!;
    assert.match(file.filename, /\.csv$/);
    assert.match(file.bytes.toString("utf8"), /Olli/);
  });

  it("a Maybe press is shown apart and not counted; a role's Join button fills that role's slots", async () => {
    const { message } = await ask(fake, dc.world, {
      user: "bea",
      channel: "general",
      name: "task",
      subcommand: "add",
      options: { title: "Food bank", when: "sun 10:00", roles: "driver:1, sorter:2" },
    });
    assert.deepEqual(
      buttonsOf(message).map((b) => b.label),
      ["Join as driver", "Join as sorter", "Maybe", "Leave"],
    );
    const foodBank = () => visibleText(fake.message(message.id)!);

    const maybe = press(fake, dc.world, "eero", "general", "Maybe");
    await maybe.waitForCallback(5_000);
    await fake.waitFor(() => /Maybe: 1/.test(foodBank()) || undefined, 15_000, "the maybe on the card");
    assert.match(visibleText((await maybe.waitForFollowUps(1, 15_000))[0]!), /You're a maybe/);
    assert.match(foodBank(), /driver: 0\/1 filled\nsorter: 0\/2 filled/);

    const joined = press(fake, dc.world, "olli", "general", "Join as sorter");
    await joined.waitForCallback(5_000);
    await fake.waitFor(() => /sorter: 1\/2 filled/.test(foodBank()) || undefined, 15_000, "the sorter's slot");
    assert.match(visibleText((await joined.waitForFollowUps(1, 15_000))[0]!), /You're in as sorter/);
    assert.match(foodBank(), /driver: 0\/1 filled\nsorter: 1\/2 filled/);
    assert.match(foodBank(), /In: Olli \(sorter\)/);
    // The maybe is still apart, and took no slot.
    assert.match(foodBank(), /Maybe: 1/);
    assert.deepEqual(maybe.record.rejectedCallbacks, []);
    assert.deepEqual(joined.record.rejectedCallbacks, []);
  });
});
