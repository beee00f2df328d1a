// Gives a transaction's connection back to the pool when its COMMIT or
// ROLLBACK fails. Prisma's PostgreSQL adapter (6.19) releases the connection
// only after that statement succeeds, so each transaction whose connection
// was cut (a database restart, a network cut) kept its pool slot for good:
// after ten of them (the pool's size) every query waited for a connection
// and failed, and the bot never recovered from the outage. Released, the
// dead connection leaves the pool (pg drops a client that is not queryable).

interface RawQuery {
  sql: string;
}

interface Transaction {
  executeRaw(query: RawQuery): Promise<number>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

interface Adapter<T extends Transaction> {
  startTransaction(...args: never[]): Promise<T>;
}

interface AdapterFactory<A> {
  connect(): Promise<A>;
}

/** `factory`, whose adapters' transactions release their connection even when ending them fails. */
export function releaseBrokenTransactions<T extends Transaction, A extends Adapter<T>, F extends AdapterFactory<A>>(
  factory: F,
): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args) => releasingOnFailure(await start(...args));
    return adapter;
  };
  return factory;
}

function releasingOnFailure<T extends Transaction>(tx: T): T {
  // commit() and rollback() each release the connection; pg throws on a second release.
  let released = false;
  const commit = tx.commit.bind(tx);
  const rollback = tx.rollback.bind(tx);
  tx.commit = async () => {
    if (released) return;
    released = true;
    await commit();
  };
  tx.rollback = async () => {
    if (released) return;
    released = true;
    await rollback();
  };
  const executeRaw = tx.executeRaw.bind(tx);
  tx.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (query.sql === "COMMIT" || query.sql === "ROLLBACK") await tx.rollback().catch(() => undefined);
      throw error;
    }
  };
  return tx;
}
