// boundedDownload against a local HTTP server: the bytes within the limit;
// a stated Content-Length over it refused before reading, a chunked body
// over it refused while reading; a refused status or content type is an
// error naming the source, never the URL (it may hold a token).
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, it } from "vitest";
import { boundedDownload, DownloadError } from "../../src/core/bounded-download.js";

describe("boundedDownload", () => {
  let server: Server;
  let base: string;
  const seenAuth: (string | undefined)[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seenAuth.push(req.headers.authorization);
      switch (req.url) {
        case "/small":
          res.writeHead(200, { "content-type": "image/png", "content-length": "4" }).end(Buffer.from([1, 2, 3, 4]));
          return;
        case "/stated-large":
          res.writeHead(200, { "content-type": "image/png", "content-length": "100" }).end(Buffer.alloc(100));
          return;
        case "/chunked-large":
          res.writeHead(200, { "content-type": "image/png" });
          res.write(Buffer.alloc(8));
          res.end(Buffer.alloc(8));
          return;
        case "/sign-in":
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<html>sign in</html>");
          return;
        default:
          res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("returns the bytes, sending the headers given", async () => {
    const bytes = await boundedDownload({
      url: `${base}/small`,
      headers: { authorization: "Bearer xoxb-1" },
      maxBytes: 4,
      source: "test",
    });
    assert.deepEqual([...bytes], [1, 2, 3, 4]);
    assert.equal(seenAuth.at(-1), "Bearer xoxb-1");
  });

  it("refuses more than maxBytes, stated or streamed", async () => {
    await assert.rejects(
      boundedDownload({ url: `${base}/stated-large`, maxBytes: 10, source: "test" }),
      /test: the file is 100 bytes, more than 10/,
    );
    await assert.rejects(
      boundedDownload({ url: `${base}/chunked-large`, maxBytes: 10, source: "test" }),
      /test: the file is more than 10 bytes/,
    );
  });

  it("refuses a failed answer and a content type the caller does not take, without naming the URL", async () => {
    const missing = await boundedDownload({ url: `${base}/secret-token/none`, maxBytes: 10, source: "test" }).catch(
      (error: unknown) => error,
    );
    assert.ok(missing instanceof DownloadError);
    assert.equal(missing.status, 404);
    assert.doesNotMatch(missing.message, /secret-token/);
    await assert.rejects(
      boundedDownload({
        url: `${base}/sign-in`,
        maxBytes: 100,
        source: "test",
        accept: (type) => type !== "text/html",
      }),
      /test: the download came as text\/html/,
    );
  });
});
