// Break-even between the best self-hosted option and the cheapest suitable hosted API: the monthly
// volume where their costs cross, found by re-pricing both options at other volumes with the same
// engine (the self-hosted cost is a step function of volume, the API's a straight line). When the
// cheapest API never crosses, the nearest dearer API that does is reported beside it.
import type { BreakEven, Option } from '../report.ts';
import type { Workload } from '../workload.ts';
import { type EngineContext, type Evaluation, evaluateOptions, fmtUsd } from './price-options.ts';

const MIN_VOLUME = 1e3;
const MAX_VOLUME = 1e12;
/** Dearer APIs tried for a crossing when the cheapest never crosses. */
const ALTERNATIVES_TRIED = 3;

interface Crossing {
  /** The volume where the costs meet, or null when they do not within the range walked. */
  volume: number | null;
  /** How far the walk got (the self-hosted option may stop being sizeable). */
  reached: number;
  /** Monthly cost of either option at the crossing. */
  costThere: number | null;
}

export function breakEvenOf(w: Workload, ev: Evaluation, core: EngineContext): BreakEven | null {
  const usable = ev.options.filter((o) => o.feasible && !o.excluded && o.monthlyMicroUsd !== null);
  const self = cheapestOf(usable.filter((o) => o.kind !== 'api'));
  // The API side: the cheapest that serves the model, even when its latency misses the target (said so).
  const feasibleApis = usable.filter((o) => o.kind === 'api');
  const apis = (feasibleApis.length > 0 ? feasibleApis : ev.options.filter((o) => o.kind === 'api' && !o.excluded && o.monthlyMicroUsd !== null)).sort(
    (a, b) => a.monthlyMicroUsd! - b.monthlyMicroUsd!,
  );
  const api = apis[0];
  if (!self || !api) return null;
  const d0 = self.monthlyUsd! - api.monthlyUsd!;
  const cheaperNow = d0 <= 0 ? 'self-hosted' : 'api';
  // The self-hosted price at each volume is the same whichever API it is compared with: price it once.
  const selfAt = memo((v: number) => costAt(w, core, self.id, v));
  const c = crossing(w, selfAt, self, api);
  const caveat = (a: Option) => (a.feasible ? '' : ` (${a.name} misses your latency target: ${a.reasons[0] ?? ''})`);
  if (c.volume !== null) {
    const summary = `Self-hosting on ${self.name} pays off above about ${fmtVolume(c.volume)} requests a month (both ≈ $${fmtUsd(c.costThere ?? 0)}/month there); below it ${api.name} is cheaper${caveat(api)}.`;
    return { selfHostedOptionId: self.id, apiOptionId: api.id, requestsPerMonth: c.volume, cheaperNow, summary };
  }
  let summary =
    d0 > 0
      ? `${api.name} stays cheaper than ${self.name} at every volume checked, up to ${fmtVolume(c.reached)} requests a month${c.reached < MAX_VOLUME ? ` (beyond that ${self.name} cannot be sized for the target)` : ''}${caveat(api)}.`
      : `${self.name} stays cheaper than ${api.name} at every volume checked, down to ${fmtVolume(c.reached)} requests a month${caveat(api)}.`;
  let alternative: BreakEven['alternative'] = null;
  if (d0 > 0) {
    // The cheapest API never crosses: the nearest dearer provider that does tells the team where
    // self-hosting starts to pay against the rest of the market.
    const seen = new Set([api.provider]);
    for (const other of apis.slice(1)) {
      if (seen.has(other.provider) || seen.size > ALTERNATIVES_TRIED) continue;
      seen.add(other.provider);
      const oc = crossing(w, selfAt, self, other);
      if (oc.volume === null) continue;
      alternative = { apiOptionId: other.id, requestsPerMonth: oc.volume };
      summary += ` Against ${other.name} ($${fmtUsd(other.monthlyUsd!)}/month at your volume), self-hosting pays off above about ${fmtVolume(oc.volume)} requests a month.`;
      break;
    }
  }
  return { selfHostedOptionId: self.id, apiOptionId: api.id, requestsPerMonth: null, cheaperNow, summary, alternative };
}

/** Walk volumes by doubling toward the crossing, then bisect: diff(lo) > 0 ≥ diff(hi) for a dearer self-host. */
function crossing(w: Workload, selfAt: (v: number) => number | null, self: Option, api: Option): Crossing {
  // A per-token API has no free tier or tiers in the catalog: its cost is proportional to volume.
  const apiAt = (v: number) => (api.monthlyUsd! * v) / w.requestsPerMonth;
  const diff = (v: number): number | null => {
    const s = selfAt(v);
    return s === null ? null : s - apiAt(v);
  };
  const v0 = w.requestsPerMonth;
  const d0 = self.monthlyUsd! - api.monthlyUsd!;
  let lo = v0;
  let hi = v0;
  let reached = v0;
  let found = false;
  for (let i = 0; i < 40 && !found; i++) {
    const next = d0 > 0 ? hi * 2 : lo / 2;
    if (next > MAX_VOLUME || next < MIN_VOLUME) break;
    const d = diff(next);
    if (d === null) break;
    reached = next;
    if (d0 > 0) {
      if (d <= 0) [lo, hi, found] = [hi, next, true];
      else hi = next;
    } else if (d > 0) [hi, lo, found] = [lo, next, true];
    else lo = next;
  }
  if (!found) return { volume: null, reached, costThere: null };
  for (let i = 0; i < 40 && hi / lo > 1.002; i++) {
    const mid = Math.sqrt(lo * hi);
    const d = diff(mid);
    if (d === null) break;
    if (d > 0) lo = mid;
    else hi = mid;
  }
  const volume = Math.round(hi);
  return { volume, reached, costThere: Math.round(apiAt(volume) * 100) / 100 };
}

/** Monthly cost of one option at another volume; null when it can no longer serve it (an option that
 * cannot keep up ends the search). */
function costAt(w: Workload, core: EngineContext, id: string, v: number): number | null {
  const o = evaluateOptions(atVolume(w, v), core, { only: id, light: true }).options[0];
  return o && (o.feasible || o.kind === 'api') ? o.monthlyUsd : null;
}

function memo(f: (v: number) => number | null): (v: number) => number | null {
  const seen = new Map<number, number | null>();
  return (v) => {
    if (!seen.has(v)) seen.set(v, f(v));
    return seen.get(v)!;
  };
}

export function atVolume(w: Workload, requestsPerMonth: number): Workload {
  const scale = requestsPerMonth / w.requestsPerMonth;
  // A batch job grows by its items per run: the same runs, each as long as the window allows.
  const job = w.job ? { ...w.job, itemsPerRun: w.job.itemsPerRun * scale } : null;
  return { ...w, requestsPerMonth, peakRps: w.peakRps * scale, job };
}

function cheapestOf(options: Option[]): Option | null {
  return options.reduce<Option | null>((b, o) => (b === null || o.monthlyMicroUsd! < b.monthlyMicroUsd! ? o : b), null);
}

export function fmtVolume(v: number): string {
  if (v >= 1e12) return `${(v / 1e12).toPrecision(3).replace(/\.?0+$/, '')}T`;
  if (v >= 1e9) return `${(v / 1e9).toPrecision(3).replace(/\.?0+$/, '')}B`;
  if (v >= 1e6) return `${(v / 1e6).toPrecision(3).replace(/\.?0+$/, '')}M`;
  if (v >= 1e3) return `${(v / 1e3).toPrecision(3).replace(/\.?0+$/, '')}K`;
  return `${Math.round(v)}`;
}
