// Break-even between the best self-hosted option and the cheapest suitable hosted API: the monthly
// volume where their costs cross, found by re-pricing both options at other volumes with the same
// engine (the self-hosted cost is a step function of volume, the API's a straight line).
import type { BreakEven, Option } from '../report.ts';
import type { Workload } from '../workload.ts';
import { type EngineContext, type Evaluation, evaluateOptions, fmtUsd } from './evaluate.ts';

const MIN_VOLUME = 1e3;
const MAX_VOLUME = 1e12;

export function breakEvenOf(w: Workload, ev: Evaluation, core: EngineContext): BreakEven | null {
  const usable = ev.options.filter((o) => o.feasible && !o.excluded && o.monthlyMicroUsd !== null);
  const self = cheapestOf(usable.filter((o) => o.kind !== 'api'));
  // The API side: the cheapest that serves the model, even when its latency misses the target (said so).
  const api = cheapestOf(usable.filter((o) => o.kind === 'api')) ?? cheapestOf(ev.options.filter((o) => o.kind === 'api' && !o.excluded && o.monthlyMicroUsd !== null));
  if (!self || !api) return null;
  const costAt = (id: string, v: number): number | null => {
    // Only a price that serves the volume counts: an option that can no longer keep up ends the search.
    const o = evaluateOptions(atVolume(w, v), core, id).options[0];
    return o && (o.feasible || o.kind === 'api') ? o.monthlyUsd : null;
  };
  const diff = (v: number): number | null => {
    const s = costAt(self.id, v);
    const a = costAt(api.id, v);
    return s === null || a === null ? null : s - a;
  };
  const v0 = w.requestsPerMonth;
  const d0 = (self.monthlyUsd ?? 0) - (api.monthlyUsd ?? 0);
  const cheaperNow = d0 <= 0 ? 'self-hosted' : 'api';
  // Walk by doubling in the direction of the crossing (API cheaper → higher volumes).
  let lo = v0;
  let hi = v0;
  let found = false;
  let reached = v0;
  for (let i = 0; i < 40; i++) {
    const next = d0 > 0 ? hi * 2 : lo / 2;
    if (next > MAX_VOLUME || next < MIN_VOLUME) break;
    const d = diff(next);
    if (d === null) break;
    reached = next;
    if (d0 > 0) {
      if (d <= 0) {
        lo = hi;
        hi = next;
        found = true;
        break;
      }
      hi = next;
    } else {
      if (d > 0) {
        hi = lo;
        lo = next;
        found = true;
        break;
      }
      lo = next;
    }
  }
  const selfName = self.name;
  if (!found) {
    const caveat = api.feasible ? '' : ` (${api.name} misses your latency target)`;
    const summary =
      d0 > 0
        ? `${api.name} stays cheaper than ${self.name} at every volume checked, up to ${fmtVolume(reached)} requests a month${reached < MAX_VOLUME ? ` (beyond that ${self.name} cannot be sized for the target)` : ''}${caveat}.`
        : `${self.name} stays cheaper than ${api.name} at every volume checked, down to ${fmtVolume(reached)} requests a month${caveat}.`;
    return { selfHostedOptionId: self.id, apiOptionId: api.id, requestsPerMonth: null, cheaperNow, summary };
  }
  // Bisection: diff(lo) > 0 ≥ diff(hi) (self-hosted dearer below the crossing).
  for (let i = 0; i < 40 && hi / lo > 1.002; i++) {
    const mid = Math.sqrt(lo * hi);
    const d = diff(mid);
    if (d === null) break;
    if (d > 0) lo = mid;
    else hi = mid;
  }
  const v = Math.round(hi);
  const at = costAt(api.id, v);
  const caveat = api.feasible ? '' : ` (${api.name} misses your latency target: ${api.reasons[0] ?? ''})`;
  const summary = `Self-hosting on ${selfName} pays off above about ${fmtVolume(v)} requests a month (both ≈ $${fmtUsd(at ?? 0)}/month there); below it ${api.name} is cheaper${caveat}.`;
  return { selfHostedOptionId: self.id, apiOptionId: api.id, requestsPerMonth: v, cheaperNow, summary };
}

export function atVolume(w: Workload, requestsPerMonth: number): Workload {
  const scale = requestsPerMonth / w.requestsPerMonth;
  return { ...w, requestsPerMonth, peakRps: w.peakRps * scale };
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
