// The officials' side and the residents' follow-up on both databases:
// permissions (only officials in the contact's chat, or admins; anyone else
// changes nothing), the state machine through commands and buttons, every
// change as a RequestUpdate and an audit entry, notices to the resident and
// followers, card edits, reopen, follow, +1 with its reminder, reassign,
// "Not ours", and request to task.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import { cardIn, type RequestsTestApp, seedCity, startRequestsApp } from "./harness.js";

const DAY = 24 * 3_600_000;

forEachDatabase("request handling", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z"); // Tue 1 Dec, 10:00 in Helsinki
  let h: RequestsTestApp;
  const noticesTo = (user: string) =>
    h.tg.sent.filter((m) => m.message.mention?.identityId === `tg:${user}`).map((m) => m.message.text);
  const request = (number: string) => h.db.serviceRequest.findFirstOrThrow({ where: { number } });
  const updates = async (number: string) =>
    h.db.requestUpdate.findMany({ where: { requestId: (await request(number)).id }, orderBy: { id: "asc" } });

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock });
    await seedCity(h);
    await h.say(h.tg, "kallio", "bob", '/request lighting Streetlight out --where "Main street 1"'); // K-1001
    await h.settle();
  });
  afterAll(() => h.close());

  describe("permissions", () => {
    it("refuses a member of the officials' chat who is not an official: nothing changes", async () => {
      const before = await updates("K-1001");
      const audits = await h.db.auditEntry.count();
      const outcome = await h.sl.press("city", "sam", "Acknowledge");
      assert.equal(outcome.status, "failed");
      assert.equal(outcome.toast, "Only officials in the team chat that handles K-1001, or admins, can change it.");
      assert.match(
        await h.say(h.sl, "city", "sam", "/request resolve K-1001"),
        /Only officials in the team chat that handles K-1001, or admins, can change it\./,
      );
      assert.equal((await request("K-1001")).subStatus, null);
      assert.deepEqual(await updates("K-1001"), before);
      assert.equal(await h.db.auditEntry.count(), audits);
      assert.equal(cardIn(h.sl, "city", "K-1001")?.edits, 0);
    });

    it("refuses an official acting from another chat, and a resident", async () => {
      assert.match(await h.say(h.tg, "kallio", "olga", "/request ack K-1001"), /Only officials in the team chat/);
      assert.match(await h.say(h.sl, "parks", "pia", "/request ack K-1001"), /Only officials in the team chat/);
      assert.match(await h.say(h.tg, "kallio", "bob", "/request resolve K-1001"), /Only officials in the team chat/);
      assert.equal((await request("K-1001")).status, "open");
      assert.equal((await request("K-1001")).subStatus, null);
    });
  });

  describe("the officials' answers", () => {
    it("acknowledges by button: the card changes in place, the resident and followers are told", async () => {
      await h.say(h.tg, "kallio", "carol", "/request follow K-1001");
      assert.match(h.tg.lastText("kallio"), /You will be told here about each change to K-1001/);
      const pressed = await h.sl.press("city", "olga", "Acknowledge");
      assert.equal(pressed.toast, "K-1001 is now acknowledged.");
      const card = cardIn(h.sl, "city", "K-1001")!;
      assert.equal(card.edits, 1);
      assert.equal(card.message.fields?.[0]?.value, "acknowledged");
      assert.deepEqual(
        card.message.buttons?.flat().map((b) => b.label),
        ["In progress", "Resolve", "Not ours"],
      );
      await h.settle();
      assert.match(noticesTo("bob").at(-1)!, /^Request K-1001 \(Street lighting\) is now acknowledged\./);
      assert.match(noticesTo("carol").at(-1)!, /^Request K-1001 \(Street lighting\) is now acknowledged\./);
      const r = await request("K-1001");
      assert.equal(r.acknowledgedAt?.toISOString(), clock.now().toISOString());
      // The first answer cancels the response-time jobs.
      assert.equal(
        await h.db.job.count({
          where: { kind: "request.sla", status: "pending", dedupeKey: { startsWith: `request:${r.id}:` } },
        }),
        0,
      );
    });

    it("records every change as a RequestUpdate and an audit entry", async () => {
      clock.advance(3_600_000);
      assert.match(
        await h.say(h.sl, "city", "olga", "/request progress K-1001 Crew booked for Thursday"),
        /K-1001 is now in progress\./,
      );
      assert.match(
        await h.say(h.sl, "city", "olga", "/request reply K-1001 The lamp needs a new cable"),
        /Your reply on K-1001 went to the resident\./,
      );
      const rows = await updates("K-1001");
      assert.deepEqual(
        rows.map((u) => [u.kind, u.fromSubStatus, u.toSubStatus, u.text]),
        [
          ["status", null, null, null],
          ["status", null, "acknowledged", null],
          ["status", "acknowledged", "in_progress", "Crew booked for Thursday"],
          ["comment", "in_progress", "in_progress", "The lamp needs a new cable"],
        ],
      );
      const olga = await h.db.identity.findUniqueOrThrow({ where: { id: "sl:olga" } });
      assert.equal(rows[2]?.actorPersonId, olga.personId);
      const audit = await h.db.auditEntry.findMany({ where: { subject: "K-1001" }, orderBy: { createdAt: "asc" } });
      assert.deepEqual(
        audit.map((a) => a.action),
        ["request.file", "request.status", "request.status", "request.comment"],
      );
      await h.settle();
      assert.match(
        noticesTo("bob").at(-1)!,
        /^Reply on request K-1001 \(Street lighting\) from City lighting:\n“The lamp needs a new cable”/,
      );
      // The card, delivered through the outbox, was edited there too.
      const card = cardIn(h.sl, "city", "K-1001")!;
      assert.equal(card.message.fields?.[0]?.value, "in progress");
    });

    it("refuses transitions the state machine does not allow", async () => {
      assert.match(
        await h.say(h.sl, "city", "olga", "/request ack K-1001"),
        /Nothing to change: K-1001 is already at that step\./,
      );
      assert.match(await h.say(h.sl, "city", "olga", "/request reopen K-1001 why"), /Only officials|not marked fixed/);
      assert.match(
        await h.say(h.sl, "city", "olga", "/request close K-1001 --reason lazy"),
        /“lazy” is not a reason\. Use duplicate, not-responsible, no-action or referred\./,
      );
    });

    it("resolves; the resident may reopen within 14 days, others may not, and not after", async () => {
      await h.sl.press("city", "olga", "Resolve");
      const fixed = await request("K-1001");
      assert.equal(fixed.status, "fixed");
      assert.equal(cardIn(h.sl, "city", "K-1001")?.message.buttons, undefined);
      await h.settle();
      assert.match(
        noticesTo("bob").at(-1)!,
        /is now fixed\.\nNot fixed\? Send \/request reopen K-1001 <why> within 14 days\./,
      );

      assert.match(await h.say(h.tg, "kallio", "carol", "/request reopen K-1001 still dark"), /Only officials/);
      clock.advance(3 * DAY);
      assert.match(
        await h.say(h.tg, "kallio", "bob", "/request reopen K-1001 Still dark at night"),
        /K-1001 is open again; the officials were told why\./,
      );
      assert.equal((await request("K-1001")).status, "open");
      await h.settle();
      assert.ok(
        h.sl
          .messagesIn("city")
          .some((m) =>
            /The resident says K-1001 \(Street lighting\) is not fixed, and reopened it:\n“Still dark at night”/.test(
              m.message.text,
            ),
          ),
      );
      // Reopened as new: it needs acknowledging again.
      assert.deepEqual(
        cardIn(h.sl, "city", "K-1001")
          ?.message.buttons?.flat()
          .map((b) => b.label),
        ["Acknowledge", "In progress", "Resolve", "Not ours"],
      );

      await h.say(h.sl, "city", "olga", "/request resolve K-1001 New cable in");
      clock.advance(15 * DAY);
      assert.match(
        await h.say(h.tg, "kallio", "bob", "/request reopen K-1001 again"),
        /K-1001 was fixed more than 14 days ago; please file a new request\./,
      );
    });

    it("shows the public history with /request status, naming no resident", async () => {
      const status = await h.say(h.tg, "kallio", "dave", "/request status K-1001");
      assert.match(status, /^K-1001 · Street lighting\nStreetlight out\n\nHistory:\nTue 1 Dec 10:00 · filed\n/);
      assert.match(status, /Tue 1 Dec 10:00 · new → acknowledged\n/);
      assert.match(status, /Tue 1 Dec 11:00 · acknowledged → in progress · “Crew booked for Thursday”\n/);
      assert.match(status, /Tue 1 Dec 11:00 · reply · “The lamp needs a new cable”\n/);
      assert.match(status, /in progress → fixed\n/);
      assert.match(status, /Fri 4 Dec 11:00 · fixed → new · “Still dark at night”/);
      assert.doesNotMatch(status, /bob/);
    });
  });

  describe("+1 and follow", () => {
    it("counts each neighbour once, and reminds the contact when a stale request reaches the threshold", async () => {
      await h.say(h.tg, "kallio", "bob", "/request parks Broken bench in the park"); // K-1002
      await h.settle();
      assert.match(await h.say(h.tg, "kallio", "bob", "/request +1 K-1002"), /You filed K-1002 yourself/);
      assert.match(
        await h.say(h.tg, "kallio", "carol", "/request +1 K-1002"),
        /Thanks: 1 neighbour now backs K-1002\./,
      );
      assert.match(await h.say(h.tg, "kallio", "carol", "/request +1 K-1002"), /You already back K-1002\./);
      for (const name of ["dave", "erin", "fay"]) await h.say(h.tg, "kallio", name, "/request +1 K-1002");
      // Four backers and fresh: no reminder.
      clock.advance(8 * DAY); // past the category's week
      await h.say(h.tg, "kallio", "gus", "/request +1 K-1002");
      assert.match(h.tg.lastText("kallio"), /Thanks: 5 neighbours now back K-1002\./);
      await h.settle();
      const reminders = h.sl.messagesIn("parks").filter((m) => /neighbours back K-1002/.test(m.message.text));
      assert.equal(reminders.length, 1);
      assert.match(
        reminders[0]!.message.text,
        /^5 neighbours back K-1002 \(Parks\), which has had no update for 8 days\./,
      );
      // One reminder until the request changes.
      await h.say(h.sl, "parks", "olga", "/help");
      await h.say(h.tg, "kallio", "alice", "/request +1 K-1002");
      await h.settle();
      assert.equal(h.sl.messagesIn("parks").filter((m) => /neighbours back K-1002/.test(m.message.text)).length, 1);
      assert.equal((await request("K-1002")).supportCount, 6);
      // The cards show the support (the week without an answer also re-posted it as overdue).
      const card = cardIn(h.sl, "parks", "K-1002")!.message;
      assert.equal(card.title, "⚠ Overdue: K-1002 · Parks");
      assert.equal(card.fields?.find((f) => f.label === "Support")?.value, "6 neighbours");
    });

    it("follows from another chat and stops following", async () => {
      assert.match(await h.say(h.tg, "kallio", "erin", "/request follow K-1002"), /each change to K-1002/);
      assert.match(await h.say(h.tg, "kallio", "erin", "/request unfollow K-1002"), /no longer follow K-1002/);
      assert.match(await h.say(h.tg, "kallio", "erin", "/request unfollow K-1002"), /were not following K-1002/);
    });

    it("lists your own requests", async () => {
      const mine = await h.say(h.tg, "kallio", "bob", "/request mine");
      assert.match(
        mine,
        /Your requests\nK-1002 · Parks · new · 8 days ago\nK-1001 · Street lighting · fixed · 26 days ago/,
      );
      assert.match(await h.say(h.tg, "kallio", "gus", "/request mine"), /You have not filed any requests here/);
    });
  });

  describe("reassign and Not ours", () => {
    it("moves a request to another contact with a note: a new card there, the old one says where it went", async () => {
      await h.say(h.tg, "kallio", "carol", "/request lighting Lamp in the park is out"); // K-1003
      await h.settle();
      assert.match(
        await h.say(h.sl, "city", "olga", '/request reassign K-1003 "Parks department" The park lamps are theirs'),
        /K-1003 was passed on to Parks department\./,
      );
      await h.settle();
      const moved = cardIn(h.sl, "city", "K-1003")!;
      assert.match(moved.message.text, /^Moved to Parks department: it is answered there now\./);
      assert.equal(moved.message.buttons, undefined);
      const fresh = cardIn(h.sl, "parks", "K-1003")!;
      assert.equal(fresh.message.fields?.find((f) => f.label === "Handled by")?.value, "Parks department");
      assert.ok(fresh.message.buttons?.length);
      assert.match(
        noticesTo("carol").at(-1)!,
        /^Request K-1003 \(Street lighting\) was passed on to Parks department\.\n“The park lamps are theirs”/,
      );
      // The old contact's officials no longer handle it; the new one's do.
      assert.match(await h.say(h.sl, "city", "olga", "/request ack K-1003"), /Only officials in the team chat/);
      assert.match(await h.say(h.sl, "parks", "pia", "/request ack K-1003"), /K-1003 is now acknowledged\./);
      assert.match(
        await h.say(h.sl, "parks", "pia", '/request reassign K-1003 "Parks department"'),
        /K-1003 is already with that contact\./,
      );
    });

    it("Not ours closes it as not responsible, asks the admins to pass it on, and they can", async () => {
      await h.say(h.tg, "kallio", "dave", "/request lighting Traffic light broken"); // K-1004
      await h.settle();
      const pressed = await h.sl.press("city", "olga", "Not ours");
      assert.equal(pressed.toast, "K-1004 is now closed: not our responsibility.");
      await h.settle();
      // Never in the residents' chat: no admin has a direct chat yet, so the oldest officials' chat.
      const notOurs = /City lighting says K-1004 \(Street lighting\) is not theirs\./;
      assert.ok(h.sl.messagesIn("city").some((m) => notOurs.test(m.message.text)));
      assert.ok(!h.tg.messagesIn("kallio").some((m) => notOurs.test(m.message.text)));
      assert.match(noticesTo("dave").at(-1)!, /is now closed: not our responsibility\./);
      assert.match(
        await h.say(h.tg, "kallio", "alice", '/request reassign K-1004 "Parks department" Please check'),
        /K-1004 was passed on to Parks department\./,
      );
      const reopened = await request("K-1004");
      assert.deepEqual([reopened.status, reopened.subStatus], ["open", null]);
    });
  });

  describe("request to task", () => {
    it("turns a request into a volunteer task, and the done task fixes it by volunteers", async () => {
      await h.say(h.tg, "kallio", "erin", "/request roads Litter along the shore --where Hietaniemi"); // K-1005
      await h.settle();
      await h.say(h.tg, "kallio", "alice", "/role @carol coordinator");
      assert.match(
        await h.say(h.tg, "kallio", "bob", '/request task K-1005 --when "sat 10:00" --slots 5'),
        /That needs the coordinator role here/,
      );
      const earlier = h.tg.messagesIn("kallio").length;
      await h.say(h.tg, "kallio", "carol", '/request task K-1005 --when "sat 10:00" --until 12:00 --slots 5');
      await h.settle();
      // The reply comes straight back; the card (and the chat's notice) go through the outbox, in any order.
      const texts = h.tg.messagesIn("kallio").slice(earlier);
      assert.ok(
        texts.some((m) =>
          /K-1005 is now volunteer task #\d+\. When the task is done, the request is marked fixed\./.test(
            m.message.text,
          ),
        ),
      );
      assert.ok(texts.some((m) => m.message.title === "K-1005 Roads and streets"));
      const task = await h.db.task.findFirstOrThrow({ where: { title: "K-1005 Roads and streets" } });
      assert.equal(task.place, "Hietaniemi");
      const r = await request("K-1005");
      assert.equal(task.requestId, r.id);
      assert.equal(r.taskId, task.id);
      assert.equal(r.subStatus, "in_progress");
      await h.settle();
      assert.match(
        noticesTo("erin").at(-1)!,
        new RegExp(`Volunteers are taking on request K-1005 \\(Roads and streets\\) as task #${task.id}\\.`),
      );

      clock.set(new Date(task.startsAt.getTime() + 3_600_000));
      await h.say(h.tg, "kallio", "carol", `/task done ${task.id}`);
      const done = await request("K-1005");
      assert.equal(done.status, "fixed");
      await h.settle();
      assert.match(
        noticesTo("erin").at(-1)!,
        /^Request K-1005 \(Roads and streets\) was fixed by volunteers\. Thank you, neighbours!/,
      );
      assert.match(await h.say(h.tg, "kallio", "erin", "/request status K-1005"), /· fixed by volunteers/);
    });

    it("posts the shift where the volunteers are, and tells the officials' chat where it went", async () => {
      await h.say(h.tg, "kallio", "fay", "/request lighting Lamp post leaning --where Hietaniemi"); // K-1006
      await h.settle();
      const before = h.sl.messagesIn("city").length;
      const reply = await h.say(h.sl, "city", "mia", '/request task K-1006 --when "sat 14:00" --slots 3');
      const task = await h.db.task.findFirstOrThrow({ where: { title: "K-1006 Street lighting" } });
      assert.match(
        reply,
        new RegExp(
          `K-1006 is now volunteer task #${task.id}\\. Its card is posted for the volunteers in “kallio”: see it with /task show ${task.id}\\.`,
        ),
      );
      await h.settle();
      // The card is in the home chat, with its Join button; the officials' chat has only the line.
      const card = h.tg.messagesIn("kallio").find((m) => m.message.title === "K-1006 Street lighting");
      assert.ok(card?.message.buttons?.length, "the home chat has the shift's card");
      assert.equal(
        h.sl
          .messagesIn("city")
          .slice(before)
          .filter((m) => m.message.title === "K-1006 Street lighting").length,
        0,
      );
      assert.equal(task.originChatId, "tg:kallio");
    });
  });
});
