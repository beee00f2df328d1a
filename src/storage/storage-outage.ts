// Which database failures mean "the database does not answer now" (see
// StorageOutage in core/ports.ts), as Prisma and its drivers report them.
// Only failures that say nothing about the query itself count: a
// constraint, a missing table or a bug would fail again on every
// redelivery, so those stay errors (one "internal error" line, event done).
//
// SQLite: SQLITE_BUSY/SQLITE_LOCKED reach us only after the busy timeout
// (10 s, database.ts) has run out, so the file is held by someone else for
// longer than a handler may wait; I/O errors and a full disk are the file
// system going away. Each passes with time or an operator, like a server
// that is down, so the event waits for them instead of failing.

/** Prisma's codes for a server that cannot be reached or stopped answering. */
const OUTAGE_CODES = new Set([
  "P1001", // can't reach database server
  "P1002", // reached, but timed out
  "P1008", // operation timed out (a socket timeout; SQLite busy past its timeout)
  "P1017", // server closed the connection
  "P2024", // timed out fetching a connection from the pool
  "P2037", // too many database connections
]);

/** What Prisma's driver adapters call those failures (meta.driverAdapterError.cause.kind). */
const OUTAGE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

/** Node's socket errors on the way to the server. */
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01-57P03 (the
 * server is shutting down, crashed, or cannot take connections yet), 53300
 * (too many connections).
 */
function isOutageSqlState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || code === "57P01" || code === "57P02" || code === "57P03" || code === "53300";
}

/** SQLite's result codes, plain or extended (SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT…). */
function isOutageSqliteCode(code: string): boolean {
  return /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN)(_|$)/.test(code);
}

/** node-postgres throws plain Errors for a connection that died or never came. */
const PG_CONNECTION_MESSAGES = [
  /^Connection terminated/, // "…unexpectedly", "…due to connection timeout"
  /^timeout exceeded when trying to connect/,
  /is not queryable$/, // "Client has encountered a connection error and is not queryable"
  /^Can't reach database server/,
];

export function isStorageOutage(error: unknown): boolean {
  // Follow the wrapping (Prisma's driverAdapterError, Error.cause) a few levels down.
  const seen = new Set<unknown>();
  for (let current: unknown = error; current && !seen.has(current) && seen.size < 8; ) {
    seen.add(current);
    if (isOutageAtThisLevel(current)) return true;
    current = innerOf(current);
  }
  return false;
}

function isOutageAtThisLevel(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, code, kind, originalCode, message } = error as Record<string, unknown>;
  // The client could not start its engine or connect at all.
  if (name === "PrismaClientInitializationError") return true;
  if (typeof code === "string") {
    if (OUTAGE_CODES.has(code) || SOCKET_CODES.has(code) || isOutageSqliteCode(code)) return true;
    // A server error (node-postgres sets severity) whose SQLSTATE says the connection is the problem.
    if ("severity" in error && isOutageSqlState(code)) return true;
  }
  if (typeof kind === "string") {
    if (OUTAGE_KINDS.has(kind)) return true;
    if (typeof originalCode === "string" && (isOutageSqliteCode(originalCode) || isOutageSqlState(originalCode))) {
      return true;
    }
    if (kind === "postgres" && typeof code === "string" && isOutageSqlState(code)) return true;
  }
  return typeof message === "string" && PG_CONNECTION_MESSAGES.some((pattern) => pattern.test(message));
}

/** The error this one wraps: a driver adapter's cause, Prisma's driverAdapterError, or Error.cause. */
function innerOf(error: unknown): unknown {
  if (typeof error !== "object" || error === null) return undefined;
  const record = error as { cause?: unknown; meta?: { driverAdapterError?: unknown } };
  return record.meta?.driverAdapterError ?? record.cause;
}
