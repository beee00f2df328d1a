// A burst of votes by distinct users on one poll, through the Telegram adapter
// and the real grammY client against the fake Bot API (DESIGN.md budgets):
//   every vote counted exactly once; throughput at least half of a bare
//   grammY bot answering the same presses on the same fake; p99 from update
//   to answer under 100 ms; the poll message edited at most once a second;
//   the bot's peak RSS under 200 MB.
// Each bot runs in its own process, so its memory is its own; the fake and
// this driver run here. "Update to answer" is from the getUpdates response
// that carried the press to the answerCallbackQuery for it.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { Api } from "grammy";
import type { Update } from "grammy/types";
import { FakeTelegram, type RecordedCall } from "../test/fakes/telegram/fake-bot-api.js";
import { type BenchResult, percentile } from "./report.js";

const root = new URL("..", import.meta.url).pathname;
const TOKEN = "123456789:AAbenchbenchbenchbenchbenchbenchbenc";
const GROUP = -1001000000999;
const CREATOR = 7;
const FIRST_VOTER = 1_000_000;

interface BotRun {
  child: ChildProcess;
  stop(): Promise<number>;
}

async function startBot(script: string, env: Record<string, string>): Promise<BotRun> {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  await waitUntil(() => out.includes("ready\n"), 30_000, `${script} ready`);
  return {
    child,
    async stop() {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      await exited;
      const line = out.split("\n").find((l) => l.startsWith("{"));
      return line ? (JSON.parse(line) as { peakRssBytes: number }).peakRssBytes : Number.NaN;
    },
  };
}

async function waitUntil(done: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Calls of `method` so far; with `ok`, only those the API accepted. */
function countOf(fake: FakeTelegram, method: string, ok = false): number {
  let n = 0;
  for (const call of fake.calls) if (call.method === method && (!ok || call.response.status === 200)) n++;
  return n;
}

/** Presses `data` on `messageId` as `voters` distinct users, all at once; measures the answers. */
async function burst(fake: FakeTelegram, messageId: number, data: string, voters: number) {
  const callsBefore = fake.calls.length;
  const answersBefore = countOf(fake, "answerCallbackQuery");
  const acceptedBefore = countOf(fake, "answerCallbackQuery", true);
  const updateOfQuery = new Map<string, number>();
  const started = Date.now();
  for (let i = 0; i < voters; i++) {
    const update = fake.pressButton(GROUP, messageId, FIRST_VOTER + i, data);
    updateOfQuery.set(update.callback_query!.id, update.update_id);
  }
  await waitUntil(() => countOf(fake, "answerCallbackQuery") - answersBefore >= voters, 600_000, "every answer");
  const calls = fake.calls.slice(callsBefore);
  const deliveredAt = new Map<number, number>();
  for (const call of calls) {
    if (call.method !== "getUpdates" || call.response.status !== 200) continue;
    const body = call.response.body as { result?: Update[] } | undefined;
    for (const update of body?.result ?? [])
      if (!deliveredAt.has(update.update_id)) deliveredAt.set(update.update_id, call.at);
  }
  const latencies: number[] = [];
  let lastAnswer = started;
  for (const call of calls) {
    if (call.method !== "answerCallbackQuery") continue;
    const update = updateOfQuery.get(String(call.params.callback_query_id));
    const delivered = update === undefined ? undefined : deliveredAt.get(update);
    if (delivered !== undefined) latencies.push(call.at - delivered);
    lastAnswer = Math.max(lastAnswer, call.at);
  }
  const seconds = (lastAnswer - started) / 1000;
  // Telegram refuses an answer to a press older than about 15 s ("query is too old"):
  // those voters saw the spinner run out, though their vote may still count.
  const late = voters - (countOf(fake, "answerCallbackQuery", true) - acceptedBefore);
  return {
    perSecond: voters / seconds,
    seconds,
    late,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    calls,
  };
}

function setUpFake(fake: FakeTelegram, voters: number): void {
  fake.addChat({ id: GROUP, type: "supergroup", title: "Bench" });
  fake.addUser({ id: CREATOR, first_name: "Creator", username: "creator", startedBot: true });
  fake.setMember(GROUP, CREATOR, "creator");
  for (let i = 0; i < voters; i++) {
    fake.addUser({ id: FIRST_VOTER + i, first_name: `Voter ${i}` });
    fake.setMember(GROUP, FIRST_VOTER + i, "member");
  }
}

export async function voteBurst(voters = 10_000): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "talkoot-votes-"));
  const databaseUrl = `file:${join(dir, "bench.db")}`;
  try {
    // Floor: bare grammY answering the same presses on the same kind of fake.
    const floorFake = await FakeTelegram.start({ token: TOKEN, botUsername: "bench_bot" });
    setUpFake(floorFake, voters);
    const bare = await startBot("bench/vote-burst/bare-bot.ts", {
      BENCH_TOKEN: TOKEN,
      BENCH_API_ROOT: floorFake.apiRoot,
    });
    const sent = await new Api(TOKEN, { apiRoot: floorFake.apiRoot }).sendMessage(GROUP, "Vote", {
      reply_markup: { inline_keyboard: [[{ text: "Yes", callback_data: "yes" }]] },
    });
    const floor = await burst(floorFake, sent.message_id, "yes", voters);
    const floorRss = await bare.stop();
    await floorFake.stop();

    // Talkoot: a community, a poll, and the same burst on its first option.
    const fake = await FakeTelegram.start({ token: TOKEN, botUsername: "bench_bot" });
    setUpFake(fake, voters);
    const bot = await startBot("bench/vote-burst/talkoot-bot.ts", {
      BENCH_TOKEN: TOKEN,
      BENCH_API_ROOT: fake.apiRoot,
      BENCH_DATABASE_URL: databaseUrl,
    });
    fake.sendText(GROUP, CREATOR, "/setup community Bench");
    await fake.waitFor((c: RecordedCall) => c.method === "sendMessage" && /set up/.test(String(c.params.text)), 30_000);
    fake.sendText(GROUP, CREATOR, '/poll "Which Saturday?" "Dec 5" "Dec 12"');
    const pollMessage = await fake.waitFor(
      (c: RecordedCall) => c.method === "sendMessage" && String(c.params.text).includes("Which Saturday?"),
      30_000,
    );
    const posted = (pollMessage.response.body as { result: { message_id: number } }).result;
    const keyboard = (
      pollMessage.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }
    ).inline_keyboard;
    const option = keyboard.flat()[0]!;
    const run = await burst(fake, posted.message_id, option.callback_data, voters);
    // Live results settle within a couple of seconds after the last vote.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const edits = fake.calls
      .filter(
        (c) => c.method === "editMessageText" && c.params.message_id === posted.message_id && c.response.status === 200,
      )
      .map((c) => c.at);
    const lastEditText = String(
      fake.calls.filter((c) => c.method === "editMessageText" && c.params.message_id === posted.message_id).at(-1)
        ?.params.text ?? "",
    );
    const rss = await bot.stop();
    await fake.stop();

    const db = new Sqlite(databaseUrl.slice("file:".length), { readonly: true });
    const { votes, people } = db
      .prepare(`SELECT COUNT(*) AS votes, COUNT(DISTINCT "personId") AS people FROM "Vote"`)
      .get() as { votes: number; people: number };
    db.close();

    let tightestGapMs = Number.POSITIVE_INFINITY;
    for (let i = 1; i < edits.length; i++) tightestGapMs = Math.min(tightestGapMs, edits[i]! - edits[i - 1]!);
    const ratio = run.perSecond / floor.perSecond;
    const countedOnce = votes === voters && people === voters;
    const finalShowsAll = lastEditText.replace(/[\s,.\u00a0\u202f]/g, "").includes(String(voters));
    const met =
      run.late === 0 &&
      countedOnce &&
      finalShowsAll &&
      ratio >= 0.5 &&
      run.p99 < 100 &&
      tightestGapMs >= 950 &&
      rss < 200 * 1024 * 1024;
    return {
      name: `vote burst: ${voters} distinct voters on one Telegram poll`,
      figures: {
        "votes stored": votes,
        "distinct voters stored": people,
        "final edit shows the true count (1 = yes)": finalShowsAll ? 1 : 0,
        "talkoot votes/s": run.perSecond,
        "floor votes/s (bare grammY answering)": floor.perSecond,
        "throughput ratio to floor": ratio,
        "p50 update to answer ms": run.p50,
        "p99 update to answer ms": run.p99,
        "answers refused as too old (spinner ran out)": run.late,
        "floor p99 update to answer ms": floor.p99,
        "poll message edits": edits.length,
        "tightest gap between edits ms": edits.length > 1 ? tightestGapMs : 0,
        "talkoot peak RSS MB": rss / 1024 / 1024,
        "floor peak RSS MB": floorRss / 1024 / 1024,
      },
      budget: {
        label: "all counted once, ≥ 0.5× floor throughput, p99 < 100 ms, ≤ 1 edit/s, RSS < 200 MB",
        met,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
