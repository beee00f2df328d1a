// Fits a message's buttons to what a platform can show: at most so many
// buttons in a row and rows in a message, and labels no longer than it
// allows. Pure. Long rows wrap onto more rows; buttons beyond the last row
// that fits are returned apart, for the core's `/press` fallback, so no
// choice is ever lost (a 10-option poll renders everywhere).

/** How a platform lays out buttons; absent means no limits of its own. */
export interface ButtonLayout {
  /** Most buttons side by side in one row. */
  perRow: number;
  /** Most rows of buttons in one message. */
  rows: number;
  /** Longest label, in characters; longer ones end with "…". */
  labelLength: number;
}

export interface PackedButtons<B> {
  rows: B[][];
  /** Buttons that did not fit, in order. */
  overflow: B[];
}

export function packButtons<B extends { label: string }>(rows: B[][], layout: ButtonLayout): PackedButtons<B> {
  const perRow = Math.max(1, layout.perRow);
  const wrapped: B[][] = [];
  for (const row of rows) {
    for (let start = 0; start < row.length; start += perRow) wrapped.push(row.slice(start, start + perRow));
  }
  const fitted = wrapped.slice(0, Math.max(0, layout.rows));
  const overflow = wrapped.slice(fitted.length).flat();
  return {
    rows: fitted.map((row) =>
      row.map((button) => ({ ...button, label: shortenLabel(button.label, layout.labelLength) })),
    ),
    overflow,
  };
}

export function shortenLabel(label: string, max: number): string {
  const chars = [...label];
  if (chars.length <= max) return label;
  return `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}
