// What the polls feature needs from the rest of the bot, and its services,
// built once by the module factory (feature.ts).
import type { Capabilities, ChatAdapter } from "../../core/adapter.js";
import type { Clock } from "../../core/clock.js";
import type { EventSink } from "../../core/events.js";
import type { Translator } from "../../core/i18n.js";
import type { Logger } from "../../core/logger.js";
import type { Outbox } from "../../outbox/outbox.js";
import type { JobQueue } from "../../scheduler/job-queue.js";
import type { Store } from "../../storage/store.js";
import { FloodLimits } from "../flood-limits/index.js";
import type { Notifier } from "../notifications/notifier.js";
import type { TasksApi } from "../tasks/index.js";
import { BallotKeys } from "./anonymous-ballot.js";
import { PollCloser } from "./closing.js";
import { LiveResults } from "./live-results.js";
import { PollCards } from "./poll-cards.js";
import { PollRepository } from "./poll-repository.js";
import { PollPosting } from "./posting.js";
import { Voting } from "./voting.js";

/** What polls need of a platform's adapter: whether it edits, and its native polls. */
export interface PollPlatform {
  readonly capabilities: Pick<Capabilities, "editMessage" | "nativePolls" | "nativePollMaxHours">;
  createPoll?: ChatAdapter["createPoll"];
  closePoll?: ChatAdapter["closePoll"];
  nativePollVotes?: ChatAdapter["nativePollVotes"];
}

export interface PollsDeps {
  store: Store;
  /** The job queue: poll closes, live-results flushes, a poll-to-shift's card. */
  jobs: Pick<JobQueue, "schedule" | "cancel">;
  /** Copies in other chats are posted, and every live-results edit is queued, through the outbox. */
  outbox: Pick<
    Outbox,
    "enqueue" | "enqueueEdit" | "enqueueClosePoll" | "sentRefsOf" | "statusOf" | "editWaiting" | "forgetEdits" | "wake"
  >;
  notifier: Pick<Notifier, "toPerson" | "toChat" | "wake">;
  translator: Translator;
  clock: Clock;
  logger: Logger;
  /** The server secret (TALKOOT_SECRET) that anonymous ballots' keys are derived from; never stored. */
  ballotSecret: string;
  /** The tasks feature: a poll to shift creates its task and posts its card through it. */
  tasks: TasksApi;
  /** The adapter running a platform, if any (undefined: not running here). Default: every platform edits, none has native polls. */
  platform?: (platform: string) => PollPlatform | undefined;
  /** The core's entry for events: the native resync hands it the votes it reads back. Looked up when the job runs. */
  events?: () => EventSink | undefined;
  /** Least time between two live-results edits of one posted copy. Default 1000 ms. */
  editIntervalMs?: number;
  /** How long the voters of a winning time have a shift to themselves before its card is posted. Default 10 minutes. */
  inviteHeadStartMs?: number;
  /** Also flush live results on in-process timers (the durable job is the fallback). Default on; tests tick jobs by hand. */
  timers?: boolean;
}

export const DEFAULT_EDIT_INTERVAL_MS = 1_000;
export const DEFAULT_INVITE_HEAD_START_MS = 10 * 60_000;

export interface PollsServices {
  deps: PollsDeps;
  polls: PollRepository;
  voting: Voting;
  /** Anonymous voters' keys (anonymous-ballot.ts). */
  ballots: BallotKeys;
  cards: PollCards;
  live: LiveResults;
  posting: PollPosting;
  closer: PollCloser;
  tasks: TasksApi;
  /** Per-person limits on asking polls. */
  floods: FloodLimits;
  platform(platform: string): PollPlatform | undefined;
}

const EVERY_PLATFORM: PollPlatform = { capabilities: { editMessage: true, nativePolls: false } };

export function buildPollsServices(deps: PollsDeps): PollsServices {
  const { store, clock, logger } = deps;
  const { database } = store;
  const platform = deps.platform ?? (() => EVERY_PLATFORM);
  const polls = new PollRepository(database);
  const cards = new PollCards(store, deps.translator, clock);
  const live = new LiveResults(
    { database, polls, cards, outbox: deps.outbox, jobs: deps.jobs, clock, logger },
    {
      intervalMs: deps.editIntervalMs ?? DEFAULT_EDIT_INTERVAL_MS,
      timers: deps.timers ?? true,
      canEdit: (name) => platform(name)?.capabilities.editMessage ?? false,
    },
  );
  const tasks = deps.tasks;
  const ballots = new BallotKeys(deps.ballotSecret);
  return {
    deps,
    polls,
    voting: new Voting(database, polls, ballots, () => clock.now()),
    ballots,
    cards,
    live,
    floods: new FloodLimits(store),
    posting: new PollPosting({
      database,
      store,
      polls,
      cards,
      live,
      outbox: deps.outbox,
      platform,
      logger,
      now: () => deps.clock.now(),
    }),
    closer: new PollCloser({
      database,
      store,
      outbox: deps.outbox,
      polls,
      cards,
      live,
      jobs: deps.jobs,
      notifier: deps.notifier,
      tasks,
      platform,
      clock,
      logger,
      inviteHeadStartMs: deps.inviteHeadStartMs ?? DEFAULT_INVITE_HEAD_START_MS,
    }),
    tasks,
    platform,
  };
}
