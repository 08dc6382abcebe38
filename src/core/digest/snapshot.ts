// What a digest remembers about each saved workload, to explain the next week's change: the
// recommended option, its monthly cost in micro-dollars, the unit prices (and their sources) it was
// priced from, a hash of the workload and of the catalog.

import type { Catalog } from '../catalog/schema.ts';
import type { CostComponent, Report } from '../report.ts';
import type { Workload } from '../workload.ts';

export interface PriceLine {
  name: string;
  unit: string;
  /** null when the unit price was unknown. */
  unitPriceUsd: number | null;
  source: string | null;
  checked: string | null;
}

export interface DigestSnapshot {
  name: string;
  optionId: string | null;
  optionName: string | null;
  monthlyMicroUsd: number | null;
  prices: PriceLine[];
  workloadHash: string;
  /** The workload as priced, so an edit can be described field by field. */
  workload: Workload;
  catalogFingerprint: string;
  /** ISO timestamp of the digest that took it. */
  takenAt: string;
}

/** Posted digests whose cost of each saved workload the store keeps (the trend chart's history). */
export const HISTORY_LIMIT = 12;

/** A saved workload's recommended monthly cost as one posted digest priced it. */
export interface CostPoint {
  /** The digest's period, "2026-W10". */
  periodKey: string;
  /** null when no option could serve it that week. */
  monthlyMicroUsd: number | null;
  /** ISO timestamp of when the digest was recorded. */
  takenAt: string;
}

/** A CostPoint of a named workload, as the store lists a channel's history. */
export interface HistoryPoint extends CostPoint {
  name: string;
}

/** JSON with object keys sorted, so equal values always serialize the same. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** 64-bit FNV-1a as 16 hex digits: a change detector, not a security hash. */
export function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}

export function workloadHash(w: Workload): string {
  return fnv1a64(canonicalJson(w));
}

const fingerprints = new WeakMap<Catalog, string>();

/** A short fingerprint of every price and option in the catalog. */
export function catalogFingerprint(c: Catalog): string {
  let fp = fingerprints.get(c);
  if (!fp) {
    fp = fnv1a64(canonicalJson(c));
    fingerprints.set(c, fp);
  }
  return fp;
}

export function priceLines(components: CostComponent[]): PriceLine[] {
  return components.map((c) => ({
    name: c.name,
    unit: c.unit,
    unitPriceUsd: Number.isFinite(c.unitPriceUsd) ? c.unitPriceUsd : null,
    source: c.source ?? null,
    checked: c.checked ?? null,
  }));
}

export function snapshotOf(name: string, workload: Workload, report: Report, catalog: Catalog, takenAt: string): DigestSnapshot {
  const rec = report.options.find((o) => o.id === report.recommendation.optionId) ?? null;
  return {
    name,
    optionId: rec?.id ?? null,
    optionName: rec?.name ?? null,
    monthlyMicroUsd: rec?.monthlyMicroUsd ?? null,
    prices: rec ? priceLines(rec.components) : [],
    workloadHash: workloadHash(workload),
    workload,
    catalogFingerprint: catalogFingerprint(catalog),
    takenAt,
  };
}
