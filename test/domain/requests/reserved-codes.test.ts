// Every /request subcommand is a reserved word, so no category code can
// shadow one (`/request open` must always list, never file under "open").
import assert from "node:assert/strict";
import { it } from "vitest";
import { requestCommand } from "../../../src/domain/requests/commands/request-command.js";
import { RESERVED_CODES } from "../../../src/domain/requests/limits.js";
import type { RequestsServices } from "../../../src/domain/requests/services.js";

it("reserves every /request subcommand as a category code", () => {
  // The subcommands' names only: the services are not touched until a command runs.
  const spec = requestCommand({} as RequestsServices);
  const missing = Object.keys(spec.subcommands ?? {}).filter((name) => !RESERVED_CODES.has(name));
  assert.deepEqual(missing, []);
});
