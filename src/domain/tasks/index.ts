// The public face of volunteer tasks. Other features import from here and
// nowhere else in this folder (test/architecture checks it): the API, the
// types it speaks, and the shift rules a draft must meet.
export { type TasksDeps, type TasksModule, tasksModule } from "./feature.js";
export { checkNote, checkPlace, checkSlots, checkTitle, UNLIMITED_SLOTS } from "./limits.js";
export { JOIN_ACTION } from "./task-card.js";
export type { TaskRecord } from "./task-repository.js";
export type { TaskDraft } from "./task-service.js";
export { parseEnd, parseStart, type TimeContext } from "./task-times.js";
export type { TasksApi } from "./tasks-api.js";
