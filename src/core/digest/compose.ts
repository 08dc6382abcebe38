// The digest, composed: every saved workload re-priced with the current catalog, compared with its
// snapshot from the last digest (its history of earlier digests' costs carried for the trend chart),
// and the cause of any change named — a catalog price, an edit of the
// workload, a switch of the recommendation, or the engine's sizing. Pure: the catalog, the saved
// workloads, their snapshots and the time come in as arguments. Money is summed in micro-dollars.

import type { CoreContext } from '../pipeline.ts';
import { evaluate } from '../engine/evaluate.ts';
import type { Option, Report, Suggestion } from '../report.ts';
import { valueAt, type FieldPath, type ParsedWorkload, type Workload } from '../workload.ts';
import { catalogFingerprint, priceLines, snapshotOf, workloadHash, type CostPoint, type DigestSnapshot, type PriceLine } from './snapshot.ts';

export interface DigestInput {
  name: string;
  parsed: ParsedWorkload;
  snapshot: DigestSnapshot | null;
  /** Its cost at the posted digests the store kept, oldest first (absent: none). */
  history?: CostPoint[];
}

export interface PriceChange {
  name: string;
  unit: string;
  before: number | null;
  after: number | null;
  source: string | null;
}

export interface FieldChange {
  field: FieldPath;
  before: unknown;
  after: unknown;
}

export type ChangeCause =
  | { kind: 'new' }
  | { kind: 'unchanged' }
  /** A unit price of the previously recommended option changed in the catalog. */
  | { kind: 'price'; changes: PriceChange[] }
  /** Someone edited the saved workload (volume, model, target, …). */
  | { kind: 'edited'; fields: FieldChange[] }
  /** Same workload, same prices of the old pick, but another option is now cheapest (new or re-priced options). */
  | { kind: 'switched'; catalogChanged: boolean }
  /** Same workload, same unit prices, same option, different cost: the engine's sizing changed. */
  | { kind: 'sizing' };

export interface DigestEntry {
  name: string;
  report: Report;
  option: Option | null;
  monthlyMicroUsd: number | null;
  previousMicroUsd: number | null;
  /** current − previous, when both are known. */
  deltaMicroUsd: number | null;
  /** The previously recommended option's name when the recommendation switched. */
  switchedFrom: string | null;
  cause: ChangeCause;
  /** Its cost at earlier posted digests, oldest period first (the trend chart's points before now). */
  history: CostPoint[];
}

export interface Saving {
  workload: string;
  suggestion: Suggestion;
  /** The option the suggestion would pick, by name, when known. */
  newOptionName: string | null;
}

export interface Digest {
  /** Most expensive first; unpriced last. */
  entries: DigestEntry[];
  totalMicroUsd: number;
  /** The same workloads' total at the last digest, over those priced then and now; null when none compare. */
  comparable: { previousMicroUsd: number; currentMicroUsd: number } | null;
  /** Workloads no option can serve (not in the total). */
  unpriced: number;
  savings: Saving[];
  /** What to store for next time. */
  snapshots: DigestSnapshot[];
}

export const TOP_SAVINGS = 3;

/** The workload fields whose edits the digest names, in reading order. */
export const DIFF_FIELDS: FieldPath[] = [
  'requestsPerMonth',
  'peakRps',
  'model.name',
  'model.params',
  'model.precision',
  'tokens',
  'latency.percentile',
  'latency.ms',
  'latency.measures',
  'cloud',
  'computeConstraint',
  'budgetUsdPerMonth',
  'cacheHitRate',
  'spotOk',
  'region',
  'asyncOk',
  'selfHostedOnly',
  'hardware',
  'job',
  'serving.commitment',
];

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function fieldChanges(before: Workload, after: Workload): FieldChange[] {
  return DIFF_FIELDS.filter((f) => !same(valueAt(before, f), valueAt(after, f))).map((f) => ({ field: f, before: valueAt(before, f), after: valueAt(after, f) }));
}

/** Unit-price differences between a snapshot's lines and an option's current components (matched by name, then position). */
export function priceChanges(before: PriceLine[], now: PriceLine[]): PriceChange[] {
  const out: PriceChange[] = [];
  const byName = new Map(now.map((l) => [l.name, l]));
  before.forEach((b, i) => {
    const a = byName.get(b.name) ?? (now.length === before.length ? now[i] : undefined);
    if (!a) return;
    const moved = !same(roundPrice(b.unitPriceUsd), roundPrice(a.unitPriceUsd)) || (b.source !== null && a.source !== null && b.source !== a.source);
    if (moved) out.push({ name: a.name, unit: a.unit, before: b.unitPriceUsd, after: a.unitPriceUsd, source: a.source });
  });
  return out;
}

const roundPrice = (x: number | null): number | null => (x === null ? null : Number(x.toPrecision(10)));

function causeOf(snap: DigestSnapshot | null, w: Workload, report: Report, rec: Option | null, fingerprint: string): ChangeCause {
  if (!snap) return { kind: 'new' };
  if (snap.workloadHash !== workloadHash(w)) return { kind: 'edited', fields: fieldChanges(snap.workload, w) };
  const oldPick = snap.optionId === null ? undefined : report.options.find((o) => o.id === snap.optionId);
  if (oldPick) {
    const changes = priceChanges(snap.prices, priceLines(oldPick.components));
    if (changes.length > 0) return { kind: 'price', changes };
  }
  if ((rec?.id ?? null) !== snap.optionId) return { kind: 'switched', catalogChanged: snap.catalogFingerprint !== fingerprint };
  if ((rec?.monthlyMicroUsd ?? null) !== snap.monthlyMicroUsd) return { kind: 'sizing' };
  return { kind: 'unchanged' };
}

export function composeDigest(inputs: DigestInput[], core: CoreContext, takenAt: string): Digest {
  const fingerprint = catalogFingerprint(core.catalog);
  const entries: DigestEntry[] = [];
  const snapshots: DigestSnapshot[] = [];
  for (const input of inputs) {
    const w = input.parsed.workload;
    const report = evaluate(input.parsed, core);
    const rec = report.options.find((o) => o.id === report.recommendation.optionId) ?? null;
    const monthly = rec?.monthlyMicroUsd ?? null;
    const prev = input.snapshot?.monthlyMicroUsd ?? null;
    const switched = input.snapshot && input.snapshot.optionId !== (rec?.id ?? null) ? (input.snapshot.optionName ?? 'no option') : null;
    entries.push({
      name: input.name,
      report,
      option: rec,
      monthlyMicroUsd: monthly,
      previousMicroUsd: prev,
      deltaMicroUsd: monthly !== null && prev !== null ? monthly - prev : null,
      switchedFrom: switched,
      cause: causeOf(input.snapshot, w, report, rec, fingerprint),
      history: [...(input.history ?? [])].sort((a, b) => (a.periodKey < b.periodKey ? -1 : a.periodKey > b.periodKey ? 1 : 0)),
    });
    snapshots.push(snapshotOf(input.name, w, report, core.catalog, takenAt));
  }
  entries.sort((a, b) => (b.monthlyMicroUsd ?? -1) - (a.monthlyMicroUsd ?? -1) || a.name.localeCompare(b.name));

  let total = 0;
  let unpriced = 0;
  let prevSum = 0;
  let curSum = 0;
  let compared = 0;
  for (const e of entries) {
    if (e.monthlyMicroUsd === null) unpriced++;
    else total += e.monthlyMicroUsd;
    if (e.monthlyMicroUsd !== null && e.previousMicroUsd !== null) {
      prevSum += e.previousMicroUsd;
      curSum += e.monthlyMicroUsd;
      compared++;
    }
  }

  // The biggest saving of each workload, then the biggest of those.
  const savings: Saving[] = [];
  for (const e of entries) {
    const best = [...e.report.suggestions].filter((s) => s.monthlyUsdSaved > 0).sort((a, b) => b.monthlyUsdSaved - a.monthlyUsdSaved || a.id.localeCompare(b.id))[0];
    if (best) savings.push({ workload: e.name, suggestion: best, newOptionName: nameOf(e.report, best.newOptionId) });
  }
  savings.sort((a, b) => b.suggestion.monthlyUsdSaved - a.suggestion.monthlyUsdSaved || a.workload.localeCompare(b.workload));

  return {
    entries,
    totalMicroUsd: total,
    comparable: compared > 0 ? { previousMicroUsd: prevSum, currentMicroUsd: curSum } : null,
    unpriced,
    savings: savings.slice(0, TOP_SAVINGS),
    snapshots,
  };
}

function nameOf(report: Report, id: string | null): string | null {
  return id === null ? null : (report.options.find((o) => o.id === id)?.name ?? null);
}
