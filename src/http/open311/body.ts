// Reads a POST body as Open311 sends it: application/x-www-form-urlencoded
// (the spec's format), or a JSON object, which some clients send instead.
import type { IncomingMessage } from "node:http";
import { Open311Error } from "./errors.js";

/**
 * Far above a 4,000-character description with attributes; far below anything
 * that could hurt. The HTTP server refuses a larger body before this handler
 * runs (see app.ts); the count below guards the handler used on its own.
 */
export const OPEN311_MAX_BODY_BYTES = 100 * 1024;

export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  const raw = await readBody(req);
  if (type === "application/json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new Open311Error(400, "The body is not valid JSON");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new Open311Error(400, "The JSON body must be an object of fields");
    }
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
        form.append(key, String(value));
      }
    }
    return form;
  }
  if (type !== "" && type !== "application/x-www-form-urlencoded") {
    throw new Open311Error(415, "Send the fields as application/x-www-form-urlencoded");
  }
  return new URLSearchParams(raw);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > OPEN311_MAX_BODY_BYTES) throw new Open311Error(413, "The request body is too large");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
