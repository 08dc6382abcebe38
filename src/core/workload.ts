// The Workload: what someone wants to serve. This zod schema is the single source of truth for the
// type, for structured input (key: value, JSON, YAML) and for the JSON report's `workload` part.
import { z } from 'zod';

export const PRECISIONS = ['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4'] as const;
export const MODEL_KINDS = ['llm', 'encoder', 'vision', 'diffusion', 'speech', 'embedding', 'tabular', 'unknown'] as const;
export const PERCENTILES = [50, 90, 95, 99] as const;
export const CLOUDS = ['aws', 'gcp', 'azure'] as const;
export const PATTERNS = ['steady', 'business-hours', 'spiky', 'nightly-batch'] as const;

export const Precision = z.enum(PRECISIONS);
export const ModelKind = z.enum(MODEL_KINDS);
export const Cloud = z.enum(CLOUDS);
export const TrafficPattern = z.enum(PATTERNS);
export const Percentile = z.union([z.literal(50), z.literal(90), z.literal(95), z.literal(99)]);

export type Precision = z.infer<typeof Precision>;
export type ModelKind = z.infer<typeof ModelKind>;
export type Cloud = z.infer<typeof Cloud>;
export type TrafficPattern = z.infer<typeof TrafficPattern>;
export type Percentile = z.infer<typeof Percentile>;

/** Bytes per parameter at each precision (weights only). */
export const BYTES_PER_PARAM: Record<Precision, number> = {
  fp32: 4,
  fp16: 2,
  bf16: 2,
  fp8: 1,
  int8: 1,
  int4: 0.5,
};

export const MAX_REQUESTS_PER_MONTH = 1e13;
export const SECONDS_PER_MONTH = 730 * 3600; // the 730-hour month every cloud price page uses

export const Model = z.object({
  /** Display name as the user wrote it or as the known-models file names it; null when only a size was given. */
  name: z.string().min(1).max(200).nullable(),
  /** Id in pricing/known-models.json when matched. */
  knownId: z.string().nullable().default(null),
  params: z.number().positive().max(1e13).nullable(),
  sizeBytes: z.number().positive().max(1e14),
  precision: Precision,
  kind: ModelKind,
});

export const Tokens = z.object({
  input: z.number().int().positive().max(10_000_000),
  output: z.number().int().nonnegative().max(1_000_000),
});

export const Latency = z.object({
  percentile: Percentile,
  ms: z.number().min(1).max(3_600_000),
  /** 'ttft' (time to first token) only makes sense for generative models. */
  measures: z.enum(['e2e', 'ttft']),
});

export const Workload = z.object({
  requestsPerMonth: z.number().positive().max(MAX_REQUESTS_PER_MONTH),
  peakRps: z.number().positive(),
  /** Peak over average request rate; peakRps = requestsPerMonth / SECONDS_PER_MONTH × this. */
  peakToAverage: z.number().min(1).max(1000),
  pattern: TrafficPattern.nullable().default(null),
  model: Model,
  /** Input and output tokens per request, for generative models; null otherwise. */
  tokens: Tokens.nullable().default(null),
  latency: Latency,
  cloud: Cloud.nullable().default(null),
  /** A stated compute constraint ("CPU only", "on GPU"); null when the engine may choose. */
  computeConstraint: z.enum(['cpu', 'gpu']).nullable().default(null),
  budgetUsdPerMonth: z.number().positive().nullable().default(null),
  cacheHitRate: z.number().min(0).max(0.99).default(0),
  spotOk: z.boolean().default(false),
  /** A cloud region ("eu-west-1"), a place ("frankfurt", "tokyo") or an area ("eu", "europe", "us", "asia"). */
  region: z.string().max(64).nullable().default(null),
  /** "EU only", "data must stay in the EU": options not priced in the region are excluded, not just noted. */
  dataResidency: z.boolean().default(false),
  /** Answers may come back minutes later (batch/async), so batch APIs and queue-based options qualify. */
  asyncOk: z.boolean().default(false),
  /** "self-hosted only", "fine-tuned weights", "data must stay in our VPC": hosted APIs are excluded. */
  selfHostedOnly: z.boolean().default(false),
  /** Why selfHostedOnly was set, in the user's words, for the exclusion reason. */
  selfHostedReason: z.string().max(200).nullable().default(null),
  /**
   * Stated hardware limits: instance families ("g5") or accelerators ("a100", "h100") the answer must
   * use (`only`) or must avoid (`exclude`). Empty lists constrain nothing.
   */
  hardware: z
    .object({ only: z.array(z.string().min(1).max(40)).max(10).default([]), exclude: z.array(z.string().min(1).max(40)).max(10).default([]) })
    .default({ only: [], exclude: [] }),
  /**
   * A batch job rather than a service: `itemsPerRun` items every run, `runsPerMonth` runs, each to be
   * finished within `windowHours`. Null for online (request/response) traffic.
   */
  job: z
    .object({
      itemsPerRun: z.number().positive().max(MAX_REQUESTS_PER_MONTH),
      runsPerMonth: z.number().positive().max(31 * 24),
      windowHours: z.number().positive().max(730),
      /** Spot capacity for the job when the window leaves time to retry; false when "no spot" was said. */
      spot: z.boolean().default(true),
    })
    .nullable()
    .default(null),
  /** Image generation: denoising steps and resolution when stated ("20 steps", "512x512"); null fields take the model's defaults. */
  image: z
    .object({ steps: z.number().int().positive().max(1000).nullable(), width: z.number().int().positive().max(8192).nullable(), height: z.number().int().positive().max(8192).nullable() })
    .nullable()
    .default(null),
  /** Speech: seconds of audio per request when stated ("30 s clips", "5-minute calls"); null = a 30-s clip. */
  audioSeconds: z.number().positive().max(36_000).nullable().default(null),
  /** How it is served: the levers the optimization suggestions pull. Unset (null) fields take the
   * production serving baseline for the hardware (pricing/serving-baselines.json). */
  serving: z
    .object({
      /** 'pytorch' = framework eager mode; 'optimized' = ONNX Runtime / TensorRT / OpenVINO; null = the baseline's. */
      runtime: z.enum(['pytorch', 'optimized']).nullable().default(null),
      /** Server-side dynamic batching (continuous batching for LLMs); null = the baseline's. */
      dynamicBatching: z.boolean().nullable().default(null),
      /** Largest batch (or concurrent sequences for an LLM) the server forms, when stated. */
      maxBatch: z.number().int().positive().max(4096).nullable().default(null),
      /** The serving stack named in the text ("Triton", "TEI", "vLLM"), for the report. */
      stack: z.string().max(40).nullable().default(null),
      /** The precision was stated: GPUs run it as stated instead of the baseline's fp16. */
      precisionStated: z.boolean().default(false),
      /** Dedicated fleets follow the load (queue-length autoscaling) instead of staying sized for peak. */
      autoscaling: z.boolean().default(false),
      commitment: z.enum(['none', '1y', '3y']).default('none'),
      /** Structured pruning applied (encoders and vision models). */
      pruned: z.boolean().default(false),
      /** Speech: beams the decoder keeps ("beam 5"; 1 = greedy decoding); null = the baseline's (SPEECH_BASELINE_BEAMS). */
      beamSize: z.number().int().min(1).max(16).nullable().default(null),
    })
    .default({ runtime: null, dynamicBatching: null, maxBatch: null, stack: null, precisionStated: false, autoscaling: false, commitment: 'none', pruned: false, beamSize: null }),
});
export type Workload = z.infer<typeof Workload>;

/** The same workload at another precision: weights resized, nothing else changed. */
export function withPrecision(w: Workload, p: Precision): Workload {
  const ratio = BYTES_PER_PARAM[p] / BYTES_PER_PARAM[w.model.precision];
  return { ...w, model: { ...w.model, precision: p, sizeBytes: w.model.sizeBytes * ratio } };
}

/** Where a field's value came from. */
export const Source = z.enum(['stated', 'inferred', 'defaulted']);
export type Source = z.infer<typeof Source>;

export interface Origin {
  source: Source;
  /** Character offsets [start, end) into the original text, for stated and inferred values. */
  span?: { start: number; end: number; text: string };
  /** Why this value: required for inferred and defaulted values; shown to the user as an assumption. */
  why?: string;
}

/** Field paths that carry provenance. Nested model fields use dotted paths. */
export type FieldPath =
  | 'requestsPerMonth'
  | 'peakRps'
  | 'peakToAverage'
  | 'pattern'
  | 'model.name'
  | 'model.params'
  | 'model.sizeBytes'
  | 'model.precision'
  | 'model.kind'
  | 'tokens'
  | 'latency.percentile'
  | 'latency.ms'
  | 'latency.measures'
  | 'cloud'
  | 'computeConstraint'
  | 'budgetUsdPerMonth'
  | 'cacheHitRate'
  | 'spotOk'
  | 'region'
  | 'dataResidency'
  | 'asyncOk'
  | 'selfHostedOnly'
  | 'serving'
  | 'hardware'
  | 'job'
  | 'serving.commitment'
  | 'image'
  | 'audioSeconds'
  | 'serving.beamSize';

/** Beams a speech decoder keeps unless the text says otherwise: faster-whisper's transcribe()
 * default (beam_size=5), the stack the speech baseline names, and the setting its README benchmarks. */
export const SPEECH_BASELINE_BEAMS = 5;

/** Beams the speech decoder keeps: as stated, or the baseline's. */
export function decodingBeams(w: Workload): number {
  return w.serving.beamSize ?? SPEECH_BASELINE_BEAMS;
}

export type Provenance = Partial<Record<FieldPath, Origin>>;

/** What the parser hands to the engine: the workload and where every value came from. */
export interface ParsedWorkload {
  workload: Workload;
  provenance: Provenance;
  /** Notes for the user that are not assumptions (e.g. "Banana.dev shut down in 2024"). */
  notes: string[];
}

export interface Assumption {
  field: FieldPath;
  value: unknown;
  why: string;
}

/** The assumptions list of the report: every inferred or defaulted field, with its reason. */
export function assumptionsOf(parsed: ParsedWorkload): Assumption[] {
  const out: Assumption[] = [];
  for (const [field, origin] of Object.entries(parsed.provenance) as [FieldPath, Origin][]) {
    if (origin.source === 'stated') continue;
    out.push({ field, value: valueAt(parsed.workload, field), why: origin.why ?? 'default' });
  }
  return out;
}

export function valueAt(w: Workload, field: FieldPath): unknown {
  if (field.startsWith('model.')) return w.model[field.slice(6) as keyof Workload['model']];
  if (field.startsWith('latency.')) return w.latency[field.slice(8) as keyof Workload['latency']];
  // No commitment and no hardware limits read as null, so reports list only values that shape the numbers.
  if (field === 'serving.commitment') return w.serving.commitment === 'none' ? null : w.serving.commitment;
  if (field === 'hardware') return w.hardware.only.length === 0 && w.hardware.exclude.length === 0 ? null : w.hardware;
  if (field === 'serving.beamSize') return decodingBeams(w);
  return w[field as keyof Workload];
}
