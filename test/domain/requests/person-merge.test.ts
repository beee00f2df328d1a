// /link and requests: two accounts of one resident each file, follow and
// back requests; once linked, everything is the one person's. /request mine
// shows every request, a request both backed counts them once, and nothing
// points at the person that was merged away.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import { type RequestsTestApp, seedCity, startRequestsApp } from "./harness.js";

forEachDatabase("requests after /link", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;
  let keptId: string;
  let droppedId: string;
  const request = (number: string) => h.db.serviceRequest.findFirstOrThrow({ where: { number } });

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock });
    await seedCity(h);
    const { tg, say } = h;
    // bob2 is bob's second account.
    await say(tg, "kallio", "bob2", "/help");
    await say(tg, "kallio", "bob", '/request lighting Streetlight out --where "Main street 1"'); // K-1001
    await say(tg, "kallio", "bob2", '/request parks Broken bench --where "Kallio park"'); // K-1002
    await say(tg, "kallio", "carol", '/request lighting Lamp flickering --where "Side street 3"'); // K-1003
    assert.match(await say(tg, "kallio", "bob", "/request +1 K-1003"), /1 neighbour now backs K-1003/);
    assert.match(await say(tg, "kallio", "bob2", "/request +1 K-1003"), /2 neighbours now back K-1003/);
    assert.match(await say(tg, "kallio", "bob2", "/request +1 K-1001"), /1 neighbour now backs K-1001/);
    await say(tg, "kallio", "bob", "/request follow K-1003");
    await say(tg, "kallio", "bob2", "/request follow K-1003");
    await say(tg, "kallio", "bob2", "/request follow K-1002");
    await h.settle();

    keptId = (await h.app.store.people.identity("tg:bob"))!.personId;
    droppedId = (await h.app.store.people.identity("tg:bob2"))!.personId;
    assert.notEqual(keptId, droppedId);
    const code = /Your link code: (\S+)/.exec(await say(tg, "dm:bob", "bob", "/link"))?.[1];
    assert.ok(code);
    assert.match(await say(tg, "dm:bob2", "bob2", `/link ${code}`), /your accounts are now one person/);
  });
  afterAll(() => h.close());

  it("/request mine shows the requests of both accounts, from either", async () => {
    for (const user of ["bob", "bob2"]) {
      const mine = await h.say(h.tg, "kallio", user, "/request mine");
      assert.match(mine, /Your requests\nK-1002 · Parks · .*\nK-1001 · Street lighting · /, user);
    }
  });

  it("counts a request both accounts backed once, and no longer counts a +1 on one's own request", async () => {
    assert.equal((await request("K-1003")).supportCount, 1);
    assert.deepEqual(
      (await h.db.requestSupport.findMany({ where: { requestId: (await request("K-1003")).id } })).map(
        (s) => s.personId,
      ),
      [keptId],
    );
    assert.equal((await request("K-1001")).supportCount, 0, "bob2's +1 was on bob's own request");
    assert.match(await h.say(h.tg, "kallio", "bob2", "/request +1 K-1003"), /You already back K-1003/);
    assert.match(await h.say(h.tg, "kallio", "bob", "/request +1 K-1002"), /You filed K-1002 yourself/);
  });

  it("keeps one follow per request, for the person kept", async () => {
    const follows = await h.db.requestFollower.findMany({ orderBy: { requestId: "asc" } });
    const byRequest = follows.filter((f) => f.personId === keptId).map((f) => f.requestId);
    assert.deepEqual(byRequest, [(await request("K-1002")).id, (await request("K-1003")).id]);
    assert.match(await h.say(h.tg, "kallio", "bob", "/request unfollow K-1002"), /no longer follow K-1002/);
  });

  it("leaves nothing pointing at the person merged away", async () => {
    const { db } = h;
    assert.equal(await db.person.count({ where: { id: droppedId } }), 0);
    assert.equal(await db.serviceRequest.count({ where: { residentPersonId: droppedId } }), 0);
    assert.equal(await db.requestUpdate.count({ where: { actorPersonId: droppedId } }), 0);
    assert.equal(await db.requestFollower.count({ where: { personId: droppedId } }), 0);
    assert.equal(await db.requestSupport.count({ where: { personId: droppedId } }), 0);
    assert.equal(await db.apiKey.count({ where: { createdByPersonId: droppedId } }), 0);
    assert.ok((await db.requestUpdate.count({ where: { actorPersonId: keptId } })) >= 3, "filing and +1 updates moved");
  });
});
