// Small statistics and formatting helpers for the benchmarks.

/** The q-quantile (0..1) of `xs` by the nearest-rank method; NaN for an empty list. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);
export const p99 = (xs: readonly number[]): number => quantile(xs, 0.99);
export const mean = (xs: readonly number[]): number => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
export const max = (xs: readonly number[]): number => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => Math.max(a, b), -Infinity));

export interface Summary {
  n: number;
  median: number;
  p99: number;
  mean: number;
  max: number;
}

export function summarize(xs: readonly number[], digits = 3): Summary {
  return { n: xs.length, median: round(median(xs), digits), p99: round(p99(xs), digits), mean: round(mean(xs), digits), max: round(max(xs), digits) };
}

/** Round for the JSON (NaN and infinities become null via JSON.stringify, which is what we want). */
export function round(x: number, digits = 3): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function fmt(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return x.toFixed(digits);
}

/** A plain-text table with left-aligned first column and right-aligned numeric columns. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
