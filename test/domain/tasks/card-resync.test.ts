// A sign-up's card edit that did not happen (the platform refused it for a
// while, or the process died between the commit and the edit) is redone by
// the card's resync job, written in the sign-up's transaction, 30 s later.
// Later changes while it waits do not postpone it.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { DeliveryError } from "../../../src/core/adapter.js";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { startTasksApp, type TasksTestApp } from "./harness.js";

forEachDatabase("task card resync", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let app: TasksTestApp;
  let tg: MemoryAdapter;

  beforeAll(async () => {
    tg = new MemoryAdapter("tg");
    app = await startTasksApp(getDatabase().url, { clock, adapters: [tg], console: false });
    await tg.command("kallio", "alice", "/setup community Kallio", { admin: true });
  });
  afterAll(() => app.close());

  it("edits the card again after a sign-up whose edit was refused", async () => {
    await tg.command("kallio", "alice", '/task add Soup kitchen --when "sat 10:00" --slots 2');
    const slots = () =>
      tg
        .messagesIn("kallio")
        .find((m) => m.message.title === "Soup kitchen")
        ?.message.fields?.find((f) => f.label === "Slots")?.value;
    assert.equal(slots(), "0/2 filled");

    tg.refuseNextEdits(new DeliveryError("Bad Gateway"));
    await tg.command("kallio", "bob", "/task join 1");
    await app.settle();
    assert.equal(slots(), "0/2 filled", "the refused edit left the card stale");

    clock.advance(29_000);
    await app.settle();
    assert.equal(slots(), "0/2 filled", "not yet: the job waits 30 s after the change");

    clock.advance(2_000);
    await app.settle();
    assert.equal(slots(), "1/2 filled");
    const jobs = await getDatabase().db.job.findMany({ where: { kind: "task.card-resync" } });
    assert.deepEqual(
      jobs.map((j) => j.status),
      ["done"],
    );
  });

  it("a steady stream of changes does not postpone the resync", async () => {
    await tg.command("kallio", "alice", '/task add Park clean-up --when "sun 10:00" --slots 9');
    const slots = () =>
      tg
        .messagesIn("kallio")
        .find((m) => m.message.title === "Park clean-up")
        ?.message.fields?.find((f) => f.label === "Slots")?.value;
    const firstChange = clock.now().getTime();
    const refused = () => new DeliveryError("Bad Gateway");
    tg.refuseNextEdits(refused(), refused(), refused());
    // A sign-up every 10 s: each asks for a resync, none may push the first one back.
    for (const [i, person] of ["bob", "carol", "dave"].entries()) {
      if (i > 0) clock.advance(10_000);
      await tg.command("kallio", person, "/task join 2");
      await app.settle();
    }
    const pending = await getDatabase().db.job.findMany({
      where: { kind: "task.card-resync", status: "pending" },
    });
    assert.deepEqual(
      pending.map((j) => j.runAt.getTime()),
      [firstChange + 30_000],
      "due 30 s after the first change",
    );

    clock.advance(10_000);
    await app.settle();
    assert.equal(slots(), "3/9 filled");
  });
});
