// Creating, editing, cancelling and finishing tasks. Each change runs under
// the task's row lock (so it cannot interleave with sign-ups), then arranges
// its jobs: reminders follow the start, a series' next occurrence is made at
// each start. Notices and card updates are the caller's (they need the
// request's context); this returns what they need, and writes the caller's
// `effects` (the event's completion, notices) in the change's transaction.
import type { Clock } from "../../core/clock.js";
import type { Tx } from "../../storage/repositories/people.js";
import { inTransaction } from "../../storage/row-lock.js";
import type { Store } from "../../storage/store.js";
import type { ChangeEffects } from "../change-effects.js";
import { diffTask, type TaskChange } from "./changes.js";
import type { HoursEntryRecord, HoursService } from "./hours.js";
import type { Occurrences } from "./occurrences.js";
import type { Reminders } from "./reminders.js";
import type { RoleDraft } from "./roles.js";
import { applyRebalance, type Joiner, type Moved } from "./signups.js";
import { lockTask, withLockedTask } from "./task-lock.js";
import type { TaskRecord, TaskRepository } from "./task-repository.js";

export interface TaskDraft {
  title: string;
  startsAt: Date;
  endsAt?: Date;
  capacity: number;
  place?: string;
  note?: string;
  cutoffAt?: Date;
  /** The stored series (recurrence.ts), for a repeating shift. */
  recurrence?: string;
  /** The resident's request this shift answers; when it is done, the request is told (see onDone). */
  requestId?: number;
  /** Roles with their own slots (roles.ts); `capacity` is their sum. */
  roles?: RoleDraft[];
}

export interface TaskPatch {
  title?: string;
  startsAt?: Date;
  endsAt?: Date | null;
  capacity?: number;
  place?: string | null;
  note?: string | null;
  cutoffAt?: Date | null;
}

export type Unchangeable = "missing" | "cancelled" | "done" | "started";

export type EditResult =
  | { kind: "edited"; task: TaskRecord; changes: TaskChange[]; moved: Moved[]; audience: Joiner[] }
  | { kind: "unchanged"; task: TaskRecord }
  | { kind: "refused"; reason: Unchangeable };

/** One cancelled occurrence, and who had signed up for it. */
export interface CancelledTask {
  task: TaskRecord;
  audience: Joiner[];
}

export type CancelResult =
  | { kind: "cancelled"; tasks: CancelledTask[] }
  | { kind: "refused"; reason: "missing" | "cancelled" | "done" };

export type DoneResult =
  | { kind: "done"; task: TaskRecord; entries: HoursEntryRecord[] }
  | { kind: "refused"; reason: "missing" | "cancelled" | "done" | "notStarted" };

/** Told after a task is marked done and the change has committed (e.g. a request volunteers took on). */
export type TaskDoneListener = (task: TaskRecord, actorId: string) => Promise<void>;

export class TaskService {
  private readonly doneListeners: TaskDoneListener[] = [];

  constructor(
    private readonly store: Store,
    private readonly tasks: TaskRepository,
    private readonly reminders: Reminders,
    private readonly occurrences: Occurrences,
    private readonly hours: HoursService,
    private readonly clock: Clock,
  ) {}

  async create(
    communityId: string,
    draft: TaskDraft,
    origin: { chatId: string; personId: string },
    effects?: ChangeEffects<TaskRecord>,
  ): Promise<TaskRecord> {
    return this.store.database.db.$transaction(async (tx) => {
      const task = await this.createIn(tx, communityId, draft, origin);
      if (effects) await effects(tx, task);
      return task;
    });
  }

  /** As create, in the caller's transaction (a poll's close makes its shift in its own). */
  async createIn(
    tx: Tx,
    communityId: string,
    draft: TaskDraft,
    origin: { chatId: string; personId: string },
  ): Promise<TaskRecord> {
    const created = await this.tasks.create(
      { ...draft, communityId, originChatId: origin.chatId, createdByPersonId: origin.personId },
      tx,
    );
    // The first occurrence names the series; every later one points back to it.
    const task = draft.recurrence ? await this.tasks.update(created.id, { seriesId: created.id }, tx) : created;
    // Its jobs commit with it (and with the event's completion in effects).
    await this.reminders.schedule(task, undefined, tx);
    await this.occurrences.scheduleNext(task, tx);
    return task;
  }

  async edit(taskId: number, patch: TaskPatch, effects?: ChangeEffects<EditResult>): Promise<EditResult> {
    const result = await withLockedTask<EditResult>(
      this.store.database,
      taskId,
      async (tx, task): Promise<EditResult> => {
        const refusal = unchangeable(task, this.clock.now());
        if (refusal || !task) return { kind: "refused", reason: refusal ?? "missing" };
        const after = { ...task, ...definedOnly(patch) };
        const changes = diffTask(task, after);
        if (changes.length === 0) return { kind: "unchanged", task };
        const updated = await this.tasks.update(task.id, definedOnly(patch), tx);
        const line = await this.tasks.activeSignups(task.id, tx);
        const { moved } =
          updated.capacity !== task.capacity ? await applyRebalance(tx, line, updated.capacity) : { moved: [] };
        const audience = line.map((s) => ({ personId: s.personId, identityId: s.identityId, chatId: s.chatId }));
        return { kind: "edited", task: updated, changes, moved, audience };
      },
      async (tx, result) => {
        // A moved shift's reminders move in the edit's transaction.
        if (result.kind === "edited" && result.changes.some((c) => c.field === "when")) {
          await this.reminders.schedule(result.task, undefined, tx);
        }
        if (effects) await effects(tx, result);
      },
    );
    return result;
  }

  /**
   * Cancels one occurrence; with `series`, also every later open one, and the
   * series makes no more. All of them commit in one transaction, `effects`
   * run for each occurrence in it (the event's completion, notices), so a
   * crash leaves none or all cancelled.
   */
  async cancel(
    taskId: number,
    reason: string | undefined,
    series: boolean,
    effects?: ChangeEffects<CancelledTask>,
  ): Promise<CancelResult> {
    return inTransaction(this.store.database, async (tx): Promise<CancelResult> => {
      const first = await this.cancelOne(tx, taskId, reason, series);
      if (first.kind === "refused") return first;
      const cancelled = [first.value];
      const task = first.value.task;
      if (series && task.seriesId !== null) {
        // Locked one by one in time order, as every other change locks a single task: no lock cycle.
        for (const occurrence of await this.tasks.openInSeries(task.seriesId, task.startsAt, tx)) {
          const result = await this.cancelOne(tx, occurrence.id, reason, series);
          if (result.kind === "ok") cancelled.push(result.value);
        }
      }
      if (effects) for (const value of cancelled) await effects(tx, value);
      return { kind: "cancelled", tasks: cancelled };
    });
  }

  /** Registers a listener for finished tasks. Its failure never undoes the done: it logs its own errors. */
  onDone(listener: TaskDoneListener): void {
    this.doneListeners.push(listener);
  }

  /** Marks a started task done and proposes hours (pending) for its confirmed volunteers who were not marked absent. */
  async markDone(taskId: number, actorId: string, effects?: ChangeEffects<DoneResult>): Promise<DoneResult> {
    const result = await withLockedTask<DoneResult>(
      this.store.database,
      taskId,
      async (tx, task): Promise<DoneResult> => {
        if (!task) return { kind: "refused", reason: "missing" };
        if (task.status === "done" || task.status === "cancelled") return { kind: "refused", reason: task.status };
        if (this.clock.now() < task.startsAt) return { kind: "refused", reason: "notStarted" };
        const updated = await this.tasks.update(task.id, { status: "done" }, tx);
        await this.reminders.cancel(updated, undefined, tx);
        // Those marked absent (/task attendance) get no hours; unmarked counts as came.
        const confirmed = (await this.tasks.activeSignups(task.id, tx)).filter(
          (s) => s.status === "confirmed" && s.attended !== false,
        );
        const entries = await this.hours.propose(
          tx,
          updated,
          confirmed.map((s) => s.personId),
          actorId,
        );
        return { kind: "done", task: updated, entries };
      },
      effects,
    );
    if (result.kind === "done") {
      const task = result.task;
      await Promise.allSettled(this.doneListeners.map((listener) => listener(task, actorId)));
    }
    return result;
  }

  /** One occurrence, with its reminders (and, for a series, its next occurrence) cancelled in the caller's transaction. */
  private async cancelOne(tx: Tx, taskId: number, reason: string | undefined, series: boolean): Promise<CancelOne> {
    const task = await lockTask(this.store.database, tx, taskId);
    if (!task) return { kind: "refused", reason: "missing" };
    if (task.status === "cancelled" || task.status === "done") return { kind: "refused", reason: task.status };
    const updated = await this.tasks.update(task.id, { status: "cancelled", cancelReason: reason ?? null }, tx);
    // Sign-ups stay as they were: the record of who would have come.
    const audience = (await this.tasks.activeSignups(task.id, tx)).map((s) => ({
      personId: s.personId,
      identityId: s.identityId,
      chatId: s.chatId,
    }));
    await this.reminders.cancel(updated, undefined, tx);
    if (series && updated.seriesId !== null) await this.occurrences.stopAfter(updated, tx);
    return { kind: "ok", value: { task: updated, audience } };
  }
}

type CancelOne = { kind: "ok"; value: CancelledTask } | { kind: "refused"; reason: "missing" | "cancelled" | "done" };

/** Why a task cannot be edited now, if it cannot. */
export function unchangeable(task: TaskRecord | undefined, now: Date): Unchangeable | undefined {
  if (!task) return "missing";
  if (task.status === "cancelled" || task.status === "done") return task.status;
  if (now >= task.startsAt) return "started";
  return undefined;
}

function definedOnly(patch: TaskPatch): TaskPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as TaskPatch;
}
