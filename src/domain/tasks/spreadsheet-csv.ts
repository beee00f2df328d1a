// CSV files for spreadsheets (hours report, shift roster). RFC 4180 wants
// CRLF between records, and Excel reads a file as UTF-8 only when it starts
// with a byte-order mark: without one, a double-click shows "PÃ¤ivi" for
// "Päivi". Every cell is defused against formula injection. Pure.
import { stringify } from "csv-stringify/sync";

export function spreadsheetCsv(rows: string[][]): string {
  return stringify(
    rows.map((row) => row.map(defuse)),
    { bom: true, record_delimiter: "windows" },
  );
}

/**
 * Spreadsheets run a cell that starts with = + - @ as a formula; a name such
 * as "=HYPERLINK(…)" must stay text (OWASP "CSV injection").
 */
export function defuse(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
