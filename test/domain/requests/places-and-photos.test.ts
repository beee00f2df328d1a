// Shared locations and photos on requests, on both databases: a location
// places the request filed just before or after it in the same chat (a
// venue keeps its name and address), officials' cards show the map and the
// photo link, /request near lists open requests nearest first, photos obey
// the type and size limits, and the link serves the photo without its EXIF.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import { cardIn, type RequestsTestApp, seedCity, startRequestsApp } from "./harness.js";

const BASE = "https://bot.example.org";
const kallioLibrary = { lat: 60.1841, long: 24.9503 };

/** A JPEG with an EXIF segment naming where it was taken, and the same JPEG without it. */
function jpegWithExif(): { photo: Uint8Array; stripped: Uint8Array } {
  const exifPayload = [...Buffer.from("Exif\0\0GPSLatitude 60.1841", "latin1")];
  const app1 = [0xff, 0xe1, 0, exifPayload.length + 2, ...exifPayload];
  const dqt = [0xff, 0xdb, 0, 4, 0, 1];
  const scan = [0xff, 0xda, 0, 3, 1, 0x55, 0xff, 0xd9];
  return {
    photo: Uint8Array.from([0xff, 0xd8, ...app1, ...dqt, ...scan]),
    stripped: Uint8Array.from([0xff, 0xd8, ...dqt, ...scan]),
  };
}

/** A stored photo's columns, for a second row that differs in one. */
function photoRow(photo: { requestId: number; platform: string; fileRef: string; mimeType: string; size: number }) {
  const { requestId, platform, fileRef, mimeType, size } = photo;
  return { requestId, platform, fileRef, mimeType, size };
}

/** The value of a card field, by its label. */
function field(card: ReturnType<typeof cardIn>, label: string): string | undefined {
  return card?.message.fields?.find((f) => f.label === label)?.value;
}

forEachDatabase("requests: places and photos", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;
  let communityId: string;

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock, http: true, publicBaseUrl: BASE });
    ({ communityId } = await seedCity(h));
  });
  afterAll(() => h.close());

  describe("shared locations", () => {
    it("a location right after /request places it; the officials' card gets the map link", async () => {
      const receipt = await h.say(h.tg, "kallio", "bob", "/request lighting Lamp dark by the library");
      // This platform has no location messages: the receipt asks for none.
      assert.doesNotMatch(receipt, /Where is it\?/);
      await h.settle();
      assert.equal(field(cardIn(h.sl, "city", "K-1001"), "Map"), undefined);
      clock.advance(2 * 60_000);
      await h.tg.shareLocation("kallio", "bob", kallioLibrary);
      assert.equal(h.tg.lastText("kallio"), "Place added to K-1001: 60.18410, 24.95030.");
      await h.settle();
      const card = cardIn(h.sl, "city", "K-1001");
      assert.equal(field(card, "Where"), "60.18410, 24.95030");
      assert.match(field(card, "Map") ?? "", /openstreetmap\.org\/\?mlat=60\.18410&mlon=24\.95030/);
      const stored = await h.db.serviceRequest.findFirstOrThrow({ where: { number: "K-1001" } });
      assert.deepEqual([stored.lat, stored.long], [60.1841, 24.9503]);
    });

    it("a venue shared first places the next request filed in the same chat, name and address kept", async () => {
      await h.tg.shareLocation("kallio", "carol", {
        lat: 60.1881,
        long: 24.9503,
        venue: { title: "Kallio church", address: "Itäinen Papinkatu 2" },
      });
      assert.match(h.tg.lastText("kallio"), /^Location noted\. A request you file here in the next 10 minutes/);
      clock.advance(60_000);
      await h.say(h.tg, "kallio", "carol", "/request parks Bench broken at the church");
      await h.settle();
      const card = cardIn(h.sl, "parks", "K-1002");
      assert.equal(field(card, "Where"), "Kallio church, Itäinen Papinkatu 2 (60.18810, 24.95030)");
      const stored = await h.db.serviceRequest.findFirstOrThrow({ where: { number: "K-1002" } });
      assert.deepEqual([stored.placeName, stored.address], ["Kallio church", "Itäinen Papinkatu 2"]);
    });

    it("an old location, one from another chat, or a request already placed takes nothing", async () => {
      await h.tg.shareLocation("kallio", "dave", { lat: 60.17, long: 24.94 });
      clock.advance(11 * 60_000);
      await h.say(h.tg, "kallio", "dave", "/request roads Pothole somewhere");
      await h.tg.shareLocation("dm:dave", "dave", { lat: 60.1712, long: 24.9412 });
      await h.say(h.tg, "kallio", "dave", "/request roads Another pothole");
      const placed = await h.db.serviceRequest.findMany({
        where: { number: { in: ["K-1003", "K-1004"] } },
        orderBy: { id: "asc" },
      });
      assert.deepEqual(
        placed.map((r) => r.lat),
        [null, null],
      );
      // A request placed by its command keeps that place when a location follows.
      await h.say(h.tg, "kallio", "erin", "/request roads Hole --at 60.1600,24.9300");
      await h.tg.shareLocation("kallio", "erin", kallioLibrary);
      assert.match(h.tg.lastText("kallio"), /^Location noted/);
      const erin = await h.db.serviceRequest.findFirstOrThrow({ where: { number: "K-1005" } });
      assert.deepEqual([erin.lat, erin.long], [60.16, 24.93]);
    });

    it("a location out of range is refused", async () => {
      await h.tg.shareLocation("kallio", "fay", { lat: 95, long: 24.9 });
      assert.match(h.tg.lastText("kallio"), /is not a place I can read/);
    });
  });

  describe("/request near", () => {
    it("lists open requests near the last shared location, nearest first, with distances", async () => {
      // erin last shared the library: K-1001 is there, K-1002 (the church) ~440 m north, K-1005 ~2.9 km away.
      const near = await h.say(h.tg, "kallio", "erin", "/request near");
      assert.deepEqual(near.split("\n"), [
        "2 open requests within 1 km",
        "K-1001 · 0 m · Street lighting · Lamp dark by the library · +0",
        "K-1002 · 440 m · Parks · Bench broken at the church · +0",
      ]);
      assert.equal(
        h.tg.messagesIn("kallio").at(-1)?.message.footer,
        "Same problem? Press its +1 to back it instead of filing again (or /request +1 <number>).",
      );
      const wide = await h.say(h.tg, "kallio", "erin", "/request near --radius 5km");
      assert.match(
        wide,
        /^3 open requests within 5 km\nK-1001 .*\nK-1002 .*\nK-1005 · 2\.9 km · Roads and streets · Hole · \+0$/,
      );
    });

    it("takes a place typed in the command, and leaves out closed requests and other communities", async () => {
      await h.say(h.sl, "parks", "pia", "/request resolve K-1002 Fixed");
      await h.say(h.tg, "toolo", "zoe", "/setup community Töölö", true);
      await h.say(h.tg, "toolo", "zoe", '/setup category add roads "Roads"');
      await h.say(h.tg, "toolo", "zoe", "/request roads Hole by the library --at 60.1842,24.9504");
      const near = await h.say(
        h.tg,
        "kallio",
        "gus",
        "/request near https://www.openstreetmap.org/?mlat=60.1881&mlon=24.9503 --radius 600m",
      );
      assert.deepEqual(near.split("\n"), [
        "1 open request within 600 m",
        "K-1001 · 440 m · Street lighting · Lamp dark by the library · +0",
      ]);
      assert.match(
        await h.say(h.tg, "kallio", "gus", "/request near --radius 0.5km"),
        /^Near where\? Share a location with me first/,
      );
      assert.match(
        await h.say(h.tg, "kallio", "gus", "/request near 60.18,24.95 --radius 90km"),
        /^“90km” is not a distance I can read/,
      );
    });
  });

  describe("photos", () => {
    it("a photo sent with /request is linked on the card and served without its EXIF; an unknown token is 404", async () => {
      const { photo, stripped } = jpegWithExif();
      const file = h.tg.addFile(photo, "image/jpeg");
      await h.tg.command("kallio", "bob", "/request lighting Lamp pole leaning", { file });
      // The resident's receipt says the photo is attached, without the officials' link.
      const receipt = h.tg.messagesIn("kallio").at(-1)?.message;
      assert.equal(receipt?.fields?.find((f) => f.label === "Photo")?.value, "attached");
      assert.doesNotMatch(JSON.stringify(receipt), /\/media\//);
      await h.settle();
      const link = field(cardIn(h.sl, "city", "K-1006"), "Photo") ?? "";
      assert.match(link, /^https:\/\/bot\.example\.org\/media\/[A-Za-z0-9_-]{22}$/);
      const stored = await h.db.requestPhoto.findFirstOrThrow();
      assert.deepEqual(
        [stored.platform, stored.fileRef, stored.mimeType, stored.size],
        ["tg", file.ref, "image/jpeg", photo.length],
      );

      const served = await fetch(`${h.baseUrl}${new URL(link).pathname}`);
      assert.equal(served.status, 200);
      assert.equal(served.headers.get("content-type"), "image/jpeg");
      assert.deepEqual(new Uint8Array(await served.arrayBuffer()), stripped);
      assert.equal((await fetch(`${h.baseUrl}/media/AAAAAAAAAAAAAAAAAAAAAA`)).status, 404);
      assert.equal((await fetch(`${h.baseUrl}/media/not-a-token`)).status, 404);

      // Open311 shows the same link as the request's media_url.
      const open311 = await fetch(`${h.baseUrl}/open311/v2/requests/K-1006.json?jurisdiction_id=${communityId}`);
      const [json] = (await open311.json()) as { media_url: string; lat: number | null }[];
      assert.equal(json?.media_url, link);
      assert.equal(json?.lat, null);
    });

    it("the link only reads; 503 while the photo's platform is not running, 502 when it lost the file, 422 when unreadable", async () => {
      const photo = await h.db.requestPhoto.findFirstOrThrow();
      assert.equal((await fetch(`${h.baseUrl}/media/${photo.token}`, { method: "POST" })).status, 405);
      const head = await fetch(`${h.baseUrl}/media/${photo.token}`, { method: "HEAD" });
      assert.equal(head.status, 200);
      assert.equal(await head.text(), "");
      const elsewhere = await h.db.requestPhoto.create({
        data: { ...photoRow(photo), platform: "nowhere", token: "BBBBBBBBBBBBBBBBBBBBBB" },
      });
      assert.equal((await fetch(`${h.baseUrl}/media/${elsewhere.token}`)).status, 503);
      const lost = await h.db.requestPhoto.create({
        data: { ...photoRow(photo), fileRef: "tg-file-gone", token: "CCCCCCCCCCCCCCCCCCCCCC" },
      });
      assert.equal((await fetch(`${h.baseUrl}/media/${lost.token}`)).status, 502);
      // A JPEG whose segments cannot be walked might still hold its place: not shown.
      const broken = h.tg.addFile(Uint8Array.from([0xff, 0xd8, 0xff, 0xe1, 0x40, 0x00, 1]), "image/jpeg");
      const unreadable = await h.db.requestPhoto.create({
        data: { ...photoRow(photo), fileRef: broken.ref, token: "DDDDDDDDDDDDDDDDDDDDDD" },
      });
      assert.equal((await fetch(`${h.baseUrl}/media/${unreadable.token}`)).status, 422);
      await h.db.requestPhoto.deleteMany({ where: { id: { in: [elsewhere.id, lost.id, unreadable.id] } } });
    });

    it("--keep-location serves the photo as sent", async () => {
      const { photo } = jpegWithExif();
      const file = h.tg.addFile(photo, "image/jpeg", "document");
      await h.tg.command("kallio", "carol", "/request parks Broken swing --keep-location", { file });
      await h.settle();
      const link = field(cardIn(h.sl, "parks", "K-1007"), "Photo") ?? "";
      const served = await fetch(`${h.baseUrl}${new URL(link).pathname}`);
      assert.deepEqual(new Uint8Array(await served.arrayBuffer()), photo);
    });

    it("keeps the photo and the shared place when the category is picked from the suggestions", async () => {
      await h.tg.shareLocation("kallio", "gus", {
        lat: 60.1845,
        long: 24.9505,
        venue: { title: "Kallio library", address: "Viides linja 11" },
      });
      const { photo, stripped } = jpegWithExif();
      const file = h.tg.addFile(photo, "image/jpeg");
      await h.tg.command("kallio", "gus", "/request lightning Cable hanging from the lamp", { file });
      await h.tg.press("kallio", "gus", "lighting · Street lighting");
      await h.settle();
      const filed = await h.db.serviceRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
      assert.deepEqual(
        [filed.description, filed.placeName, filed.address, filed.lat],
        ["Cable hanging from the lamp", "Kallio library", "Viides linja 11", 60.1845],
      );
      const link = field(cardIn(h.sl, "city", filed.number), "Photo") ?? "";
      const served = await fetch(`${h.baseUrl}${new URL(link).pathname}`);
      assert.deepEqual(new Uint8Array(await served.arrayBuffer()), stripped);
    });

    it("refuses other types and photos over 10 MB, filing nothing", async () => {
      const before = await h.db.serviceRequest.count();
      const heic = h.tg.addFile(new Uint8Array([0, 0, 0, 0x18]), "image/heic", "document");
      await h.tg.command("kallio", "dave", "/request roads Crack", { file: heic });
      assert.match(h.tg.lastText("kallio"), /^I can attach only JPEG, PNG or WebP photos, not image\/heic\./);
      const huge = { ref: "tg-huge", mimeType: "image/jpeg", size: 11 * 1024 * 1024, kind: "photo" as const };
      await h.tg.command("kallio", "dave", "/request roads Crack", { file: huge });
      assert.equal(h.tg.lastText("kallio"), "That photo is 11.0 MB; the most I take is 10 MB. Send a smaller one.");
      assert.equal(await h.db.serviceRequest.count(), before);
    });
  });
});
