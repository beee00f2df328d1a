// A routed request (issue 16): a resident files `/request` in a Telegram group,
// and its card is posted in the officials' Slack channel that handles the
// category. The bot runs as `npm start` runs it (compiled dist/ on bare Node,
// Telegram by long polling, Slack over Socket Mode); the Telegram fake and the
// Slack fake run here. One community: `groups` Telegram groups of residents and
// `channels` Slack channels, each the contact of its own category. Requests go
// out at a steady rate, round-robin over the groups and the categories, so no
// Telegram group gets more than 20 a minute and no Slack channel more than one
// card a second. Both fakes refuse what their platform would: Telegram's its
// limits, Slack's a channel's posts over Slack's pace (post-pace.ts). Measured:
// update delivered to the bot → the card's chat.postMessage received by the
// Slack fake (p50/p99), the bot's CPU per routed request (utime + stime from
// /proc/<pid>/stat over the run, over the requests whose card came), requests
// lost (no card within 30 s of the last one sent) and doubled (two cards),
// cards Slack refused, peak RSS.
import type { Update } from "grammy/types";
import { FakeSlack } from "../test/fakes/slack/fake-slack.js";
import { FakeTelegram, type RecordedCall } from "../test/fakes/telegram/fake-bot-api.js";
import { busiestWindow } from "../test/support/busiest-window.js";
import { type PostgresBenchDatabase, postgresDatabase } from "./databases.js";
import { cpuMsOf, rssSampler, startBot, waitUntil } from "./processes.js";
import { percentile } from "./report.js";

const TOKEN = "123456789:AAbenchbenchbenchbenchbenchbenchbenc";
const FIRST_GROUP = -1001000100000;
const ADMIN = 7;
const FIRST_RESIDENT = 2_000_000;
/** Residents a group has: each files a few requests, under the default flood limit of 10 an hour. */
const RESIDENTS_PER_GROUP = 5;
const OFFICIAL = "U0OLLIXXX";
/** How long after the last request a card may still come before the request counts as lost. */
const DRAIN_MS = 30_000;

export interface RoutedSizes {
  groups: number;
  channels: number;
  perSecond: number;
  seconds: number;
}

export const ROUTED_FULL: RoutedSizes = { groups: 200, channels: 100, perSecond: 100, seconds: 30 };
export const ROUTED_QUICK: RoutedSizes = { groups: 10, channels: 5, perSecond: 10, seconds: 5 };

export interface RoutedResult extends RoutedSizes {
  database: "postgresql";
  sent: number;
  /** Requests actually sent per second (the driver's own pace on a loaded machine). */
  sentPerSecond: number;
  cards: number;
  lost: number;
  doubled: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The bot's CPU from the first request sent until the drain ended, over the requests whose card came. */
  cpuMsPerRequest: number;
  /** The same CPU over every request sent (lower when many were still unhandled: not the budget's figure). */
  cpuMsPerSent: number;
  /** Most requests one Telegram group got in any 60 s, and cards one Slack channel got in any 1 s. */
  busiestGroupPerMinute: number;
  busiestChannelPerSecond: number;
  /** Card posts the Slack fake refused (429) as over Slack's pace in their channel; each was sent again later. */
  slackRefused: number;
  setupSeconds: number;
  idleRssMb: number;
  peakRssMb: number;
  error?: string;
}

const groupId = (g: number) => FIRST_GROUP - g;
const residentOf = (g: number, r: number) => FIRST_RESIDENT + g * RESIDENTS_PER_GROUP + r;
const channelId = (c: number) => `C0B${String(c).padStart(6, "0")}`;
const marker = (i: number) => `BR${String(i).padStart(6, "0")}X`;

class Setup {
  constructor(
    readonly tg: FakeTelegram,
    readonly slack: FakeSlack,
  ) {}

  /** Sends `text` in a Telegram group as `user`; resolves with the bot's next message there. */
  async telegram(chat: number, user: number, text: string): Promise<string> {
    const since = this.tg.calls.length;
    this.tg.sendText(chat, user, text);
    const answer = await this.tg.waitFor(
      (c: RecordedCall) =>
        c.method === "sendMessage" && String(c.params.chat_id) === String(chat) && this.tg.calls.indexOf(c) >= since,
      60_000,
    );
    return String(answer.params.text);
  }

  /** Types `/talkoot <text>` in a Slack channel as the official; resolves with what the bot answered there. */
  async inSlack(channel: string, text: string): Promise<string> {
    const seen = () => this.slack.messagesIn(channel).length + this.slack.ephemeralsFor(channel, OFFICIAL).length;
    const before = seen();
    await this.slack.slashCommand("socket", { command: "/talkoot", text, userId: OFFICIAL, channelId: channel });
    await this.slack.waitFor(() => seen() > before, 60_000, `an answer to ${text}`);
    const answers = [...this.slack.messagesIn(channel), ...this.slack.ephemeralsFor(channel, OFFICIAL)];
    return answers.map((m) => `${m.text} ${JSON.stringify(m.blocks ?? [])}`).join("\n");
  }

  private readonly codesSeen = new Set<string>();

  /** A fresh invite code from `/setup invite` in `channel` (one at a time: the answers are told apart by novelty). */
  async invite(channel: string): Promise<string> {
    const answer = await this.inSlack(channel, "setup invite");
    const codes = new Set([...answer.matchAll(/Invite code:\W*([A-Z0-9]+-[A-Z0-9]+)/g)].map((m) => m[1]!));
    const fresh = [...codes].filter((code) => !this.codesSeen.has(code));
    for (const code of fresh) this.codesSeen.add(code);
    if (fresh.length !== 1) throw new Error(`expected one new invite code, got ${fresh.length}: ${answer.slice(-300)}`);
    return fresh[0]!;
  }
}

function expect(answer: string, pattern: RegExp, step: string): void {
  if (!pattern.test(answer)) throw new Error(`setup step "${step}" answered: ${answer.slice(-300)}`);
}

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(work));
}

/** One community: group 0 its home, every other group a residents' chat, every channel an officials' chat. */
async function setUpCommunity(s: Setup, sizes: RoutedSizes): Promise<void> {
  const { tg, slack } = s;
  for (let g = 0; g < sizes.groups; g++) {
    tg.addChat({ id: groupId(g), type: "supergroup", title: `Block ${g}` });
    tg.setMember(groupId(g), ADMIN, "creator");
    for (let r = 0; r < RESIDENTS_PER_GROUP; r++) tg.setMember(groupId(g), residentOf(g, r), "member");
  }
  slack.addUser({ id: OFFICIAL, name: "olli", isAdmin: true, realName: "Olli Official", displayName: "Olli Official" });
  for (let c = 0; c < sizes.channels; c++)
    slack.addChannel({ id: channelId(c), name: `team-${c}`, members: [OFFICIAL], botIsMember: true });

  const home = groupId(0);
  expect(await s.telegram(home, ADMIN, "/setup community Bench"), /Bench/, "setup community");
  expect(await s.telegram(home, ADMIN, "/setup limits codes 10000"), /10[,.\s\u00a0]?000/, "limits codes");
  const first = /([A-Z0-9]+-[A-Z0-9]+)/.exec(await s.telegram(home, ADMIN, "/setup invite"))?.[1];
  if (!first) throw new Error("no invite code in the home group");
  expect(await s.inSlack(channelId(0), `setup join ${first} --officials`), /officials' chat/, "join officials");
  expect(await s.telegram(home, ADMIN, "/role @olli admin"), /admin/, "role admin");
  // The rest from Slack: an answer there is a command's ack, so the bot's 20 messages a minute in
  // the home group would not stretch the setup to minutes.
  const channels = Array.from({ length: sizes.channels - 1 }, (_, i) => i + 1);
  const groups = Array.from({ length: sizes.groups - 1 }, (_, i) => i + 1);
  const codes: string[] = [];
  for (let i = 0; i < channels.length + groups.length; i++) codes.push(await s.invite(channelId(0)));
  await inBatches(channels, 5, async (c) => {
    const answer = await s.inSlack(channelId(c), `setup join ${codes[c - 1]} --officials`);
    expect(answer, /officials' chat/, "join officials");
  });
  await inBatches(groups, 5, async (g) => {
    expect(
      await s.telegram(groupId(g), ADMIN, `/setup join ${codes[channels.length + g - 1]}`),
      /linked/,
      "join group",
    );
  });
  await inBatches([...channels, 0], 5, async (c) => {
    expect(await s.inSlack(channelId(c), `setup category add c${c} "Category ${c}"`), new RegExp(`c${c}`), "category");
    expect(await s.inSlack(channelId(c), `setup contact add "Team ${c}" --categories c${c}`), /Team/, "contact");
  });
}

interface Sent {
  update: Update;
  sentAt: number;
  channel: string;
}

/** The run: `perSecond` requests a second for `seconds`, then up to DRAIN_MS for the last cards. */
async function fileRequests(tg: FakeTelegram, slack: FakeSlack, sizes: RoutedSizes, first: number) {
  const total = sizes.perSecond * sizes.seconds;
  const sent = new Map<string, Sent>();
  const started = Date.now();
  for (let i = 0; i < total; i++) {
    // Steady pace: each request at its own time, not in bursts of a tick.
    const due = started + (i * 1000) / sizes.perSecond;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const n = first + i;
    const g = n % sizes.groups;
    const c = n % sizes.channels;
    const resident = residentOf(g, Math.floor(n / sizes.groups) % RESIDENTS_PER_GROUP);
    const update = tg.sendText(groupId(g), resident, `/request c${c} Streetlight ${marker(n)} out by the bench`);
    sent.set(marker(n), { update, sentAt: Date.now(), channel: channelId(c) });
  }
  const sentSeconds = (Date.now() - started) / 1000;
  const cardsOf = new Map<string, number[]>();
  let scanned = 0;
  const scan = () => {
    const calls = slack.callsOf("chat.postMessage");
    for (; scanned < calls.length; scanned++) {
      const call = calls[scanned]!;
      if (call.status !== 200) continue;
      const found = /BR\d{6}X/.exec(JSON.stringify(call.params));
      if (!found || !sent.has(found[0])) continue;
      cardsOf.set(found[0], [...(cardsOf.get(found[0]) ?? []), call.at]);
    }
    return cardsOf.size >= total;
  };
  await waitUntil(scan, DRAIN_MS, "every card").catch(() => undefined);
  return { sent, cardsOf, sentSeconds };
}

/** When each update reached the bot: the getUpdates answer that carried it (no earlier than it was sent). */
function deliveryTimes(tg: FakeTelegram, sent: Map<string, Sent>): Map<number, number> {
  const sentAt = new Map([...sent.values()].map((s) => [s.update.update_id, s.sentAt]));
  const delivered = new Map<number, number>();
  for (const call of tg.calls) {
    if (call.method !== "getUpdates" || call.response.status !== 200) continue;
    const body = call.response.body as { result?: Update[] } | undefined;
    for (const update of body?.result ?? []) {
      const at = sentAt.get(update.update_id);
      // A held long poll answers as soon as the update exists; a later poll, when it asks.
      if (at !== undefined && !delivered.has(update.update_id)) delivered.set(update.update_id, Math.max(at, call.at));
    }
  }
  return delivered;
}

/** BENCH_TIMELINE: what happened in each 2 s of the run, to see where a backlog builds up. */
function printTimeline(tg: FakeTelegram, slack: FakeSlack, sent: Map<string, Sent>, delivered: Map<number, number>) {
  const t0 = Math.min(...[...sent.values()].map((s) => s.sentAt));
  const perTwoSeconds = (times: number[]) => {
    const counts: number[] = [];
    for (const t of times) {
      const bucket = Math.floor((t - t0) / 2000);
      counts[bucket] = (counts[bucket] ?? 0) + 1;
    }
    return Array.from(counts, (count) => count ?? 0).join(" ");
  };
  const sends = tg.callsOf("sendMessage");
  console.log("per 2 s: updates delivered", perTwoSeconds([...delivered.values()]));
  console.log("per 2 s: Telegram sends", perTwoSeconds(sends.map((c) => c.at)));
  console.log("per 2 s: Telegram 429s", perTwoSeconds(sends.filter((c) => c.response.status === 429).map((c) => c.at)));
  console.log("per 2 s: Slack posts", perTwoSeconds(slack.callsOf("chat.postMessage").map((c) => c.at)));
  console.log("per 2 s: getUpdates", perTwoSeconds(tg.callsOf("getUpdates").map((c) => c.at)));
}

/** BENCH_TIMELINE: where a card's time went: update delivered → card queued (the filing's commit) → card posted. */
async function printStages(
  database: PostgresBenchDatabase,
  run: { sent: Map<string, Sent>; cardsOf: Map<string, number[]> },
  delivered: Map<number, number>,
) {
  const rows = await database.query<{ createdAt: Date; message: string }>(
    `SELECT "createdAt", "message" FROM "${database.schema}"."OutboxMessage" WHERE "platform" = 'slack'`,
  );
  const filed: number[] = [];
  const posted: number[] = [];
  for (const row of rows) {
    const mark = /BR\d{6}X/.exec(row.message)?.[0];
    const s = mark ? run.sent.get(mark) : undefined;
    const at = s ? delivered.get(s.update.update_id) : undefined;
    const card = mark ? run.cardsOf.get(mark)?.[0] : undefined;
    if (at === undefined || card === undefined) continue;
    filed.push(row.createdAt.getTime() - at);
    posted.push(card - row.createdAt.getTime());
  }
  const p = (xs: number[]) => `${percentile(xs, 50)} / ${percentile(xs, 99)} / ${percentile(xs, 100)}`;
  console.log(
    `stages (${filed.length} cards), p50 / p99 / max ms: delivered → queued ${p(filed)}; queued → posted ${p(posted)}`,
  );
}

export async function routed(sizes: RoutedSizes): Promise<RoutedResult> {
  const database = postgresDatabase();
  const tg = await FakeTelegram.start({ token: TOKEN, botUsername: "bench_bot" });
  const slack = await FakeSlack.start({ teamId: "T0BENCH" });
  const empty: RoutedResult = {
    ...sizes,
    database: "postgresql",
    sent: 0,
    sentPerSecond: 0,
    cards: 0,
    lost: 0,
    doubled: 0,
    p50Ms: Number.NaN,
    p99Ms: Number.NaN,
    maxMs: Number.NaN,
    cpuMsPerRequest: Number.NaN,
    cpuMsPerSent: Number.NaN,
    busiestGroupPerMinute: 0,
    busiestChannelPerSecond: 0,
    slackRefused: 0,
    setupSeconds: Number.NaN,
    idleRssMb: Number.NaN,
    peakRssMb: Number.NaN,
  };
  try {
    tg.addUser({ id: ADMIN, first_name: "Aino", username: "aino", startedBot: true });
    for (let g = 0; g < sizes.groups; g++)
      for (let r = 0; r < RESIDENTS_PER_GROUP; r++)
        tg.addUser({ id: residentOf(g, r), first_name: `Resident ${g}.${r}` });
    const bot = await startBot("bench/vote-burst/talkoot-bot.mjs", {
      BENCH_TOKEN: TOKEN,
      BENCH_API_ROOT: tg.apiRoot,
      BENCH_DATABASE_URL: database.url,
      BENCH_SLACK_BOT_TOKEN: slack.botToken,
      BENCH_SLACK_APP_TOKEN: slack.appToken,
      BENCH_SLACK_API_URL: slack.slackApiUrl,
    });
    try {
      const setupStarted = Date.now();
      await setUpCommunity(new Setup(tg, slack), sizes);
      // One request end to end first: the routing works, and the bot's code paths are warm.
      const warmUp = await fileRequests(tg, slack, { ...sizes, perSecond: 1, seconds: 1 }, 0);
      if (warmUp.cardsOf.size !== 1) throw new Error("the warm-up request's card never reached Slack");
      const setupSeconds = (Date.now() - setupStarted) / 1000;
      // Telegram's limits from here on: the receipts must keep to them (the setup would take minutes).
      tg.enforceRateLimits(true);
      slack.enforceRateLimits(true);
      const postsBefore = slack.callsOf("chat.postMessage").length;
      const pid = bot.child.pid!;
      // BENCH_BURST_PROFILE_DIR: a CPU profile of the request phase only.
      const stopProfile = await bot.profile();
      const cpuBefore = cpuMsOf(pid);
      // For a CPU profile of the bot (BENCH_NODE_ARGS=--cpu-prof): the request phase on the monotonic clock.
      const phaseStart = process.hrtime.bigint() / 1000n;
      // Sampled here too: a bot still busy when stopped is killed before it can report its own peak.
      const rss = rssSampler(pid);
      const run = await fileRequests(tg, slack, sizes, 1);
      const cpuMs = cpuMsOf(pid) - cpuBefore;
      await stopProfile();
      const phaseEnd = process.hrtime.bigint() / 1000n;
      console.log(`routed: request phase for bench/profile-summary.ts: --window ${phaseStart}-${phaseEnd}`);
      rss.stop();
      const delivered = deliveryTimes(tg, run.sent);
      if (process.env.BENCH_TIMELINE) {
        printTimeline(tg, slack, run.sent, delivered);
        await printStages(database, run, delivered);
      }
      const latencies: number[] = [];
      let doubled = 0;
      const cardTimes = new Map<string, number[]>();
      for (const [mark, times] of run.cardsOf) {
        const s = run.sent.get(mark)!;
        if (times.length > 1) doubled++;
        const at = delivered.get(s.update.update_id);
        if (at !== undefined) latencies.push(times[0]! - at);
        cardTimes.set(s.channel, [...(cardTimes.get(s.channel) ?? []), ...times]);
      }
      const groupTimes = new Map<number, number[]>();
      for (const s of run.sent.values()) {
        const chat = s.update.message!.chat.id;
        groupTimes.set(chat, [...(groupTimes.get(chat) ?? []), s.sentAt]);
      }
      const sent = run.sent.size;
      const peakRss = await bot.stop();
      return {
        ...empty,
        sent,
        sentPerSecond: sent / Math.max(run.sentSeconds, 0.001),
        cards: run.cardsOf.size,
        lost: sent - run.cardsOf.size,
        doubled,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        maxMs: percentile(latencies, 100),
        cpuMsPerRequest: cpuMs / run.cardsOf.size,
        cpuMsPerSent: cpuMs / sent,
        busiestGroupPerMinute: Math.max(...[...groupTimes.values()].map((t) => busiestWindow(t, 60_000))),
        busiestChannelPerSecond: Math.max(
          0,
          ...[...cardTimes.values()].map((t) =>
            busiestWindow(
              [...t].sort((a, b) => a - b),
              1000,
            ),
          ),
        ),
        slackRefused: slack
          .callsOf("chat.postMessage")
          .slice(postsBefore)
          .filter((c) => c.status === 429).length,
        setupSeconds,
        idleRssMb: bot.idleRssMb,
        peakRssMb: rss.peakMb(peakRss),
      };
    } finally {
      await bot.stop();
    }
  } catch (error) {
    return { ...empty, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await tg.stop();
    await slack.stop();
    await database.drop().catch(() => undefined);
  }
}

/** The budgets for the routed request, each named, met or not. */
export function routedBudgets(run: RoutedResult): Array<{ budget: string; met: boolean }> {
  return [
    { budget: "p99 update → card's chat.postMessage under 300 ms", met: run.p99Ms < 300 },
    { budget: "bot CPU under 10 ms a request", met: run.cpuMsPerRequest < 10 },
    { budget: "no request lost or doubled", met: run.sent > 0 && run.lost === 0 && run.doubled === 0 },
  ];
}
