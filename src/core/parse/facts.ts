// What extractors find: small typed facts, each with the span of the original text it came from.
// Refiners (refine.ts) turn a list of facts into one Workload with provenance.
import type { KnownModel } from '../known-models.ts';
import type { Issue } from '../result.ts';
import type { Cloud, ModelKind, Precision, TrafficPattern } from '../workload.ts';

export interface Span {
  start: number;
  end: number;
  text: string;
}

interface Base {
  span: Span;
  /** Set when the value was read rather than said outright; the reason shown to the user. */
  why?: string;
}

export type Fact =
  | (Base & {
      type: 'rate';
      perSecond: number;
      /** Period of the stated unit in seconds (1 for rps, SECONDS_PER_MONTH for /month). */
      period: number;
      role: 'avg' | 'peak' | 'bare';
      /** True when no period was written and one was assumed. */
      periodAssumed?: boolean;
    })
  | (Base & { type: 'peak-to-average'; value: number })
  | (Base & { type: 'users'; count: number; active: 'daily' | 'weekly' | 'monthly' | null; workdays: boolean; noun: string })
  | (Base & { type: 'per-user'; perSecond: number; period: number })
  | (Base & { type: 'token-volume'; perSecond: number; period: number })
  | (Base & { type: 'audio-volume'; audioSecondsPerSecond: number; period: number })
  | (Base & { type: 'latency'; percentile: number | null; ms: number; measures: 'e2e' | 'ttft' | null })
  | (Base & { type: 'measures'; value: 'e2e' | 'ttft' })
  | (Base & { type: 'tokens-in'; value: number })
  | (Base & { type: 'tokens-out'; value: number })
  | (Base & { type: 'tokens-total'; value: number })
  | (Base & { type: 'params'; value: number })
  | (Base & { type: 'size'; bytes: number })
  | (Base & { type: 'known-model'; model: KnownModel })
  | (Base & { type: 'model-name'; name: string })
  | (Base & { type: 'precision'; value: Precision })
  | (Base & { type: 'kind'; value: ModelKind })
  | (Base & { type: 'cloud'; value: Cloud })
  | (Base & { type: 'region'; value: string; cloud: Cloud | null })
  | (Base & { type: 'compute'; value: 'cpu' | 'gpu' | 'neutral' })
  | (Base & { type: 'budget'; usdPerMonth: number })
  | (Base & { type: 'cache'; rate: number })
  | (Base & { type: 'spot'; value: boolean })
  | (Base & { type: 'async'; value: boolean })
  | (Base & { type: 'pattern'; value: TrafficPattern })
  | (Base & { type: 'self-hosted'; value: boolean; reason: string | null })
  | (Base & { type: 'serving'; runtime?: 'pytorch' | 'optimized'; dynamicBatching?: boolean; maxBatch?: number; stack?: string })
  | (Base & { type: 'beam'; beams: number })
  | (Base & { type: 'hardware'; value: string; mode: 'only' | 'exclude'; what: 'family' | 'accelerator' })
  | (Base & { type: 'commitment'; value: 'none' | '1y' | '3y' })
  | (Base & { type: 'unpriced-cloud'; name: string })
  | (Base & { type: 'image'; steps?: number; width?: number; height?: number })
  | (Base & { type: 'audio'; seconds: number })
  | (Base & { type: 'noise' })
  | (Base & { type: 'issue'; issue: Issue });

export type FactType = Fact['type'];
export type FactOf<T extends FactType> = Extract<Fact, { type: T }>;

export interface ExtractContext {
  /** The original text: spans index into it. */
  text: string;
  /** The text with already-claimed spans blanked out; extractors match on this. */
  masked: string;
  models: KnownModel[];
}

/** An extractor: reads facts from the masked text. Its facts' spans are claimed after it runs. */
export type Extractor = (ctx: ExtractContext) => Fact[];
