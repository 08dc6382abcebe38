// What every option builder shares: the evaluation context and the assembly of an Option from its
// sizing and cost components (so the total is always the exact sum of the components).
import type { Catalog, CpuProfile, Accelerator } from '../../catalog/schema.ts';
import type { Option } from '../../report.ts';
import type { Workload } from '../../workload.ts';
import type { Load } from '../load.ts';
import type { ModelProfile } from '../model-profile.ts';
import { cents, total } from '../money.ts';
import { sizeFleet, unloadedLoad, type Device, type Fit, type FleetSize, type ReplicaLoad } from '../capacity.ts';
import type { ReplicaLayout } from './dedicated.ts';
import type { Serving } from '../serving.ts';
import { cachedMap, mapCaches, profileCaches } from '../attached.ts';

/** Fleet sizings already computed in one report: suggestions and break-even re-run the engine on
 * changed workloads, and many options share hardware (g5.xlarge and g5.2xlarge are both one A10G;
 * RunPod and Modal both sell an L40S), so a sizing is computed once per model and target (the
 * sizing key), device and load. */
export type SizingMemo = Map<string, Map<string, DeviceFleets>>;

/** One device's sizings under one sizing key: its unloaded latency (the same at every load) and
 * its fleet at each load sized so far. */
export interface DeviceFleets {
  unloaded: ReplicaLoad | null;
  byRps: Map<number, FleetSize>;
}

/** How the model runs on one compute class: its profile at the precision served there, the serving
 * stack, and this workload's sizings for it. */
export interface Side {
  m: ModelProfile;
  serving: Serving;
  fleets: Map<string, DeviceFleets>;
  /** Shared by every side in the report whose model has the same memory footprint (what `fit`
   * reads): replica layouts are cached on it, so a change of load, target or serving reuses them. */
  fitScope: FitScope;
}

export interface EvalContext {
  w: Workload;
  /** The model as stated (CPU options, APIs and notes use it). */
  m: ModelProfile;
  cpu: Side;
  gpu: Side;
  load: Load;
  catalog: Catalog;
  accelerators: Map<string, Accelerator>;
  cpus: Map<string, CpuProfile>;
  /**
   * Only the cost, feasibility and identity of the options are read (a suggestion's or break-even's
   * re-run): builders skip the explanatory text (sizing, notes, reasons, cost-line names), which is
   * most of their work. A report's own options are never built light.
   */
  light: boolean;
}

/** `text()` unless the context is light (see EvalContext.light). */
export function said(ctx: EvalContext, text: () => string): string {
  return ctx.light ? '' : text();
}

/** The side (profile, serving, sizings) a device belongs to. */
export function sideOf(ctx: EvalContext, d: Device): Side {
  return d.kind === 'gpu' ? ctx.gpu : ctx.cpu;
}

/** `sizeFleet`, memoized on the device, the load and the side's sizing key. */
export function fleetFor(ctx: EvalContext, d: Device, f: Fit, rps: number): FleetSize {
  const side = sideOf(ctx, d);
  const device = deviceKey(d, f);
  let fleets = side.fleets.get(device);
  if (!fleets) side.fleets.set(device, (fleets = { unloaded: null, byRps: new Map() }));
  let s = fleets.byRps.get(rps);
  if (s === undefined) {
    fleets.unloaded ??= unloadedLoad(side.m, d, f, ctx.w, side.serving);
    s = sizeFleet(side.m, d, f, rps, ctx.w, side.serving, fleets.unloaded);
    fleets.byRps.set(rps, s);
  }
  return s;
}

/** A device's key among a sizing's fleets and the caches kept beside them: its accelerator and GPU
 * count with the batch its memory holds, or its CPU and vCPUs. */
export function deviceKey(d: Device, f: Fit): string {
  return d.kind === 'gpu' ? `${d.accelerator.id}×${d.count}/${f.maxBatch}` : `${d.cpu.id}×${d.vcpu}`;
}

/** This workload's sizings in the memo, keyed by the inputs of `sizeFleet` besides device and load:
 * the model profile, the latency target and how it is served. */
export function fleetsOf(memo: SizingMemo, m: ModelProfile, w: Workload, s: Serving): Map<string, DeviceFleets> {
  const key = sizingKeyOf(m, w, s);
  let fleets = memo.get(key);
  if (!fleets) memo.set(key, (fleets = cachedMap()));
  return fleets;
}

/** What depends only on the model's memory footprint: GPU replica layouts per accelerator and
 * count, CPU fits per memory size, the cheapest instance floor that holds the model per set of floors. */
export interface FitScope {
  layouts: Map<Accelerator, Map<number, ReplicaLayout[]>>;
  cpuFits: Map<number, Fit>;
  holding: Map<object, number>;
}

/** The report's FitScope for this model profile (one per memory footprint in the memo). */
export function fitScopeOf(memo: SizingMemo, m: ModelProfile): FitScope {
  const caches = mapCaches(memo);
  const byKey = (caches.fitScopes ??= new Map());
  const key = keysOf(m).fit;
  let scope = byKey.get(key);
  if (!scope) byKey.set(key, (scope = { layouts: new Map(), cpuFits: new Map(), holding: new Map() }));
  return scope;
}

function sizingKeyOf(m: ModelProfile, w: Workload, s: Serving): string {
  return `${keysOf(m).sizing}|${w.latency.percentile},${w.latency.ms},${w.latency.measures},${s.compute},${s.runtime},${s.dynamicBatching},${s.maxBatch},${s.kindEfficiency}`;
}

/** The model's part of the sizing key and its memory footprint (the fit scope's key), written out
 * once per profile: profiles are immutable and shared by a report's re-runs. */
function keysOf(m: ModelProfile): { sizing: string; fit: string } {
  const caches = profileCaches(m);
  return (caches.keys ??= writeKeys(m));
}

function writeKeys(m: ModelProfile): { sizing: string; fit: string } {
  return {
    sizing: [m.kind, m.generative, m.precision, m.params, m.activeParams, m.weightsBytes, m.activeWeightsBytes, m.flopsPerRequest, m.inputTokens, m.outputTokens, m.kvBytesPerToken, m.decoder?.bytes, m.decoder?.layers, m.decoder?.beams, m.arch?.layers].join(','),
    fit: `${m.kind},${m.generative},${m.precision},${m.weightsBytes},${m.inputTokens},${m.outputTokens},${m.kvBytesPerToken}`,
  };
}

/** What a builder knows about an option before `finish` totals it: latencies in seconds, fit apart
 * from latency; `finish` derives the money fields, feasibility and rounding. */
export type OptionDraft = Pick<Option, 'id' | 'name' | 'kind' | 'provider' | 'cloud' | 'compute' | 'hardware' | 'instances' | 'meetsLatency' | 'reasons' | 'components' | 'utilization' | 'sizing' | 'notes'> & {
  fits: boolean;
  latencyS: number | null;
  e2eS: number | null;
  providerNotes?: string[];
  /** The region priced; defaults to the region of the first unit price. */
  region?: string | null;
  /** Built for a re-run that reads only cost and identity (EvalContext.light): no per-1K figure. */
  light?: boolean;
};

export function finish(d: OptionDraft, load: Load): Option {
  const micro = d.fits ? total(d.components) : null;
  const monthlyUsd = micro === null ? null : cents(micro);
  const per1kUsd = d.light || micro === null || load.userRequestsPerMonth <= 0 ? null : round4(micro / 1e6 / (load.userRequestsPerMonth / 1000));
  return {
    id: d.id,
    name: d.name,
    kind: d.kind,
    provider: d.provider,
    cloud: d.cloud,
    compute: d.compute,
    hardware: d.hardware,
    instances: d.instances,
    feasible: d.fits && d.meetsLatency,
    meetsLatency: d.meetsLatency,
    excluded: false,
    reasons: d.reasons,
    latencyMs: d.latencyS === null || !Number.isFinite(d.latencyS) ? null : Math.round(d.latencyS * 10000) / 10,
    e2eLatencyMs: d.e2eS === null || !Number.isFinite(d.e2eS) ? null : Math.round(d.e2eS * 10000) / 10,
    monthlyUsd,
    monthlyMicroUsd: micro,
    per1kUsd,
    components: d.fits ? d.components : [],
    utilization: d.utilization === null ? null : Math.round(d.utilization * 1000) / 1000,
    sizing: d.sizing,
    notes: d.notes,
    providerNotes: d.providerNotes ?? [],
    region: d.region ?? null,
  };
}

export function round4(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(4));
}

export function gpuLabel(acc: Accelerator, count: number): string {
  return `${count}× ${acc.name} (${acc.memoryGB} GB${count > 1 ? ' each' : ''})`;
}

export function latencyReason(ctx: EvalContext, latencyS: number): string {
  const w = ctx.w;
  const what = ctx.m.generative ? (w.latency.measures === 'ttft' ? 'time to first token' : 'end-to-end latency') : 'latency';
  return `p${w.latency.percentile} ${what} ${fmt(latencyS)} misses the ${w.latency.ms} ms target`;
}

export function fmt(s: number): string {
  if (!Number.isFinite(s)) return 'unbounded';
  const ms = s * 1000;
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

/** Serverless and API prices are one region's (or one price everywhere): say so when a region was stated. */
export function listedRegionNote(w: Workload, listed: string | null): string[] {
  if (w.region === null || listed === null || listed === w.region) return [];
  return listed === 'global' ? ['one price in every region the provider serves; the catalog has no regional price for it'] : [`priced at its listed region ${listed}: the catalog has no price for it in ${w.region}`];
}
