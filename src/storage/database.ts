// Opens the Prisma client for the configured database. The domain never sees
// this: it talks to repositories (src/storage/repositories), which take a `Db`.
//
// Only the configured provider's generated client and driver adapter are
// loaded (dynamic imports): each client with its query compiler is tens of MB
// the other provider's bot never needs.
import type { Database as SqliteHandle } from "better-sqlite3";
import { type DatabaseTarget, type Provider, parseDatabaseUrl } from "./database-url.js";
import type { DirectSql } from "./direct-sql.js";
import type { PrismaClient as SqliteClient } from "./generated/sqlite/client.js";
import { releaseBrokenTransactions } from "./pg-broken-transactions.js";
import { dialectOf } from "./raw-sql.js";
import { TransactionGate, withTransactionGate } from "./sqlite-transaction-gate.js";
import { observingStatements, type StatementObserver } from "./statement-observer.js";

/**
 * The client type repositories are written against. Both generated clients
 * come from the same models, so their query API is the same; we type against
 * one and use only features both providers have.
 */
export type Db = SqliteClient;

export interface Database {
  /** The URL it was opened with (a second client can open the same database). */
  readonly url: string;
  readonly db: Db;
  /** The hottest statements, straight to the driver (direct-sql.ts); everything else goes through `db`. */
  readonly direct: DirectSql;
  readonly provider: Provider;
  readonly target: DatabaseTarget;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Told every statement sent (tests and the benchmark count a path's statements). */
  observeStatement?: StatementObserver;
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  const target = parseDatabaseUrl(url);
  const { db, direct, close } =
    target.provider === "sqlite" ? await openSqlite(target, options) : await openPostgres(target, options);
  return {
    url,
    db,
    direct,
    provider: target.provider,
    target,
    async ping() {
      try {
        await db.$queryRawUnsafe("SELECT 1");
        return true;
      } catch {
        return false;
      }
    },
    close,
  };
}

interface Opened {
  db: Db;
  direct: DirectSql;
  close(): Promise<void>;
}

async function openSqlite(target: DatabaseTarget, options: OpenOptions): Promise<Opened> {
  const [{ PrismaBetterSQLite3 }, { PrismaClient }, { SqliteDirectSql }] = await Promise.all([
    import("@prisma/adapter-better-sqlite3"),
    import("./generated/sqlite/client.js"),
    import("./direct-sql-sqlite.js"),
  ]);
  // busy_timeout: concurrent writers wait for the lock instead of failing.
  const adapter = observed(new PrismaBetterSQLite3({ url: target.location, timeout: 10_000 }), options);
  const handle = handleOf(adapter);
  const gate = new TransactionGate();
  const client = withTransactionGate(new PrismaClient({ adapter }), gate);
  const connection = () => handle(() => client.$connect());
  // The file is in WAL mode (the migrator sets it). With NORMAL, a commit
  // survives a crash of this process, though not a power cut or OS crash in
  // the next moments; it saves an fsync per write (3.8 ms -> 0.9 ms an insert
  // here). Issued first, so it runs before any other query on the connection
  // (and it opens the connection the direct statements share).
  void client.$executeRawUnsafe("PRAGMA synchronous = NORMAL").catch(() => undefined);
  const direct = new SqliteDirectSql(connection, gate, options.observeStatement);
  return { db: client, direct, close: () => client.$disconnect() };
}

/**
 * The better-sqlite3 connection the adapter opens. Prisma connects on its
 * first query; a direct statement that comes first asks Prisma to connect
 * (`connect`), so a file that cannot be opened fails it as it fails Prisma.
 */
function handleOf(factory: { connect(): Promise<unknown> }): (connect: () => Promise<void>) => Promise<SqliteHandle> {
  let current: SqliteHandle | undefined;
  const open = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = (await open()) as { client: SqliteHandle };
    // A reconnect (after $disconnect) opens a new connection: later statements use it.
    current = adapter.client;
    return adapter;
  };
  return async (connect) => {
    if (!current) await connect();
    if (!current) throw new Error("the SQLite connection did not open");
    return current;
  };
}

async function openPostgres(target: DatabaseTarget, options: OpenOptions): Promise<Opened> {
  const [{ PrismaPg }, { PrismaClient }, { PostgresDirectSql }, { default: pg }] = await Promise.all([
    import("@prisma/adapter-pg"),
    import("./generated/postgresql/client.js"),
    import("./direct-sql-postgres.js"),
    import("pg"),
  ]);
  // A crowd queueing on one row (100 people joining one shift) holds every
  // pooled connection while it waits for the lock; the rest wait for a
  // connection. 5 s was too short for that on a loaded machine, and a person
  // who waited must not be told "try again". A server that is down still
  // fails at once (connection refused), not after this wait. One pool for
  // Prisma and the direct statements, so the limit holds for both.
  const pool = new pg.Pool({ connectionString: target.location, max: 10, connectionTimeoutMillis: 20_000 });
  // An idle connection the server drops must not crash the process; the next query reconnects.
  pool.on("error", () => undefined);
  const adapter = releaseBrokenTransactions(
    observed(new PrismaPg(pool, { schema: target.schema, disposeExternalPool: true }), options),
  );
  // Same models, same query API: see the note on `Db`.
  const db = new PrismaClient({ adapter }) as unknown as Db;
  const direct = new PostgresDirectSql(pool, dialectOf({ provider: "postgresql", target }), options.observeStatement);
  const close = async () => {
    await db.$disconnect();
    // Prisma ends the pool only if it ever connected; the direct statements may have used it alone.
    if (!pool.ended) await pool.end();
  };
  return { db, direct, close };
}

function observed<F extends Parameters<typeof observingStatements>[0]>(factory: F, options: OpenOptions): F {
  return options.observeStatement ? observingStatements(factory, options.observeStatement) : factory;
}
