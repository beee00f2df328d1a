// `node --import ./test/support/record-imports.mjs …`: writes the URL of every
// module the process resolves through the ES module loader, one a line, to
// the file named by TALKOOT_IMPORT_LOG. A package's entry point is always
// resolved there (our code is ESM), so a package that never appears was never loaded.
import { register } from "node:module";

register("./record-imports-hooks.mjs", import.meta.url);
