// Reminders before a shift, as database-held jobs: one per task and offset
// (dedupeKey "task:<id>:reminder:<minutes>"), so they survive restarts and a
// reschedule replaces rather than adds. A job carries the start it was made
// for: if the shift moved meanwhile, or has started (`tooLate`), it is
// dropped. Each run sends to every confirmed volunteer who has not turned
// reminders off, on the platform and chat they signed up from: one message
// per group chat mentioning them all, or a direct message each.
//
// After downtime several reminders of one shift can be due at once (the
// 24-hour one and the 1-hour one): only the one closest to the start is sent,
// and every reminder says the true time left, so nobody reads "in 24 hours"
// half an hour before. The closer job exists whenever the farther one does:
// both were scheduled together, and the closer one's time came later.
//
// A run writes all its notices (outbox rows), an audit mark and the job's
// completion in one transaction: a crash before the commit leaves nothing
// and the job is retaken (within a lease, 60 s, so a reminder for a shift a
// few minutes away still goes); a crash after it leaves the job done. The mark
// also keeps a reminder run again by hand from going twice.
import type { Clock } from "../../core/clock.js";
import type { Logger } from "../../core/logger.js";
import type { JobHandler, JobQueue } from "../../scheduler/job-queue.js";
import type { Tx } from "../../storage/repositories/people.js";
import { inTransaction } from "../../storage/row-lock.js";
import type { Store } from "../../storage/store.js";
import type { ChangeEffects } from "../change-effects.js";
import type { Notifier } from "../notifications/notifier.js";
import { reminderNotice } from "./notices.js";
import { formatOffsets, readOffsets } from "./reminder-offsets.js";
import type { TaskRecord, TaskRepository } from "./task-repository.js";

export const REMINDER_JOB = "task.reminder";

export interface ReminderPayload {
  taskId: number;
  offsetMinutes: number;
  /** ISO start the reminder was scheduled for. */
  startsAt: string;
}

export type JobScheduler = Pick<JobQueue, "schedule" | "cancel">;

export function reminderKey(taskId: number, offsetMinutes: number): string {
  return `task:${taskId}:reminder:${offsetMinutes}`;
}

export class Reminders {
  constructor(
    private readonly jobs: JobScheduler,
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** The community's offsets (minutes before the start). */
  async offsetsOf(communityId: string, client: Tx = this.store.database.db): Promise<number[]> {
    const row = await client.community.findUnique({
      where: { id: communityId },
      select: { reminderOffsets: true },
    });
    return readOffsets(row?.reminderOffsets);
  }

  /** Whether a person turned their reminders off in this community. */
  async mutedFor(communityId: string, personId: string): Promise<boolean> {
    const membership = await this.store.database.db.membership.findUnique({
      where: { communityId_personId: { communityId, personId } },
      select: { remindersOff: true },
    });
    return membership?.remindersOff ?? false;
  }

  /** Turns a person's reminders off or back on; anyone may, so they become a member first. */
  async setMuted(communityId: string, personId: string, off: boolean): Promise<void> {
    await this.store.communities.ensureMember(communityId, personId);
    await this.store.database.db.membership.updateMany({
      where: { communityId, personId },
      data: { remindersOff: off },
    });
  }

  /**
   * (Re)schedules a task's reminders; offsets already past are cancelled, not
   * sent late. With `tx`, in the transaction of the change that asks for
   * them, so a crash leaves the change and its reminders, or neither.
   */
  async schedule(task: TaskRecord, offsets?: number[], tx?: Tx): Promise<void> {
    const wanted = offsets ?? (await this.offsetsOf(task.communityId, tx));
    const now = this.clock.now().getTime();
    for (const offsetMinutes of wanted) {
      const key = reminderKey(task.id, offsetMinutes);
      const runAt = new Date(task.startsAt.getTime() - offsetMinutes * 60_000);
      if (task.status !== "open" || runAt.getTime() <= now) {
        await this.jobs.cancel(key, tx);
        continue;
      }
      const payload: ReminderPayload = { taskId: task.id, offsetMinutes, startsAt: task.startsAt.toISOString() };
      await this.jobs.schedule(REMINDER_JOB, runAt, payload, { dedupeKey: key, tx });
    }
  }

  async cancel(task: TaskRecord, offsets?: number[], tx?: Tx): Promise<void> {
    for (const offsetMinutes of offsets ?? (await this.offsetsOf(task.communityId, tx))) {
      await this.jobs.cancel(reminderKey(task.id, offsetMinutes), tx);
    }
  }

  /**
   * `/task reminders <minutes>`: the community's offsets change and every
   * upcoming open task moves from the old ones to the new, in one transaction
   * with `effects` (the event's completion, the audit entry).
   */
  async changeOffsets(
    communityId: string,
    tasks: TaskRecord[],
    previous: number[],
    next: number[],
    effects?: ChangeEffects<void>,
  ): Promise<void> {
    const dropped = previous.filter((m) => !next.includes(m));
    await inTransaction(this.store.database, async (tx) => {
      await tx.community.update({ where: { id: communityId }, data: { reminderOffsets: formatOffsets(next) } });
      for (const task of tasks) {
        await this.cancel(task, dropped, tx);
        await this.schedule(task, next, tx);
      }
      if (effects) await effects(tx, undefined);
    });
  }
}

export interface ReminderJobDeps {
  store: Store;
  tasks: TaskRepository;
  notifier: Pick<Notifier, "toPeople" | "wake">;
  reminders: Reminders;
  clock: Clock;
  logger: Logger;
}

export function reminderJob(deps: ReminderJobDeps): JobHandler<ReminderPayload> {
  return {
    tooLate: (payload, _job, now) => now.getTime() >= Date.parse(payload.startsAt),
    async run(payload, job) {
      const task = await deps.tasks.find(payload.taskId);
      // Stale: the task is gone, cancelled or done, moved, or the community dropped this offset.
      if (task?.status !== "open" || task.startsAt.toISOString() !== payload.startsAt) return;
      const offsets = await deps.reminders.offsetsOf(task.communityId);
      if (!offsets.includes(payload.offsetMinutes)) return;
      const now = deps.clock.now();
      if (closerReminderDue(offsets, payload.offsetMinutes, task.startsAt, now)) {
        deps.logger.info(
          { taskId: task.id, offsetMinutes: payload.offsetMinutes },
          "late reminder folded into a closer one",
        );
        return;
      }
      const community = await deps.store.communities.find(task.communityId);
      if (!community) return;

      const confirmed = await deps.store.database.db.signup.findMany({
        where: { taskId: task.id, status: "confirmed" },
        orderBy: { queuedAt: "asc" },
      });
      const muted = new Set(
        (
          await deps.store.database.db.membership.findMany({
            where: {
              communityId: task.communityId,
              personId: { in: confirmed.map((s) => s.personId) },
              remindersOff: true,
            },
            select: { personId: true },
          })
        ).map((m) => m.personId),
      );
      const mark = `task:${task.id}:reminder:${payload.offsetMinutes}:${payload.startsAt}`;
      const build = reminderNotice(task, community.timezone, now);
      const sent = await inTransaction(deps.store.database, async (tx) => {
        const done = await tx.auditEntry.findFirst({
          where: { communityId: task.communityId, action: "task.reminded", subject: mark },
          select: { id: true },
        });
        if (done) {
          await job.completeIn(tx);
          return 0;
        }
        const targets = confirmed
          .filter((signup) => !muted.has(signup.personId))
          .map((signup) => ({
            personId: signup.personId,
            identityId: signup.identityId,
            fallbackChatId: signup.chatId,
          }));
        await deps.notifier.toPeople(targets, build, "task.reminder", tx);
        const count = targets.length;
        await tx.auditEntry.create({
          data: {
            communityId: task.communityId,
            action: "task.reminded",
            subject: mark,
            detail: JSON.stringify({ count }),
          },
        });
        await job.completeIn(tx);
        return count;
      });
      deps.notifier.wake();
      deps.logger.info({ taskId: task.id, offsetMinutes: payload.offsetMinutes, sent }, "task reminders queued");
    },
  };
}

/** True when a reminder nearer the start is also due by now: that one is sent instead. */
function closerReminderDue(offsets: number[], offsetMinutes: number, startsAt: Date, now: Date): boolean {
  return offsets.some((other) => other < offsetMinutes && startsAt.getTime() - other * 60_000 <= now.getTime());
}
