// Vote burst: 30 members press a poll button at once; the bot is killed at a
// seeded moment in the burst. Every press the platform saw acknowledged must
// be one vote. Presses toggle, so a press handled twice shows as a vote taken
// back: the fake saw the toast "You took back your vote." for it.
import type { Update } from "grammy/types";
import { resultMessage, say } from "../../e2e/telegram/support.js";
import type { BurstItem, Scenario } from "../support/fault-run.js";
import { CREATOR, type FaultWorld, GROUP } from "../support/fault-world.js";
import { personIds, toastsFor } from "./effects.js";

interface Press extends BurstItem {
  member: number;
  queryId: string;
  question: string;
}

const cards = new WeakMap<FaultWorld, { question: string; messageId: number; data: string }>();

export const voteBurst: Scenario<Press> = {
  name: "vote burst",
  world: { members: 30 },
  async prepare(world, run) {
    const question = `Run ${run}: which day?`;
    const posted = await say(world.fake, GROUP, CREATOR, `/poll "${question}" "Sat" "Sun"`);
    const messageId = resultMessage(posted.call).message_id;
    const button = world.fake
      .messageAt(GROUP, messageId)
      ?.reply_markup?.inline_keyboard.flat()
      .find((b) => b.text === "Sat");
    if (!button || !("callback_data" in button)) throw new Error("the poll card has no Sat button");
    cards.set(world, { question, messageId, data: button.callback_data });
  },
  burst(world) {
    const card = cards.get(world);
    if (!card) throw new Error("no poll prepared");
    return world.members.map((member) => {
      const update: Update = world.fake.pressButton(GROUP, card.messageId, member, card.data);
      return { updateId: update.update_id, member, queryId: update.callback_query?.id ?? "", question: card.question };
    });
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
