// Which database a DATABASE_URL names. SQLite by default; PostgreSQL when the
// URL says so. A `schema` query parameter (Prisma's convention) selects a
// PostgreSQL schema, which tests use to get a fresh database per run.
export type Provider = "sqlite" | "postgresql";

export interface DatabaseTarget {
  provider: Provider;
  /** For SQLite: a file path (":memory:" allowed). For PostgreSQL: the connection string without `schema`. */
  location: string;
  /** PostgreSQL schema; "public" unless the URL names another. */
  schema: string;
}

export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith("file:")) {
    return { provider: "sqlite", location: url.slice("file:".length), schema: "main" };
  }
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get("schema") ?? "public";
    parsed.searchParams.delete("schema");
    return { provider: "postgresql", location: parsed.toString(), schema };
  }
  throw new Error(`unsupported database url: ${url.split(":")[0]}:`);
}

/** The URL with any password replaced, safe for logs and banners. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}
