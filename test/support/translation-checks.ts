// The checks every feature's strings pass: fi and sv have exactly the English
// keys, each with the same placeholders; and every key the feature's code
// asks for exists in all three languages (literal "<namespace>:key" strings
// found in its source, plus the keys it builds at run time, listed by the test).
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { flattenKeys, LOCALES, type MessageTree, type Translations, Translator } from "../../src/core/i18n.js";

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

export function checkTranslations(bundle: Translations, sourceDir: string, dynamicKeys: string[]): void {
  const ns = bundle.namespace;
  describe(`${ns} translations`, () => {
    const en = flattenKeys(bundle.en).sort();

    for (const locale of ["fi", "sv"] as const) {
      it(`${locale} has exactly the English keys, each with the same placeholders`, () => {
        assert.deepEqual(flattenKeys(bundle[locale]).sort(), en, `${ns}/${locale} keys`);
        for (const key of en) {
          assert.deepEqual(
            placeholders(valueAt(bundle[locale], key)),
            placeholders(valueAt(bundle.en, key)),
            `${locale}:${key}`,
          );
        }
      });
    }

    it("has every key the code asks for, in every language", () => {
      const translator = new Translator([bundle]);
      const code = files(sourceDir)
        .map((path) => readFileSync(path, "utf8"))
        .join("\n");
      const literal = [...code.matchAll(new RegExp(`"${ns}:([\\w.]+)"`, "g"))].map((m) => m[1]!);
      assert.ok(literal.length > 0, "the scan found the keys");
      for (const locale of LOCALES) {
        const absent = [...literal, ...dynamicKeys].filter(
          (key) => !translator.has(`${ns}:${key}`, locale) && !translator.has(`${ns}:${key}_other`, locale),
        );
        assert.deepEqual(absent, [], `${ns} keys missing in ${locale}`);
      }
    });
  });
}
