// Where a photo was taken can ride inside the file: EXIF and XMP in a JPEG
// (jpeg-location.ts), an eXIf chunk or text chunks (XMP is one) in a PNG,
// EXIF and XMP chunks in a WebP. Before a resident's photo is shown, all of
// them go, unless the resident said to keep them. Pure; a file of a type it
// does not know comes back as it was (the photo limits admit only these three).
import { isJpeg, stripJpegLocation } from "./jpeg-location.js";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Chunks that may carry a place: EXIF, and text (XMP travels as iTXt "XML:com.adobe.xmp"). */
const PNG_DROPPED = new Set(["eXIf", "iTXt", "tEXt", "zTXt"]);
const WEBP_DROPPED = new Set(["EXIF", "XMP "]);
/** VP8X flag bits that announce EXIF and XMP chunks. */
const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

export function stripPhotoLocation(bytes: Uint8Array): Uint8Array {
  if (isJpeg(bytes)) return stripJpegLocation(bytes);
  if (startsWith(bytes, PNG_SIGNATURE)) return stripPngLocation(bytes);
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") return stripWebpLocation(bytes);
  return bytes;
}

/** The PNG without its eXIf and text chunks; every other chunk byte for byte (each carries its own CRC). */
export function stripPngLocation(bytes: Uint8Array): Uint8Array {
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) throw new Error(`PNG ends inside a chunk header at byte ${at}`);
    const length = view(bytes).getUint32(at);
    const end = at + 12 + length;
    if (end > bytes.length) throw new Error(`PNG chunk at byte ${at} runs past the end`);
    const type = ascii(bytes, at + 4, 4);
    if (!PNG_DROPPED.has(type)) kept.push(bytes.subarray(at, end));
    at = end;
    if (type === "IEND") break;
  }
  return Buffer.concat(kept);
}

/** The WebP without its EXIF and XMP chunks, with the RIFF size and the VP8X flags made to match. */
export function stripWebpLocation(bytes: Uint8Array): Uint8Array {
  const kept: Uint8Array[] = [];
  let at = 12;
  while (at < bytes.length) {
    if (at + 8 > bytes.length) throw new Error(`WebP ends inside a chunk header at byte ${at}`);
    const size = view(bytes).getUint32(at + 4, true);
    // Chunks are padded to an even size.
    const end = at + 8 + size + (size % 2);
    if (at + 8 + size > bytes.length) throw new Error(`WebP chunk at byte ${at} runs past the end`);
    const fourcc = ascii(bytes, at, 4);
    if (!WEBP_DROPPED.has(fourcc)) {
      const chunk = bytes.slice(at, Math.min(end, bytes.length));
      if (fourcc === "VP8X" && chunk.length > 8) chunk[8] = chunk[8]! & ~(VP8X_EXIF | VP8X_XMP);
      kept.push(chunk);
    }
    at = end;
  }
  const body = Buffer.concat(kept);
  const out = new Uint8Array(12 + body.length);
  out.set(bytes.subarray(0, 12));
  view(out).setUint32(4, 4 + body.length, true);
  out.set(body, 12);
  return out;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}
