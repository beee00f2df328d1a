// What an outbox row's `message` column holds: the neutral message and the
// thread it goes to. The chat itself is the row's `destination` column (order
// and rate limits are per chat), the platform its `platform` column.
import type { Destination } from "../core/adapter.js";
import type { OutboundMessage } from "../core/messages.js";

interface Envelope {
  v: 1;
  threadId?: string;
  message: OutboundMessage;
}

export function encodeEnvelope(destination: Destination, message: OutboundMessage): string {
  const envelope: Envelope = { v: 1, message };
  if (destination.threadId !== undefined) envelope.threadId = destination.threadId;
  return JSON.stringify(envelope);
}

export function decodeEnvelope(row: { platform: string; destination: string; message: string }): {
  to: Destination;
  message: OutboundMessage;
} {
  const envelope = JSON.parse(row.message) as Envelope;
  if (envelope.v !== 1 || typeof envelope.message?.text !== "string") {
    throw new Error(`outbox row holds an unknown message format`);
  }
  const to: Destination = { platform: row.platform, chatId: row.destination };
  if (envelope.threadId !== undefined) to.threadId = envelope.threadId;
  return { to, message: envelope.message };
}
