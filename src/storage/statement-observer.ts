// Reports every statement a driver adapter sends to the database, including
// each transaction's BEGIN and COMMIT or ROLLBACK, so that tests and the
// benchmark can count the round trips of a path (issue 16: statements per
// press are the steadiest measure on a shared machine). Wraps the adapter
// factory, below Prisma, so nothing Prisma batches or emulates is missed.

/** Called once per statement sent, with its SQL ("BEGIN", "COMMIT" and "ROLLBACK" for transaction control). */
export type StatementObserver = (sql: string) => void;

interface Query {
  sql: string;
}

interface Queryable {
  queryRaw(query: Query): Promise<unknown>;
  executeRaw(query: Query): Promise<number>;
}

interface Transaction extends Queryable {
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

interface Adapter<T extends Transaction> extends Queryable {
  startTransaction(...args: never[]): Promise<T>;
}

interface AdapterFactory<A> {
  connect(): Promise<A>;
}

/** `factory`, whose adapters report each statement to `observe`. */
export function observingStatements<T extends Transaction, A extends Adapter<T>, F extends AdapterFactory<A>>(
  factory: F,
  observe: StatementObserver,
): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = observeQueries(await connect(), observe);
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args) => {
      const tx = await start(...args);
      observe("BEGIN");
      return observeEnd(observeQueries(tx, observe), observe);
    };
    return adapter;
  };
  return factory;
}

function observeQueries<Q extends Queryable>(target: Q, observe: StatementObserver): Q {
  const queryRaw = target.queryRaw.bind(target);
  const executeRaw = target.executeRaw.bind(target);
  target.queryRaw = (query) => {
    observe(query.sql);
    return queryRaw(query);
  };
  target.executeRaw = (query) => {
    observe(query.sql);
    return executeRaw(query);
  };
  return target;
}

/**
 * Counts the end of a transaction once. Prisma sends COMMIT or ROLLBACK as a
 * statement on some adapters and only calls commit()/rollback() on others
 * (better-sqlite3 ends the transaction in the call itself).
 */
function observeEnd<T extends Transaction>(tx: T, observe: StatementObserver): T {
  let ended = false;
  const executeRaw = tx.executeRaw.bind(tx);
  tx.executeRaw = (query) => {
    if (query.sql === "COMMIT" || query.sql === "ROLLBACK") ended = true;
    return executeRaw(query);
  };
  for (const [method, sql] of [
    ["commit", "COMMIT"],
    ["rollback", "ROLLBACK"],
  ] as const) {
    const end = tx[method].bind(tx);
    tx[method] = () => {
      if (!ended) observe(sql);
      ended = true;
      return end();
    };
  }
  return tx;
}
