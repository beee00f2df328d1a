// Identifiers shaped like Slack's: upper-case base-36 ids with a type prefix,
// and message timestamps ("1700000000.000100") that are unique and increasing.

import { randomBytes, randomUUID } from "node:crypto";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const BLOCK_ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=/";

function pick(alphabet: string, n: number): string {
  const bytes = randomBytes(n);
  let out = "";
  for (let i = 0; i < n; i++) out += alphabet[(bytes[i] ?? 0) % alphabet.length];
  return out;
}

/** e.g. slackId("C") -> "C0A1B2C3D4E" (Slack ids are a letter plus 8-10 chars). */
export function slackId(prefix: string): string {
  return `${prefix}0${pick(ALNUM, 9)}`;
}

export function eventId(): string {
  return `Ev0${pick(ALNUM, 9)}`;
}

export function envelopeId(): string {
  return randomUUID();
}

/** Slack fills in a short random block_id / action_id when the app leaves it out. */
export function shortRandomId(): string {
  return pick(BLOCK_ID_CHARS, 5);
}

/** Like "13345224609.738474920.8088930838d88f008e0". */
export function triggerId(): string {
  const a = 1_000_000_000 + Math.floor(Math.random() * 9_000_000_000);
  const b = 100_000_000 + Math.floor(Math.random() * 900_000_000);
  return `${a}.${b}.${randomBytes(16).toString("hex")}`;
}

export function hexToken(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

/** Message ts: wall-clock seconds and a microsecond part, strictly increasing. */
export class TsClock {
  private lastMicros = 0n;

  next(): string {
    let micros = BigInt(Date.now()) * 1000n;
    if (micros <= this.lastMicros) micros = this.lastMicros + 1n;
    this.lastMicros = micros;
    const s = micros / 1_000_000n;
    const frac = (micros % 1_000_000n).toString().padStart(6, "0");
    return `${s}.${frac}`;
  }
}
