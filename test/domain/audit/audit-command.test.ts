// `/setup audit` for admins only, newest first, a page at a time, filtered,
// in the reader's language and the community's time zone; `/privacy` and
// the /help lines that say what a command keeps about its user.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { AUDIT_PAGE_SIZE } from "../../../src/domain/accountability/audit-command.js";
import { forEachDatabase } from "../../support/databases.js";
import { startTestApp, type TestApp } from "../../support/test-app.js";

forEachDatabase("/setup audit and /privacy", (getDatabase) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(getDatabase().url, { env: { PRIVACY_CONTACT: "privacy@kallio.example" } });
    // The first speaker in a console chat is its chat admin.
    await app.type(":as alice", ":in kallio", "/setup community Kallio");
    await app.type(":as bob", "/help");
    const { db } = getDatabase();
    const community = await db.community.findFirstOrThrow();
    const person = async (id: string) => (await db.identity.findUniqueOrThrow({ where: { id } })).personId;
    const [alice, bob] = [await person("console:alice"), await person("console:bob")];
    // Twenty entries, one a day in November at 10:00 UTC (12:00 in Helsinki); bob's are hours decisions.
    await db.auditEntry.deleteMany({ where: { communityId: community.id } });
    await db.auditEntry.createMany({
      data: Array.from({ length: 20 }, (_, i) => ({
        communityId: community.id,
        actorPersonId: i % 2 ? bob : alice,
        action: i % 2 ? "hours.approve" : "role.set",
        subject: i % 2 ? `hours:${i}` : bob,
        detail: JSON.stringify(
          i % 2 ? { before: "pending", after: "approved" } : { before: "member", after: "coordinator" },
        ),
        createdAt: new Date(Date.UTC(2026, 10, i + 1, 10, 0)),
      })),
    });
  });
  afterAll(() => app.close());

  const auditLines = (out: string) => out.split("\n").filter((l) => / · (alice|bob) · /.test(l));

  it("refuses anyone who is not an admin, and shows them nothing of the trail", async () => {
    const out = await app.type(":as bob", "/setup audit");
    assert.match(out, /That needs the admin role here/);
    assert.equal(auditLines(out).length, 0);
  });

  it("shows the admin a page, newest first, in their language and the community's time zone", async () => {
    const out = await app.type(":as alice", "/lang fi --me", "/setup audit");
    assert.match(out, /only alice\]\n\s+Tapahtumaloki: “Kallio” \(20 merkintää\)/);
    const lines = auditLines(out);
    assert.equal(lines.length, AUDIT_PAGE_SIZE);
    assert.match(lines[0]!, /pe 20\.11\. klo 12\.00 · bob · hours\.approve hours:19: pending → approved/);
    assert.match(lines[1]!, /to 19\.11\. klo 12\.00 · alice · role\.set bob: member → coordinator/);
    assert.match(out, /Sivu 1\/2\. Seuraava: \/setup audit --page 2/);
    const second = await app.type("/setup audit --page 2");
    assert.equal(auditLines(second).length, 20 - AUDIT_PAGE_SIZE);
    assert.match(second, /Sivu 2\/2\./);
    assert.match(await app.type("/setup audit --page 3"), /Sivuja on vain 2\./);
    await app.type("/lang en --me");
  });

  it("filters by actor, by action kind or family, and by date", async () => {
    const byBob = auditLines(await app.type(":as alice", "/setup audit --actor @bob"));
    assert.equal(byBob.length, 10);
    assert.ok(byBob.every((l) => l.includes(" · bob · hours.approve")));
    const roles = auditLines(await app.type("/setup audit --action role"));
    assert.equal(roles.length, 10);
    assert.equal(auditLines(await app.type("/setup audit --action role.set")).length, 10);
    assert.equal(auditLines(await app.type("/setup audit --action rol")).length, 0);
    const out = await app.type('/setup audit --since "2026-11-16" --actor alice');
    assert.deepEqual(
      auditLines(out).map((l) => /(\d+) Nov/.exec(l)?.[1]),
      ["19", "17"],
    );
    assert.match(out, /next|Page 1 of 1\./);
  });

  it("answers bad filters with a clear line", async () => {
    assert.match(await app.type(":as alice", "/setup audit --since soonish"), /could not read “soonish” as a date/);
    assert.match(await app.type("/setup audit --action 'drop table'"), /is not an action kind/);
    assert.match(await app.type("/setup audit --actor nobody"), /no member called “nobody”/);
  });

  it("/privacy says what is kept, how long, how to export or erase, and whom to ask, in three languages", async () => {
    const en = await app.type(":as bob", "/privacy");
    assert.match(en, /Your data in Talkoot/);
    assert.match(en, /removed after 180 days/);
    assert.match(en, /\/mydata/);
    assert.match(en, /\/forgetme/);
    assert.match(en, /Questions: privacy@kallio\.example/);
    const fi = await app.type("/lang fi --me", "/privacy");
    assert.match(fi, /Tietosi Talkoossa[\s\S]*\/forgetme[\s\S]*Kysymykset: privacy@kallio\.example/);
    const sv = await app.type("/lang sv --me", "/privacy");
    assert.match(sv, /Dina uppgifter i Talkoot[\s\S]*\/mydata[\s\S]*Frågor: privacy@kallio\.example/);
    await app.type("/lang en --me");
  });

  it("/help says which commands keep personal data beyond the community's records", async () => {
    const list = await app.type(":as bob", "/help");
    assert.match(list, /\/hours — .* \(keeps: your hours and your notes on them\)/);
    assert.match(list, /\/link — .* \(keeps: your accounts on other platforms, joined into one\)/);
    assert.match(list, /\/poll — .* \(keeps: your vote in open polls/);
    assert.doesNotMatch(list, /\/setup — .*keeps/);
    assert.match(await app.type("/help setup"), /keeps no personal data beyond the community's records/);
    assert.match(await app.type("/help request"), /Beyond the community's records, it keeps your requests' text/);
    assert.match(await app.type("/lang fi --me", "/help"), /\/hours — .* \(tallentaa: tuntisi/);
    await app.type("/lang en --me");
  });
});
