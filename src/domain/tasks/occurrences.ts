// Repeating shifts: each occurrence is its own task (own sign-ups, own card),
// and the next one is made when the current one starts, by a job at its start
// (dedupeKey "task:<id>:next"). So people sign up per occurrence, and one
// occurrence can be moved or cancelled without touching the series.
//
// The job carries the occurrence's *slot*: its start as the series made it.
// Moving an occurrence does not move its job, so the series keeps its rhythm:
// the next start is the rule's first occurrence after the slot (or after now,
// when the bot was down for longer than a period).
//
// The new occurrence copies the title, place, note, slots, length and
// sign-up cutoff of the one before it; its time comes from the rule.
import type { Clock } from "../../core/clock.js";
import type { Logger } from "../../core/logger.js";
import type { JobHandler } from "../../scheduler/job-queue.js";
import type { Tx } from "../../storage/repositories/people.js";
import type { Store } from "../../storage/store.js";
import { nextOccurrence } from "./recurrence.js";
import type { JobScheduler, Reminders } from "./reminders.js";
import { withLockedTask } from "./task-lock.js";
import type { TaskRecord, TaskRepository } from "./task-repository.js";

export const NEXT_OCCURRENCE_JOB = "task.next-occurrence";

export interface NextOccurrencePayload {
  taskId: number;
  /** ISO start of this occurrence as the series made it. */
  slot: string;
}

export function nextOccurrenceKey(taskId: number): string {
  return `task:${taskId}:next`;
}

/** Posts a task's card in a chat and records where (cards.ts). */
export interface CardPoster {
  /** Through the outbox, in one transaction with `complete` (the job's completion). */
  postCardDurably(task: TaskRecord, chatId: string, complete: (tx: Tx) => Promise<void>): Promise<void>;
  hasPosts(taskId: number): Promise<boolean>;
}

export class Occurrences {
  constructor(
    private readonly store: Store,
    private readonly tasks: TaskRepository,
    private readonly jobs: JobScheduler,
    private readonly reminders: Reminders,
    private readonly clock: Clock,
  ) {}

  /** Schedules the series' next occurrence; with `tx`, in the transaction of the change that makes this one. */
  async scheduleNext(task: TaskRecord, tx?: Tx): Promise<void> {
    if (!task.recurrence) return;
    const payload: NextOccurrencePayload = { taskId: task.id, slot: task.startsAt.toISOString() };
    await this.jobs.schedule(NEXT_OCCURRENCE_JOB, task.startsAt, payload, {
      dedupeKey: nextOccurrenceKey(task.id),
      tx,
    });
  }

  /** Stops the series at this occurrence: its next one will not be made. */
  async stopAfter(task: TaskRecord, tx?: Tx): Promise<void> {
    await this.jobs.cancel(nextOccurrenceKey(task.id), tx);
  }

  /**
   * Makes the occurrence after `payload`'s, once: a repeated run finds the
   * one it made. Returns it, or undefined when the series has ended.
   */
  async createNext(payload: NextOccurrencePayload): Promise<TaskRecord | undefined> {
    const current = await this.tasks.find(payload.taskId);
    if (!current?.recurrence) return undefined;
    const seriesId = current.seriesId ?? current.id;
    const slot = new Date(payload.slot);
    if (current.nextCreatedAt) return this.madeAfter(seriesId, current.id);

    const community = await this.store.communities.find(current.communityId);
    if (!community) return undefined;
    const now = this.clock.now();
    const after = new Date(Math.max(slot.getTime(), now.getTime()));
    const start = nextOccurrence(current.recurrence, after, community.timezone);

    const created = await withLockedTask(this.store.database, current.id, async (tx, task) => {
      if (!task?.recurrence || task.nextCreatedAt) return undefined;
      await this.tasks.update(task.id, { nextCreatedAt: now }, tx);
      if (!start) return undefined;
      const shift = start.getTime() - task.startsAt.getTime();
      const moved = (at: Date | null) => (at ? new Date(at.getTime() + shift) : undefined);
      const made = await this.tasks.create(
        {
          communityId: task.communityId,
          seriesId,
          title: task.title,
          note: task.note ?? undefined,
          place: task.place ?? undefined,
          startsAt: start,
          endsAt: moved(task.endsAt),
          capacity: task.capacity,
          cutoffAt: moved(task.cutoffAt),
          recurrence: task.recurrence,
          roles: (await this.tasks.roles(task.id, tx)).map(({ name, capacity }) => ({ name, capacity })),
          originChatId: task.originChatId,
          createdByPersonId: task.createdByPersonId,
        },
        tx,
      );
      // Its jobs commit with it: a crash leaves the occurrence armed, or not made (and the job retries).
      await this.arm(made, tx);
      return made;
    });
    return created ?? this.madeAfter(seriesId, current.id);
  }

  /** Jobs of a new occurrence: its reminders and, in turn, its successor. */
  async arm(task: TaskRecord, tx?: Tx): Promise<void> {
    await this.reminders.schedule(task, undefined, tx);
    await this.scheduleNext(task, tx);
  }

  /** The occurrence made from `currentId`: the series' next row by id (a moved occurrence may start later than it). */
  private async madeAfter(seriesId: number, currentId: number): Promise<TaskRecord | undefined> {
    const rows = await this.store.database.db.task.findMany({
      where: { seriesId, id: { gt: currentId } },
      orderBy: { id: "asc" },
      take: 1,
    });
    return rows[0];
  }
}

export interface NextOccurrenceJobDeps {
  occurrences: Occurrences;
  cards: CardPoster;
  logger: Logger;
}

export function nextOccurrenceJob(deps: NextOccurrenceJobDeps): JobHandler<NextOccurrencePayload> {
  return {
    // Never too late: a series must go on after downtime (createNext skips slots already past).
    async run(payload, job) {
      const next = await deps.occurrences.createNext(payload);
      // Armed (reminders, its successor) in the transaction that made it.
      if (next?.status !== "open") return;
      // Posted where the series was created, queued with the job's completion: a crash before that
      // commit leaves no card and the job to run again, one after it leaves both done.
      if (!(await deps.cards.hasPosts(next.id)))
        await deps.cards.postCardDurably(next, next.originChatId, (tx) => job.completeIn(tx));
      deps.logger.info({ taskId: next.id, seriesId: next.seriesId }, "next occurrence created");
    },
  };
}
