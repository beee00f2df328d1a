// What the tasks feature needs from the rest of the bot, and its services,
// built once by the module factory (feature.ts).
import type { Clock } from "../../core/clock.js";
import type { Translator } from "../../core/i18n.js";
import type { Logger } from "../../core/logger.js";
import type { Store } from "../../storage/store.js";
import { FloodLimits } from "../flood-limits/index.js";
import type { Notifier } from "../notifications/notifier.js";
import { Announcer } from "./announcements.js";
import { AttendanceService } from "./attendance.js";
import { type CardDelivery, type CardOutbox, Cards } from "./cards.js";
import { HoursService } from "./hours.js";
import { Occurrences } from "./occurrences.js";
import { type JobScheduler, Reminders } from "./reminders.js";
import { SignupService } from "./signups.js";
import { TaskRepository } from "./task-repository.js";
import { TaskService } from "./task-service.js";

export interface TasksDeps {
  store: Store;
  /** The job queue (src/scheduler/job-queue.ts). */
  jobs: JobScheduler;
  notifier: Pick<Notifier, "toPerson" | "toPeople" | "wake">;
  /** Core's Delivery: task cards are posted and edited through it. */
  delivery: CardDelivery;
  /** The outbox: cards jobs post, and cards whose first send was refused for a while, go through it (app: Outbox). */
  cardOutbox?: CardOutbox;
  translator: Translator;
  clock: Clock;
  logger: Logger;
  /** PUBLIC_BASE_URL without a trailing slash: links the bot gives are full URLs under it. Unset: paths only. */
  publicBaseUrl?: string;
  /** Whether a platform can edit messages (cards are refreshed in place only there). Default: yes. */
  canEdit?: (platform: string) => boolean;
}

export interface TasksServices {
  deps: TasksDeps;
  tasks: TaskRepository;
  signups: SignupService;
  attendance: AttendanceService;
  reminders: Reminders;
  occurrences: Occurrences;
  hours: HoursService;
  cards: Cards;
  announcer: Announcer;
  taskService: TaskService;
  /** Per-person limits on posting shifts. */
  floods: FloodLimits;
}

export function buildTasksServices(deps: TasksDeps): TasksServices {
  const { store, clock, logger } = deps;
  const { database } = store;
  const tasks = new TaskRepository(database.db);
  const reminders = new Reminders(deps.jobs, store, clock);
  const occurrences = new Occurrences(store, tasks, deps.jobs, reminders, clock);
  const hours = new HoursService(database.db, clock);
  return {
    deps,
    tasks,
    signups: new SignupService(database, tasks, clock),
    attendance: new AttendanceService(database, hours, clock),
    reminders,
    occurrences,
    hours,
    cards: new Cards(
      tasks,
      store,
      deps.delivery,
      deps.translator,
      clock,
      logger,
      deps.canEdit,
      deps.cardOutbox,
      deps.jobs,
    ),
    announcer: new Announcer(deps.notifier),
    taskService: new TaskService(store, tasks, reminders, occurrences, hours, clock),
    floods: new FloodLimits(store),
  };
}
