// One outgoing message's identity across every attempt to send it. A send
// whose answer was lost (a timeout, a reset connection, a 5xx from a proxy,
// a crash before the outcome was recorded) may have landed; a platform that
// can mark a message (Slack's message metadata) or de-duplicate a create
// (Discord's nonce) uses the key to post it once however often it is tried.
// Outbox rows are keyed `outbox:<id>:<when queued>` (the time keeps a key
// unique when a database is made anew and its ids start over, or when
// another install posts in the same chat); a direct reply gets a key once,
// which goes with it into the outbox when the platform refuses it for a while.
import { randomUUID } from "node:crypto";

export interface DeliveryKey {
  /** Stable for every attempt at this message: `outbox:<id>:<when queued>` or `reply:<uuid>`. */
  key: string;
  /** Which attempt this is, 1 for the first. */
  attempt: number;
  /** When the first attempt began: where a platform starts looking for the message. */
  firstTriedAt: Date;
  /** An earlier attempt ended without a clean answer, so the message may be there already. */
  mayHaveLanded: boolean;
}

/** A fresh key for a direct reply, made once and kept wherever the reply is retried. */
export function newReplyKey(now: Date): DeliveryKey {
  return { key: `reply:${randomUUID()}`, attempt: 1, firstTriedAt: now, mayHaveLanded: false };
}

/** The key of an outbox row, or the one the row carries (a deferred reply keeps its own). */
export function outboxDeliveryKey(
  row: { id: number; attempts: number; createdAt: Date },
  carried?: { key: string; firstTriedAt: Date; mayHaveLanded: boolean },
): DeliveryKey {
  return {
    key: carried?.key ?? `outbox:${row.id}:${row.createdAt.getTime().toString(36)}`,
    attempt: row.attempts,
    firstTriedAt: carried?.firstTriedAt ?? row.createdAt,
    mayHaveLanded: carried?.mayHaveLanded ?? false,
  };
}

/** Whether an earlier attempt may have posted the message: look before posting again. */
export function mayAlreadyBeDelivered(delivery: DeliveryKey): boolean {
  return delivery.attempt > 1 || delivery.mayHaveLanded;
}

/**
 * The key of one part of a message that is split at the platform's limit:
 * the first part keeps the key, later ones add their number, so each part
 * is found (or posted) by itself.
 */
export function partKey(delivery: DeliveryKey, index: number): DeliveryKey {
  return index === 0 ? delivery : { ...delivery, key: `${delivery.key}#${index + 1}` };
}
