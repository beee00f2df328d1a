// What an outbox row's `message` column holds: the neutral message and the
// thread it goes to. The chat itself is the row's `destination` column (order
// and rate limits are per chat), the platform its `platform` column.
import type { Destination } from "../core/adapter.js";
import type { MessageRef } from "../core/events.js";
import type { OutboundMessage } from "../core/messages.js";

/** A direct reply's delivery key, kept when the reply is handed to the outbox (delivery-key.ts). */
export interface CarriedKey {
  key: string;
  firstTriedAt: Date;
  mayHaveLanded: boolean;
}

interface Envelope {
  v: 1;
  threadId?: string;
  message: OutboundMessage;
  /** Present when the row replaces a message already sent (a live poll result, a request card). */
  editOf?: MessageRef;
  /** Present when the row stops the platform's own poll in that message (its text is then unused). */
  closePollOf?: MessageRef;
  /** Present when the row carries a reply first tried directly: its key, not the row's own. */
  delivery?: { key: string; firstTriedAt: string; mayHaveLanded: boolean };
}

/** What a row does besides sending its message as new. */
export interface EnvelopeExtras {
  editOf?: MessageRef;
  closePollOf?: MessageRef;
  delivery?: CarriedKey;
}

export function encodeEnvelope(
  destination: Destination,
  message: OutboundMessage,
  extras: EnvelopeExtras = {},
): string {
  const envelope: Envelope = { v: 1, message };
  if (destination.threadId !== undefined) envelope.threadId = destination.threadId;
  if (extras.editOf) envelope.editOf = extras.editOf;
  if (extras.closePollOf) envelope.closePollOf = extras.closePollOf;
  if (extras.delivery) {
    const { key, firstTriedAt, mayHaveLanded } = extras.delivery;
    envelope.delivery = { key, firstTriedAt: firstTriedAt.toISOString(), mayHaveLanded };
  }
  return JSON.stringify(envelope);
}

export interface DecodedEnvelope {
  to: Destination;
  message: OutboundMessage;
  editOf?: MessageRef;
  closePollOf?: MessageRef;
  delivery?: CarriedKey;
}

export function decodeEnvelope(row: { platform: string; destination: string; message: string }): DecodedEnvelope {
  const envelope = JSON.parse(row.message) as Envelope;
  if (envelope.v !== 1 || typeof envelope.message?.text !== "string") {
    throw new Error(`outbox row holds an unknown message format`);
  }
  const to: Destination = { platform: row.platform, chatId: row.destination };
  if (envelope.threadId !== undefined) to.threadId = envelope.threadId;
  const decoded: DecodedEnvelope = { to, message: envelope.message };
  if (envelope.editOf) decoded.editOf = envelope.editOf;
  if (envelope.closePollOf) decoded.closePollOf = envelope.closePollOf;
  if (envelope.delivery) {
    const { key, firstTriedAt, mayHaveLanded } = envelope.delivery;
    decoded.delivery = { key, firstTriedAt: new Date(firstTriedAt), mayHaveLanded };
  }
  return decoded;
}
