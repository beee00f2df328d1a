// The response_url of each recent command and button press, by event id.
// Slack lets an app answer through it for 30 minutes, even in a channel the
// bot is not a member of, where chat.postMessage fails with not_in_channel.
// So a direct answer to someone who typed /talkoot in such a channel still
// reaches them.
import type { types } from "@slack/bolt";

export interface RespondBody {
  response_type?: "in_channel" | "ephemeral";
  replace_original?: boolean;
  text: string;
  blocks?: types.KnownBlock[];
}

export type Respond = (body: RespondBody) => Promise<unknown>;

/** Slack's validity of a response_url. */
const RESPONSE_URL_TTL_MS = 30 * 60_000;

export class ResponseUrls {
  private readonly byEvent = new Map<string, { respond: Respond; expiresAt: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 5_000,
  ) {}

  remember(eventId: string, respond: Respond): void {
    const now = this.now();
    this.byEvent.set(eventId, { respond, expiresAt: now + RESPONSE_URL_TTL_MS });
    for (const [key, entry] of this.byEvent) {
      if (this.byEvent.size <= this.maxEntries && entry.expiresAt > now) break;
      this.byEvent.delete(key);
    }
  }

  get(eventId: string | undefined): Respond | undefined {
    if (!eventId) return undefined;
    const entry = this.byEvent.get(eventId);
    if (!entry || entry.expiresAt <= this.now()) return undefined;
    return entry.respond;
  }
}
