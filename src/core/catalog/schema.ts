// The pricing catalog (pricing/*.json), validated with zod at load. Every price carries its unit,
// region, currency, a source address and the date it was checked (Infracost's rule: usage is kept
// apart from price; an unknown price is absent, never 0).
import { z } from 'zod';
import { Cloud, ModelKind } from '../workload.ts';

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** How sure we are of a figure: official page, secondary source, derived by arithmetic, unverified. */
export const Confidence = z.enum(['official', 'secondary', 'derived', 'unverified']);

/** What every price carries besides its amount: unit, region, currency, where it was read and when. */
const PriceFacts = z.object({
  /** What one `usd` buys: "hour", "request", "1M requests", "GB-second", "vCPU-second", "GiB-second", "second", "1M tokens". */
  unit: z.string().min(1),
  region: z.string().min(1),
  currency: z.literal('USD'),
  source: z.string().url(),
  checked: IsoDate,
  confidence: Confidence,
  note: z.string().optional(),
});

export const Price = PriceFacts.extend({ usd: z.number().nonnegative() });
export type Price = z.infer<typeof Price>;

/** A price that changes with the monthly quantity: tiers in order, the last one open-ended; `upTo` counts
 * the price's own unit (for "1M requests", 300 means the first 300M requests). */
export const TieredPrice = PriceFacts.extend({
  tiers: z
    .array(z.object({ upTo: z.number().positive().nullable(), usd: z.number().nonnegative() }))
    .min(1)
    .refine((t) => t[t.length - 1]!.upTo === null, 'the last tier must be open-ended (upTo: null)'),
});
export type TieredPrice = z.infer<typeof TieredPrice>;

/** A fact that is not a price (a limit, a discount range, a cold start), with its source. */
export const Sourced = z.object({ source: z.string().url(), checked: IsoDate, confidence: Confidence, note: z.string().optional() });

// ---------------------------------------------------------------------------------------------
// Hardware

export const Accelerator = Sourced.extend({
  /** "t4", "a10g", "l4", "l40s", "a100-40gb", "a100-80gb", "h100", "h200", "inferentia2", "rtx-pro-6000", ... */
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  vendor: z.enum(['nvidia', 'aws', 'google', 'amd']),
  memoryGB: z.number().positive(),
  bandwidthGBs: z.number().positive(),
  /** Dense (no 2:4 sparsity) peak throughput in TFLOPS / TOPS; absent when the chip lacks the format. */
  tflops: z.object({
    fp32: z.number().positive().optional(),
    fp16: z.number().positive(),
    bf16: z.number().positive().optional(),
    fp8: z.number().positive().optional(),
    int8: z.number().positive().optional(),
    int4: z.number().positive().optional(),
  }),
  /** Share of the memory bandwidth an optimized LLM engine reaches in decode, where it differs from
   * the default (efficiency.ts LLM_DECODE_MBU, fitted on HBM parts). */
  decodeMbu: z.number().positive().max(1).optional(),
  /** LLM compute efficiency relative to the NVIDIA-fitted defaults (efficiency.ts prefillMfu,
   * PREFILL_BATCHED_MFU, LLM_DECODE_MFU), where the chip's compiler and runtime reach a different
   * share of its datasheet FLOPs (AWS Neuron on Inferentia2); 1 when absent. */
  llmComputeEfficiency: z.number().positive().max(1).optional(),
  /** Fixed time per LLM decode step on this chip's serving stack, seconds, where it differs from
   * efficiency.ts LLM_STEP_OVERHEAD_S. */
  llmStepOverheadS: z.number().nonnegative().optional(),
  /** One tensor-parallel all-reduce between chips, seconds, where it differs from efficiency.ts
   * TP_ALLREDUCE_S (NVLink). */
  allReduceS: z.number().nonnegative().optional(),
});
export type Accelerator = z.infer<typeof Accelerator>;

export const CpuProfile = Sourced.extend({
  /** "icelake", "sapphire-rapids", "graviton3", "cascade-lake", "milan", "lambda-x86", ... */
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  /** Peak per vCPU at all-core clocks (GFLOPS fp32, GOPS int8), before any efficiency factor. */
  fp32GflopsPerVcpu: z.number().positive(),
  int8GopsPerVcpu: z.number().positive(),
  /** Memory bandwidth one vCPU can draw on, GB/s (matters for memory-bound CPU inference). */
  bandwidthGBsPerVcpu: z.number().positive(),
});
export type CpuProfile = z.infer<typeof CpuProfile>;

export const Hardware = z.object({ accelerators: z.array(Accelerator).min(1), cpus: z.array(CpuProfile).min(1) });

// ---------------------------------------------------------------------------------------------
// Dedicated instances

export const Instance = z.object({
  cloud: Cloud,
  /** The provider's name for it: "g5.xlarge", "n2-standard-4", "Standard_NC4as_T4_v3". */
  type: z.string().min(1),
  vcpu: z.number().int().positive(),
  memoryGiB: z.number().positive(),
  /** CpuProfile id. */
  cpu: z.string(),
  accelerator: z.object({ id: z.string(), count: z.number().int().positive() }).nullable(),
  /** On-demand Linux price per hour (for spot-or-flex-only shapes: the on-demand equivalent the spot discount applies to). */
  onDemand: Price,
  /** Some shapes cannot be bought on demand (GCP A3 High 1g/2g/4g: Spot or Flex-start only). */
  purchase: z.enum(['on-demand', 'spot-or-flex-only']).default('on-demand'),
  /** Managed-endpoint price for the same hardware, where one exists: SageMaker (ml.*) or Vertex AI. */
  managed: z
    .object({ service: z.enum(['sagemaker', 'vertex', 'azureml']), type: z.string(), price: Price })
    .optional(),
});
export type Instance = z.infer<typeof Instance>;

export const Range = z.object({ min: z.number(), max: z.number(), typical: z.number() });

/** Terms that differ for one instance family (GCP GPU shapes: spot ~45 % off, not the cloud's 70 %). */
export const FamilyTerms = Sourced.extend({
  /** Instance types whose name starts with this: "a3-highgpu-", "a2-", "g2-", "n2-". */
  prefix: z.string().min(1),
  spotDiscount: Range.optional(),
  commit1yDiscount: Range.optional(),
  commit3yDiscount: Range.optional(),
});
export type FamilyTerms = z.infer<typeof FamilyTerms>;

export const CloudTerms = Sourced.extend({
  cloud: Cloud,
  /** Spot/preemptible discount off on-demand, as fractions (0.6 = 60% off). */
  spotDiscount: Range,
  spotInterruptionNoticeSeconds: z.number().positive(),
  /** 1-year and 3-year commitment discounts (savings plans / CUDs / reservations), as fractions. */
  commit1yDiscount: Range,
  commit3yDiscount: Range,
  /** Managed-endpoint markup over the raw VM when the catalog has no exact managed price. */
  managedMarkup: Range.optional(),
  /** Slug of the managed service the markup applies to: "sagemaker", "vertex", "azureml". */
  managedService: z.enum(['sagemaker', 'vertex', 'azureml']).optional(),
  /** Kubernetes control plane per cluster-hour (EKS, GKE, AKS standard tier). */
  kubernetesControlPlane: Price,
  kubernetesName: z.string(),
  /** Per-family overrides of the discounts above; the longest matching prefix wins. */
  families: z.array(FamilyTerms).default([]),
});
export type CloudTerms = z.infer<typeof CloudTerms>;

/** The cloud's terms with the instance family's overrides applied. */
export function termsFor(terms: CloudTerms, type: string): CloudTerms {
  // The catalog is immutable once loaded: each type's terms are worked out once.
  let byType = termsCache.get(terms);
  if (!byType) termsCache.set(terms, (byType = new Map()));
  let t = byType.get(type);
  if (!t) byType.set(type, (t = familyTerms(terms, type)));
  return t;
}

const termsCache = new WeakMap<CloudTerms, Map<string, CloudTerms>>();

function familyTerms(terms: CloudTerms, type: string): CloudTerms {
  const f = terms.families.filter((x) => type.startsWith(x.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
  if (!f) return terms;
  return {
    ...terms,
    spotDiscount: f.spotDiscount ?? terms.spotDiscount,
    commit1yDiscount: f.commit1yDiscount ?? terms.commit1yDiscount,
    commit3yDiscount: f.commit3yDiscount ?? terms.commit3yDiscount,
  };
}

export const Dedicated = z.object({ instances: z.array(Instance).min(1), terms: z.array(CloudTerms).min(1) });

// ---------------------------------------------------------------------------------------------
// Serverless

/** A CPU function/container platform billed by request and by resource-seconds. */
export const ServerlessCpu = z.object({
  /** Option id used in reports: "aws-lambda", "aws-sagemaker-serverless", "gcp-cloud-run", "azure-container-instances". */
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  cloud: Cloud,
  /** How resources are billed: memory-only (Lambda, SageMaker Serverless: CPU scales with memory) or vCPU + memory. */
  billing: z.enum(['memory', 'vcpu-and-memory']),
  perRequest: Price.optional(),
  /** Memory-billed platforms: price per GB-second of configured memory. */
  perGbSecond: Price.optional(),
  /** vCPU-and-memory platforms. */
  perVcpuSecond: Price.optional(),
  perGibSecond: Price.optional(),
  /** Free allowance each month (perpetual unless `freeTierNote` says otherwise). */
  freeTier: z
    .object({
      requests: z.number().nonnegative().default(0),
      gbSeconds: z.number().nonnegative().default(0),
      vcpuSeconds: z.number().nonnegative().default(0),
      gibSeconds: z.number().nonnegative().default(0),
      note: z.string().optional(),
    })
    .optional(),
  /** Memory sizes that can be configured (GB); vCPU follows memory on memory-billed platforms. */
  memoryGB: z.object({ min: z.number().positive(), max: z.number().positive(), step: z.number().positive() }),
  /** vCPUs a given memory size buys (memory-billed), as GB per vCPU; e.g. Lambda 1.769 GB = 1 vCPU. */
  gbPerVcpu: z.number().positive().optional(),
  maxVcpu: z.number().positive(),
  /** Requests one instance may serve at once (1 for Lambda; up to 1000 for Cloud Run). */
  maxConcurrencyPerInstance: z.number().int().positive(),
  /** Billing granularity in ms (Lambda 1, Cloud Run 100). */
  granularityMs: z.number().positive(),
  maxTimeoutSeconds: z.number().positive(),
  /** Largest deployable artifact (image) in GB. */
  maxImageGB: z.number().positive(),
  coldStartSeconds: Range,
  gpu: z.literal(false),
  limitsSource: Sourced,
  notes: z.array(z.string()).default([]),
});
export type ServerlessCpu = z.infer<typeof ServerlessCpu>;

/** An HTTP front door billed per request (API Gateway HTTP/REST) or free (Lambda function URL). */
export const Gateway = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  cloud: Cloud,
  perRequest: TieredPrice.nullable(),
  timeoutSeconds: z.number().positive(),
  notes: z.array(z.string()).default([]),
});
export type Gateway = z.infer<typeof Gateway>;

/** A serverless GPU platform billed per second of hardware time. */
export const ServerlessGpu = z.object({
  /** Provider slug used in option ids: "replicate" → "replicate-gpu-a100-large". */
  provider: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  /** Cloud-hosted products (Cloud Run GPU) name their cloud; independent platforms have none. */
  cloud: Cloud.nullable(),
  hardware: z
    .array(
      z.object({
        /** The provider's hardware slug: "gpu-a100-large", "h100", "l4". */
        slug: z.string().regex(/^[a-z0-9-]+$/),
        /** Accelerator id in hardware.json, or null for CPU-only tiers. */
        accelerator: z.string().nullable(),
        count: z.number().int().positive(),
        perSecond: Price,
        /** A cheaper rate for workers kept running (RunPod "active" workers), billed for every second. */
        alwaysOnPerSecond: Price.optional(),
      }),
    )
    .min(1),
  /** Seconds billed after each burst of work before the worker stops (idle timeout), when billed. */
  idleBilledSeconds: z.number().nonnegative(),
  /** Does the provider bill model setup/boot time? (Replicate public models: no; private: yes.) */
  bootBilled: z.boolean(),
  coldStartSeconds: Range,
  /** Fixed monthly platform fee for a paying team, if any (Modal Team $250), else 0. */
  platformFeeUsdPerMonth: z.number().nonnegative(),
  limitsSource: Sourced,
  notes: z.array(z.string()).default([]),
});
export type ServerlessGpu = z.infer<typeof ServerlessGpu>;

/** A product that no longer exists (Banana.dev): answered with a note and alternatives. */
export const Defunct = z.object({
  id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()).min(1),
  endedOn: IsoDate,
  note: z.string(),
  alternatives: z.array(z.string()).min(1),
  source: z.string().url(),
  checked: IsoDate,
});

export const Serverless = z.object({
  cpu: z.array(ServerlessCpu).min(1),
  gateways: z.array(Gateway).min(1),
  gpu: z.array(ServerlessGpu).min(1),
  defunct: z.array(Defunct).default([]),
});

// ---------------------------------------------------------------------------------------------
// Hosted per-token APIs

export const TokenApiModel = z.object({
  /** Provider slug: "together", "fireworks", "groq", "deepinfra", "bedrock", "vertex", "azure-ai". */
  provider: z.string().regex(/^[a-z0-9-]+$/),
  providerName: z.string(),
  /** The provider's model name as listed. */
  model: z.string(),
  /** KnownModel.weightsId (or id) of the weights served. */
  weightsId: z.string(),
  kind: z.enum(['llm', 'embedding']),
  /** Parameters, for size-class matching. */
  params: z.number().positive(),
  inputPer1M: Price,
  outputPer1M: Price.nullable(),
  cachedInputPer1M: Price.nullable().default(null),
  /** Fraction off for the provider's batch/async API (0.5 = half price), null when none. */
  batchDiscount: z.number().min(0).max(1).nullable().default(null),
  /** Typical time to first token at light load, ms. */
  typicalTtftMs: z.number().positive(),
  /** Output speed at light load, tokens/s, for end-to-end latency. */
  typicalOutputTokensPerSecond: z.number().positive(),
  cloud: Cloud.nullable().default(null),
  /** Rows the research marks stale or conflicting keep a note and lower confidence. */
  stale: z.boolean().default(false),
  /** Prices in other regions where the provider charges differently (Bedrock in the EU), per 1M tokens. */
  regionalPrices: z.array(Sourced.extend({ region: z.string().min(1), inputUsd: z.number().nonnegative(), outputUsd: z.number().nonnegative().nullable() })).default([]),
  /** The provider shut the endpoint or model down: kept for the record, never recommended without saying so. */
  retired: Sourced.extend({ on: IsoDate }).optional(),
  note: z.string().optional(),
});
export type TokenApiModel = z.infer<typeof TokenApiModel>;

export const TokenApis = z.object({ models: z.array(TokenApiModel).min(1) });

// ---------------------------------------------------------------------------------------------
// Hosted speech and image APIs (per audio minute/hour, per image)

export const MediaApiModel = z.object({
  provider: z.string().regex(/^[a-z0-9-]+$/),
  providerName: z.string(),
  model: z.string(),
  /** KnownModel.weightsId (or id) of the weights served, or a label for weights not in known models. */
  weightsId: z.string(),
  kind: z.enum(['speech', 'diffusion']),
  /** `unit`: "audio hour", "audio minute" or "image". */
  price: Price.refine((p) => ['audio hour', 'audio minute', 'image'].includes(p.unit), 'unit must be "audio hour", "audio minute" or "image"'),
  /** Typical time for one request (a 30 s clip, one image) at light load, ms. */
  typicalLatencyMs: z.number().positive(),
  cloud: Cloud.nullable().default(null),
  note: z.string().optional(),
});
export type MediaApiModel = z.infer<typeof MediaApiModel>;

export const MediaApis = z.object({ models: z.array(MediaApiModel).default([]) });

// ---------------------------------------------------------------------------------------------
// Serving baselines (pricing/serving-baselines.json): how a team that serves a model kind in
// production runs it on each compute class, and the batch efficiency each accelerator reaches.

export const ServingBaseline = Sourced.extend({
  id: z.string().regex(/^[a-z0-9-]+$/),
  compute: z.enum(['cpu', 'gpu']),
  kinds: z.array(ModelKind).min(1),
  /** What the report says it assumed. */
  label: z.string().min(1),
  runtime: z.enum(['pytorch', 'optimized']),
  dynamicBatching: z.boolean(),
  /** Largest batch (non-generative) or concurrent sequences (LLM) the server forms. */
  maxBatch: z.number().int().positive(),
  /** Floating-point weights are served at this precision when the user did not state one; null keeps them. */
  floatPrecision: z.enum(['fp16', 'bf16']).nullable(),
});
export type ServingBaseline = z.infer<typeof ServingBaseline>;

export const ServingData = z.object({
  baselines: z.array(ServingBaseline).min(1),
  /** Share of dense peak an optimized runtime reaches on a large batch, per accelerator id. */
  accelerators: z.array(Sourced.extend({ id: z.string(), batchEfficiency: z.number().positive().max(1) })),
  defaultBatchEfficiency: z.number().positive().max(1),
  /** Model kinds whose FLOPs run less efficiently than an encoder's GEMMs, as a factor. */
  kindEfficiency: z.array(Sourced.extend({ kind: ModelKind, factor: z.number().positive().max(1) })).default([]),
});
export type ServingData = z.infer<typeof ServingData>;

// ---------------------------------------------------------------------------------------------
// Regional VM prices (pricing/regional/<cloud>.json), written by `infercost prices import` from a
// published price list (the SkyPilot catalog's vms.csv). One file per cloud, one source and data date
// per file. Compact on purpose: the CLI loads it on every start.

/** [on-demand USD/hour, spot USD/hour or null] for one instance type in one region; a third element
 * k ≥ 1 says the row came from `earlier[k - 1]`, an earlier import from another source or date. */
export const RegionalQuote = z.union([
  z.tuple([z.number().positive(), z.number().positive().nullable()]),
  z.tuple([z.number().positive(), z.number().positive().nullable(), z.number().int().positive()]),
]);
export type RegionalQuote = z.infer<typeof RegionalQuote>;

/** Where a batch of regional rows came from. */
export const RegionalSource = z.object({ format: z.string().min(1), source: z.string().url(), checked: IsoDate, imported: IsoDate });
export type RegionalSource = z.infer<typeof RegionalSource>;

/** A row the importer's sanity checks held back, kept with the reasons so the next import (and
 * `infercost prices status`) can show them; accepted only with `--accept TYPE@REGION`. */
export const HeldRow = z.object({
  type: z.string().min(1),
  region: z.string().min(1),
  usd: z.number().nonnegative(),
  spotUsd: z.number().nonnegative().nullable(),
  reasons: z.array(z.string()).min(1),
});
export type HeldRow = z.infer<typeof HeldRow>;

export const RegionalPrices = z.object({
  cloud: Cloud,
  /** The published format the file was imported from, e.g. "skypilot-vms". */
  format: z.string().min(1),
  /** Where the data came from (the published file's address). */
  source: z.string().url(),
  /** The date of the data (not the day it was imported). */
  checked: IsoDate,
  /** The day `infercost prices import` wrote this file. */
  imported: IsoDate,
  note: z.string().optional(),
  /** Instance type → region → [on-demand, spot] per hour, Linux, USD. */
  prices: z.record(z.string(), z.record(z.string(), RegionalQuote)),
  /** Earlier imports whose rows this one did not replace (rows point at them by their third element). */
  earlier: z.array(RegionalSource).default([]),
  held: z.array(HeldRow).default([]),
});
export type RegionalPrices = z.infer<typeof RegionalPrices>;

/** The source and date of one regional row. */
export function quoteSource(file: RegionalPrices, q: RegionalQuote): RegionalSource {
  const k = q[2];
  return (k !== undefined && file.earlier[k - 1]) || { format: file.format, source: file.source, checked: file.checked, imported: file.imported };
}

export const Catalog = z.object({
  serving: ServingData,
  hardware: Hardware,
  dedicated: Dedicated,
  serverless: Serverless,
  tokenApis: TokenApis,
  /** Regional VM prices by cloud; absent clouds are priced at the instance's listed region only. */
  regional: z.array(RegionalPrices).default([]),
  mediaApis: MediaApis.default({ models: [] }),
});
export type Catalog = z.infer<typeof Catalog>;
