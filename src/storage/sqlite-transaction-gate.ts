// SQLite through Prisma's better-sqlite3 adapter runs every query on one
// connection. Prisma queues interactive transactions, but not plain queries:
// a write issued while another handler's transaction is open would run inside
// it and vanish if that transaction rolls back.
//
// The gate holds plain queries while a transaction is open, except the
// transaction's own queries (recognised through AsyncLocalStorage), and lets
// one transaction in at a time. PostgreSQL needs none of this: each
// transaction has its own pooled connection.
import { AsyncLocalStorage } from "node:async_hooks";
import type { PrismaClient as SqliteClient } from "./generated/sqlite/client.js";

type TransactionFn = SqliteClient["$transaction"];

export function withTransactionGate(client: SqliteClient): SqliteClient {
  const insideTransaction = new AsyncLocalStorage<true>();
  /** Settles when the open transaction ends; undefined when none is open. */
  let open: Promise<unknown> | undefined;
  /** Transactions line up here, one at a time. */
  let queue: Promise<unknown> = Promise.resolve();

  const waitForGate = async () => {
    while (open && !insideTransaction.getStore()) await open.catch(() => undefined);
  };

  const gated = client.$extends({
    query: {
      async $allOperations({ args, query }) {
        await waitForGate();
        return query(args);
      },
    },
  });

  const transaction = gated.$transaction.bind(gated) as unknown as (...args: unknown[]) => Promise<unknown>;
  const gatedTransaction = (...args: unknown[]): Promise<unknown> => {
    if (insideTransaction.getStore()) return transaction(...args);
    const run = queue.then(() => {
      const current = insideTransaction.run(true, () => transaction(...args));
      open = current;
      return current.finally(() => {
        if (open === current) open = undefined;
      });
    });
    queue = run.catch(() => undefined);
    return run;
  };

  return new Proxy(gated, {
    get(target, property, receiver) {
      if (property === "$transaction") return gatedTransaction as TransactionFn;
      return Reflect.get(target, property, receiver);
    },
  }) as unknown as SqliteClient;
}
