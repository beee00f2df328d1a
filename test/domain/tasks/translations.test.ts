// Every string of the tasks feature exists in en, fi and sv with the same
// placeholders, and every key the code uses exists.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { flattenKeys, type MessageTree, Translator } from "../../../src/core/i18n.js";
import { taskTranslations } from "../../../src/domain/tasks/translations.js";

const source = new URL("../../../src/domain/tasks", import.meta.url).pathname;

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

describe("tasks translations", () => {
  const en = flattenKeys(taskTranslations.en).sort();

  for (const locale of ["fi", "sv"] as const) {
    it(`${locale} has exactly the English keys, each with the same placeholders`, () => {
      assert.deepEqual(flattenKeys(taskTranslations[locale]).sort(), en);
      for (const key of en) {
        assert.deepEqual(
          placeholders(valueAt(taskTranslations[locale], key)),
          placeholders(valueAt(taskTranslations.en, key)),
          `${locale}:${key}`,
        );
      }
    });
  }

  it("has every key the code asks for (literal keys, and each value of the dynamic ones)", () => {
    const translator = new Translator([taskTranslations]);
    const code = files(source)
      .map((path) => readFileSync(path, "utf8"))
      .join("\n");
    const literal = [...code.matchAll(/"tasks:([\w.]+)"/g)].map((m) => m[1]!);
    const dynamic = [
      ...["closed", "started", "cancelled", "done"].map((p) => `card.footer.${p}`),
      ...["weekly", "biweekly", "monthly", "custom"].map((k) => `repeat.${k}`),
      ...["done", "cancelled"].map((s) => `list.status.${s}`),
      ...["confirmed", "waitlisted"].map((s) => `list.mine.${s}`),
      ...["title", "when", "place", "slots", "note", "cutoff"].map((f) => `changes.field.${f}`),
      ...["open", "mine", "today", "week"].flatMap((v) => [`list.title.${v}`, `list.empty.${v}`]),
      ...["pending", "approved", "declined"].map((s) => `hours.status.${s}`),
      ...["missing", "cancelled", "done", "started", "closed", "notStarted"].map((r) => `errors.refused.${r}`),
      "hours.approved",
      "hours.declined",
    ];
    const missing = [...literal, ...dynamic].filter(
      (key) => !translator.has(`tasks:${key}`) && !translator.has(`tasks:${key}_other`),
    );
    assert.deepEqual(missing, []);
  });
});
