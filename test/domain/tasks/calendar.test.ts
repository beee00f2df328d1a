// GET /cal/<token>.ics over real HTTP: the community's shifts as iCalendar.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { nodeHandlerOf } from "../../../src/http/node-route.js";
import { forEachDatabase } from "../../support/databases.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { startTasksApp, type TasksTestApp } from "./harness.js";

const unfold = (ics: string) => ics.replace(/\r\n /g, "");
const stamp = (at: Date) =>
  at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
/** The first value of a property in the first VEVENT. */
const field = (ics: string, name: string) =>
  new RegExp(`BEGIN:VEVENT[\\s\\S]*?\\r\\n${name}(?:;[^:]*)?:([^\\r]*)`).exec(ics)?.[1];
const feedPath = (text: string) => /(\/cal\/[A-Za-z0-9_-]+\.ics)/.exec(text)?.[1];

forEachDatabase("task calendar feed", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let app: TasksTestApp;
  let tg: MemoryAdapter;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    tg = new MemoryAdapter("tg");
    app = await startTasksApp(getDatabase().url, { clock, adapters: [tg], console: false });
    const route = app.app.modules.tasks.httpRoutes?.find((r) => r.prefix === "/cal");
    assert.ok(route, "the tasks module serves /cal");
    const feed = nodeHandlerOf(route);
    // Mounted the way the HTTP server would: anything outside /cal/ is not the feed's.
    server = createServer((req, res) => {
      if (req.url?.startsWith("/cal/")) void feed(req, res);
      else res.writeHead(404).end("elsewhere");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await app.close();
  });

  it("serves the shifts of the community whose token is in the path", async () => {
    await tg.command("kallio", "alice", "/setup community Kallio", { admin: true });
    await tg.command(
      "kallio",
      "alice",
      '/task add Food bank sorting --when "sat 10:00" --until "13:00" --slots 4 --where "Kallio library"',
    );
    await tg.command("kallio", "bob", "/task join 1");
    assert.match(tg.lastText("kallio"), /You're in/);
    await tg.command("kallio", "bob", "/task calendar");
    assert.match(tg.lastText("kallio"), /That needs the admin role here/);
    await tg.command("kallio", "alice", "/task calendar");
    const path = feedPath(tg.lastText("kallio"));
    assert.ok(path, tg.lastText("kallio"));
    // Shown to the admin alone.
    assert.equal(tg.messagesIn("kallio").at(-1)?.message.ephemeralFor, "tg:alice");

    // Without PUBLIC_BASE_URL the bot gives the path and says why it cannot give the whole link.
    assert.match(tg.lastText("kallio"), /operator has not set PUBLIC_BASE_URL/);

    const response = await fetch(`${base}${path}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "text/calendar; charset=utf-8");
    const raw = await response.text();
    // RFC 5545: CRLF line ends, lines folded at 75 octets.
    assert.doesNotMatch(raw.replace(/\r\n/g, ""), /[\r\n]/);
    for (const line of raw.split("\r\n")) assert.ok(Buffer.byteLength(line) <= 75, line);
    const body = unfold(raw);
    assert.match(body, /BEGIN:VEVENT\r\nUID:task-1@[A-Za-z0-9_-]{12}\.talkoot\r\nSEQUENCE:0\r\n/);
    assert.match(
      body,
      /DTSTART;TZID=Europe\/Helsinki:20261205T100000\r\nDTEND;TZID=Europe\/Helsinki:20261205T130000\r\n/,
    );
    assert.match(body, /BEGIN:VTIMEZONE\r\nTZID:Europe\/Helsinki\r\n/);
    assert.match(body, /SUMMARY:Food bank sorting\r\n/);
    assert.match(body, /LOCATION:Kallio library\r\n/);
    assert.match(body, /DESCRIPTION:Slots: 1\/4 filled\\nSign up in the chat: \/task join 1\r\n/);
    // DTSTAMP and LAST-MODIFIED are the last change, not the fetch.
    const row = await getDatabase().db.task.findUniqueOrThrow({ where: { id: 1 } });
    assert.equal(field(body, "DTSTAMP"), stamp(row.updatedAt));
    assert.equal(field(body, "LAST-MODIFIED"), stamp(row.updatedAt));
    clock.set("2026-12-01T09:00:00Z");
    assert.equal(field(unfold(await (await fetch(`${base}${path}`)).text()), "DTSTAMP"), stamp(row.updatedAt));

    const head = await fetch(`${base}${path}`, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal((await fetch(`${base}${path}`, { method: "POST" })).status, 405);

    // A new link turns the old one off.
    await tg.command("kallio", "alice", "/task calendar --new");
    const renewed = feedPath(tg.lastText("kallio"));
    assert.notEqual(renewed, path);
    assert.equal((await fetch(`${base}${path}`)).status, 404);
    assert.equal((await fetch(`${base}${renewed}`)).status, 200);
  });

  it("raises SEQUENCE when the time, place or status changes, and not for the title", async () => {
    await tg.command("kallio", "alice", "/task calendar");
    const path = feedPath(tg.lastText("kallio"));
    const sequence = async () => field(unfold(await (await fetch(`${base}${path}`)).text()), "SEQUENCE");
    assert.equal(await sequence(), "0");
    await tg.command("kallio", "alice", '/task edit 1 --where "Kallio church"');
    assert.equal(await sequence(), "1");
    await tg.command("kallio", "alice", '/task edit 1 --title "Food bank"');
    assert.equal(await sequence(), "1");
    await tg.command("kallio", "alice", '/task edit 1 --when "sat 11:00"');
    assert.equal(await sequence(), "2");
    await tg.command("kallio", "alice", "/task cancel 1");
    const body = unfold(await (await fetch(`${base}${path}`)).text());
    assert.equal(field(body, "SEQUENCE"), "3");
    assert.match(body, /STATUS:CANCELLED/);
  });

  it("shows a repeating shift as one event with its RRULE, cancelled times as EXDATE, a stopped one with UNTIL", async () => {
    await tg.command(
      "kallio",
      "alice",
      '/task add Soup kitchen --when "mon 10:00" --until "12:00" --slots 3 --repeat weekly',
    );
    const first = await getDatabase().db.task.findFirstOrThrow({ where: { title: "Soup kitchen" } });
    // The next occurrence is made when this one starts.
    clock.set("2026-12-07T08:00:00Z");
    await app.settle();
    const second = await getDatabase().db.task.findFirstOrThrow({
      where: { seriesId: first.id, id: { gt: first.id } },
    });
    await tg.command("kallio", "alice", "/task calendar");
    const path = feedPath(tg.lastText("kallio"));
    const running = unfold(await (await fetch(`${base}${path}`)).text());
    assert.match(running, /RRULE:FREQ=WEEKLY;INTERVAL=1\r\n/);
    assert.doesNotMatch(running, /EXDATE/);
    assert.equal((running.match(/RECURRENCE-ID/g) ?? []).length, 2);

    // Cancelling the second time and the rest: an EXDATE, and the rule ends there.
    await tg.command("kallio", "alice", `/task cancel ${second.id} --series`);
    const body = unfold(await (await fetch(`${base}${path}`)).text());
    const events = body
      .split("BEGIN:VEVENT")
      .slice(1)
      .filter((e) => /UID:series-/.test(e));
    // The master and one override (the cancelled time is only an EXDATE).
    assert.equal(events.length, 2, body);
    const [master, override] = events as [string, string];
    assert.match(master, /DTSTART;TZID=Europe\/Helsinki:20261207T100000\r\n/);
    assert.match(master, /RRULE:FREQ=WEEKLY;INTERVAL=1;UNTIL=20261214T080000Z\r\n/);
    assert.match(master, /EXDATE;TZID=Europe\/Helsinki:20261214T100000\r\n/);
    assert.match(override, /RECURRENCE-ID;TZID=Europe\/Helsinki:20261207T100000\r\n/);
    // The cancellation raised the series' SEQUENCE, on the master and on its override alike.
    assert.match(master, /SEQUENCE:1\r\n/);
    assert.match(override, /SEQUENCE:1\r\n/);
    assert.doesNotMatch(body, new RegExp(`UID:task-(${first.id}|${second.id})@`));
  });

  it("gives each person a private feed of the shifts they signed up for", async () => {
    await tg.command("kallio", "alice", '/task add Park cleanup --when "fri 12:00" --slots 5');
    const park = await getDatabase().db.task.findFirstOrThrow({ where: { title: "Park cleanup" } });
    await tg.command("kallio", "carol", `/task join ${park.id}`);
    await tg.command("kallio", "alice", '/task add Reading --when "thu 18:00" --slots 5 --repeat weekly');
    const reading = await getDatabase().db.task.findFirstOrThrow({ where: { title: "Reading" } });
    await tg.command("kallio", "carol", `/task join ${reading.id}`);
    await tg.command("kallio", "carol", "/task calendar mine");
    const reply = tg.messagesIn("kallio").at(-1);
    assert.equal(reply?.message.ephemeralFor, "tg:carol");
    const path = feedPath(reply?.message.text ?? "");
    assert.ok(path, reply?.message.text);
    assert.match(reply?.message.text ?? "", /operator has not set PUBLIC_BASE_URL/);
    const body = unfold(await (await fetch(`${base}${path}`)).text());
    assert.match(body, /X-WR-CALNAME:Kallio: my shifts/);
    assert.match(body, /SUMMARY:Park cleanup/);
    assert.doesNotMatch(body, /Food bank|Soup kitchen/);
    // Only the time of the series she signed up for, not the series' rule.
    assert.match(body, new RegExp(`UID:task-${reading.id}@`));
    assert.doesNotMatch(body, /RRULE/);
    // Asking again gives the same link; --new replaces it.
    await tg.command("kallio", "carol", "/task calendar mine");
    assert.equal(feedPath(tg.lastText("kallio")), path);
    await tg.command("kallio", "carol", "/task calendar mine --new");
    assert.notEqual(feedPath(tg.lastText("kallio")), path);
    assert.equal((await fetch(`${base}${path}`)).status, 404);
  });

  it("answers 404 for an unknown token and leaves other paths alone", async () => {
    assert.equal((await fetch(`${base}/cal/AAAAAAAAAAAAAAAAAAAAAAAA.ics`)).status, 404);
    assert.equal((await fetch(`${base}/cal/short.ics`)).status, 404);
    const elsewhere = await fetch(`${base}/healthz`);
    assert.equal(await elsewhere.text(), "elsewhere");
  });
});

forEachDatabase("task calendar links under PUBLIC_BASE_URL", (getDatabase) => {
  it("gives whole links, shown only to their owner", async () => {
    const tg = new MemoryAdapter("tg");
    const app = await startTasksApp(getDatabase().url, {
      clock: new ManualClock("2026-12-01T08:00:00Z"),
      adapters: [tg],
      console: false,
      env: { PUBLIC_BASE_URL: "https://bot.example.org/" },
    });
    try {
      await tg.command("kallio", "alice", "/setup community Kallio", { admin: true });
      await tg.command("kallio", "alice", "/task calendar");
      assert.match(
        tg.lastText("kallio"),
        /^The community's calendar feed: https:\/\/bot\.example\.org\/cal\/[A-Za-z0-9_-]+\.ics\n/,
      );
      await tg.command("kallio", "bob", "/task calendar mine");
      const mine = tg.messagesIn("kallio").at(-1);
      assert.equal(mine?.message.ephemeralFor, "tg:bob");
      assert.match(mine?.message.text ?? "", /https:\/\/bot\.example\.org\/cal\/[A-Za-z0-9_-]+\.ics/);
      assert.doesNotMatch(mine?.message.text ?? "", /PUBLIC_BASE_URL/);
    } finally {
      await app.close();
    }
  });
});
