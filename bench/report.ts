// What every benchmark returns, and how the suite prints it.
export interface BenchResult {
  name: string;
  figures: Record<string, number>;
  budget: { label: string; met: boolean };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function formatResult(result: BenchResult): string {
  const lines = [`${result.budget.met ? "✔" : "✖"} ${result.name} — budget: ${result.budget.label}`];
  for (const [label, value] of Object.entries(result.figures)) {
    lines.push(`    ${label}: ${Number.isInteger(value) ? value : value.toFixed(2)}`);
  }
  return lines.join("\n");
}
