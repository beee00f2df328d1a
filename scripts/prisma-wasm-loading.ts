// Rewrites how a generated Prisma client loads its WASM query compiler, after
// `prisma generate` (scripts/db-generate.ts).
//
// The `prisma-client` generator (engineType "client") imports the compiler
// from an ES module whose one export is the whole .wasm as a base64 string.
// An ES module is never unloaded, so its 2.4 MB source and the 2.4 MB string
// it exports stayed on the heap for the life of the bot, long after the
// compiler was built from them (4.8 MB of a bot's heap; seen in a heap
// snapshot). The same string is shipped as a CommonJS module beside it: that
// one is required, decoded, and dropped from the require cache, so the
// garbage collector frees it once the WebAssembly.Module is built.
import { readFileSync, writeFileSync } from "node:fs";

const GENERATED =
  /( *)const \{ wasm \} = await import\("(@prisma\/client\/runtime\/query_compiler_bg\.\w+\.wasm-base64)\.mjs"\)\n *return await decodeBase64AsWasm\(wasm\)\n/;

/** The generated class.ts with the compiler loaded from the CommonJS copy and released; throws when the generator's code is not the one this knows. */
export function releaseCompilerSource(source: string): string {
  const match = GENERATED.exec(source);
  if (!match) {
    throw new Error(
      "the generated Prisma client no longer loads its query compiler as scripts/prisma-wasm-loading.ts expects: check the generator's output and update the rewrite",
    );
  }
  const [found, indent, module] = match;
  const lines = [
    "// Rewritten by scripts/prisma-wasm-loading.ts: the base64 source is released once decoded.",
    'const { createRequire } = await import("node:module")',
    "const require = createRequire(import.meta.url)",
    `const path = require.resolve("${module}.js")`,
    "try {",
    "  return await decodeBase64AsWasm(require(path).wasm)",
    "} finally {",
    "  delete require.cache[path]",
    "}",
  ];
  return source.replace(found!, lines.map((line) => `${indent}${line}\n`).join(""));
}

export function rewriteGeneratedClient(classFile: string): void {
  writeFileSync(classFile, releaseCompilerSource(readFileSync(classFile, "utf8")));
}
