// A POST written by hand with node:http, so a test controls how the body goes
// out: with Content-Length or chunked, lazily, chunk by chunk, and stops
// sending once the server has answered (as a real client would).
import { request } from "node:http";

export interface RawPostResult {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  /** Body bytes the client had handed to the socket when the answer came. */
  sentBytes: number;
}

export interface RawPostOptions {
  headers?: Record<string, string>;
  /** The body's total size; sent in chunks of `chunkBytes`. */
  totalBytes: number;
  chunkBytes?: number;
  /** Declare the size up front; otherwise the body goes out chunked. */
  contentLength?: boolean;
  /** The byte the body is made of (a form or JSON prefix may come first). */
  prefix?: string;
}

export function rawPost(url: string, options: RawPostOptions): Promise<RawPostResult> {
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  const prefix = Buffer.from(options.prefix ?? "");
  const headers: Record<string, string> = { ...options.headers };
  if (options.contentLength) headers["content-length"] = String(options.totalBytes);
  return new Promise((resolve, reject) => {
    let answered = false;
    let sentBytes = 0;
    const req = request(url, { method: "POST", headers }, (res) => {
      answered = true;
      const at = sentBytes;
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString("utf8"),
          headers: res.headers,
          sentBytes: at,
        }),
      );
      res.on("error", () => resolve({ status: res.statusCode ?? 0, body: "", headers: res.headers, sentBytes: at }));
      req.destroy();
    });
    // After the answer, the server closing the connection mid-body is expected.
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const writeMore = () => {
      while (!answered && sentBytes < options.totalBytes) {
        const size = Math.min(chunkBytes, options.totalBytes - sentBytes);
        const chunk =
          sentBytes === 0 && prefix.length
            ? Buffer.concat([prefix, Buffer.alloc(size - prefix.length, 97)])
            : Buffer.alloc(size, 97);
        sentBytes += size;
        if (!req.write(chunk)) {
          req.once("drain", writeMore);
          return;
        }
      }
      if (!answered) req.end();
    };
    writeMore();
  });
}
