// The capacity model: can this hardware hold the model, how long does a request take on it, and how
// many replicas meet the latency target at peak. A roofline with measured efficiency factors
// (efficiency.ts) and queueing for the percentile (queueing.ts).
import { profileCaches } from './attached.ts';
import type { Accelerator, CpuProfile } from '../catalog/schema.ts';
import type { Workload } from '../workload.ts';
import * as E from './efficiency.ts';
import type { ModelProfile } from './model-profile.ts';
import { sharedWaitPercentile, waitPercentile } from './queueing.ts';
import type { Serving } from './serving.ts';

type Runtime = 'pytorch' | 'optimized';

export type Device =
  | { kind: 'gpu'; accelerator: Accelerator; count: number; hostMemoryGB: number }
  | { kind: 'cpu'; cpu: CpuProfile; vcpu: number; memoryGB: number };

export interface Fit {
  ok: boolean;
  reason: string | null;
  /** Memory needed for weights and runtime, GB. */
  needGB: number;
  haveGB: number;
  /** Concurrent sequences the KV cache leaves room for (generative on GPU). */
  maxBatch: number;
}

const GB = 1e9;

export function fit(m: ModelProfile, d: Device): Fit {
  const weightsGB = m.weightsBytes / GB;
  if (d.kind === 'gpu') {
    const haveGB = gpuUsableGB(d);
    const needGB = weightsGB + (m.generative ? 0 : activationGB(m));
    const label = () => `${d.count > 1 ? `${d.count}× ` : ''}${d.accelerator.name} (${d.accelerator.memoryGB * d.count} GB)`;
    if (needGB > haveGB) {
      return { ok: false, reason: `${fmtGB(weightsGB)} of ${m.precision} weights exceed the usable memory of ${label()}`, needGB, haveGB, maxBatch: 0 };
    }
    if (!m.generative) return { ok: true, reason: null, needGB, haveGB, maxBatch: E.GPU_MAX_DYNAMIC_BATCH };
    const contextTokens = m.inputTokens + m.outputTokens;
    const kvPerSeqGB = (m.kvBytesPerToken * contextTokens) / GB;
    const maxBatch = kvBatch(m, haveGB, needGB);
    if (maxBatch < 1) {
      return {
        ok: false,
        reason: `${fmtGB(weightsGB)} of weights fit ${label()} but leave no room for the KV cache of one ${contextTokens}-token sequence (${fmtGB(kvPerSeqGB)})`,
        needGB: needGB + kvPerSeqGB,
        haveGB,
        maxBatch: 0,
      };
    }
    return { ok: true, reason: null, needGB, haveGB, maxBatch };
  }
  const haveGB = d.memoryGB;
  const needGB = weightsGB * E.CPU_WEIGHT_HEADROOM + E.CPU_RUNTIME_RESERVE_GB;
  if (needGB > haveGB) {
    return { ok: false, reason: `${fmtGB(weightsGB)} of ${m.precision} weights need about ${fmtGB(needGB)} of memory; ${fmtGB(haveGB)} is available`, needGB, haveGB, maxBatch: 0 };
  }
  return { ok: true, reason: null, needGB, haveGB, maxBatch: 1 };
}

/** `fit(m, d).ok` without building the reason: for trying many GPU shares of a machine. */
export function fitsGpu(m: ModelProfile, d: Extract<Device, { kind: 'gpu' }>): boolean {
  const haveGB = gpuUsableGB(d);
  const needGB = m.weightsBytes / GB + (m.generative ? 0 : activationGB(m));
  return needGB <= haveGB && (!m.generative || kvBatch(m, haveGB, needGB) >= 1);
}

function gpuUsableGB(d: Extract<Device, { kind: 'gpu' }>): number {
  return d.accelerator.memoryGB * d.count * E.GPU_MEMORY_USABLE - E.GPU_RUNTIME_RESERVE_GB * d.count;
}

/** Concurrent sequences the memory left after the weights holds (generative models). */
function kvBatch(m: ModelProfile, haveGB: number, needGB: number): number {
  const kvPerSeqGB = (m.kvBytesPerToken * (m.inputTokens + m.outputTokens)) / GB;
  return Math.min(E.LLM_MAX_BATCH, Math.floor((haveGB - needGB) / Math.max(kvPerSeqGB, 1e-9)));
}

function activationGB(m: ModelProfile): number {
  // Activations for a batch of non-generative inputs: small next to weights except for diffusion.
  return m.kind === 'diffusion' ? 4 : Math.min(2, (m.weightsBytes / GB) * 0.2 + 0.2);
}

// ---------------------------------------------------------------------------------------------
// Service times

/** Peak dense FLOP/s the device offers for this precision (weight-only formats compute at fp16). */
export function gpuPeakFlops(acc: Accelerator, m: ModelProfile): number {
  const t = acc.tflops;
  let tf: number;
  switch (m.precision) {
    case 'fp32':
      tf = t.fp32 ?? t.fp16 / 4;
      break;
    case 'fp8':
      tf = t.fp8 ?? t.fp16;
      break;
    case 'int8':
      tf = t.int8 ?? t.fp16;
      break;
    default:
      tf = t.bf16 ?? t.fp16;
  }
  return tf * 1e12;
}

function gpuScale(count: number): number {
  return count === 1 ? 1 : count * E.TENSOR_PARALLEL_EFFICIENCY;
}

/** Fixed time a tensor-parallel step spends in all-reduces between chips (two per layer), seconds.
 * Tensor parallelism inside one chip (Inferentia2's 2 NeuronCores) is part of the chip's own
 * measured step time (its llmStepOverheadS), not counted here. */
function allReduceSeconds(m: ModelProfile, acc: Accelerator, count: number): number {
  return count > 1 && m.arch ? 2 * m.arch.layers * (acc.allReduceS ?? E.TP_ALLREDUCE_S) : 0;
}

export interface LlmTimes {
  prefillS: number;
  /** GPU time a prompt costs once prefills are batched or chunked into decode steps under load:
   * compute only, at a batched efficiency (no weight read of its own). */
  prefillBatchedS: number;
  /** Compute time one decoded token adds to a step once batched (the roofline's compute side). */
  decodeComputeS: number;
  /** Seconds per output token at a given number of concurrent sequences. */
  tpotS: (batch: number) => number;
}

/** LLM step times on `count` of an accelerator under a runtime (an LLM serving engine, or the
 * framework in eager mode); pure in its arguments, so computed once per model profile, device and
 * runtime (a fleet's sizing asks for them at every load it tries). */
export function llmTimesGpu(m: ModelProfile, acc: Accelerator, count: number, runtime: Runtime = 'optimized'): LlmTimes {
  const caches = profileCaches(m);
  const byAcc = runtime === 'optimized' ? (caches.llmTimesGpu ??= new Map()) : (caches.llmTimesGpuEager ??= new Map());
  let byCount = byAcc.get(acc);
  if (!byCount) byAcc.set(acc, (byCount = new Map()));
  let t = byCount.get(count);
  if (!t) byCount.set(count, (t = computeLlmTimesGpu(m, acc, count, runtime)));
  return t;
}

function computeLlmTimesGpu(m: ModelProfile, acc: Accelerator, count: number, runtime: Runtime): LlmTimes {
  const flops = gpuPeakFlops(acc, m) * gpuScale(count);
  const bw = acc.bandwidthGBs * GB * gpuScale(count);
  const mbu = m.precision === 'int4' ? E.LLM_DECODE_MBU_INT4 : (acc.decodeMbu ?? E.LLM_DECODE_MBU);
  // The chip's serving stack may reach a different share of its FLOPs than the NVIDIA-fitted factors
  // (pricing/hardware.json llmComputeEfficiency, llmStepOverheadS, allReduceS; Neuron on Inferentia2).
  const eff = acc.llmComputeEfficiency ?? 1;
  // Eager PyTorch launches every layer's kernels from Python: a cost per layer per forward pass.
  const eager = runtime === 'pytorch' ? (m.arch?.layers ?? 0) * E.LLM_EAGER_LAYER_STEP_S : 0;
  const stepOverhead = (acc.llmStepOverheadS ?? E.LLM_STEP_OVERHEAD_S) + eager;
  const prefillCompute = m.flopsPerRequest / (flops * E.prefillMfu(m.inputTokens) * eff);
  const prefillMemory = m.activeWeightsBytes / (bw * mbu);
  const comm = allReduceSeconds(m, acc, count);
  const prefillS = Math.max(prefillCompute, prefillMemory) + comm + eager;
  const prefillBatchedS = m.flopsPerRequest / (flops * Math.max(E.prefillMfu(m.inputTokens), E.PREFILL_BATCHED_MFU) * eff) + comm + eager;
  const ctx = m.inputTokens + m.outputTokens / 2;
  const decodeFlops = flops * E.LLM_DECODE_MFU * eff;
  return {
    prefillS,
    prefillBatchedS,
    decodeComputeS: (2 * m.activeParams) / decodeFlops,
    tpotS: (batch: number) => {
      const b = Math.max(1, batch);
      const weights = m.stepWeightsBytes ? m.stepWeightsBytes(b) : m.activeWeightsBytes;
      const memory = (weights + b * ctx * m.kvBytesPerToken) / (bw * mbu);
      const compute = (2 * m.activeParams * b) / decodeFlops;
      return Math.max(memory, compute) + comm + stepOverhead;
    },
  };
}

export function llmTimesCpu(m: ModelProfile, cpu: CpuProfile, vcpu: number, runtime: Runtime): LlmTimes {
  const { peak, eff } = cpuPeak(cpu, m, runtime);
  const flops = peak * vcpu * eff * threadScaling(vcpu);
  const bw = cpu.bandwidthGBsPerVcpu * GB * vcpu * 0.7;
  const prefillS = Math.max(m.flopsPerRequest / flops, m.activeWeightsBytes / bw);
  return {
    prefillS,
    prefillBatchedS: prefillS,
    decodeComputeS: Math.max(m.activeWeightsBytes / bw, (2 * m.activeParams) / flops),
    tpotS: () => Math.max(m.activeWeightsBytes / bw, (2 * m.activeParams) / flops),
  };
}

function cpuPeak(cpu: CpuProfile, m: ModelProfile, runtime: Runtime): { peak: number; eff: number } {
  const intPath = m.precision === 'int8' || m.precision === 'int4';
  const effs = E.CPU_EFFICIENCY[runtime];
  return intPath ? { peak: cpu.int8GopsPerVcpu * 1e9, eff: effs.int8 } : { peak: cpu.fp32GflopsPerVcpu * 1e9, eff: effs.float };
}

function threadScaling(threads: number): number {
  return threads <= 1 ? 1 : Math.pow(E.CPU_THREAD_SCALING, Math.log2(threads));
}

/** One non-generative request on `threads` vCPUs, seconds. */
export function cpuServiceSeconds(m: ModelProfile, cpu: CpuProfile, threads: number, runtime: Runtime): number {
  const { peak, eff } = cpuPeak(cpu, m, runtime);
  const flops = peak * threads * eff * threadScaling(threads);
  const compute = m.flopsPerRequest / flops;
  const memory = m.weightsBytes / (cpu.bandwidthGBsPerVcpu * GB * threads);
  let decode = 0;
  if (m.decoder) {
    const d = m.decoder;
    const step = Math.max(d.bytes / (cpu.bandwidthGBsPerVcpu * GB * threads), (2 * d.params * d.beams) / flops) + d.layers * E.SPEECH_DECODE_LAYER_STEP_S.cpu[runtime];
    decode = d.tokens * step;
  }
  return Math.max(compute, memory) + decode + E.CPU_CALL_OVERHEAD_S[runtime];
}

/**
 * A batch of b non-generative requests on the GPU(s), seconds: a fixed cost per call plus the
 * batch's FLOPs at the efficiency an optimized runtime reaches on large batches on this chip
 * (pricing/serving-baselines.json, fitted to NVIDIA's TensorRT BERT tables and MLPerf), so the
 * efficiency per request rises with the batch as the fixed cost is shared. The framework (eager
 * PyTorch) reaches half of it, with a larger fixed cost.
 */
export function gpuBatchSeconds(m: ModelProfile, acc: Accelerator, count: number, b: number, s: Serving): number {
  return batchClock(m, acc, count, s)(b);
}

/** gpuBatchSeconds as a function of the batch size alone: the device's rates are worked out once,
 * for callers that try many batch sizes (the dynamic-batching fixed point, a throughput search). */
export function batchClock(m: ModelProfile, acc: Accelerator, count: number, s: Serving): (b: number) => number {
  const eff = s.batchEfficiency(acc) * s.kindEfficiency * E.GPU_RUNTIME_FACTOR[s.runtime];
  const flops = gpuPeakFlops(acc, m) * gpuScale(count) * eff;
  const bw = acc.bandwidthGBs * GB * gpuScale(count) * E.LLM_DECODE_MBU;
  const overhead = E.GPU_CALL_OVERHEAD_S[s.runtime];
  const weightsS = m.weightsBytes / bw;
  const d = m.decoder;
  if (!d) return (b) => overhead + Math.max((b * m.flopsPerRequest) / flops, weightsS);
  // Speech: the decoder runs once per output token for the whole batch (clips and their beams together).
  const decoderS = d.bytes / bw;
  const layerS = d.layers * E.SPEECH_DECODE_LAYER_STEP_S.gpu[s.runtime];
  return (b) => overhead + Math.max((b * m.flopsPerRequest) / flops, weightsS) + d.tokens * (Math.max(decoderS, (2 * d.params * b * d.beams) / flops) + layerS);
}

// ---------------------------------------------------------------------------------------------
// One replica under load

export interface ReplicaLoad {
  ok: boolean;
  /** Latency at the target percentile, in the target's terms (TTFT or end to end), seconds. */
  latencyS: number;
  /** End-to-end at the percentile (generative: TTFT + output), seconds. */
  e2eS: number;
  /** Busy share of the replica's bottleneck (GPU time or worker time). */
  utilization: number;
  /** Requests in flight per replica (generative) or batch size formed (non-generative GPU). */
  concurrency: number;
  why: string | null;
}

/**
 * Latency of one replica receiving `lambda` requests per second.
 * Generative on GPU: continuous batching; concurrency from Little's law; the GPU is shared between
 * prefills and decode steps, so its busy time per request is prefill + output × TPOT(b) / b, and
 * the wait for the GPU follows an M/M/1 tail at that utilization.
 */
export function replicaLoad(m: ModelProfile, d: Device, f: Fit, lambda: number, w: Workload, s: Serving): ReplicaLoad {
  const q = w.latency.percentile / 100;
  const measuresTtft = m.generative && w.latency.measures === 'ttft';
  if (m.generative) {
    const times = d.kind === 'gpu' ? llmTimesGpu(m, d.accelerator, d.count, s.runtime) : llmTimesCpu(m, d.cpu, d.vcpu, s.runtime);
    const maxBatch = d.kind === 'gpu' ? Math.min(f.maxBatch, s.maxBatch) : 1;
    // Prefills share the GPU with the running batch's decode steps: while the GPU computes
    // prompts, the batch waits, so its time per token stretches by the prefill share of GPU time.
    const prefillShare = d.kind === 'gpu' ? Math.min(0.95, lambda * times.prefillBatchedS) : 0;
    const tpotAt = (batch: number) => times.tpotS(batch) / (1 - prefillShare);
    let b = 1;
    let service = times.prefillS + m.outputTokens * tpotAt(1);
    for (let i = 0; i < 8; i++) {
      const next = Math.min(maxBatch, Math.max(1, lambda * service));
      const converged = Math.abs(next - b) < 0.01 * b;
      b = next;
      service = times.prefillS + m.outputTokens * tpotAt(b);
      if (converged) break;
    }
    const tpot = tpotAt(b);
    if (d.kind === 'cpu') {
      // CPU serves one sequence at a time: an M/M/1 queue on the whole request.
      const u = lambda * service;
      const wait = waitPercentile(1, 1 / service, lambda, q) * E.WAIT_VARIABILITY;
      const ttft = wait + times.prefillS;
      const e2e = ttft + m.outputTokens * tpot;
      return { ok: u < 1, latencyS: measuresTtft ? ttft : e2e, e2eS: e2e, utilization: u, concurrency: 1, why: u >= 1 ? 'cannot keep up with its share of the load' : null };
    }
    // Continuous batching: decode steps are memory-bound, so more sequences in flight cost little
    // until the compute roofline. The GPU's compute is what queues: prefills (batched or chunked
    // under load, so at a batched efficiency) plus the compute share of each decoded token.
    const computePerToken = times.decodeComputeS;
    const busy = times.prefillBatchedS + m.outputTokens * computePerToken;
    const u = lambda * busy;
    const saturated = lambda * service > maxBatch * 0.95;
    const wait = sharedWaitPercentile(u, times.prefillS, q) * E.WAIT_VARIABILITY;
    // The first token comes out of the prefill itself: no decode step is added to it.
    const ttft = wait + times.prefillS;
    const e2e = ttft + m.outputTokens * tpot;
    const slowTokens = tpot > E.MAX_TPOT_SECONDS;
    const why = saturated
      ? `needs more than the ${maxBatch} concurrent sequences its KV cache holds`
      : u >= 1
        ? 'the GPU cannot keep up with its share of the load'
        : slowTokens
          ? `generates only ${(1 / tpot).toFixed(1)} tokens/s per sequence (slower than ${1 / E.MAX_TPOT_SECONDS} tokens/s)`
          : null;
    return { ok: !saturated && u < 1 && !slowTokens, latencyS: measuresTtft ? ttft : e2e, e2eS: e2e, utilization: u, concurrency: b, why };
  }

  if (d.kind === 'gpu') {
    const clock = batchClock(m, d.accelerator, d.count, s);
    if (!s.dynamicBatching) {
      const t1 = clock(1);
      const u = lambda * t1;
      const lat = waitPercentile(1, 1 / t1, lambda, q) * E.WAIT_VARIABILITY + t1;
      return { ok: u < 1, latencyS: lat, e2eS: lat, utilization: u, concurrency: 1, why: u >= 1 ? 'the GPU cannot keep up with its share of the load' : null };
    }
    // Dynamic batching: the server runs batches back to back, each holding what arrived during the
    // previous one (b = λ·t(b)), up to the cap. Utilization is the load over the largest batch's
    // throughput. A request waits for the batch in flight (its residual, at the percentile, when the
    // GPU is busy), then runs in its own batch once: latency = queue + batch window + one batch.
    const cap = Math.max(1, Math.min(f.maxBatch, s.maxBatch));
    const tCap = clock(cap);
    const u = (lambda * tCap) / cap;
    let b = 1;
    let t = clock(1);
    for (let i = 0; i < 12; i++) {
      const next = Math.min(cap, Math.max(1, Math.ceil(lambda * t)));
      if (next === b) break;
      b = next;
      t = clock(b);
    }
    const window = q * t * Math.min(1, lambda * t);
    const queue = sharedWaitPercentile(u, tCap / cap, q) * E.WAIT_VARIABILITY;
    const lat = queue + window + t;
    return { ok: u < 1, latencyS: lat, e2eS: lat, utilization: u, concurrency: b, why: u >= 1 ? 'the GPU cannot keep up with its share of the load' : null };
  }

  // CPU, non-generative: choose threads per worker; workers run in parallel (M/M/c).
  return cpuLayout(m, d.cpu, d.vcpu, lambda, w, s);
}

/** Best split of an instance's vCPUs into workers × threads for this load. */
function cpuLayout(m: ModelProfile, cpu: CpuProfile, vcpu: number, lambda: number, w: Workload, sv: Serving): ReplicaLoad {
  const q = w.latency.percentile / 100;
  let best: ReplicaLoad | null = null;
  for (let threads = 1; threads <= vcpu; threads *= 2) {
    const workers = Math.floor(vcpu / threads);
    const s = cpuServiceSeconds(m, cpu, threads, sv.runtime);
    const u = (lambda * s) / workers;
    const lat = waitPercentile(workers, 1 / s, lambda, q) * E.WAIT_VARIABILITY + s;
    const r: ReplicaLoad = { ok: u < 1, latencyS: lat, e2eS: lat, utilization: u, concurrency: workers, why: u >= 1 ? 'cannot keep up with its share of the load' : null };
    if (!best || (r.ok && (!best.ok || r.latencyS < best.latencyS))) best = r;
  }
  return best!;
}

// ---------------------------------------------------------------------------------------------
// A fleet of replicas

export interface FleetSize {
  ok: boolean;
  /** Replicas needed for the load (before redundancy); when not ok, those needed just to keep up. */
  replicas: number;
  /** When ok, the planned load per replica; when not, the keep-up fleet's own load per replica. */
  load: ReplicaLoad;
  /** Latency with one replica at light load: the floor no amount of scaling goes below. */
  floorS: number;
  why: string | null;
  /** The latency target, not the traffic, set the replica count (more replicas than throughput needs). */
  targetForced: boolean;
}

/** Above this many replicas the walk stops (and says so). */
const MAX_REPLICAS = 2000;

/**
 * Fewest replicas that meet the latency target at `peakRps` with planned utilization ≤ the cap.
 * When the target sits so close to the unloaded latency that meeting it would leave the fleet
 * below MIN_PLANNED_UTILIZATION at peak (and more than one replica), the option is not feasible:
 * the target is too tight for this hardware, and buying idle replicas is not the answer.
 */
export function sizeFleet(m: ModelProfile, d: Device, f: Fit, peakRps: number, w: Workload, s: Serving, unloaded?: ReplicaLoad): FleetSize {
  const target = w.latency.ms / 1000;
  const floor = unloaded ?? unloadedLoad(m, d, f, w, s);
  // Lower bound from throughput, then walk up.
  const probe = replicaLoad(m, d, f, peakRps, w, s);
  const u = probe.utilization > 0 && Number.isFinite(probe.utilization) ? probe.utilization : 0;
  const keepUp = Math.max(1, Math.ceil(u / E.MAX_PLANNED_UTILIZATION));
  const keepUpLoad = (): ReplicaLoad => {
    const l = replicaLoad(m, d, f, peakRps / keepUp, w, s);
    return Number.isFinite(l.latencyS) ? l : { ...l, latencyS: floor.latencyS, e2eS: floor.e2eS };
  };
  if (floor.latencyS > target || !floor.ok) {
    return { ok: false, replicas: keepUp, load: keepUpLoad(), floorS: floor.latencyS, why: floor.why ?? `even unloaded it takes ${fmtMs(floor.latencyS)} (target ${fmtMs(target)})`, targetForced: false };
  }
  const meets = (load: ReplicaLoad) => load.ok && load.latencyS <= target && load.utilization <= E.MAX_PLANNED_UTILIZATION;
  const pq = `p${w.latency.percentile}`;
  const tooTight = (n: number | null, load: ReplicaLoad | null): FleetSize => ({
    ok: false,
    replicas: keepUp,
    load: keepUpLoad(),
    floorS: floor.latencyS,
    why:
      n !== null && load !== null
        ? `target too tight for this hardware (unloaded ${pq} is ${fmtMs(floor.latencyS)}): meeting ${fmtMs(target)} at peak would take ${n} replicas at ${Math.round(load.utilization * 100)}% busy`
        : `target too tight for this hardware (unloaded ${pq} is ${fmtMs(floor.latencyS)}): more than ${MAX_REPLICAS} replicas would be needed`,
    targetForced: n !== null,
  });
  for (let n = Math.max(1, Math.floor(u / E.MAX_PLANNED_UTILIZATION)); n <= MAX_REPLICAS; n = nextReplicas(n)) {
    // One replica carries the whole peak: that is the probe already computed.
    const load = n === 1 ? probe : replicaLoad(m, d, f, peakRps / n, w, s);
    if (meets(load)) {
      const targetForced = n > keepUp;
      // A fleet the target forces to more than twice the replicas the traffic needs, at under
      // MIN_PLANNED_UTILIZATION busy, is an idle fleet bought for a target this hardware is too slow for.
      if (targetForced && n > 2 * keepUp && load.utilization < E.MIN_PLANNED_UTILIZATION) return tooTight(n, load);
      return { ok: true, replicas: n, load, floorS: floor.latencyS, why: null, targetForced };
    }
    // Past twice the keep-up fleet and already under MIN_PLANNED_UTILIZATION busy without meeting
    // the target: more replicas are only less busy, so the answer is "too tight". Find how many
    // would meet it (for the reason) by galloping along the same steps instead of walking them.
    if (n > 2 * keepUp && load.utilization < E.MIN_PLANNED_UTILIZATION) {
      const first = firstMeeting(n, (k) => replicaLoad(m, d, f, peakRps / k, w, s), meets);
      return first ? tooTight(first.n, first.load) : tooTight(null, null);
    }
  }
  return tooTight(null, null);
}

/** One replica's load at (next to) no traffic: the latency floor no fleet goes below. It depends
 * on the device and the sizing inputs, not on the traffic, so callers that size one device at
 * several loads compute it once and pass it to sizeFleet. */
export function unloadedLoad(m: ModelProfile, d: Device, f: Fit, w: Workload, s: Serving): ReplicaLoad {
  return replicaLoad(m, d, f, 1e-9, w, s);
}

/** The replica counts the sizing walk tries: one by one up to 64, then 5% steps. */
function nextReplicas(n: number): number {
  return n < 64 ? n + 1 : Math.ceil(n * 1.05);
}

/**
 * The first count after `from`, on the walk's steps up to MAX_REPLICAS, whose load meets the target
 * (meeting is monotone: more replicas, less load each): doubling the stride, then bisecting.
 */
function firstMeeting(from: number, loadAt: (n: number) => ReplicaLoad, meets: (l: ReplicaLoad) => boolean): { n: number; load: ReplicaLoad } | null {
  const steps: number[] = [];
  for (let n = nextReplicas(from); n <= MAX_REPLICAS; n = nextReplicas(n)) steps.push(n);
  let lo = -1; // index known not to meet (-1: `from` itself)
  let hi = -1;
  let hiLoad: ReplicaLoad | null = null;
  for (let stride = 1; lo + stride < steps.length; stride *= 2) {
    const i = lo + stride;
    const l = loadAt(steps[i]!);
    if (meets(l)) {
      [hi, hiLoad] = [i, l];
      break;
    }
    lo = i;
  }
  if (hi < 0) {
    const last = steps.length - 1;
    if (last <= lo) return null;
    const l = loadAt(steps[last]!);
    if (!meets(l)) return null;
    [hi, hiLoad] = [last, l];
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const l = loadAt(steps[mid]!);
    if (meets(l)) [hi, hiLoad] = [mid, l];
    else lo = mid;
  }
  return { n: steps[hi]!, load: hiLoad! };
}

export function fmtGB(gb: number): string {
  return gb >= 100 ? `${gb.toFixed(0)} GB` : gb >= 10 ? `${gb.toFixed(1)} GB` : gb >= 1 ? `${gb.toFixed(1)} GB` : `${Math.max(1, Math.round(gb * 1000))} MB`;
}

export function fmtMs(s: number): string {
  if (!Number.isFinite(s)) return '∞';
  const ms = s * 1000;
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}
