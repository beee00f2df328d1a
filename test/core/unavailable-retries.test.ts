// Events acknowledged before the core runs (Slack, Discord) wait in memory
// while the database is down, and are handled once it is back.
import assert from "node:assert/strict";
import { it } from "vitest";
import type { EventOutcome, EventSink, InboundEvent } from "../../src/core/events.js";
import { createLogger } from "../../src/core/logger.js";
import { UnavailableRetries } from "../../src/core/unavailable-retries.js";

const logger = createLogger({ level: "silent" });
const event = { eventId: "e1" } as InboundEvent;
const quick = { baseMs: 1, maxMs: 5 };

/** A core that cannot record events for its first `down` tries; `accepting` false is a core that is stopping. */
function core(down: number, accepting = true) {
  let tries = 0;
  const sink: EventSink = {
    async handle(): Promise<EventOutcome> {
      tries++;
      return tries <= down ? { status: "unavailable" } : { status: "handled" };
    },
    isAccepting: () => accepting,
  };
  return { sink, tries: () => tries };
}

it("tries again while the database is down, and the event is handled once it is back", async () => {
  const { sink, tries } = core(3);
  const outcome = await new UnavailableRetries({ logger, backoff: quick }).handle(sink, event);
  assert.equal(outcome.status, "handled");
  assert.equal(tries(), 4);
});

it("does not wait for a core that is stopping, nor beyond its bounds", async () => {
  const stopping = core(5, false);
  assert.equal(
    (await new UnavailableRetries({ logger, backoff: quick }).handle(stopping.sink, event)).status,
    "unavailable",
  );
  assert.equal(stopping.tries(), 1);
  const full = core(5);
  const none = new UnavailableRetries({ logger, backoff: quick, maxWaiting: 0 });
  assert.equal((await none.handle(full.sink, event)).status, "unavailable");
  assert.equal(full.tries(), 1);
  const long = core(1_000_000);
  const brief = new UnavailableRetries({ logger, backoff: quick, giveUpAfterMs: 0 });
  assert.equal((await brief.handle(long.sink, event)).status, "unavailable");
  assert.equal(long.tries(), 1);
});

it("stop() ends the wait", async () => {
  const { sink } = core(1_000_000);
  const retries = new UnavailableRetries({ logger, backoff: { baseMs: 60_000, maxMs: 60_000 } });
  const waiting = retries.handle(sink, event);
  await new Promise((resolve) => setImmediate(resolve));
  retries.stop();
  assert.equal((await waiting).status, "unavailable");
});
