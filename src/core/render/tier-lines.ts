// Plain-text lines for the per-cloud picks and the tier's priced options, shared by the terminal
// report and the Slack message (each escapes or styles them its own way).
import type { Report } from '../report.ts';
import { usd } from './format.ts';

/** The cheapest option on each cloud, when no cloud was stated. */
export function byCloudLine(r: Report): string | null {
  const b = r.recommendation.byCloud;
  if (!b) return null;
  const part = (label: string, p: (typeof b)['aws']) => `${label} ${p ? `${p.name} ${usd(p.monthlyUsd)}/month` : 'nothing meets the target within your constraints'}`;
  return [part('AWS', b.aws), part('GCP', b.gcp), part('Azure', b.azure)].join(' · ');
}

/** The tier's usual answers, priced: the hybrid and its split; dedicated on demand, 1-year and 3-year. */
export function tierOptionLines(r: Report): string[] {
  const t = r.tierOptions;
  if (!t) return [];
  const out: string[] = [];
  if (r.tier === 'medium') {
    if (t.hybrid) out.push(`Hybrid: ${t.hybrid.name}: ${usd(t.hybrid.monthlyUsd)}/month, ${(t.hybrid.overflowShare * 100).toFixed(1)}% of requests overflow${t.hybrid.excluded ? ' (outside your constraints)' : t.hybrid.feasible ? '' : ' (misses the target)'}`);
    else if (t.hybridNote) out.push(t.hybridNote);
  }
  for (const p of t.committed) out.push(`${p.name}: ${usd(p.onDemandUsd)} on demand · ${usd(p.commit1yUsd)} 1-year · ${usd(p.commit3yUsd)} 3-year commitment (a month)`);
  return out;
}

