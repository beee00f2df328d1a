// The audit trail is append-only: its repository can write and read, never
// change or remove, and no code outside retention touches auditEntry rows
// with an update or a delete (Prisma calls or raw SQL).
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expectTypeOf, it } from "vitest";
import { AuditLog } from "../../src/storage/repositories/audit.js";

const ROOT = join(import.meta.dirname, "../..");
/** The one sanctioned rewrite: storage limitation. */
// Retention purges old entries; an erasure (/forgetme) points the person's entries at nobody, as the GDPR asks.
const MAY_REWRITE = new Set(["src/scheduler/retention.ts", "src/domain/privacy/people-part.ts"]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "generated" || name === "node_modules") return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|js|mjs)$/.test(name) ? [path] : [];
  });
}

it("the audit repository offers record and page, and nothing that changes or removes an entry", () => {
  const methods = Object.getOwnPropertyNames(AuditLog.prototype).filter((m) => m !== "constructor");
  assert.deepEqual(methods.sort(), ["page", "record"]);
  expectTypeOf<keyof AuditLog>().toEqualTypeOf<"record" | "page">();
});

it("no code outside retention updates or deletes audit entries", () => {
  const prismaCall = /auditEntry\s*\.\s*(update|updateMany|upsert|delete|deleteMany)\b/;
  const rawSql = /\b(UPDATE|DELETE\s+FROM)\s+"?AuditEntry"?/i;
  const offenders = [...sources(join(ROOT, "src")), ...sources(join(ROOT, "adapters"))]
    .map((path) => relative(ROOT, path))
    .filter((path) => !MAY_REWRITE.has(path))
    .filter((path) => {
      const text = readFileSync(join(ROOT, path), "utf8");
      return prismaCall.test(text) || rawSql.test(text);
    });
  assert.deepEqual(offenders, []);
});

it("the check itself catches an update", () => {
  assert.match("db.auditEntry.updateMany({})", /auditEntry\s*\.\s*(update|updateMany|upsert|delete|deleteMany)\b/);
  assert.match('DELETE FROM "AuditEntry"', /\b(UPDATE|DELETE\s+FROM)\s+"?AuditEntry"?/i);
});
