// The private ballot of an anonymous multiple-choice poll on a platform with
// no ephemeral messages: it arrives in a direct chat, and ticking and
// submitting work there, outside the community's chat, for members only.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { type PollsTestApp, startPollsApp } from "./harness.js";

forEachDatabase("private ballots in direct chats", (getDatabase) => {
  let app: PollsTestApp;
  let dm: MemoryAdapter;
  const clock = new ManualClock("2026-12-01T08:00:00Z");

  beforeAll(async () => {
    dm = new MemoryAdapter("dm", { ephemeral: false });
    app = await startPollsApp(getDatabase().url, { clock, adapters: [dm], console: false });
    await dm.command("kallio", "alice", "/setup community Kallio", { admin: true });
    await dm.command("kallio", "dave", "/help");
    await dm.command(
      "kallio",
      "alice",
      '/poll "Which evenings?" "Mon" "Tue" "Wed" --multi --anonymous --who coordinators',
    );
    await dm.command("kallio", "alice", "/role @dave coordinator");
  });
  afterAll(() => app.close());

  it("sends the ballot to the voter's direct chat, where ticking and submitting count the vote", async () => {
    const opened = await dm.press("kallio", "dave", "Mon");
    assert.equal(opened.toast, "Your private ballot is open: tick your choices, then submit.");
    const ballot = dm.messagesIn("dm:dave").at(-1)!;
    assert.deepEqual(
      ballot.message.buttons?.flat().map((b) => b.label),
      ["☑ Mon", "☐ Tue", "☐ Wed", "Submit (1 choice)"],
    );
    await dm.press("dm:dave", "dave", "☐ Wed");
    const submitted = await dm.press("dm:dave", "dave", "Submit (2 choices)");
    assert.equal(submitted.status, "handled", submitted.toast);
    const tally = await app.s.polls.tally((await app.s.polls.find(1))!);
    assert.deepEqual([tally.voters, ...tally.options.map((o) => o.count)], [1, 1, 0, 1]);
    assert.equal(await getDatabase().db.vote.count(), 0);
  });

  it("refuses a ballot button from someone who is not a coordinator of the poll's community", async () => {
    await dm.command("kallio", "erin", "/help");
    const refused = await dm.press("kallio", "erin", "Tue");
    assert.equal(refused.toast, "Sorry, only coordinators vote in poll #1. Thank you for wanting to take part!");
  });
});
