// Routing on both databases: a category's request goes to its contact's team
// chat (another platform than the resident's), as a card through the outbox;
// a category with no contact goes to the admins with a warning; an unknown
// category gets the closest ones as buttons; anonymity hides the name.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import { cardIn, type RequestsTestApp, seedCity, startRequestsApp } from "./harness.js";

forEachDatabase("request routing", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z"); // Tue 1 Dec, 10:00 in Helsinki
  let h: RequestsTestApp;

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock });
    await seedCity(h);
  });
  afterAll(() => h.close());

  it("asks for the category with the community's categories as buttons", async () => {
    const question = await h.say(h.tg, "kallio", "bob", "/request");
    assert.match(question, /What is it about\? Pick a category or type its code\./);
    const buttons = h.tg
      .messagesIn("kallio")
      .at(-1)!
      .message.buttons?.flat()
      .map((b) => b.label);
    assert.deepEqual(buttons, ["Street lighting", "Parks", "Roads and streets", "Cancel"]);
    assert.match(await h.say(h.tg, "kallio", "bob", "/cancel"), /Stopped/);
  });

  it("routes a category to its contact's team chat, on the officials' platform", async () => {
    const receipt = await h.say(
      h.tg,
      "kallio",
      "bob",
      '/request lighting Streetlight out at the corner --where "Main street 1" --at 60.1699,24.9384',
    );
    assert.match(receipt, /Request K-1001\nThank you\. Your request number is K-1001\./);
    const reply = h.tg.messagesIn("kallio").at(-1)!.message;
    assert.deepEqual(reply.fields, [
      { label: "Category", value: "Street lighting" },
      { label: "Where", value: "Main street 1 (60.16990, 24.93840)" },
      { label: "Expected response", value: "within 3 days" },
      { label: "Sent to", value: "City lighting" },
    ]);
    // The card goes through the outbox: nothing in the officials' chat until it is delivered.
    assert.equal(cardIn(h.sl, "city", "K-1001"), undefined);
    await h.settle();
    const card = cardIn(h.sl, "city", "K-1001")!.message;
    assert.equal(card.title, "K-1001 · Street lighting");
    assert.equal(card.text, "Streetlight out at the corner");
    assert.deepEqual(card.fields, [
      { label: "Status", value: "new" },
      { label: "Where", value: "Main street 1 (60.16990, 24.93840)" },
      { label: "Map", value: "https://www.openstreetmap.org/?mlat=60.16990&mlon=24.93840#map=17/60.16990/24.93840" },
      { label: "Filed", value: "just now (Tue 1 Dec 10:00)" },
      { label: "Support", value: "0 neighbours" },
      { label: "Community", value: "Kallio" },
      { label: "From", value: "bob" },
      { label: "Handled by", value: "City lighting" },
    ]);
    assert.deepEqual(
      card.buttons?.flat().map((b) => b.label),
      ["Acknowledge", "In progress", "Resolve", "Not ours"],
    );
    const [row] = await h.db.requestCard.findMany();
    assert.equal(row?.chatId, "sl:city");
    assert.equal(row?.kind, "contact");
    const outbox = await h.db.outboxMessage.findUniqueOrThrow({ where: { id: row!.outboxId! } });
    assert.equal(outbox.status, "sent");
    const request = await h.db.serviceRequest.findFirstOrThrow({ where: { number: "K-1001" } });
    assert.equal(request.originChatId, "tg:kallio");
    assert.equal(request.originIdentityId, "tg:bob");
    const audit = await h.db.auditEntry.findFirst({ where: { action: "request.file", subject: "K-1001" } });
    assert.ok(audit);
  });

  it("sends a category without a contact to the admins, with a warning to fix the routing", async () => {
    const receipt = await h.say(h.tg, "kallio", "carol", "/request roads Deep pothole --where Fleminginkatu");
    assert.match(receipt, /No contact handles this category yet; the admins will pass it on\./);
    assert.equal(h.tg.messagesIn("kallio").at(-1)?.message.fields?.at(-1)?.value, "the community's admins");
    await h.settle();
    // No admin has a direct chat with the bot yet: an officials' chat gets it, never the residents' chat.
    assert.equal(cardIn(h.tg, "kallio", "K-1002"), undefined);
    const card = cardIn(h.sl, "city", "K-1002")!.message;
    assert.match(card.text, /^No contact handles “Roads and streets” yet, so this came to the admins\./);
    assert.match(card.text, /\/setup contact add "<name>" --categories roads/);
    assert.ok(card.buttons?.length);
    const row = await h.db.requestCard.findFirstOrThrow({ where: { chatId: "sl:city", kind: "admins" } });
    assert.equal(row.kind, "admins");
  });

  it("reaches admins in their direct chats once the bot knows them", async () => {
    await h.say(h.sl, "dm:mia", "mia", "/help");
    await h.say(h.tg, "kallio", "dave", "/request roads Broken kerb");
    await h.settle();
    assert.ok(cardIn(h.sl, "dm:mia", "K-1003"), "mia's DM has the card");
    assert.equal(cardIn(h.tg, "kallio", "K-1003"), undefined);
    assert.equal(cardIn(h.sl, "city", "K-1003"), undefined);
  });

  it("suggests the closest categories for an unknown one, and files on a press", async () => {
    const reply = await h.say(h.tg, "kallio", "erin", "/request lamp flickering all night --where Kaarlenkatu");
    assert.match(reply, /I don't know the category “lamp”/);
    const offer = h.tg.messagesIn("kallio").at(-1)!.message;
    assert.deepEqual(
      offer.buttons?.flat().map((b) => b.label),
      ["lighting · Street lighting"],
    );
    // Someone else's press files nothing.
    const wrong = await h.tg.press("kallio", "fay", "lighting · Street lighting");
    assert.equal(wrong.toast, "Only the person who wrote the request can pick its category.");
    const pressed = await h.tg.press("kallio", "erin", "lighting · Street lighting");
    assert.equal(pressed.toast, "Filed as K-1004");
    const request = await h.db.serviceRequest.findFirstOrThrow({ where: { number: "K-1004" } });
    // "lamp" was a keyword, not a misspelt category: it stays in the description.
    assert.equal(request.description, "lamp flickering all night");
    assert.equal(request.address, "Kaarlenkatu");

    // A misspelt category ("lightning") is dropped from the description.
    await h.say(h.tg, "kallio", "erin", "/request lightning dark street");
    await h.tg.press("kallio", "erin", "lighting · Street lighting");
    const typo = await h.db.serviceRequest.findFirstOrThrow({ where: { number: "K-1005" } });
    assert.equal(typo.description, "dark street");

    assert.match(
      await h.say(h.tg, "kallio", "erin", "/request xyzzy something"),
      /There is no category “xyzzy”, and none comes close\. Categories: lighting, parks, roads\./,
    );
  });

  it("hides an anonymous resident's name from the officials, and still answers them", async () => {
    await h.say(h.tg, "kallio", "fay", "/request lighting Lamp post leaning --anonymous");
    assert.match(h.tg.lastText("kallio"), /Your name is not shown to the officials/);
    await h.settle();
    const card = cardIn(h.sl, "city", "K-1006")!.message;
    assert.equal(card.fields?.find((f) => f.label === "From")?.value, "a resident (anonymous)");
    assert.doesNotMatch(JSON.stringify(card), /fay/);
    await h.say(h.sl, "city", "olga", "/request ack K-1006 We will check it");
    await h.settle();
    const notice = h.tg.messagesIn("kallio").at(-1)!.message;
    assert.equal(notice.mention?.identityId, "tg:fay");
    assert.match(notice.text, /Request K-1006 \(Street lighting\) is now acknowledged\.\n“We will check it”/);
  });

  it("refuses bad input with one line each", async () => {
    // A category alone asks for the description (a guided flow), which /cancel leaves.
    assert.match(await h.say(h.tg, "kallio", "bob", "/request lighting"), /Describe the problem in a sentence or two/);
    await h.say(h.tg, "kallio", "bob", "/cancel");
    assert.match(
      await h.say(h.tg, "kallio", "bob", "/request lighting dark --at 95,10"),
      /“95,10” is not a place I can read/,
    );
    assert.match(
      await h.say(h.tg, "kallio", "bob", `/request lighting ${"x".repeat(4001)}`),
      /at most 4000 characters \(this one has 4001\)/,
    );
    assert.match(await h.say(h.tg, "kallio", "bob", "/request status K-9999"), /There is no request K-9999 here/);
    assert.match(
      await h.say(h.sl, "city", "mia", '/setup category add status "Status"'),
      /“status” is one of \/request's own words/,
    );
    assert.match(
      await h.say(h.tg, "kallio", "alice", '/setup contact add "Wrong place" --categories roads'),
      /Run this in the officials' team chat/,
    );
    assert.match(
      await h.say(h.tg, "kallio", "bob", '/setup category add trees "Trees"'),
      /That needs the admin role here/,
    );
  });

  it("takes the place from a map link or coordinates in the text when there is no --at", async () => {
    const receipt = await h.say(
      h.tg,
      "kallio",
      "carol",
      "/request lighting Lamp dark here https://maps.google.com/?q=60.1755,24.9512",
    );
    const number = /Your request number is (K-\d+)/.exec(receipt)![1]!;
    const linked = await h.db.serviceRequest.findFirstOrThrow({ where: { number } });
    assert.deepEqual([linked.lat, linked.long], [60.1755, 24.9512]);
    await h.settle();
    const card = cardIn(h.sl, "city", number)!.message;
    assert.deepEqual(
      card.fields?.filter((f) => f.label === "Where" || f.label === "Map"),
      [
        { label: "Where", value: "60.17550, 24.95120" },
        { label: "Map", value: "https://www.openstreetmap.org/?mlat=60.17550&mlon=24.95120#map=17/60.17550/24.95120" },
      ],
    );
    // A misspelt category keeps the place for the suggested category's button.
    await h.say(h.tg, "kallio", "dave", "/request lightning Lamp dark at 60.1601, 24.9402");
    await h.tg.press("kallio", "dave", "lighting · Street lighting");
    assert.equal(await h.db.serviceRequest.count({ where: { lat: 60.1601, long: 24.9402 } }), 1);
    // "2, 3" is no place.
    const plain = await h.say(h.tg, "kallio", "erin", "/request lighting 2, 3 lamps dark");
    const plainNumber = /Your request number is (K-\d+)/.exec(plain)![1]!;
    const unplaced = await h.db.serviceRequest.findFirstOrThrow({ where: { number: plainNumber } });
    assert.equal(unplaced.lat, null);
  });
});
