// Two instances on one PostgreSQL database (issue 16): the vote burst against
// one bot process, then against two, each time on a fresh schema. Telegram's
// webhook (the fake posts up to max_connections updates at once, 40 by
// default, as Telegram does) goes to a loopback round-robin balancer in front
// of the instances. Measured each time: votes stored a second (from the first
// press until the database holds every vote), and whether the tallies are
// exact: votes stored == distinct voters == voters, and the card's final
// count shows them all within 5 s.
import { FakeTelegram, type RecordedCall } from "../test/fakes/telegram/fake-bot-api.js";
import { freePort } from "../test/faults/support/free-port.js";
import { postgresDatabase } from "./databases.js";
import { type BotRun, startBot, waitUntil } from "./processes.js";
import { RoundRobinProxy } from "./round-robin-proxy.js";
import {
  allStoredAt,
  FINAL_CARD_BUDGET_MS,
  FIRST_VOTER,
  GROUP,
  openPoll,
  setUpFake,
  showsCount,
  TOKEN,
} from "./vote-burst.js";

const WEBHOOK_SECRET = "bench-webhook-secret";
/** Generous for a loaded machine, yet bounded: 60 ms a voter, at least 30 s. */
const deadlineFor = (voters: number) => Math.max(30_000, voters * 60);

export interface InstancesRun {
  instances: number;
  votesStored: number;
  distinctVotersStored: number;
  /** From the first press until every vote was stored (or the deadline). */
  seconds: number;
  votesPerSecond: number;
  finalShowsAll: boolean;
  finalCardMs: number;
  exactTallies: boolean;
  peakRssMb: number[];
  error?: string;
}

export interface TwoInstancesResult {
  voters: number;
  database: "postgresql";
  one: InstancesRun;
  two: InstancesRun;
  /** Two instances' votes a second over one's. */
  ratio: number;
  exactTallies: boolean;
}

async function burstOn(instances: number, voters: number): Promise<InstancesRun> {
  const database = postgresDatabase();
  const fake = await FakeTelegram.start({ token: TOKEN, botUsername: "bench_bot" });
  fake.enforceRateLimits(true);
  const ports: number[] = [];
  for (let i = 0; i < instances; i++) ports.push(await freePort());
  const balancer = new RoundRobinProxy(ports);
  const bots: BotRun[] = [];
  const run: InstancesRun = {
    instances,
    votesStored: 0,
    distinctVotersStored: 0,
    seconds: Number.NaN,
    votesPerSecond: 0,
    finalShowsAll: false,
    finalCardMs: Number.NaN,
    exactTallies: false,
    peakRssMb: [],
  };
  try {
    const balancerPort = await balancer.listen();
    setUpFake(fake, voters);
    // One after the other: the first migrates the schema.
    for (const port of ports) {
      bots.push(
        await startBot("bench/vote-burst/talkoot-bot.mjs", {
          BENCH_TOKEN: TOKEN,
          BENCH_API_ROOT: fake.apiRoot,
          BENCH_DATABASE_URL: database.url,
          BENCH_WEBHOOK_URL: `http://127.0.0.1:${balancerPort}/telegram`,
          BENCH_WEBHOOK_SECRET: WEBHOOK_SECRET,
          BENCH_HTTP_PORT: String(port),
          BENCH_HTTP_HOST: "127.0.0.1",
        }),
      );
    }
    const { posted, option } = await openPoll(fake);
    const started = Date.now();
    for (let i = 0; i < voters; i++) fake.pressButton(GROUP, posted.message_id, FIRST_VOTER + i, option.callback_data);
    const storedAt = await allStoredAt(database, voters, started + deadlineFor(voters));
    const endedAt = storedAt ?? Date.now();
    // Throughput counts what was stored by the end (the deadline, if it came first), not what the
    // instances still stored while being stopped.
    const storedByEnd = storedAt !== undefined ? voters : (await database.count()).votes;
    const finalEdit = () =>
      fake.calls.find(
        (c: RecordedCall) =>
          c.method === "editMessageText" &&
          c.params.message_id === posted.message_id &&
          c.response.status === 200 &&
          showsCount(String(c.params.text), voters),
      );
    await waitUntil(() => finalEdit() !== undefined, FINAL_CARD_BUDGET_MS).catch(() => undefined);
    const shown = finalEdit();
    for (const bot of bots) run.peakRssMb.push((await bot.stop()) / 1024 / 1024);
    const { votes, people } = await database.count();
    run.votesStored = votes;
    run.distinctVotersStored = people;
    run.seconds = (endedAt - started) / 1000;
    run.votesPerSecond = storedByEnd / Math.max(run.seconds, 0.001);
    run.finalCardMs = shown ? Math.max(0, shown.at - endedAt) : Number.NaN;
    run.finalShowsAll = shown !== undefined && run.finalCardMs <= FINAL_CARD_BUDGET_MS;
    run.exactTallies = votes === voters && people === voters && run.finalShowsAll;
    return run;
  } catch (error) {
    return { ...run, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await Promise.all(bots.map((bot) => bot.stop()));
    await balancer.close();
    await fake.stop();
    await database.drop().catch(() => undefined);
  }
}

/** The burst against one instance, then against two, on PostgreSQL. */
export async function twoInstances(voters: number): Promise<TwoInstancesResult> {
  const one = await burstOn(1, voters);
  const two = await burstOn(2, voters);
  return {
    voters,
    database: "postgresql",
    one,
    two,
    ratio: two.votesPerSecond / Math.max(one.votesPerSecond, 0.001),
    exactTallies: one.exactTallies && two.exactTallies,
  };
}

/** The budgets for two instances, each named, met or not. */
export function twoInstancesBudgets(result: TwoInstancesResult): Array<{ budget: string; met: boolean }> {
  return [
    { budget: "two instances ≥ 1.6× one instance's votes a second", met: result.ratio >= 1.6 },
    { budget: "exact tallies with one and with two instances", met: result.exactTallies },
  ];
}
