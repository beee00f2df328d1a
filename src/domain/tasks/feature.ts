// Volunteer tasks: shifts with slots and a wait-list, reminders, repeating
// shifts, an hours ledger and a calendar feed, as one feature module.
import type { FeatureModule } from "../feature-module.js";
import { jobDefinition } from "../feature-module.js";
import { calendarFeedRoute } from "./calendar-feed.js";
import { CARD_PLACE_JOB, CARD_RESYNC_JOB, cardPlaceJob, cardResyncJob } from "./cards.js";
import { attendanceActions } from "./commands/attendance.js";
import { approveTaskHoursAction } from "./commands/done.js";
import { hoursCommand } from "./commands/hours-command.js";
import { approveAllHoursAction } from "./commands/hours-review.js";
import { signupActions } from "./commands/join-leave.js";
import { taskCommand } from "./commands/task-command.js";
import { NEXT_OCCURRENCE_JOB, nextOccurrenceJob } from "./occurrences.js";
import { taskPersonData } from "./person-data.js";
import { mergeTaskPeople } from "./person-merge.js";
import { REMINDER_JOB, reminderJob } from "./reminders.js";
import { buildTasksServices, type TasksDeps, type TasksServices } from "./services.js";
import { type TasksApi, tasksApiOf } from "./tasks-api.js";
import { taskTranslations } from "./translations.js";

export type { TasksDeps, TasksServices } from "./services.js";
export { NEXT_OCCURRENCE_JOB, REMINDER_JOB };

export interface TasksModule extends FeatureModule {
  /** What polls and requests may ask of tasks. */
  api: TasksApi;
  /** The services behind the module, for tests and tools. */
  services: TasksServices;
}

/** /task and /hours, the card buttons, reminder and next-occurrence jobs, and GET /cal/<token>.ics. */
export function tasksModule(deps: TasksDeps): TasksModule {
  const s = buildTasksServices(deps);
  return {
    name: "tasks",
    translations: taskTranslations,
    commands: [taskCommand(s), hoursCommand(s)],
    actions: [...signupActions(s), ...attendanceActions(s), approveTaskHoursAction(s), approveAllHoursAction(s)],
    jobs: [
      jobDefinition(
        REMINDER_JOB,
        reminderJob({
          store: deps.store,
          tasks: s.tasks,
          notifier: deps.notifier,
          reminders: s.reminders,
          clock: deps.clock,
          logger: deps.logger,
        }),
      ),
      jobDefinition(CARD_PLACE_JOB, cardPlaceJob(s.cards)),
      jobDefinition(CARD_RESYNC_JOB, cardResyncJob(s.cards)),
      jobDefinition(
        NEXT_OCCURRENCE_JOB,
        nextOccurrenceJob({ occurrences: s.occurrences, cards: s.cards, logger: deps.logger }),
      ),
    ],
    httpRoutes: [
      calendarFeedRoute({
        tasks: s.tasks,
        translator: deps.translator,
        clock: deps.clock,
        logger: deps.logger,
      }),
    ],
    person: { merge: mergeTaskPeople, data: taskPersonData },
    api: tasksApiOf(s),
    services: s,
  };
}
