// Request to task: when the city cannot (or will not) act, volunteers can.
// `/request task <number> --when …` makes a volunteer task of a request
// (Task.requestId links them), moves the request to "in progress" and tells
// the resident; when that task is marked done, the request is fixed "by
// volunteers". The shift belongs where the volunteers are: the community's
// home chat, whichever chat (usually an officials' one) the command came from.

import { UserError } from "../../core/errors.js";
import type { EventCompletion } from "../../core/event-completion.js";
import type { Logger } from "../../core/logger.js";
import { inTransaction } from "../../storage/row-lock.js";
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
  store: Pick<Store, "chats" | "database">;
  repo: RequestRepository;
  handling: RequestHandling;
  tasks: TasksApi;
  logger: Logger;
}

export class Volunteers {
  constructor(private readonly deps: VolunteersDeps) {}

  /**
   * The shift (with its reminders and its card queued in the outbox), the
   * request's change (with its notices) and `completion` (the event that
   * asked) commit in one transaction: a crash keeps all or none, and a
   * redelivery makes no second task.
   */
  async takeOn(
    request: RequestRecord,
    draft: TaskDraft,
    origin: { chatId: string; personId: string },
    completion?: EventCompletion,
  ): Promise<TakeOnResult> {
    // The shift's card, and its next occurrences, go to the home chat; without one, to where it was asked.
    const cardChatId = homeChat(await this.deps.store.chats.ofCommunity(request.communityId)) ?? origin.chatId;
    const card = await this.deps.tasks.cardFor(cardChatId, request.communityId);
    const result = await inTransaction(this.deps.store.database, async (tx): Promise<TakeOnResult> => {
      const current = await this.deps.repo.requests.lock(tx, request.id);
      if (!current) return { kind: "refused", reason: "notOpen" };
      if (current.taskId !== null) return { kind: "refused", reason: "hasTask" };
      if (current.status !== "open") return { kind: "refused", reason: "notOpen" };
      // The task keeps the link (Task.requestId): the done listener follows it back.
      const task = await this.deps.tasks.createIn(
        tx,
        request.communityId,
        { ...draft, requestId: request.id },
        { chatId: cardChatId, personId: origin.personId },
      );
      const applied = await this.deps.handling.applyIn(tx, {
        actor: { personId: origin.personId, chatId: origin.chatId, volunteers: true },
        requestId: request.id,
        change: { kind: "task", taskId: task.id },
        effects: completion && completing(completion),
      });
      // Under the request's lock an open request takes a task; if not, the shift must not stay either.
      if (applied.kind !== "changed") throw new UserError("requests:errors.task.notOpen", { number: request.number });
      await card.queueIn(tx, task);
      return { kind: "created", task, applied, cardChatId };
    });
    if (result.kind === "created") {
      this.deps.handling.wake();
      await card.afterCommit(result.task);
    }
    return result;
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
