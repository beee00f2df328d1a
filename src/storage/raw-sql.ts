// Helpers for the few statements Prisma's query API cannot express
// (`FOR UPDATE SKIP LOCKED`). The PostgreSQL adapter is opened with a schema,
// and raw SQL does not get it applied, so every table is qualified here.
import type { DatabaseTarget } from "./database-url.js";

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"schema"."Table"` for PostgreSQL raw statements. */
export function qualifiedTable(target: Pick<DatabaseTarget, "schema">, table: string): string {
  return `${quoteIdentifier(target.schema)}.${quoteIdentifier(table)}`;
}

/** `$from, $from+1, …` for `count` positional parameters (PostgreSQL numbering). */
export function placeholders(from: number, count: number): string {
  return Array.from({ length: count }, (_, index) => `$${from + index}`).join(", ");
}
