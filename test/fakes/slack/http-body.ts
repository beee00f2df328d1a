// Request bodies as Slack accepts them: form-encoded (what @slack/web-api
// sends), JSON, or multipart; query-string arguments are accepted too.

import type { IncomingMessage } from "node:http";
import type { JsonValue } from "./types.js";

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export interface UploadedPart {
  field: string;
  filename: string;
  type: string;
  bytes: Buffer;
}

export interface ParsedBody {
  params: Record<string, JsonValue>;
  isJson: boolean;
  missingCharset: boolean;
  parts: UploadedPart[];
}

export async function parseBody(raw: Buffer, contentType: string, query: URLSearchParams): Promise<ParsedBody> {
  const params: Record<string, JsonValue> = {};
  for (const [k, v] of query) params[k] = v;
  const ct = contentType.toLowerCase();
  const out: ParsedBody = { params, isJson: false, missingCharset: false, parts: [] };
  if (raw.length === 0) return out;

  if (ct.startsWith("application/json")) {
    out.isJson = true;
    out.missingCharset = !/charset=/.test(ct);
    const parsed = JSON.parse(raw.toString("utf8")) as JsonValue;
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) Object.assign(params, parsed);
    return out;
  }
  if (ct.startsWith("multipart/form-data")) {
    // undici's Response parses multipart for us.
    const form = await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } }).formData();
    for (const [k, v] of form) {
      if (typeof v === "string") params[k] = v;
      else {
        const bytes = Buffer.from(await v.arrayBuffer());
        out.parts.push({ field: k, filename: v.name, type: v.type, bytes });
        params[k] = `<${bytes.length} bytes>`;
      }
    }
    return out;
  }
  // Slack treats anything else as form-encoded.
  for (const [k, v] of new URLSearchParams(raw.toString("utf8"))) params[k] = v;
  return out;
}
