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
    const path = /(\/cal\/[A-Za-z0-9_-]+\.ics)/.exec(tg.lastText("kallio"))?.[1];
    assert.ok(path, tg.lastText("kallio"));
    // Shown to the admin alone.
    assert.equal(tg.messagesIn("kallio").at(-1)?.message.ephemeralFor, "tg:alice");

    const response = await fetch(`${base}${path}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "text/calendar; charset=utf-8");
    const body = (await response.text()).replace(/\r\n /g, "");
    assert.match(body, /BEGIN:VEVENT\r\nUID:task-1@talkoot\r\n/);
    assert.match(body, /DTSTART:20261205T080000Z\r\nDTEND:20261205T110000Z\r\n/);
    assert.match(body, /SUMMARY:Food bank sorting\r\n/);
    assert.match(body, /LOCATION:Kallio library\r\n/);
    assert.match(body, /DESCRIPTION:Slots: 1\/4 filled\\nSign up in the chat: \/task join 1\r\n/);

    const head = await fetch(`${base}${path}`, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal((await fetch(`${base}${path}`, { method: "POST" })).status, 405);

    // A new link turns the old one off.
    await tg.command("kallio", "alice", "/task calendar --new");
    const renewed = /(\/cal\/[A-Za-z0-9_-]+\.ics)/.exec(tg.lastText("kallio"))?.[1];
    assert.notEqual(renewed, path);
    assert.equal((await fetch(`${base}${path}`)).status, 404);
    assert.equal((await fetch(`${base}${renewed}`)).status, 200);
  });

  it("answers 404 for an unknown token and leaves other paths alone", async () => {
    assert.equal((await fetch(`${base}/cal/AAAAAAAAAAAAAAAAAAAAAAAA.ics`)).status, 404);
    assert.equal((await fetch(`${base}/cal/short.ics`)).status, 404);
    const elsewhere = await fetch(`${base}/healthz`);
    assert.equal(await elsewhere.text(), "elsewhere");
  });
});
