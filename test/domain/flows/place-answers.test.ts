// A shared location or venue answers a flow's "Where is it?" question: in a
// group as a reply to that person's question (else it is a place shared with
// the chat, as before), in a direct chat whenever the question is open.
import assert from "node:assert/strict";
import { afterAll, afterEach, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import type { MemoryMessage } from "../../support/memory-adapter.js";
import type { RequestsTestApp } from "../requests/harness.js";
import { cancelFlows, newestIn, startGroupFlows } from "./group-harness.js";

const LIBRARY = { lat: 60.1841, long: 24.9503, venue: { title: "Kallio library", address: "Viides linja 11" } };

forEachDatabase("a shared place answers where", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;

  beforeAll(async () => {
    h = await startGroupFlows(getDatabase().url, clock);
    await h.say(h.tg, "kallio", "alice", '/setup category add roads "Roads and streets"');
  });
  afterAll(() => h.close());
  afterEach(async () => {
    await cancelFlows(h);
  });

  const newest = (chat = "kallio") => newestIn(h, chat);
  /** `/task add` by Alice up to its where question. */
  async function askedWhere(title: string): Promise<MemoryMessage> {
    await h.tg.command("kallio", "alice", `/task add "${title}" --slots 2`);
    await h.tg.message("kallio", "alice", "sat 10:00");
    return newest();
  }
  const sharedPlaces = () => h.db.sharedLocation.count();

  it("takes a venue sent in reply to the person's where question as the place", async () => {
    const where = await askedWhere("Sorting");
    assert.match(where.message.text, /Where is it\?/);
    const shared = await sharedPlaces();
    await h.tg.shareLocation("kallio", "alice", LIBRARY, { repliesTo: where.id });
    const preview = newest();
    assert.match(preview.message.title ?? "", /Check before it is created/);
    assert.equal(
      preview.message.code,
      '/task add "Sorting" --when "sat 10:00" --slots 2 --where "Kallio library, Viides linja 11"',
    );
    assert.equal(await sharedPlaces(), shared, "an answer, not a place shared with the chat");
    await h.tg.press("kallio", "alice", "Create");
    const task = await h.db.task.findFirstOrThrow({ where: { title: "Sorting" } });
    assert.equal(task.place, "Kallio library, Viides linja 11");
  });

  it("in a group, leaves a place that replies to nothing, or to someone else's question, as a shared place", async () => {
    const where = await askedWhere("Raking");
    await h.tg.shareLocation("kallio", "alice", { lat: 60.18, long: 24.95 });
    assert.match(newest().message.text, /noted|minutes/i);
    await h.tg.shareLocation("kallio", "bob", LIBRARY, { repliesTo: where.id });
    assert.match(newest().message.text, /noted|minutes/i);
    // Alice's question is still open, and still hers.
    const flow = await h.db.guidedFlow.findFirstOrThrow();
    assert.equal(flow.step, 3);
    await h.tg.message("kallio", "alice", "Brekkari", { repliesTo: where.id });
    assert.match(newest().message.code ?? "", /--where "Brekkari"/);
  });

  it("gives a request the shared point's coordinates, and a venue's words too", async () => {
    await h.tg.command("kallio", "alice", "/request roads");
    await h.tg.message("kallio", "alice", "Pothole by the kiosk");
    const where = newest();
    assert.match(where.message.text, /Where/);
    await h.tg.shareLocation("kallio", "alice", { lat: 60.1841, long: 24.9503 }, { repliesTo: where.id });
    // The photo question comes next; skipped, the preview carries the coordinates alone.
    await h.tg.press("kallio", "alice", "Skip");
    assert.equal(newest().message.code, '/request "roads" "Pothole by the kiosk" --at 60.18410,24.95030');
    // Edit of the place forgets its coordinates with its words.
    await h.tg.press("kallio", "alice", "Edit");
    await h.tg.press("kallio", "alice", "Where");
    await h.tg.shareLocation("kallio", "alice", LIBRARY, { repliesTo: newest().id });
    assert.equal(
      newest().message.code,
      '/request "roads" "Pothole by the kiosk" --where "Kallio library, Viides linja 11" --at 60.18410,24.95030',
    );
    // Its coordinates let the preview list the open requests near it.
    const labels =
      newest()
        .message.buttons?.flat()
        .map((button) => button.label) ?? [];
    assert.ok(labels.includes("📍 Nearby"));
    await h.tg.press("kallio", "alice", "Create");
    const request = await h.db.serviceRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
    assert.deepEqual(
      [request.lat, request.long, request.address],
      [60.1841, 24.9503, "Kallio library, Viides linja 11"],
    );
  });

  it("in a direct chat, takes a place sent while the where question is open", async () => {
    await h.tg.command("dm:bob", "bob", "/help");
    const bob = await h.db.identity.findFirstOrThrow({ where: { id: "tg:bob" } });
    // No guided command asks where in a direct chat yet: the flow is laid as a group's would be.
    await h.db.guidedFlow.create({
      data: {
        chatId: h.tg.chatId("dm:bob"),
        personId: bob.personId,
        identityId: bob.id,
        flow: "task-add",
        step: 3,
        answers: JSON.stringify({ title: "Sorting", when: "sat 10:00", slots: "2" }),
        expiresAt: new Date(clock.now().getTime() + 60_000),
      },
    });
    assert.equal((await h.tg.shareLocation("dm:bob", "bob", LIBRARY)).status, "handled");
    assert.match(newest("dm:bob").message.code ?? "", /--where "Kallio library, Viides linja 11"$/);
    await h.tg.command("dm:bob", "bob", "/cancel");
  });
});
