// A category's stored extra questions, read leniently. Pure.
import assert from "node:assert/strict";
import { it } from "vitest";
import { readFields } from "../../../src/domain/requests/service-fields.js";

it("reads no questions from an empty list or an empty column", () => {
  assert.deepEqual(readFields("[]"), []);
  assert.deepEqual(readFields(""), []);
});

it("reads stored questions with Open311's defaults filled in", () => {
  assert.deepEqual(readFields('[{"code":"depth","description":"How deep?"}]'), [
    { code: "depth", description: "How deep?", datatype: "string", required: false },
  ]);
});

it("a row written by hand that does not parse reads as no questions, never an error", () => {
  assert.deepEqual(readFields("not json"), []);
  assert.deepEqual(readFields('[{"code":"bad code!","description":"x"}]'), []);
});
