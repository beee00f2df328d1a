// SQLite through Prisma's better-sqlite3 adapter runs every query on one
// connection. Prisma queues interactive transactions, but not plain queries:
// a write issued while another handler's transaction is open would run inside
// it and vanish if that transaction rolls back.
//
// The gate holds plain queries while a transaction is open, except the
// transaction's own queries (recognised through AsyncLocalStorage), and lets
// one transaction in at a time. A Prisma query reaches the connection some
// turns after it passed the gate (and may be an implicit transaction of its
// own, as updateMany is), so a transaction starts only once the Prisma
// queries let through before it are done. The direct statements (direct-sql-sqlite.ts)
// share the connection, so they pass the same gate: their transactions queue
// with Prisma's, and Prisma queries made inside one run in it. PostgreSQL
// needs none of this: each transaction has its own pooled connection.
import { AsyncLocalStorage } from "node:async_hooks";
import type { PrismaClient as SqliteClient } from "./generated/sqlite/client.js";

type TransactionFn = SqliteClient["$transaction"];

export class TransactionGate {
  private readonly insideTransaction = new AsyncLocalStorage<true>();
  /** Settles when the open transaction ends; undefined when none is open. */
  private open: Promise<unknown> | undefined;
  /** Transactions line up here, one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Plain (Prisma) queries let through and not yet done. */
  private plainInFlight = 0;
  /** A transaction waiting for them to be done. */
  private plainsDone: (() => void) | undefined;

  /** Whether the caller runs inside the open transaction. */
  get inside(): boolean {
    return this.insideTransaction.getStore() === true;
  }

  /** Resolves when a plain statement may run: no transaction is open, or the caller is inside it. */
  async waitOutside(): Promise<void> {
    while (this.open && !this.inside) await this.open.catch(() => undefined);
  }

  /** Whether a plain statement may run now without waiting (waitOutside would resolve at once). */
  get clear(): boolean {
    return !this.open || this.inside;
  }

  /**
   * Runs a plain query that reaches the connection only after some turns (a Prisma query): after
   * the open transaction, and counted, so that no transaction starts before it is done.
   */
  async plain<T>(query: () => Promise<T>): Promise<T> {
    // Checked right before it is counted, with no await between: a transaction that opened meanwhile is waited for.
    while (!this.clear) await this.waitOutside();
    if (this.inside) return query();
    this.plainInFlight++;
    try {
      return await query();
    } finally {
      this.plainInFlight--;
      if (this.plainInFlight === 0) this.plainsDone?.();
    }
  }

  /** Runs `transaction` alone, after the transactions queued before it and the plain queries let through; inside one, at once. */
  exclusive<T>(transaction: () => Promise<T>): Promise<T> {
    if (this.inside) return transaction();
    const run = this.queue.then(() => {
      // Open from here: no plain query is let through while those already through finish.
      const current = this.afterPlains().then(() => this.insideTransaction.run(true, transaction));
      this.open = current;
      return current.finally(() => {
        if (this.open === current) this.open = undefined;
      });
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private afterPlains(): Promise<void> {
    if (this.plainInFlight === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.plainsDone = () => {
        this.plainsDone = undefined;
        resolve();
      };
    });
  }
}

export function withTransactionGate(client: SqliteClient, gate: TransactionGate): SqliteClient {
  const gated = client.$extends({
    query: {
      $allOperations({ args, query }) {
        return gate.plain(() => query(args));
      },
    },
  });

  const transaction = gated.$transaction.bind(gated) as unknown as (...args: unknown[]) => Promise<unknown>;
  const gatedTransaction = (...args: unknown[]): Promise<unknown> => gate.exclusive(() => transaction(...args));

  return new Proxy(gated, {
    get(target, property, receiver) {
      if (property === "$transaction") return gatedTransaction as TransactionFn;
      return Reflect.get(target, property, receiver);
    },
  }) as unknown as SqliteClient;
}
