// What other features may ask of volunteer tasks: polls turn a winning time
// into a shift, requests let volunteers take a request on. They see this and
// the types in index.ts, never the feature's services or tables.

import type { Tx } from "../../storage/repositories/people.js";
import type { TransactionalCard } from "./cards.js";
import type { TasksServices } from "./services.js";
import type { TaskRecord } from "./task-repository.js";
import type { TaskDoneListener, TaskDraft } from "./task-service.js";

export interface TasksApi {
  /** Makes a shift as /task add does (its reminders and recurrence) in the caller's transaction. */
  createIn(
    tx: Tx,
    communityId: string,
    draft: TaskDraft,
    origin: { chatId: string; personId: string },
  ): Promise<TaskRecord>;
  find(taskId: number): Promise<TaskRecord | undefined>;
  /** postCard through the outbox, in one transaction with `complete` (a job's completion): never lost, never twice. */
  postCardDurably(task: TaskRecord, chatId: string, complete: (tx: Tx) => Promise<void>): Promise<void>;
  /** A card for a shift made in the caller's transaction, queued in it (see Cards.cardFor). */
  cardFor(chatId: string, communityId: string): Promise<TransactionalCard>;
  /** Told after a task is marked done and the change has committed. */
  onDone(listener: TaskDoneListener): void;
}

export function tasksApiOf(s: TasksServices): TasksApi {
  return {
    createIn: (tx, communityId, draft, origin) => s.taskService.createIn(tx, communityId, draft, origin),
    find: (taskId) => s.tasks.find(taskId),
    postCardDurably: (task, chatId, complete) => s.cards.postCardDurably(task, chatId, complete),
    cardFor: (chatId, communityId) => s.cards.cardFor(chatId, communityId),
    onDone: (listener) => s.taskService.onDone(listener),
  };
}
