// Regenerates both provider schemas and both Prisma clients. Runs offline.
// Called by `npm install` (postinstall) and `npm test`, so the generated
// clients never drift from prisma/models.prisma.
import { execFileSync } from "node:child_process";
import { PROVIDERS, writeSchemas } from "./db-schemas.js";
import { rewriteGeneratedClient } from "./prisma-wasm-loading.js";

writeSchemas();
for (const provider of PROVIDERS) {
  execFileSync("npx", ["prisma", "generate", "--config", `prisma/${provider}.config.ts`], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  rewriteGeneratedClient(`src/storage/generated/${provider}/internal/class.ts`);
}
console.log(`prisma clients generated for ${PROVIDERS.join(", ")}`);
