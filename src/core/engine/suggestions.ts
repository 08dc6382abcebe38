// Optimization suggestions: each is the same engine run on a changed Workload, compared with the
// current recommendation. A suggestion that does not apply, or saves nothing, is not offered.
import type { Option, Suggestion } from '../report.ts';
import { decodingBeams, type Precision, type Workload, withPrecision } from '../workload.ts';
import { type EngineContext, type EvaluateScope, type Evaluation, evaluateOptions } from './price-options.ts';
import { HOURS_PER_MONTH } from './load.ts';

interface Lever {
  id: string;
  title: string;
  change: string;
  caveats: string[];
  applies: (w: Workload, rec: Option | null) => boolean;
  apply: (w: Workload) => Workload;
  /** Changes only how dedicated capacity is bought: serverless and API options stay as they are. */
  dedicatedOnly?: true;
}

const FLOAT: Precision[] = ['fp32', 'fp16', 'bf16'];

function shrunk(w: Workload, factor: number): Workload {
  return {
    ...w,
    model: { ...w.model, name: null, knownId: null, params: w.model.params === null ? null : w.model.params * factor, sizeBytes: w.model.sizeBytes * factor },
  };
}

// The levers are steps beyond the production serving baseline (pricing/serving-baselines.json):
// GPU encoders already run fp16 with dynamic batching on an optimized runtime, LLMs already batch
// continuously, so those are suggested only where the text said otherwise.
const LEVERS: Lever[] = [
  {
    id: 'serve-fp16',
    title: 'Serve in fp16 on the GPU instead of fp32',
    change: 'GPU precision → fp16 (half the weights, tensor-core speed); CPU options keep fp32',
    caveats: ['fp16/bf16 inference matches fp32 accuracy for almost every model; no calibration needed, unlike INT8'],
    applies: (w) => w.model.precision === 'fp32' && w.serving.precisionStated && w.model.kind !== 'tabular',
    apply: (w) => ({ ...w, serving: { ...w.serving, precisionStated: false } }),
  },
  {
    id: 'quantize-int8',
    title: 'Quantize to INT8',
    change: 'precision → int8 (weights 2–4× smaller)',
    caveats: [
      'accuracy: usually within 0.5 points (ResNet-50 top-1 −0.4; LLM.int8() no measured loss on tested LLMs); validate on your own eval set',
      'speed-up needs INT8 kernels (VNNI/AMX on CPU, TensorRT or SmoothQuant on GPU)',
    ],
    applies: (w) => FLOAT.includes(w.model.precision) && w.model.kind !== 'tabular',
    apply: (w) => withPrecision(w, 'int8'),
  },
  {
    id: 'quantize-int4',
    title: 'Quantize weights to 4-bit (AWQ/GPTQ)',
    change: 'precision → int4 (weight-only)',
    caveats: ['some quality loss on reasoning-heavy tasks; evaluate before switching', 'speeds up decode, not prefill'],
    applies: (w) => w.model.kind === 'llm' && w.model.precision !== 'int4',
    apply: (w) => withPrecision(w, 'int4'),
  },
  {
    id: 'optimized-runtime',
    title: 'Serve with ONNX Runtime / TensorRT',
    change: 'runtime → optimized (ONNX Runtime, TensorRT or OpenVINO)',
    caveats: ['gains are model-specific (Triton reports ~2× on GPU; sentence-transformers 1.4× on CPU); some ops may not convert'],
    applies: (w) => w.model.kind !== 'llm' && w.serving.runtime !== 'optimized',
    apply: (w) => ({ ...w, serving: { ...w.serving, runtime: 'optimized' } }),
  },
  {
    id: 'llm-serving-engine',
    title: 'Serve the LLM with vLLM, TensorRT-LLM or SGLang',
    change: 'runtime → an LLM serving engine: continuous batching, paged KV cache, fused kernels (the production baseline)',
    caveats: [
      'the PyTorch team measured LLaMA-7B at 25.5 tokens/s in eager PyTorch and 107 compiled, batch 1 on an A100; vLLM reports up to 24× Hugging Face Transformers’ throughput under load',
      'an engine supports most popular architectures, not every custom model; custom sampling or hooks may need porting',
    ],
    // Only when the text said the framework serves it: the LLM baseline is already an engine.
    applies: (w) => w.model.kind === 'llm' && w.serving.runtime === 'pytorch',
    apply: (w) => ({ ...w, serving: { ...w.serving, runtime: 'optimized', stack: null, dynamicBatching: w.serving.dynamicBatching === false ? null : w.serving.dynamicBatching, maxBatch: w.serving.maxBatch === 1 ? null : w.serving.maxBatch } }),
  },
  {
    id: 'dynamic-batching',
    title: 'Enable dynamic batching on the GPU server',
    change: 'dynamic batching on (Triton / TEI / TorchServe), batches up to 32',
    caveats: ['adds a few ms of batching delay; gain depends on the model (Triton: 3.7× on Inception)'],
    // Only when the text said the server does not batch: the GPU baseline already does.
    applies: (w) => w.model.kind !== 'llm' && (w.serving.dynamicBatching === false || (w.serving.maxBatch !== null && w.serving.maxBatch <= 1)),
    apply: (w) => ({ ...w, serving: { ...w.serving, dynamicBatching: true, maxBatch: null } }),
  },
  {
    id: 'larger-batches',
    title: 'Allow larger batches',
    change: 'batch cap → the baseline (32 for encoders and vision models, 256 sequences for LLMs)',
    caveats: ['larger batches raise throughput per GPU; the latency target still bounds the batch the server forms'],
    applies: (w) => w.serving.maxBatch !== null && w.serving.maxBatch > 1 && w.serving.maxBatch < (w.model.kind === 'llm' ? 256 : 32) && w.serving.dynamicBatching !== false,
    apply: (w) => ({ ...w, serving: { ...w.serving, maxBatch: null } }),
  },
  {
    id: 'greedy-decoding',
    title: 'Decode speech greedily (beam 1)',
    change: 'speech decoding → greedy (1 beam instead of the beams stated or faster-whisper’s default 5)',
    caveats: [
      'beam search is a little more accurate: Whisper large-v2 scored 0.0–0.6 WER points better with 5 beams than greedy on four test sets (distil-whisper’s evaluation); check on your own audio',
      'batched beams cost little where decoding is bound by reading weights (a GPU, a small model): the saving is largest on CPUs and large models',
    ],
    applies: (w) => w.model.kind === 'speech' && decodingBeams(w) > 1,
    apply: (w) => ({ ...w, serving: { ...w.serving, beamSize: 1 } }),
  },
  {
    id: 'caching',
    title: 'Cache repeated predictions (20% hit rate)',
    change: 'cache hit rate → 20%',
    caveats: ['hit rates are workload-specific: exact-match caches often see under 5%, semantic caches 10–60% on support-style traffic', 'a cache adds its own (small) cost'],
    // Repeated text and rows recur; unique images and audio clips rarely do.
    applies: (w) => w.cacheHitRate < 0.2 && !['vision', 'speech', 'diffusion'].includes(w.model.kind),
    apply: (w) => ({ ...w, cacheHitRate: 0.2 }),
  },
  {
    id: 'spot',
    title: 'Run peak capacity and the spare on spot instances',
    change: 'spot allowed for capacity above the average load',
    caveats: ['spot capacity can be reclaimed with 2 minutes (AWS) or 30 seconds (GCP, Azure) notice; keep the baseline on-demand'],
    applies: (w, rec) => !w.spotOk && rec !== null && (rec.kind === 'dedicated' || rec.kind === 'hybrid'),
    apply: (w) => ({ ...w, spotOk: true }),
    dedicatedOnly: true,
  },
  {
    id: 'autoscaling',
    title: 'Autoscale on queue length instead of a fleet sized for peak',
    change: 'autoscaling between the off-peak and peak replica counts',
    caveats: ['scale on request queue length or in-flight requests, not CPU; scaling up takes minutes (new instances load the model)'],
    applies: (w, rec) => !w.serving.autoscaling && rec !== null && rec.kind === 'dedicated' && w.peakToAverage > 1.2,
    apply: (w) => ({ ...w, serving: { ...w.serving, autoscaling: true } }),
    dedicatedOnly: true,
  },
  {
    id: 'distillation',
    title: 'Distill into a smaller model',
    change: 'a student model with half the parameters (60% for encoders)',
    caveats: ['needs a training run and an eval; DistilBERT kept 97% of BERT’s quality at 60% of its size', 'quality loss depends on the task'],
    applies: (w) => ['llm', 'encoder', 'embedding', 'vision', 'speech'].includes(w.model.kind) && (w.model.params ?? 0) > 5e7,
    apply: (w) => shrunk(w, w.model.kind === 'llm' ? 0.5 : 0.6),
  },
  {
    id: 'pruning',
    title: 'Prune the model (structured)',
    change: 'structured (block) pruning: 2.4× faster, 74% smaller',
    caveats: ['block movement pruning on BERT-base lost about 1 F1 point; needs fine-tuning and structured sparsity to speed up'],
    // The measured result is BERT's (block movement pruning); it says nothing about CNNs.
    applies: (w) => ['encoder', 'embedding'].includes(w.model.kind) && !w.serving.pruned,
    apply: (w) => ({ ...w, serving: { ...w.serving, pruned: true } }),
  },
  {
    id: 'commit-1y',
    title: 'Commit for a year (savings plan / committed use)',
    change: 'a 1-year commitment on the always-on capacity',
    caveats: ['you pay for the commitment whether you use it or not; 3-year terms save more'],
    applies: (w, rec) => w.serving.commitment === 'none' && rec !== null && rec.kind === 'dedicated',
    apply: (w) => ({ ...w, serving: { ...w.serving, commitment: '1y' } }),
    dedicatedOnly: true,
  },
];

const MIN_SAVING_USD = 1;

/** The monthly cost (micro-dollars) a changed workload must come in under to save MIN_SAVING_USD
 * against `base` dollars; unbounded when nothing is priced yet (any feasible option is news). The
 * saving and the cost are each rounded to cents, so the ceiling keeps two cents of slack: an option
 * a little above it is sized for nothing, one below it is never skipped. */
function ceilingFor(base: number | null): number {
  return base === null ? Infinity : (base - MIN_SAVING_USD + 0.02) * 1e6;
}

/**
 * `exhaustive`: re-price every option for every suggestion (no ceiling, no pruning, full text). The
 * answer must be the same as the pruned re-runs'; test/engine/suggestions-exact.test.ts checks it.
 */
export function suggestionsFor(w: Workload, ev: Evaluation, core: EngineContext, exhaustive = false): Suggestion[] {
  // A re-run reads only the cheapest option's cost and identity: it prices nothing that cannot save
  // MIN_SAVING_USD, sizes the current recommendation's instance first, and builds no text.
  const pruned = (ceiling: number, first?: string): EvaluateScope => (exhaustive ? {} : { cheapestOnly: true, light: true, belowMicroUsd: ceiling, first });
  const rec = ev.options.find((o) => o.id === ev.recommendation.optionId) ?? null;
  const base = rec?.monthlyUsd ?? null;
  const out: Suggestion[] = [];
  for (const lever of LEVERS) {
    if (!lever.applies(w, rec)) continue;
    const reuse = lever.dedicatedOnly ? ev.built.filter((o) => o.kind === 'serverless' || o.kind === 'api') : undefined;
    // Only an option that saves at least MIN_SAVING_USD becomes a suggestion: nothing dearer is sized.
    const changed = evaluateOptions(lever.apply(w), core, { ...pruned(ceilingFor(base), rec?.id), reuse });
    const next = changed.options.find((o) => o.id === changed.recommendation.optionId) ?? null;
    if (!next || next.monthlyUsd === null) continue;
    if (base === null) {
      out.push({ id: lever.id, title: `${lever.title}: makes the target reachable`, monthlyUsdSaved: 0, newOptionId: next.id, newMonthlyUsd: next.monthlyUsd, caveats: lever.caveats, change: lever.change });
      continue;
    }
    const saved = Math.round((base - next.monthlyUsd) * 100) / 100;
    if (saved < MIN_SAVING_USD) continue;
    out.push({ id: lever.id, title: lever.title, monthlyUsdSaved: saved, newOptionId: next.id, newMonthlyUsd: next.monthlyUsd, caveats: lever.caveats, change: lever.change });
  }
  const relaxed = relaxLatency(w, ev, rec, core, pruned);
  if (relaxed) out.push(relaxed);
  const dev = devScaleToZero(w, rec, core, pruned);
  if (dev) out.push(dev);
  return out.sort((a, b) => b.monthlyUsdSaved - a.monthlyUsdSaved);
}

/** A development copy on the same dedicated hardware, always on, versus the engine's choice for a
 * development-sized load (the same model at 10,000 requests a month, scale-to-zero allowed). */
function devScaleToZero(w: Workload, rec: Option | null, core: EngineContext, pruned: (ceiling: number, first?: string) => EvaluateScope): Suggestion | null {
  if (!rec || rec.kind !== 'dedicated' || rec.instances < 1) return null;
  const hourly = rec.components[0]?.unitPriceUsd;
  if (!hourly || !Number.isFinite(hourly)) return null;
  const alwaysOn = hourly * HOURS_PER_MONTH;
  const devLoad: Workload = { ...w, requestsPerMonth: 10_000, peakRps: (10_000 / (HOURS_PER_MONTH * 3600)) * 3, peakToAverage: 3, pattern: 'business-hours', cacheHitRate: 0, spotOk: false, serving: { ...w.serving, autoscaling: false, commitment: 'none' }, latency: { ...w.latency, ms: Math.max(w.latency.ms, 30_000) } };
  const dev = evaluateOptions(devLoad, core, pruned(ceilingFor(alwaysOn)));
  const pick = dev.options.find((o) => o.id === dev.recommendation.optionId);
  if (!pick || pick.monthlyUsd === null || pick.kind === 'dedicated') return null;
  const saved = Math.round((alwaysOn - pick.monthlyUsd) * 100) / 100;
  if (saved < MIN_SAVING_USD) return null;
  return {
    id: 'scale-to-zero-dev',
    title: 'Scale development copies to zero',
    monthlyUsdSaved: saved,
    newOptionId: pick.id,
    newMonthlyUsd: pick.monthlyUsd,
    caveats: ['applies to a development or staging copy, not production; the first request after idle waits for a cold start'],
    change: `a dev copy on ${pick.name} (10,000 requests a month, cold starts accepted) instead of one always-on ${rec.name}`,
  };
}

/** Targets people actually set, for rounding a relaxed latency target up. */
const NICE_MS = [50, 100, 150, 200, 250, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 5000, 10_000, 20_000, 30_000, 60_000];

/**
 * The latency target is a product decision, not a law: when a cheaper option misses it only on
 * latency (a hosted API's time to first token, a CPU instead of a GPU), price the workload with the
 * target relaxed to what that option delivers, so the team sees what the target costs them.
 */
function relaxLatency(w: Workload, ev: Evaluation, rec: Option | null, core: EngineContext, pruned: (ceiling: number, first?: string) => EvaluateScope): Suggestion | null {
  if (!rec || rec.monthlyUsd === null) return null;
  const cheaper = ev.options
    .filter((o) => !o.excluded && !o.meetsLatency && o.monthlyUsd !== null && o.monthlyUsd < rec.monthlyUsd! && o.latencyMs !== null && Number.isFinite(o.latencyMs))
    .sort((a, b) => a.monthlyUsd! - b.monthlyUsd!);
  const candidate = cheaper.find((o) => o.latencyMs! <= Math.max(w.latency.ms * 10, 2000));
  if (!candidate) return null;
  const ms = NICE_MS.find((n) => n >= candidate.latencyMs! * 1.02) ?? Math.ceil(candidate.latencyMs! / 1000) * 1000;
  const changed = evaluateOptions({ ...w, latency: { ...w.latency, ms } }, core, pruned(ceilingFor(rec.monthlyUsd), rec.id));
  const next = changed.options.find((o) => o.id === changed.recommendation.optionId);
  if (!next || next.monthlyUsd === null) return null;
  const saved = Math.round((rec.monthlyUsd - next.monthlyUsd) * 100) / 100;
  if (saved < MIN_SAVING_USD) return null;
  const what = w.model.kind === 'llm' && w.latency.measures === 'ttft' ? 'time to first token' : 'latency';
  return {
    id: 'relax-latency',
    title: `Accept p${w.latency.percentile} ${what} of ${ms} ms instead of ${w.latency.ms} ms`,
    monthlyUsdSaved: saved,
    newOptionId: next.id,
    newMonthlyUsd: next.monthlyUsd,
    caveats: [`a product decision: users wait up to ${ms} ms at p${w.latency.percentile}`, ...(next.kind === 'api' ? ['a hosted API: prompts leave your cloud; check data terms and rate limits'] : []), ...(next.matchedBy === 'size' ? [`${next.name} is the same size class, not your weights`] : [])],
    change: `latency target → p${w.latency.percentile} ${ms} ms`,
  };
}
