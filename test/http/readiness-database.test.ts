// /readyz follows the database for real: PostgreSQL through a TCP proxy that
// the test cuts and restores; SQLite through a Database whose ping fails.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { HttpServer } from "../../src/http/http-server.js";
import { Readiness } from "../../src/http/readiness.js";
import { Metrics } from "../../src/metrics/metrics.js";
import { type Database, openDatabase } from "../../src/storage/database.js";
import { quietLogger } from "../scheduler/database-pair.js";
import { migratedDatabase, type TestDatabase } from "../support/databases.js";
import { TcpProxy } from "../support/tcp-proxy.js";

async function readyStatus(base: string): Promise<{ status: number; down: string[] }> {
  const res = await fetch(`${base}/readyz`);
  const body = (await res.json()) as { down: string[] };
  return { status: res.status, down: body.down };
}

async function serve(
  database: Pick<Database, "ping">,
  metrics: Metrics,
): Promise<{ server: HttpServer; base: string }> {
  const readiness = new Readiness(3_000).addDatabase(database, () => metrics.databaseError("readyz"));
  const server = new HttpServer({ port: 0, host: "127.0.0.1", logger: quietLogger, readiness, metrics });
  return { server, base: `http://127.0.0.1:${await server.listen()}` };
}

describe("/readyz follows the database [postgresql]", () => {
  let fresh: TestDatabase | undefined;
  let direct: Database | undefined;
  let proxied: Database | undefined;
  let proxy: TcpProxy | undefined;
  let server: HttpServer | undefined;

  beforeAll(async () => {
    ({ fresh, database: direct } = await migratedDatabase("postgresql"));
    const target = new URL(fresh.url);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(fresh.url);
    viaProxy.port = String(await proxy.listen());
    proxied = await openDatabase(viaProxy.toString());
  });
  afterAll(async () => {
    await server?.close();
    await proxied?.close();
    await proxy?.close();
    await direct?.close();
    await fresh?.destroy();
  });

  it("turns 503 when the database is unreachable and 200 when it is back", async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    const served = await serve(proxied!, metrics);
    server = served.server;
    assert.deepEqual(await readyStatus(served.base), { status: 200, down: [] });
    // The proxied client really works: it sees the migrated schema.
    assert.equal(await proxied!.db.job.count(), 0);

    proxy!.pause();
    assert.deepEqual(await readyStatus(served.base), { status: 503, down: ["database"] });
    assert.deepEqual(await readyStatus(served.base), { status: 503, down: ["database"] });
    assert.match(await metrics.render(), /^talkoot_database_errors_total\{source="readyz"\} 2$/m);

    proxy!.resume();
    let back = await readyStatus(served.base);
    // The pool may hand out one connection that died with the pause; the next probe reconnects.
    for (let probe = 0; back.status !== 200 && probe < 10; probe++) back = await readyStatus(served.base);
    assert.deepEqual(back, { status: 200, down: [] });
    assert.equal(await proxied!.db.job.count(), 0);
  });
});

describe("/readyz follows the database [sqlite]", () => {
  it("turns 503 when ping fails and 200 when it answers again", async () => {
    const { database, fresh } = await migratedDatabase("sqlite");
    let reachable = true;
    const flaky: Pick<Database, "ping"> = { ping: async () => reachable && (await database.ping()) };
    const { server, base } = await serve(flaky, new Metrics({ defaultMetrics: false }));
    try {
      assert.deepEqual(await readyStatus(base), { status: 200, down: [] });
      reachable = false;
      assert.deepEqual(await readyStatus(base), { status: 503, down: ["database"] });
      reachable = true;
      assert.deepEqual(await readyStatus(base), { status: 200, down: [] });
      await database.close();
    } finally {
      await server.close();
      await fresh.destroy();
    }
  });
});
