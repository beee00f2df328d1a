// Discord's CDN for attachments, as it works since December 2023: every URL
// is signed, `?ex=<expiry>&is=<issued>&hm=<signature>` (hex Unix seconds and
// an HMAC over the path and both times), and answers 404 "This content is no
// longer available." once `ex` has passed or when the signature does not
// match. A bot gets fresh URLs from POST /attachments/refresh-urls
// (rest.ts). Message attachments live at /attachments/<channel>/<id>/<name>,
// the files people attach to a slash command's attachment option at
// /ephemeral-attachments/<application>/<id>/<name>.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { StoredAttachment } from "./types.js";

/** Discord's links last about a day. */
export const DEFAULT_URL_LIFETIME_MS = 24 * 60 * 60_000;

export type CdnVerdict = "ok" | "expired" | "forged";

export class Cdn {
  private readonly secret = randomBytes(16);
  /** Files attached to slash commands, by attachment id (they belong to no message). */
  readonly ephemeral = new Map<string, StoredAttachment>();
  /** How long a URL handed out from now on lasts. */
  urlLifetimeMs = DEFAULT_URL_LIFETIME_MS;
  /** How far the CDN's clock is ahead of the machine's: a test moves it on to let URLs expire. */
  clockOffsetMs = 0;

  constructor(
    private readonly baseUrl: () => string,
    private readonly applicationId: string,
  ) {}

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  messageAttachmentUrl(channelId: string, a: Pick<StoredAttachment, "id" | "filename">): string {
    return this.signed(`/attachments/${channelId}/${a.id}/${encodeURIComponent(a.filename)}`);
  }

  ephemeralAttachmentUrl(a: Pick<StoredAttachment, "id" | "filename">): string {
    return this.signed(`/ephemeral-attachments/${this.applicationId}/${a.id}/${encodeURIComponent(a.filename)}`);
  }

  /** The same path with fresh times and signature; undefined for a URL that is none of this CDN's (or forged). */
  refresh(url: string): string | undefined {
    const parsed = this.parse(url);
    if (!parsed || this.verdictOf(parsed) === "forged") return undefined;
    return this.signed(parsed.path);
  }

  /** Whether a request for `path` with `query` may be served now. */
  verdict(path: string, query: URLSearchParams): CdnVerdict {
    return this.verdictOf({ path, ex: query.get("ex") ?? "", is: query.get("is") ?? "", hm: query.get("hm") ?? "" });
  }

  private verdictOf(p: { path: string; ex: string; is: string; hm: string }): CdnVerdict {
    const expected = this.signature(p.path, p.ex, p.is);
    const given = Buffer.from(p.hm, "hex");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "forged";
    return Number.parseInt(p.ex, 16) * 1000 <= this.now() ? "expired" : "ok";
  }

  private parse(url: string): { path: string; ex: string; is: string; hm: string } | undefined {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    if (parsed.origin !== this.baseUrl()) return undefined;
    const q = parsed.searchParams;
    return { path: parsed.pathname, ex: q.get("ex") ?? "", is: q.get("is") ?? "", hm: q.get("hm") ?? "" };
  }

  private signed(path: string): string {
    const issued = Math.floor(this.now() / 1000);
    const is = issued.toString(16);
    const ex = Math.floor((this.now() + this.urlLifetimeMs) / 1000).toString(16);
    const hm = this.signature(path, ex, is).toString("hex");
    // Discord's URLs end with "&" after the signature.
    return `${this.baseUrl()}${path}?ex=${ex}&is=${is}&hm=${hm}&`;
  }

  private signature(path: string, ex: string, is: string): Buffer {
    return createHmac("sha256", this.secret).update(`${path}\n${ex}\n${is}`).digest();
  }
}
