// Cards with buttons in the group, and every member pressing one at once:
// the shape of the vote and task-join bursts.
import { resultMessage, say } from "../../e2e/telegram/support.js";
import { CREATOR, type FaultWorld, GROUP } from "../support/fault-world.js";

export interface Card {
  /** The command's reply text (a task card names its id). */
  text: string;
  messageId: number;
  /** The callback data of the button to press. */
  data: string;
}

export interface ButtonPress {
  updateId: number;
  member: number;
  queryId: string;
}

/** The creator sends `command` in the group; the reply is a card with a button labelled `label`. */
export async function postCard(world: FaultWorld, command: string, label: string): Promise<Card> {
  const posted = await say(world.fake, GROUP, CREATOR, command);
  const messageId = resultMessage(posted.call).message_id;
  const button = world.fake
    .messageAt(GROUP, messageId)
    ?.reply_markup?.inline_keyboard.flat()
    .find((b) => b.text === label);
  if (!button || !("callback_data" in button)) throw new Error(`no ${label} button on the card: ${posted.text}`);
  return { text: posted.text, messageId, data: button.callback_data };
}

/** Every member presses the card's button, all in one tick. */
export function pressAll(world: FaultWorld, card: Card): ButtonPress[] {
  return world.members.map((member) => {
    const update = world.fake.pressButton(GROUP, card.messageId, member, card.data);
    return { updateId: update.update_id, member, queryId: update.callback_query?.id ?? "" };
  });
}

/**
 * Settled for presses: every press whose event the running process claimed
 * has been answered by it (its toast is how a press handled twice shows).
 * The adapter answers after the claim is finished, so "no live claim" alone
 * can hold a moment before the answer leaves; a press it took in behind a
 * burst it may answer "kept" before the claim, and then not again. A press
 * finished by a process that was then killed may never be answered; that is
 * not waited for.
 */
export async function pressesAnswered(world: FaultWorld, presses: readonly ButtonPress[]): Promise<boolean> {
  const since = new Date(world.bot.startedAt + world.bot.clockOffsetSeconds * 1000);
  const claimed = await world.database.db.processedEvent.findMany({
    where: { id: { in: presses.map((p) => `telegram:${p.updateId}`) }, processedAt: { gte: since } },
    select: { id: true },
  });
  const queryOf = new Map(presses.map((p) => [`telegram:${p.updateId}`, p.queryId]));
  const answers = world.fake.calls.filter((c) => c.method === "answerCallbackQuery");
  return claimed.every((row) =>
    answers.some((c) => c.params.callback_query_id === queryOf.get(row.id) && c.at >= world.bot.startedAt),
  );
}
