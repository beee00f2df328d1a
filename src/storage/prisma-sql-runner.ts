// A Prisma transaction as a SqlRunner (direct-sql.ts), for the rare batch
// that must commit with writes only Prisma's client can make (an event's
// completion writes): the same statements then run through Prisma's raw
// queries in its transaction.
import type { SqlRunner } from "./direct-sql.js";
import type { Tx } from "./repositories/people.js";

export function sqlRunnerOf(tx: Tx): SqlRunner {
  return {
    query: async <Row extends object>(sql: string, params: readonly unknown[] = []) =>
      tx.$queryRawUnsafe<Row[]>(sql, ...params),
    execute: (sql, params = []) => tx.$executeRawUnsafe(sql, ...params),
  };
}
