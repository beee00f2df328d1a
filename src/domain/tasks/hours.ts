// The hours ledger: volunteers log hours (or a coordinator's /task done
// proposes them), coordinators approve or decline. Entries are never
// deleted: a wrong one is declined, and a correction is a new entry.
// Decisions are compare-and-set on `status = pending`, so two coordinators
// pressing Approve at once decide an entry once.

import type { Clock } from "../../core/clock.js";
import type { Db } from "../../storage/database.js";
import type { HoursEntry } from "../../storage/generated/sqlite/client.js";
import type { Tx } from "../../storage/repositories/people.js";
import type { ChangeEffects } from "../change-effects.js";
import type { DecidedHours } from "./hours-audit.js";
import type { MonthRange } from "./hours-input.js";
import type { HoursLine } from "./hours-totals.js";
import type { TaskRecord } from "./task-repository.js";
import { durationMs } from "./task-times.js";

export type HoursStatus = "pending" | "approved" | "declined";
export type HoursEntryRecord = HoursEntry;

export interface HoursEntryView {
  entry: HoursEntryRecord;
  name: string;
  taskTitle: string | null;
}

export type Decision =
  | { kind: "decided"; entry: HoursEntryRecord }
  | { kind: "missing" }
  | { kind: "already"; status: HoursStatus };

/** What an "approve all" decided: how many entries, their minutes, and which. */
export interface ApprovedAll {
  count: number;
  minutes: number;
  approved: DecidedHours[];
}

export interface NewHours {
  communityId: string;
  personId: string;
  minutes: number;
  workedOn: Date;
  taskId?: number;
  note?: string;
  createdByPersonId: string;
}

export class HoursService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Logs an entry; `effects` (the event's completion) commit with it, so a redelivery logs nothing twice. */
  async log(input: NewHours, effects?: ChangeEffects<HoursEntryRecord>): Promise<HoursEntryRecord> {
    return this.db.$transaction(async (tx) => {
      const entry = await tx.hoursEntry.create({
        data: {
          communityId: input.communityId,
          personId: input.personId,
          minutes: input.minutes,
          workedOn: input.workedOn,
          taskId: input.taskId ?? null,
          note: input.note ?? null,
          createdByPersonId: input.createdByPersonId,
          createdAt: this.clock.now(),
        },
      });
      if (effects) await effects(tx, entry);
      return entry;
    });
  }

  /** Pending entries for a finished task's confirmed volunteers: its length each (2 h without --until). */
  async propose(tx: Tx, task: TaskRecord, personIds: string[], createdByPersonId: string): Promise<HoursEntryRecord[]> {
    const minutes = Math.round(durationMs(task) / 60_000);
    const entries: HoursEntryRecord[] = [];
    for (const personId of personIds) {
      entries.push(
        await tx.hoursEntry.create({
          data: {
            communityId: task.communityId,
            personId,
            taskId: task.id,
            minutes,
            workedOn: task.startsAt,
            createdByPersonId,
            createdAt: this.clock.now(),
          },
        }),
      );
    }
    return entries;
  }

  /** `effects` (the audit entry, the event's completion) commit with the decision. */
  approve(communityId: string, id: number, approverId: string, effects?: ChangeEffects<Decision>): Promise<Decision> {
    return this.decide(communityId, id, { status: "approved", decidedByPersonId: approverId }, effects);
  }

  decline(
    communityId: string,
    id: number,
    approverId: string,
    reason: string | undefined,
    effects?: ChangeEffects<Decision>,
  ): Promise<Decision> {
    return this.decide(
      communityId,
      id,
      { status: "declined", decidedByPersonId: approverId, declineReason: reason ?? null },
      effects,
    );
  }

  /**
   * Approves every pending entry of the community (or of one task); returns
   * how many, and their minutes. `effects` (audit entries, the event's
   * completion) commit with the approvals.
   */
  async approveAll(
    communityId: string,
    approverId: string,
    taskId?: number,
    effects?: ChangeEffects<ApprovedAll>,
  ): Promise<ApprovedAll> {
    const where = { communityId, status: "pending", ...(taskId === undefined ? {} : { taskId }) };
    return this.db.$transaction(async (tx) => {
      const pending = await tx.hoursEntry.findMany({
        where,
        select: { id: true, minutes: true, personId: true },
        orderBy: { id: "asc" },
      });
      const approved: DecidedHours[] = [];
      for (const entry of pending) {
        // One by one, each only if still pending: an entry decided meanwhile by someone else stays as they decided.
        const decided = await tx.hoursEntry.updateMany({
          where: { id: entry.id, status: "pending" },
          data: { status: "approved", decidedByPersonId: approverId, decidedAt: this.clock.now() },
        });
        if (decided.count === 1) approved.push(entry);
      }
      const result = { count: approved.length, minutes: approved.reduce((sum, e) => sum + e.minutes, 0), approved };
      if (effects) await effects(tx, result);
      return result;
    });
  }

  async find(communityId: string, id: number): Promise<HoursEntryRecord | undefined> {
    const entry = await this.db.hoursEntry.findUnique({ where: { id } });
    return entry?.communityId === communityId ? entry : undefined;
  }

  /** A task's entries, oldest first. */
  async ofTask(taskId: number): Promise<HoursEntryRecord[]> {
    return this.db.hoursEntry.findMany({ where: { taskId }, orderBy: { id: "asc" } });
  }

  async entriesOf(communityId: string, personId: string, range: MonthRange): Promise<HoursEntryView[]> {
    const rows = await this.db.hoursEntry.findMany({
      where: { communityId, personId, workedOn: { gte: range.from, lt: range.to } },
      orderBy: [{ workedOn: "asc" }, { id: "asc" }],
    });
    return this.views(rows);
  }

  /** All approved hours of a person in the community, ever. */
  async lifetimeMinutes(communityId: string, personId: string): Promise<number> {
    const sum = await this.db.hoursEntry.aggregate({
      where: { communityId, personId, status: "approved" },
      _sum: { minutes: true },
    });
    return sum._sum.minutes ?? 0;
  }

  async pending(communityId: string, limit: number): Promise<{ entries: HoursEntryView[]; total: number }> {
    const where = { communityId, status: "pending" };
    const [rows, total] = await Promise.all([
      this.db.hoursEntry.findMany({ where, orderBy: { id: "asc" }, take: limit }),
      this.db.hoursEntry.count({ where }),
    ]);
    return { entries: await this.views(rows), total };
  }

  /** Approved hours worked in the month, as lines for totals. */
  async approvedIn(communityId: string, range: MonthRange): Promise<HoursLine[]> {
    const rows = await this.db.hoursEntry.findMany({
      where: { communityId, status: "approved", workedOn: { gte: range.from, lt: range.to } },
      orderBy: { id: "asc" },
    });
    return (await this.views(rows)).map((v) => ({
      personId: v.entry.personId,
      name: v.name,
      taskId: v.entry.taskId,
      taskTitle: v.taskTitle,
      minutes: v.entry.minutes,
    }));
  }

  async pendingIn(communityId: string, range: MonthRange): Promise<{ count: number; minutes: number }> {
    const where = { communityId, status: "pending", workedOn: { gte: range.from, lt: range.to } };
    const sum = await this.db.hoursEntry.aggregate({ where, _sum: { minutes: true }, _count: { _all: true } });
    return { count: sum._count._all, minutes: sum._sum.minutes ?? 0 };
  }

  private async decide(
    communityId: string,
    id: number,
    data: { status: HoursStatus; decidedByPersonId: string; declineReason?: string | null },
    effects?: ChangeEffects<Decision>,
  ): Promise<Decision> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.hoursEntry.updateMany({
        where: { id, communityId, status: "pending" },
        data: { ...data, decidedAt: this.clock.now() },
      });
      const entry = await tx.hoursEntry.findUnique({ where: { id } });
      const decision: Decision =
        entry?.communityId !== communityId
          ? { kind: "missing" }
          : count === 1
            ? { kind: "decided", entry }
            : { kind: "already", status: asStatus(entry.status) };
      if (effects) await effects(tx, decision);
      return decision;
    });
  }

  private async views(rows: HoursEntryRecord[]): Promise<HoursEntryView[]> {
    const personIds = [...new Set(rows.map((r) => r.personId))];
    const taskIds = [...new Set(rows.flatMap((r) => (r.taskId === null ? [] : [r.taskId])))];
    const [people, tasks] = await Promise.all([
      personIds.length
        ? this.db.person.findMany({ where: { id: { in: personIds } }, select: { id: true, displayName: true } })
        : [],
      taskIds.length
        ? this.db.task.findMany({ where: { id: { in: taskIds } }, select: { id: true, title: true } })
        : [],
    ]);
    const names = new Map(people.map((p) => [p.id, p.displayName]));
    const titles = new Map(tasks.map((t) => [t.id, t.title]));
    return rows.map((entry) => ({
      entry,
      name: names.get(entry.personId) ?? "?",
      taskTitle: entry.taskId === null ? null : (titles.get(entry.taskId) ?? null),
    }));
  }
}

export function asStatus(value: string): HoursStatus {
  return value === "approved" || value === "declined" ? value : "pending";
}
