// The guide's rules, as the starting point the capacity model refines: volume tiers and GPU vs CPU.
import type { Tier } from '../report.ts';
import type { Workload } from '../workload.ts';
import type { ModelProfile } from './model-profile.ts';

export function tierOf(requestsPerMonth: number): Tier {
  if (requestsPerMonth < 1e6) return 'low';
  if (requestsPerMonth <= 1e8) return 'medium';
  return 'high';
}

export const TIER_ADVICE: Record<Tier, string> = {
  low: 'Low volume (under 1M requests a month): serverless is usually simplest and cheapest; cold starts are acceptable for most uses at this scale.',
  medium: 'Medium volume (1M–100M a month): consider a dedicated baseline with serverless overflow for spikes.',
  high: 'High volume (over 100M a month): dedicated infrastructure usually wins; focus on autoscaling and utilization.',
};

export interface ComputeRule {
  /** What the guide's rules point to, before the capacity model weighs in. */
  leaning: 'cpu' | 'gpu' | 'either';
  rule: string;
  why: string;
}

/** The guide: small models (<100 MB) at low traffic (<10 req/s) → CPU; large transformers, CNNs at
 * scale, batch throughput and strict latency on complex models → GPU. */
export function guideComputeRule(w: Workload, m: ModelProfile): ComputeRule {
  const mb = m.weightsBytes / 1e6;
  const size = mb >= 1000 ? `${(mb / 1000).toFixed(1)} GB` : mb >= 1 ? `${mb.toFixed(0)} MB` : `${Math.max(1, Math.round(mb * 1000))} KB`;
  const peak = w.peakRps;
  if (w.computeConstraint) {
    return { leaning: w.computeConstraint, rule: 'stated constraint', why: `you asked for ${w.computeConstraint.toUpperCase()} only` };
  }
  if (mb < 100 && peak < 10) {
    return { leaning: 'cpu', rule: 'small model, low traffic → CPU', why: `the model is ${size} (< 100 MB) and peaks at ${peak.toFixed(1)} req/s (< 10)` };
  }
  if (m.generative || m.kind === 'diffusion' || m.params >= 1e9) {
    return { leaning: 'gpu', rule: 'large neural network → GPU', why: `a ${m.generative ? 'generative LLM' : m.kind === 'diffusion' ? 'diffusion model' : 'model'} of ${(m.params / 1e9).toFixed(1)}B parameters needs GPU memory bandwidth and compute` };
  }
  if (mb >= 100 && w.latency.ms <= 100) {
    return { leaning: 'gpu', rule: 'strict latency on a complex model → GPU', why: `${size} of weights with a ${w.latency.ms} ms p${w.latency.percentile} target` };
  }
  if (peak >= 10 && mb >= 100) {
    return { leaning: 'gpu', rule: 'high throughput → GPU', why: `${peak.toFixed(0)} req/s at peak on a ${size} model` };
  }
  return { leaning: 'either', rule: 'no rule decides', why: `a ${size} model at ${peak.toFixed(1)} req/s peak sits between the guide's rules; the capacity model compares prices` };
}
