// The resident's receipt is owed by the filing: it is queued, held, in the
// filing's transaction and sent right after the commit (held-reply.ts). So a
// process that dies between the commit and the send still gets the receipt
// to the resident, once, from the outbox; a receipt sent directly is never
// sent again; one that would wait for the platform's pace is queued once,
// from the row that held it.
import assert from "node:assert/strict";
import { afterAll, afterEach, beforeAll, it, vi } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { REPLY_HOLD_MS } from "../../../src/domain/held-reply.js";
import { RECEIPT_PURPOSE } from "../../../src/domain/requests/commands/file.js";
import { forEachDatabase } from "../../support/databases.js";
import { type RequestsTestApp, seedCity, startRequestsApp, textsIn } from "./harness.js";

forEachDatabase("request receipts across crashes", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;
  const receiptsOf = (number: string) =>
    textsIn(h.tg, "kallio").filter((text) => new RegExp(`^Request ${number}\\b`).test(text)).length;
  const receiptRows = (status: string) =>
    h.db.outboxMessage.count({ where: { destination: h.tg.chatId("kallio"), status } });

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock });
    await seedCity(h);
  });
  afterAll(() => h.close());
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Lets every held reply's hold run out, and the outbox send what is due. */
  async function pastTheHold(): Promise<void> {
    clock.advance(REPLY_HOLD_MS + 1);
    await h.settle();
    await h.settle();
  }

  it("sends the receipt from the outbox when the process dies after the filing's commit", async () => {
    const send = vi.spyOn(h.tg, "send").mockRejectedValueOnce(new Error("the process died after the commit"));
    await h.tg.command("kallio", "bob", "/request lighting Dark street by the school");
    send.mockRestore();
    // Filed and done (a redelivery is a duplicate), but no receipt went.
    assert.equal(await h.db.serviceRequest.count({ where: { number: "K-1001" } }), 1);
    assert.equal((await h.tg.redeliverLast()).status, "duplicate");
    assert.equal(receiptsOf("K-1001"), 0);

    // Held while a live process would send it, then posted by the outbox: once.
    await h.settle();
    assert.equal(receiptsOf("K-1001"), 0);
    await pastTheHold();
    assert.equal(receiptsOf("K-1001"), 1);
    await pastTheHold();
    assert.equal(receiptsOf("K-1001"), 1);
  });

  it("never sends again a receipt that went directly", async () => {
    await h.tg.command("kallio", "carol", "/request lighting Lamp blinking on the corner");
    assert.equal(receiptsOf("K-1002"), 1);
    const held = await h.db.outboxMessage.findFirstOrThrow({
      where: { purpose: RECEIPT_PURPOSE },
      orderBy: { id: "desc" },
    });
    assert.equal(held.status, "sent", "settled after the direct send");
    await pastTheHold();
    assert.equal(receiptsOf("K-1002"), 1);
  });

  it("queues a receipt that would wait for the platform's pace, from the row that held it, and sends it once when due", async () => {
    const pendingBefore = await receiptRows("pending");
    const rowsBefore = await h.db.outboxMessage.count();
    // The platform's queue for this chat is long now (a burst of commands).
    Object.assign(h.tg, { sendDelayMs: () => 5_000 });
    try {
      await h.tg.command("kallio", "dave", "/request lighting Whole street dark");
    } finally {
      Reflect.deleteProperty(h.tg, "sendDelayMs");
    }
    assert.equal(receiptsOf("K-1003"), 0, "not sent directly");
    assert.equal(await receiptRows("pending"), pendingBefore + 1, "queued");
    assert.equal(await h.db.outboxMessage.count(), rowsBefore + 2, "the card and the held receipt: no second row");
    const receipt = await h.db.outboxMessage.findFirstOrThrow({
      where: { destination: h.tg.chatId("kallio"), status: "pending" },
      orderBy: { id: "desc" },
    });
    assert.equal(receipt.purpose, RECEIPT_PURPOSE);
    await h.settle();
    assert.equal(receiptsOf("K-1003"), 0, "not before it would go");
    clock.advance(5_000);
    await h.settle();
    assert.equal(receiptsOf("K-1003"), 1);
    await pastTheHold();
    assert.equal(receiptsOf("K-1003"), 1);
  });

  it("files nothing and queues no receipt when the filing is refused in its transaction", async () => {
    await h.say(h.tg, "kallio", "alice", "/setup limits requests 1");
    await h.tg.command("kallio", "erin", "/request lighting Flickering lamp");
    assert.equal(receiptsOf("K-1004"), 1);
    const rows = await h.db.outboxMessage.count();
    // Over the resident's flood limit: refused by the filing's own transaction.
    await h.tg.command("kallio", "erin", "/request lighting Another flickering lamp");
    assert.match(h.tg.lastText("kallio"), /the most this community allows/);
    assert.equal(await h.db.serviceRequest.count({ where: { description: "Another flickering lamp" } }), 0);
    assert.equal(await h.db.outboxMessage.count(), rows);
    const shown = textsIn(h.tg, "kallio").length;
    await pastTheHold();
    assert.equal(textsIn(h.tg, "kallio").length, shown);
  });

  it("edits the pressed suggestion into the receipt from the outbox when the process dies after the filing's commit", async () => {
    await h.say(h.tg, "kallio", "gus", "/request lightning Dark underpass");
    const offer = h.tg.messagesIn("kallio").at(-1)!;
    assert.match(offer.message.text, /I don't know the category “lightning”/);
    const edit = vi.spyOn(h.tg, "edit").mockRejectedValueOnce(new Error("the process died after the commit"));
    await h.tg.press("kallio", "gus", "lighting · Street lighting");
    edit.mockRestore();
    // Its number: PostgreSQL may have used one on the refused request above.
    const { number } = await h.db.serviceRequest.findFirstOrThrow({ where: { description: "Dark underpass" } });
    assert.equal((await h.tg.redeliverLast()).status, "duplicate");
    const shown = () => h.tg.messagesIn("kallio").find((m) => m.id === offer.id)!.message;
    assert.match(shown().text, /I don't know the category/);

    await h.settle();
    assert.match(shown().text, /I don't know the category/, "held while a live process would edit it");
    await pastTheHold();
    assert.equal(shown().title, `Request ${number}`);
    assert.equal(shown().buttons, undefined, "the suggestion's buttons are gone");
    assert.equal(receiptsOf(number), 1);
  });
});
