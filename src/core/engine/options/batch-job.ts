// Batch jobs priced as jobs: a run of N items must finish within its window, so a self-hosted job
// buys instance-hours for the run (plus start-up), not a month of instances. Throughput per replica
// comes from the capacity model (replicaLoad) with the items batched as an offline job does; the
// fleet is the fewest instances that finish inside the window. Spot is the default when the window
// leaves room to run the job again after an interruption. SageMaker Batch Transform is the managed
// variant on AWS (ml.* instance rates, no spot).
import { mapCaches } from '../attached.ts';
import { termsFor, type Instance } from '../../catalog/schema.ts';
import type { CostComponent, Option } from '../../report.ts';
import { replicaLoad, type Device, type Fit } from '../capacity.ts';
import { MAX_PLANNED_UTILIZATION } from '../efficiency.ts';
import { line } from '../money.ts';
import type { Serving } from '../serving.ts';
import { type EvalContext, type Side, deviceKey, finish, fmt, said, sideOf } from './common.ts';
import { deviceOf, fmtNum, hardwareLabel, pct, priceFor, replicaLayouts, unitPrice, vmOptionId } from './dedicated.ts';

/** Seconds from asking for an instance to its container starting: an EC2/GCE/Azure GPU or CPU VM
 * boots and pulls a serving image in a few minutes (an estimate; not a published figure). */
export const VM_BOOT_SECONDS = 180;
/** SageMaker Batch Transform provisions its instances before the job starts (an estimate). */
export const BATCH_TRANSFORM_START_SECONDS = 360;
/** Weights read from object storage onto the instance at start-up (GB/s; as serverless-cpu's cold load). */
const LOAD_GBPS = 0.5;
/** The most instances one job run may use. */
const MAX_JOB_INSTANCES = 500;

export interface JobSizing {
  /** Items per second one replica finishes, offline. */
  perReplicaRps: number;
  /** Per-item latency at that throughput, seconds. */
  itemLatencyS: number;
  startupS: number;
  instances: number;
  /** Hours one run takes on `instances`, start-up included. */
  runHours: number;
  spot: boolean;
}

/** How an offline job serves the model: the side's serving stack with items batched (a job always
 * fills its batches). */
function offline(side: Side): Serving {
  return { ...side.serving, dynamicBatching: true };
}

/** The most items per second one replica finishes within the per-item latency target. Found once per
 * sizing (kept on the side's fleets map, one per model, target and serving) and device: suggestions
 * re-run the engine many times on the same hardware. */
export function jobThroughput(ctx: EvalContext, device: Device, f: Fit): { rps: number; latencyS: number } {
  const side = sideOf(ctx, device);
  const caches = mapCaches(side.fleets);
  const memo = (caches.jobThroughput ??= new Map());
  const key = deviceKey(device, f);
  let found = memo.get(key);
  if (!found) memo.set(key, (found = searchThroughput(ctx, side, device, f)));
  return found;
}

/** Items per second one instance finishes offline: its best replica layout (replicas per instance × each one's throughput). */
export function jobInstanceThroughput(inst: Instance, ctx: EvalContext): { rps: number; latencyS: number } | null {
  const machine = deviceOf(inst, ctx);
  if (!machine) return null;
  let best: { rps: number; latencyS: number } | null = null;
  for (const l of replicaLayouts(machine, ctx)) {
    if (!l.fit.ok) continue;
    const t = jobThroughput(ctx, l.device, l.fit);
    const rps = t.rps * l.perInstance;
    if (!best || rps > best.rps) best = { rps, latencyS: t.latencyS };
  }
  return best;
}

function searchThroughput(ctx: EvalContext, side: Side, device: Device, f: Fit): { rps: number; latencyS: number } {
  const w = ctx.w;
  const serving = offline(side);
  const target = w.latency.ms / 1000;
  const ok = (rps: number) => {
    const r = replicaLoad(side.m, device, f, rps, w, serving);
    return r.ok && r.latencyS <= target && r.utilization <= MAX_PLANNED_UTILIZATION;
  };
  if (!ok(1e-6)) return { rps: 0, latencyS: Infinity };
  let lo = 1e-6;
  let hi = 1;
  while (ok(hi) && hi < 1e7) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 40 && hi - lo > lo * 0.002; i++) {
    const mid = (lo + hi) / 2;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return { rps: lo, latencyS: replicaLoad(side.m, device, f, lo, w, serving).latencyS };
}

export function sizeJob(ctx: EvalContext, perReplicaRps: number, startupS: number, spotAllowed: boolean): JobSizing | null {
  const job = ctx.w.job;
  if (!job || perReplicaRps <= 0) return null;
  const windowS = job.windowHours * 3600;
  const items = job.itemsPerRun * (1 - ctx.w.cacheHitRate);
  const need = (budgetS: number) => (budgetS > 0 ? Math.max(1, Math.ceil(items / (perReplicaRps * budgetS))) : Infinity);
  // Spot when a run fits in half the window, so an interrupted run can start again and still finish.
  const spotN = spotAllowed ? need(windowS / 2 - startupS) : Infinity;
  const onDemandN = need(windowS - startupS);
  const spot = spotN <= MAX_JOB_INSTANCES;
  const instances = spot ? spotN : onDemandN;
  if (!Number.isFinite(instances) || instances > MAX_JOB_INSTANCES) return null;
  const runHours = (items / (perReplicaRps * instances) + startupS) / 3600;
  return { perReplicaRps, itemLatencyS: 0, startupS, instances, runHours, spot };
}

export function batchJobOption(inst: Instance, variant: 'vm' | 'batch-transform', ctx: EvalContext): Option | null {
  const w = ctx.w;
  const job = w.job;
  if (!job) return null;
  // The family's own spot and commitment terms where the catalog has them (GCP G2 spot is 45% off, not the cloud's 70%).
  const cloudTerms = ctx.catalog.dedicated.terms.find((t) => t.cloud === inst.cloud);
  if (!cloudTerms) return null;
  const terms = termsFor(cloudTerms, inst.type);
  if (variant === 'batch-transform' && inst.cloud !== 'aws') return null;
  const device = deviceOf(inst, ctx);
  if (!device) return null;
  const t = jobInstanceThroughput(inst, ctx);
  if (!t) return null;
  const where = priceFor(inst, ctx);
  const unit = unitPrice(inst, variant === 'vm' ? 'vm' : 'managed', terms, where);
  if (!unit) return null;
  const spotOnly = inst.purchase === 'spot-or-flex-only';
  const spotAllowed = variant === 'vm' && job.spot;
  if (spotOnly && !spotAllowed) return null;
  const startupS = (variant === 'vm' ? VM_BOOT_SECONDS : BATCH_TRANSFORM_START_SECONDS) + sideOf(ctx, device).m.weightsBytes / 1e9 / LOAD_GBPS;
  const s = sizeJob(ctx, t.rps, startupS, spotAllowed);
  const vmId = vmOptionId(inst);
  const id = variant === 'vm' ? `job-${vmId}` : `job-aws-sagemaker-batch-${inst.type.toLowerCase()}`;
  const name = variant === 'vm' ? `${inst.type} batch job${s?.spot ? ' (spot)' : ''}` : `SageMaker Batch Transform ${unit.typeName}`;
  const base = {
    id,
    name,
    kind: 'job' as const,
    provider: inst.cloud,
    cloud: inst.cloud,
    compute: (inst.accelerator ? 'gpu' : 'cpu') as 'gpu' | 'cpu',
    hardware: said(ctx, () => hardwareLabel(inst, device)),
    region: where.region,
    providerNotes: [] as string[],
    light: ctx.light,
  };
  if (!s) {
    const why = t.rps <= 0 ? 'cannot process an item within the per-item latency target' : `more than ${MAX_JOB_INSTANCES} instances would be needed to finish a run within ${job.windowHours} h`;
    return finish({ ...base, instances: 0, fits: true, meetsLatency: false, reasons: ctx.light ? [] : [why], latencyS: null, e2eS: null, components: [], utilization: null, sizing: 'Cannot finish inside the window.', notes: [] }, ctx.load);
  }
  const hoursPerMonth = s.instances * s.runHours * job.runsPerMonth;
  const components: CostComponent[] = [];
  if (s.spot) {
    components.push(line(said(ctx, () => `${unit.typeName} spot, ${s.instances} × ${fmtHours(s.runHours)} a run × ${fmtNum(job.runsPerMonth, 1)} runs (typical ${pct(terms.spotDiscount.typical)} off)`), hoursPerMonth, 'hour', unit.price, unit.usd * (1 - terms.spotDiscount.typical)));
  } else {
    components.push(line(said(ctx, () => `${unit.typeName} on-demand, ${s.instances} × ${fmtHours(s.runHours)} a run × ${fmtNum(job.runsPerMonth, 1)} runs`), hoursPerMonth, 'hour', unit.price, unit.usd));
  }
  // Text only for a report's own options (a re-run reads the cost).
  const notes: string[] = [];
  let sizing = '';
  if (!ctx.light) {
    notes.push(...(where.note ? [where.note] : []), ...unit.notes);
    notes.push(`start-up ${fmt(s.startupS)} a run (instance start ${fmt(variant === 'vm' ? VM_BOOT_SECONDS : BATCH_TRANSFORM_START_SECONDS)} + weights loaded at ${LOAD_GBPS} GB/s; an estimate) is billed`);
    if (s.spot) notes.push(`spot: the run takes ${fmtHours(s.runHours)} of its ${job.windowHours} h window, so an interrupted run (${terms.spotInterruptionNoticeSeconds} s notice) can start again and still finish`);
    else if (variant === 'vm' && job.spot) notes.push(`on-demand: the run needs more than half its ${job.windowHours} h window, leaving no time to retry after a spot interruption`);
    if (w.serving.commitment !== 'none') notes.push(`the ${w.serving.commitment} commitment is not applied to job hours: a commitment is paid for every hour of the month, and a job uses ${fmtNum((hoursPerMonth / 730 / s.instances) * 100, 1)}% of them`);
    if (variant === 'batch-transform') notes.push('Batch Transform bills the instances from start to finish of the job; managed spot is not offered for Batch Transform');
    sizing = `${fmtNum(s.perReplicaRps, 1)} items/s per instance, offline (items batched); ${s.instances} instance${s.instances > 1 ? 's finish' : ' finishes'} ${fmtNum(job.itemsPerRun)} items in ${fmtHours(s.runHours)} (window ${job.windowHours} h); ${fmtNum(hoursPerMonth, 1)} instance-hours a month.`;
  }
  return finish(
    {
      ...base,
      instances: s.instances,
      fits: true,
      meetsLatency: true,
      reasons: [],
      latencyS: t.latencyS,
      e2eS: t.latencyS,
      components,
      utilization: null,
      sizing,
      notes,
    },
    ctx.load,
  );
}

function fmtHours(h: number): string {
  return h >= 1 ? `${h.toFixed(2)} h` : `${Math.round(h * 60)} min`;
}
