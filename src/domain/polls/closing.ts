// Closing a poll, by `/poll close` or by its --closes job: the status flips
// under the poll's exclusive lock (votes in flight finish first; later ones
// see it closed), every posted copy gets its final edit, native polls are
// stopped, a short summary goes to each chat the poll was in, and a poll to
// shift makes its shift. An anonymous poll also forgets the order of its
// votes (vote-traces.ts).
//
// Crash safety: the closed state, the final edits, the summaries, the audit
// entry and (as a job) the job's completion are written in one transaction,
// so a crash leaves either an open poll and a job to run again, or a closed
// poll with all its messages queued. A poll to shift makes its task (with its
// reminders, the invitations and the job that posts its card) in that same
// transaction, and native polls are stopped by outbox rows queued there too.
//
// Poll to shift: the single winning time becomes a task (the tasks feature's
// own service), the voters of that time are invited first (a notice with a
// Join button), and the card is posted for everyone in the poll's chat after
// a head start. A tie, no votes, or a time already past make no task, and the
// summary says so.
import type { Clock } from "../../core/clock.js";
import type { MessageRef } from "../../core/events.js";
import type { Logger } from "../../core/logger.js";
import type { Outbox } from "../../outbox/outbox.js";
import type { JobHandler, JobQueue, RunningJob } from "../../scheduler/job-queue.js";
import type { Database } from "../../storage/database.js";
import type { Tx } from "../../storage/repositories/people.js";
import type { Store } from "../../storage/store.js";
import type { Notifier, PersonTarget } from "../notifications/notifier.js";
import type { TasksApi } from "../tasks/index.js";
import type { LiveResults } from "./live-results.js";
import { reachPerson } from "./person-target.js";
import type { PollCards } from "./poll-cards.js";
import { inPollTransaction, lockPollExclusive } from "./poll-lock.js";
import { inviteNotice, type ShiftReport, type SummaryPlace, summaryNotice } from "./poll-notices.js";
import type { PollRecord, PollRepository, PollVersion, PostRecord } from "./poll-repository.js";
import type { PollPlatform } from "./services.js";
import { decideShift, decodePlan, type ShiftDecision, type ShiftPlan } from "./shift-plan.js";
import type { Tally } from "./tally.js";
import { forgetLiveEdits, reshuffleBallots, scheduleForgetEdits } from "./vote-traces.js";

export const CLOSE_JOB = "poll.close";
export const TASK_CARD_JOB = "poll.task-card";

export interface ClosePayload {
  pollId: number;
}

export interface TaskCardPayload {
  taskId: number;
  chatId: string;
}

export function closeKey(pollId: number): string {
  return `poll:${pollId}:close`;
}

export type CloseResult =
  | { kind: "closed"; poll: PollRecord; tally: Tally; shift: ShiftReport | undefined; chats: string[] }
  | { kind: "refused"; reason: "missing" | "closed" };

export interface CloserDeps {
  database: Database;
  store: Store;
  /** An anonymous poll's live-result edits are deleted from it at the close (vote-traces.ts). */
  outbox: Pick<Outbox, "forgetEdits" | "enqueueClosePoll" | "wake">;
  polls: PollRepository;
  cards: PollCards;
  live: LiveResults;
  jobs: Pick<JobQueue, "schedule" | "cancel">;
  notifier: Pick<Notifier, "toPerson" | "toChat" | "wake">;
  tasks: TasksApi;
  platform: (platform: string) => PollPlatform | undefined;
  clock: Clock;
  logger: Logger;
  inviteHeadStartMs: number;
}

export class PollCloser {
  constructor(private readonly deps: CloserDeps) {}

  /**
   * Closes the poll. The summary goes to every chat the poll was posted in
   * except `answeredIn`, where the caller shows it as its reply. `actorPersonId`
   * is who closed it by hand (none when its time came). As the --closes job,
   * `job` completes in the transaction that writes the close's effects.
   */
  async close(
    pollId: number,
    answeredIn?: string,
    actorPersonId?: string,
    job?: Pick<RunningJob, "completeIn">,
  ): Promise<CloseResult> {
    const { polls, database } = this.deps;
    const now = this.deps.clock.now();
    // Read before the transaction, which must not wait for a second pooled connection.
    const before = await polls.find(pollId);
    if (!before) return { kind: "refused", reason: "missing" };
    if (before.status !== "open") return { kind: "refused", reason: "closed" };
    const posts = await polls.posts(pollId);
    const community = await this.deps.store.communities.find(before.communityId);
    const timezone = community?.timezone ?? "UTC";
    // The chat it was asked in comes first: its post is the oldest.
    const chats = [...new Set(posts.map((p) => p.chatId))];
    if (before.anonymous) {
      // Before the final edit is queued, so that it is the one left to deliver.
      await forgetLiveEdits(this.deps.outbox, refsOf(posts), ["pending", "sent", "dead"]);
    }
    const copies = await this.deps.live.prepareCopies(before);
    const plan = decodePlan(before.thenTask);
    // Where each voter can be invited to the shift: read now, as the transaction must not wait for a second connection.
    const invitees = plan && !before.anonymous ? await this.invitees(before, chats) : undefined;

    const flipped = await inPollTransaction(database, async (tx) => {
      await lockPollExclusive(database, tx, pollId);
      const poll = await polls.find(pollId, tx);
      if (!poll) return { kind: "refused", reason: "missing" } as const;
      if (poll.status !== "open") return { kind: "refused", reason: "closed" } as const;
      const closed = await tx.poll.update({ where: { id: pollId }, data: { status: "closed", closedAt: now } });
      if (closed.anonymous) {
        await reshuffleBallots(tx, pollId);
        await scheduleForgetEdits(this.deps.jobs, pollId, now, tx);
      }
      await this.deps.jobs.cancel(closeKey(pollId), tx);
      // Every copy gets a final edit, whether or not votes came since the last one.
      await polls.markDirty(pollId, tx);
      const tally = await polls.tally(closed, tx);
      const flushAt = await this.deps.live.queueEdits(closed, tally, copies, tx);
      const decision = plan ? decideShift(plan, tally, now) : undefined;
      let shift: ShiftReport | undefined;
      if (plan && decision) {
        shift =
          decision.kind === "create"
            ? await this.toShift(tx, closed, tally, plan, decision, invitees, timezone)
            : shiftWithoutTask(decision, tally);
      }
      for (const post of posts) {
        if (post.nativePollId && post.ref) await this.deps.outbox.enqueueClosePoll(post.ref, "poll.stop", tx);
      }
      await this.summarise(tx, closed, tally, shift, posts, chats, timezone, answeredIn, actorPersonId);
      await job?.completeIn(tx);
      return { kind: "closed", poll: closed, tally, shift, flushAt } as const;
    });
    if (flipped.kind === "refused") return flipped;
    const { poll, tally, shift, flushAt } = flipped;
    this.deps.notifier.wake();
    this.deps.outbox.wake();
    if (flushAt) await this.deps.live.later(pollId, flushAt);
    return { kind: "closed", poll, tally, shift, chats };
  }

  /** In a close's transaction: a summary to each chat the poll was in (but `answeredIn`), and the audit entry. */
  private async summarise(
    tx: Tx,
    poll: PollRecord,
    tally: Tally,
    shift: ShiftReport | undefined,
    posts: PostRecord[],
    chats: string[],
    timezone: string,
    answeredIn: string | undefined,
    actorPersonId: string | undefined,
  ): Promise<void> {
    for (const chatId of chats) {
      if (chatId === answeredIn) continue;
      const summary = summaryNotice(poll, tally, timezone, shift, summaryPlace(posts, chatId));
      await this.deps.notifier.toChat(chatId, summary, "poll.summary", tx);
    }
    await this.deps.store.audit.record(
      {
        communityId: poll.communityId,
        actorPersonId,
        action: "poll.close",
        subject: `poll:${poll.id}`,
        before: "open",
        after: "closed",
        detail: {
          voters: tally.voters,
          outcome: tally.outcome.kind,
          task: shift?.kind === "created" ? shift.task.id : null,
        },
      },
      tx,
    );
  }

  /**
   * In the close's transaction, the winning time becomes a task (with its
   * reminders): its voters are invited, and the job that posts its card for
   * everyone (after their head start) is scheduled.
   */
  private async toShift(
    tx: Tx,
    poll: PollRecord,
    tally: Tally,
    plan: ShiftPlan,
    decision: Extract<ShiftDecision, { kind: "create" }>,
    invitees: Map<number, PersonTarget[]> | undefined,
    timezone: string,
  ): Promise<ShiftReport> {
    const now = this.deps.clock.now();
    const task = await this.deps.tasks.createIn(
      tx,
      poll.communityId,
      { title: plan.title, startsAt: decision.startsAt, capacity: plan.slots },
      { chatId: poll.originChatId, personId: poll.createdByPersonId },
    );
    await this.deps.polls.setCreatedTask(poll.id, task.id, tx);
    await this.deps.store.audit.record(
      {
        communityId: poll.communityId,
        actorPersonId: poll.createdByPersonId,
        action: "task.create",
        subject: `task:${task.id}`,
        detail: { fromPoll: poll.id },
      },
      tx,
    );
    const option = tally.options[decision.position]?.text ?? "";
    // An anonymous poll knows no voters to invite: everyone hears at once.
    const targets = invitees?.get(decision.position) ?? [];
    const notice = inviteNotice(poll, option, task, timezone);
    for (const target of targets) await this.deps.notifier.toPerson(target, notice, "poll.invite", tx);
    const invited = targets.length;
    const facts = { id: task.id, title: task.title, startsAt: task.startsAt, endsAt: task.endsAt };
    const headStart = invited > 0 && this.deps.inviteHeadStartMs > 0;
    const cardAt = headStart ? new Date(now.getTime() + this.deps.inviteHeadStartMs) : now;
    await this.deps.jobs.schedule(
      TASK_CARD_JOB,
      cardAt,
      { taskId: task.id, chatId: poll.originChatId } satisfies TaskCardPayload,
      { dedupeKey: `poll:${poll.id}:task-card`, tx },
    );
    return { kind: "created", task: facts, invited, cardAt: headStart ? cardAt : undefined };
  }

  /** For each option, where each of its voters can be invited (voters the bot cannot reach are left out). */
  private async invitees(poll: PollVersion, chats: string[]): Promise<Map<number, PersonTarget[]>> {
    const byOption = new Map<number, PersonTarget[]>();
    for (const [position, voters] of await this.deps.polls.votersByOption(poll)) {
      const targets: PersonTarget[] = [];
      for (const voter of voters) {
        const target = await reachPerson(this.deps.store, voter.personId, chats);
        if (target) targets.push(target);
      }
      byOption.set(position, targets);
    }
    return byOption;
  }
}

/** The --closes job: closing late is still right, so it is never too late. */
/** The message refs of a poll's posted copies that are known. */
export function refsOf(posts: readonly PostRecord[]): MessageRef[] {
  return posts.flatMap((post) => (post.ref ? [post.ref] : []));
}

export function closeJob(closer: PollCloser): JobHandler<ClosePayload> {
  return {
    async run(payload, job) {
      await closer.close(payload.pollId, undefined, undefined, job);
    },
  };
}

/** Posts a poll-to-shift's card for everyone once the invited voters have had their head start. */
export function taskCardJob(tasks: TasksApi, logger: Logger): JobHandler<TaskCardPayload> {
  return {
    async run(payload, job) {
      const task = await tasks.find(payload.taskId);
      if (task?.status !== "open") {
        logger.info({ taskId: payload.taskId }, "poll shift card not posted: the task is gone or not open");
        return;
      }
      // Queued with the job's completion, so a crash neither loses the card nor posts it twice.
      await tasks.postCardDurably(task, payload.chatId, (tx) => job.completeIn(tx));
    },
  };
}

/** A chat whose every copy of the poll is the platform's own poll has no card that shows the outcome. */
export function summaryPlace(posts: Pick<PostRecord, "chatId" | "nativePollId">[], chatId: string): SummaryPlace {
  const here = posts.filter((p) => p.chatId === chatId);
  return here.length > 0 && here.every((p) => p.nativePollId) ? "native" : "card";
}

/** What a poll to shift reports when its outcome makes no task. */
function shiftWithoutTask(decision: Exclude<ShiftDecision, { kind: "create" }>, tally: Tally): ShiftReport {
  switch (decision.kind) {
    case "tie":
      return { kind: "tie" };
    case "noVotes":
      return { kind: "noVotes" };
    case "past":
      return { kind: "past", option: tally.options[decision.position]?.text ?? "" };
  }
}
