// How `npm start` starts the bot (package.json's "start" script): the
// environment it sets and the Node flags it passes. Every benchmark runs
// Talkoot's bots with both, so its figures are those of the bot as
// production starts it. The floor (bare grammY) runs without.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;

export interface StartCommand {
  /** Variables set before `node` (e.g. MALLOC_ARENA_MAX=1). */
  env: Record<string, string>;
  /** The flags between `node` and `dist/src/main.js`. */
  nodeFlags: string[];
}

export function startCommand(): StartCommand {
  const start = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: { start: string } }).scripts
    .start;
  const match = /^((?:[A-Z_][A-Z0-9_]*=\S+\s+)*)node((?:\s+--\S+)*)\s+dist\/src\/main\.js$/.exec(start.trim());
  if (!match)
    throw new Error(`package.json's start script is not "[VAR=value …] node [--flags] dist/src/main.js": ${start}`);
  const env = Object.fromEntries(
    match[1]!
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
  );
  return { env, nodeFlags: match[2]!.split(/\s+/).filter(Boolean) };
}
