// `/request queue` on both databases: an officials' chat gets its team's open
// requests as cards with their buttons, overdue first, then oldest first;
// residents' chats and chats without a contact get one line instead. The
// listed cards are edited by later changes, like the routed ones.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import { type RequestsTestApp, seedCity, startRequestsApp } from "./harness.js";

forEachDatabase("/request queue", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock });
    await seedCity(h);
  });
  afterAll(() => h.close());

  it("says when the team has nothing open", async () => {
    assert.equal(await h.say(h.sl, "city", "olga", "/request queue"), "Nothing open for this team. 🎉");
  });

  it("lists the team's open requests as cards, overdue first, then oldest first", async () => {
    await h.say(h.tg, "kallio", "bob", "/request lighting Lamp dark at the school"); // K-1001
    await h.say(h.sl, "city", "olga", "/request ack K-1001");
    clock.advance(60_000);
    await h.say(h.tg, "kallio", "carol", "/request lighting Lamp blinking"); // K-1002
    clock.advance(3 * 24 * 60 * 60_000);
    await h.settle(); // K-1002 was not acknowledged in 3 days: overdue
    await h.say(h.tg, "kallio", "dave", "/request lighting Lamp leaning"); // K-1003
    await h.say(h.tg, "kallio", "erin", "/request parks Bench broken"); // K-1004, another team
    await h.say(h.sl, "city", "olga", "/request resolve K-1003");
    await h.settle();

    const before = h.sl.messagesIn("city").length;
    await h.sl.command("city", "olga", "/request queue");
    await h.settle(); // the cards go through the outbox
    const cards = h.sl.messagesIn("city").slice(before);
    assert.deepEqual(
      cards.map((c) => c.message.title),
      ["⚠ Overdue: K-1002 · Street lighting", "K-1001 · Street lighting"],
    );
    assert.ok(cards.every((c) => c.message.buttons?.flat().some((b) => b.label === "Resolve")));
    // The listed cards are the request's cards too: a later change edits them.
    const overdueCard = cards[0]!;
    assert.ok(overdueCard.message.buttons?.flat().some((b) => b.label === "Acknowledge"));
    await h.say(h.sl, "city", "olga", "/request ack K-1002");
    await h.settle();
    assert.ok(overdueCard.edits > 0, "the queue's card was edited after the change");
    assert.ok(!overdueCard.message.buttons?.flat().some((b) => b.label === "Acknowledge"), "shows the new state");
    // The buttons work on the listed card.
    await h.sl.press("city", "olga", "Resolve");
    const resolved = await h.db.serviceRequest.findFirstOrThrow({ where: { number: "K-1001" } });
    assert.equal(resolved.status, "fixed");
  });

  it("refuses outside an officials' chat with a contact", async () => {
    assert.match(
      await h.say(h.tg, "kallio", "bob", "/request queue"),
      /\/request queue works in an officials' team chat/,
    );
    assert.equal(h.tg.messagesIn("kallio").at(-1)?.message.buttons, undefined);
  });
});
