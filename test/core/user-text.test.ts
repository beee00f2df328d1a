// What the bot shows of user text: no pings, and no directional controls
// that would reorder or hide the text around them.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { stripBidiControls } from "../../src/core/bidi-controls.js";
import { safeUserText } from "../../src/core/user-text.js";

const CONTROLS = ["\u061C", "\u200E", "\u200F", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E"].concat([
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
]);

describe("stripBidiControls", () => {
  it("removes every directional formatting character", () => {
    for (const control of CONTROLS) assert.equal(stripBidiControls(`a${control}b${control}`), "ab");
  });

  it("turns a right-to-left override that disguises a file name back into plain text", () => {
    assert.equal(stripBidiControls("invoice\u202Efdp.exe"), "invoicefdp.exe");
  });

  it("keeps right-to-left scripts and everything else as they are", () => {
    const text = "שלום مرحبا Hyvää päivää 👋 \u2060@everyone";
    assert.equal(stripBidiControls(text), text);
  });
});

describe("safeUserText", () => {
  it("defuses mentions and strips bidi controls together", () => {
    assert.equal(safeUserText("\u202E@everyone"), "@\u2060everyone");
  });
});
