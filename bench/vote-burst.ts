// A burst of votes by distinct users on one poll, through the Telegram adapter
// and the real grammY client against the fake Bot API (issue 16's goals):
//   every vote counted exactly once; every press answered within Telegram's
//   window; the final card shows the true count within 5 s of the last vote;
//   throughput at least half of a bare grammY bot answering the same presses
//   on the same fake; p99 from update to answer at most 2× the floor's; the
//   poll message edited at most once a second; the bot's peak RSS under 200 MB.
// Each bot runs in its own process on bare Node (Talkoot from dist/, as
// `npm start` runs it), so its memory is its own; the fake and this driver run
// here. "Update to answer" is from the getUpdates response that carried the
// press to the answerCallbackQuery for it; "press to answer" from the press
// itself (the update made at the fake), which counts the wait at Telegram too. An answer sent after Telegram's 15 s
// (refused as "query is too old") counts as answered late. A burst that is not
// fully answered by its deadline reports the unanswered presses instead of waiting on.
import { Api } from "grammy";
import type { Update } from "grammy/types";
import { FakeTelegram, type RecordedCall } from "../test/fakes/telegram/fake-bot-api.js";
import { type BenchDatabase, postgresDatabase, sqliteDatabase } from "./databases.js";
import { cpuMsOf, rssSampler, startBot, waitUntil } from "./processes.js";
import { percentile } from "./report.js";

export const TOKEN = "123456789:AAbenchbenchbenchbenchbenchbenchbenc";
export const GROUP = -1001000000999;
export const CREATOR = 7;
export const FIRST_VOTER = 1_000_000;
/** Telegram's window for answering a press, and the final card's budget. */
const ANSWER_WINDOW_MS = 15_000;
export const FINAL_CARD_BUDGET_MS = 5_000;

export interface BurstFigures {
  voters: number;
  answered: number;
  /** Presses with no answer at all by the deadline (the benchmark gave up on them). */
  unanswered: number;
  /** Answers later than 15 s after the press, which Telegram (and the fake) refuse as too old. */
  answeredLate: number;
  /** First answers that were the "your press is kept" toast (the vote not stored yet); 0 for the floor. */
  answeredKept: number;
  votesPerSecond: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  /** p99 from the press (the update made at the fake) to its first answer: how long the member saw the spinner. */
  p99PressMs: number;
  peakRssMb: number;
  idleRssMb: number;
  /** The bot's CPU (user + system) from the first press until every press was answered (and, for Talkoot, stored), per press. */
  cpuMsPerPress: number;
}

export interface TalkootBurst extends BurstFigures {
  provider: "sqlite" | "postgresql";
  votesStored: number;
  distinctVotersStored: number;
  countedOnce: boolean;
  finalShowsAll: boolean;
  /** From the last answer to the first edit showing the true count (NaN: none seen). */
  finalCardMs: number;
  edits: number;
  tightestEditGapMs: number;
  ratioToFloor: number;
  p99RatioToFloor: number;
  peakRssRatioToFloor: number;
  cpuRatioToFloor: number;
  error?: string;
}

export interface VoteBurstResult {
  voters: number;
  floor: BurstFigures;
  sqlite: TalkootBurst;
  postgresql: TalkootBurst;
}

/** Presses `data` on `messageId` as `voters` distinct users, all at once; measures the answers. */
async function burst(fake: FakeTelegram, messageId: number, data: string, voters: number, deadlineMs: number) {
  const callsBefore = fake.calls.length;
  const queryIds = new Set<string>();
  const pressedAt = new Map<string, number>();
  const updateOfQuery = new Map<string, number>();
  const started = Date.now();
  for (let i = 0; i < voters; i++) {
    const update = fake.pressButton(GROUP, messageId, FIRST_VOTER + i, data);
    const id = update.callback_query!.id;
    queryIds.add(id);
    pressedAt.set(id, Date.now());
    updateOfQuery.set(id, update.update_id);
  }
  // Counted incrementally: rescanning every call each tick would take CPU from the bot.
  // An answer refused as too old (after Telegram's 15 s) counts as the press's answer, a late one.
  const answered = new Set<string>();
  let scanned = callsBefore;
  const scan = () => {
    for (; scanned < fake.calls.length; scanned++) {
      const call = fake.calls[scanned]!;
      if (!isAnswer(call)) continue;
      const id = String(call.params.callback_query_id);
      if (queryIds.has(id)) answered.add(id);
    }
    return answered.size >= voters;
  };
  await waitUntil(scan, deadlineMs).catch(() => undefined);
  const calls = fake.calls.slice(callsBefore);
  const deliveredAt = new Map<number, number>();
  for (const call of calls) {
    if (call.method !== "getUpdates" || call.response.status !== 200) continue;
    const body = call.response.body as { result?: Update[] } | undefined;
    for (const update of body?.result ?? [])
      if (!deliveredAt.has(update.update_id)) deliveredAt.set(update.update_id, call.at);
  }
  const latencies: number[] = [];
  const sincePress: number[] = [];
  const firstAnswer = new Map<string, number>();
  let lastAnswer = started;
  let answeredKept = 0;
  let refused = 0;
  for (const call of calls) {
    if (!isAnswer(call)) continue;
    const id = String(call.params.callback_query_id);
    if (!queryIds.has(id) || firstAnswer.has(id)) continue;
    firstAnswer.set(id, call.at);
    if (call.response.status !== 200) refused++;
    if (/catching up/i.test(String(call.params.text ?? ""))) answeredKept++;
    const delivered = deliveredAt.get(updateOfQuery.get(id)!);
    if (delivered !== undefined) latencies.push(call.at - delivered);
    sincePress.push(call.at - pressedAt.get(id)!);
    lastAnswer = Math.max(lastAnswer, call.at);
  }
  let answeredLate = 0;
  for (const [id, at] of firstAnswer) if (at - pressedAt.get(id)! > ANSWER_WINDOW_MS) answeredLate++;
  // The fake's clock and this one can differ by a few ms at the edge: a refusal is late whatever they say.
  answeredLate = Math.max(answeredLate, refused);
  const seconds = (lastAnswer - started) / 1000;
  return {
    voters,
    answered: firstAnswer.size,
    unanswered: voters - firstAnswer.size,
    answeredLate,
    answeredKept,
    votesPerSecond: firstAnswer.size / Math.max(seconds, 0.001),
    seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    p99PressMs: percentile(sincePress, 99),
    lastAnswer,
    started,
  };
}

/** An answer to a press: accepted, or refused as too old (sent after Telegram's 15 s window). */
function isAnswer(call: RecordedCall): boolean {
  if (call.method !== "answerCallbackQuery") return false;
  if (call.response.status === 200) return true;
  const description = (call.response.body as { description?: string } | undefined)?.description ?? "";
  return call.response.status === 400 && /query is too old/i.test(description);
}

export function setUpFake(fake: FakeTelegram, voters: number): void {
  fake.addChat({ id: GROUP, type: "supergroup", title: "Bench" });
  fake.addUser({ id: CREATOR, first_name: "Creator", username: "creator", startedBot: true });
  fake.setMember(GROUP, CREATOR, "creator");
  for (let i = 0; i < voters; i++) {
    fake.addUser({ id: FIRST_VOTER + i, first_name: `Voter ${i}` });
    fake.setMember(GROUP, FIRST_VOTER + i, "member");
  }
}

/** Generous for a slow machine, yet bounded: about 25 ms a voter, at least 25 s. */
export function deadlineFor(voters: number): number {
  return Math.max(25_000, voters * 25);
}

async function floorBurst(voters: number): Promise<BurstFigures> {
  const fake = await FakeTelegram.start({ token: TOKEN, botUsername: "bench_bot" });
  try {
    setUpFake(fake, voters);
    const bot = await startBot("bench/vote-burst/bare-bot.mjs", { BENCH_TOKEN: TOKEN, BENCH_API_ROOT: fake.apiRoot });
    try {
      const sent = await new Api(TOKEN, { apiRoot: fake.apiRoot }).sendMessage(GROUP, "Vote", {
        reply_markup: { inline_keyboard: [[{ text: "Yes", callback_data: "yes" }]] },
      });
      const profiled = await bot.profile();
      const cpuBefore = cpuMsOf(bot.child.pid!);
      const run = await burst(fake, sent.message_id, "yes", voters, deadlineFor(voters));
      const cpuMsPerPress = (cpuMsOf(bot.child.pid!) - cpuBefore) / voters;
      await profiled();
      const { lastAnswer: _, started: __, ...figures } = run;
      return { ...figures, cpuMsPerPress, idleRssMb: bot.idleRssMb, peakRssMb: (await bot.stop()) / 1024 / 1024 };
    } finally {
      await bot.stop();
    }
  } finally {
    await fake.stop();
  }
}

function failedBurst(provider: TalkootBurst["provider"], voters: number, error: unknown): TalkootBurst {
  return {
    provider,
    voters,
    answered: 0,
    unanswered: voters,
    answeredLate: 0,
    answeredKept: 0,
    votesPerSecond: 0,
    seconds: Number.NaN,
    p50Ms: Number.NaN,
    p99Ms: Number.NaN,
    p99PressMs: Number.NaN,
    peakRssMb: Number.NaN,
    idleRssMb: Number.NaN,
    cpuMsPerPress: Number.NaN,
    cpuRatioToFloor: Number.NaN,
    votesStored: 0,
    distinctVotersStored: 0,
    countedOnce: false,
    finalShowsAll: false,
    finalCardMs: Number.NaN,
    edits: 0,
    tightestEditGapMs: 0,
    ratioToFloor: 0,
    p99RatioToFloor: Number.NaN,
    peakRssRatioToFloor: Number.NaN,
    error: error instanceof Error ? error.message : String(error),
  };
}

export const showsCount = (text: string, voters: number) =>
  text.replace(/[\s,.\u00a0\u202f]/g, "").includes(String(voters));

/** Makes the group a community and posts a poll in it; resolves with the poll's message and its first button. */
export async function openPoll(fake: FakeTelegram) {
  fake.sendText(GROUP, CREATOR, "/setup community Bench");
  await fake.waitFor((c: RecordedCall) => c.method === "sendMessage" && /set up/.test(String(c.params.text)), 60_000);
  fake.sendText(GROUP, CREATOR, '/poll "Which Saturday?" "Dec 5" "Dec 12"');
  const pollMessage = await fake.waitFor(
    (c: RecordedCall) => c.method === "sendMessage" && String(c.params.text).includes("Which Saturday?"),
    60_000,
  );
  const posted = (pollMessage.response.body as { result: { message_id: number } }).result;
  const keyboard = (pollMessage.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] })
    .inline_keyboard;
  const option = keyboard.flat()[0]!;
  return { posted, option };
}

async function talkootBurst(
  provider: TalkootBurst["provider"],
  voters: number,
  floor: BurstFigures,
): Promise<TalkootBurst> {
  const database = provider === "sqlite" ? sqliteDatabase() : postgresDatabase();
  const fake = await FakeTelegram.start({ token: TOKEN, botUsername: "bench_bot" });
  // Telegram's limits (20 messages a minute in a group): the card must keep to them.
  fake.enforceRateLimits(true);
  try {
    setUpFake(fake, voters);
    const bot = await startBot("bench/vote-burst/talkoot-bot.mjs", {
      BENCH_TOKEN: TOKEN,
      BENCH_API_ROOT: fake.apiRoot,
      BENCH_DATABASE_URL: database.url,
    });
    try {
      const { posted, option } = await openPoll(fake);
      const idleRssMb = bot.idleRssMb;
      // A bot still busy when stopped (answers sent late) is killed before it can report its peak.
      const rss = rssSampler(bot.child.pid!);
      const profiled = await bot.profile();
      const cpuBefore = cpuMsOf(bot.child.pid!);
      const run = await burst(fake, posted.message_id, option.callback_data, voters, deadlineFor(voters));
      // A press may be answered "kept" before its vote is stored: the burst ends when the
      // database holds every vote (or at the deadline), and throughput counts stored votes.
      const storedAt = await allStoredAt(database, voters, run.started + deadlineFor(voters));
      const cpuMsPerPress = (cpuMsOf(bot.child.pid!) - cpuBefore) / voters;
      await profiled();
      const endedAt = Math.max(run.lastAnswer, storedAt ?? Date.now());
      const editsOfCard = () =>
        fake.calls.filter(
          (c) =>
            c.method === "editMessageText" && c.params.message_id === posted.message_id && c.response.status === 200,
        );
      // The final card: the first edit after the last vote that shows the true count, waited for up to 5 s.
      const finalEdit = () => editsOfCard().find((c) => showsCount(String(c.params.text), voters));
      await waitUntil(() => finalEdit() !== undefined, FINAL_CARD_BUDGET_MS).catch(() => undefined);
      const shown = finalEdit();
      const finalCardMs = shown ? Math.max(0, shown.at - endedAt) : Number.NaN;
      const edits = editsOfCard().map((c) => c.at);
      const peakRssMb = rss.peakMb(await bot.stop());
      rss.stop();
      const { votes, people } = await database.count();
      let tightestEditGapMs = Number.POSITIVE_INFINITY;
      for (let i = 1; i < edits.length; i++) tightestEditGapMs = Math.min(tightestEditGapMs, edits[i]! - edits[i - 1]!);
      const { lastAnswer: _, started, ...figures } = run;
      const seconds = (endedAt - started) / 1000;
      return {
        provider,
        ...figures,
        seconds,
        votesPerSecond: votes / Math.max(seconds, 0.001),
        idleRssMb,
        cpuMsPerPress,
        cpuRatioToFloor: cpuMsPerPress / floor.cpuMsPerPress,
        peakRssMb,
        votesStored: votes,
        distinctVotersStored: people,
        countedOnce: votes === voters && people === voters,
        finalShowsAll: shown !== undefined && finalCardMs <= FINAL_CARD_BUDGET_MS,
        finalCardMs,
        edits: edits.length,
        tightestEditGapMs: edits.length > 1 ? tightestEditGapMs : 0,
        ratioToFloor: votes / Math.max(seconds, 0.001) / floor.votesPerSecond,
        p99RatioToFloor: run.p99Ms / floor.p99Ms,
        peakRssRatioToFloor: peakRssMb / floor.peakRssMb,
      };
    } finally {
      await bot.stop();
    }
  } catch (error) {
    return failedBurst(provider, voters, error);
  } finally {
    await fake.stop();
    await database.drop().catch(() => undefined);
  }
}

/** When the database first held `voters` votes (polled), or undefined if not by `deadline`. */
export async function allStoredAt(
  database: BenchDatabase,
  voters: number,
  deadline: number,
): Promise<number | undefined> {
  for (;;) {
    const { votes } = await database.count().catch(() => ({ votes: 0 }));
    if (votes >= voters) return Date.now();
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The floor once, then Talkoot on SQLite and on PostgreSQL, each against it. */
export async function voteBurst(voters: number): Promise<VoteBurstResult> {
  const floor = await floorBurst(voters);
  const sqlite = await talkootBurst("sqlite", voters, floor);
  const postgresql = await talkootBurst("postgresql", voters, floor);
  return { voters, floor, sqlite, postgresql };
}

/** The budgets for one database's burst, each named, met or not. */
export function voteBurstBudgets(run: TalkootBurst): Array<{ budget: string; met: boolean }> {
  return [
    { budget: "every vote counted once", met: run.countedOnce },
    { budget: "every press answered within 15 s", met: run.unanswered === 0 && run.answeredLate === 0 },
    { budget: "final card shows the true count within 5 s of the last vote", met: run.finalShowsAll },
    { budget: "throughput ≥ 0.5× the floor", met: run.ratioToFloor >= 0.5 },
    { budget: "p99 update → answer ≤ 2× the floor's", met: run.p99RatioToFloor <= 2 },
    { budget: "at most one edit a second", met: run.edits < 2 || run.tightestEditGapMs >= 950 },
    { budget: "peak RSS under 200 MB", met: run.peakRssMb < 200 },
  ];
}
