// A handler committed its change, then the process died before the router's
// finish; the platform redelivers the event after an outage longer than the
// 120 s after which a started claim may be retaken. The redelivery must have
// no second effect: a press toggles (a second run takes the vote back), and
// `/task add` or `/request` would make a second task or request.
//
// The crash is injected where it happens: the router's finish never runs
// (the ledger's finish does nothing), so the event's row holds only what the
// handler's own transaction wrote.
import assert from "node:assert/strict";
import { afterAll, afterEach, beforeAll, beforeEach, it, vi } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { type RequestsTestApp, seedCity, startRequestsApp } from "../domain/requests/harness.js";
import { forEachDatabase } from "../support/databases.js";

/** Longer than the 120 s after which a started claim is stale. */
const LONG_OUTAGE_MS = 3 * 60_000;

forEachDatabase("redelivery after a crash between commit and finish", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock });
    await seedCity(h);
  });
  afterAll(() => h.close());

  beforeEach(() => {
    // The process dies after the handler's commit, before the router marks the event done.
    vi.spyOn(h.app.store.processedEvents, "finish").mockImplementation(async () => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function afterOutage() {
    clock.advance(LONG_OUTAGE_MS);
    return h.tg.redeliverLast();
  }

  async function afterSlackOutage() {
    clock.advance(LONG_OUTAGE_MS);
    return h.sl.redeliverLast();
  }

  it("counts a press once: the redelivered toggle does not take the vote back", async () => {
    await h.say(h.tg, "kallio", "alice", '/poll "Sauna night?" "Friday" "Saturday"');
    const poll = await h.db.poll.findFirstOrThrow({ where: { question: "Sauna night?" } });
    const first = await h.tg.press("kallio", "bob", "Friday");
    assert.equal(first.status, "handled");
    const again = await afterOutage();
    assert.equal(again.status, "duplicate");
    assert.equal(await h.db.vote.count({ where: { pollId: poll.id } }), 1);
  });

  // What each command makes, counted before and after its redelivery.
  const makers: Array<{ what: string; user: string; command: string; count: () => Promise<number> }> = [
    {
      what: "one task from a redelivered /task add",
      user: "alice",
      command: "/task add Sorting --when 2026-12-12T10:00",
      count: () => h.db.task.count({ where: { title: "Sorting" } }),
    },
    {
      what: "one poll from a redelivered /poll",
      user: "alice",
      command: '/poll "Picnic?" "Sat" "Sun"',
      count: () => h.db.poll.count({ where: { question: "Picnic?" } }),
    },
    {
      what: "one request from a redelivered /request",
      user: "carol",
      command: '/request lighting Lamp out --where "Park road 2"',
      count: () => h.db.serviceRequest.count({ where: { description: "Lamp out" } }),
    },
    {
      what: "one hours entry from a redelivered /hours log",
      user: "dave",
      command: "/hours log 3 --note Sorting",
      count: () => h.db.hoursEntry.count({ where: { note: "Sorting" } }),
    },
  ];
  for (const { what, user, command, count } of makers) {
    it(`makes ${what}`, async () => {
      await h.say(h.tg, "kallio", user, command);
      assert.equal(await count(), 1);
      const again = await afterOutage();
      assert.equal(again.status, "duplicate");
      assert.equal(await count(), 1);
    });
  }

  // A decision on hours: its audit entry and the event's completion commit with it.
  for (const verb of ["approve", "decline"] as const) {
    it(`decides hours once: a redelivered /hours ${verb} is a duplicate, with one audit entry`, async () => {
      await h.say(h.tg, "kallio", "dave", `/hours log 2 --note "To ${verb}"`);
      const entry = await h.db.hoursEntry.findFirstOrThrow({ where: { note: `To ${verb}` } });
      await h.say(h.tg, "kallio", "alice", `/hours ${verb} ${entry.id}`);
      const decided = await h.db.hoursEntry.findUniqueOrThrow({ where: { id: entry.id } });
      assert.equal(decided.status, verb === "approve" ? "approved" : "declined");
      const audits = () => h.db.auditEntry.count({ where: { subject: `hours:${entry.id}` } });
      assert.equal(await audits(), 1);
      const again = await afterOutage();
      assert.equal(again.status, "duplicate");
      assert.equal(await audits(), 1);
    });
  }

  it("approves all once: a redelivered /hours approve all is a duplicate, with one audit entry each", async () => {
    await h.say(h.tg, "kallio", "dave", '/hours log 1 --note "All one"');
    await h.say(h.tg, "kallio", "dave", '/hours log 1 --note "All two"');
    const entries = await h.db.hoursEntry.findMany({ where: { note: { in: ["All one", "All two"] } } });
    await h.say(h.tg, "kallio", "alice", "/hours approve all");
    const audits = () => h.db.auditEntry.count({ where: { subject: { in: entries.map((e) => `hours:${e.id}`) } } });
    assert.equal(await audits(), 2);
    const again = await afterOutage();
    assert.equal(again.status, "duplicate");
    assert.equal(await audits(), 2);
  });

  it("follows and backs once: a redelivered /request follow or +1 is a duplicate, with one row and one audit entry", async () => {
    await h.say(h.tg, "kallio", "carol", '/request lighting Pole leaning --where "Park road 9"');
    const request = await h.db.serviceRequest.findFirstOrThrow({ where: { description: "Pole leaning" } });
    const followers = () => h.db.requestFollower.count({ where: { requestId: request.id } });
    const before = await followers();
    await h.say(h.tg, "kallio", "bob", `/request follow ${request.number}`);
    assert.equal(await followers(), before + 1);
    assert.equal((await afterOutage()).status, "duplicate");
    assert.equal(await followers(), before + 1);

    await h.say(h.tg, "kallio", "bob", `/request +1 ${request.number}`);
    const audits = () => h.db.auditEntry.count({ where: { action: "request.support", subject: request.number } });
    assert.equal(await audits(), 1);
    assert.equal((await afterOutage()).status, "duplicate");
    assert.equal(await audits(), 1);
    assert.equal((await h.db.serviceRequest.findUniqueOrThrow({ where: { id: request.id } })).supportCount, 1);

    await h.say(h.tg, "kallio", "bob", `/request unfollow ${request.number}`);
    assert.equal(await followers(), before);
    assert.equal((await afterOutage()).status, "duplicate");
  });

  it("makes one API key from a redelivered /setup apikey, and revokes it once", async () => {
    const keys = () => h.db.apiKey.count({ where: { label: "Crash CRM" } });
    await h.say(h.sl, "city", "mia", "/setup apikey Crash CRM");
    assert.equal(await keys(), 1);
    assert.equal((await afterSlackOutage()).status, "duplicate");
    assert.equal(await keys(), 1);

    const key = await h.db.apiKey.findFirstOrThrow({ where: { label: "Crash CRM" } });
    await h.say(h.sl, "city", "mia", `/setup apikey revoke ${key.id}`);
    assert.notEqual((await h.db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt, null);
    assert.equal((await afterSlackOutage()).status, "duplicate");
    const audits = await h.db.auditEntry.count({ where: { subject: `apikey:${key.id}` } });
    assert.equal(audits, 2, "one entry for the key made, one for its revocation");
  });

  it("sets up once: redelivered /setup community, invite, join and timezone are duplicates, each with one audit entry", async () => {
    const audits = (action: string) => h.db.auditEntry.count({ where: { action } });
    await h.say(h.tg, "newhood", "gus", "/setup community Newhood", true);
    const communities = () => h.db.community.count({ where: { name: "Newhood" } });
    assert.equal(await communities(), 1);
    assert.equal((await afterOutage()).status, "duplicate");
    assert.equal(await communities(), 1);

    const invites = await audits("community.invite");
    const codes = await h.db.oneTimeCode.count();
    const reply = await h.say(h.tg, "kallio", "alice", "/setup invite");
    const code = /[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(reply)?.[0];
    assert.ok(code, reply);
    assert.equal((await afterOutage()).status, "duplicate");
    assert.equal(await h.db.oneTimeCode.count(), codes + 1, "one code");
    assert.equal(await audits("community.invite"), invites + 1);

    const joins = await audits("chat.join");
    await h.say(h.tg, "annex", "gus", `/setup join ${code}`, true);
    assert.equal((await afterOutage()).status, "duplicate");
    assert.equal(await audits("chat.join"), joins + 1);
    const annex = await h.db.chat.findFirstOrThrow({ where: { id: h.tg.chatId("annex") } });
    assert.notEqual(annex.communityId, null);

    await h.say(h.tg, "kallio", "alice", "/setup timezone Europe/Stockholm");
    assert.equal((await afterOutage()).status, "duplicate");
    assert.equal(await audits("community.timezone"), 1);

    await h.say(h.tg, "kallio", "alice", "/setup limits requests 20");
    assert.equal((await afterOutage()).status, "duplicate");
    await h.say(h.tg, "kallio", "alice", "/setup limits requests default");
    assert.equal((await afterOutage()).status, "duplicate");
    assert.equal(await audits("community.limit"), 2);
  });

  it("sets up categories and contacts once: each redelivered /setup category or contact is a duplicate", async () => {
    const categoryAudits = () => h.db.auditEntry.count({ where: { subject: "trees" } });
    await h.say(h.sl, "city", "mia", '/setup category add trees "Trees"');
    assert.equal((await afterSlackOutage()).status, "duplicate");
    assert.equal(await categoryAudits(), 1);

    await h.say(h.sl, "city", "mia", '/setup contact add "Tree team" --categories trees');
    const contact = await h.db.contact.findFirstOrThrow({ where: { name: "Tree team" } });
    const contactAudits = () => h.db.auditEntry.count({ where: { subject: `contact:${contact.id}` } });
    assert.equal((await afterSlackOutage()).status, "duplicate");
    assert.equal(await contactAudits(), 1);

    await h.say(h.sl, "city", "mia", '/setup contact remove "Tree team"');
    assert.equal((await afterSlackOutage()).status, "duplicate");
    assert.equal(await contactAudits(), 2);

    await h.say(h.sl, "city", "mia", "/setup category remove trees");
    assert.equal((await afterSlackOutage()).status, "duplicate");
    assert.equal(await categoryAudits(), 2);
  });

  it("makes one task from a redelivered /request task", async () => {
    await h.say(h.tg, "kallio", "erin", "/request roads Litter on the shore --where Hietaniemi");
    const request = await h.db.serviceRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
    await h.say(h.tg, "kallio", "alice", `/request task ${request.number} --when 2026-12-12T10:00 --slots 5`);
    const tasks = () => h.db.task.count({ where: { requestId: request.id } });
    assert.equal(await tasks(), 1);
    const again = await afterOutage();
    assert.equal(again.status, "duplicate");
    assert.equal(await tasks(), 1);
  });
});
