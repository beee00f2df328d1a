// The house rules, checked on the import lines of every source file:
// - src/core imports nothing of the project's outside src/core;
// - no feature in src/domain imports another feature's internals: only its
//   public face, src/domain/<feature>/index.ts;
// - nothing in src/domain imports node:http (HTTP comes in through src/http
//   and the neutral HttpRoute);
// - only the composition files (src/adapters.ts, src/main.ts) import adapters/.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
const FEATURES = ["communities", "tasks", "polls", "requests", "privacy"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === "generated" ? [] : sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports, relative ones resolved to paths under the root. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^"']*?from\s+["']([^"']+)["']/gm)].map((m) => m[1]!);
  specifiers.push(...[...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!));
  return specifiers.map((s) => (s.startsWith(".") ? relative(ROOT, resolve(dirname(file), s)) : s));
}

function violations(files: string[], broken: (from: string, target: string) => boolean): string[] {
  return files.flatMap((file) => {
    const from = relative(ROOT, file);
    return importsOf(file)
      .filter((target) => broken(from, target))
      .map((target) => `${from} -> ${target}`);
  });
}

const src = sourceFiles(join(ROOT, "src"));

describe("architecture", () => {
  it("src/core imports nothing of the project's outside src/core", () => {
    const core = src.filter((f) => relative(ROOT, f).startsWith("src/core/"));
    expect(core.length).toBeGreaterThan(10);
    expect(violations(core, (_from, target) => target.startsWith("src/") && !target.startsWith("src/core/"))).toEqual(
      [],
    );
    expect(violations(core, (_from, target) => target.startsWith("adapters/"))).toEqual([]);
  });

  it("a feature imports another feature only through its index.ts", () => {
    const domain = src.filter((f) => relative(ROOT, f).startsWith("src/domain/"));
    const featureOf = (path: string) => FEATURES.find((name) => path.startsWith(`src/domain/${name}/`));
    const found = violations(domain, (from, target) => {
      const own = featureOf(from);
      const other = featureOf(target);
      return other !== undefined && other !== own && target !== `src/domain/${other}/index.js`;
    });
    expect(found).toEqual([]);
  });

  it("nothing in src/domain imports node:http", () => {
    const domain = src.filter((f) => relative(ROOT, f).startsWith("src/domain/"));
    expect(violations(domain, (_from, target) => /^(node:)?https?$/.test(target))).toEqual([]);
  });

  it("only the composition files import adapters", () => {
    const composition = new Set(["src/adapters.ts", "src/main.ts"]);
    expect(violations(src, (from, target) => target.startsWith("adapters/") && !composition.has(from))).toEqual([]);
  });
});
