// Phones write where a photo was taken into the JPEG itself (EXIF GPS, and
// XMP), both in APP1 segments. Before a resident's photo is shown to anyone,
// those segments go, unless the resident said to keep them. Pure.

const MARKER = 0xff;
const SOI = 0xd8;
const APP1 = 0xe1;
/** Start of scan: the compressed image follows, with no more segment headers to read. */
const SOS = 0xda;
const EOI = 0xd9;

/** Whether the bytes start like a JPEG (SOI marker). */
export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === MARKER && bytes[1] === SOI;
}

/**
 * The JPEG without its APP1 segments (EXIF, XMP), everything else byte for
 * byte. Bytes that are not a well-formed JPEG header come back unchanged
 * only when they are not a JPEG at all; a JPEG whose segments cannot be
 * walked throws, so a photo that might still carry its location is never served.
 */
export function stripJpegLocation(bytes: Uint8Array): Uint8Array {
  if (!isJpeg(bytes)) return bytes;
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let at = 2;
  while (at < bytes.length) {
    if (bytes[at] !== MARKER) throw new Error(`not a JPEG segment at byte ${at}`);
    // Fill bytes: a marker may be preceded by any number of 0xFF.
    let markerAt = at;
    while (bytes[markerAt + 1] === MARKER) markerAt++;
    const marker = bytes[markerAt + 1];
    if (marker === undefined) throw new Error("JPEG ends inside a marker");
    if (marker === SOS || marker === EOI) {
      kept.push(bytes.subarray(markerAt));
      break;
    }
    // Markers without a length: TEM and RST0..7.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      kept.push(bytes.subarray(markerAt, markerAt + 2));
      at = markerAt + 2;
      continue;
    }
    const length = ((bytes[markerAt + 2] ?? 0) << 8) | (bytes[markerAt + 3] ?? 0);
    const end = markerAt + 2 + length;
    if (length < 2 || end > bytes.length) throw new Error(`JPEG segment at byte ${markerAt} runs past the end`);
    if (marker !== APP1) kept.push(bytes.subarray(markerAt, end));
    at = end;
  }
  return Buffer.concat(kept);
}
