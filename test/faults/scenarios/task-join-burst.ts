// Task-join burst: 30 members press Join on a shift with 40 places at once;
// the bot is killed at a seeded moment in the burst. Every Join the platform
// saw acknowledged must be one sign-up. A sign-up is unique per person, so a
// Join handled twice shows as the toast "You're already in" to someone who
// pressed once.
import type { Scenario } from "../support/fault-run.js";
import { type FaultWorld, telegramWorld } from "../support/fault-world.js";
import { type ButtonPress, type Card, postCard, pressAll, pressesAnswered } from "./cards.js";
import { personIds, toastsFor } from "./effects.js";

interface Join extends ButtonPress {
  title: string;
}

/** The presses of the run in progress. */
const pressed = new WeakMap<FaultWorld, ButtonPress[]>();
const cards = new WeakMap<FaultWorld, Card & { title: string }>();

export const taskJoinBurst: Scenario<Join> = {
  name: "task-join burst",
  open: telegramWorld({ members: 30 }),
  settledWhen: (world) => pressesAnswered(world, pressed.get(world) ?? []),
  async prepare(world, run) {
    const title = `Park clean-up ${run}`;
    const card = await postCard(world, `/task add "${title}" --when "sat 10:00" --slots 40`, "Join");
    cards.set(world, { ...card, title });
  },
  burst(world) {
    const card = cards.get(world);
    if (!card) throw new Error("no task prepared");
    const presses = pressAll(world, card);
    pressed.set(world, presses);
    return presses.map((press) => ({ ...press, title: card.title }));
  },
  async effects(world, joins) {
    const task = await world.database.db.task.findFirst({ where: { title: joins[0]?.title ?? "" } });
    const people = await personIds(
      world,
      joins.map((j) => j.member),
    );
    const signups = task
      ? await world.database.db.signup.findMany({ where: { taskId: task.id, status: { not: "cancelled" } } })
      : [];
    const signedUp = new Set(signups.map((s) => s.personId));
    const again = toastsFor(world, /^You're already (in|on the wait-list)/);
    return joins.map((join) => {
      if (again.has(join.queryId)) return 2;
      const person = people.get(join.member);
      return person !== undefined && signedUp.has(person) ? 1 : 0;
    });
  },
};
