// Vote burst: 30 members press a poll button at once; the bot is killed at a
// seeded moment in the burst. Every press the platform saw acknowledged must
// be one vote. Presses toggle, so a press handled twice shows as a vote taken
// back: the fake saw the toast "You took back your vote." for it.
import type { Scenario } from "../support/fault-run.js";
import { type FaultWorld, telegramWorld } from "../support/fault-world.js";
import { type ButtonPress, type Card, postCard, pressAll, pressesAnswered } from "./cards.js";
import { personIds, toastsFor } from "./effects.js";

interface Press extends ButtonPress {
  question: string;
}

/** The presses of the run in progress. */
const pressed = new WeakMap<FaultWorld, ButtonPress[]>();
const cards = new WeakMap<FaultWorld, Card & { question: string }>();

export const voteBurst: Scenario<Press> = {
  name: "vote burst",
  open: telegramWorld({ members: 30 }),
  settledWhen: (world) => pressesAnswered(world, pressed.get(world) ?? []),
  async prepare(world, run) {
    const question = `Run ${run}: which day?`;
    const card = await postCard(world, `/poll "${question}" "Sat" "Sun"`, "Sat");
    cards.set(world, { ...card, question });
  },
  burst(world) {
    const card = cards.get(world);
    if (!card) throw new Error("no poll prepared");
    const presses = pressAll(world, card);
    pressed.set(world, presses);
    return presses.map((press) => ({ ...press, question: card.question }));
  },
  async effects(world, presses) {
    const question = presses[0]?.question ?? "";
    const poll = await world.database.db.poll.findFirst({ where: { question } });
    const people = await personIds(
      world,
      presses.map((p) => p.member),
    );
    const votes = poll ? await world.database.db.vote.findMany({ where: { pollId: poll.id } }) : [];
    const voters = new Set(votes.map((v) => v.personId));
    const takenBack = toastsFor(world, /^You took back your vote\.$/);
    return presses.map((press) => {
      if (takenBack.has(press.queryId)) return 2;
      const person = people.get(press.member);
      return person !== undefined && voters.has(person) ? 1 : 0;
    });
  },
};
