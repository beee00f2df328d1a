// /mydata and /forgetme on both databases. Zelda has two linked accounts on
// two platforms (tg and sl) and a record of every kind: a role, a language,
// sign-ups (one wait-listed), hours (approved and pending), votes in an open
// and an anonymous poll, a request she filed (with her phone number in it),
// one she backs and follows, audit entries, and a notice waiting for her.
// Yorick has the same kinds of records beside her.
//  - Her export has every kind, in her language, and nothing of Yorick's.
//  - After /forgetme no row of any table holds her ids, names or handles,
//    while tallies, hour totals and request counts are exactly as before.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { Prisma } from "../../../src/storage/generated/sqlite/client.js";
import { forEachDatabase } from "../../support/databases.js";
import { type RequestsTestApp, seedCity, startRequestsApp } from "../requests/harness.js";

type Rows = Record<string, { findMany(): Promise<unknown[]> }>;
type Row = Record<string, unknown>;

/** The parts of a talkoot.mydata/1 document this test reads. */
interface Exported {
  format: string;
  people: {
    person: { id: string; language: string | null };
    identities: { id: string }[];
    auditEntries: { action: string }[];
    pendingMessages: Row[];
    formDrafts: { chat: string; form: string; answers: Record<string, string> }[];
  };
  communities: { memberships: { role: string }[] };
  tasks: {
    signups: { task: string; status: string; waitListPlace: number | null }[];
    hours: Row[];
    reminders: { taskId: number }[];
  };
  polls: { votes: { question: string; choice: string }[]; anonymousPolls: string };
  requests: {
    requests: {
      number: string;
      filedByYou: boolean;
      followedByYou: boolean;
      supportedByYou: boolean;
      description: string;
      photos: { platform: string; mimeType: string; size: number }[];
      updates: { toSubStatus: string | null }[];
    }[];
    lastSharedLocation: { lat: number; long: number } | null;
  };
}

forEachDatabase("personal data: /mydata and /forgetme", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;
  let zeldaId: string;
  let yorickId: string;

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock });
    await seedCity(h);
    const { tg, sl, say } = h;
    for (const name of ["zelda", "yorick"]) await say(tg, "kallio", name, "/help");
    await say(sl, "city", "zeldasl", "/help");
    const code = /Your link code: (\S+)/.exec(await say(tg, "dm:zelda", "zelda", "/link"))?.[1];
    assert.ok(code);
    assert.match(await say(sl, "dm:zeldasl", "zeldasl", `/link ${code}`), /your accounts are now one person/);
    await say(tg, "kallio", "alice", "/role @zelda coordinator");
    await say(tg, "kallio", "zelda", "/lang fi --me");

    // Task 1 has one place: Yorick has it, Zelda waits. Task 2: Zelda has it, Yorick waits.
    await say(tg, "kallio", "alice", '/task add Sorting --when "tomorrow 10:00" --slots 1');
    await say(tg, "kallio", "alice", '/task add Flyers --when "tomorrow 14:00" --slots 1');
    await say(tg, "kallio", "yorick", "/task join 1");
    await say(tg, "kallio", "zelda", "/task join 1");
    await say(tg, "kallio", "zelda", "/task join 2");
    await say(tg, "kallio", "yorick", "/task join 2");
    await say(tg, "kallio", "zelda", "/hours log 2");
    await say(tg, "kallio", "zelda", "/hours log 3");
    await say(tg, "kallio", "yorick", "/hours log 4");
    await say(tg, "kallio", "alice", "/hours approve 1");
    await say(tg, "kallio", "alice", "/hours approve 3");

    await say(tg, "kallio", "alice", '/poll "Open?" "Yes" "No"');
    await tg.press("kallio", "zelda", "Yes");
    await tg.press("kallio", "yorick", "No");
    await say(tg, "kallio", "alice", '/poll "Secret?" "Kumquat" "Rhubarb" --anonymous');
    await tg.press("kallio", "zelda", "Kumquat");
    await tg.press("kallio", "yorick", "Rhubarb");

    // With a photo, and placed by the location she shares next.
    await tg.command(
      "kallio",
      "zelda",
      '/request lighting Streetlight out, call me on 040 123 4567 --where "Main street 1"',
      {
        file: tg.addFile(Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]), "image/jpeg"),
      },
    );
    await tg.shareLocation("kallio", "zelda", { lat: 60.1841, long: 24.9503 });
    await say(tg, "kallio", "yorick", '/request parks Broken bench --where "Kallio park"');
    await say(tg, "kallio", "zelda", "/request +1 K-1002");
    await say(tg, "kallio", "zelda", "/request follow K-1002");
    await h.settle();
    // A status change on the request she follows queues a notice for her, not yet sent.
    await say(sl, "parks", "pia", "/request ack K-1002");
    // A refused form's answers (a Discord-style "Fix it" draft) on her other account.
    await h.app.store.formDrafts.keep({
      identityId: "sl:zeldasl",
      chatId: "sl:city",
      flow: "task-add",
      answers: { title: "Zelda's shift", when: "yesterday" },
      expiresAt: new Date(clock.now().getTime() + 15 * 60_000),
    });
    zeldaId = (await h.app.store.people.identity("tg:zelda"))!.personId;
    yorickId = (await h.app.store.people.identity("tg:yorick"))!.personId;
  });
  afterAll(() => h.close());

  async function exportOf(on: "tg" | "sl", chat: string, user: string): Promise<Exported> {
    const adapter = on === "tg" ? h.tg : h.sl;
    const before = adapter.sent.length;
    await adapter.command(chat, user, "/mydata");
    const file = adapter.sent.slice(before).find((m) => m.message.attachment)?.message.attachment;
    assert.ok(file, "the export arrives as a file");
    assert.equal(file.mimeType, "application/json");
    return JSON.parse(file.content) as Exported;
  }

  describe("/mydata", () => {
    it("exports every kind of record across both accounts, in her language, and nothing of anyone else's", async () => {
      const doc = await exportOf("tg", "dm:zelda", "zelda");
      assert.equal(doc.format, "talkoot.mydata/1");
      const { people, communities, tasks, polls, requests } = doc;
      assert.deepEqual(people.identities.map((i) => i.id).sort(), ["sl:zeldasl", "tg:zelda"]);
      assert.equal(people.person.language, "fi");
      assert.deepEqual(
        communities.memberships.map((m) => m.role),
        ["coordinator"],
      );
      assert.deepEqual(
        tasks.signups.map((s) => [s.task, s.status, s.waitListPlace]),
        [
          ["Sorting", "waitlisted", 1],
          ["Flyers", "confirmed", null],
        ],
      );
      assert.deepEqual(
        [...new Set(tasks.reminders.map((r) => r.taskId))].sort(),
        [1, 2],
        "the reminders of both her shifts",
      );
      assert.deepEqual(
        tasks.hours.map((e) => [e.minutes, e.status]),
        [
          [120, "approved"],
          [180, "pending"],
        ],
      );
      assert.deepEqual(
        polls.votes.map((v) => [v.question, v.choice]),
        [["Open?", "Yes"]],
      );
      assert.match(polls.anonymousPolls, /Mikään ei yhdistä sinua valintaasi/, "said in her language");
      const byNumber = Object.fromEntries(requests.requests.map((r) => [r.number, r]));
      assert.equal(byNumber["K-1001"]!.filedByYou, true);
      assert.match(byNumber["K-1001"]!.description, /040 123 4567/);
      assert.deepEqual(
        byNumber["K-1001"]!.photos.map((p) => [p.platform, p.mimeType, p.size]),
        [["tg", "image/jpeg", 4]],
      );
      assert.deepEqual(
        requests.lastSharedLocation && [requests.lastSharedLocation.lat, requests.lastSharedLocation.long],
        [60.1841, 24.9503],
      );
      assert.equal(byNumber["K-1002"]!.supportedByYou, true);
      assert.equal(byNumber["K-1002"]!.followedByYou, true);
      assert.ok(
        byNumber["K-1002"]!.updates.some((u) => u.toSubStatus === "acknowledged"),
        "the updates of a request she follows",
      );
      const actions = people.auditEntries.map((a) => a.action);
      assert.ok(actions.includes("person.link") && actions.includes("role.set"), actions.join());
      assert.ok(people.pendingMessages.length >= 1, "the notice still waiting for her");
      assert.deepEqual(people.formDrafts, [
        {
          chat: "sl:city",
          form: "task-add",
          answers: { title: "Zelda's shift", when: "yesterday" },
          expiresAt: "2026-12-01T08:15:00.000Z",
        },
      ]);
      const text = JSON.stringify(doc);
      for (const other of ["yorick", yorickId, "alice", "pia"]) assert.ok(!text.includes(other), `mentions ${other}`);
    });

    it("from a group chat, sends the file to her direct chat and says so where she asked", async () => {
      const doc = await exportOf("sl", "city", "zeldasl");
      assert.equal(doc.people.person.id, zeldaId);
      assert.ok(h.sl.messagesIn("dm:zeldasl").some((m) => m.message.attachment));
      assert.match(h.sl.lastText("city"), /Lähetin tietosi yksityiskeskusteluumme/);
    });
  });

  describe("/forgetme", () => {
    async function totals() {
      const { db } = h;
      const options = await db.pollOption.findMany({ orderBy: { id: "asc" } });
      const votes = await db.vote.groupBy({ by: ["optionId"], _count: { _all: true }, orderBy: { optionId: "asc" } });
      const hours = await db.hoursEntry.groupBy({
        by: ["communityId", "status"],
        _sum: { minutes: true },
        orderBy: [{ communityId: "asc" }, { status: "asc" }],
      });
      const requests = await db.serviceRequest.findMany({ orderBy: { id: "asc" } });
      return {
        tallies: options.map((o) => [o.id, o.anonymousCount]),
        votes: votes.map((v) => [v.optionId, v._count._all]),
        hours: hours.map((h) => [h.status, h._sum.minutes]),
        requests: requests.map((r) => [r.number, r.status, r.supportCount]),
      };
    }

    it("asks first; only she can press her button", async () => {
      await h.tg.command("kallio", "zelda", "/forgetme");
      assert.match(h.tg.lastText("kallio"), /Tätä ei voi perua/);
      const refused = await h.tg.press("kallio", "yorick", "Poista minut");
      assert.match(refused.toast ?? h.tg.lastText("kallio"), /Only the person who asked/);
      assert.ok(await h.app.store.people.find(zeldaId), "still there");
    });

    it("erases her everywhere, and every tally, total and count stays as it was", async () => {
      const before = await totals();
      const needles = [zeldaId, "tg:zelda", "sl:zeldasl", "tg:dm:zelda", "sl:dm:zeldasl", "zelda", "040 123 4567"];
      // A notice to her in the community chat, with a mention of her, still waiting.
      await h.app.outbox.enqueue(
        { platform: "tg", chatId: "tg:kallio" },
        { text: "A place opened up", mention: { identityId: "tg:zelda", name: "zelda" } },
      );
      const pendingForHer = await h.db.outboxMessage.count({
        where: { status: "pending", message: { contains: '"identityId":"tg:zelda"' } },
      });
      await h.tg.press("kallio", "zelda", "Poista minut");
      assert.match(h.tg.lastText("kallio"), /Sinut on poistettu/);
      await h.settle();

      const rows = h.db as unknown as Rows;
      for (const model of Object.values(Prisma.ModelName)) {
        for (const row of await rows[model.charAt(0).toLowerCase() + model.slice(1)]!.findMany()) {
          const text = JSON.stringify(row);
          const found = needles.find((needle) => text.includes(needle));
          assert.equal(found, undefined, `${model} still holds ${found}: ${text.slice(0, 300)}`);
        }
      }
      assert.deepEqual(await totals(), before);
      assert.ok(pendingForHer > 0, "a notice was waiting for her");
      assert.ok(
        !h.tg.messagesIn("kallio").some((m) => m.message.text === "A place opened up"),
        "a notice to her is cancelled, not sent with her mention blanked",
      );

      const k1001 = await h.db.serviceRequest.findFirstOrThrow({ where: { number: "K-1001" } });
      assert.equal(k1001.residentPersonId, null);
      // Her photo and where she last was are gone; the request keeps its place for the city.
      assert.equal(await h.db.requestPhoto.count(), 0);
      assert.equal(await h.db.sharedLocation.count(), 0);
      assert.deepEqual([k1001.lat, k1001.long], [60.1841, 24.9503]);
      assert.equal(k1001.anonymous, true);
      assert.match(k1001.description, /Streetlight out, call me on \[redacted\]/);
      // Her place on task 2 went to the next in line.
      const flyers = await h.db.signup.findMany({ where: { taskId: 2 } });
      assert.deepEqual(
        flyers.map((s) => [s.personId, s.status]),
        [[yorickId, "confirmed"]],
      );
      const erasure = await h.db.auditEntry.findFirstOrThrow({ where: { action: "person.erase" } });
      assert.equal(erasure.actorPersonId, null);
      assert.equal(erasure.detail, '{"by":"self"}');
    });

    it("cannot be undone: writing again starts a new person with nothing", async () => {
      const doc = await exportOf("tg", "dm:zelda", "zelda");
      assert.notEqual(doc.people.person.id, zeldaId);
      assert.deepEqual(doc.tasks.hours, []);
      assert.deepEqual(doc.polls.votes, []);
      assert.deepEqual(doc.requests.requests, []);
      assert.deepEqual(doc.communities.memberships, []);
    });
  });
  describe("/setup forget <user>", () => {
    it("is for admins, and not for erasing oneself", async () => {
      assert.match(await h.say(h.tg, "kallio", "bob", "/setup forget @yorick"), /needs the admin role/);
      assert.match(await h.say(h.tg, "kallio", "alice", "/setup forget @alice confirm"), /use \/forgetme/);
      assert.match(await h.say(h.tg, "kallio", "alice", "/setup forget @nobody"), /found no member called/);
    });

    it("asks first, then erases the member everywhere, and the trail says an admin did it", async () => {
      assert.match(await h.say(h.tg, "kallio", "alice", "/setup forget @yorick"), /This erases yorick from Talkoot/);
      assert.ok(await h.app.store.people.find(yorickId), "nothing erased before the press");
      await h.tg.press("kallio", "alice", "Erase yorick");
      assert.equal(h.tg.lastText("kallio"), "yorick is erased from Talkoot.");
      assert.equal(await h.app.store.people.find(yorickId), undefined);
      assert.equal(await h.db.identity.count({ where: { id: "tg:yorick" } }), 0);
      const alice = (await h.app.store.people.identity("tg:alice"))!.personId;
      const entry = await h.db.auditEntry.findFirstOrThrow({
        where: { action: "person.erase", actorPersonId: alice },
      });
      assert.equal(entry.detail, '{"by":"admin"}');
      assert.equal(entry.subject, "person:erased");
    });

    it("takes a typed confirm as well", async () => {
      const carol = (await h.app.store.people.identity("tg:carol"))!.personId;
      assert.equal(
        await h.say(h.tg, "kallio", "alice", "/setup forget @carol confirm"),
        "carol is erased from Talkoot.",
      );
      assert.equal(await h.app.store.people.find(carol), undefined);
    });
  });
});
