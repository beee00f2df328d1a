// A file someone attached on Discord, fetched from Discord's CDN. The
// attachment's URL is the file's reference (InboundFile.ref): it names the
// attachment (its id is in the path), but it is signed and expires
// (`?ex=<hex Unix seconds>&is=…&hm=…`, about a day). A URL past its `ex`,
// or one the CDN no longer serves, is exchanged for a fresh one with
// POST /attachments/refresh-urls, which takes the old URL (expired or not),
// and fetched again. The CDN needs no token; the body is bounded
// (src/core/bounded-download.ts).
import type { REST } from "discord.js";
import type { DownloadedFile } from "../../src/core/adapter.js";
import { boundedDownload, DownloadError } from "../../src/core/bounded-download.js";

/** Refresh a little before `ex`, so a URL does not run out between the check and the fetch. */
const EXPIRY_MARGIN_MS = 60_000;
/** What the CDN answers for a URL it no longer serves (expired, or signed for another time). */
const STALE_STATUSES = new Set([403, 404, 410]);

interface RefreshAnswer {
  refreshed_urls?: { original?: string; refreshed?: string }[];
}

/** Whether the URL's `ex` has passed (or is about to); a URL without one is taken as current. */
export function isExpired(url: string, now: number): boolean {
  let ex: string | null;
  try {
    ex = new URL(url).searchParams.get("ex");
  } catch {
    return false;
  }
  if (!ex || !/^[0-9a-f]+$/i.test(ex)) return false;
  return Number.parseInt(ex, 16) * 1000 <= now + EXPIRY_MARGIN_MS;
}

/** A fresh URL for the attachment, from Discord. */
export async function refreshedUrl(rest: REST, url: string): Promise<string> {
  const answer = (await rest.post("/attachments/refresh-urls", { body: { attachment_urls: [url] } })) as RefreshAnswer;
  const fresh = answer.refreshed_urls?.find((entry) => entry.original === url)?.refreshed;
  if (!fresh) throw new Error("discord: the attachment's URL could not be refreshed (the file may be gone)");
  return fresh;
}

export async function downloadDiscordFile(
  rest: REST,
  ref: string,
  maxBytes: number,
  types?: readonly string[],
  now: number = Date.now(),
): Promise<DownloadedFile> {
  if (!/^https?:\/\//.test(ref)) throw new Error("discord: the file reference is no attachment URL");
  const fetchFrom = async (url: string): Promise<DownloadedFile> => ({
    bytes: await boundedDownload({
      url,
      maxBytes,
      source: "discord",
      ...(types ? { accept: (type: string) => types.includes(type) } : {}),
    }),
    name: decodeURIComponent(new URL(url).pathname.split("/").at(-1) ?? ""),
  });
  if (isExpired(ref, now)) return fetchFrom(await refreshedUrl(rest, ref));
  try {
    return await fetchFrom(ref);
  } catch (error) {
    // Refused although `ex` says it is current (the clocks disagree, or Discord revoked it): one refresh, one more try.
    if (!(error instanceof DownloadError) || !STALE_STATUSES.has(error.status ?? 0)) throw error;
    return fetchFrom(await refreshedUrl(rest, ref));
  }
}
