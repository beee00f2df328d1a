// `npm run db:migrate`: applies pending migrations to DATABASE_URL, offline.
import { ConfigError, loadConfig } from "../config.js";
import { redactDatabaseUrl } from "./database-url.js";
import { migrate } from "./migrations.js";

try {
  const config = loadConfig();
  const result = await migrate(config.DATABASE_URL);
  const where = redactDatabaseUrl(config.DATABASE_URL);
  if (result.applied.length === 0) {
    console.log(`${where}: nothing to do (${result.alreadyApplied} migrations already applied)`);
  } else {
    for (const name of result.applied) console.log(`${where}: applied ${name}`);
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `migration failed: ${(error as Error).message}`);
  process.exit(error instanceof ConfigError ? 2 : 1);
}
