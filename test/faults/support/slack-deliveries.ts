// Slack's side of HTTP delivery in the fault suite: each event POSTed to the
// bot, and one the bot did not answer 200 (it was killed, down, or slower than
// Slack's 3 s) retried as Slack's Events API does: the same body with
// X-Slack-Retry-Num 1, 2, 3, then given up. Slack spaces its retries
// (at once, after a minute, after five); here they come once the bot is back,
// which a minute's wait would also see. Interactions (slash commands, button
// presses) are never retried by Slack, so a burst that must be redelivered
// goes through the Events API (mentions).
import type { Delivery, FakeSlack } from "../../fakes/slack/fake-slack.js";

/** Slack's Events API gives up after this many retries. */
export const SLACK_RETRIES = 3;

export class SlackDeliveries {
  /** The delivery id (event_id) behind each key the scenario chose, once the first POST returned. */
  private readonly ids = new Map<string, string>();
  /** First POSTs still in flight, by key. */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Keys Slack will still retry. */
  readonly retrying = new Set<string>();

  constructor(private readonly fake: FakeSlack) {}

  /** POSTs one delivery (`post` makes it); a status other than 200 leaves it to retry. */
  send(key: string, post: () => Promise<Delivery>): void {
    this.retrying.add(key);
    const first = post().then((delivery) => {
      this.ids.set(key, delivery.id);
      if (delivery.status === 200) this.retrying.delete(key);
      this.inFlight.delete(key);
    });
    this.inFlight.set(key, first);
  }

  /** Slack saw this key's event answered 200. */
  acknowledged(key: string): boolean {
    const id = this.ids.get(key);
    return id !== undefined && this.fake.deliveries.some((d) => d.id === id && d.status === 200);
  }

  /** Waits for the first POSTs, then retries what was not answered 200, up to SLACK_RETRIES times each. */
  async retryUnacknowledged(): Promise<void> {
    await Promise.all(this.inFlight.values());
    await Promise.all(
      [...this.retrying].map(async (key) => {
        const id = this.ids.get(key);
        for (let attempt = 1; id !== undefined && attempt <= SLACK_RETRIES; attempt++) {
          const delivery = await this.fake.redeliver(id, { reason: "http_error" });
          if (delivery.status === 200) break;
        }
        // Answered, or given up on: Slack sends it no more.
        this.retrying.delete(key);
      }),
    );
  }
}
