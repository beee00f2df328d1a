// When a run is over: not "nothing changed for a while", but exact
// conditions that say the bot has nothing left to do with the burst.
//   - the platform saw every update acknowledged (offset, webhook 200, Slack 200),
//     or gave up on it (Slack after three retries): it delivers nothing more;
//   - the bot's inbox (InboxUpdate) is empty: nothing stored and unhandled;
//   - the outbox is drained: no row pending or being sent;
//   - no ProcessedEvent is `started` with a live lease: no handler is running
//     (a dead process's claim whose lease has run out is not waited for);
//   - no job is due or running (a job a dead process held runs again once its
//     lease is out, and its messages are still to come);
//   - the scenario's own condition (every press answered, …).
// An update that is lost never finishes, so none of these waits for an
// effect. If they do not all hold within the timeout the run fails, naming
// the ones that never held.
import type { BaseWorld } from "./fault-world.js";

export interface SettleCheck {
  /** Update ids the platform has yet to deliver (again). */
  unacknowledged: (number | string)[];
  /** Ids of updates in the bot's inbox. */
  inbox: string[];
  outbox: number;
  /** Jobs due (in the bot's clock) or running. */
  jobs: number;
  /** Ids of events still `started` under a live lease. */
  liveClaims: string[];
  scenario: boolean;
}

export async function checkSettled<W extends BaseWorld>(
  world: W,
  updateIds: readonly (number | string)[],
  scenarioCondition: ((world: W) => Promise<boolean>) | undefined,
): Promise<SettleCheck> {
  const db = world.database.db;
  const now = world.bot.appNow();
  const claims = await db.processedEvent.findMany({
    where: { status: "started", leaseUntil: { gt: now } },
    select: { id: true },
  });
  return {
    unacknowledged: updateIds.filter((id) => world.probe.stillDelivering(id)),
    inbox: (await db.inboxUpdate.findMany({ select: { id: true } })).map((row) => row.id),
    outbox: await db.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } }),
    jobs: await db.job.count({ where: { status: { in: ["pending", "running"] }, runAt: { lte: now } } }),
    liveClaims: claims.map((c) => c.id),
    scenario: scenarioCondition ? await scenarioCondition(world) : true,
  };
}

export function isSettled(check: SettleCheck): boolean {
  return (
    check.unacknowledged.length === 0 &&
    check.inbox.length === 0 &&
    check.outbox === 0 &&
    check.jobs === 0 &&
    check.liveClaims.length === 0 &&
    check.scenario
  );
}

/** The conditions that do not hold, in words. */
export function describeUnsettled(check: SettleCheck): string {
  const open: string[] = [];
  const some = (ids: readonly (number | string)[]) =>
    `${ids.slice(0, 8).join(", ")}${ids.length > 8 ? `, … (${ids.length})` : ""}`;
  if (check.unacknowledged.length)
    open.push(`the platform still delivering (not acknowledged): ${some(check.unacknowledged)}`);
  if (check.inbox.length) open.push(`updates still in the bot's inbox: ${some(check.inbox)}`);
  if (check.outbox) open.push(`${check.outbox} outbox row(s) pending or sending`);
  if (check.jobs) open.push(`${check.jobs} job(s) due or running`);
  if (check.liveClaims.length) open.push(`claims still started under a live lease: ${some(check.liveClaims)}`);
  if (!check.scenario) open.push("the scenario's own settled condition");
  return open.join("; ");
}

/** Waits until every condition holds; throws after `timeoutMs` naming those that never did. */
export async function settle<W extends BaseWorld>(
  world: W,
  updateIds: readonly (number | string)[],
  scenarioCondition: ((world: W) => Promise<boolean>) | undefined,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let nextReport = Date.now() + 10_000;
  for (;;) {
    const check = await checkSettled(world, updateIds, scenarioCondition);
    if (isSettled(check)) return;
    // FAULT_DEBUG: what a slow settle is still waiting for, every 10 s.
    if (process.env.FAULT_DEBUG && Date.now() >= nextReport) {
      console.log(`faults: still waiting for ${describeUnsettled(check)}`);
      nextReport = Date.now() + 10_000;
    }
    if (Date.now() > deadline) {
      throw new Error(`not settled after ${Math.round(timeoutMs / 1000)} s: ${describeUnsettled(check)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
