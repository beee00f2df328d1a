// Sends an Open311 document as JSON or XML, whichever the path's extension asked for.
import type { ServerResponse } from "node:http";
import { errorsJson, type Open311Error } from "./errors.js";
import { type DocumentKind, toXml } from "./xml.js";

export type Format = "json" | "xml";

const CONTENT_TYPES: Record<Format, string> = {
  json: "application/json; charset=utf-8",
  xml: "text/xml; charset=utf-8",
};

export function send(
  res: ServerResponse,
  format: Format,
  status: number,
  kind: DocumentKind,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": CONTENT_TYPES[format],
    "cache-control": "no-store",
    // Read-only data for any web client; posting still needs an api_key.
    "access-control-allow-origin": "*",
    ...headers,
  });
  res.end(format === "xml" ? toXml(kind, body) : JSON.stringify(body));
}

export function sendError(res: ServerResponse, format: Format, error: Open311Error): void {
  send(res, format, error.status, "errors", errorsJson(error), error.headers);
}
