// Pure pieces behind photos and places: stripping a JPEG's location
// segments, the photo limits, and the nearest-first ordering of /request near.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { UserError } from "../../../src/core/errors.js";
import type { InboundFile } from "../../../src/core/events.js";
import { isJpeg, stripJpegLocation } from "../../../src/domain/requests/jpeg-location.js";
import { formatDistance, nearestFirst } from "../../../src/domain/requests/nearby.js";
import { checkPhoto, MAX_PHOTO_BYTES } from "../../../src/domain/requests/photo-limits.js";
import { photoUrl } from "../../../src/domain/requests/photo-link.js";
import { stripPhotoLocation } from "../../../src/domain/requests/photo-location.js";
import { refusal } from "./refusal.js";

/** A marker segment: FF <marker> <length incl. itself, 2 bytes> <payload>. */
function segment(marker: number, payload: number[]): number[] {
  const length = payload.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...payload];
}

const ascii = (text: string) => [...Buffer.from(text, "latin1")];
const SOI = [0xff, 0xd8];
const APP0 = segment(0xe0, [...ascii("JFIF\0"), 1, 1, 0, 0, 1, 0, 1, 0, 0]);
const EXIF = segment(0xe1, [...ascii("Exif\0\0"), ...ascii("GPSLatitude 60.1841 GPSLongitude 24.9503")]);
const XMP = segment(0xe1, ascii("http://ns.adobe.com/xap/1.0/\0<exif:GPSLatitude>60,11.04N</exif:GPSLatitude>"));
const DQT = segment(0xdb, [0, ...Array.from({ length: 64 }, (_, i) => i + 1)]);
// Entropy-coded data may hold FF E1 as stuffed bytes and restart markers; it is never touched.
const SCAN = [...segment(0xda, [1, 1, 0, 0, 0x3f, 0]), 0x12, 0xff, 0x00, 0xff, 0xe1, 0xff, 0xd0, 0x34];
const EOI = [0xff, 0xd9];

describe("stripJpegLocation", () => {
  it("drops the EXIF and XMP (APP1) segments and keeps every other byte as it was", () => {
    const photo = Uint8Array.from([...SOI, ...APP0, ...EXIF, ...XMP, ...DQT, ...SCAN, ...EOI]);
    const stripped = stripJpegLocation(photo);
    assert.deepEqual([...stripped], [...SOI, ...APP0, ...DQT, ...SCAN, ...EOI]);
    assert.ok(isJpeg(stripped));
    assert.doesNotMatch(Buffer.from(stripped).toString("latin1"), /GPS|Exif/);
  });

  it("leaves a JPEG without APP1 byte for byte, and other formats untouched", () => {
    const plain = Uint8Array.from([...SOI, ...APP0, ...DQT, ...SCAN, ...EOI]);
    assert.deepEqual([...stripJpegLocation(plain)], [...plain]);
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(stripJpegLocation(png), png);
  });

  it("skips fill bytes before a marker, and refuses a JPEG whose segments cannot be walked", () => {
    const filled = Uint8Array.from([...SOI, 0xff, ...EXIF, ...SCAN, ...EOI]);
    assert.deepEqual([...stripJpegLocation(filled)], [...SOI, ...SCAN, ...EOI]);
    // A segment that claims to run past the end may hide the location: no bytes rather than the wrong bytes.
    assert.throws(() => stripJpegLocation(Uint8Array.from([...SOI, 0xff, 0xe1, 0x40, 0x00, 1, 2, 3])));
    assert.throws(() => stripJpegLocation(Uint8Array.from([...SOI, 0x00, 0x01])));
  });
});

/** A PNG chunk: length, type, data, and a CRC (not checked by the stripper, kept as is). */
function pngChunk(type: string, data: number[]): number[] {
  const n = data.length;
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff, ...ascii(type), ...data, 1, 2, 3, 4];
}

/** A RIFF chunk: fourcc, little-endian size, data, padded to an even length. */
function riffChunk(fourcc: string, data: number[]): number[] {
  const n = data.length;
  return [...ascii(fourcc), n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24, ...data, ...(n % 2 ? [0] : [])];
}

function webp(chunks: number[]): Uint8Array {
  const size = 4 + chunks.length;
  return Uint8Array.from([...ascii("RIFF"), size & 0xff, (size >>> 8) & 0xff, 0, 0, ...ascii("WEBP"), ...chunks]);
}

describe("stripPhotoLocation", () => {
  it("a JPEG loses its APP1 segments", () => {
    const photo = Uint8Array.from([...SOI, ...EXIF, ...SCAN, ...EOI]);
    assert.deepEqual([...stripPhotoLocation(photo)], [...SOI, ...SCAN, ...EOI]);
  });

  it("a PNG loses its eXIf and text (XMP) chunks; the image chunks stay byte for byte", () => {
    const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
    const ihdr = pngChunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
    const exif = pngChunk("eXIf", ascii("MM\0*GPS 60.1841"));
    const xmp = pngChunk("iTXt", ascii("XML:com.adobe.xmp\0\0\0\0\0<exif:GPSLatitude>"));
    const idat = pngChunk("IDAT", [0x78, 0x9c, 0x63, 0, 0, 0, 2, 0, 1]);
    const iend = pngChunk("IEND", []);
    const stripped = stripPhotoLocation(Uint8Array.from([...signature, ...ihdr, ...exif, ...xmp, ...idat, ...iend]));
    assert.deepEqual([...stripped], [...signature, ...ihdr, ...idat, ...iend]);
  });

  it("a WebP loses its EXIF and XMP chunks, and its header and VP8X flags say so", () => {
    const vp8x = (flags: number) => riffChunk("VP8X", [flags, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const image = riffChunk("VP8L", [0x2f, 0, 0, 0, 0x10]);
    const exif = riffChunk("EXIF", ascii("MM\0*GPS"));
    const xmp = riffChunk("XMP ", ascii("<x/>!"));
    const photo = webp([...vp8x(0x0c | 0x10), ...image, ...exif, ...xmp]);
    assert.deepEqual([...stripPhotoLocation(photo)], [...webp([...vp8x(0x10), ...image])]);
  });

  it("refuses a PNG whose chunks run past its end; leaves unknown bytes alone", () => {
    const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
    assert.throws(() => stripPhotoLocation(Uint8Array.from([...signature, 0, 0, 1, 0, ...ascii("eXIf"), 1])));
    const gif = Uint8Array.from(ascii("GIF89a"));
    assert.equal(stripPhotoLocation(gif), gif);
  });
});

describe("checkPhoto", () => {
  const photo = (mimeType: string, size: number): InboundFile => ({ ref: "f1", mimeType, size, kind: "photo" });

  it("takes JPEG, PNG and WebP up to 10 MB, with the platform's reference", () => {
    assert.deepEqual(checkPhoto("telegram", photo("image/jpeg", 180_000), false), {
      platform: "telegram",
      fileRef: "f1",
      mimeType: "image/jpeg",
      size: 180_000,
      keepLocation: false,
    });
    assert.equal(checkPhoto("telegram", photo("IMAGE/PNG", MAX_PHOTO_BYTES), true).mimeType, "image/png");
    assert.equal(checkPhoto("telegram", photo("image/webp", 1), false).keepLocation, false);
  });

  it("refuses other types and larger files with a line naming the limit", () => {
    const thrown = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        if (error instanceof UserError) return { key: error.key, params: error.params };
        throw error;
      }
      return undefined;
    };
    assert.equal(
      refusal(() => checkPhoto("telegram", photo("image/heic", 10), false)),
      "requests:media.badType",
    );
    assert.deepEqual(
      thrown(() => checkPhoto("telegram", photo("image/jpeg", 12 * 1024 * 1024), false)),
      {
        key: "requests:media.tooLarge",
        params: { size: "12.0", max: 10 },
      },
    );
  });
});

describe("nearestFirst", () => {
  const kallio = { lat: 60.1841, long: 24.9503 };
  const items = [
    { id: "far", lat: 60.2055, long: 24.6559 }, // Espoo, ~16 km
    { id: "none", lat: null, long: null },
    { id: "close", lat: 60.1845, long: 24.9505 }, // ~46 m
    { id: "mid", lat: 60.1881, long: 24.9503 }, // ~445 m
  ];

  it("keeps those within the radius, nearest first, with their distance", () => {
    const near = nearestFirst(kallio, items, 1000);
    assert.deepEqual(
      near.map((n) => n.item.id),
      ["close", "mid"],
    );
    assert.ok(near[0]!.metres < 50 && near[1]!.metres > 400 && near[1]!.metres < 500);
    assert.deepEqual(
      nearestFirst(kallio, items, 50_000).map((n) => n.item.id),
      ["close", "mid", "far"],
    );
    assert.deepEqual(nearestFirst(kallio, items, 10), []);
  });

  it("shows distances as people read them", () => {
    assert.equal(formatDistance(46.2), "50 m");
    assert.equal(formatDistance(445), "450 m");
    assert.equal(formatDistance(16_480), "16.5 km");
    assert.equal(formatDistance(5000), "5 km");
  });
});

describe("photoUrl", () => {
  it("joins the public base and the token under /media", () => {
    assert.equal(photoUrl("https://bot.example.org/", "abc"), "https://bot.example.org/media/abc");
    assert.equal(photoUrl("https://example.org/talkoot", "abc"), "https://example.org/talkoot/media/abc");
  });
});
