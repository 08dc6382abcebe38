// Efficiency factors: how much of a chip's datasheet peak real serving achieves. Each is taken from
// published measurements collected in ../shared/research/capacity-model.md; change them here only,
// with the source.

/** Decode reads weights once per step: memory-bandwidth utilization (MBU) of an optimized engine
 * (vLLM ≥0.6, TensorRT-LLM). Measured implied MBU 0.54–0.78 (capacity-model §1.7); we take 0.6. */
export const LLM_DECODE_MBU = 0.6;
/** Weight-only 4-bit (AWQ/GPTQ) dequantizes on the fly: measured MBU 0.35 (FastChat AWQ on A6000), range 0.35–0.6. */
export const LLM_DECODE_MBU_INT4 = 0.45;

/** Prefill model-FLOPs utilization rises with prompt length: TensorRT-LLM LLaMA-7B A100 FP16 TTFT
 * 16 ms @128 tokens (MFU ≈ 0.35) and 133 ms @2,048 (≈ 0.67) (capacity-model §1.7, §2.3). */
export function prefillMfu(promptTokens: number): number {
  const lo = 128;
  const hi = 2048;
  if (promptTokens <= lo) return 0.35;
  if (promptTokens >= hi) return 0.67;
  const f = Math.log(promptTokens / lo) / Math.log(hi / lo);
  return 0.35 + f * (0.67 - 0.35);
}

/** Fixed time per decode step whatever the bytes: kernel launches, norms, sampling, scheduling
 * (~0.5–1.5 ms; peer-capacity §4.3: FP8 halves the weight bytes of an 8B model on H100 but the
 * measured step only drops 1.29×). With it, NeMo's Llama-2-7B batch-1 latencies are met within
 * 0.98–1.08× on A100/H100 at TP1 and TP2 (docs/calibration.md). */
export const LLM_STEP_OVERHEAD_S = 0.0008;

/** An LLM run by the framework in eager mode (Hugging Face Transformers' generate, a plain PyTorch
 * loop) is bound by the CPU launching each layer's kernels one by one: a fixed cost per layer per
 * forward pass, on top of the optimized step. Fitted to the PyTorch team's gpt-fast post
 * (https://pytorch.org/blog/accelerating-generative-ai-2/): LLaMA-7B bf16 at batch 1 on an A100-80GB
 * runs 25.5 tokens/s in eager PyTorch and 107 tokens/s compiled; (39.2 ms − the model's 11.9 ms
 * optimized step) over 32 layers ≈ 0.85 ms. */
export const LLM_EAGER_LAYER_STEP_S = 0.00085;

/** Prefill efficiency once prompts are batched or chunked into decode steps under load (vLLM/TRT-LLM
 * chunked prefill): llm-analysis takes up to 0.7 of peak for inference; TRT-LLM's 2,048-token prefill
 * reaches 0.67. Charging each prompt its batch-1 latency instead under-counted short requests 0.4×
 * against NVIDIA AIConfigurator (peer-capacity §4.5). */
export const PREFILL_BATCHED_MFU = 0.6;

/** Decode turns compute-bound above the roofline pivot batch; compute efficiency there (MFU). */
export const LLM_DECODE_MFU = 0.5;

/** Usable share of GPU memory (vLLM's default gpu_memory_utilization). */
export const GPU_MEMORY_USABLE = 0.9;
/** Per-GPU runtime reserve: CUDA context, activations, CUDA graphs (GB). */
export const GPU_RUNTIME_RESERVE_GB = 1.5;
/** Tensor-parallel scaling of FLOPs and bandwidth per extra GPU (TRT-LLM 70B TP2 vs TP4 tables imply
 * ~0.8–0.9), on top of the fixed all-reduce time below. */
export const TENSOR_PARALLEL_EFFICIENCY = 0.9;
/** One all-reduce of a step's activations under tensor parallelism, seconds (two per layer): ~10–30 µs
 * on NVLink even for small messages (peer-capacity §4.4). With it, Llama-2-7B at TP2 is 1.4× faster
 * than TP1, against NeMo's measured 1.36× (234 → 171.7 ms, 128 in / 20 out, A100). */
export const TP_ALLREDUCE_S = 25e-6;
/** Largest continuous batch we plan for on one replica (vLLM default max_num_seqs is 256). */
export const LLM_MAX_BATCH = 256;
/** Slowest acceptable generation: MLPerf's conversational Llama-3.1-8B bound is 100 ms per output token. */
export const MAX_TPOT_SECONDS = 0.1;

/** Non-generative models on GPU: the framework in eager mode reaches about half of what an optimized
 * runtime does on the same batch (Triton: a TensorRT FP16 model doubled throughput and halved latency;
 * capacity-model §4). The optimized runtime's efficiency per accelerator is data
 * (pricing/serving-baselines.json `accelerators`). */
export const GPU_RUNTIME_FACTOR = { pytorch: 0.5, optimized: 1 } as const;
/** Fixed cost per call on GPU (launches, copies, pre/post-processing), seconds. Optimized: the
 * intercept of NVIDIA's TensorRT BERT-base tables (T4 0.9 ms, A100 0.56 ms: t(b) = c + b × marginal);
 * eager PyTorch: ~4 ms of Python and launch overhead per call. */
export const GPU_CALL_OVERHEAD_S = { pytorch: 0.004, optimized: 0.0008 } as const;
/** Memory never limits a non-generative batch here: the serving's batch cap does (serving.ts). */
export const GPU_MAX_DYNAMIC_BATCH = 4096;

/** CPU inference: share of per-vCPU peak (a vCPU is half a physical core's FMA units). Calibrated on
 * HF's c6i measurement (capacity-model §2.5): DistilBERT at 128 tokens (≈11 GFLOPs) on 2 cores (4 vCPU)
 * runs 18 req/s in vanilla PyTorch (≈0.45 of fp32 peak) and 55 req/s optimized with INT8 (≈0.34 of
 * int8 peak); ResNet-50 INT8 vs FP32 on one core: 2.79× (Paddle). Values are per thread, before
 * CPU_THREAD_SCALING. */
export const CPU_EFFICIENCY = {
  pytorch: { float: 0.5, int8: 0.3 },
  optimized: { float: 0.65, int8: 0.4 },
} as const;
/** Framework overhead per request on CPU (tokenization, pre/post-processing), seconds. */
export const CPU_CALL_OVERHEAD_S = { pytorch: 0.003, optimized: 0.0015 } as const;
/** Multi-threading one request over t threads: efficiency per doubling of threads. */
export const CPU_THREAD_SCALING = 0.92;
/** Process + runtime memory on a CPU host or function beside the weights (GB), and activation headroom. */
export const CPU_RUNTIME_RESERVE_GB = 0.5;
export const CPU_WEIGHT_HEADROOM = 1.2;

/** Highest fleet utilization we plan at peak: leaves room for bursts inside the peak hour
 * (AWS SageMaker load-test guide starts at a 0.5 safety factor; we size by queueing instead and cap here). */
export const MAX_PLANNED_UTILIZATION = 0.85;
/** Lowest utilization at peak we plan when the latency target (not the traffic) sets the replica
 * count: below it the target is too tight for the hardware, and the option says so instead. MLPerf
 * servers run at 0.68–0.95 of their offline throughput within the p99 bound (capacity-model §2.2). */
export const MIN_PLANNED_UTILIZATION = 0.2;

/** Structured pruning (block movement pruning on BERT-base): 2.4× faster, 74% smaller, ~1 F1 point. */
export const PRUNING_SPEEDUP = 2.4;
export const PRUNING_SIZE_FACTOR = 0.26;

/** Inference service times vary far less than exponential ones: the Allen–Cunneen approximation scales
 * M/M/c waits by (c_a² + c_s²)/2; Poisson arrivals (c_a² = 1) and service with c_s² ≈ 0.2 give 0.6. */
export const WAIT_VARIABILITY = 0.6;

/** Speech decoding (Whisper): a fixed cost per decoder layer per generated token, on top of reading
 * the decoder's weights once per step and computing each beam. Fitted to faster-whisper's published
 * long-form timings: large-v3 fp16 beam 1 on an A100, 9 min 23 s for 150 min of audio (≈ 1.9 s per
 * 30-s clip, insanely-fast-whisper's README); whisper-small beam 5 on 8 Xeon threads, fp32 2 min 44 s
 * and int8 2 min 4 s for 13 min (≈ 6.3 / 4.8 s per clip; the int8 figure is predicted within 2% from
 * the fp32 fit), and openai/whisper fp32 beam 5, 10 min 31 s (≈ 24 s per clip) for the framework
 * (faster-whisper README). The GPU framework value scales the optimized one by the same 5.3× the CPU
 * figures show. No published pair measures one setup at two beam sizes: the step's cost per beam is
 * its compute only (whisper.cpp 1.5.0: "on modern NVIDIA hardware, the performance with 5 beams is
 * the same as 1 beam"), so the per-layer cost fitted on CPU at beam 5 is taken to hold at beam 1. */
export const SPEECH_DECODE_LAYER_STEP_S = {
  gpu: { optimized: 0.00054, pytorch: 0.0029 },
  cpu: { optimized: 0.0034, pytorch: 0.018 },
} as const;
