// Open311 GeoReport v2 errors: an array of {code, description}, with the
// matching HTTP status, e.g. 403 [{"code":403,"description":"Invalid api_key"}].
import type { ServerResponse } from "node:http";

export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 405 | 413 | 415 | 429 | 500,
    readonly description: string,
    /** Sent with the error, e.g. Retry-After with a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
    this.name = "Open311Error";
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    // Read-only data for any web client; posting still needs an api_key.
    "access-control-allow-origin": "*",
    ...headers,
  });
  res.end(JSON.stringify(body));
}

export function sendError(res: ServerResponse, error: Open311Error, headers: Record<string, string> = {}): void {
  sendJson(res, error.status, [{ code: error.status, description: error.description }], headers);
}
