// The guide's tiers as real options, not only a sentence: at the medium tier the dedicated baseline
// with serverless overflow is priced and shown with its split; at the high tier the dedicated options
// are priced on demand, with a 1-year and with a 3-year commitment, side by side; the recommendation
// says when it departs from its tier's usual answer and why. Also the cheapest option per cloud.
// Committed prices are the same engine run on the workload with the commitment changed.
import type { CloudPick, CommittedPrice, Option, Recommendation, Tier, TierOptions } from '../report.ts';
import { optionFamily } from '../report.ts';
import type { Workload } from '../workload.ts';
import { type EngineContext, type Evaluation, evaluateOptions, fmtUsd } from './price-options.ts';

const USUAL: Record<Tier, TierOptions['usual']> = { low: 'serverless', medium: 'hybrid', high: 'dedicated' };
const USUAL_WORDS: Record<TierOptions['usual'], string> = {
  serverless: 'serverless, scaled to zero',
  hybrid: 'a dedicated baseline with serverless overflow',
  dedicated: 'dedicated capacity, ideally committed',
};
/** Dedicated options priced three ways at the high tier. */
const COMMITTED_SHOWN = 3;

const usable = (o: Option) => o.feasible && !o.excluded && o.monthlyMicroUsd !== null;
const byCost = (a: Option, b: Option) => (a.monthlyMicroUsd ?? Infinity) - (b.monthlyMicroUsd ?? Infinity) || a.id.localeCompare(b.id);

export function tierOptionsOf(w: Workload, tier: Tier, ev: Evaluation, core: EngineContext): TierOptions {
  const options = ev.options;
  const hybrids = options.filter((o) => o.kind === 'hybrid' && o.monthlyMicroUsd !== null).sort((a, b) => Number(usable(b)) - Number(usable(a)) || byCost(a, b));
  const h = hybrids[0] ?? null;
  const hybrid = h ? { optionId: h.id, name: h.name, monthlyUsd: h.monthlyUsd!, overflowShare: h.overflowShare ?? 0, feasible: h.feasible, excluded: h.excluded } : null;
  const hybridNote = tier === 'medium' && !hybrid ? whyNoHybrid(w, ev) : null;
  const committed = tier === 'high' || w.serving.commitment !== 'none' ? committedPrices(w, options, core) : [];
  return { usual: USUAL[tier], hybrid, hybridNote, committed };
}

function whyNoHybrid(w: Workload, ev: Evaluation): string {
  const ded = ev.options.filter((o) => o.kind === 'dedicated' && usable(o));
  if (ded.length === 0) return 'No hybrid: no dedicated instance meets the target inside your constraints, so there is no baseline to build on.';
  if (ev.ctx.load.peakShare >= 1) return 'No hybrid: the traffic is flat (the peak is the average), so a baseline sized for the average leaves nothing to overflow.';
  const classes = new Set(ded.map((o) => o.compute));
  const inScope = (o: Option) => o.kind === 'serverless' && classes.has(o.compute) && (w.cloud === null ? true : o.cloud === w.cloud);
  if (!ev.options.some(inScope)) {
    const what = [...classes].map((c) => c.toUpperCase()).join(' or ');
    return `No hybrid: ${w.cloud ? w.cloud.toUpperCase() : 'the catalog'} has no serverless ${what} option to take the overflow of a ${what} baseline.`;
  }
  const sv = ev.options.filter((o) => inScope(o) && usable(o));
  if (sv.length === 0) {
    return `No hybrid: no serverless option ${w.cloud ? `on ${w.cloud.toUpperCase()} ` : ''}meets the target inside your constraints, so the peaks have nowhere to overflow.`;
  }
  return 'No hybrid: the baseline sized for the average load already carries the peak, so nothing overflows.';
}

/** The cheapest dedicated options (one per hardware family), each priced on demand, 1-year and 3-year. */
function committedPrices(w: Workload, options: Option[], core: EngineContext): CommittedPrice[] {
  const families = new Set<string>();
  const picks = options
    .filter((o) => o.kind === 'dedicated' && usable(o))
    .sort(byCost)
    .filter((o) => !families.has(optionFamily(o)) && families.add(optionFamily(o)))
    .slice(0, COMMITTED_SHOWN);
  const out: CommittedPrice[] = [];
  for (const o of picks) {
    const at = (commitment: Workload['serving']['commitment']): number | null => {
      const ev = evaluateOptions({ ...w, serving: { ...w.serving, commitment } }, core, { only: o.id, light: true });
      return ev.built.find((x) => x.id === o.id)?.monthlyUsd ?? null;
    };
    const onDemand = at('none');
    const y1 = at('1y');
    const y3 = at('3y');
    if (onDemand === null || y1 === null || y3 === null) continue;
    out.push({ optionId: o.id, name: o.name, onDemandUsd: onDemand, commit1yUsd: y1, commit3yUsd: y3 });
  }
  return out;
}

/** When no cloud was stated: the cheapest option that meets the target on each cloud. */
export function byCloudOf(options: Option[]): Record<'aws' | 'gcp' | 'azure', CloudPick | null> {
  const pick = (cloud: 'aws' | 'gcp' | 'azure'): CloudPick | null => {
    const o = options.filter((x) => x.cloud === cloud && usable(x)).sort(byCost)[0];
    return o ? { optionId: o.id, name: o.name, monthlyUsd: o.monthlyUsd! } : null;
  };
  return { aws: pick('aws'), gcp: pick('gcp'), azure: pick('azure') };
}

/** A sentence for the recommendation's `why` when it departs from its tier's usual answer; null otherwise. */
export function departure(tier: Tier, rec: Option | null, t: TierOptions, options: Option[]): string | null {
  if (!rec) return null;
  const usual = t.usual;
  const tierName = `the ${tier} tier's usual answer (${USUAL_WORDS[usual]})`;
  if (rec.kind === 'job') return `This departs from ${tierName}: the work is a batch job, so it is priced by the instance-hours each run needs, not as always-on capacity.`;
  if (usual === 'serverless' && (rec.kind === 'serverless' || rec.kind === 'api')) return null;
  if (usual === 'hybrid' && rec.kind === 'hybrid') return null;
  if (usual === 'dedicated' && rec.kind === 'dedicated') return null;
  const alwaysOn = rec.kind === 'serverless' && /[1-9]\d* off-peak;/.test(rec.sizing);
  const because = alwaysOn
    ? `${rec.name} keeps workers up around the clock, which is dedicated capacity billed per second, and it is cheaper here`
    : rec.kind === 'api'
      ? 'a hosted per-token API needs no capacity of your own and is cheaper here'
      : rec.kind === 'dedicated'
        ? 'the dedicated fleet alone is the cheapest that meets the target'
        : 'it is cheaper here';
  let compare = '';
  if (usual === 'hybrid' && t.hybrid) {
    const why = t.hybrid.excluded ? ', but is outside your constraints' : !t.hybrid.feasible ? ', but misses the target (see its reasons)' : '';
    compare = ` The best hybrid, ${t.hybrid.name}, costs $${fmtUsd(t.hybrid.monthlyUsd)} a month${why}.`;
  }
  else if (usual === 'hybrid' && t.hybridNote) compare = ` ${t.hybridNote}`;
  else if (usual === 'dedicated') {
    const c = t.committed[0];
    const ded = options.filter((o) => o.kind === 'dedicated' && usable(o)).sort(byCost)[0];
    if (c) compare = ` The cheapest dedicated option, ${c.name}, costs $${fmtUsd(c.onDemandUsd)} on demand, $${fmtUsd(c.commit1yUsd)} with a 1-year and $${fmtUsd(c.commit3yUsd)} with a 3-year commitment.`;
    else if (ded) compare = ` The cheapest dedicated option, ${ded.name}, costs $${fmtUsd(ded.monthlyUsd!)}.`;
    else compare = ' No dedicated option meets the target inside your constraints.';
  } else if (usual === 'serverless') {
    const sv = options.filter((o) => (o.kind === 'serverless' || o.kind === 'api') && usable(o)).sort(byCost)[0];
    compare = sv ? ` The cheapest serverless option, ${sv.name}, costs $${fmtUsd(sv.monthlyUsd!)}.` : ' No serverless option meets the target inside your constraints.';
  }
  return `This departs from ${tierName}: ${because}.${compare}`;
}

export function withDeparture(rec: Recommendation, sentence: string | null): Recommendation {
  return sentence ? { ...rec, why: `${rec.why} ${sentence}` } : rec;
}
