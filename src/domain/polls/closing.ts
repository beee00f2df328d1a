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
// poll with all its messages queued. A poll to shift whose winner makes a
// task is the exception: the task is created after that commit, and the
// summaries (which tell of the task) and completion in a second transaction.
//
// Poll to shift: the single winning time becomes a task (the tasks feature's
// own service), the voters of that time are invited first (a notice with a
// Join button), and the card is posted for everyone in the poll's chat after
// a head start. A tie, no votes, or a time already past make no task, and the
// summary says so.
import type { Clock } from "../../core/clock.js";
import type { MessageRef } from "../../core/events.js";
import { platformOf } from "../../core/ids.js";
import type { Logger } from "../../core/logger.js";
import type { Outbox } from "../../outbox/outbox.js";
import type { JobHandler, JobQueue, RunningJob } from "../../scheduler/job-queue.js";
import type { Database } from "../../storage/database.js";
import type { Tx } from "../../storage/repositories/people.js";
import type { Store } from "../../storage/store.js";
import type { Notifier, PersonTarget } from "../notifications/notifier.js";
import type { TaskRecord, TasksApi } from "../tasks/index.js";
import type { LiveResults } from "./live-results.js";
import type { PollCards } from "./poll-cards.js";
import { inPollTransaction, lockPollExclusive } from "./poll-lock.js";
import { inviteNotice, type ShiftReport, type SummaryPlace, summaryNotice } from "./poll-notices.js";
import type { PollRecord, PollRepository, PostRecord } from "./poll-repository.js";
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
  outbox: Pick<Outbox, "forgetEdits">;
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
    const copies = await this.deps.live.prepareFinal(before);
    const plan = decodePlan(before.thenTask);

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
      const flushAt = await this.deps.live.queueFinal(closed, tally, copies, tx);
      const decision = plan ? decideShift(plan, tally, now) : undefined;
      // A task to make is made after this commit; everything else is written now, with the job's completion.
      const shift = decision?.kind === "create" ? undefined : plan && decision && shiftWithoutTask(decision, tally);
      if (decision?.kind !== "create") {
        await this.summarise(tx, closed, tally, shift, posts, chats, timezone, answeredIn, actorPersonId);
        await job?.completeIn(tx);
      }
      return { kind: "closed", poll: closed, tally, decision, shift, flushAt } as const;
    });
    if (flipped.kind === "refused") return flipped;
    const { poll, tally, decision, flushAt } = flipped;
    this.deps.notifier.wake();
    if (flushAt) await this.deps.live.later(pollId, flushAt);
    for (const post of posts) {
      if (!post.nativePollId || !post.ref) continue;
      try {
        await this.deps.platform(platformOf(post.chatId))?.closePoll?.(post.ref);
      } catch (error) {
        this.deps.logger.warn({ err: error, pollId, chatId: post.chatId }, "could not stop a native poll");
      }
    }
    let shift = flipped.shift;
    if (plan && decision?.kind === "create") {
      shift = await this.toShift(poll, tally, plan, decision.startsAt, decision.position, chats, timezone);
      const report = shift;
      await inPollTransaction(database, async (tx) => {
        await this.summarise(tx, poll, tally, report, posts, chats, timezone, answeredIn, actorPersonId);
        await job?.completeIn(tx);
      });
      this.deps.notifier.wake();
    }
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

  /** The winning time becomes a task: its voters are invited, and its card posted (after their head start). */
  private async toShift(
    poll: PollRecord,
    tally: Tally,
    plan: ShiftPlan,
    startsAt: Date,
    position: number,
    chats: string[],
    timezone: string,
  ): Promise<ShiftReport> {
    const now = this.deps.clock.now();
    const { tasks } = this.deps;
    const task = await tasks.create(
      poll.communityId,
      { title: plan.title, startsAt, capacity: plan.slots },
      { chatId: poll.originChatId, personId: poll.createdByPersonId },
    );
    await this.deps.polls.setCreatedTask(poll.id, task.id);
    await this.deps.store.audit.record({
      communityId: poll.communityId,
      actorPersonId: poll.createdByPersonId,
      action: "task.create",
      subject: `task:${task.id}`,
      detail: { fromPoll: poll.id },
    });
    const option = tally.options[position]?.text ?? "";
    // An anonymous poll knows no voters to invite: everyone hears at once.
    const invited = poll.anonymous ? 0 : await this.invite(poll, position, option, task, chats, timezone);
    const facts = { id: task.id, title: task.title, startsAt: task.startsAt, endsAt: task.endsAt };
    if (invited > 0 && this.deps.inviteHeadStartMs > 0) {
      const cardAt = new Date(now.getTime() + this.deps.inviteHeadStartMs);
      await this.deps.jobs.schedule(
        TASK_CARD_JOB,
        cardAt,
        { taskId: task.id, chatId: poll.originChatId } satisfies TaskCardPayload,
        { dedupeKey: `poll:${poll.id}:task-card` },
      );
      return { kind: "created", task: facts, invited, cardAt };
    }
    await tasks.postCard(task, poll.originChatId);
    return { kind: "created", task: facts, invited, cardAt: undefined };
  }

  /** Invites the voters of the winning time, each where the bot can reach them. Resolves with how many. */
  private async invite(
    poll: PollRecord,
    position: number,
    option: string,
    task: TaskRecord,
    chats: string[],
    timezone: string,
  ): Promise<number> {
    const voters = (await this.deps.polls.votersByOption(poll.id)).get(position) ?? [];
    const notice = inviteNotice(poll, option, task, timezone);
    let invited = 0;
    for (const voter of voters) {
      const target = await this.targetFor(voter.personId, chats);
      if (!target) continue;
      await this.deps.notifier.toPerson(target, notice, "poll.invite");
      invited++;
    }
    this.deps.notifier.wake();
    return invited;
  }

  /**
   * Where to reach a voter: an identity with a direct chat if there is one,
   * else one on a platform where the poll was posted, mentioned in that chat.
   */
  private async targetFor(personId: string, chats: string[]): Promise<PersonTarget | undefined> {
    const identities = await this.deps.store.people.identitiesOf(personId);
    const chatOn = (platform: string) => chats.find((chatId) => platformOf(chatId) === platform);
    const direct = identities.find((i) => i.directChatId);
    if (direct) return { personId, identityId: direct.id, fallbackChatId: chatOn(direct.platform) ?? chats[0]! };
    for (const identity of identities) {
      const chatId = chatOn(identity.platform);
      if (chatId) return { personId, identityId: identity.id, fallbackChatId: chatId };
    }
    return undefined;
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
    async run(payload) {
      const task = await tasks.find(payload.taskId);
      if (task?.status !== "open") {
        logger.info({ taskId: payload.taskId }, "poll shift card not posted: the task is gone or not open");
        return;
      }
      await tasks.postCard(task, payload.chatId);
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
