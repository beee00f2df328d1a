// Request to task: when the city cannot (or will not) act, volunteers can.
// `/request task <number> --when …` makes a volunteer task of a request
// (Task.requestId links them), moves the request to "in progress" and tells
// the resident; when that task is marked done, the request is fixed "by
// volunteers". The shift belongs where the volunteers are: the community's
// home chat, whichever chat (usually an officials' one) the command came from.

import type { EventCompletion } from "../../core/event-completion.js";
import type { Logger } from "../../core/logger.js";
import type { Store } from "../../storage/store.js";
import { completing } from "../change-effects.js";
import type { TaskDraft, TaskRecord, TasksApi } from "../tasks/index.js";
import type { Applied, RequestHandling } from "./handling.js";
import type { RequestRepository } from "./request-repository.js";
import { homeChat } from "./routing.js";
import type { RequestRecord } from "./service-request-repository.js";

export type TakeOnResult =
  | { kind: "created"; task: TaskRecord; applied: Applied; cardChatId: string }
  | { kind: "refused"; reason: "hasTask" | "notOpen" };

export interface VolunteersDeps {
  store: Pick<Store, "chats">;
  repo: RequestRepository;
  handling: RequestHandling;
  tasks: TasksApi;
  logger: Logger;
}

export class Volunteers {
  constructor(private readonly deps: VolunteersDeps) {}

  /**
   * `completion`: the event that asked, completed with the task's commit and
   * again with the request's change, so a redelivery makes no second task.
   */
  async takeOn(
    request: RequestRecord,
    draft: TaskDraft,
    origin: { chatId: string; personId: string },
    completion?: EventCompletion,
  ) {
    if (request.taskId !== null) return { kind: "refused", reason: "hasTask" } as const;
    if (request.status !== "open") return { kind: "refused", reason: "notOpen" } as const;
    // The shift's card, and its next occurrences, go to the home chat; without one, to where it was asked.
    const cardChatId = homeChat(await this.deps.store.chats.ofCommunity(request.communityId)) ?? origin.chatId;
    // The task keeps the link (Task.requestId): the done listener follows it back.
    const task = await this.deps.tasks.create(
      request.communityId,
      { ...draft, requestId: request.id },
      { chatId: cardChatId, personId: origin.personId },
      completion && completing(completion),
    );
    const applied = await this.deps.handling.apply(
      { personId: origin.personId, chatId: origin.chatId, volunteers: true },
      request.id,
      { kind: "task", taskId: task.id },
      undefined,
      undefined,
      completion && completing(completion),
    );
    return { kind: "created", task, applied, cardChatId } satisfies TakeOnResult;
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
