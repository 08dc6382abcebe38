// The advice reach-target.ts computes, as a value and as lines: the shapes and the one wording that
// Slack and the terminal both show. Apart from reach-target.ts (which imports the engine), so the
// renderers need not load the engine to show it.
import { usd } from '../render/format.ts';

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

/** 66.1 → "66.1 ms", 1800 → "1,800 ms", 50 → "50 ms": one style for Slack and the terminal. */
export function ms(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return 'unknown';
  return `${x >= 100 ? Math.round(x).toLocaleString('en-US') : +x.toFixed(1)} ms`;
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
