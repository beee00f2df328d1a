// The generated Prisma clients load their WASM query compiler from the
// CommonJS copy and release its base64 source once decoded
// (scripts/prisma-wasm-loading.ts): 4.8 MB of heap a bot no longer keeps.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PROVIDERS } from "../../scripts/db-schemas.js";
import { releaseCompilerSource } from "../../scripts/prisma-wasm-loading.js";
import { migratedDatabase } from "../support/databases.js";

const GENERATOR_OUTPUT = `config.compilerWasm = {
  getRuntime: async () => await import("@prisma/client/runtime/query_compiler_bg.sqlite.mjs"),

  getQueryCompilerWasmModule: async () => {
    const { wasm } = await import("@prisma/client/runtime/query_compiler_bg.sqlite.wasm-base64.mjs")
    return await decodeBase64AsWasm(wasm)
  }
}`;

describe("the query compiler's loading", () => {
  it("requires the CommonJS copy of the same provider's compiler and drops it from the cache", () => {
    const rewritten = releaseCompilerSource(GENERATOR_OUTPUT);
    expect(rewritten).not.toContain("wasm-base64.mjs");
    expect(rewritten).toContain('require.resolve("@prisma/client/runtime/query_compiler_bg.sqlite.wasm-base64.js")');
    expect(rewritten).toContain("delete require.cache[path]");
    // The runtime import is left as generated.
    expect(rewritten).toContain('import("@prisma/client/runtime/query_compiler_bg.sqlite.mjs")');
  });

  it("refuses generator output it does not know, rather than leave it as it was", () => {
    expect(() => releaseCompilerSource(GENERATOR_OUTPUT.replace("decodeBase64AsWasm(wasm)", "load(wasm)"))).toThrow(
      /no longer loads its query compiler/,
    );
  });

  it.each(PROVIDERS)("is what the generated %s client does", (provider) => {
    const generated = readFileSync(`src/storage/generated/${provider}/internal/class.ts`, "utf8");
    expect(generated).not.toContain("wasm-base64.mjs");
    expect(generated).toContain(`query_compiler_bg.${provider}.wasm-base64.js`);
  });

  it.each(PROVIDERS)("still gives a %s client that compiles and runs queries", async (provider) => {
    const { database, fresh } = await migratedDatabase(provider);
    try {
      await database.db.community.create({ data: { name: "Loaded" } });
      expect(await database.db.community.count()).toBe(1);
    } finally {
      await database.close();
      await fresh.destroy();
    }
  });
});
