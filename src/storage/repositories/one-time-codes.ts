// Short codes for `/setup invite` and `/link`, used once and expiring.
import { randomInt } from "node:crypto";
import type { Db } from "../database.js";
import type { Tx } from "./people.js";

export type CodeKind = "invite" | "link";

export interface CodeRecord {
  code: string;
  kind: string;
  communityId: string | null;
  personId: string | null;
}

// No 0/O, 1/I/L: codes are read aloud and typed on phones.
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export function newCode(): string {
  let out = "";
  for (let i = 0; i < 8; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}

/** Accepts what people type: any case, with or without the dash. */
export function normaliseCode(input: string): string {
  const clean = input.toUpperCase().replace(/[^A-Z0-9]/g, "");
  return clean.length === 8 ? `${clean.slice(0, 4)}-${clean.slice(4)}` : clean;
}

export class OneTimeCodes {
  constructor(private readonly db: Db) {}

  async issue(
    kind: CodeKind,
    owner: { communityId?: string; personId?: string },
    expiresAt: Date,
    client: Tx = this.db,
  ): Promise<string> {
    const code = newCode();
    await client.oneTimeCode.create({
      data: { code, kind, communityId: owner.communityId ?? null, personId: owner.personId ?? null, expiresAt },
    });
    return code;
  }

  /** Uses the code if it is valid now; a code works once, even when two chats race for it. */
  async consume(kind: CodeKind, input: string, now: Date, client: Tx = this.db): Promise<CodeRecord | undefined> {
    const code = normaliseCode(input);
    const taken = await client.oneTimeCode.updateMany({
      where: { code, kind, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (taken.count !== 1) return undefined;
    return (await client.oneTimeCode.findUnique({ where: { code } })) ?? undefined;
  }
}
