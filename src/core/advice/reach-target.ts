// When nothing meets the target: what the closest option reaches, and what would make the target
// reachable, each lever priced by the same engine on a changed workload. One value, rendered by
// Slack and the terminal from the same lines, so both say the same thing. Pure and synchronous.
import { evaluate } from '../engine/evaluate.ts';
import type { Catalog } from '../catalog/schema.ts';
import type { KnownModel } from '../known-models.ts';
import type { Report } from '../report.ts';
import { usd } from '../render/format.ts';
import type { ParsedWorkload, Workload } from '../workload.ts';

export interface Lever {
  /** What to change, in words ("Accept p99 70 ms"). */
  title: string;
  /** The option the changed workload picks, and what it costs and reaches. */
  optionId: string;
  optionName: string;
  monthlyUsd: number | null;
  latencyMs: number | null;
}

export interface TargetAdvice {
  /** "p99 50 ms" (with "to first token" when it measures TTFT). */
  target: string;
  /** The closest option (the report's runner-up when nothing meets the target), or null when nothing can hold the model. */
  closest: { optionId: string; name: string; instances: number; latencyMs: number | null; monthlyUsd: number | null } | null;
  /** Each lever that makes the target reachable, cheapest first. */
  levers: Lever[];
}

export interface AdviceContext {
  catalog: Catalog;
  models: KnownModel[];
}

/** 66.1 → "66.1 ms", 1800 → "1,800 ms", 50 → "50 ms": one style for Slack and the terminal. */
function ms(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return 'unknown';
  return `${x >= 100 ? Math.round(x).toLocaleString('en-US') : +x.toFixed(1)} ms`;
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

/** The advice as plain lines (no markup): the one wording Slack and the terminal both show. */
export function targetAdviceLines(a: TargetAdvice): string[] {
  const lines: string[] = [];
  if (a.closest) {
    const fleet = a.closest.instances > 1 ? ` (${a.closest.instances} instances)` : '';
    lines.push(`Nothing meets ${a.target}. Closest: ${a.closest.name}${fleet} reaches ${ms(a.closest.latencyMs)} at ${usd(a.closest.monthlyUsd)}/month.`);
  } else {
    lines.push(`No option can hold this model within your constraints, so nothing meets ${a.target}.`);
  }
  if (a.levers.length > 0) {
    lines.push('To reach the target (each priced by the same engine):');
    for (const l of a.levers) lines.push(`• ${l.title}: ${l.optionName} at ${usd(l.monthlyUsd)}/month${l.latencyMs !== null ? ` (${ms(l.latencyMs)})` : ''}`);
  } else {
    lines.push('None of the levers tried (a looser target, dropping a constraint, quantizing) reaches it; a smaller model may.');
  }
  return lines;
}
