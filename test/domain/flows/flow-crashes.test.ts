// Guided flows when the process dies part-way (an update is delivered again
// until it is acknowledged): the preview's Create ends the flow in the same
// transaction as the command it runs, so a press is never lost nor makes the
// thing twice; a question is queued with the flow's new state, so it still
// reaches the person when the process dies before sending it.
import assert from "node:assert/strict";
import { afterAll, afterEach, beforeAll, it, vi } from "vitest";
import { DeliveryError, type SendContext } from "../../../src/core/adapter.js";
import { ManualClock } from "../../../src/core/clock.js";
import { StorageUnavailable } from "../../../src/core/storage-unavailable.js";
import { REPLY_HOLD_MS } from "../../../src/domain/held-reply.js";
import { forEachDatabase } from "../../support/databases.js";
import { type RequestsTestApp, textsIn } from "../requests/harness.js";
import { cancelFlows, startGroupFlows } from "./group-harness.js";

forEachDatabase("guided flows across crashes", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;
  const tasksTitled = (title: string) => h.db.task.count({ where: { title } });
  const flows = () => h.db.guidedFlow.count();

  beforeAll(async () => {
    h = await startGroupFlows(getDatabase().url, clock);
  });
  afterAll(() => h.close());
  afterEach(async () => {
    vi.restoreAllMocks();
    await cancelFlows(h);
  });

  /** Alice answers `/task add` up to its preview. */
  async function preview(title: string, when = "sat 10:00"): Promise<void> {
    await h.tg.command("kallio", "alice", `/task add "${title}" --slots 2`);
    await h.tg.message("kallio", "alice", when);
    await h.tg.message("kallio", "alice", "skip");
    assert.match(h.tg.lastText("kallio"), /Check before it is created/);
  }

  it("keeps the preview when the process dies inside Create's command; the redelivered press makes one shift", async () => {
    await preview("Sorting");
    // The process dies as the command starts: the flow must not have ended before it.
    let flowsWhenTheCommandRan: number | undefined;
    vi.spyOn(h.app.router, "runCommandLine").mockImplementationOnce(async () => {
      flowsWhenTheCommandRan = await flows();
      throw new StorageUnavailable("the process died");
    });
    assert.equal((await h.tg.press("kallio", "alice", "Create")).status, "unavailable");
    assert.equal(flowsWhenTheCommandRan, 1);
    // Nothing was made, and the flow is still there for the press that comes again.
    assert.equal(await tasksTitled("Sorting"), 0);
    assert.equal(await flows(), 1);

    assert.equal((await h.tg.redeliverLast()).status, "handled");
    assert.equal(await tasksTitled("Sorting"), 1);
    assert.equal(await flows(), 0);
    assert.equal((await h.tg.redeliverLast()).status, "duplicate");
    assert.equal(await tasksTitled("Sorting"), 1);
  });

  it("makes no shift and keeps the flow when the process dies inside the command's transaction", async () => {
    await preview("Sorting again");
    const { reminders } = h.app.modules.tasks.services;
    vi.spyOn(reminders, "schedule").mockRejectedValueOnce(new StorageUnavailable("the database went away"));
    assert.equal((await h.tg.press("kallio", "alice", "Create")).status, "unavailable");
    assert.equal(await tasksTitled("Sorting again"), 0);
    assert.equal(await flows(), 1);
    assert.equal((await h.tg.redeliverLast()).status, "handled");
    assert.equal(await tasksTitled("Sorting again"), 1);
    assert.equal(await flows(), 0);
  });

  it("ends the flow with the shift when the process dies after Create's commit; the redelivery adds nothing", async () => {
    await preview("Raking");
    const { cards } = h.app.modules.tasks.services;
    vi.spyOn(cards, "renderFor").mockRejectedValueOnce(new Error("the process died after the commit"));
    await h.tg.press("kallio", "alice", "Create");
    assert.equal(await tasksTitled("Raking"), 1);
    assert.equal(await flows(), 0);
    assert.equal((await h.tg.redeliverLast()).status, "duplicate");
    assert.equal(await tasksTitled("Raking"), 1);
  });

  it("keeps the flow as it was when Create is refused, with no write of its own", async () => {
    // Five minutes ahead (Helsinki time) when answered, past by the time Create is pressed.
    clock.set("2026-12-01T08:00:00Z");
    await preview("Weeding", "today 10:05");
    const before = await h.db.guidedFlow.findFirstOrThrow();
    clock.set("2026-12-01T08:10:00Z");
    const refused = await h.tg.press("kallio", "alice", "Create");
    assert.equal(refused.status, "failed");
    assert.match(refused.toast ?? "", /is in the past/);
    assert.deepEqual(await h.db.guidedFlow.findFirstOrThrow(), before);
  });

  it("sends the next question from the outbox when the process dies after the answer's commit", async () => {
    await h.tg.command("kallio", "alice", '/task add "Sweeping"');
    const asked = textsIn(h.tg, "kallio").length;
    const send = vi.spyOn(h.tg, "send").mockRejectedValueOnce(new Error("the process died after the commit"));
    await h.tg.message("kallio", "alice", "sat 10:00");
    send.mockRestore();
    // The answer counted (a redelivery is a duplicate), but the question never went.
    assert.equal((await h.tg.redeliverLast()).status, "duplicate");
    assert.ok(
      !textsIn(h.tg, "kallio")
        .slice(asked)
        .some((text) => /How many people/.test(text)),
    );

    // Held while a live process would send it, then posted by the outbox: once.
    await h.settle();
    assert.ok(
      !textsIn(h.tg, "kallio")
        .slice(asked)
        .some((text) => /How many people/.test(text)),
    );
    clock.advance(REPLY_HOLD_MS + 1);
    await h.settle();
    await h.settle();
    const questions = h.tg.messagesIn("kallio").filter((m) => /How many people/.test(m.message.text));
    assert.equal(questions.length, 1);
    assert.deepEqual(
      questions[0]!.message.buttons?.flat().map((b) => b.label),
      ["1", "2", "3", "4", "5", "6", "Cancel"],
    );
    // The flow goes on from it.
    await h.tg.message("kallio", "alice", "2");
    assert.match(h.tg.lastText("kallio"), /Where is it\?/);
  });

  it("sends the outbox's copy of a question under the direct send's key, as one that may have landed", async () => {
    await h.tg.command("kallio", "alice", '/task add "Dusting"');
    const keys: Array<SendContext["delivery"]> = [];
    const send = vi.spyOn(h.tg, "send");
    send.mockImplementationOnce(async (_to, _message, context?: SendContext) => {
      keys.push(context?.delivery);
      throw new Error("the process died after the commit");
    });
    await h.tg.message("kallio", "alice", "sat 10:00");
    clock.advance(REPLY_HOLD_MS + 1);
    send.mockClear();
    await h.settle();
    await h.settle();
    // The memory adapter's send takes the context as a third argument it does not declare.
    const fromOutbox = send.mock.calls.map((call) => ((call as unknown[])[2] as SendContext | undefined)?.delivery);
    send.mockRestore();
    const direct = keys[0];
    assert.ok(direct);
    assert.equal(direct.mayHaveLanded, false);
    // Slack and Discord look for (or de-duplicate by) this key before posting the copy.
    assert.equal(fromOutbox.length, 1);
    assert.equal(fromOutbox[0]?.key, direct.key);
    assert.equal(fromOutbox[0]?.mayHaveLanded, true);
  });

  it("sends each question once when nothing dies", async () => {
    const before = h.tg.messagesIn("kallio").length;
    await h.tg.command("kallio", "alice", '/task add "Mopping"');
    await h.tg.message("kallio", "alice", "sat 10:00");
    clock.advance(REPLY_HOLD_MS + 1);
    await h.settle();
    const sent = h.tg.messagesIn("kallio").slice(before);
    assert.deepEqual(
      sent.map((m) => m.message.text.split("\n").at(-1)),
      ["When does it start? For example “sat 10:00”.", "How many people are needed?"],
    );
    assert.equal(await h.db.outboxMessage.count({ where: { purpose: "flows.reply", status: "pending" } }), 0);
  });

  it("does not leave a question the platform refused for good to the outbox", async () => {
    await h.tg.command("kallio", "alice", '/task add "Dusting"');
    h.tg.refuseNextSends(new DeliveryError("the bot was blocked", { permanent: true }));
    assert.equal((await h.tg.message("kallio", "alice", "sat 10:00")).status, "failed");
    assert.equal(await h.db.outboxMessage.count({ where: { purpose: "flows.reply", status: "pending" } }), 0);
  });
});
