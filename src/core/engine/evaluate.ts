// The engine: Workload + catalog → Report. Pure and synchronous. The options are priced by
// price-options.ts; the report adds what re-runs it on a changed Workload (suggestions, break-even,
// the tier's options), the notes, and the JSON parts.
import { cachedMap } from './attached.ts';
import type { Catalog } from '../catalog/schema.ts';
import type { Option, Recommendation, Report, ServingBaselineJson, WorkloadJson } from '../report.ts';
import { assumptionsOf, type ParsedWorkload } from '../workload.ts';
import type { Serving } from './serving.ts';
import { breakEvenOf } from './break-even.ts';
import { guideComputeRule, TIER_ADVICE, tierOf } from './rules.ts';
import { inScope } from '../regions.ts';
import { servableHardware } from './hardware-constraint.ts';
import { suggestionsFor } from './suggestions.ts';
import { byCloudOf, departure, tierOptionsOf, withDeparture } from './tiers.ts';
import { byCost, cheapest, type EngineContext, type Evaluation, evaluateOptions, fmtUsd } from './price-options.ts';

// Callers that price options directly keep importing them from here.
export { contextFor, evaluateOptions, fmtUsd, recommend, withinConstraints, type EngineContext, type Evaluation } from './price-options.ts';

export function evaluate(parsed: ParsedWorkload, core: EngineContext): Report {
  // Hardware the catalog has nothing for is dropped from the limits, with a note saying so.
  const servable = servableHardware(parsed.workload, core.catalog);
  parsed = { ...parsed, workload: servable.w, notes: [...parsed.notes, ...servable.notes] };
  const w = parsed.workload;
  // One memo for this report: the suggestions and the break-even reuse the sizings computed here.
  core = { catalog: core.catalog, models: core.models, memo: cachedMap(), profiles: cachedMap() };
  const ev = evaluateOptions(w, core);
  const dates = priceDates(core.catalog);
  ev.recommendation = withStaleWarning(ev.recommendation, ev.options, dates.newest);
  const rule = guideComputeRule(w, ev.ctx.m);
  const rec = ev.options.find((o) => o.id === ev.recommendation.optionId) ?? null;
  const compute = rec?.compute ?? (rule.leaning === 'cpu' ? 'cpu' : 'gpu');
  const tier = tierOf(w.requestsPerMonth);
  const tierOptions = tierOptionsOf(w, tier, ev, core);
  let recommendation = withDeparture(ev.recommendation, departure(tier, rec, tierOptions, ev.options));
  if (w.cloud === null) recommendation = { ...recommendation, byCloud: byCloudOf(ev.options) };
  return {
    version: 1,
    workload: workloadJson(parsed),
    assumptions: assumptionsOf(parsed),
    notes: [...parsed.notes, ...modelNotes(ev), servingNote(compute === 'gpu' ? ev.ctx.gpu.serving : ev.ctx.cpu.serving)],
    tier,
    tierAdvice: TIER_ADVICE[tier],
    compute,
    computeRule: { rule: rule.rule, why: computeWhy(rule, rec, ev.options) },
    options: sortOptions(ev.options),
    recommendation,
    suggestions: suggestionsFor(w, ev, core),
    breakEven: breakEvenOf(w, ev, core),
    tierOptions,
    pricesChecked: dates,
    servingBaseline: servingJson(compute === 'gpu' ? ev.ctx.gpu.serving : ev.ctx.cpu.serving),
    oldestPriceUsed: oldestUsed(ev.options),
    regions: { stated: w.region, priced: pricedRegions(ev.options, w.region) },
  };
}

function servingJson(s: Serving): ServingBaselineJson {
  return { compute: s.compute, id: s.baselineId, label: s.label, runtime: s.runtime, dynamicBatching: s.dynamicBatching, maxBatch: s.maxBatch, precision: s.precision, stated: s.stated, source: s.source };
}

function servingNote(s: Serving): string {
  return s.stated
    ? `${s.compute.toUpperCase()} options are sized as served: ${s.label}`
    : `${s.compute.toUpperCase()} options assume the production serving baseline: ${s.label} (say "pytorch", "fp32", "no batching" or "max batch 8" to change it)`;
}

/** A price older than this many days before the catalog's newest data is said to be stale. */
export const STALE_DAYS = 90;

/** The recommendation never rests on a stale price without saying so. */
function withStaleWarning(rec: Recommendation, options: Option[], newest: string): Recommendation {
  const o = options.find((x) => x.id === (rec.optionId ?? rec.runnerUpId));
  if (!o || !/^\d{4}-\d{2}-\d{2}$/.test(newest)) return rec;
  const limit = new Date(Date.parse(`${newest}T00:00:00Z`) - STALE_DAYS * 86_400_000).toISOString().slice(0, 10);
  const old = o.components.filter((c) => c.checked && c.checked < limit);
  const flagged = o.notes.some((n) => n.startsWith('price may be stale'));
  if (old.length === 0 && !flagged) return rec;
  const parts: string[] = [];
  if (old.length > 0) {
    const c = old.reduce((a, b) => (a.checked! <= b.checked! ? a : b));
    parts.push(`its price "${c.name}" dates from ${c.checked}, more than ${STALE_DAYS} days before the catalog's newest prices (${newest})`);
  }
  if (flagged) parts.push('the catalog marks its price as possibly stale');
  return { ...rec, why: `${rec.why} Check before you buy: ${parts.join('; ')}.` };
}

/** The oldest dated unit price behind the options a reader compares (feasible or not, but not excluded). */
function oldestUsed(options: Option[]): Report['oldestPriceUsed'] {
  let best: Report['oldestPriceUsed'] = null;
  for (const o of options) {
    if (o.excluded) continue;
    for (const c of o.components) {
      if (!c.checked || !c.source) continue;
      if (!best || c.checked < best.checked) best = { checked: c.checked, item: c.name, optionId: o.id, source: c.source };
    }
  }
  return best;
}

/** Per cloud, the region most of its dedicated options are priced in, preferring one inside the stated
 * region, place or area (options without a price there carry their own note). */
function pricedRegions(options: Option[], stated: string | null): Report['regions']['priced'] {
  const counts = new Map<string, Map<string, number>>();
  for (const o of options) {
    if (o.kind !== 'dedicated' || o.excluded || !o.cloud || !o.region) continue;
    let m = counts.get(o.cloud);
    if (!m) counts.set(o.cloud, (m = new Map()));
    m.set(o.region, (m.get(o.region) ?? 0) + 1);
  }
  const out: Report['regions']['priced'] = {};
  for (const cloud of ['aws', 'gcp', 'azure'] as const) {
    const m = counts.get(cloud);
    if (!m) continue;
    const ranked = [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    out[cloud] = (stated !== null ? ranked.find(([r]) => inScope(r, stated)) : undefined)?.[0] ?? ranked[0]![0];
  }
  return out;
}

function sortOptions(options: Option[]): Option[] {
  const rank = (o: Option) => (o.excluded ? 2 : o.feasible ? 0 : 1);
  return [...options].sort((a, b) => rank(a) - rank(b) || byCost(a, b));
}

function computeWhy(rule: ReturnType<typeof guideComputeRule>, rec: Option | null, options: Option[]): string {
  if (!rec) return `${rule.why}.`;
  if (rule.leaning === 'either' || rule.leaning === rec.compute) return `${rule.why}; the capacity model agrees: ${rec.name} is the cheapest that meets the target.`;
  const other = cheapest(options.filter((o) => o.compute === rule.leaning && !o.excluded));
  return `${rule.why}, but the capacity model found ${rec.compute.toUpperCase()} cheaper here: ${rec.name} at $${fmtUsd(rec.monthlyUsd!)}${other ? ` vs ${other.name} at $${fmtUsd(other.monthlyUsd!)}` : ` (no ${rule.leaning.toUpperCase()} option meets the target)`}.`;
}

function modelNotes(ev: Evaluation): string[] {
  const m = ev.ctx.m;
  const notes: string[] = [];
  if (m.archNote) notes.push(m.archNote);
  if (!m.generative) notes.push(`compute per request: ${m.flopsNote}`);
  return notes;
}

export function workloadJson(parsed: ParsedWorkload): WorkloadJson {
  const w = parsed.workload;
  const provenance: WorkloadJson['provenance'] = {};
  for (const [k, o] of Object.entries(parsed.provenance)) {
    if (!o) continue;
    provenance[k as keyof typeof provenance] = { source: o.source, ...(o.span ? { text: o.span.text } : {}), ...(o.why ? { why: o.why } : {}) };
  }
  return {
    // Float noise from per-second rates ("500M/month" → 499,999,999.99999994) is not a volume anyone stated.
    requestsPerMonth: Math.round(w.requestsPerMonth * 1e6) / 1e6,
    peakRps: round(w.peakRps, 4),
    peakToAverage: w.peakToAverage,
    pattern: w.pattern,
    model: { name: w.model.name, knownId: w.model.knownId, params: w.model.params, sizeBytes: w.model.sizeBytes, precision: w.model.precision, kind: w.model.kind },
    tokens: w.tokens,
    latency: w.latency,
    cloud: w.cloud,
    computeConstraint: w.computeConstraint,
    budgetUsdPerMonth: w.budgetUsdPerMonth,
    cacheHitRate: w.cacheHitRate,
    spotOk: w.spotOk,
    region: w.region,
    dataResidency: w.dataResidency,
    asyncOk: w.asyncOk,
    selfHostedOnly: w.selfHostedOnly,
    hardware: w.hardware,
    job: w.job,
    serving: { commitment: w.serving.commitment },
    provenance,
  };
}

const priceDatesCache = new WeakMap<Catalog, { oldest: string; newest: string }>();

function priceDates(c: Catalog): { oldest: string; newest: string } {
  const cached = priceDatesCache.get(c);
  if (cached) return cached;
  const dates: string[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (typeof o.checked === 'string' && ('usd' in o || 'tiers' in o)) dates.push(o.checked);
      Object.values(o).forEach(walk);
    }
  };
  walk(c);
  dates.sort();
  const out = { oldest: dates[0] ?? 'unknown', newest: dates[dates.length - 1] ?? 'unknown' };
  priceDatesCache.set(c, out);
  return out;
}

function round(x: number, d: number): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}
