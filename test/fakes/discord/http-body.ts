// Request bodies as Discord accepts them: JSON, or multipart/form-data with
// `payload_json` and one part per file (`files[n]`, what @discordjs/rest sends).

import type { IncomingMessage } from "node:http";
import { DiscordError } from "./api-error.js";
import type { UploadedFile } from "./types.js";

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export interface ParsedBody {
  json: unknown;
  files: UploadedFile[];
}

const badJson = (): DiscordError => new DiscordError(400, 50109, "The request body contains invalid JSON.");

export async function parseBody(raw: Buffer, contentType: string): Promise<ParsedBody> {
  if (raw.length === 0) return { json: undefined, files: [] };
  const ct = contentType.toLowerCase();
  if (ct.startsWith("multipart/form-data")) {
    // undici's Response parses multipart for us.
    const form = await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } }).formData();
    let json: unknown;
    const files: UploadedFile[] = [];
    for (const [field, value] of form) {
      if (typeof value === "string") {
        if (field === "payload_json") {
          try {
            json = JSON.parse(value);
          } catch {
            throw badJson();
          }
        }
        continue;
      }
      files.push({
        field,
        filename: value.name,
        contentType: value.type || "application/octet-stream",
        bytes: Buffer.from(await value.arrayBuffer()),
      });
    }
    return { json, files };
  }
  if (ct.startsWith("application/json")) {
    try {
      return { json: JSON.parse(raw.toString("utf8")), files: [] };
    } catch {
      throw badJson();
    }
  }
  throw new DiscordError(400, 50035, "Invalid Form Body", {
    _errors: [
      {
        code: "CONTENT_TYPE_INVALID",
        message: `Expected "Content-Type" header to be one of {'application/json', 'multipart/form-data'}.`,
      },
    ],
  });
}
