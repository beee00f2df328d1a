// Runs one scenario: a burst of updates, the bot killed (or stopped) at a
// seeded random moment, a short or long downtime, a restart, and then the
// count: which updates the platform saw acknowledged, and how many times
// each one's effect is in the database.
import type { Provider } from "../../../src/storage/database-url.js";
import type { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { type FaultWorld, startWorld, type WorldOptions } from "./fault-world.js";
import { SeededRng } from "./seeded-rng.js";

/** One update of a burst and the effect it should have. */
export interface BurstItem {
  updateId: number;
}

export interface Scenario<I extends BurstItem = BurstItem> {
  name: string;
  world: WorldOptions;
  /** kill -9 (default), a clean SIGTERM, or none (the fault alone, e.g. a database cut). */
  interrupt?: "kill" | "stop" | "none";
  /** The databases it applies to (default both). */
  providers?: Provider[];
  /** How long nothing may change before the run counts as settled (default 2 s; longer where the outbox paces sends). */
  quietMs?: number;
  /** A further condition for "settled" (e.g. the outbox drained), and how long to wait for it (default 60 s). */
  settledWhen?(world: FaultWorld): Promise<boolean>;
  settleTimeoutMs?: number;
  /** Latest moment of the interruption after the burst was sent, in ms. */
  interruptWithinMs?: number;
  /** Prepares what the next burst acts on (a poll, a task) while the bot runs. */
  prepare?(world: FaultWorld, run: number): Promise<void>;
  /** Sends one burst of updates to the fake. */
  burst(world: FaultWorld, run: number): I[];
  /** Waits for the moment the seeded interruption delay counts from (default: the burst was sent). */
  afterBurst?(world: FaultWorld, items: I[]): Promise<void>;
  /** How many times each item's effect is in the database: 0 missing, 1 right, 2+ doubled. */
  effects(world: FaultWorld, items: I[]): Promise<number[]>;
  /** A fault at the interruption point (a database cut); what it returns undoes it, after the downtime. */
  fault?(world: FaultWorld, rng: SeededRng): Promise<() => Promise<void>>;
}

export interface Figures {
  scenario: string;
  provider: Provider;
  seed: number;
  runs: number;
  kills: number;
  updates: number;
  acknowledged: number;
  effects: number;
  messagesSent: number;
  lost: number;
  doubled: number;
}

const SEND_METHODS = new Set(["sendMessage", "editMessageText", "answerCallbackQuery", "sendDocument", "sendPoll"]);

/** The platform saw this update acknowledged: below the confirmed getUpdates offset, or a webhook POST answered 200. */
export function acknowledged(fake: FakeTelegram, updateId: number): boolean {
  return (
    updateId < fake.confirmedOffset ||
    fake.webhookDeliveries.some((d) => d.update.update_id === updateId && d.status === 200)
  );
}

function messagesSent(fake: FakeTelegram, since: number): number {
  return fake.calls.slice(since).filter((c) => SEND_METHODS.has(c.method) && c.response.status === 200).length;
}

/**
 * Waits until every update is acknowledged and nothing changes any more (the
 * effects, the calls the bot makes) for a quiet while and the scenario's own
 * condition holds, or 60 s at most: an
 * update that is lost never finishes, so "all done" cannot be the condition.
 */
async function settle<I extends BurstItem>(scenario: Scenario<I>, world: FaultWorld, items: I[]): Promise<void> {
  const deadline = Date.now() + (scenario.settleTimeoutMs ?? 60_000);
  let seen = "";
  let since = Date.now();
  while (Date.now() < deadline) {
    // Updates in the bot's inbox are stored and still to be handled (one whose claim a killed
    // process held waits for that claim to run out): not lost yet, so the run is not settled.
    const inbox = await world.database.db.inboxUpdate.count();
    const state = JSON.stringify([await scenario.effects(world, items), world.fake.calls.length, inbox]);
    if (state !== seen) {
      seen = state;
      since = Date.now();
    } else if (
      inbox === 0 &&
      items.every((i) => acknowledged(world.fake, i.updateId)) &&
      Date.now() - since >= (scenario.quietMs ?? 2_000)
    ) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

let t0 = Date.now();
/** FAULT_DEBUG=1: where a run spends its time. */
function trace(what: string): void {
  if (process.env.FAULT_DEBUG) console.log(`faults +${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);
}

export async function runScenario<I extends BurstItem>(
  scenario: Scenario<I>,
  provider: Provider,
  seed: number,
  killPoints: number,
): Promise<Figures> {
  const rng = new SeededRng(seed);
  t0 = Date.now();
  const world = await startWorld(provider, scenario.world);
  trace("world ready");
  const firstCall = world.fake.calls.length;
  const all: I[] = [];
  const counted: number[] = [];
  try {
    for (let run = 0; run < killPoints; run++) {
      await scenario.prepare?.(world, run);
      trace(`run ${run} prepared`);
      const items = scenario.burst(world, run);
      all.push(...items);
      await scenario.afterBurst?.(world, items);
      await new Promise((resolve) => setTimeout(resolve, rng.int(0, scenario.interruptWithinMs ?? 1_500)));
      const undo = await scenario.fault?.(world, rng);
      const interrupt = scenario.interrupt ?? "kill";
      if (interrupt === "stop") await world.bot.stop();
      if (interrupt === "kill") await world.bot.kill();
      // Short and long downtimes take turns, so even two kill points see both.
      if (interrupt !== "none") await world.bot.downtime(run % 2 === 1);
      await undo?.();
      trace("interrupted");
      if (interrupt !== "none") await world.bot.start();
      trace("restarted");
      await settle(scenario, world, items);
      trace("settled");
      counted.push(...(await scenario.effects(world, items)));
    }
    const seen = all.map((item) => acknowledged(world.fake, item.updateId));
    const figures: Figures = {
      scenario: scenario.name,
      provider,
      seed,
      runs: killPoints,
      kills: world.bot.kills,
      updates: all.length,
      acknowledged: seen.filter(Boolean).length,
      effects: counted.reduce((sum, n) => sum + Math.min(n, 1), 0),
      messagesSent: messagesSent(world.fake, firstCall),
      lost: counted.filter((n, i) => n === 0 && seen[i]).length,
      doubled: counted.filter((n) => n >= 2).length,
    };
    console.log(formatFigures(figures));
    if (process.env.FAULT_DEBUG) {
      const byMethod = new Map<string, number>();
      for (const c of world.fake.calls.slice(firstCall)) {
        const key = `${c.method} ${c.response.status}`;
        byMethod.set(key, (byMethod.get(key) ?? 0) + 1);
      }
      trace(`calls: ${JSON.stringify([...byMethod])}`);
      const texts = world.fake.calls.filter((c) => c.method === "sendMessage").map((c) => String(c.params.text));
      trace(`sent: ${JSON.stringify(texts.slice(-8))}`);
    }
    return figures;
  } catch (error) {
    throw new Error(`${scenario.name} [${provider}] seed ${seed}: ${String(error)}\nbot log:\n${world.bot.log}`);
  } finally {
    await world.close();
  }
}

export function formatFigures(f: Figures): string {
  return (
    `faults: ${f.scenario} [${f.provider}] seed ${f.seed}: runs ${f.runs}, kills ${f.kills}, ` +
    `acknowledged ${f.acknowledged}/${f.updates} updates, effects ${f.effects}, messages sent ${f.messagesSent}, ` +
    `lost ${f.lost}, doubled ${f.doubled}`
  );
}
