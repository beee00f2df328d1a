// Options that voters add to a poll made with --add-options. "open": the
// option is added at once. "moderated": the poll's creator gets a private
// notice with Add and Reject, and the voter hears the decision.
//
// An added option goes at the end, so positions (and every vote) stay as
// they are. Each change runs under the poll's exclusive lock in one
// transaction with the event's completion: the option, the poll's new
// version (so no process keeps the old options in memory), an edit of every
// posted copy through the outbox, the notices and the audit entry.
import type { EventCompletion } from "../../core/event-completion.js";
import { clip } from "../../core/text.js";
import type { Tx } from "../../storage/repositories/people.js";
import { markEventDoneIn } from "../../storage/repositories/processed-events.js";
import type { MessageBuilder, PersonTarget } from "../notifications/notifier.js";
import type { PreparedCopy } from "./live-results.js";
import { reachPerson } from "./person-target.js";
import { inPollTransaction, lockPollExclusive } from "./poll-lock.js";
import { POLL_LIMITS } from "./poll-options.js";
import type { PollRecord } from "./poll-repository.js";
import { addOptionsOf } from "./poll-settings.js";
import type { PollsServices } from "./services.js";

export const APPROVE_OPTION_ACTION = "poll.option.add";
export const REJECT_OPTION_ACTION = "poll.option.reject";

/** How many options one person may add to, or ask for in, one poll (rejected ones do not count). */
export const OPTIONS_PER_PERSON = 2;

/** Who asks, and where to tell them the creator's decision. */
export interface Proposer {
  personId: string;
  identityId: string;
  chatId: string;
  displayName: string;
}

export type Refusal = "missing" | "closed" | "notAllowed" | "full" | "duplicate" | "perPerson" | "decided";

export type ProposeResult =
  | { kind: "added"; poll: PollRecord; text: string }
  | { kind: "pending"; poll: PollRecord; text: string }
  | { kind: "refused"; reason: Refusal };

export type DecideResult =
  | { kind: "added" | "rejected"; poll: PollRecord; text: string }
  | { kind: "refused"; reason: Refusal };

/** `text` is checked already (poll-options.ts checkOption). */
export async function proposeOption(
  s: PollsServices,
  poll: PollRecord,
  text: string,
  proposer: Proposer,
  completion: EventCompletion,
): Promise<ProposeResult> {
  const mode = addOptionsOf(poll);
  if (!mode) return { kind: "refused", reason: "notAllowed" };
  // Read before the transaction, which must not wait for a second pooled connection.
  const copies = mode === "open" ? await s.live.prepareCopies(poll) : [];
  const creator = mode === "moderated" ? await creatorTarget(s, poll) : undefined;
  const result = await inPollTransaction(s.deps.store.database, async (tx): Promise<ProposeResult> => {
    await markEventDoneIn(tx, completion);
    const current = await lockedOpenPoll(s, tx, poll.id);
    if (typeof current === "string") return { kind: "refused", reason: current };
    const refusal = await checkFits(tx, current.id, text, proposer.personId);
    if (refusal) return { kind: "refused", reason: refusal };
    const proposal = await tx.pollOptionProposal.create({
      data: {
        pollId: poll.id,
        text,
        personId: proposer.personId,
        identityId: proposer.identityId,
        chatId: proposer.chatId,
        status: mode === "open" ? "added" : "pending",
        decidedAt: mode === "open" ? s.deps.clock.now() : null,
      },
    });
    if (mode === "open") {
      const added = await appendIn(s, tx, current, text, copies, proposer.personId);
      return { kind: "added", poll: added, text };
    }
    if (creator) {
      await s.deps.notifier.toPerson(
        { ...creator, communityId: poll.communityId },
        approvalNotice(current, text, proposer.displayName, proposal.id),
        "poll.option.proposed",
        tx,
      );
    }
    return { kind: "pending", poll: current, text };
  });
  if (result.kind !== "refused") {
    s.deps.outbox.wake();
    s.deps.notifier.wake();
  }
  return result;
}

/** The creator's (or an admin's) Add or Reject on a moderated option. */
export async function decideOption(
  s: PollsServices,
  proposalId: number,
  approve: boolean,
  actorPersonId: string,
  completion: EventCompletion,
): Promise<DecideResult> {
  const proposal = await s.deps.store.database.db.pollOptionProposal.findUnique({ where: { id: proposalId } });
  const poll = proposal && (await s.polls.find(proposal.pollId));
  if (!proposal || !poll) return { kind: "refused", reason: "missing" };
  const copies = approve ? await s.live.prepareCopies(poll) : [];
  const result = await inPollTransaction(s.deps.store.database, async (tx): Promise<DecideResult> => {
    await markEventDoneIn(tx, completion);
    const current = await lockedOpenPoll(s, tx, poll.id);
    if (typeof current === "string") return { kind: "refused", reason: current };
    const pending = await tx.pollOptionProposal.findUnique({ where: { id: proposalId } });
    if (pending?.status !== "pending") return { kind: "refused", reason: "decided" };
    if (approve) {
      const refusal = await checkFits(tx, current.id, pending.text);
      if (refusal) return { kind: "refused", reason: refusal };
    }
    const status = approve ? "added" : "rejected";
    await tx.pollOptionProposal.update({
      where: { id: proposalId },
      data: { status, decidedAt: s.deps.clock.now() },
      select: { id: true },
    });
    const after = approve ? await appendIn(s, tx, current, pending.text, copies, actorPersonId) : current;
    // The voter hears the decision where they asked.
    const target: PersonTarget = {
      personId: pending.personId,
      identityId: pending.identityId,
      fallbackChatId: pending.chatId,
      communityId: poll.communityId,
    };
    await s.deps.notifier.toPerson(target, decisionNotice(after, pending.text, approve), "poll.option.decided", tx);
    return { kind: status, poll: after, text: pending.text };
  });
  if (result.kind !== "refused") {
    s.deps.outbox.wake();
    s.deps.notifier.wake();
  }
  return result;
}

/** The poll under its exclusive lock, if it is still open. */
async function lockedOpenPoll(s: PollsServices, tx: Tx, pollId: number): Promise<PollRecord | "missing" | "closed"> {
  await lockPollExclusive(s.deps.store.database, tx, pollId);
  const poll = await s.polls.find(pollId, tx);
  if (!poll) return "missing";
  return poll.status === "open" ? poll : "closed";
}

/** Room for one more option, not one already there or asked for, and (for a voter asking) within their share. */
async function checkFits(tx: Tx, pollId: number, text: string, personId?: string): Promise<Refusal | undefined> {
  const options = await tx.pollOption.findMany({ where: { pollId }, select: { text: true } });
  if (options.length >= POLL_LIMITS.options.max) return "full";
  const key = text.toLocaleLowerCase();
  const pending = await tx.pollOptionProposal.findMany({
    where: { pollId, status: "pending" },
    select: { text: true },
  });
  // A decision on a pending proposal finds its own text among the pending: only the options count then.
  const taken = personId ? [...options, ...pending] : options;
  if (taken.some((o) => o.text.toLocaleLowerCase() === key)) return "duplicate";
  if (personId) {
    const mine = await tx.pollOptionProposal.count({ where: { pollId, personId, status: { not: "rejected" } } });
    if (mine >= OPTIONS_PER_PERSON) return "perPerson";
  }
  return undefined;
}

async function appendIn(
  s: PollsServices,
  tx: Tx,
  poll: PollRecord,
  text: string,
  copies: PreparedCopy[],
  actorPersonId: string,
): Promise<PollRecord> {
  const added = await s.polls.appendOptionIn(tx, poll.id, text);
  await s.polls.markDirty(poll.id, tx);
  await s.live.queueEdits(added, await s.polls.tally(added, tx), copies, tx);
  await s.deps.store.audit.record(
    {
      communityId: poll.communityId,
      actorPersonId,
      action: "poll.option.add",
      subject: `poll:${poll.id}`,
      detail: { option: clip(text, 40) },
    },
    tx,
  );
  return added;
}

async function creatorTarget(s: PollsServices, poll: PollRecord): Promise<PersonTarget | undefined> {
  const chats = [...new Set([poll.originChatId, ...(await s.polls.posts(poll.id)).map((p) => p.chatId)])];
  return reachPerson(s.deps.store, poll.createdByPersonId, chats);
}

function approvalNotice(poll: PollRecord, text: string, name: string, proposalId: number): MessageBuilder {
  return (t) => ({
    title: poll.question,
    text: t("polls:addOption.approve", { name, option: text, id: poll.id }),
    footer: t("polls:card.footer", { id: poll.id }),
    buttons: [
      [
        {
          label: t("polls:addOption.add"),
          action: APPROVE_OPTION_ACTION,
          args: [String(proposalId)],
          style: "primary",
        },
        { label: t("polls:addOption.reject"), action: REJECT_OPTION_ACTION, args: [String(proposalId)] },
      ],
    ],
  });
}

function decisionNotice(poll: PollRecord, text: string, added: boolean): MessageBuilder {
  return (t) => ({
    title: poll.question,
    text: t(added ? "polls:addOption.wasAdded" : "polls:addOption.wasRejected", { option: text, id: poll.id }),
    footer: t("polls:card.footer", { id: poll.id }),
  });
}
