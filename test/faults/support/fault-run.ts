// Runs one scenario: a burst of updates, the bot killed (or stopped) at a
// seeded random moment, a short or long downtime, a restart, and then, once
// the run is settled (settle.ts), the count: which updates the platform saw
// acknowledged, how many times each one's effect is in the database, and
// which messages the platform saw twice (duplicate-messages.ts).
import type { Provider } from "../../../src/storage/database-url.js";
import { countDuplicates } from "./duplicate-messages.js";
import type { BaseWorld, FaultWorld } from "./fault-world.js";
import { SeededRng } from "./seeded-rng.js";
import { settle } from "./settle.js";

/** One update of a burst and the effect it should have. */
export interface BurstItem {
  /** The platform's id for it: Telegram's update_id, Slack's event_id. */
  updateId: number | string;
}

export interface Scenario<I extends BurstItem = BurstItem, W extends BaseWorld = FaultWorld> {
  name: string;
  /** Opens the world: the platform fake, a fresh migrated database, the bot started. */
  open(provider: Provider): Promise<W>;
  /** kill -9 (default), a clean SIGTERM, or none (the fault alone, e.g. a database cut). */
  interrupt?: "kill" | "stop" | "none";
  /** The databases it applies to (default both). */
  providers?: Provider[];
  /** A further condition for "settled" (every press answered, …). */
  settledWhen?(world: W): Promise<boolean>;
  /** How long a run may take to settle before it fails (default 180 s). */
  settleTimeoutMs?: number;
  /** Latest moment of the interruption after the burst was sent, in ms. */
  interruptWithinMs?: number;
  /** Prepares what the next burst acts on (a poll, a task) while the bot runs. */
  prepare?(world: W, run: number): Promise<void>;
  /** Sends one burst of updates to the fake. */
  burst(world: W, run: number): I[];
  /** Waits for the moment the seeded interruption delay counts from (default: the burst was sent). */
  afterBurst?(world: W, items: I[]): Promise<void>;
  /** After the restart: the platform's own redeliveries (Slack retries what was not acknowledged). */
  afterRestart?(world: W, items: I[]): Promise<void>;
  /** How many times each item's effect is in the database: 0 missing, 1 right, 2+ doubled. */
  effects(world: W, items: I[]): Promise<number[]>;
  /** A fault at the interruption point (a database cut); what it returns undoes it, after the downtime. */
  fault?(world: W, rng: SeededRng): Promise<() => Promise<void>>;
  /** Printed with the figures when the scenario is known to fail until other work lands. */
  knownGap?: string;
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
  /** Effects done twice (in the database, or a handler seen running twice). */
  doubledEffects: number;
  /** Messages the platform saw twice, beyond the one per chat a kill during a send may cause. */
  doubledMessages: number;
  /** Messages sent again after a kill during their send: at most one per chat per kill (allowed). */
  duplicatesAfterCrash: number;
  /** Wall time of the whole scenario, and of each bot start (mean and slowest), in seconds. */
  wallSeconds: number;
  startSeconds: { mean: number; max: number };
  /** Some repeated messages, for the failure message. */
  duplicateExamples: string[];
}

/** Lost, or doubled in any way the guarantee does not allow. */
export function failed(f: Figures): boolean {
  return f.lost > 0 || f.doubledEffects > 0 || f.doubledMessages > 0;
}

let t0 = Date.now();
/** FAULT_DEBUG=1: where a run spends its time. */
function trace(what: string): void {
  if (process.env.FAULT_DEBUG) console.log(`faults +${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);
}

export async function runScenario<I extends BurstItem, W extends BaseWorld>(
  scenario: Scenario<I, W>,
  provider: Provider,
  seed: number,
  killPoints: number,
): Promise<Figures> {
  const rng = new SeededRng(seed);
  t0 = Date.now();
  const world = await scenario.open(provider);
  trace(`world ready (bot start ${world.bot.startMs.at(-1)} ms)`);
  const firstCall = world.probe.mark();
  const all: I[] = [];
  const counted: number[] = [];
  /** Call-log positions of each kill -9: sends on either side came from different processes. */
  const kills: number[] = [];
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
      if (interrupt === "kill") {
        await world.bot.kill();
        kills.push(world.probe.mark());
      }
      // Short and long downtimes take turns, so even two kill points see both.
      if (interrupt !== "none") await world.bot.downtime(run % 2 === 1);
      await undo?.();
      trace("interrupted");
      if (interrupt !== "none") {
        await world.bot.start();
        trace(`restarted (${world.bot.startMs.at(-1)} ms)`);
      }
      await scenario.afterRestart?.(world, items);
      await settle(
        world,
        items.map((i) => i.updateId),
        scenario.settledWhen?.bind(scenario),
        scenario.settleTimeoutMs ?? 180_000,
      );
      trace("settled");
      counted.push(...(await scenario.effects(world, items)));
    }
    const seen = all.map((item) => world.probe.acknowledged(item.updateId));
    const duplicates = countDuplicates(world.probe.sent(firstCall), kills);
    const starts = world.bot.startMs;
    const figures: Figures = {
      scenario: scenario.name,
      provider,
      seed,
      runs: killPoints,
      kills: world.bot.kills,
      updates: all.length,
      acknowledged: seen.filter(Boolean).length,
      effects: counted.reduce((sum, n) => sum + Math.min(n, 1), 0),
      messagesSent: world.probe.messagesSent(firstCall),
      lost: counted.filter((n, i) => n === 0 && seen[i]).length,
      doubledEffects: counted.filter((n) => n >= 2).length,
      doubledMessages: duplicates.doubled,
      duplicatesAfterCrash: duplicates.afterCrash,
      wallSeconds: (Date.now() - t0) / 1000,
      startSeconds: {
        mean: starts.reduce((sum, ms) => sum + ms, 0) / Math.max(1, starts.length) / 1000,
        max: Math.max(0, ...starts) / 1000,
      },
      duplicateExamples: duplicates.examples,
    };
    console.log(formatFigures(figures));
    if (scenario.knownGap && failed(figures)) console.log(`faults: ${scenario.name}: known gap: ${scenario.knownGap}`);
    if (process.env.FAULT_DEBUG) {
      trace(`calls: ${JSON.stringify(world.probe.callSummary(firstCall))}`);
      trace(`sent: ${JSON.stringify(world.probe.sent(firstCall).slice(-8))}`);
      // Where lost work stopped: a claim left `started` was taken and never finished (the process
      // died in the handler and nothing redelivered it); no claim at all means it never reached the core.
      const claims = await world.database.db.processedEvent.groupBy({ by: ["status"], _count: true });
      trace(`claims by status: ${JSON.stringify(claims.map((c) => [c.status, c._count]))}`);
      // What the outbox did with each row: a dead or refused one is where a lost message went.
      const rows = await world.database.db.outboxMessage.findMany({
        select: { id: true, purpose: true, status: true, attempts: true, lastError: true },
      });
      trace(`outbox: ${JSON.stringify(rows.filter((r) => r.status !== "sent" || r.attempts > 1))}`);
      trace(`outbox by purpose: ${JSON.stringify(rows.map((r) => `${r.purpose}:${r.status}`))}`);
    }
    return figures;
  } catch (error) {
    const gap = scenario.knownGap ? `\nknown gap: ${scenario.knownGap}` : "";
    throw new Error(`${scenario.name} [${provider}] seed ${seed}: ${String(error)}${gap}\nbot log:\n${world.bot.log}`);
  } finally {
    await world.close();
  }
}

export function formatFigures(f: Figures): string {
  const doubled = f.doubledEffects + f.doubledMessages;
  return (
    `faults: ${f.scenario} [${f.provider}] seed ${f.seed}: runs ${f.runs}, kills ${f.kills}, ` +
    `acknowledged ${f.acknowledged}/${f.updates} updates, effects ${f.effects}, messages sent ${f.messagesSent}, ` +
    `lost ${f.lost}, doubled ${doubled} (effects ${f.doubledEffects}, messages ${f.doubledMessages}), ` +
    `duplicates after a crash during a send ${f.duplicatesAfterCrash}, ` +
    `wall ${f.wallSeconds.toFixed(0)} s (bot start mean ${f.startSeconds.mean.toFixed(1)} s, max ${f.startSeconds.max.toFixed(1)} s)` +
    (f.duplicateExamples.length ? `; repeated: ${f.duplicateExamples.join(" | ")}` : "")
  );
}
