// A Prisma transaction as a SqlRunner (direct-sql.ts), for the rare batch
// that must commit with writes only Prisma's client can make (an event's
// completion writes): the same statements then run through Prisma's raw
// queries in its transaction. And the steps written once for either kind of
// transaction (AnyTx): a change runs in the driver's when it can, in
// Prisma's when a step needs Prisma's client.
import type { SqlRunner, SqlValue } from "./direct-sql.js";
import type { Tx } from "./repositories/people.js";

/** The transaction a step runs in: Prisma's, or the driver's (direct-sql.ts). */
export type AnyTx = Tx | SqlRunner;

export function sqlRunnerOf(tx: Tx): SqlRunner {
  return {
    query: async <Row extends object>(sql: string, params: readonly SqlValue[] = []) =>
      tx.$queryRawUnsafe<Row[]>(sql, ...params),
    execute: (sql, params = []) => tx.$executeRawUnsafe(sql, ...params),
  };
}

/** Prisma's transaction when it is one (a step that needs its client checks first). */
export function prismaTxOf(tx: AnyTx): Tx | undefined {
  return "$queryRawUnsafe" in tx ? tx : undefined;
}

/** The statements of either kind of transaction. */
export function runnerOf(tx: AnyTx): SqlRunner {
  const prisma = prismaTxOf(tx);
  return prisma ? sqlRunnerOf(prisma) : (tx as SqlRunner);
}
