// Every route's request body is bounded before its handler runs: a body over
// the limit is refused with 413 and never kept (http-server.ts drops what
// still comes, within a bound, so the client can read the answer). The size is
// checked from Content-Length first, then counted while streaming (chunked
// bodies have no length), and reading stops at the first byte over the
// limit. A body within the limit is handed on as a fresh request that
// replays it, so handlers (grammY's, Bolt's, ours) read it as usual.
import { IncomingMessage } from "node:http";

/** Webhooks and anything else unless a route says otherwise. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export type BoundedBody = { kind: "within"; request: IncomingMessage } | { kind: "tooLarge" };

export async function boundBody(req: IncomingMessage, maxBytes: number): Promise<BoundedBody> {
  if (!hasBody(req)) return { kind: "within", request: req };
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) return { kind: "tooLarge" };
  const body = await readAtMost(req, maxBytes);
  return body ? { kind: "within", request: replay(req, body) } : { kind: "tooLarge" };
}

/** RFC 9112: a request has a body only when it says so with one of these headers. */
function hasBody(req: IncomingMessage): boolean {
  return req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined;
}

/** The body, or undefined as soon as it passes `maxBytes` (the rest is left unread). */
function readAtMost(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (outcome: () => void) => {
      req.off("data", onData).off("end", onEnd).off("error", onError).off("aborted", onAborted);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.pause();
        finish(() => resolve(undefined));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(() => resolve(Buffer.concat(chunks)));
    const onError = (error: Error) => finish(() => reject(error));
    const onAborted = () => finish(() => reject(new Error("the client aborted the request")));
    req.on("data", onData).once("end", onEnd).once("error", onError).once("aborted", onAborted);
  });
}

/** A request with the same line and headers whose body is `body`, already complete. */
function replay(original: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(original.socket);
  copy.method = original.method;
  copy.url = original.url;
  copy.httpVersion = original.httpVersion;
  copy.httpVersionMajor = original.httpVersionMajor;
  copy.httpVersionMinor = original.httpVersionMinor;
  copy.headers = original.headers;
  copy.rawHeaders = original.rawHeaders;
  copy.trailers = original.trailers;
  copy.rawTrailers = original.rawTrailers;
  if (body.length) copy.push(body);
  copy.push(null);
  copy.complete = true;
  return copy;
}
