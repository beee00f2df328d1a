// Anonymous polls keep counts on the options and, apart from them, only that
// someone voted: a salted hash of the person's id, one row per voter, with no
// option. The salt is per poll, so the same person's hashes in two polls
// cannot be matched up. Pure.
import { createHash, randomBytes } from "node:crypto";

export function voterHash(salt: string, personId: string): string {
  return createHash("sha256").update(salt).update(personId).digest("hex");
}

export function newSalt(): string {
  return randomBytes(16).toString("hex");
}
