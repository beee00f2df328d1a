// Reminder burst: 30 members are signed up for a shift that starts in 65
// minutes, so its 60-minute reminder is due in 4–5 minutes and owes 30
// reminders in one job run. The bot is stopped and started with its clock
// 390 s on (TALKOOT_CLOCK_OFFSET_SECONDS), so the job is due at its first
// tick (every second), and then killed at a seeded moment 0-1.5 s later,
// around that run. Each member must be reminded exactly once: the reminder
// posts in the group (they never started the bot) with a mention of each.
// (A reminder whose time is already past when a shift is moved is cancelled
// by design, so moving the shift cannot make the job due.)
import { vi } from "vitest";
import type { BurstItem, Scenario } from "../support/fault-run.js";
import { type FaultWorld, telegramWorld } from "../support/fault-world.js";
import { postCard, pressAll } from "./cards.js";

interface Reminder extends BurstItem {
  member: number;
  title: string;
}

const shifts = new WeakMap<FaultWorld, { title: string; taskId: number }>();

export const reminderBurst: Scenario<Reminder> = {
  name: "reminder burst",
  open: telegramWorld({ members: 30 }),
  // Telegram allows 20 messages a minute in a group, and the joins' card edits use much of it:
  // reminders may wait in the outbox (a settled run has it drained), so this takes a while.
  settleTimeoutMs: 240_000,
  async prepare(world, run) {
    const title = `Reminded shift ${run}`;
    // 65 minutes: the 60-minute reminder is due 4–5 minutes on (the start is rounded to the minute),
    // well after the joins, which take up to a minute on a busy machine; due any earlier, it could
    // run before the last joins and rightly remind only those already in.
    const card = await postCard(world, `/task add "${title}" --when "in 65 minutes" --slots 40`, "Join");
    const taskId = Number(/#(\d+)/.exec(card.text)?.[1]);
    if (!Number.isInteger(taskId)) throw new Error(`no task id on the card: ${card.text}`);
    pressAll(world, card);
    await vi.waitFor(
      async () => {
        const count = await world.database.db.signup.count({ where: { taskId, status: "confirmed" } });
        if (count < world.members.length) throw new Error(`${count} of ${world.members.length} signed up`);
      },
      { timeout: 120_000, interval: 200 },
    );
    shifts.set(world, { title, taskId });
    // Six and a half minutes on (three long downtimes): the reminder is due as soon as the bot is back.
    await world.bot.stop();
    for (let i = 0; i < 3; i++) await world.bot.downtime(true);
    await world.bot.start();
  },
  burst(world) {
    const shift = shifts.get(world);
    if (!shift) throw new Error("no shift prepared");
    // No update carries this work: every reminder is owed (update id 0 counts as acknowledged).
    return world.members.map((member) => ({ updateId: 0, member, title: shift.title }));
  },
  // Reminded at least once is the effect; a reminder the fake saw twice is judged by the
  // harness's duplicate count (one allowed per chat on a kill during its send).
  async effects(world, reminders) {
    const title = reminders[0]?.title ?? "";
    const sent = world.fake.calls.filter(
      (c) =>
        c.method === "sendMessage" &&
        c.response.status === 200 &&
        String(c.params.text).includes(`Reminder: “${title}”`),
    );
    return reminders.map((r) => {
      const mention = new RegExp(`tg://user\\?id=${r.member}(?!\\d)`);
      return Math.min(1, sent.filter((c) => mention.test(String(c.params.text))).length);
    });
  },
};
