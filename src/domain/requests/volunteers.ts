// Request to task: when the city cannot (or will not) act, volunteers can.
// `/request task <number> --when …` makes a volunteer task of a request
// (Task.requestId links them), moves the request to "in progress" and tells
// the resident; when that task is marked done, the request is fixed "by
// volunteers".
import type { Logger } from "../../core/logger.js";
import { type TasksDeps, servicesFor as tasksServicesFor } from "../tasks/services.js";
import type { TaskRecord } from "../tasks/task-repository.js";
import type { TaskDraft } from "../tasks/task-service.js";
import type { Applied, RequestHandling } from "./handling.js";
import type { RequestRepository } from "./request-repository.js";
import type { RequestRecord } from "./service-request-repository.js";

export type TakeOnResult =
  | { kind: "created"; task: TaskRecord; applied: Applied }
  | { kind: "refused"; reason: "hasTask" | "notOpen" };

export interface VolunteersDeps {
  repo: RequestRepository;
  handling: RequestHandling;
  tasks: TasksDeps;
  logger: Logger;
}

export class Volunteers {
  constructor(private readonly deps: VolunteersDeps) {}

  async takeOn(request: RequestRecord, draft: TaskDraft, origin: { chatId: string; personId: string }) {
    if (request.taskId !== null) return { kind: "refused", reason: "hasTask" } as const;
    if (request.status !== "open") return { kind: "refused", reason: "notOpen" } as const;
    const tasks = tasksServicesFor(this.deps.tasks);
    const created = await tasks.taskService.create(request.communityId, draft, origin);
    // The link the schema keeps for this (Task.requestId): the done listener follows it back.
    const task = await tasks.deps.store.database.db.task.update({
      where: { id: created.id },
      data: { requestId: request.id },
    });
    const applied = await this.deps.handling.apply(
      { personId: origin.personId, chatId: origin.chatId, volunteers: true },
      request.id,
      { kind: "task", taskId: task.id },
    );
    return { kind: "created", task, applied } satisfies TakeOnResult;
  }

  /** The tasks feature's done listener: the volunteers fixed it. */
  async taskDone(task: TaskRecord, actorId: string): Promise<void> {
    if (task.requestId === null) return;
    try {
      const applied = await this.deps.handling.apply(
        { personId: actorId, chatId: null, volunteers: true },
        task.requestId,
        { kind: "volunteers" },
      );
      if (applied.kind !== "changed") {
        this.deps.logger.info({ taskId: task.id, outcome: applied }, "the request of a done task was not changed");
      }
    } catch (error) {
      // The task is done whatever happens here; the request can still be resolved by hand.
      this.deps.logger.error({ err: error, taskId: task.id }, "could not mark the request of a done task fixed");
    }
  }
}
