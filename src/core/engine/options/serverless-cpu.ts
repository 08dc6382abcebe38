// CPU serverless platforms (Lambda, SageMaker Serverless, Cloud Run, Azure Container Instances):
// each request runs alone on an instance sized by memory (or vCPU + memory); billed per request and
// per resource-second. The size is the cheapest one that meets the target; cold starts decide the tail.
import { profileCaches } from '../attached.ts';
import type { CpuProfile, Gateway, ServerlessCpu } from '../../catalog/schema.ts';
import type { ModelProfile } from '../model-profile.ts';
import type { Serving } from '../serving.ts';
import type { CostComponent, Option } from '../../report.ts';
import { cpuServiceSeconds, fit, llmTimesCpu, type Device } from '../capacity.ts';
import { CPU_RUNTIME_RESERVE_GB, CPU_WEIGHT_HEADROOM } from '../efficiency.ts';
import type { Load } from '../load.ts';
import { creditLine, line, MICRO_PER_USD, tieredLine, tieredUsd } from '../money.ts';
import { listedRegionNote, type EvalContext, finish, fmt, latencyReason, said } from './common.ts';
import { fmtNum } from './dedicated.ts';

/** How long an idle instance stays warm before the platform reclaims it (seconds; Lambda ~5–15 min). */
const KEEP_WARM_S = 600;
/** Effective read speed when a cold instance loads the weights from its image or storage (GB/s). */
const COLD_LOAD_GBPS = 0.5;

export interface Shape {
  memoryGB: number;
  vcpu: number;
  serviceS: number;
  billedS: number;
}

export function serverlessCpuOption(p: ServerlessCpu, ctx: EvalContext, gateway: Gateway | null, load: Load = ctx.load): Option {
  const m = ctx.m;
  const w = ctx.w;
  const cpu = ctx.cpus.get(p.id.startsWith('aws-lambda') ? (p.id.includes('arm') ? 'lambda-arm' : 'lambda-x86') : '') ?? pickCpu(p, ctx);
  const base = {
    id: p.id,
    name: gateway && gateway.perRequest ? `${p.name} + ${gateway.name}` : p.name,
    kind: 'serverless' as const,
    provider: p.cloud,
    cloud: p.cloud,
    compute: 'cpu' as const,
    region: (p.perRequest ?? p.perGbSecond ?? p.perVcpuSecond)?.region ?? null,
    notes: listedRegionNote(w, (p.perRequest ?? p.perGbSecond ?? p.perVcpuSecond)?.region ?? null),
    providerNotes: [...p.notes],
    light: ctx.light,
  };
  const needGB = memoryNeedGB(m);
  const weightsGB = m.weightsBytes / 1e9;
  const fail = (reason: () => string, hardware = said(ctx, () => `up to ${p.memoryGB.max} GB, ${p.maxVcpu} vCPU`)): Option =>
    finish({ ...base, hardware, instances: 0, fits: false, meetsLatency: false, reasons: ctx.light ? [] : [reason()], latencyS: null, e2eS: null, components: [], utilization: null, sizing: 'The model does not fit.' }, load);
  if (!cpu) return fail(() => 'no CPU profile in the catalog for this platform');
  if (needGB > p.memoryGB.max) {
    return fail(() => `${weightsGB.toFixed(1)} GB of ${m.precision} weights need about ${needGB.toFixed(1)} GB of memory; ${p.name} allows at most ${p.memoryGB.max} GB`);
  }
  if (weightsGB > p.maxImageGB) return fail(() => `${weightsGB.toFixed(1)} GB of weights exceed ${p.name}'s ${p.maxImageGB} GB image limit`);

  const shapes = shapesOf(p, cpu, m, ctx.cpu.serving.runtime);
  if (shapes.length === 0) return fail(() => `no size of ${p.name} holds the model`);

  const target = w.latency.ms / 1000;
  const cold = coldStart(p, weightsGB, load, shapes[0]!.serviceS);
  const q = w.latency.percentile / 100;
  const tailIsCold = cold.fraction > 1 - q;
  const latencyOf = (s: Shape) => {
    const ttft = m.generative ? s.serviceS * (m.inputTokens > 0 ? prefillShare(ctx) : 1) : s.serviceS;
    const lat = m.generative && w.latency.measures === 'ttft' ? ttft : s.serviceS;
    return tailIsCold ? lat + cold.seconds : lat;
  };
  const timeout = Math.min(p.maxTimeoutSeconds, gateway?.timeoutSeconds ?? Infinity);
  const priced = shapes
    .filter((s) => s.serviceS <= timeout)
    .map((s) => ({ s, micro: costMicroOf(p, gateway, s, load), latency: latencyOf(s) }));
  if (priced.length === 0) return fail(() => `one request takes ${fmt(shapes[shapes.length - 1]!.serviceS)}, past the ${timeout} s timeout`);
  const meeting = priced.filter((x) => x.latency <= target);
  const pick = (meeting.length > 0 ? meeting : priced).reduce((a, b) => (b.micro < a.micro || (meeting.length === 0 && b.latency < a.latency) ? b : a));
  const s = pick.s;
  const concurrency = load.peakRps * s.serviceS;
  const notes = base.notes;
  if (!ctx.light) {
    notes.push(`about ${(cold.fraction * 100).toFixed(cold.fraction < 0.01 ? 2 : 1)}% of requests start cold (+${fmt(cold.seconds)}: ${cold.why})`);
    if (concurrency > 900) notes.push(`${Math.ceil(concurrency)} concurrent executions at peak: raise the account's concurrency quota`);
  }
  const hardware = said(ctx, () => (p.billing === 'memory' ? `${fmtNum(s.memoryGB * 1024)} MB (${s.vcpu.toFixed(1)} vCPU)` : `${s.vcpu} vCPU, ${s.memoryGB} GiB, 1 request per instance`));
  const sizing = said(ctx, () => `${fmt(s.serviceS)} per request, billed ${fmt(s.billedS)}; ${fmtNum(concurrency, concurrency < 1 ? 2 : 1)} requests in flight at peak, each on its own instance.`);
  const meets = pick.latency <= target;
  return finish(
    {
      ...base,
      hardware,
      instances: 0,
      fits: true,
      meetsLatency: meets,
      reasons: meets || ctx.light ? [] : [latencyReason(ctx, pick.latency) + (tailIsCold ? ` (cold starts reach the p${w.latency.percentile})` : '')],
      latencyS: pick.latency,
      e2eS: s.serviceS + (tailIsCold ? cold.seconds : 0),
      components: costOf(p, gateway, s, load, !ctx.light),
      utilization: null,
      sizing,
      notes,
    },
    load,
  );
}

/** Memory a function needs to hold the model: its weights with headroom, plus the runtime. */
function memoryNeedGB(m: ModelProfile): number {
  return (m.weightsBytes / 1e9) * CPU_WEIGHT_HEADROOM + CPU_RUNTIME_RESERVE_GB;
}

/** Candidate sizes that hold the model, from the smallest up to the maximum, with one request's
 * time on each. They depend on the platform, its CPU, the model and the runtime only, so a report's
 * re-runs that keep the model (a changed volume, target or purchase) reuse them. */
function shapesOf(p: ServerlessCpu, cpu: CpuProfile, m: ModelProfile, runtime: Serving['runtime']): Shape[] {
  const caches = profileCaches(m);
  const byPlatform = (caches.serverlessCpuShapes ??= new Map());
  let byRuntime = byPlatform.get(p);
  if (!byRuntime) byPlatform.set(p, (byRuntime = new Map()));
  const key = `${cpu.id}|${runtime}`;
  let shapes = byRuntime.get(key);
  if (shapes) return shapes;
  shapes = [];
  // One request's time on `threads` whole vCPUs (several sizes share a thread count).
  const perThreads = new Map<number, number>();
  const requestSeconds = (threads: number): number => {
    let t = perThreads.get(threads);
    if (t === undefined) {
      if (m.generative) {
        const times = llmTimesCpu(m, cpu, threads, runtime);
        t = times.prefillS + m.outputTokens * times.tpotS(1);
      } else t = cpuServiceSeconds(m, cpu, threads, runtime);
      perThreads.set(threads, t);
    }
    return t;
  };
  for (const [memoryGB, vcpu] of shapesFor(p, memoryNeedGB(m))) {
    const device: Device = { kind: 'cpu', cpu, vcpu: Math.max(1, Math.floor(vcpu)), memoryGB };
    if (!fit(m, device).ok) continue;
    const threads = Math.max(1, Math.floor(vcpu));
    const share = Math.min(1, vcpu); // below one vCPU the function gets a share of one
    const serviceS = requestSeconds(threads) / share;
    const g = p.granularityMs / 1000;
    shapes.push({ memoryGB, vcpu, serviceS, billedS: Math.ceil(serviceS / g - 1e-9) * g });
  }
  byRuntime.set(key, shapes);
  return shapes;
}

function prefillShare(ctx: EvalContext): number {
  const m = ctx.m;
  const prefill = m.flopsPerRequest;
  const decode = 2 * m.activeParams * m.outputTokens;
  return prefill / (prefill + decode);
}

/** total(costOf(…)) without building the lines: the sizes compared to choose one need only their
 * amounts. Each term is rounded as `line`, `creditLine` and `tieredLine` round it, so the sum is the
 * same integer (test/engine: checked against costOf for every platform). */
export function costMicroOf(p: ServerlessCpu, gateway: Gateway | null, s: Shape, load: Load): number {
  const R = load.requestsPerMonth;
  const free = p.freeTier;
  const term = (quantity: number, unitUsd: number) => Math.round(quantity * unitUsd * MICRO_PER_USD);
  let sum = 0;
  if (p.perRequest) {
    const unitUsd = p.perRequest.usd / unitDivisor(p.perRequest.unit);
    sum += term(R, unitUsd);
    if (free && free.requests > 0) sum -= term(Math.min(R, free.requests), unitUsd);
  }
  if (p.billing === 'memory' && p.perGbSecond) {
    const gbs = R * s.billedS * s.memoryGB;
    sum += term(gbs, p.perGbSecond.usd);
    if (free && free.gbSeconds > 0) sum -= term(Math.min(gbs, free.gbSeconds), p.perGbSecond.usd);
  } else {
    if (p.perVcpuSecond) {
      const vs = R * s.billedS * s.vcpu;
      sum += term(vs, p.perVcpuSecond.usd);
      if (free && free.vcpuSeconds > 0) sum -= term(Math.min(vs, free.vcpuSeconds), p.perVcpuSecond.usd);
    }
    if (p.perGibSecond) {
      const gs = R * s.billedS * s.memoryGB;
      sum += term(gs, p.perGibSecond.usd);
      if (free && free.gibSeconds > 0) sum -= term(Math.min(gs, free.gibSeconds), p.perGibSecond.usd);
    }
  }
  if (gateway?.perRequest) sum += Math.round(tieredUsd(R / 1e6, gateway.perRequest) * MICRO_PER_USD);
  return sum;
}

/** The month's cost lines for one size. `named`: label the lines (only the chosen size's are shown;
 * the sizes compared to choose it need only their amounts). */
export function costOf(p: ServerlessCpu, gateway: Gateway | null, s: Shape, load: Load, named: boolean): CostComponent[] {
  const R = load.requestsPerMonth;
  const label = (f: () => string) => (named ? f() : '');
  const out: CostComponent[] = [];
  const free = p.freeTier;
  if (p.perRequest) {
    out.push(line(label(() => `${p.name} requests`), R, 'request', p.perRequest, p.perRequest.usd / unitDivisor(p.perRequest.unit)));
    if (free && free.requests > 0) out.push(creditLine(label(() => `${p.name} free requests`), Math.min(R, free.requests), 'request', p.perRequest, p.perRequest.usd / unitDivisor(p.perRequest.unit)));
  }
  if (p.billing === 'memory' && p.perGbSecond) {
    const gbs = R * s.billedS * s.memoryGB;
    out.push(line(label(() => `${p.name} compute (${fmtNum(s.memoryGB * 1024)} MB × ${fmt(s.billedS)})`), gbs, 'GB-second', p.perGbSecond));
    if (free && free.gbSeconds > 0) out.push(creditLine(label(() => `${p.name} free GB-seconds`), Math.min(gbs, free.gbSeconds), 'GB-second', p.perGbSecond));
  } else {
    if (p.perVcpuSecond) {
      const vs = R * s.billedS * s.vcpu;
      out.push(line(label(() => `${p.name} vCPU time (${s.vcpu} vCPU × ${fmt(s.billedS)})`), vs, 'vCPU-second', p.perVcpuSecond));
      if (free && free.vcpuSeconds > 0) out.push(creditLine(label(() => `${p.name} free vCPU-seconds`), Math.min(vs, free.vcpuSeconds), 'vCPU-second', p.perVcpuSecond));
    }
    if (p.perGibSecond) {
      const gs = R * s.billedS * s.memoryGB;
      out.push(line(label(() => `${p.name} memory (${s.memoryGB} GiB × ${fmt(s.billedS)})`), gs, 'GiB-second', p.perGibSecond));
      if (free && free.gibSeconds > 0) out.push(creditLine(label(() => `${p.name} free GiB-seconds`), Math.min(gs, free.gibSeconds), 'GiB-second', p.perGibSecond));
    }
  }
  if (gateway?.perRequest) out.push(tieredLine(label(() => `${gateway.name} requests`), R, '1M requests', gateway.perRequest, 1e6));
  return out;
}

/** "1M requests" → 1e6; "request" → 1. */
export function unitDivisor(unit: string): number {
  let d = divisors.get(unit);
  if (d === undefined) {
    const m = /^\s*([\d.]+)\s*([KMB])?\b/i.exec(unit);
    d = m ? Number(m[1]) * ({ K: 1e3, M: 1e6, B: 1e9 }[(m[2] ?? '').toUpperCase() as 'K' | 'M' | 'B'] ?? 1) : 1;
    divisors.set(unit, d);
  }
  return d;
}

const divisors = new Map<string, number>();

/** Sizes to try, as [memory GB, vCPU]: memory-billed platforms scale vCPU with memory; container
 * platforms take 1–8 vCPU with the least memory that holds the model (at least 0.5 GiB per vCPU,
 * Cloud Run's minimum for 4+ vCPU). */
function shapesFor(p: ServerlessCpu, needGB: number): [number, number][] {
  const step = p.memoryGB.step;
  const least = Math.max(p.memoryGB.min, Math.ceil(needGB / step - 1e-9) * step);
  if (p.billing === 'memory') {
    const points = [least, 1, 1.5, 1.769, 2, 3, 3.538, 4, 5, 6, 7.076, 8, 10.24].filter((g) => g >= least - 1e-9 && g <= p.memoryGB.max + 1e-9);
    return [...new Set(points)].sort((a, b) => a - b).map((g) => [g, Math.min(p.maxVcpu, g / (p.gbPerVcpu ?? 1.769))]);
  }
  const out: [number, number][] = [];
  for (const vcpu of [1, 2, 4, 8]) {
    if (vcpu > p.maxVcpu) break;
    const memoryGB = Math.max(least, Math.ceil((vcpu * 0.5) / step - 1e-9) * step);
    if (memoryGB <= p.memoryGB.max + 1e-9) out.push([memoryGB, vcpu]);
  }
  return out;
}

/** The CPU profile (hardware.json) each cloud's serverless CPUs are sized on. Azure Container
 * Instances states no CPU: the generic AVX2 profile, not the first in the catalog (Ice Lake with
 * AVX-512 made ACI 2.4× too fast, advice-audit F6). */
export const SERVERLESS_CPU_PROFILE = { gcp: 'cloud-run-cpu', azure: 'generic-x86', aws: 'lambda-x86' } as const;

function pickCpu(p: ServerlessCpu, ctx: EvalContext) {
  return ctx.cpus.get(SERVERLESS_CPU_PROFILE[p.cloud]) ?? ctx.cpus.values().next().value ?? null;
}

/** Share of requests that find no warm instance, and how long they wait. */
export function coldStart(p: { coldStartSeconds: { typical: number } }, weightsGB: number, load: Load, serviceS: number, keepWarmS = KEEP_WARM_S) {
  const seconds = p.coldStartSeconds.typical + weightsGB / COLD_LOAD_GBPS;
  const perDay = load.avgRps * 86_400;
  if (perDay <= 0) return { fraction: 1, seconds, why: 'no traffic keeps an instance warm' };
  // No request within the keep-warm window → the next one starts cold; ramps to peak add instances
  // twice a day; platforms recycle environments every few hours (assumed 2 h).
  const idle = Math.exp(-load.avgRps * keepWarmS);
  const peakConc = Math.ceil(load.peakRps * serviceS);
  const avgConc = Math.max(1, Math.ceil(load.avgRps * serviceS));
  const starts = idle * perDay + 2 * peakConc + 12 * avgConc;
  const fraction = Math.min(1, starts / perDay);
  return { fraction, seconds, why: `platform start ${fmt(p.coldStartSeconds.typical)} + loading ${weightsGB.toFixed(2)} GB of weights` };
}
