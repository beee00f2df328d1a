// Slack intake with the durable inbox (src/core/update-inbox.ts): Bolt's
// receiver (Socket Mode or HTTP) hands each request here before Bolt sees it,
// so it is stored BEFORE anything is acknowledged; Bolt itself acknowledges
// Events API deliveries before any middleware runs, too early for that.
// Handling then replays the stored body through Bolt (ack is a no-op by then),
// now or after a restart, so a kill -9 between the ack and the core loses
// nothing.
import type { App, Receiver, ReceiverEvent } from "@slack/bolt";
import { stableId } from "./inbound.js";

/** One request Slack sent, as kept in the inbox. */
export interface KeptSlackRequest {
  /** Stable across Slack's redeliveries: the event_id, else the trigger_id, else the envelope or a digest. */
  id: string;
  body: Record<string, unknown>;
  /** Socket Mode's envelope id, the id of last resort for the neutral event. */
  envelopeId?: string;
}

/** Where the wrapped receiver's requests go: store, then acknowledge (or not), then handle. */
export type TakeRequest = (event: ReceiverEvent) => Promise<void>;

/** Bolt's receiver with `take` in front of the App: the receiver talks to the App through processEvent only. */
export class InboxReceiver implements Receiver {
  constructor(
    private readonly inner: Receiver,
    private readonly take: TakeRequest,
  ) {}

  init(_app: App): void {
    // The inner receiver calls nothing on the App but processEvent.
    const front = { processEvent: (event: ReceiverEvent) => this.take(event) };
    this.inner.init(front as unknown as App);
  }

  start(...args: unknown[]): Promise<unknown> {
    return this.inner.start(...args);
  }

  stop(...args: unknown[]): Promise<unknown> {
    return this.inner.stop(...args);
  }
}

export function keptRequestOf(event: ReceiverEvent, envelopeId: string | undefined): KeptSlackRequest {
  const body = event.body as Record<string, unknown>;
  const own = stringOf(body.event_id) ?? stringOf(body.trigger_id);
  return {
    id: stableId(kindOf(body), own, envelopeId, body),
    body,
    ...(envelopeId ? { envelopeId } : {}),
  };
}

/** Events API deliveries are retried by Slack when not acknowledged; commands and interactions are not. */
export function isEventsApi(body: Record<string, unknown>): boolean {
  return body.type === "event_callback";
}

function kindOf(body: Record<string, unknown>): string {
  if (isEventsApi(body)) return "event";
  if (typeof body.command === "string") return "command";
  return typeof body.type === "string" ? body.type : "request";
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" && value ? value : undefined;
}
