// SQLite through Prisma's better-sqlite3 adapter runs every query on one
// connection. Prisma queues interactive transactions, but not plain queries:
// a write issued while another handler's transaction is open would run inside
// it and vanish if that transaction rolls back.
//
// The gate holds plain queries while a transaction is open, except the
// transaction's own queries (recognised through AsyncLocalStorage), and lets
// one transaction in at a time. The direct statements (direct-sql-sqlite.ts)
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

  /** Runs `transaction` alone, after the transactions queued before it; inside one, at once. */
  exclusive<T>(transaction: () => Promise<T>): Promise<T> {
    if (this.inside) return transaction();
    const run = this.queue.then(() => {
      const current = this.insideTransaction.run(true, transaction);
      this.open = current;
      return current.finally(() => {
        if (this.open === current) this.open = undefined;
      });
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

export function withTransactionGate(client: SqliteClient, gate: TransactionGate): SqliteClient {
  const gated = client.$extends({
    query: {
      async $allOperations({ args, query }) {
        await gate.waitOutside();
        return query(args);
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
