// choicesOf reads one person's votes in a poll on every press. The lookup must
// go straight to that person's rows: with only pollId usable it scans every
// earlier vote of the poll, so a burst of presses costs quadratic time. The
// plan is checked on the very SQL Prisma sends (captured from its query log).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { expect, it } from "vitest";
import { PollRepository } from "../../src/domain/polls/poll-repository.js";
import type { Db } from "../../src/storage/database.js";
import { parseDatabaseUrl } from "../../src/storage/database-url.js";
import { PrismaClient as PostgresClient } from "../../src/storage/generated/postgresql/client.js";
import { PrismaClient as SqliteClient } from "../../src/storage/generated/sqlite/client.js";
import { forEachDatabase } from "../support/databases.js";

interface LoggedQuery {
  query: string;
  params: string;
}

/** A client on the same database that reports each statement it runs. */
function loggingClient(url: string, seen: LoggedQuery[]): Db {
  const target = parseDatabaseUrl(url);
  const log = [{ emit: "event" as const, level: "query" as const }];
  const record = (event: LoggedQuery) => seen.push({ query: event.query, params: event.params });
  if (target.provider === "sqlite") {
    const client = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: target.location }), log });
    client.$on("query", record);
    return client as unknown as Db;
  }
  const client = new PostgresClient({
    adapter: new PrismaPg({ connectionString: target.location }, { schema: target.schema }),
    log,
  });
  client.$on("query", record);
  return client as unknown as Db;
}

forEachDatabase("choicesOf query plan", (getDatabase, provider) => {
  it("looks a person's votes up by (pollId, personId) in the index, not by scanning the poll", async () => {
    const database = getDatabase();
    const seen: LoggedQuery[] = [];
    const client = loggingClient(database.url, seen);
    try {
      await new PollRepository(database).choicesOf({ id: 1, version: 0 }, "person-1", client);
      const read = seen.find((q) => /FROM\s+\S*Vote\W/i.test(q.query) && q.query.includes("personId"));
      expect(read, "the Vote read of choicesOf").toBeDefined();
      const params = JSON.parse(read!.params) as unknown[];
      if (provider === "sqlite") {
        const plan = await client.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${read!.query}`, ...params);
        const detail = plan.map((row) => row.detail).join("\n");
        expect(detail).toMatch(
          /USING (COVERING )?INDEX Vote_pollId_personId_optionId_idx \(pollId=\? AND personId=\?\)/,
        );
      } else {
        // The tables are nearly empty, so PostgreSQL would rightly scan them;
        // with scans off it shows which index answers both columns.
        const plan = await client.$transaction(async (tx) => {
          await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
          return tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${read!.query}`, ...params);
        });
        const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
        expect(text).toContain("Vote_pollId_personId_optionId_idx");
        expect(text).toMatch(/Index Cond: .*"pollId" = .*"personId" = /s);
      }
    } finally {
      await client.$disconnect();
    }
  });
});
