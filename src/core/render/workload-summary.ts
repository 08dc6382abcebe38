// One line that says what InferCost understood, for every renderer.
import type { Report } from '../report.ts';
import { bytes, compact, count } from './format.ts';

export function workloadSummary(r: Report): string {
  const w = r.workload;
  const m = w.model;
  const model = `${m.name ?? (m.params ? `${compact(m.params)}-parameter model` : 'model')}${m.name && m.params ? ` (${compact(m.params)} params)` : ''}, ${m.kind}, ${m.precision}, ${bytes(m.sizeBytes)}`;
  const lat = `p${w.latency.percentile} ${w.latency.measures === 'ttft' ? 'time to first token' : 'latency'} ≤ ${count(w.latency.ms)} ms`;
  const job = w.job;
  const parts = [
    job
      ? `batch job: ${compact(job.itemsPerRun)} items a run × ${count(job.runsPerMonth, 1)} runs a month (${compact(w.requestsPerMonth)}/month), each within ${count(job.windowHours, 2)} h`
      : `${compact(w.requestsPerMonth)} requests/month (peak ${count(w.peakRps, 2)} req/s)`,
    model,
    ...(w.tokens ? [`${count(w.tokens.input)} in / ${count(w.tokens.output)} out tokens`] : []),
    lat,
    ...(w.cloud ? [w.cloud.toUpperCase()] : []),
    ...(w.computeConstraint ? [`${w.computeConstraint.toUpperCase()} only`] : []),
    ...(w.cacheHitRate > 0 ? [`${Math.round(w.cacheHitRate * 100)}% cache hits`] : []),
    ...(w.budgetUsdPerMonth ? [`budget $${count(w.budgetUsdPerMonth)}/month`] : []),
    ...(w.spotOk ? ['spot OK'] : []),
    ...(w.hardware && w.hardware.only.length > 0 ? [`${w.hardware.only.join(' or ')} only`] : []),
    ...(w.hardware && w.hardware.exclude.length > 0 ? [`no ${w.hardware.exclude.join(', ')}`] : []),
    ...(w.serving && w.serving.commitment !== 'none' ? [`${w.serving.commitment === '1y' ? '1-year' : '3-year'} commitment`] : []),
  ];
  return parts.join(' · ');
}

/** Where the options are priced, in one line. */
export function regionLine(r: Report): string {
  const priced = Object.entries(r.regions?.priced ?? {}).map(([cloud, region]) => `${CLOUD_NAMES[cloud] ?? cloud} ${region}`).join(', ');
  const where = priced ? `dedicated options priced in ${priced}` : 'no dedicated option priced';
  const stated = r.regions?.stated ?? null;
  return `${stated ? `${stated} (${r.workload.dataResidency ? 'data must stay there' : 'stated'})` : "none stated: each cloud's cheapest region"}; ${where}; serverless and API options at their listed regions`;
}

export function oldestLine(o: NonNullable<Report['oldestPriceUsed']>): string {
  return `Oldest price used: ${o.checked} (${o.item}, ${o.optionId}; ${o.source})`;
}

const CLOUD_NAMES: Record<string, string> = { aws: 'AWS', gcp: 'GCP', azure: 'Azure' };
