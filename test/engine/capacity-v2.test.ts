// Capacity model v2 (issue 12): production serving baselines, the replica as the unit of sizing and
// redundancy, and no idle fleets bought for a target the hardware is too slow for.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contextFor, evaluate, evaluateOptions } from '../../src/core/engine/evaluate.ts';
import { fleetFor } from '../../src/core/engine/options/common.ts';
import { deviceOf, replicaLayouts, sizeDedicated } from '../../src/core/engine/options/dedicated.ts';
import { SERVERLESS_CPU_PROFILE } from '../../src/core/engine/options/serverless-cpu.ts';
import { cpuServiceSeconds, llmTimesGpu, replicaLoad, fit } from '../../src/core/engine/capacity.ts';
import { LLM_EAGER_LAYER_STEP_S, LLM_STEP_OVERHEAD_S } from '../../src/core/engine/efficiency.ts';
import { parseWorkload } from '../../src/core/parse/index.ts';
import type { Option } from '../../src/core/report.ts';
import { SECONDS_PER_MONTH, Workload } from '../../src/core/workload.ts';
import { core, llm7b, parsed, workload } from './helpers.ts';

const models = [
  { name: null, params: 2.2e7, sizeBytes: 8.8e7, precision: 'fp32', kind: 'embedding' },
  { name: null, params: 1.1e8, sizeBytes: 4.4e8, precision: 'fp32', kind: 'encoder' },
  { name: null, params: 2.56e7, sizeBytes: 1.02e8, precision: 'fp32', kind: 'vision' },
  { name: null, params: 7e9, sizeBytes: 14e9, precision: 'fp16', kind: 'llm' },
  { name: null, params: 7e10, sizeBytes: 1.4e11, precision: 'fp16', kind: 'llm' },
] as const;

const arbWorkload = fc
  .record({
    volume: fc.double({ min: 4, max: 10, noNaN: true }),
    p2a: fc.double({ min: 1, max: 4, noNaN: true }),
    model: fc.constantFrom(...models),
    ms: fc.integer({ min: 10, max: 5_000 }),
    pct: fc.constantFrom(90, 95, 99),
  })
  .map((x) => {
    const requestsPerMonth = Math.round(10 ** x.volume);
    return Workload.parse({
      requestsPerMonth,
      peakToAverage: x.p2a,
      peakRps: (requestsPerMonth / SECONDS_PER_MONTH) * x.p2a,
      model: x.model,
      tokens: x.model.kind === 'llm' ? { input: 500, output: 200 } : null,
      latency: { percentile: x.pct, ms: x.ms, measures: x.model.kind === 'llm' ? 'ttft' : 'e2e' },
    });
  });

/** Replicas and replicas per instance, read from a dedicated option's sizing line. */
function replicasOf(o: Option): { replicas: number; perInstance: number } | null {
  const r = /^(\d[\d,]*) replicas? for /.exec(o.sizing);
  if (!r) return null;
  const per = /(\d+) replicas? per instance/.exec(o.sizing);
  return { replicas: Number(r[1]!.replace(/,/g, '')), perInstance: per ? Number(per[1]) : 1 };
}

describe('capacity v2 properties', () => {
  it("a fleet's spare is never more than one replica's worth of instances", () => {
    fc.assert(
      fc.property(arbWorkload, (w) => {
        for (const o of evaluateOptions(w, core).options) {
          if (o.kind !== 'dedicated' || !o.feasible) continue;
          const r = replicasOf(o);
          expect(r, o.sizing).not.toBeNull();
          expect(o.instances - Math.ceil(r!.replicas / r!.perInstance)).toBeLessThanOrEqual(1);
          expect(o.instances).toBe(Math.ceil((r!.replicas + 1) / r!.perInstance));
        }
      }),
      { numRuns: 20 },
    );
  });

  it('no feasible option is planned below 20% busy at peak unless it is the one-replica minimum or the sizing says the target forced it', () => {
    fc.assert(
      fc.property(arbWorkload, (w) => {
        for (const o of evaluateOptions(w, core).options) {
          if (!o.feasible || o.utilization === null || o.utilization >= 0.2 || (o.kind !== 'dedicated' && o.kind !== 'serverless')) continue;
          const one = o.kind === 'dedicated' ? replicasOf(o)?.replicas === 1 : /^1 container at peak/.test(o.sizing);
          const said = /The latency target, not the traffic, sets this count/.test(o.sizing);
          expect(one || said, `${o.id}: ${o.sizing}`).toBe(true);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('a replica uses more GPUs than memory needs only where that lowers its latency', () => {
    fc.assert(
      fc.property(arbWorkload, (w) => {
        const ctx = contextFor(w, { ...core, memo: new Map() });
        for (const inst of core.catalog.dedicated.instances) {
          if (!inst.accelerator || inst.accelerator.count < 2) continue;
          const s = sizeDedicated(inst, ctx);
          if (!s || !s.fits || s.device.kind !== 'gpu' || !s.peak) continue;
          const machine = deviceOf(inst, ctx)!;
          const smallest = replicaLayouts(machine, ctx)[0]!;
          if (smallest.device.kind !== 'gpu' || s.device.count === smallest.device.count) continue;
          const small = fleetFor(ctx, smallest.device, smallest.fit, ctx.load.peakRps);
          expect(!small.ok || s.peak.floorS < small.floorS, `${inst.type}: ${s.device.count} GPUs per replica`).toBe(true);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('every report names its serving baseline', () => {
    fc.assert(
      fc.property(arbWorkload, (w) => {
        const r = evaluate(parsed(w), core);
        expect(r.servingBaseline.label.length).toBeGreaterThan(10);
        expect(r.servingBaseline.source).toMatch(/^https:\/\//);
        expect(r.servingBaseline.compute).toBe(r.compute);
        expect(r.notes.some((n) => n.includes(r.servingBaseline.label))).toBe(true);
      }),
      { numRuns: 10 },
    );
  });
});

describe('capacity v2 examples', () => {
  /** The parsed workload of a text that must parse. */
  const read = (t: string) => {
    const p = parseWorkload(t, { models: core.models });
    if (!p.ok) throw new Error(t);
    return p.value;
  };

  it("the guide example's recommendation carries a spare", () => {
    const r = evaluate(parsed(llm7b(5e6)), core);
    const rec = r.options.find((o) => o.id === r.recommendation.optionId)!;
    expect(rec.instances).toBeGreaterThanOrEqual(2);
    expect(rec.sizing).toMatch(/spare \(N\+1\)/);
  });

  it('always-on serverless GPU fleets carry one spare container; scale-to-zero ones do not', () => {
    const busy = evaluate(parsed(llm7b(5e6)), core).options.find((o) => o.id === 'runpod-l40s')!;
    expect(busy.components.some((c) => /spare/.test(c.name))).toBe(true);
    const sparse = evaluate(parsed(llm7b(2000, { latency: { percentile: 95, ms: 60_000, measures: 'ttft' } })), core).options.find((o) => o.id === 'modal-l40s')!;
    expect(sparse.components.some((c) => /spare/.test(c.name))).toBe(false);
  });

  it('BERT-base at a 1,000 req/s peak, p99 50 ms, needs what published TensorRT figures say: a few T4s, one L4 + spare, one p4d', () => {
    const w = workload({ requestsPerMonth: 1000 * SECONDS_PER_MONTH / 2, model: { name: 'BERT base', knownId: 'bert-base', params: 1.1e8, sizeBytes: 4.4e8, precision: 'fp32', kind: 'encoder' }, latency: { percentile: 99, ms: 50, measures: 'e2e' } });
    const r = evaluate(parsed(w), core);
    const inst = (id: string) => r.options.find((o) => o.id === id)!;
    expect(inst('aws-ec2-g4dn.xlarge').feasible).toBe(true);
    expect(inst('aws-ec2-g4dn.xlarge').instances).toBeLessThanOrEqual(4); // 130 before: fp32, eager, batch 1
    expect(inst('aws-ec2-g6.xlarge').instances).toBeLessThanOrEqual(3); // 15 before
    expect(inst('aws-ec2-p4d.24xlarge').instances).toBe(1); // 8 before: one replica per GPU, the spare is a GPU
    expect(r.servingBaseline.id).toBe('gpu-encoder');
  });

  it('saying fp32, PyTorch and no batching sizes the fleet that way and makes fp16 and batching suggestions', () => {
    const p = parseWorkload('BERT-base 500 rps p99 50ms on GPU, pytorch fp32 no batching', { models: core.models });
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    const w = p.value.workload;
    expect(w.serving).toMatchObject({ runtime: 'pytorch', dynamicBatching: false, maxBatch: 1, precisionStated: true });
    const r = evaluate(p.value, core);
    expect(r.servingBaseline.stated).toBe(true);
    expect(r.servingBaseline.precision).toBe('fp32');
    const ids = r.suggestions.map((s) => s.id);
    expect(ids).toContain('serve-fp16');
    expect(ids).toContain('dynamic-batching');
    const base = evaluate(parsed({ ...w, serving: { ...w.serving, runtime: null, dynamicBatching: null, maxBatch: null, precisionStated: false } }), core);
    const cost = (x: typeof r) => x.options.find((o) => o.id === x.recommendation.optionId)!.monthlyUsd!;
    expect(cost(r)).toBeGreaterThan(cost(base));
  });

  it('serving words are read with provenance: Triton, TEI, vLLM, max batch 16, batch size 1', () => {
    expect(read('BERT-base 500 rps p99 50ms Triton max batch 16').workload.serving).toMatchObject({ runtime: 'optimized', dynamicBatching: true, maxBatch: 16, stack: 'Triton' });
    expect(read('bge-base 200 rps on TEI').workload.serving).toMatchObject({ stack: 'TEI', dynamicBatching: true });
    expect(read('10M req/month llama 3 8b vllm p95 1s').workload.serving).toMatchObject({ stack: 'vLLM', runtime: 'optimized' });
    expect(read('10M req/month llama 3 8b on TGI p95 1s').workload.serving.stack).toBe('TGI');
    const bs1 = read('bert-base 200 rps batch size 1');
    expect(bs1.workload.serving).toMatchObject({ dynamicBatching: false, maxBatch: 1 });
    expect(bs1.provenance.serving?.source).toBe('stated');
    expect(read('bert-base 200 rps, onnx').workload.serving.runtime).toBe('optimized');
    expect(read('bert-base 200 rps in eager pytorch').workload.serving.runtime).toBe('pytorch');
    // Not a serving word: nothing set.
    expect(read('bert-base 200 rps').workload.serving).toMatchObject({ runtime: null, dynamicBatching: null, maxBatch: null, stack: null });
  });

  it('time to first token is the prefill, with no decode step added', () => {
    const w = llm7b(1e4, { latency: { percentile: 95, ms: 5000, measures: 'ttft' } });
    const ctx = contextFor(w, { ...core, memo: new Map() });
    const acc = core.catalog.hardware.accelerators.find((a) => a.id === 'a100-80gb')!;
    const d = { kind: 'gpu' as const, accelerator: acc, count: 1, hostMemoryGB: 64 };
    const light = replicaLoad(ctx.gpu.m, d, fit(ctx.gpu.m, d), 1e-9, w, ctx.gpu.serving);
    expect(light.latencyS).toBeCloseTo(llmTimesGpu(ctx.gpu.m, acc, 1).prefillS, 9);
  });

  it("an accelerator's LLM factors are data: Inferentia2's compute efficiency, step cost and all-reduce come from hardware.json", () => {
    const w = llm7b(1e4);
    const m = contextFor(w, { ...core, memo: new Map() }).gpu.m;
    const inf2 = core.catalog.hardware.accelerators.find((a) => a.id === 'inferentia2')!;
    const eff = inf2.llmComputeEfficiency!;
    const nvidiaLike = { ...inf2, llmComputeEfficiency: undefined, llmStepOverheadS: undefined, allReduceS: undefined };
    // Prefill of a 500-token prompt is compute-bound: it takes 1/efficiency as long.
    expect(llmTimesGpu(m, inf2, 1).prefillS / llmTimesGpu(m, nvidiaLike, 1).prefillS).toBeCloseTo(1 / eff, 6);
    // A decode step carries the chip's own fixed cost, and inter-chip all-reduces cost its own figure.
    expect(llmTimesGpu(m, inf2, 1).tpotS(1) - llmTimesGpu(m, nvidiaLike, 1).tpotS(1)).toBeCloseTo(inf2.llmStepOverheadS! - LLM_STEP_OVERHEAD_S, 9);
    const layers = m.arch!.layers;
    const comm = (a: typeof inf2) => llmTimesGpu(m, a, 4).tpotS(1) - llmTimesGpu(m, { ...a, allReduceS: 0 }, 4).tpotS(1);
    expect(comm(inf2)).toBeCloseTo(2 * layers * inf2.allReduceS!, 9);
    // The guide example's 200 ms TTFT is beyond one chip: its unloaded prefill alone is longer.
    expect(llmTimesGpu(m, inf2, 1).prefillS).toBeGreaterThan(0.2);
  });

  it('a target too tight for the hardware is said so, not bought with idle replicas', () => {
    const w = workload({ requestsPerMonth: 1e8, model: { name: 'BERT base', knownId: 'bert-base', params: 1.1e8, sizeBytes: 4.4e8, precision: 'fp32', kind: 'encoder' }, computeConstraint: 'cpu', latency: { percentile: 95, ms: 100, measures: 'e2e' } });
    const r = evaluate(parsed(w), core);
    const c6i = r.options.find((o) => o.id === 'aws-ec2-c6i.2xlarge')!;
    expect(c6i.feasible).toBe(false);
    expect(c6i.reasons[0]).toMatch(/target too tight for this hardware \(unloaded p95 is [\d.]+ ms\)/);
    expect(c6i.instances).toBeLessThan(20); // the keep-up fleet, not 47 idle replicas
    expect(c6i.latencyMs!).toBeGreaterThan(100);
  });

  it('diffusion cost follows the steps and the resolution stated, and SDXL Turbo is one step at 512²', () => {
    const base = read('SDXL 100k images a month p95 20s');
    const small = read('SDXL 100k images a month, 20 steps, 512x512, p95 20s');
    expect(small.workload.image).toEqual({ steps: 20, width: 512, height: 512 });
    expect(small.provenance.image?.source).toBe('stated');
    const flops = (p: typeof base) => contextFor(p.workload, { ...core, memo: new Map() }).gpu.m.flopsPerRequest;
    expect(flops(small) / flops(base)).toBeCloseTo((20 / 30) * 0.25, 6);
    const turbo = read('SDXL Turbo 100k images a month p95 5s');
    expect(turbo.workload.model.knownId).toBe('sdxl-turbo');
    expect(flops(turbo)).toBeLessThan(flops(base) / 50);
    // Steps mean nothing to an LLM: not read.
    expect(read('5M req/month 7B model p95 200ms, 20 steps').workload.image).toBeNull();
  });

  it("every cloud's serverless CPU profile exists in hardware.json (ACI no longer falls back to Ice Lake)", () => {
    const ids = new Set(core.catalog.hardware.cpus.map((c) => c.id));
    for (const id of Object.values(SERVERLESS_CPU_PROFILE)) expect(ids).toContain(id);
  });

  it('speech: audio per request sets the encoder windows and the tokens decoded', () => {
    const calls = read('whisper-large-v3, 1M requests a month, 5-minute calls, p95 60s');
    expect(calls.workload.audioSeconds).toBe(300);
    expect(calls.provenance.audioSeconds?.source).toBe('stated');
    const clip = read('whisper-large-v3, 1M requests a month, 30 s clips, p95 60s');
    const m = (p: typeof clip) => contextFor(p.workload, { ...core, memo: new Map() }).gpu.m;
    expect(m(calls).flopsPerRequest / m(clip).flopsPerRequest).toBeCloseTo(10, 6);
    expect(m(calls).decoder!.tokens).toBe(1000);
    expect(m(clip).decoder!.tokens).toBe(100);
    // A short clip is padded to one 30-s window but decodes fewer tokens.
    const short = read('whisper-large-v3, 1M requests a month, 10 s clips, p95 60s');
    expect(m(short).flopsPerRequest).toBe(m(clip).flopsPerRequest);
    expect(m(short).decoder!.tokens).toBe(33);
    // Audio length means nothing to an encoder: not read.
    expect(read('bert-base 200 rps, 30 s clips').workload.audioSeconds).toBeNull();
  });

  it('speech: beam size is read, stated or defaulted to faster-whisper\'s 5, and beams cost decoder compute', () => {
    const base = 'whisper-small, 300k requests a month, 30 s clips, p95 30s';
    const cases: [string, number | null][] = [
      [base, null],
      [`${base}, beam 1`, 1],
      [`${base}, beam size 8`, 8],
      [`${base}, beam_size=3`, 3],
      [`${base}, beam search with 4 beams`, 4],
      [`${base}, 2 beams`, 2],
      [`${base}, greedy decoding`, 1],
      [`${base}, greedy`, 1],
    ];
    for (const [t, beams] of cases) expect([t, read(t).workload.serving.beamSize]).toEqual([t, beams]);
    expect(read(base).provenance['serving.beamSize']?.source).toBe('defaulted');
    expect(read(`${base}, beam 8`).provenance['serving.beamSize']?.source).toBe('stated');
    // Only speech models decode with beams: an LLM's text keeps no beam size.
    expect(read('llama 3 8b 1M req/month beam 4').workload.serving.beamSize).toBeNull();
    expect(read('llama 3 8b 1M req/month beam 4').provenance['serving.beamSize']).toBeUndefined();

    const m = (p: ReturnType<typeof read>) => contextFor(p.workload, { ...core, memo: new Map() }).cpu.m;
    expect(m(read(base)).decoder!.beams).toBe(5);
    expect(m(read(`${base}, greedy`)).decoder!.beams).toBe(1);
    // Beams never cost less. A step reads the decoder's weights once for all its beams, so on a
    // Cascade Lake core whisper-small's step stays bound by memory even at 16 beams; where compute
    // binds (a slow core), each beam adds its share.
    const cpu = core.catalog.hardware.cpus.find((c) => c.id === 'cascade-lake')!;
    const slow = { ...cpu, fp32GflopsPerVcpu: 2, int8GopsPerVcpu: 4 };
    const t = (text: string, threads: number, c = cpu) => cpuServiceSeconds(m(read(text)), c, threads, 'optimized');
    for (const threads of [1, 2, 8]) expect(t(`${base}, beam 8`, threads)).toBeGreaterThanOrEqual(t(`${base}, greedy`, threads));
    expect(t(`${base}, beam 16`, 1)).toBeCloseTo(t(`${base}, greedy`, 1), 6);
    expect(t(`${base}, beam 16`, 1, slow)).toBeGreaterThan(t(`${base}, greedy`, 1, slow) * 2);
  });

  it('speech: greedy decoding is suggested only when more than one beam is decoded', () => {
    const ids = (t: string) => {
      const p = parseWorkload(t, { models: core.models });
      if (!p.ok) throw new Error(t);
      return evaluate(p.value, core).suggestions.map((s) => s.id);
    };
    const text = 'whisper-small, 300k requests a month, 30 s clips, p95 30s, CPU only';
    expect(ids(`${text}, beam 16`)).toContain('greedy-decoding');
    expect(ids(`${text}, greedy`)).not.toContain('greedy-decoding');
  });

  it('an LLM stated as served by the framework (eager PyTorch) pays a launch cost per layer per step; an engine is suggested', () => {
    const text = '10M req/month llama 3 8b p95 1s self-hosted';
    const eager = read(`${text} on pytorch`);
    const ctx = contextFor(eager.workload, { ...core, memo: new Map() });
    expect(ctx.gpu.serving.runtime).toBe('pytorch');
    const acc = core.catalog.hardware.accelerators.find((a) => a.id === 'l40s')!;
    const m = ctx.gpu.m;
    const layers = m.arch!.layers;
    expect(layers).toBe(32);
    expect(llmTimesGpu(m, acc, 1, 'pytorch').tpotS(1) - llmTimesGpu(m, acc, 1, 'optimized').tpotS(1)).toBeCloseTo(layers * LLM_EAGER_LAYER_STEP_S, 9);
    expect(llmTimesGpu(m, acc, 1, 'pytorch').prefillS - llmTimesGpu(m, acc, 1).prefillS).toBeCloseTo(layers * LLM_EAGER_LAYER_STEP_S, 9);
    const base = evaluate(read(text), core);
    const slow = evaluate(eager, core);
    const cost = (r: typeof base) => r.options.find((o) => o.id === r.recommendation.optionId)!.monthlyUsd!;
    expect(cost(slow)).toBeGreaterThan(cost(base));
    const engine = slow.suggestions.find((x) => x.id === 'llm-serving-engine');
    expect(engine?.newMonthlyUsd).toBeCloseTo(cost(base), 2);
    expect(base.suggestions.map((x) => x.id)).not.toContain('llm-serving-engine');
    expect(slow.servingBaseline.label).toContain('PyTorch (eager)');
  });

  it('mixture of experts: batch 1 reads the active experts, a loaded step nearly all of them', () => {
    const p = parseWorkload('10M req/month mixtral 8x7b p95 1s', { models: core.models });
    if (!p.ok) throw new Error('mixtral');
    const m = contextFor(p.value.workload, { ...core, memo: new Map() }).gpu.m;
    expect(m.stepWeightsBytes).not.toBeNull();
    expect(m.stepWeightsBytes!(1)).toBeCloseTo(m.activeWeightsBytes, -6);
    expect(m.stepWeightsBytes!(8) / m.weightsBytes).toBeGreaterThan(0.85);
    expect(m.stepWeightsBytes!(256)).toBeLessThanOrEqual(m.weightsBytes * 1.0001);
  });
});

