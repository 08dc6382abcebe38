import { group } from '../numbers.ts';
// Number formatting shared by every renderer (terminal, Block Kit, digest).

export function usd(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return 'unknown';
  const abs = Math.abs(x);
  const s = abs >= 100 ? group(Math.round(abs)) : group(abs, 2, 2);
  return `${x < 0 ? '−' : ''}$${s}`;
}

/** Small unit prices keep their significant digits: $0.0000166667. */
export function unitUsd(x: number): string {
  if (!Number.isFinite(x)) return 'unknown';
  if (x >= 1) return `$${group(x, 4)}`;
  return `$${Number(x.toPrecision(4)).toString()}`;
}

export function per1k(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return 'unknown';
  return x >= 1 ? `$${x.toFixed(2)}` : `$${Number(x.toPrecision(3))}`;
}

export function ms(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '—';
  if (x >= 10_000) return `${(x / 1000).toFixed(1)} s`;
  return x >= 100 ? `${Math.round(x)} ms` : `${x.toFixed(1)} ms`;
}

export function count(x: number, digits = 0): string {
  return group(x, digits);
}

/** 5,000,000 → "5M"; 1,250 → "1.25K". */
export function compact(x: number): string {
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [v, s] of units) if (Math.abs(x) >= v) return `${Number((x / v).toPrecision(3))}${s}`;
  return `${Number(x.toPrecision(3))}`;
}

export function bytes(b: number): string {
  if (b >= 1e9) return `${Number((b / 1e9).toPrecision(3))} GB`;
  if (b >= 1e6) return `${Number((b / 1e6).toPrecision(3))} MB`;
  return `${Number((b / 1e3).toPrecision(3))} KB`;
}
