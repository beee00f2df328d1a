// Buttons fitted to a platform's layout: rows wrap, labels shorten, and what
// does not fit is handed back for the /press fallback, in order.
import { describe, expect, it } from "vitest";
import { packButtons, shortenLabel } from "../../src/core/button-layout.js";

const b = (label: string) => ({ label });
const labels = (rows: { label: string }[][]) => rows.map((row) => row.map((x) => x.label));

describe("packButtons", () => {
  it("wraps a long row onto more rows of at most perRow", () => {
    const row = Array.from({ length: 10 }, (_, i) => b(`Option ${i + 1}`));
    const packed = packButtons([row], { perRow: 5, rows: 5, labelLength: 80 });
    expect(labels(packed.rows)).toEqual([
      ["Option 1", "Option 2", "Option 3", "Option 4", "Option 5"],
      ["Option 6", "Option 7", "Option 8", "Option 9", "Option 10"],
    ]);
    expect(packed.overflow).toEqual([]);
  });

  it("hands back, in order, what does not fit in the rows allowed", () => {
    const rows = [[b("A"), b("B"), b("C")], [b("D")], [b("Close")]];
    const packed = packButtons(rows, { perRow: 2, rows: 2, labelLength: 80 });
    expect(labels(packed.rows)).toEqual([["A", "B"], ["C"]]);
    expect(packed.overflow.map((x) => x.label)).toEqual(["D", "Close"]);
  });

  it("shortens long labels with an ellipsis, counting characters not UTF-16 units", () => {
    const packed = packButtons([[b("Lauantain siivoustalkoot 🧹🧹")]], { perRow: 5, rows: 5, labelLength: 10 });
    expect(packed.rows[0]![0]!.label).toBe("Lauantain…");
    expect(shortenLabel("🧹🧹🧹", 3)).toBe("🧹🧹🧹");
    expect(shortenLabel("🧹🧹🧹🧹", 3)).toBe("🧹🧹…");
  });

  it("keeps the other fields of a button", () => {
    const packed = packButtons([[{ label: "Join", actionId: "x1" }]], { perRow: 1, rows: 1, labelLength: 3 });
    expect(packed.rows).toEqual([[{ label: "Jo…", actionId: "x1" }]]);
  });
});
