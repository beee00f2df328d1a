// `/request open` on both databases: the community's open requests for
// residents, newest first, ten a page with a hint to the next; no resident's
// name, and nothing fixed or closed.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import { type RequestsTestApp, seedCity, startRequestsApp } from "./harness.js";

forEachDatabase("/request open", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock });
    await seedCity(h);
  });
  afterAll(() => h.close());
  const footer = () => h.tg.messagesIn("kallio").at(-1)?.message.footer;

  it("says so when nothing is open", async () => {
    assert.equal(await h.say(h.tg, "kallio", "bob", "/request open"), "There are no open requests here.");
  });

  it("lists open requests newest first, ten a page, without names or fixed ones", async () => {
    await h.say(h.tg, "kallio", "bob", '/request lighting Lamp dark --where "Main street 1" --anonymous');
    for (let i = 2; i <= 12; i++) {
      clock.advance(60_000);
      await h.say(h.tg, "kallio", i % 2 === 0 ? "carol" : "dave", `/request parks Bench ${i} broken`);
    }
    await h.say(h.tg, "kallio", "erin", "/request +1 K-1001");
    await h.say(h.sl, "parks", "pia", "/request resolve K-1002 Fixed");

    const first = await h.say(h.tg, "kallio", "fay", "/request open");
    const lines = first.split("\n");
    assert.equal(lines[0], "11 open requests");
    assert.equal(lines[1], "K-1012 · Parks · Bench 12 broken · no place given · +0");
    assert.equal(lines.filter((l) => l.startsWith("K-")).length, 10);
    assert.equal(footer(), "More: /request open --page 2 · back one: /request +1 <number>");
    assert.doesNotMatch(first, /K-1002/);
    assert.doesNotMatch(first, /bob|carol|dave/);

    const second = await h.say(h.tg, "kallio", "fay", "/request open --page 2");
    assert.match(second, /^K-1001 · Street lighting · Lamp dark · Main street 1 · \+1$/m);
    assert.equal(footer(), "Back one: /request +1 <number> · details: /request status <number>");
    assert.equal(
      await h.say(h.tg, "kallio", "fay", "/request open --page 5"),
      "There are only 11 open requests. See /request open.",
    );
  });

  it("answers in the person's language", async () => {
    await h.say(h.tg, "kallio", "gus", "/lang fi --me");
    assert.match(await h.say(h.tg, "kallio", "gus", "/request open"), /^11 avointa palautetta/);
  });
});
