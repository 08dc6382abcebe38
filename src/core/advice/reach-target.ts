// When nothing meets the target: what the closest option reaches, and what would make the target
// reachable, each lever priced by the same engine on a changed workload. One value, rendered by
// Slack and the terminal from the same lines, so both say the same thing. Pure and synchronous.
import { evaluate } from '../engine/evaluate.ts';
import type { Catalog } from '../catalog/schema.ts';
import type { KnownModel } from '../known-models.ts';
import type { Report } from '../report.ts';
import type { ParsedWorkload, Workload } from '../workload.ts';
import { ms, type Lever, type TargetAdvice } from './advice-lines.ts';

// The advice's shape and its wording are in advice-lines.ts (the Slack renderer needs only those,
// not the engine); re-exported here for the CLI and the tests.
export { targetAdviceLines, type Lever, type TargetAdvice } from './advice-lines.ts';

export interface AdviceContext {
  catalog: Catalog;
  models: KnownModel[];
}

function targetText(w: Report['workload']): string {
  return `p${w.latency.percentile} ${ms(w.latency.ms)}${w.latency.measures === 'ttft' ? ' to first token' : ''}`;
}

/** A round latency at or above `x` (66.1 → 70, 1,840 → 2,000), for "accept pNN …". */
export function roundUpLatency(x: number): number {
  const step = x < 20 ? 1 : x < 100 ? 5 : x < 1000 ? 50 : 500;
  return Math.ceil(x / step) * step;
}

/** Null when an option meets the target (there is nothing to reach). */
export function reachTarget(parsed: ParsedWorkload, report: Report, ctx: AdviceContext): TargetAdvice | null {
  if (report.recommendation.optionId !== null && !report.recommendation.closestOnly) return null;
  const w = parsed.workload;
  const closestId = report.recommendation.optionId ?? report.recommendation.runnerUpId;
  const c = closestId ? (report.options.find((o) => o.id === closestId) ?? null) : null;
  const closest = c ? { optionId: c.id, name: c.name, instances: c.instances, latencyMs: c.latencyMs, monthlyUsd: c.monthlyUsd } : null;

  const tries: { title: string; change: (w: Workload) => Workload }[] = [];
  if (c?.latencyMs != null && c.latencyMs > w.latency.ms) {
    const to = roundUpLatency(c.latencyMs);
    tries.push({ title: `Accept p${w.latency.percentile} ${ms(to)}`, change: (x) => ({ ...x, latency: { ...x.latency, ms: to } }) });
  }
  if (w.computeConstraint) {
    const other = w.computeConstraint === 'cpu' ? 'GPUs' : 'CPUs';
    tries.push({ title: `Allow ${other} (drop "${w.computeConstraint.toUpperCase()} only")`, change: (x) => ({ ...x, computeConstraint: null }) });
  }
  if (w.cloud) tries.push({ title: `Allow any cloud (drop "${w.cloud.toUpperCase()} only")`, change: (x) => ({ ...x, cloud: null }) });
  if (w.selfHostedOnly) tries.push({ title: 'Allow hosted APIs', change: (x) => ({ ...x, selfHostedOnly: false }) });

  const levers: Lever[] = [];
  for (const t of tries) {
    const r = evaluate({ ...parsed, workload: t.change(w) }, ctx);
    const o = r.recommendation.optionId && !r.recommendation.closestOnly ? r.options.find((x) => x.id === r.recommendation.optionId) : undefined;
    if (o) levers.push({ title: t.title, optionId: o.id, optionName: o.name, monthlyUsd: o.monthlyUsd, latencyMs: o.latencyMs });
  }
  // The engine's own levers (quantize, prune…) that make the target reachable: already priced.
  for (const s of report.suggestions) {
    if (s.newOptionId === null || levers.some((l) => l.title === s.title)) continue;
    const o = report.options.find((x) => x.id === s.newOptionId);
    levers.push({ title: s.title.replace(/: makes the target reachable$/, ''), optionId: s.newOptionId, optionName: o?.name ?? s.newOptionId, monthlyUsd: s.newMonthlyUsd, latencyMs: null });
  }
  levers.sort((a, b) => (a.monthlyUsd ?? Infinity) - (b.monthlyUsd ?? Infinity) || a.title.localeCompare(b.title));
  return { target: targetText(report.workload), closest, levers };
}
