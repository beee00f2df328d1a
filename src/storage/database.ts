// Opens the Prisma client for the configured database. The domain never sees
// this: it talks to repositories (src/storage/repositories), which take a `Db`.
//
// Only the configured provider's generated client and driver adapter are
// loaded (dynamic imports): each client with its query compiler is tens of MB
// the other provider's bot never needs.
import { type DatabaseTarget, type Provider, parseDatabaseUrl } from "./database-url.js";
import type { PrismaClient as SqliteClient } from "./generated/sqlite/client.js";
import { releaseBrokenTransactions } from "./pg-broken-transactions.js";
import { withTransactionGate } from "./sqlite-transaction-gate.js";

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
  readonly provider: Provider;
  readonly target: DatabaseTarget;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openDatabase(url: string): Promise<Database> {
  const target = parseDatabaseUrl(url);
  const db = target.provider === "sqlite" ? await openSqlite(target) : await openPostgres(target);
  return {
    url,
    db,
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
    close: () => db.$disconnect(),
  };
}

async function openSqlite(target: DatabaseTarget): Promise<Db> {
  const [{ PrismaBetterSQLite3 }, { PrismaClient }] = await Promise.all([
    import("@prisma/adapter-better-sqlite3"),
    import("./generated/sqlite/client.js"),
  ]);
  // busy_timeout: concurrent writers wait for the lock instead of failing.
  const adapter = new PrismaBetterSQLite3({ url: target.location, timeout: 10_000 });
  const client = withTransactionGate(new PrismaClient({ adapter }));
  // The file is in WAL mode (the migrator sets it). With NORMAL, a commit
  // survives a crash of this process, though not a power cut or OS crash in
  // the next moments; it saves an fsync per write (3.8 ms -> 0.9 ms an insert
  // here). Issued first, so it runs before any other query on the connection.
  void client.$executeRawUnsafe("PRAGMA synchronous = NORMAL").catch(() => undefined);
  return client;
}

async function openPostgres(target: DatabaseTarget): Promise<Db> {
  const [{ PrismaPg }, { PrismaClient }] = await Promise.all([
    import("@prisma/adapter-pg"),
    import("./generated/postgresql/client.js"),
  ]);
  // A crowd queueing on one row (100 people joining one shift) holds every
  // pooled connection while it waits for the lock; the rest wait for a
  // connection. 5 s was too short for that on a loaded machine, and a person
  // who waited must not be told "try again". A server that is down still
  // fails at once (connection refused), not after this wait.
  const adapter = releaseBrokenTransactions(
    new PrismaPg(
      { connectionString: target.location, max: 10, connectionTimeoutMillis: 20_000 },
      { schema: target.schema },
    ),
  );
  // Same models, same query API: see the note on `Db`.
  return new PrismaClient({ adapter }) as unknown as Db;
}
