// Which photos a request takes: JPEG, PNG or WebP (what phones and browsers
// show), at most 10 MB. Pure; a refusal is a localised UserError.

import { UserError } from "../../core/errors.js";
import type { InboundFile } from "../../core/events.js";

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;

export interface PhotoInput {
  platform: string;
  fileRef: string;
  mimeType: string;
  size: number;
  /** The resident said --keep-location: serve the photo with its EXIF location. */
  keepLocation: boolean;
}

/** The file as a request's photo, or a refusal naming the limit it broke. */
export function checkPhoto(platform: string, file: InboundFile, keepLocation: boolean): PhotoInput {
  const mimeType = file.mimeType.toLowerCase();
  if (!(PHOTO_TYPES as readonly string[]).includes(mimeType)) {
    throw new UserError("requests:media.badType", { type: file.mimeType.slice(0, 60) || "?" });
  }
  if (file.size > MAX_PHOTO_BYTES) {
    throw new UserError("requests:media.tooLarge", {
      size: (file.size / 1024 / 1024).toFixed(1),
      max: MAX_PHOTO_BYTES / 1024 / 1024,
    });
  }
  return { platform, fileRef: file.ref, mimeType, size: file.size, keepLocation };
}
