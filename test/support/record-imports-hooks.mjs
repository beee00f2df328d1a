// The loader hook behind record-imports.mjs (runs on the loader's own thread).
import { appendFileSync } from "node:fs";

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (process.env.TALKOOT_IMPORT_LOG) appendFileSync(process.env.TALKOOT_IMPORT_LOG, `${resolved.url}\n`);
  return resolved;
}
