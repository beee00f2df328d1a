import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { carried, writeAlong } from "../../src/storage/writes-along.js";

const audit = { sql: `INSERT INTO "A" ("x", "y") VALUES ($1, $2)`, params: ["a", 1] };
const job = { sql: `INSERT INTO "J" ("k") VALUES ($1::text) ON CONFLICT ("k") DO NOTHING`, params: ["j"] };

describe("carried", () => {
  it("puts the writes in front of the next statement, their parameters after its own", () => {
    const main = { sql: `UPDATE "E" SET "s" = 'done' WHERE "id" = $1 RETURNING "id"`, params: ["e1"] };
    assert.deepEqual(carried([audit, job], main), {
      sql:
        `WITH w_along_0 AS (INSERT INTO "A" ("x", "y") VALUES ($2, $3)), ` +
        `w_along_1 AS (INSERT INTO "J" ("k") VALUES ($4::text) ON CONFLICT ("k") DO NOTHING) ` +
        `UPDATE "E" SET "s" = 'done' WHERE "id" = $1 RETURNING "id"`,
      params: ["e1", "a", 1, "j"],
    });
  });

  it("joins a statement's own WITH list, and leaves a recursive one alone", () => {
    const main = { sql: `WITH p AS MATERIALIZED (SELECT 1) SELECT * FROM p WHERE $1`, params: [true] };
    assert.equal(
      carried([job], main)?.sql,
      `WITH w_along_0 AS (INSERT INTO "J" ("k") VALUES ($2::text) ON CONFLICT ("k") DO NOTHING), p AS MATERIALIZED (SELECT 1) SELECT * FROM p WHERE $1`,
    );
    assert.equal(carried([job], { sql: "WITH RECURSIVE t AS (SELECT 1) SELECT * FROM t", params: [] }), undefined);
  });

  it("with no statement to ride on (before COMMIT), sends the writes as one, the last as the main", () => {
    assert.deepEqual(carried([audit, job]), {
      sql: `WITH w_along_0 AS (INSERT INTO "A" ("x", "y") VALUES ($2, $3)) INSERT INTO "J" ("k") VALUES ($1::text) ON CONFLICT ("k") DO NOTHING`,
      params: ["j", "a", 1],
    });
    assert.equal(carried([]), undefined);
  });
});

describe("writeAlong", () => {
  it("runs the write at once where the runner cannot carry it", async () => {
    const ran: string[] = [];
    await writeAlong(
      {
        query: async () => [],
        execute: async (sql) => {
          ran.push(sql);
          return 1;
        },
      },
      audit.sql,
      audit.params,
    );
    assert.deepEqual(ran, [audit.sql]);
  });

  it("hands it to a runner that carries writes", async () => {
    const carriedWrites: unknown[] = [];
    await writeAlong(
      {
        query: async () => [],
        execute: async () => assert.fail("not run at once"),
        carry: (write: unknown) => carriedWrites.push(write),
      } as never,
      audit.sql,
      audit.params,
    );
    assert.deepEqual(carriedWrites, [{ sql: audit.sql, params: audit.params }]);
  });

  it("runs a write with a WITH of its own at once: a data-modifying WITH cannot nest", async () => {
    const ran: string[] = [];
    const own = `WITH gone AS (DELETE FROM "A" WHERE "x" = $1) INSERT INTO "A" ("x") VALUES ($1)`;
    await writeAlong(
      {
        query: async () => [],
        execute: async (sql: string) => {
          ran.push(sql);
          return 1;
        },
        carry: () => assert.fail("not carried"),
      } as never,
      own,
      ["a"],
    );
    assert.deepEqual(ran, [own]);
  });
});
