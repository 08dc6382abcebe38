// Known models (pricing/known-models.json): what the parser matches names against and what the
// capacity model needs to size hardware. Validated with zod at load.
import { z } from 'zod';
import { ModelKind, Precision } from './workload.ts';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** Transformer shape, for LLMs (and encoders when known): enough for KV cache and FLOP counts. */
export const Architecture = z.object({
  layers: z.number().int().positive(),
  hidden: z.number().int().positive(),
  heads: z.number().int().positive(),
  kvHeads: z.number().int().positive(),
  headDim: z.number().int().positive(),
  intermediate: z.number().int().positive().optional(),
  vocab: z.number().int().positive().optional(),
  contextLength: z.number().int().positive(),
  /** Parameters used per token, for mixture-of-experts models; equal to params for dense models. */
  activeParams: z.number().positive().optional(),
  /** Mixture of experts: routed experts per layer, and how many each token uses (config.json
   * num_local_experts / num_experts_per_tok; DeepSeek: n_routed_experts / num_experts_per_tok). */
  experts: z.number().int().positive().optional(),
  expertsPerToken: z.number().int().positive().optional(),
});
export type Architecture = z.infer<typeof Architecture>;

export const KnownModel = z.object({
  /** Stable id, kebab-case: "llama-3.1-8b", "bert-base", "resnet-50". */
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  /** Display name: "Llama 3.1 8B". */
  name: z.string().min(1),
  family: z.string().min(1),
  kind: ModelKind,
  /** Total parameter count (not billions): 8.03e9. Tabular tree ensembles may give a nominal count. */
  params: z.number().positive(),
  /** Precision the published weights ship in. */
  defaultPrecision: Precision,
  /** Name variants people type, matched case-insensitively with spaces, dashes, dots and underscores treated alike. */
  aliases: z.array(z.string().min(1)).min(1),
  architecture: Architecture.optional(),
  /** Forward-pass compute per inference at the typical input (GFLOPs), for non-generative models. */
  gflopsPerInference: z.number().positive().optional(),
  /** The typical input the FLOP count assumes: "224×224 image", "128 tokens", "30 s of audio". */
  typicalInput: z.string().optional(),
  /** Diffusion models: the denoising steps and square resolution `gflopsPerInference` counts. */
  diffusion: z.object({ steps: z.number().int().positive(), resolution: z.number().int().positive() }).optional(),
  /** Speech models: the autoregressive decoder that runs once per output token (Whisper). */
  decoder: z.object({ layers: z.number().int().positive(), params: z.number().positive() }).optional(),
  /** Weights id shared across name variants, used to match hosted token APIs to the same weights. */
  weightsId: z.string().optional(),
  source: z.string().url(),
  checked: IsoDate,
  note: z.string().optional(),
});
export type KnownModel = z.infer<typeof KnownModel>;

export const KnownModels = z.array(KnownModel).min(1);
