// The Report: what the engine says about a Workload. One shape for every way out (terminal, JSON,
// Block Kit, digest). Money fields are dollars rounded to the cent for display; the arithmetic
// behind them is done in integer micro-dollars (engine/money.ts) so components always add up.
import type { Assumption, FieldPath, Workload } from './workload.ts';

/** 'job': a batch job priced by the instance-hours one run needs (Workload.job). */
export type OptionKind = 'serverless' | 'dedicated' | 'hybrid' | 'api' | 'job';
export type Tier = 'low' | 'medium' | 'high';

/** One priced line of an option, in Infracost's manner: quantity × unit price = monthly cost. */
export interface CostComponent {
  name: string;
  quantity: number;
  unit: string;
  unitPriceUsd: number;
  /** null when the unit price is unknown: shown as unknown, never as $0. */
  monthlyUsd: number | null;
  /** Integer micro-dollars; the option's monthly cost is the exact sum of these. */
  monthlyMicroUsd: number | null;
  source?: string;
  checked?: string;
  confidence?: string;
}

export interface Option {
  /** Stable id users script against: "aws-lambda", "aws-ec2-g5.xlarge", "replicate-gpu-a100-large", "api-together-llama-3.1-8b". */
  id: string;
  name: string;
  kind: OptionKind;
  provider: string;
  cloud: Workload['cloud'];
  compute: 'cpu' | 'gpu';
  /** Hardware in words: "1× NVIDIA A10G (24 GB)", "4 vCPU Ice Lake", "Lambda 3,008 MB (1.7 vCPU)". */
  hardware: string;
  /** Instances (replicas) at peak, including redundancy; 0 for scale-to-zero and per-token options at rest. */
  instances: number;
  /** Can it serve the model at all and meet the latency target? */
  feasible: boolean;
  /** Meets the latency target at the stated percentile (false also when not computable). */
  meetsLatency: boolean;
  /** Ruled out by a stated constraint (cloud, CPU only, self-hosted only, budget is NOT a constraint here). */
  excluded: boolean;
  /** Why not feasible or excluded; empty when fine. */
  reasons: string[];
  /** Latency at the target percentile, in the target's terms (TTFT or end to end), ms. */
  latencyMs: number | null;
  /** End-to-end latency at the percentile for generative models (TTFT + output tokens), ms. */
  e2eLatencyMs: number | null;
  monthlyUsd: number | null;
  monthlyMicroUsd: number | null;
  per1kUsd: number | null;
  components: CostComponent[];
  /** Peak-hour utilization of the fleet (busy time / capacity), computed, for dedicated options. */
  utilization: number | null;
  /** How the size was reached, in one or two sentences an engineer can check. */
  sizing: string;
  /** Hybrids: the share of requests (0–1) that overflow to the serverless part. */
  overflowShare?: number;
  /** Hosted APIs: matched to the workload's model by its exact weights, or only by size class. */
  matchedBy?: 'weights' | 'size';
  /** What this sizing found (cold starts, spot share, quotas). */
  notes: string[];
  /** Facts about the platform from the catalog (limits, plans, retirements). */
  providerNotes: string[];
  /** The region the option is priced in ("eu-west-1"; "global" for providers without regions). */
  region: string | null;
}

export interface CloudPick {
  optionId: string;
  name: string;
  monthlyUsd: number;
}

export interface Recommendation {
  optionId: string | null;
  runnerUpId: string | null;
  why: string;
  /** True when nothing meets the target and the closest option is shown instead. */
  closestOnly: boolean;
  /** When no cloud was stated: the cheapest option that meets the target on each of AWS, GCP and
   * Azure (null when none does), because a team usually deploys where it already is. */
  byCloud?: Record<'aws' | 'gcp' | 'azure', CloudPick | null>;
}

/** Dedicated capacity bought three ways, side by side (the high tier's usual answer). */
export interface CommittedPrice {
  optionId: string;
  name: string;
  onDemandUsd: number;
  commit1yUsd: number;
  commit3yUsd: number;
}

/** The guide's tier advice as real, priced options. */
export interface TierOptions {
  /** What the guide usually recommends at this tier. */
  usual: 'serverless' | 'hybrid' | 'dedicated';
  /** Medium tier: the cheapest dedicated-baseline + serverless-overflow hybrid, priced, with its split. */
  hybrid: { optionId: string; name: string; monthlyUsd: number; overflowShare: number; feasible: boolean; excluded: boolean } | null;
  /** Why no hybrid could be priced (medium tier only); null when one is. */
  hybridNote: string | null;
  /** High tier (and whenever a commitment was stated): on-demand, 1-year and 3-year prices of the cheapest dedicated options. */
  committed: CommittedPrice[];
}

export interface Suggestion {
  id: string;
  title: string;
  /** Dollars a month saved against the recommended option, from re-running the engine on the changed workload. */
  monthlyUsdSaved: number;
  /** The option the changed workload would pick and what it costs. */
  newOptionId: string | null;
  newMonthlyUsd: number | null;
  caveats: string[];
  /** What was changed in the workload to price it. */
  change: string;
}

export interface BreakEven {
  selfHostedOptionId: string;
  apiOptionId: string;
  /** Monthly request volume where the two cost the same; null when they never cross in range. */
  requestsPerMonth: number | null;
  /** Which side the workload sits on at its volume. */
  cheaperNow: 'self-hosted' | 'api';
  summary: string;
  /** When the cheapest API never crosses: the nearest dearer API that does, and where. */
  alternative?: { apiOptionId: string; requestsPerMonth: number } | null;
}

export interface Report {
  /** Report format version; bump only on breaking changes. */
  version: 1;
  workload: WorkloadJson;
  assumptions: Assumption[];
  /** Notes about the input (e.g. a defunct platform named). */
  notes: string[];
  tier: Tier;
  tierAdvice: string;
  /** The compute the recommendation runs on, and the rule that decided. */
  compute: 'cpu' | 'gpu';
  computeRule: { rule: string; why: string };
  options: Option[];
  recommendation: Recommendation;
  suggestions: Suggestion[];
  breakEven: BreakEven | null;
  /** The guide's tier advice as priced options (hybrid split, committed prices). */
  tierOptions: TierOptions;
  /** The catalog's oldest and newest price dates, so a reader knows how fresh the prices are. */
  pricesChecked: { oldest: string; newest: string };
  /** How the model is assumed to be served on the recommendation's compute: the production serving
   * baseline (pricing/serving-baselines.json) or what the text stated instead. */
  servingBaseline: ServingBaselineJson;
  /** The oldest price this report's compared options (not excluded) were priced with, and where it is from. */
  oldestPriceUsed: { checked: string; item: string; optionId: string; source: string } | null;
  /** Where the dedicated options are priced: the stated region (or null) and, per cloud, the region used most. */
  regions: { stated: string | null; priced: Partial<Record<'aws' | 'gcp' | 'azure', string>> };
}

export interface ServingBaselineJson {
  compute: 'cpu' | 'gpu';
  /** Baseline id in pricing/serving-baselines.json. */
  id: string;
  /** What was assumed, in words. */
  label: string;
  runtime: 'pytorch' | 'optimized';
  dynamicBatching: boolean;
  maxBatch: number;
  precision: string;
  /** The text changed the baseline ("pytorch", "no batching", "max batch 16", "Triton"). */
  stated: boolean;
  source: string;
}

/** The JSON report's `workload` part, documented in the README and pinned by tests. */
export interface WorkloadJson {
  requestsPerMonth: number;
  peakRps: number;
  peakToAverage: number;
  pattern: Workload['pattern'];
  model: { name: string | null; knownId: string | null; params: number | null; sizeBytes: number; precision: string; kind: string };
  tokens: { input: number; output: number } | null;
  latency: { percentile: number; ms: number; measures: 'e2e' | 'ttft' };
  cloud: Workload['cloud'];
  computeConstraint: Workload['computeConstraint'];
  budgetUsdPerMonth: number | null;
  cacheHitRate: number;
  spotOk: boolean;
  region: string | null;
  dataResidency: boolean;
  asyncOk: boolean;
  selfHostedOnly: boolean;
  /** Stated hardware limits (empty lists: none). */
  hardware: Workload['hardware'];
  /** A periodic batch job, or null for online traffic. */
  job: Workload['job'];
  /** How dedicated capacity is bought ("3-year reserved" → commitment 3y). */
  serving: { commitment: Workload['serving']['commitment'] };
  provenance: Partial<Record<FieldPath, { source: string; text?: string; why?: string }>>;
}

/** Options that are the same hardware bought another way (VM, managed endpoint, Kubernetes) or the same
 * platform on other hardware are one family: comparisons show one of each, and the runner-up is a real
 * alternative, not the recommendation through Kubernetes. */
export function optionFamily(o: Option): string {
  return `${o.kind}:${o.kind === 'dedicated' ? o.hardware : o.provider}`;
}
