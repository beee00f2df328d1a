// A poll as people see it: the card posted in chats (one button per option,
// and Results), the private results, the private ballot of an anonymous
// multiple-choice poll, and the one-line form used in lists. Pure: the
// caller picks the language (the chat's, for a card everyone sees) and the
// zone (the community's). Questions and options are echoed as plain text.
import { createHash } from "node:crypto";
import type { Locale, Translate } from "../../core/i18n.js";
import type { Button, OutboundMessage } from "../../core/messages.js";
import { guidedStartButton } from "../guided-start.js";
import { formatWhen } from "../time/format-when.js";
import type { PollRecord } from "./poll-repository.js";
import { addOptionsOf } from "./poll-settings.js";
import type { ShiftPlan } from "./shift-plan.js";
import { barOf, type Outcome, shareOf, type Tally } from "./tally.js";

export const VOTE_ACTION = "poll.vote";
export const RESULTS_ACTION = "poll.results";
/** Ticks an option on the private ballot of an anonymous multiple-choice poll. */
export const PICK_ACTION = "poll.pick";
export const SUBMIT_ACTION = "poll.submit";

/** Voters listed per option in private results before "+N more". */
const NAMES_SHOWN = 15;

export interface Presentation {
  t: Translate;
  locale: Locale;
  timezone: string;
  now: Date;
}

type CardPoll = Pick<
  PollRecord,
  | "id"
  | "question"
  | "multi"
  | "maxChoices"
  | "anonymous"
  | "hidden"
  | "whoCanVote"
  | "status"
  | "closesAt"
  | "closedAt"
  | "addOptions"
  | "opensAt"
>;

/** Counts are shown unless the poll hides them and is still open. */
export function resultsVisible(poll: Pick<PollRecord, "hidden" | "status">): boolean {
  return !poll.hidden || poll.status === "closed";
}

export function renderPollCard(poll: CardPoll, tally: Tally, p: Presentation, plan?: ShiftPlan): OutboundMessage {
  const { t } = p;
  const open = poll.status === "open";
  const lines = resultsVisible(poll)
    ? [...resultLines(tally, t), t("polls:card.voters", { count: tally.voters })]
    : [...tally.options.map((o) => `${o.position + 1}. ${o.text}`), t("polls:card.hidden", { count: tally.voters })];
  if (!open) lines.push(outcomeLine(tally.outcome, tally, t));
  if (open) lines.push("", ...ruleLines(poll, t, plan));
  return {
    title: poll.question,
    text: lines.join("\n"),
    footer: footerOf(poll, p),
    buttons: open ? buttonsFor(poll, tally, t) : undefined,
  };
}

/** What pressing Results shows: the counts (with names in an open poll), and the viewer's own vote. */
export function renderResults(
  poll: CardPoll,
  tally: Tally,
  p: Presentation,
  viewer: { choices?: number[]; voted: boolean },
  names?: ReadonlyMap<number, ReadonlyArray<{ displayName: string }>>,
): OutboundMessage {
  const { t } = p;
  const lines: string[] = [];
  if (resultsVisible(poll)) {
    for (const option of tally.options) {
      const line = optionLine(option.position, option.text, option.count, tally.voters, t);
      const who = poll.anonymous ? [] : (names?.get(option.position) ?? []);
      lines.push(who.length ? `${line}\n   ${nameList(who, t)}` : line);
    }
    lines.push(t("polls:card.voters", { count: tally.voters }));
    if (poll.status === "closed") lines.push(outcomeLine(tally.outcome, tally, t));
  } else {
    lines.push(t("polls:card.hidden", { count: tally.voters }));
  }
  lines.push("", viewerLine(poll, tally, viewer, t));
  return {
    title: t("polls:results.title", { question: poll.question }),
    text: lines.join("\n"),
    footer: footerOf(poll, p),
  };
}

/** "#3 · “Lunch?” · 5 voted · closes Fri 5 Dec 18:00" */
export function renderListLine(poll: CardPoll, tally: Tally, p: Presentation): string {
  const { t } = p;
  const parts = [
    `#${poll.id}`,
    t("polls:list.question", { question: poll.question }),
    t("polls:card.voters", { count: tally.voters }),
  ];
  if (poll.status === "closed") {
    parts.push(resultsVisible(poll) ? shortOutcome(tally, t) : t("polls:list.closed"));
  } else if (poll.status === "scheduled" && poll.opensAt) {
    parts.push(t("polls:list.opens", { when: formatWhen(poll.opensAt, p.locale, p.timezone, p.now) }));
  } else if (poll.closesAt) {
    parts.push(t("polls:list.closes", { when: formatWhen(poll.closesAt, p.locale, p.timezone, p.now) }));
  }
  return parts.join(" · ");
}

/** The private ballot of an anonymous multiple-choice poll: tick options, then submit once. */
export function renderDraftBallot(poll: CardPoll, tally: Tally, selection: number[], p: Presentation): OutboundMessage {
  const { t } = p;
  const rows: Button[][] = tally.options.map((o) => [
    {
      label: `${selection.includes(o.position) ? "☑" : "☐"} ${o.text}`,
      action: PICK_ACTION,
      args: [String(poll.id), encodeSelection(selection), String(o.position)],
    },
  ]);
  rows.push([
    {
      label: t("polls:draft.submit", { count: selection.length }),
      action: SUBMIT_ACTION,
      args: [String(poll.id), encodeSelection(selection)],
      style: "primary",
    },
  ]);
  return {
    title: poll.question,
    text: t("polls:draft.text"),
    buttons: rows,
    footer: t("polls:card.footer", { id: poll.id }),
  };
}

export function encodeSelection(positions: readonly number[]): string {
  return [...new Set(positions)].sort((a, b) => a - b).join(",");
}

export function decodeSelection(raw: string | undefined): number[] {
  if (!raw) return [];
  return raw
    .split(",")
    .map((part) => Number.parseInt(part, 10))
    .filter((n) => Number.isInteger(n) && n >= 0);
}

/** Fingerprint of what a copy shows, so an unchanged tally is never sent again. */
export function messageHash(message: OutboundMessage): string {
  return createHash("sha256").update(JSON.stringify(message)).digest("hex").slice(0, 32);
}

export function optionLine(position: number, text: string, count: number, voters: number, t: Translate): string {
  const percent = shareOf(count, voters);
  return t("polls:card.option", { number: position + 1, option: text, count, percent, bar: barOf(percent) });
}

export function outcomeLine(outcome: Outcome, tally: Tally, t: Translate): string {
  switch (outcome.kind) {
    case "none":
      return t("polls:outcome.none");
    case "winner": {
      const winner = tally.options.find((o) => o.position === outcome.position)!;
      return t("polls:outcome.winner", { option: winner.text, count: winner.count });
    }
    case "tie":
      return t("polls:outcome.tie", {
        options: textsOf(outcome.positions, tally).join(", "),
        count: tally.options.find((o) => o.position === outcome.positions[0])?.count ?? 0,
      });
  }
}

function shortOutcome(tally: Tally, t: Translate): string {
  const { outcome } = tally;
  if (outcome.kind === "winner") return t("polls:list.won", { option: textsOf([outcome.position], tally)[0] });
  if (outcome.kind === "tie") return t("polls:list.tie", { options: textsOf(outcome.positions, tally).join(", ") });
  return t("polls:list.noVotes");
}

export function textsOf(positions: readonly number[], tally: Tally): string[] {
  return positions.map((p) => tally.options.find((o) => o.position === p)?.text ?? `${p + 1}`);
}

function resultLines(tally: Tally, t: Translate): string[] {
  return tally.options.map((o) => optionLine(o.position, o.text, o.count, tally.voters, t));
}

function ruleLines(poll: CardPoll, t: Translate, plan?: ShiftPlan): string[] {
  const lines: string[] = [];
  if (poll.anonymous) {
    lines.push(t("polls:card.anonymous"));
    if (poll.multi) lines.push(t("polls:card.anonymousMulti"));
    if (poll.multi && poll.maxChoices) lines.push(t("polls:card.upTo", { max: poll.maxChoices }));
  } else if (poll.multi && poll.maxChoices) {
    lines.push(t("polls:card.multiUpTo", { max: poll.maxChoices }));
  } else {
    lines.push(t(poll.multi ? "polls:card.multi" : "polls:card.single"));
  }
  if (poll.whoCanVote === "coordinators") lines.push(t("polls:card.coordinatorsOnly"));
  if (plan) lines.push(t("polls:card.thenTask", { title: plan.title }));
  const adding = addOptionsOf(poll);
  if (adding) lines.push(t(`polls:card.addOptions.${adding}`, { id: poll.id }));
  return lines;
}

function footerOf(poll: CardPoll, p: Presentation): string {
  const { t } = p;
  if (poll.status === "closed") {
    return poll.closedAt
      ? t("polls:card.footerClosedAt", { id: poll.id, when: formatWhen(poll.closedAt, p.locale, p.timezone, p.now) })
      : t("polls:card.footerClosed", { id: poll.id });
  }
  return poll.closesAt
    ? t("polls:card.footerCloses", { id: poll.id, when: formatWhen(poll.closesAt, p.locale, p.timezone, p.now) })
    : t("polls:card.footer", { id: poll.id });
}

function buttonsFor(poll: CardPoll, tally: Tally, t: Translate): Button[][] {
  const rows: Button[][] = tally.options.map((o) => [
    { label: o.text, action: VOTE_ACTION, args: [String(poll.id), String(o.position)] },
  ]);
  rows.push([{ label: t("polls:card.results"), action: RESULTS_ACTION, args: [String(poll.id)] }]);
  // Asks the presser for the option's text (the flows feature), then runs /poll add-option.
  if (addOptionsOf(poll)) {
    rows.push([guidedStartButton(t("polls:card.addOption"), ["poll", "add-option"], [String(poll.id)])]);
  }
  return rows;
}

function viewerLine(
  poll: CardPoll,
  tally: Tally,
  viewer: { choices?: number[]; voted: boolean },
  t: Translate,
): string {
  if (!viewer.voted) return t("polls:results.notVoted");
  if (poll.anonymous || !viewer.choices?.length) return t("polls:results.votedAnonymously");
  return t("polls:results.yourVote", {
    options: textsOf(viewer.choices, tally).join(", "),
    count: viewer.choices.length,
  });
}

function nameList(voters: ReadonlyArray<{ displayName: string }>, t: Translate): string {
  const shown = voters.slice(0, NAMES_SHOWN).map((v) => v.displayName);
  const more = voters.length - shown.length;
  return more > 0 ? `${shown.join(", ")} ${t("polls:results.more", { count: more })}` : shown.join(", ");
}
