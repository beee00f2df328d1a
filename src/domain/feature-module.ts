// The one contract between a feature and the rest of the bot. Each feature
// (communities, tasks, polls, requests) is built once by its factory and
// hands the composition root one of these; app.ts loops over them. Adding a
// feature is writing its module and listing it in src/app.ts.
import type { ActionSpec, AfterCommand, CommandSpec, SubcommandSpec } from "../core/commands.js";
import type { HttpRoute } from "../core/http-route.js";
import type { Translate, Translations } from "../core/i18n.js";
import type { LocationHandler, PollVoteHandler } from "../core/router.js";
import type { JobHandler } from "../scheduler/job-queue.js";
import type { PersonMergeHook } from "../storage/repositories/people.js";
import type { PersonDataPart } from "./privacy/index.js";

/** A line (or none) for an admin's /setup status, about one community. */
export type StatusProvider = (communityId: string, t: Translate) => Promise<string[]>;

/** A kind of database-held job and what runs it. */
export interface JobDefinition {
  kind: string;
  handler: JobHandler<unknown>;
}

/** Pairs a job kind with its handler; the queue hands back the payload `schedule` was given for that kind. */
export function jobDefinition<P>(kind: string, handler: JobHandler<P>): JobDefinition {
  return { kind, handler: handler as JobHandler<unknown> };
}

/** What a feature does with the data it keeps about one person. */
export interface PersonPart {
  /** `/link` joined two people: move (or fold) the dropped person's rows to the kept one, inside the merge's transaction. */
  merge: PersonMergeHook;
  /** /mydata and /forgetme: what the feature exports about the person, and how it erases them (privacy/person-data.ts). */
  data: PersonDataPart;
}

export interface FeatureModule {
  name: string;
  translations: Translations;
  commands: CommandSpec[];
  /** Button actions, by name. */
  actions?: ActionSpec[];
  /** Job kinds this feature schedules and runs. */
  jobs?: JobDefinition[];
  /** Routes on the bot's HTTP server (when HTTP_PORT is set). */
  httpRoutes?: HttpRoute[];
  /** `/setup <word> …` subcommands this feature adds to the communities feature's /setup. */
  setupSubcommands?: Record<string, SubcommandSpec>;
  /** Lines for /setup status. */
  statusLines?: StatusProvider[];
  /** A line after any command (core's AfterCommand): a warning an admin should see now. */
  afterCommand?: AfterCommand[];
  /** After the adapters have started, with the platforms they run (e.g. to catch up on what a platform does not send again). */
  started?(platforms: string[]): Promise<void>;
  /** Answers to platform-native polls (at most one feature takes them). */
  pollVotes?: PollVoteHandler;
  /** Shared locations (at most one feature takes them). */
  locations?: LocationHandler;
  /** Required: every feature that stores a person id says what happens to it when people merge. */
  person: PersonPart;
}
