// Slack end to end with answers lost: the fake carries chat.postMessage out
// and then drops the connection, so the bot cannot tell whether its message
// went. Through the real Bolt (HTTP mode) and the whole core on both
// databases, every message still appears exactly once: the reply goes to the
// outbox under its own key, and the outbox finds it in the channel
// (conversations.history with its metadata) instead of posting it again.
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { botMessages, visibleText } from "../../adapters/slack/support.js";
import { TEST_PROVIDERS } from "../../support/databases.js";
import { type SlackE2E, startSlackE2E } from "./harness.js";

for (const provider of TEST_PROVIDERS) {
  describe(`Slack with lost answers [${provider}]`, () => {
    let e2e: SlackE2E;
    beforeAll(async () => {
      e2e = await startSlackE2E("http", provider);
    });
    afterAll(() => e2e.close());
    beforeEach(() => e2e.fake.clearFailures());

    const generalId = () => `slack:${e2e.fake.teamId}:${e2e.general}`;
    const copies = (text: string) =>
      botMessages(e2e.fake, e2e.general).filter((m) => visibleText(e2e.fake, m) === text).length;

    /** Every outbox row sent (none pending or dead), after the dispatcher has had its turns. */
    async function outboxDrained(): Promise<void> {
      const { db } = e2e.app.app.store.database;
      await expect
        .poll(() => db.outboxMessage.count({ where: { status: { not: "sent" } } }), { timeout: 30_000 })
        .toBe(0);
    }

    it("a reply whose answer was lost is found, not posted again, and its refs are kept", async () => {
      const { fake, app } = e2e;
      fake.fail("chat.postMessage", { kind: "lostAnswer" });
      const lookupsBefore = fake.callsOf("conversations.history").length;
      await e2e.talkoot("olli", "counter");
      await fake.waitFor(
        () => fake.callsOf("conversations.history").length > lookupsBefore,
        30_000,
        "the outbox to look",
      );
      await outboxDrained();
      assert.equal(copies("count 0"), 1);
      const row = await app.app.store.database.db.outboxMessage.findFirst({
        where: { purpose: "reply" },
        orderBy: { id: "desc" },
      });
      const posted = botMessages(fake, e2e.general).at(-1)!;
      assert.equal(JSON.parse(row!.sentRefs!)[0].messageId, posted.ts, "the row records the message Slack has");
    });

    it("a burst of replies whose answers were all lost: each appears once", async () => {
      const { fake } = e2e;
      const before = copies("count 0");
      fake.fail("chat.postMessage", { kind: "lostAnswer" }, 5);
      for (let i = 0; i < 5; i++) await e2e.talkoot("aino", "counter");
      await fake.waitFor(() => copies("count 0") >= before + 5, 30_000, "five replies");
      await outboxDrained();
      assert.equal(copies("count 0"), before + 5);
    });

    it("an outbox notice: a lost answer, then a lookup Slack cannot answer, then found once", async () => {
      const { fake, app } = e2e;
      fake.fail("chat.postMessage", { kind: "lostAnswer" });
      // The lookup's client retries twice by itself; all three attempts fail, so the row waits its backoff.
      fake.fail("conversations.history", { kind: "5xx", status: 503 }, 3);
      const id = await app.app.outbox.enqueue({ platform: "slack", chatId: generalId() }, { text: "Water off 10-12" });
      await fake.waitFor(() => copies("Water off 10-12") === 1, 30_000, "the notice");
      await outboxDrained();
      assert.equal(copies("Water off 10-12"), 1);
      const row = await app.app.store.database.db.outboxMessage.findUnique({ where: { id } });
      assert.ok(row && row.attempts >= 3, `tried again after the lost answer and the busy lookup (${row?.attempts})`);
    });
  });
}
