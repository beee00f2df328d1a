// Every kind of accountable act leaves an AuditEntry with its actor, action,
// target, time, and the state before and after; on both databases, driven
// through the console as people would type.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { forEachDatabase } from "../../support/databases.js";
import { startTestApp, type TestApp } from "../../support/test-app.js";

forEachDatabase("audit trail", (getDatabase) => {
  let app: TestApp;
  let alice: string;

  beforeAll(async () => {
    app = await startTestApp(getDatabase().url);
    // The first speaker in a console chat is its chat admin.
    await app.type(":as alice", ":in kallio", "/setup community Kallio");
    await app.type(":as bob", "/help");
    alice = (await getDatabase().db.identity.findUniqueOrThrow({ where: { id: "console:alice" } })).personId;
  });
  afterAll(() => app.close());

  /** The newest entry of an action, with its detail parsed. */
  const latest = async (action: string) => {
    const row = await getDatabase().db.auditEntry.findFirst({ where: { action }, orderBy: { createdAt: "desc" } });
    assert.ok(row, `no ${action} entry`);
    return { ...row, detail: JSON.parse(row.detail) as Record<string, unknown> };
  };

  it("records a role change with the role before and after", async () => {
    await app.type(":as alice", "/role @bob coordinator");
    const entry = await latest("role.set");
    assert.equal(entry.actorPersonId, alice);
    assert.deepEqual([entry.detail.before, entry.detail.after], ["member", "coordinator"]);
    assert.ok(entry.createdAt instanceof Date);
  });

  it("records setup changes: time zone, chat language, flood limit", async () => {
    await app.type(":as alice", "/setup timezone Europe/Stockholm");
    const zone = await latest("community.timezone");
    assert.deepEqual(
      [zone.actorPersonId, zone.detail.before, zone.detail.after],
      [alice, "Europe/Helsinki", "Europe/Stockholm"],
    );
    await app.type("/lang fi", "/lang en");
    const locale = await latest("chat.locale");
    assert.deepEqual([locale.subject, locale.detail.before, locale.detail.after], ["console:kallio", "fi", "en"]);
    await app.type("/setup limits requests 20", "/setup limits requests default");
    const invite = /Invite code: ([A-Z0-9-]+)/.exec(await app.type("/setup invite"))?.[1];
    assert.ok(invite);
    const invited = await latest("community.invite");
    assert.equal(invited.actorPersonId, alice);
    assert.ok(!JSON.stringify(invited).includes(invite), "the code itself is not in the trail");
    const limit = await latest("community.limit");
    assert.deepEqual([limit.subject, limit.detail.before, limit.detail.after], ["requests", 20, 10]);
  });

  it("records hours approvals and declines, without the volunteer's note", async () => {
    await app.type(":as bob", '/hours log 2 --note "my private remark"', '/hours log 1 --note "other remark"');
    const [first, second] = await getDatabase().db.hoursEntry.findMany({ orderBy: { id: "asc" } });
    await app.type(":as alice", `/hours approve ${first!.id}`, `/hours decline ${second!.id} not a shift`);
    const approved = await latest("hours.approve");
    assert.deepEqual(
      [approved.subject, approved.actorPersonId, approved.detail.before, approved.detail.after],
      [`hours:${first!.id}`, alice, "pending", "approved"],
    );
    const declined = await latest("hours.decline");
    assert.deepEqual([declined.subject, declined.detail.after], [`hours:${second!.id}`, "declined"]);
    const all = await getDatabase().db.auditEntry.findMany({ where: { action: { startsWith: "hours." } } });
    assert.ok(all.every((a) => !a.detail.includes("remark")));
  });

  it("records a poll closed by hand, with who closed it", async () => {
    await app.type(":as alice", '/poll "Where?" "Park" "Library"');
    const poll = await getDatabase().db.poll.findFirstOrThrow({ orderBy: { id: "desc" } });
    await app.type(`/poll close ${poll.id}`);
    const entry = await latest("poll.close");
    assert.deepEqual([entry.subject, entry.actorPersonId, entry.detail.after], [`poll:${poll.id}`, alice, "closed"]);
  });

  it("records a task cancel", async () => {
    await app.type(":as alice", '/task add "Clean-up" --when "tomorrow 10:00"');
    const task = await getDatabase().db.task.findFirstOrThrow({ orderBy: { id: "desc" } });
    await app.type(`/task cancel ${task.id} rain`);
    const entry = await latest("task.cancel");
    assert.deepEqual([entry.subject, entry.actorPersonId, entry.detail.after], [`task:${task.id}`, alice, "cancelled"]);
  });

  it("records an official action on a request with its status before and after", async () => {
    await app.type(":as alice", '/setup category add lighting "Street lighting"', "/request lighting Lamp out");
    const request = await getDatabase().db.serviceRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
    await app.type(`/request ack ${request.number} on it`);
    const entry = await latest("request.status");
    assert.deepEqual(
      [entry.subject, entry.actorPersonId, entry.detail.before, entry.detail.after],
      [request.number, alice, "open", "open/acknowledged"],
    );
    assert.ok(!entry.detail.text, "the reply's text is in the request's history, not the audit trail");
  });
});
