// What the environment points at but cannot be used at start: a database that
// cannot be reached or opened, an HTTP port that is taken. Each becomes one
// config line naming the variable and its value (a database password never
// shown), instead of a driver's error or a stack trace.
import { ConfigError } from "./config.js";
import { redactDatabaseUrl } from "./storage/database-url.js";

/** The database in DATABASE_URL could not be migrated or opened. */
export function databaseStartError(databaseUrl: string, error: unknown): ConfigError {
  const shown = redactDatabaseUrl(databaseUrl);
  const reason = reasonOf(error);
  const line = databaseUrl.startsWith("file:")
    ? `config error: DATABASE_URL=${shown}: the SQLite file cannot be opened (${reason}); check the path and that its folder exists and is writable`
    : `config error: DATABASE_URL=${shown}: the PostgreSQL database cannot be reached (${reason}); check the host, port, user and that the server is running`;
  return new ConfigError([line]);
}

/** The HTTP server could not listen on HTTP_HOST:HTTP_PORT. */
export function portStartError(port: number, host: string, error: unknown): ConfigError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const line =
    code === "EADDRINUSE"
      ? `config error: HTTP_PORT=${port} is already in use on ${host}; stop the other program or choose another port`
      : code === "EACCES"
        ? `config error: HTTP_PORT=${port} needs privileges this process does not have; choose a port above 1023`
        : code === "EADDRNOTAVAIL" || code === "ENOTFOUND"
          ? `config error: HTTP_HOST=${host} is not an address of this machine (HTTP_PORT=${port})`
          : `config error: HTTP_PORT=${port} on ${host} cannot be listened on (${reasonOf(error)})`;
  return new ConfigError([line]);
}

/** The driver's own first line, which names the cause ("ECONNREFUSED 127.0.0.1:5432", "unable to open database file"). */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split("\n").find((line) => line.trim()) ?? "unknown error";
  return redactDatabaseUrl(first.trim()).slice(0, 200);
}
