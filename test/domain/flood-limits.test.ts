// Limits on floods, on both databases: per person for requests, shifts,
// polls and codes, per API key for Open311, each community's own counts
// (/setup limits), and a lockout after 10 wrong codes in 10 minutes.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { forEachDatabase } from "../support/databases.js";
import { type RequestsTestApp, seedCity, startRequestsApp } from "./requests/harness.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

forEachDatabase("flood limits", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock, http: true });
    await seedCity(h);
    // The seeding's own invite codes are out of every window from here on.
    clock.advance(HOUR);
  });
  afterAll(() => h.close());

  const requestsBy = (name: string) =>
    h.db.serviceRequest.count({ where: { originIdentityId: { endsWith: `:${name}` } } });

  describe("requests", () => {
    it("refuses the 11th request in an hour with a clear line, and files nothing", async () => {
      for (let i = 1; i <= 10; i++) {
        const reply = await h.say(h.tg, "kallio", "bob", `/request lighting Lamp ${i} out --where "Main street ${i}"`);
        assert.match(reply, /K-\d+/, `request ${i} is filed`);
        clock.advance(MINUTE);
      }
      const refused = await h.say(h.tg, "kallio", "bob", '/request lighting Lamp 11 out --where "Main street 11"');
      assert.match(refused, /You have filed 10 requests in the last hour.*next one in 50 min/);
      assert.equal(await requestsBy("bob"), 10);
    });

    it("leaves another person unaffected", async () => {
      assert.match(await h.say(h.tg, "kallio", "carol", "/request lighting Lamp out by the park"), /K-\d+/);
      assert.equal(await requestsBy("carol"), 1);
    });

    it("lets the person in again once the hour has passed", async () => {
      clock.advance(50 * MINUTE);
      assert.match(await h.say(h.tg, "kallio", "bob", "/request lighting Lamp 11 out"), /K-\d+/);
      assert.equal(await requestsBy("bob"), 11);
    });

    it("says it in the person's language", async () => {
      await h.say(h.tg, "kallio", "bob", "/lang fi --me");
      assert.match(await h.say(h.tg, "kallio", "bob", "/request lighting Lamppu"), /Olet jättänyt viimeisen tunnin/);
      await h.say(h.tg, "kallio", "bob", "/lang sv --me");
      assert.match(await h.say(h.tg, "kallio", "bob", "/request lighting Lampa"), /Du har skickat 10 ärenden/);
      await h.say(h.tg, "kallio", "bob", "/lang en --me");
    });
  });

  describe("a community's own limits", () => {
    it("shows the limits to an admin, with the defaults", async () => {
      const card = await h.say(h.tg, "kallio", "alice", "/setup limits");
      assert.match(card, /requests: 10 per person per hour/);
      assert.match(card, /tasks: 20 shifts per person per hour/);
      assert.match(card, /polls: 20 per person per hour/);
      assert.match(card, /codes: 5 link or invite codes per person per 10 minutes/);
      assert.match(card, /open311: 60 Open311 posts per minute per API key, and per client address/);
      assert.match(await h.say(h.tg, "kallio", "bob", "/setup limits tasks 1"), /admin/i);
    });

    it("holds shifts and polls to the counts the admin set, and back to the default", async () => {
      assert.match(await h.say(h.tg, "kallio", "alice", "/setup limits tasks 2"), /The tasks limit is now 2/);
      assert.match(await h.say(h.tg, "kallio", "alice", "/setup limits polls 1"), /The polls limit is now 1/);
      assert.match(await h.say(h.tg, "kallio", "alice", "/setup limits"), /tasks: 2 shifts .*the default is 20/);
      const tasksBefore = await h.db.task.count();
      for (const title of ["One", "Two"])
        await h.say(h.tg, "kallio", "alice", `/task add ${title} --when "tomorrow 10:00"`);
      assert.equal(await h.db.task.count(), tasksBefore + 2);
      assert.match(
        await h.say(h.tg, "kallio", "alice", '/task add Three --when "tomorrow 10:00"'),
        /You have posted 2 shifts in the last hour.*60 min/,
      );
      assert.equal(await h.db.task.count(), tasksBefore + 2);

      assert.match(await h.say(h.tg, "kallio", "alice", '/poll "Coffee?" "Yes" "No"'), /Coffee\?/);
      assert.match(await h.say(h.tg, "kallio", "alice", '/poll "Tea?" "Yes" "No"'), /You have asked 1 polls/);
      assert.equal(await h.db.poll.count(), 1);

      assert.match(await h.say(h.tg, "kallio", "alice", "/setup limits tasks default"), /back to the default, 20/);
      await h.say(h.tg, "kallio", "alice", '/task add Three --when "tomorrow 10:00"');
      assert.equal(await h.db.task.count(), tasksBefore + 3);
      assert.match(await h.say(h.tg, "kallio", "alice", "/setup limits tasks lots"), /whole number from 1 to 10000/);
      assert.match(await h.say(h.tg, "kallio", "alice", "/setup limits naps 3"), /“naps” is not a limit/);
    });
  });

  describe("codes", () => {
    it("gives a person 5 invite codes in 10 minutes, then a line", async () => {
      const codesBefore = await h.db.oneTimeCode.count({ where: { kind: "invite" } });
      for (let i = 0; i < 5; i++) assert.match(await h.say(h.tg, "kallio", "alice", "/setup invite"), /Invite code/);
      assert.match(
        await h.say(h.tg, "kallio", "alice", "/setup invite"),
        /You have asked for 5 codes in the last 10 minutes/,
      );
      assert.equal(await h.db.oneTimeCode.count({ where: { kind: "invite" } }), codesBefore + 5);
    });

    it("refuses every code after 10 wrong ones from a person, even a right one, for that person only", async () => {
      clock.advance(10 * MINUTE);
      const code = /Invite code: (\S+)/.exec(await h.say(h.tg, "kallio", "alice", "/setup invite"))![1]!;
      for (let i = 0; i < 10; i++) {
        assert.match(await h.say(h.tg, "garage", "gus", `/setup join ZZZZ-ZZ${i}Z`, true), /not valid/);
      }
      assert.match(await h.say(h.tg, "garage", "gus", `/setup join ${code}`, true), /Too many wrong codes.*10 min/);
      assert.match(await h.say(h.tg, "garage", "gus", "/link ABCD-EFGH"), /Too many wrong codes/);
      assert.equal((await h.db.chat.findUnique({ where: { id: "tg:garage" } }))?.communityId ?? null, null);
      // The code was not used up: someone else redeems it.
      assert.match(await h.say(h.tg, "shed", "fay", `/setup join ${code}`, true), /now linked to “Kallio”/);
    });

    it("takes codes from that person again once the 10 minutes have passed", async () => {
      clock.advance(10 * MINUTE);
      const code = /Invite code: (\S+)/.exec(await h.say(h.tg, "kallio", "alice", "/setup invite"))![1]!;
      assert.match(await h.say(h.tg, "garage", "gus", `/setup join ${code}`, true), /now linked to “Kallio”/);
    });
  });

  describe("Open311", () => {
    let apiKey = "";
    const post = (description: string) =>
      fetch(`${h.baseUrl}/open311/v2/requests.json`, {
        method: "POST",
        body: new URLSearchParams({
          api_key: apiKey,
          service_code: "lighting",
          lat: "60.17",
          long: "24.94",
          description,
        }),
      });

    beforeAll(async () => {
      await h.say(h.sl, "city", "mia", "/setup apikey City CRM");
      apiKey = /(t311_[A-Za-z0-9_-]+)/.exec(h.sl.lastText("city"))![1]!;
      await h.say(h.tg, "kallio", "alice", "/setup limits open311 3");
    });

    it("answers 429 with Retry-After past the key's limit, and files nothing", async () => {
      for (let i = 0; i < 3; i++) assert.equal((await post(`Lamp ${i}`)).status, 200);
      const before = await h.db.serviceRequest.count();
      const refused = await post("Lamp 4");
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get("retry-after"), "60");
      assert.deepEqual(await refused.json(), [
        { code: 429, description: "Too many requests with this api_key; try again in 60 s" },
      ]);
      assert.equal(await h.db.serviceRequest.count(), before);
    });

    it("takes the key's posts again after the minute", async () => {
      clock.advance(MINUTE);
      assert.equal((await post("Lamp 5")).status, 200);
    });
  });
});
