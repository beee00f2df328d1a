// Volunteer tasks: shifts with slots and a wait-list, reminders, repeating
// shifts, an hours ledger and a calendar feed. The composition root wires
// three things from one TasksDeps:
//   router.use(tasksFeature(deps))            commands, buttons, translations
//   registerTaskJobs(jobQueue, deps)          reminder and next-occurrence jobs
//   calendarFeed(deps)                        GET /cal/<token>.ics on the HTTP server
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Feature } from "../../core/commands.js";
import type { JobQueue } from "../../scheduler/job-queue.js";
import { calendarFeedHandler } from "./calendar-feed.js";
import { approveTaskHoursAction } from "./commands/done.js";
import { hoursCommand } from "./commands/hours-command.js";
import { approveAllHoursAction } from "./commands/hours-review.js";
import { signupActions } from "./commands/join-leave.js";
import { taskCommand } from "./commands/task-command.js";
import { NEXT_OCCURRENCE_JOB, type NextOccurrencePayload, nextOccurrenceJob } from "./occurrences.js";
import { mergeTaskPeople } from "./person-merge.js";
import { REMINDER_JOB, type ReminderPayload, reminderJob } from "./reminders.js";
import { servicesFor, type TasksDeps } from "./services.js";
import { taskTranslations } from "./translations.js";

export type { TasksDeps } from "./services.js";
export { NEXT_OCCURRENCE_JOB, REMINDER_JOB };

const mergeHookRegistered = new WeakSet<object>();

/** The /task and /hours commands, the card buttons, and the strings. Also makes /link move sign-ups and hours. */
export function tasksFeature(deps: TasksDeps): Feature {
  const s = servicesFor(deps);
  // One hook per People, however often the feature is built.
  if (!mergeHookRegistered.has(deps.store.people)) {
    deps.store.people.onMerge(mergeTaskPeople);
    mergeHookRegistered.add(deps.store.people);
  }
  return {
    name: "tasks",
    translations: taskTranslations,
    commands: [taskCommand(s), hoursCommand(s)],
    actions: [...signupActions(s), approveTaskHoursAction(s), approveAllHoursAction(s)],
  };
}

/** Registers the feature's job kinds: "task.reminder" and "task.next-occurrence". */
export function registerTaskJobs(queue: Pick<JobQueue, "register">, deps: TasksDeps): void {
  const s = servicesFor(deps);
  queue.register<ReminderPayload>(
    REMINDER_JOB,
    reminderJob({
      store: deps.store,
      tasks: s.tasks,
      notifier: deps.notifier,
      reminders: s.reminders,
      clock: deps.clock,
      logger: deps.logger,
    }),
  );
  queue.register<NextOccurrencePayload>(
    NEXT_OCCURRENCE_JOB,
    nextOccurrenceJob({ occurrences: s.occurrences, cards: s.cards, logger: deps.logger }),
  );
}

/** The calendar feed: resolves true when it answered the request (any path under /cal/), false otherwise. */
export function calendarFeed(deps: TasksDeps): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const s = servicesFor(deps);
  return calendarFeedHandler({
    store: deps.store,
    tasks: s.tasks,
    translator: deps.translator,
    clock: deps.clock,
    logger: deps.logger,
  });
}
