// Shared helpers of the benchmarks: percentiles and how figures print.
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** A figure as the table shows it: whole numbers as they are, others to two decimals, NaN as "–". */
export function shown(value: number | boolean | null | undefined): string {
  if (value === null || value === undefined || (typeof value === "number" && Number.isNaN(value))) return "–";
  if (typeof value === "boolean") return value ? "yes" : "no";
  return Number.isInteger(value) ? value.toLocaleString("en-US") : value.toFixed(2);
}

export interface Budget {
  scenario: string;
  budget: string;
  met: boolean;
}
