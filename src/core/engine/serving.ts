// How the model is served on each compute class: the production serving baseline for its kind
// (pricing/serving-baselines.json) with whatever the text stated on top ("pytorch", "no batching",
// "max batch 16", "fp32", "Triton"). The capacity model reads the resolved Serving, never the raw
// Workload fields, so a report sizes GPUs the way teams run them unless told otherwise.
import type { Accelerator, ServingBaseline, ServingData } from '../catalog/schema.ts';
import { decodingBeams, type ModelKind, type Precision, type Workload } from '../workload.ts';

export interface Serving {
  baselineId: string;
  compute: 'cpu' | 'gpu';
  runtime: 'pytorch' | 'optimized';
  dynamicBatching: boolean;
  /** Largest batch (non-generative) or concurrent sequences (LLM) the server forms. */
  maxBatch: number;
  /** Precision the weights run at on this compute class. */
  precision: Precision;
  /** What the report says was assumed, with the stated changes folded in. */
  label: string;
  /** The text changed the baseline. */
  stated: boolean;
  source: string;
  /** Share of dense peak an optimized runtime reaches on a large batch on this accelerator. */
  batchEfficiency: (acc: Accelerator) => number;
  /** Factor for model kinds whose FLOPs run less efficiently than an encoder's GEMMs. */
  kindEfficiency: number;
}

const FALLBACK: ServingBaseline = {
  id: 'generic',
  compute: 'gpu',
  kinds: ['unknown'],
  label: 'the framework, one request at a time',
  runtime: 'pytorch',
  dynamicBatching: false,
  maxBatch: 1,
  floatPrecision: null,
  source: 'https://github.com/triton-inference-server/server/blob/main/docs/user_guide/optimization.md',
  checked: '2026-12-02',
  confidence: 'derived',
};

const cache = new WeakMap<ServingData, { eff: Map<string, number>; kind: Map<ModelKind, number> }>();

function tables(data: ServingData) {
  let t = cache.get(data);
  if (!t) {
    t = { eff: new Map(data.accelerators.map((a) => [a.id, a.batchEfficiency])), kind: new Map(data.kindEfficiency.map((k) => [k.kind, k.factor])) };
    cache.set(data, t);
  }
  return t;
}

export function baselineFor(data: ServingData, kind: ModelKind, compute: 'cpu' | 'gpu'): ServingBaseline {
  return data.baselines.find((b) => b.compute === compute && b.kinds.includes(kind)) ?? data.baselines.find((b) => b.compute === compute) ?? FALLBACK;
}

/** The precision a GPU runs: a baseline that serves floats at fp16 does so unless fp32 was stated. */
export function precisionOn(w: Workload, b: ServingBaseline): Precision {
  return b.floatPrecision && w.model.precision === 'fp32' && !w.serving.precisionStated ? b.floatPrecision : w.model.precision;
}

export function servingFor(w: Workload, compute: 'cpu' | 'gpu', data: ServingData): Serving {
  const b = baselineFor(data, w.model.kind, compute);
  const s = w.serving;
  const runtime = s.runtime ?? b.runtime;
  const llm = w.model.kind === 'llm';
  // "max batch 16" implies batching; "no batching" / "batch size 1" sets maxBatch 1. An LLM run by
  // the framework ("pytorch", "HF transformers") keeps continuous batching unless the text says it
  // does not batch (Transformers' own server batches continuously); its steps pay eager PyTorch's
  // per-layer launch cost (capacity.ts, LLM_EAGER_LAYER_STEP_S).
  const dynamicBatching = s.dynamicBatching ?? (s.maxBatch !== null ? s.maxBatch > 1 : b.dynamicBatching);
  const maxBatch = !dynamicBatching ? 1 : (s.maxBatch ?? (b.dynamicBatching ? b.maxBatch : llm ? 256 : 32));
  const precision = precisionOn(w, b);
  const stated = s.runtime !== null || s.dynamicBatching !== null || s.maxBatch !== null || s.stack !== null;
  const t = tables(data);
  // Speech decodes with beams (faster-whisper's default 5 unless the text said otherwise).
  const beams = w.model.kind === 'speech' ? decodingBeams(w) : null;
  const decoding = beams === null ? '' : beams === 1 ? ', greedy decoding' : `, beam search with ${beams} beams`;
  return {
    baselineId: b.id,
    compute,
    runtime,
    dynamicBatching,
    maxBatch,
    precision,
    label: stated ? describe(w, compute, runtime, dynamicBatching, maxBatch, precision, decoding) : b.label + decoding,
    stated,
    source: b.source,
    batchEfficiency: (acc) => t.eff.get(acc.id) ?? data.defaultBatchEfficiency,
    kindEfficiency: t.kind.get(w.model.kind) ?? 1,
  };
}

function describe(w: Workload, compute: 'cpu' | 'gpu', runtime: 'pytorch' | 'optimized', batching: boolean, maxBatch: number, precision: Precision, decoding: string): string {
  const llm = w.model.kind === 'llm';
  const stack = w.serving.stack ?? (runtime === 'pytorch' ? 'the framework (PyTorch eager)' : compute === 'gpu' ? 'an optimized runtime (TensorRT / ONNX Runtime)' : 'ONNX Runtime');
  const batch = !batching
    ? 'one request at a time (no batching)'
    : llm
      ? `continuous batching up to ${maxBatch} sequences`
      : compute === 'gpu'
        ? `dynamic batching up to ${maxBatch}`
        : 'one request per worker';
  return `${precision} on ${stack}, ${batch}${decoding}, as stated`;
}
