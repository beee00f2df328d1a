// Every string of the polls feature exists in en, fi and sv with the same
// placeholders, and every key the code uses exists.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { flattenKeys, type MessageTree, Translator } from "../../../src/core/i18n.js";
import { pollTranslations } from "../../../src/domain/polls/translations.js";

const source = new URL("../../../src/domain/polls", import.meta.url).pathname;

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

describe("polls translations", () => {
  const en = flattenKeys(pollTranslations.en).sort();

  for (const locale of ["fi", "sv"] as const) {
    it(`${locale} has exactly the English keys, each with the same placeholders`, () => {
      assert.deepEqual(flattenKeys(pollTranslations[locale]).sort(), en);
      for (const key of en) {
        assert.deepEqual(
          placeholders(valueAt(pollTranslations[locale], key)),
          placeholders(valueAt(pollTranslations.en, key)),
          `${locale}:${key}`,
        );
      }
    });
  }

  it("has every key the code asks for (literal keys, and each value of the dynamic ones)", () => {
    const translator = new Translator([pollTranslations]);
    const code = files(source)
      .map((path) => readFileSync(path, "utf8"))
      .join("\n");
    const literal = [...code.matchAll(/"polls:([\w.]+)"/g)].map((m) => m[1]!);
    assert.ok(literal.length > 50, "the scan found the keys");
    const dynamic = [
      ...["unsupported", "anonymous", "hidden", "coordinators"].map((r) => `native.${r}`),
      ...["closed", "final", "badOption", "oneChoice", "empty", "missing"].map((r) => `vote.refused.${r}`),
      ...["missing", "closed"].map((r) => `errors.refused.${r}`),
      ...["open", "closed"].flatMap((v) => [`list.title.${v}`, `list.empty.${v}`]),
    ];
    const missing = [...literal, ...dynamic].filter(
      (key) => !translator.has(`polls:${key}`) && !translator.has(`polls:${key}_other`),
    );
    assert.deepEqual(missing, []);
    for (const locale of ["en", "fi", "sv"] as const) {
      const absent = [...literal, ...dynamic].filter(
        (key) => !translator.has(`polls:${key}`, locale) && !translator.has(`polls:${key}_other`, locale),
      );
      assert.deepEqual(absent, [], locale);
    }
  });
});
