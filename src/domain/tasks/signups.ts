// Joining and leaving a task, each in its own transaction under the task's
// row lock (task-lock.ts), with the wait-list rules of waitlist.ts. Expected
// refusals are returned as outcomes, not thrown: the transaction then commits
// having written nothing, and the caller words the refusal. `effects` (the
// event's completion, the notices to people moved) commit with the change.
import type { Clock } from "../../core/clock.js";
import type { Database } from "../../storage/database.js";
import type { Tx } from "../../storage/repositories/people.js";
import type { ChangeEffects } from "../change-effects.js";
import { findRole } from "./roles.js";
import { withLockedTask } from "./task-lock.js";
import type { SignupRecord, TaskRecord, TaskRepository } from "./task-repository.js";
import { signupsCloseAt } from "./task-times.js";
import { type ActiveStatus, inLineOrder, type LineEntry, nextQueuedAt, placeNewcomer, rebalance } from "./waitlist.js";

/** Who signs up, and where from: reminders and notices go back there. */
export interface Joiner {
  personId: string;
  identityId: string;
  chatId: string;
}

/** Someone whose status changed as a side effect (promoted, or moved back to the wait-list). */
export interface Moved extends Joiner {
  to: ActiveStatus;
  /** Wait-list position when `to` is waitlisted. */
  position?: number;
}

export type Refusal = "missing" | "cancelled" | "done" | "started" | "closed";

export type JoinResult =
  /** `role`: the name of the role joined, on a shift with roles. */
  | { kind: "confirmed"; task: TaskRecord; moved: Moved[]; role?: string }
  | { kind: "waitlisted"; task: TaskRecord; position: number; moved: Moved[] }
  | { kind: "already"; task: TaskRecord; status: ActiveStatus; position?: number; noted: boolean }
  /** A shift with roles needs one of them (or the role named is not one): `roles` are its roles' names. */
  | { kind: "chooseRole"; task: TaskRecord; roles: string[] }
  | { kind: "refused"; reason: Refusal };

/** Saying maybe: it holds no place, so a confirmed person who says maybe frees theirs. */
export type MaybeResult =
  | { kind: "maybe"; task: TaskRecord; moved: Moved[] }
  | { kind: "already"; task: TaskRecord; noted: boolean }
  | { kind: "refused"; reason: Refusal };

export type LeaveResult =
  | { kind: "left"; task: TaskRecord; was: ActiveStatus | "maybe"; moved: Moved[] }
  | { kind: "notSignedUp"; task: TaskRecord }
  | { kind: "refused"; reason: Refusal };

export class SignupService {
  constructor(
    private readonly database: Database,
    private readonly tasks: TaskRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Signs up (a maybe becomes a sign-up at the end of the line); `note` is
   * kept for the coordinators, and replaces an earlier one. On a shift with
   * roles, `role` names one: its own slots and wait-list; joining another
   * role moves the person there, to the end of its line.
   */
  async join(
    taskId: number,
    joiner: Joiner,
    effects?: ChangeEffects<JoinResult>,
    note?: string | null,
    role?: string,
  ): Promise<JoinResult> {
    return withLockedTask<JoinResult>(
      this.database,
      taskId,
      async (tx, task) => {
        const now = this.clock.now();
        const refusal = refuseSignup(task, now);
        if (refusal || !task) return { kind: "refused", reason: refusal ?? "missing" };

        const roles = await this.tasks.roles(task.id, tx);
        const chosen = role === undefined ? undefined : findRole(roles, role);
        if ((roles.length > 0 || role !== undefined) && !chosen) {
          return { kind: "chooseRole", task, roles: roles.map((r) => r.name) };
        }
        const roleId = chosen?.id ?? null;
        const existing = await signupOf(tx, task.id, joiner.personId);
        const roleLine = (await this.tasks.activeSignups(task.id, tx)).filter((s) => s.roleId === roleId);
        const line = roleLine.filter((s) => s.id !== existing?.id);
        if (existing && isActive(existing.status) && existing.roleId === roleId) {
          if (note !== undefined) await tx.signup.update({ where: { id: existing.id }, data: { note } });
          const status: ActiveStatus = existing.status === "confirmed" ? "confirmed" : "waitlisted";
          const waitlist = roleLine.filter((s) => s.status === "waitlisted");
          const position = waitlist.findIndex((s) => s.id === existing.id) + 1;
          const waiting = status === "waitlisted" ? position : undefined;
          return { kind: "already", task, status, position: waiting, noted: note !== undefined };
        }

        const queuedAt = nextQueuedAt(now, await this.tasks.latestQueuedAt(task.id, tx));
        const status = placeNewcomer(line.map(toEntry), chosen?.capacity ?? task.capacity);
        const fields = {
          status,
          roleId,
          queuedAt,
          identityId: joiner.identityId,
          chatId: joiner.chatId,
          ...(note === undefined ? {} : { note }),
        };
        const row = existing
          ? await tx.signup.update({ where: { id: existing.id }, data: fields })
          : await tx.signup.create({ data: { taskId: task.id, personId: joiner.personId, ...fields } });

        // Every role's line: a person who changed role leaves a place behind in the old one.
        const { moved, finalStatus, positions } = await rebalanceTask(tx, task);
        const others = moved.filter((m) => m.personId !== joiner.personId);
        if ((finalStatus.get(row.id) ?? status) === "confirmed")
          return { kind: "confirmed", task, moved: others, role: chosen?.name };
        return { kind: "waitlisted", task, position: positions.get(row.id) ?? 1, moved: others };
      },
      effects,
    );
  }

  async maybe(
    taskId: number,
    joiner: Joiner,
    effects?: ChangeEffects<MaybeResult>,
    note?: string | null,
  ): Promise<MaybeResult> {
    return withLockedTask<MaybeResult>(
      this.database,
      taskId,
      async (tx, task) => {
        const now = this.clock.now();
        const refusal = refuseSignup(task, now);
        if (refusal || !task) return { kind: "refused", reason: refusal ?? "missing" };
        const existing = await signupOf(tx, task.id, joiner.personId);
        if (existing?.status === "maybe") {
          if (note !== undefined) await tx.signup.update({ where: { id: existing.id }, data: { note } });
          return { kind: "already", task, noted: note !== undefined };
        }
        const fields = {
          status: "maybe",
          roleId: null,
          queuedAt: now,
          identityId: joiner.identityId,
          chatId: joiner.chatId,
          ...(note === undefined ? {} : { note }),
        };
        if (existing) await tx.signup.update({ where: { id: existing.id }, data: fields });
        else await tx.signup.create({ data: { taskId: task.id, personId: joiner.personId, ...fields } });
        // A place given up moves the wait-list up.
        const { moved } = await rebalanceTask(tx, task);
        return { kind: "maybe", task, moved };
      },
      effects,
    );
  }

  async leave(taskId: number, personId: string, effects?: ChangeEffects<LeaveResult>): Promise<LeaveResult> {
    return withLockedTask<LeaveResult>(
      this.database,
      taskId,
      async (tx, task) => {
        const refusal = refuseChange(task, this.clock.now());
        if (refusal || !task) return { kind: "refused", reason: refusal ?? "missing" };
        const existing = await tx.signup.findUnique({ where: { taskId_personId: { taskId: task.id, personId } } });
        if (!existing || existing.status === "cancelled") return { kind: "notSignedUp", task };
        await tx.signup.update({ where: { id: existing.id }, data: { status: "cancelled" } });
        const { moved } = await rebalanceTask(tx, task);
        const was = existing.status === "confirmed" || existing.status === "maybe" ? existing.status : "waitlisted";
        return { kind: "left", task, was, moved };
      },
      effects,
    );
  }
}

/** Why a task's sign-ups cannot change now, if they cannot. Leaving is allowed after the cutoff, until the start. */
export function refuseChange(task: TaskRecord | undefined, now: Date): Refusal | undefined {
  if (!task) return "missing";
  if (task.status === "cancelled") return "cancelled";
  if (task.status === "done") return "done";
  if (now >= task.startsAt) return "started";
  return undefined;
}

/** Why nobody can sign up (or say maybe) now, if they cannot: refuseChange, and closed after the cutoff. */
function refuseSignup(task: TaskRecord | undefined, now: Date): Refusal | undefined {
  return refuseChange(task, now) ?? (task && now >= signupsCloseAt(task) ? "closed" : undefined);
}

function signupOf(tx: Tx, taskId: number, personId: string) {
  return tx.signup.findUnique({ where: { taskId_personId: { taskId, personId } } });
}

/**
 * Re-runs the wait-list rules over a task's active sign-ups, each role's line
 * on its own slots (the whole line on the task's, without roles), and writes
 * the changes. Wait-list positions are within the person's role.
 */
export async function rebalanceTask(
  tx: Tx,
  task: Pick<TaskRecord, "id" | "capacity">,
): Promise<{ moved: Moved[]; finalStatus: Map<number, ActiveStatus>; positions: Map<number, number> }> {
  const line = inLineOrder(
    await tx.signup.findMany({ where: { taskId: task.id, status: { in: ["confirmed", "waitlisted"] } } }),
  );
  const roles = await tx.taskRole.findMany({ where: { taskId: task.id } });
  if (roles.length === 0) return applyRebalance(tx, line, task.capacity);
  const all = {
    moved: [] as Moved[],
    finalStatus: new Map<number, ActiveStatus>(),
    positions: new Map<number, number>(),
  };
  for (const role of roles) {
    const result = await applyRebalance(
      tx,
      line.filter((s) => s.roleId === role.id),
      role.capacity,
    );
    all.moved.push(...result.moved);
    for (const [id, status] of result.finalStatus) all.finalStatus.set(id, status);
    for (const [id, position] of result.positions) all.positions.set(id, position);
  }
  return all;
}

/**
 * Re-runs the wait-list rules over the active sign-ups (e.g. after a new
 * capacity) inside the caller's locked transaction, and writes the changes.
 */
export async function applyRebalance(
  tx: Tx,
  line: SignupRecord[],
  capacity: number,
): Promise<{ moved: Moved[]; finalStatus: Map<number, ActiveStatus>; positions: Map<number, number> }> {
  const result = rebalance(line.map(toEntry), capacity);
  if (result.promoted.length) {
    await tx.signup.updateMany({ where: { id: { in: result.promoted } }, data: { status: "confirmed" } });
  }
  if (result.demoted.length) {
    await tx.signup.updateMany({ where: { id: { in: result.demoted } }, data: { status: "waitlisted" } });
  }
  const byId = new Map(line.map((s) => [s.id, s]));
  const finalStatus = new Map<number, ActiveStatus>();
  const moved: Moved[] = [];
  for (const [ids, to] of [
    [result.promoted, "confirmed"],
    [result.demoted, "waitlisted"],
  ] as const) {
    for (const id of ids) {
      const signup = byId.get(id)!;
      finalStatus.set(id, to);
      moved.push({
        personId: signup.personId,
        identityId: signup.identityId,
        chatId: signup.chatId,
        to,
        position: to === "waitlisted" ? result.positions.get(id) : undefined,
      });
    }
  }
  return { moved, finalStatus, positions: result.positions };
}

function isActive(status: string): boolean {
  return status === "confirmed" || status === "waitlisted";
}

function toEntry(signup: SignupRecord): LineEntry {
  return {
    id: signup.id,
    status: signup.status === "confirmed" ? "confirmed" : "waitlisted",
    queuedAt: signup.queuedAt,
  };
}
