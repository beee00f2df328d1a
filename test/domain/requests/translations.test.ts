// Every string of the requests feature exists in en, fi and sv with the same
// placeholders, and every key the code uses exists.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { flattenKeys, type MessageTree, Translator } from "../../../src/core/i18n.js";
import { STATE_KEYS } from "../../../src/domain/requests/status-machine.js";
import { requestTranslations } from "../../../src/domain/requests/translations.js";

const source = new URL("../../../src/domain/requests", import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function valueAt(tree: MessageTree, key: string): string {
  const value = key
    .split(".")
    .reduce<string | MessageTree | undefined>(
      (node, part) => (typeof node === "object" ? node[part] : undefined),
      tree,
    );
  return typeof value === "string" ? value : "";
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe("requests translations", () => {
  const en = flattenKeys(requestTranslations.en).sort();

  for (const locale of ["fi", "sv"] as const) {
    it(`${locale} has exactly the English keys, each with the same placeholders`, () => {
      assert.deepEqual(flattenKeys(requestTranslations[locale]).sort(), en);
      for (const key of en) {
        assert.deepEqual(
          placeholders(valueAt(requestTranslations[locale], key)),
          placeholders(valueAt(requestTranslations.en, key)),
          `${locale}:${key}`,
        );
      }
    });
  }

  it("has every key the code asks for (literal keys, and each value of the dynamic ones)", () => {
    const translator = new Translator([requestTranslations]);
    const code = files(source)
      .map((path) => readFileSync(path, "utf8"))
      .join("\n");
    const literal = [...code.matchAll(/"requests:([\w.]+)"/g)].map((m) => m[1]!);
    const dynamic = [
      ...STATE_KEYS.map((s) => `state.${s}`),
      ...["already", "notOpen", "notFixed", "reopenExpired", "closed", "sameContact"].map((r) => `errors.refused.${r}`),
      ...["hasTask", "notOpen"].map((r) => `errors.task.${r}`),
      ...["status", "comment", "reassign"].map((k) => `handled.${k}`),
      ...["added", "updated"].map((k) => `setup.category.${k}`),
      ...["own", "already", "notOpen"].map((k) => `support.${k}`),
    ];
    for (const locale of ["en", "fi", "sv"] as const) {
      const missing = [...literal, ...dynamic].filter(
        (key) => !translator.has(`requests:${key}`, locale) && !translator.has(`requests:${key}_other`, locale),
      );
      assert.deepEqual(missing, [], locale);
    }
  });
});
