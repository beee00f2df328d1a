// Discord de-duplicates message creates by nonce: with `enforce_nonce`, a
// second create with the same nonce from the same author in the same channel
// (within a few minutes) returns the first message instead of posting again.
// The nonce is made from the send's delivery key (src/core/delivery-key.ts),
// so a retry after a lost answer or a crash shows the message once. Discord
// takes at most 25 characters; a hash of the key fits any key.
import { createHash } from "node:crypto";

/** Discord's longest string nonce. */
export const MAX_NONCE_LENGTH = 25;

/** The nonce for one Discord message of a send: `part` tells apart the messages one send becomes. */
export function deliveryNonce(key: string, part: number): string {
  return createHash("sha256").update(`${key}/${part}`).digest("base64url").slice(0, MAX_NONCE_LENGTH);
}
