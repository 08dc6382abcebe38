// What the capacity model needs to know about the model: weights in bytes at the served precision,
// the transformer shape for generative models (KV cache, FLOPs), or FLOPs per inference otherwise.
// Each derived number carries the reason it was derived, for the report.
import { withProfileCaches } from './attached.ts';
import type { Architecture, KnownModel } from '../known-models.ts';
import { BYTES_PER_PARAM, decodingBeams, type ModelKind, type Precision, type Workload } from '../workload.ts';
import { PRUNING_SIZE_FACTOR, PRUNING_SPEEDUP } from './efficiency.ts';

export interface ModelProfile {
  name: string;
  kind: ModelKind;
  generative: boolean;
  params: number;
  /** Parameters touched per token (mixture-of-experts use fewer than they hold). */
  activeParams: number;
  precision: Precision;
  weightsBytes: number;
  /** Bytes of weights read per decode step (active experts only). */
  activeWeightsBytes: number;
  /** Mixture of experts: bytes of weights read by a decode step of `batch` sequences, which touch
   * more experts than one token does; null for dense models (activeWeightsBytes at any batch). */
  stepWeightsBytes: ((batch: number) => number) | null;
  arch: Architecture | null;
  archNote: string | null;
  /** Non-generative: forward FLOPs per request. Generative: prefill FLOPs per request. */
  flopsPerRequest: number;
  flopsNote: string;
  inputTokens: number;
  outputTokens: number;
  /** KV cache bytes per token of context (generative only). */
  kvBytesPerToken: number;
  /** Speech: the autoregressive decoder run once per output token after the encoder pass. */
  decoder: { params: number; bytes: number; layers: number; tokens: number; beams: number } | null;
}

/** Output tokens per 30-s clip of speech: ~150 words a minute ≈ 75 words ≈ 100 tokens with timestamps. */
export const SPEECH_TOKENS_PER_CLIP = 100;
/** A speech model with no known decoder: about 60% of Whisper's parameters sit in its decoder, 12 layers. */
const GENERIC_SPEECH_DECODER = { share: 0.6, layers: 12 };

/** Typical forward FLOPs per parameter for a request of each kind, when the model is not known. */
const FLOPS_PER_PARAM: Record<ModelKind, { factor: number; input: string }> = {
  llm: { factor: 2, input: 'per token' },
  encoder: { factor: 2 * 128, input: '128 tokens' },
  embedding: { factor: 2 * 128, input: '128 tokens' },
  vision: { factor: 300, input: 'one 224×224 image (ResNet-50: 25.6M params, 7.7 GFLOPs)' },
  speech: { factor: 2 * 1500, input: '30 s of audio (1,500 encoder frames)' },
  diffusion: { factor: 2 * 30 * 2 * 128, input: '30 denoising steps with guidance' },
  tabular: { factor: 2, input: 'one row' },
  unknown: { factor: 2 * 100, input: 'an input of ~100 elements' },
};

export function modelProfile(w: Workload, models: KnownModel[]): ModelProfile {
  const known = w.model.knownId ? (models.find((m) => m.id === w.model.knownId) ?? null) : null;
  const bytesPer = BYTES_PER_PARAM[w.model.precision];
  const params = w.model.params ?? w.model.sizeBytes / bytesPer;
  const generative = w.model.kind === 'llm';
  const name = w.model.name ?? (known?.name ?? `${formatParams(params)} ${w.model.kind === 'unknown' ? 'model' : w.model.kind}`);

  let arch: Architecture | null = null;
  let archNote: string | null = null;
  if (generative) {
    if (known?.architecture) {
      arch = known.architecture;
      archNote = `${known.name} architecture from its config.json`;
    } else {
      const near = nearestLlm(params, models);
      if (near?.architecture) {
        arch = scaleArchitecture(near.architecture, near.params, params);
        archNote = `no architecture given: shape scaled from the nearest known model by size, ${near.name}`;
      } else {
        arch = genericArchitecture(params);
        archNote = 'no architecture given: a Llama-like shape estimated from the parameter count';
      }
    }
  }
  const activeParams = arch?.activeParams && known ? Math.min(arch.activeParams, params) : params;
  let weightsBytes = w.model.params !== null ? params * bytesPer : w.model.sizeBytes;
  const pruned = w.serving.pruned && !generative;
  if (pruned) weightsBytes *= PRUNING_SIZE_FACTOR;
  const activeWeightsBytes = weightsBytes * (activeParams / params);

  const inputTokens = generative ? (w.tokens?.input ?? 500) : 0;
  const outputTokens = generative ? (w.tokens?.output ?? 200) : 0;

  let flopsPerRequest: number;
  let flopsNote: string;
  if (generative) {
    const attention = arch ? 4 * inputTokens * inputTokens * arch.hidden * arch.layers * 0.5 : 0;
    flopsPerRequest = 2 * activeParams * inputTokens + attention;
    flopsNote = `prefill ≈ 2 × ${formatParams(activeParams)} active params × ${inputTokens} prompt tokens`;
  } else if (known?.gflopsPerInference) {
    flopsPerRequest = known.gflopsPerInference * 1e9;
    flopsNote = `${known.name}: ${known.gflopsPerInference} GFLOPs per inference${known.typicalInput ? ` (${known.typicalInput})` : ''}`;
    // Diffusion: the UNet runs once per step, its cost proportional to the pixels.
    const img = w.image;
    if (known.diffusion && img && (img.steps !== null || img.width !== null)) {
      const steps = img.steps ?? known.diffusion.steps;
      const width = img.width ?? known.diffusion.resolution;
      const height = img.height ?? width;
      const scale = (steps / known.diffusion.steps) * ((width * height) / known.diffusion.resolution ** 2);
      flopsPerRequest *= scale;
      flopsNote = `${known.name}: ${known.gflopsPerInference} GFLOPs at ${known.typicalInput ?? 'its default'}, × ${steps}/${known.diffusion.steps} steps × ${width}×${height} pixels = ${Math.round(flopsPerRequest / 1e9)} GFLOPs`;
    }
  } else {
    const f = FLOPS_PER_PARAM[w.model.kind];
    flopsPerRequest = f.factor * params;
    flopsNote = `no FLOP count known: ≈ ${f.factor} FLOPs per parameter for ${f.input}`;
  }
  if (pruned) {
    flopsPerRequest /= PRUNING_SPEEDUP;
    flopsNote += `, ÷${PRUNING_SPEEDUP} for structured pruning`;
  }

  // The KV cache has its own precision: FP8 deployments keep it in FP8; weight-only INT4/INT8
  // (AWQ, GPTQ, LLM.int8()) keep activations and the KV cache in fp16 (peer-capacity §4.6).
  const kvBytesPerElement = w.model.precision === 'fp8' ? 1 : w.model.precision === 'fp32' ? 4 : 2;
  const kvBytesPerToken = arch ? 2 * arch.layers * arch.kvHeads * arch.headDim * kvBytesPerElement : 0;

  let decoder: ModelProfile['decoder'] = null;
  if (w.model.kind === 'speech') {
    const d = known?.decoder ?? { params: params * GENERIC_SPEECH_DECODER.share, layers: GENERIC_SPEECH_DECODER.layers };
    const decParams = Math.min(d.params, params);
    // The encoder runs once per 30-s window (shorter clips are padded to 30 s); the decoder writes
    // about 3.3 tokens per second of speech.
    const audio = w.audioSeconds ?? 30;
    const windows = Math.max(1, Math.ceil(audio / 30 - 1e-9));
    const tokens = Math.max(1, Math.round((SPEECH_TOKENS_PER_CLIP * audio) / 30));
    if (windows > 1) {
      flopsPerRequest *= windows;
      flopsNote += ` × ${windows} windows of 30 s`;
    }
    // Beam search keeps `beams` hypotheses, run together as a batch at each step: the step's weights
    // are read once, its compute is done once per beam.
    const beams = decodingBeams(w);
    decoder = { params: decParams, bytes: decParams * bytesPer * (pruned ? PRUNING_SIZE_FACTOR : 1), layers: d.layers, tokens, beams };
    flopsNote += `; then ${tokens} tokens of autoregressive decoding for ${audio} s of audio (${formatParams(decParams)}-parameter decoder, ${d.layers} layers, ${beams === 1 ? 'greedy' : `beam ${beams}`})`;
  }

  // With b tokens in a step, a layer touches E·(1 − (1 − k/E)^b) of its E experts (peer-capacity §4.7):
  // 90% of Mixtral's at b = 8, so a loaded step reads nearly all the weights, not the active share.
  let stepWeightsBytes: ModelProfile['stepWeightsBytes'] = null;
  if (arch?.experts && arch.expertsPerToken && known && activeParams < params) {
    const e = arch.experts;
    const k = Math.min(arch.expertsPerToken, e);
    const expertBytes = (weightsBytes - activeWeightsBytes) / (e - k); // (total − active) = (E − k) experts
    const sharedBytes = activeWeightsBytes - k * expertBytes;
    stepWeightsBytes = (batch: number) => sharedBytes + expertBytes * e * (1 - Math.pow(1 - k / e, Math.max(1, batch)));
  }

  return withProfileCaches({
    name,
    kind: w.model.kind,
    generative,
    params,
    activeParams,
    precision: w.model.precision,
    weightsBytes,
    activeWeightsBytes,
    stepWeightsBytes,
    arch,
    archNote,
    flopsPerRequest,
    flopsNote,
    inputTokens,
    outputTokens,
    kvBytesPerToken,
    decoder,
  });
}

function nearestLlm(params: number, models: KnownModel[]): KnownModel | null {
  let best: KnownModel | null = null;
  let bestGap = Infinity;
  for (const m of models) {
    if (m.kind !== 'llm' || !m.architecture || m.architecture.activeParams) continue;
    const gap = Math.abs(Math.log(m.params / params));
    if (gap < bestGap) {
      bestGap = gap;
      best = m;
    }
  }
  return best && bestGap < Math.log(3) ? best : null;
}

/** Same depth and head layout, width scaled so 12·L·h² tracks the parameter ratio. */
function scaleArchitecture(a: Architecture, fromParams: number, toParams: number): Architecture {
  if (Math.abs(Math.log(toParams / fromParams)) < 0.15) return { ...a, activeParams: undefined };
  const s = Math.sqrt(toParams / fromParams);
  const hidden = Math.max(128, Math.round((a.hidden * s) / 128) * 128);
  return { ...a, hidden, activeParams: undefined };
}

function genericArchitecture(params: number): Architecture {
  // Llama-like: params ≈ 12·L·h², L ≈ h/128 → h ≈ (params·128/12)^(1/3).
  const hidden = Math.max(256, Math.round(Math.cbrt((params * 128) / 12) / 128) * 128);
  const layers = Math.max(2, Math.round(params / (12 * hidden * hidden)));
  const heads = Math.max(1, hidden / 128);
  return { layers, hidden, heads, kvHeads: Math.max(1, Math.round(heads / 4)), headDim: 128, contextLength: 8192 };
}

export function formatParams(p: number): string {
  if (p >= 1e12) return `${trim(p / 1e12)}T`;
  if (p >= 1e9) return `${trim(p / 1e9)}B`;
  if (p >= 1e6) return `${trim(p / 1e6)}M`;
  if (p >= 1e3) return `${trim(p / 1e3)}K`;
  return `${Math.round(p)}`;
}

function trim(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1).replace(/\.0$/, '') : x.toFixed(2).replace(/\.?0+$/, '');
}
