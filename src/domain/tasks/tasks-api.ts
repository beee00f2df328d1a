// What other features may ask of volunteer tasks: polls turn a winning time
// into a shift, requests let volunteers take a request on. They see this and
// the types in index.ts, never the feature's services or tables.

import type { Tx } from "../../storage/repositories/people.js";
import type { ChangeEffects } from "../change-effects.js";
import type { TasksServices } from "./services.js";
import type { TaskRecord } from "./task-repository.js";
import type { TaskDoneListener, TaskDraft } from "./task-service.js";

export interface TasksApi {
  /**
   * Makes a shift as /task add does (reminders, recurrence), in the community,
   * from this chat and person; `effects` (an event's completion) commit with it.
   */
  create(
    communityId: string,
    draft: TaskDraft,
    origin: { chatId: string; personId: string },
    effects?: ChangeEffects<TaskRecord>,
  ): Promise<TaskRecord>;
  /** As create, in the caller's transaction (with its reminders and recurrence). */
  createIn(
    tx: Tx,
    communityId: string,
    draft: TaskDraft,
    origin: { chatId: string; personId: string },
  ): Promise<TaskRecord>;
  find(taskId: number): Promise<TaskRecord | undefined>;
  /** Posts the shift's card (with its Join button) in a chat, and keeps it up to date from then on. */
  postCard(task: TaskRecord, chatId: string): Promise<void>;
  /** postCard through the outbox, in one transaction with `complete` (a job's completion): never lost, never twice. */
  postCardDurably(task: TaskRecord, chatId: string, complete: (tx: Tx) => Promise<void>): Promise<void>;
  /** Told after a task is marked done and the change has committed. */
  onDone(listener: TaskDoneListener): void;
}

export function tasksApiOf(s: TasksServices): TasksApi {
  return {
    create: (communityId, draft, origin, effects) => s.taskService.create(communityId, draft, origin, effects),
    createIn: (tx, communityId, draft, origin) => s.taskService.createIn(tx, communityId, draft, origin),
    find: (taskId) => s.tasks.find(taskId),
    postCard: async (task, chatId) => {
      await s.cards.postCard(task, chatId);
    },
    postCardDurably: (task, chatId, complete) => s.cards.postCardDurably(task, chatId, complete),
    onDone: (listener) => s.taskService.onDone(listener),
  };
}
