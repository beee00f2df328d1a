// How many statements filing a routed request sends to the database: a known
// resident's `/request <category> …` in a community chat (the update, the
// request, its card queued for the contact's team chat, the receipt), and
// then the delivery of that card (issue 16's "Routing": CPU per routed request).
// Counted below Prisma, at the driver adapter, so emulated upserts and
// transaction control count too. The bounds are today's counts: lower them
// as the path gets cheaper, never raise them without a reason in the commit.
import assert from "node:assert/strict";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import { cardIn, type RequestsTestApp, seedCity, startRequestsApp } from "./harness.js";

// Before issue 16's routing work: 41 and 15 on SQLite, 42 and 11 on
// PostgreSQL (the card's four buttons were a read and a write each; SQLite
// claims an outbox row in more statements than PostgreSQL's one).
// The router's second "done" (skipped once the filing's transaction marked it) and the
// resident's name (read with the event) took 26 to 22. The receipt held with
// the filing, so a crash after its commit cannot lose it, costs two (written in
// the transaction, settled after its send); the community's flood limits and
// the card chat's language, now kept a few seconds in memory, gave two back.
// Each platform has places of its own in the outbox's sending, and is claimed
// for apart (platform-places.ts), so Slack's cards never wait behind Telegram's
// 429s: with two platforms served, a delivery costs one claim more (two
// statements on SQLite, one on PostgreSQL).
const BOUNDS = {
  sqlite: { file: 22, deliver: 10 },
  postgresql: { file: 22, deliver: 5 },
};

forEachDatabase("statements per routed request", (getDatabase, provider) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;
  let counting = false;
  let statements: string[] = [];

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, {
      clock,
      observeStatement: (sql) => {
        if (counting) statements.push(sql);
      },
    });
    await seedCity(h);
  });
  afterAll(() => h.close());

  async function counted(work: () => Promise<void>): Promise<string[]> {
    statements = [];
    counting = true;
    try {
      await work();
    } finally {
      counting = false;
    }
    return statements;
  }

  /** Files a lighting request as `user`; returns the statements of the filing and of the card's delivery. */
  async function fileAndDeliver(user: string, number: string): Promise<{ file: string[]; deliver: string[] }> {
    const file = await counted(async () => {
      const receipt = await h.say(h.tg, "kallio", user, `/request lighting Streetlight out at ${number}`);
      assert.match(receipt, new RegExp(`Request ${number}\\b`));
    });
    const deliver = await counted(async () => {
      await h.app.dispatcher.dispatchDue();
    });
    assert.ok(cardIn(h.sl, "city", number), `the card of ${number} in the officials' chat`);
    return { file, deliver };
  }

  it("a resident's routed request and its card's delivery stay within their statement bounds", async () => {
    // The first request warms what a running bot has warm (the community, its categories and contacts).
    await fileAndDeliver("bob", "K-1001");
    const { file, deliver } = await fileAndDeliver("carol", "K-1002");
    expect(file.length, file.join("\n")).toBeLessThanOrEqual(BOUNDS[provider].file);
    expect(deliver.length, deliver.join("\n")).toBeLessThanOrEqual(BOUNDS[provider].deliver);
  });
});
