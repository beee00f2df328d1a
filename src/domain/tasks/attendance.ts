// Who came to a shift, as its coordinator marks it once it has started.
// Unmarked counts as came, so a coordinator who never takes the register
// gets what /task done always did: hours for every confirmed volunteer.
// Marks made after the shift is done move its hours along: a person marked
// absent has their pending entry declined, a person marked as come again gets
// one proposed if they have none. Approved entries stay as decided.
// Each change runs under the task's row lock, like sign-ups.
import type { Clock } from "../../core/clock.js";
import type { Database } from "../../storage/database.js";
import type { Tx } from "../../storage/repositories/people.js";
import type { ChangeEffects } from "../change-effects.js";
import type { HoursService } from "./hours.js";
import { withLockedTask } from "./task-lock.js";
import type { TaskRecord } from "./task-repository.js";

/** A change to the register: everyone came, or these sign-ups came (true) or not (false); `toggle` flips one. */
export type Marks =
  | { kind: "all" }
  | { kind: "set"; attended: Map<number, boolean> }
  | { kind: "toggle"; signupId: number };

export type AttendanceResult =
  | { kind: "marked"; task: TaskRecord; changed: number }
  | { kind: "refused"; reason: "missing" | "cancelled" | "early" };

export class AttendanceService {
  constructor(
    private readonly database: Database,
    private readonly hours: HoursService,
    private readonly clock: Clock,
  ) {}

  async mark(
    taskId: number,
    marks: Marks,
    actorId: string,
    effects?: ChangeEffects<AttendanceResult>,
  ): Promise<AttendanceResult> {
    return withLockedTask<AttendanceResult>(
      this.database,
      taskId,
      async (tx, task) => {
        if (!task) return { kind: "refused", reason: "missing" };
        if (task.status === "cancelled") return { kind: "refused", reason: "cancelled" };
        if (this.clock.now() < task.startsAt) return { kind: "refused", reason: "early" };
        const confirmed = await tx.signup.findMany({ where: { taskId, status: "confirmed" } });
        let changed = 0;
        for (const signup of confirmed) {
          const came = wanted(marks, signup.id, signup.attended);
          if (came === undefined || came === signup.attended) continue;
          await tx.signup.update({ where: { id: signup.id }, data: { attended: came } });
          // Unmarked already counted as came: only a real change of mind moves hours.
          if (task.status === "done" && came !== (signup.attended ?? true)) {
            await this.followHours(tx, task, signup.personId, came, actorId);
          }
          changed++;
        }
        return { kind: "marked", task, changed };
      },
      effects,
    );
  }

  private async followHours(tx: Tx, task: TaskRecord, personId: string, came: boolean, actorId: string) {
    if (!came) {
      await tx.hoursEntry.updateMany({
        where: { taskId: task.id, personId, status: "pending" },
        data: { status: "declined", decidedByPersonId: actorId, decidedAt: this.clock.now() },
      });
      return;
    }
    const kept = await tx.hoursEntry.count({ where: { taskId: task.id, personId, status: { not: "declined" } } });
    if (kept === 0) await this.hours.propose(tx, task, [personId], actorId);
  }
}

function wanted(marks: Marks, signupId: number, current: boolean | null): boolean | undefined {
  switch (marks.kind) {
    case "all":
      return true;
    case "set":
      return marks.attended.get(signupId);
    case "toggle":
      // Unmarked → came → absent → came: a tap on "All came"'s result marks a no-show.
      return marks.signupId === signupId ? current !== true : undefined;
  }
}
