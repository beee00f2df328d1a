// Reads a Bot API request's parameters the ways Telegram accepts them: query
// string, JSON, x-www-form-urlencoded and multipart/form-data.
//
// Multipart is parsed by hand: grammY writes part headers as
// `content-disposition:form-data;name="x";filename=report.csv` (no spaces,
// unquoted filename), which Telegram accepts but Node 20's
// Request.formData() rejects ("Failed to parse body as FormData").
import type { IncomingMessage } from "node:http";
import { ApiError, badRequest } from "./api-error.js";

export interface UploadedFile {
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface ParsedRequest {
  /** JSON values as sent; form fields as strings. */
  params: Record<string, unknown>;
  /** multipart parts that carried a filename, by part name */
  files: Map<string, UploadedFile>;
}

// Telegram's upload limit for bots on the public Bot API server.
const MAX_BODY_BYTES = 50 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, "Request Entity Too Large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function headerParam(header: string, name: string): string | undefined {
  // name="quoted" or name=unquoted-up-to-';' (grammY's filename form)
  const re = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, "i");
  const m = re.exec(header);
  if (m === null) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : (m[2] ?? "").trim();
}

function parseMultipart(body: Buffer, contentType: string): ParsedRequest {
  const boundary = headerParam(contentType, "boundary");
  if (boundary === undefined || boundary === "") throw badRequest("can't parse multipart/form-data: no boundary");
  const delimiter = Buffer.from(`--${boundary}`);
  const params: Record<string, unknown> = {};
  const files = new Map<string, UploadedFile>();
  let pos = body.indexOf(delimiter);
  if (pos < 0) return { params, files };
  for (;;) {
    pos += delimiter.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // closing "--"
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const headerEnd = body.indexOf("\r\n\r\n", pos);
    if (headerEnd < 0) break;
    const next = body.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), headerEnd + 4);
    const contentEnd = next < 0 ? body.length : next;
    const headers = new Map<string, string>();
    for (const line of body.subarray(pos, headerEnd).toString("utf8").split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get("content-disposition") ?? "";
    const name = headerParam(disposition, "name");
    const filename = headerParam(disposition, "filename");
    const content = body.subarray(headerEnd + 4, contentEnd);
    if (name !== undefined) {
      if (filename !== undefined) {
        files.set(name, {
          filename,
          contentType: headers.get("content-type") ?? "application/octet-stream",
          bytes: new Uint8Array(content),
        });
      } else {
        params[name] = content.toString("utf8");
      }
    }
    if (next < 0) break;
    pos = next + 2;
  }
  return { params, files };
}

export async function readRequest(req: IncomingMessage, url: URL): Promise<ParsedRequest> {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const files = new Map<string, UploadedFile>();
  const body = await readBody(req);
  if (body.length === 0) return { params, files };
  const contentType = req.headers["content-type"] ?? "";
  const mime = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (mime === "application/json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      throw badRequest("can't parse JSON object");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      // Telegram ignores a JSON body that is not an object (see tdlib/telegram-bot-api#98).
      return { params, files };
    }
    return { params: { ...params, ...(parsed as Record<string, unknown>) }, files };
  }
  if (mime === "application/x-www-form-urlencoded") {
    return { params: { ...params, ...Object.fromEntries(new URLSearchParams(body.toString("utf8"))) }, files };
  }
  if (mime === "multipart/form-data") {
    const mp = parseMultipart(body, contentType);
    return { params: { ...params, ...mp.params }, files: mp.files };
  }
  return { params, files };
}
