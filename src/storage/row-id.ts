// Ids for rows that hand-written statements insert (raw-sql.ts), where
// Prisma's @default(cuid()) does not run: the same shape (a letter, then
// base-36), time first so that they sort roughly by creation like cuids,
// with 80 random bits so that two processes never collide.
import { randomBytes } from "node:crypto";

export function newRowId(): string {
  const random = BigInt(`0x${randomBytes(10).toString("hex")}`)
    .toString(36)
    .padStart(16, "0");
  return `c${Date.now().toString(36)}${random}`;
}
