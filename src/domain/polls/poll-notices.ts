// The messages a closing poll sends, built per reader (Notifier calls each
// builder with the reader's language): the summary posted in every chat the
// poll was in, and the invitation to the voters of a winning time. Pure.
// The final result is shown once: on the card, which the close edits. The
// summary only points to it, except where the poll was the platform's own
// (native) poll, which the bot cannot edit to state the outcome.
import type { Locale, Translate } from "../../core/i18n.js";
import type { OutboundMessage } from "../../core/messages.js";
import type { MessageBuilder } from "../notifications/notifier.js";
import { JOIN_ACTION } from "../tasks/index.js";
import { formatSpan, formatWhen } from "../time/format-when.js";
import { optionLine, outcomeLine } from "./poll-card.js";
import type { PollRecord } from "./poll-repository.js";
import type { Tally } from "./tally.js";

export interface ShiftFacts {
  id: number;
  title: string;
  startsAt: Date;
  endsAt: Date | null;
}

/** What became of a poll-to-shift when it closed. */
export type ShiftReport =
  | { kind: "created"; task: ShiftFacts; invited: number; cardAt: Date | undefined }
  | { kind: "tie" }
  | { kind: "noVotes" }
  | { kind: "past"; option: string };

type SummaryPoll = Pick<PollRecord, "id" | "question">;

/** How the poll was shown in the chat a summary goes to. */
export type SummaryPlace = "card" | "native";

export function summaryNotice(
  poll: SummaryPoll,
  tally: Tally,
  timezone: string,
  shift: ShiftReport | undefined,
  place: SummaryPlace = "card",
): MessageBuilder {
  return (t, locale): OutboundMessage => {
    const lines =
      place === "native"
        ? [
            ...tally.options.map((o) => optionLine(o.position, o.text, o.count, tally.voters, t)),
            t("polls:card.voters", { count: tally.voters }),
            outcomeLine(tally.outcome, tally, t),
          ]
        : [t("polls:closing.onCard")];
    if (shift) lines.push("", shiftLine(shift, t, locale, timezone));
    return { title: t("polls:closing.title", { id: poll.id, question: poll.question }), text: lines.join("\n") };
  };
}

function shiftLine(shift: ShiftReport, t: Translate, locale: Locale, timezone: string): string {
  switch (shift.kind) {
    case "created": {
      const facts = {
        id: shift.task.id,
        title: shift.task.title,
        when: formatSpan(shift.task.startsAt, shift.task.endsAt ?? undefined, locale, timezone),
      };
      // The card waits only while invited voters have their head start.
      if (!shift.cardAt) return t("polls:closing.shiftNow", facts);
      return t("polls:closing.shiftInvited", {
        ...facts,
        count: shift.invited,
        cardAt: formatWhen(shift.cardAt, locale, timezone),
      });
    }
    case "tie":
      return t("polls:closing.shiftTie");
    case "noVotes":
      return t("polls:closing.shiftNoVotes");
    case "past":
      return t("polls:closing.shiftPast", { option: shift.option });
  }
}

/** To a voter of the winning time: the shift is on, and they may join before everyone else hears of it. */
export function inviteNotice(poll: SummaryPoll, option: string, task: ShiftFacts, timezone: string): MessageBuilder {
  return (t, locale): OutboundMessage => ({
    text: t("polls:invite.text", {
      option,
      question: poll.question,
      title: task.title,
      when: formatSpan(task.startsAt, task.endsAt ?? undefined, locale, timezone),
    }),
    footer: t("polls:invite.footer", { id: task.id }),
    buttons: [[{ label: t("polls:invite.join"), action: JOIN_ACTION, args: [String(task.id)], style: "primary" }]],
  });
}
