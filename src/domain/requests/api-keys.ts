// Open311 API keys: made by an admin with `/setup apikey`, shown once, and
// kept only as a SHA-256 hash, so a leaked database does not leak keys.
// The key names its community: POST requests.json files there.
import { createHash, randomBytes } from "node:crypto";

const KEY_PREFIX = "t311_";

export function newApiKey(): { key: string; hash: string } {
  const key = `${KEY_PREFIX}${randomBytes(24).toString("base64url")}`;
  return { key, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key.trim(), "utf8").digest("hex");
}
