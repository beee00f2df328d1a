// GET /media/<token>: a request's photo for the officials who open the link
// on its card. The bytes stay on the platform they were sent to (the adapter
// downloads them on each view); the photo loses its EXIF/XMP (photo-location.ts),
// where phones write the place, unless the resident said --keep-location.
import type { HttpAnswer, HttpRequestData, HttpRoute } from "../../core/http-route.js";
import { textAnswer } from "../../core/http-route.js";
import { MAX_PHOTO_BYTES, PHOTO_TYPES } from "./photo-limits.js";
import { MEDIA_PREFIX } from "./photo-link.js";
import { stripPhotoLocation } from "./photo-location.js";
import type { RequestsServices } from "./services.js";

/** 16 random bytes in base64url (photo-repository.ts). */
const TOKEN = /^[A-Za-z0-9_-]{22}$/;

export function mediaRoute(s: RequestsServices): HttpRoute {
  return {
    prefix: MEDIA_PREFIX,
    async handle(request: HttpRequestData): Promise<HttpAnswer> {
      if (request.method !== "GET" && request.method !== "HEAD") {
        return textAnswer(405, "method not allowed", { allow: "GET, HEAD" });
      }
      const token = request.path.slice(MEDIA_PREFIX.length + 1);
      const photo = TOKEN.test(token) ? await s.repo.photos.byToken(token) : undefined;
      if (!photo) return textAnswer(404, "not found");
      const source = s.deps.files?.(photo.platform);
      if (!source) return textAnswer(503, `the ${photo.platform} connection is not running; try again later`);
      let bytes: Uint8Array;
      try {
        bytes = (await source.downloadFile(photo.fileRef, MAX_PHOTO_BYTES, PHOTO_TYPES)).bytes;
      } catch (error) {
        s.deps.logger.warn(
          { err: error, photo: photo.id, platform: photo.platform },
          "could not fetch a request's photo",
        );
        return textAnswer(502, "the photo could not be fetched from the platform");
      }
      let body: Uint8Array;
      try {
        body = photo.keepLocation ? bytes : stripPhotoLocation(bytes);
      } catch (error) {
        // A file whose metadata cannot be walked might still say where it was taken: not served.
        s.deps.logger.warn({ err: error, photo: photo.id }, "a request's photo could not be cleaned of its location");
        return textAnswer(422, "the photo could not be checked for location data, so it is not shown");
      }
      return {
        status: 200,
        headers: {
          "content-type": photo.mimeType,
          "content-length": String(body.length),
          "content-disposition": "inline",
          "x-content-type-options": "nosniff",
          // The link is the key: never pass it on to another site, never keep it in a shared cache.
          "referrer-policy": "no-referrer",
          "cache-control": "private, max-age=3600",
        },
        body,
      };
    },
  };
}
