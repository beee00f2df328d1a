// The guided /request's last question, "Add a photo?", on both databases: a
// photo sent in answer is kept with the flow's answers (across a restart)
// and Create hands it to /request as the file sent with it, so the
// officials' card links it; words ask again, a file /request would refuse
// asks again with the same refusal, and Skip files the request without one.
import assert from "node:assert/strict";
import { afterEach, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import { cardIn, type RequestsTestApp, seedCity, startRequestsApp } from "../requests/harness.js";

const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]);

forEachDatabase("guided /request: the photo question", (getDatabase) => {
  let running: RequestsTestApp[] = [];
  const start = async (clock: ManualClock) => {
    const h = await startRequestsApp(getDatabase().url, { clock, publicBaseUrl: "https://bot.example.org" });
    running.push(h);
    return h;
  };
  afterEach(async () => {
    for (const h of running) await h.close();
    running = [];
  });

  /** Bob's guided /request in kallio, answered up to the photo question. */
  const upToPhoto = async (h: RequestsTestApp, description: string) => {
    assert.match(await h.say(h.tg, "kallio", "bob", "/request lighting"), /Describe the problem/);
    await h.tg.message("kallio", "bob", description);
    assert.match(h.tg.lastText("kallio"), /Where is it\?/);
    await h.tg.press("kallio", "bob", "Skip");
    assert.match(h.tg.lastText("kallio"), /Add a photo\? Send it now, or press Skip\./);
  };

  /** The preview's field for the photo. */
  const photoField = (h: RequestsTestApp) =>
    h.tg
      .messagesIn("kallio")
      .at(-1)
      ?.message.fields?.find((f) => f.label === "Photo")?.value;

  it("keeps a photo answer across a restart, and Create attaches it to the request", async () => {
    const clock = new ManualClock("2026-12-01T08:00:00Z");
    const before = await start(clock);
    await seedCity(before);
    await upToPhoto(before, "Lamp pole leaning");
    const file = before.tg.addFile(JPEG, "image/jpeg");
    await before.tg.message("kallio", "bob", "", { file });
    assert.match(before.tg.lastText("kallio"), /Check before it is created/);
    assert.equal(photoField(before), "a photo");
    const create = before.tg
      .messagesIn("kallio")
      .at(-1)
      ?.message.buttons?.flat()
      .find((b) => b.label === "Create");
    assert.ok(create);
    await before.close();
    running = [];

    const after = await start(clock);
    await after.tg.pressId("kallio", "bob", create.actionId);
    const filed = await after.db.serviceRequest.findFirstOrThrow({ where: { description: "Lamp pole leaning" } });
    const photos = await after.db.requestPhoto.findMany({ where: { requestId: filed.id } });
    assert.deepEqual(
      photos.map((p) => [p.platform, p.fileRef, p.mimeType]),
      [["tg", file.ref, "image/jpeg"]],
    );
    await after.settle();
    const link = cardIn(after.sl, "city", filed.number)?.message.fields?.find((f) => f.label === "Photo")?.value;
    assert.match(link ?? "", /^https:\/\/bot\.example\.org\/media\/[A-Za-z0-9_-]{22}$/);
    assert.equal(await after.db.guidedFlow.count(), 0);
  });

  it("asks again for words or a file /request refuses; Skip files the request without a photo", async () => {
    const clock = new ManualClock("2026-12-01T08:00:00Z");
    const h = await start(clock);
    await seedCity(h);
    await upToPhoto(h, "Lamp dark by the library");
    await h.tg.message("kallio", "bob", "it is very dark");
    assert.match(h.tg.lastText("kallio"), /That is no photo\.[\s\S]*Add a photo\?/);
    const pdf = h.tg.addFile(JPEG, "application/pdf", "document");
    await h.tg.message("kallio", "bob", "", { file: pdf });
    assert.match(h.tg.lastText("kallio"), /only JPEG, PNG or WebP photos, not application\/pdf[\s\S]*Add a photo\?/);
    const huge = { ...h.tg.addFile(JPEG, "image/jpeg"), size: 11 * 1024 * 1024 };
    await h.tg.message("kallio", "bob", "", { file: huge });
    assert.match(h.tg.lastText("kallio"), /That photo is 11\.0 MB; the most I take is 10 MB[\s\S]*Add a photo\?/);

    await h.tg.press("kallio", "bob", "Skip");
    assert.equal(photoField(h), "—");
    await h.tg.press("kallio", "bob", "Create");
    const filed = await h.db.serviceRequest.findFirstOrThrow({ where: { description: "Lamp dark by the library" } });
    assert.equal(await h.db.requestPhoto.count({ where: { requestId: filed.id } }), 0);
    assert.match(h.tg.lastText("kallio"), new RegExp(filed.number));
  });
});
