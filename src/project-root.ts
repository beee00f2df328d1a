// The directory holding package.json, found by walking up from this file. Files
// shipped beside the code (migrations, the Slack manifest) are resolved from it,
// so they are found both from src/ under tsx and from dist/src/ when compiled.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function rootAbove(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = rootAbove(dirname(fileURLToPath(import.meta.url)));

/** A path inside the project, e.g. projectPath("prisma", "migrations"). */
export function projectPath(...parts: string[]): string {
  return join(PROJECT_ROOT, ...parts);
}
