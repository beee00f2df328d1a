// What an outbox row's `message` column holds: the neutral message and the
// thread it goes to. The chat itself is the row's `destination` column (order
// and rate limits are per chat), the platform its `platform` column.
import type { Destination } from "../core/adapter.js";
import type { MessageRef } from "../core/events.js";
import type { OutboundMessage } from "../core/messages.js";

interface Envelope {
  v: 1;
  threadId?: string;
  message: OutboundMessage;
  /** Present when the row replaces a message already sent (a live poll result, a request card). */
  editOf?: MessageRef;
}

export function encodeEnvelope(destination: Destination, message: OutboundMessage, editOf?: MessageRef): string {
  const envelope: Envelope = { v: 1, message };
  if (destination.threadId !== undefined) envelope.threadId = destination.threadId;
  if (editOf) envelope.editOf = editOf;
  return JSON.stringify(envelope);
}

export interface DecodedEnvelope {
  to: Destination;
  message: OutboundMessage;
  editOf?: MessageRef;
}

export function decodeEnvelope(row: { platform: string; destination: string; message: string }): DecodedEnvelope {
  const envelope = JSON.parse(row.message) as Envelope;
  if (envelope.v !== 1 || typeof envelope.message?.text !== "string") {
    throw new Error(`outbox row holds an unknown message format`);
  }
  const to: Destination = { platform: row.platform, chatId: row.destination };
  if (envelope.threadId !== undefined) to.threadId = envelope.threadId;
  return envelope.editOf
    ? { to, message: envelope.message, editOf: envelope.editOf }
    : { to, message: envelope.message };
}
