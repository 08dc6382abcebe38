// Hybrid: a dedicated baseline sized for the average load, with serverless overflow for the peaks
// (the guide's medium-volume advice). The overflow is priced by running the serverless option on
// the overflow traffic alone, through the same builders.
import { mapCaches } from '../attached.ts';
import { termsFor, type Instance } from '../../catalog/schema.ts';
import type { Option } from '../../report.ts';
import { type Device, type Fit, replicaLoad } from '../capacity.ts';
import { MAX_PLANNED_UTILIZATION } from '../efficiency.ts';
import { HOURS_PER_MONTH } from '../load.ts';
import { line } from '../money.ts';
import { SECONDS_PER_MONTH } from '../../workload.ts';
import { type EvalContext, deviceKey, finish, sideOf } from './common.ts';
import { commitmentDiscount, deviceOf, fmtNum, instancesFor, priceFor, replicaLayouts } from './dedicated.ts';

/** The always-on half of a hybrid on this instance type: replicas for the average load (the most each
 * can take within the target), and what they cost a month; null when no hybrid can be built on it
 * (the model does not fit, or the baseline already carries the peak). */
export interface HybridBaseline {
  device: Device;
  fit: Fit;
  perInstance: number;
  base: number;
  capacity: number;
  overflowRequests: number;
  instances: number;
  /** The baseline's monthly cost, micro-dollars: a lower bound on the hybrid's. */
  micro: number;
}

export function hybridBaseline(inst: Instance, ctx: EvalContext): HybridBaseline | null {
  const machine = deviceOf(inst, ctx);
  if (!machine) return null;
  // The baseline uses the smallest replica that holds the model, as many to an instance as fit.
  const layout = replicaLayouts(machine, ctx)[0]!;
  const { device, fit: f, perInstance } = layout;
  if (!f.ok) return null;
  const load = ctx.load;
  if (load.peakShare >= 1) return null;
  const target = ctx.w.latency.ms / 1000;
  // Baseline replicas for the average load, and the most each can take within the target.
  const perReplica = maxRpsPerReplica(ctx, device, f, target);
  if (perReplica <= 0) return null;
  const base = Math.max(1, Math.ceil(load.avgRps / perReplica));
  const capacity = base * perReplica;
  if (capacity >= load.peakRps) return null;
  const overflowRps = load.peakRps - capacity;
  const overflowRequests = load.peakShare * overflowRps * SECONDS_PER_MONTH;
  if (overflowRequests <= 0) return null;
  const instances = instancesFor(base, perInstance);
  const micro = Math.round(instances * HOURS_PER_MONTH * priceFor(inst, ctx).price.usd * (1 - commitDiscount(inst, ctx)) * 1e6);
  return { device, fit: f, perInstance, base, capacity, overflowRequests, instances, micro };
}

/** A stated commitment buys the always-on baseline at the committed rate. */
function commitDiscount(inst: Instance, ctx: EvalContext): number {
  const cloudTerms = ctx.catalog.dedicated.terms.find((t) => t.cloud === inst.cloud);
  return cloudTerms ? commitmentDiscount(termsFor(cloudTerms, inst.type), ctx.w.serving.commitment) : 0;
}

export function hybridOption(inst: Instance, overflow: (requestsPerMonth: number, peakToAverage: number) => Option | null, ctx: EvalContext, hb = hybridBaseline(inst, ctx)): Option | null {
  if (!hb) return null;
  const { device, fit: f, perInstance, base, capacity, overflowRequests, instances } = hb;
  const side = sideOf(ctx, device);
  const w = ctx.w;
  const load = ctx.load;
  const target = w.latency.ms / 1000;
  const sv = overflow(overflowRequests, 1 / load.peakShare);
  if (!sv || sv.monthlyMicroUsd === null) return null;
  const where = priceFor(inst, ctx);
  // The overflow is per use.
  const commit = w.serving.commitment;
  const discount = commitDiscount(inst, ctx);
  const baseline =
    discount > 0
      ? line(`${inst.type} with a ${commit} commitment (baseline, typical ${Math.round(discount * 100)}% off)`, instances * HOURS_PER_MONTH, 'hour', where.price, where.price.usd * (1 - discount))
      : line(`${inst.type} on-demand (baseline)`, instances * HOURS_PER_MONTH, 'hour', where.price);
  const components = [baseline, ...sv.components.map((c) => ({ ...c, name: `overflow: ${c.name}` }))];
  const share = overflowRequests / load.requestsPerMonth;
  const q = w.latency.percentile / 100;
  const baseLat = replicaLoad(side.m, device, f, Math.min(load.avgRps, capacity) / base, w, side.serving).latencyS;
  const latency = share > 1 - q ? Math.max(baseLat, sv.latencyMs === null ? Infinity : sv.latencyMs / 1000) : baseLat;
  const meets = latency <= target && sv.feasible !== false;
  const built = finish(
    {
      id: `hybrid-${inst.cloud}-${inst.type.toLowerCase()}+${sv.id}`,
      name: `${inst.type} baseline + ${sv.name} overflow`,
      kind: 'hybrid',
      provider: inst.cloud,
      // Overflow on another platform takes the hybrid out of the instance's cloud.
      cloud: sv.cloud === inst.cloud ? inst.cloud : null,
      compute: sv.compute === 'gpu' || inst.accelerator ? 'gpu' : 'cpu',
      hardware: `${instances}× ${inst.type} + ${sv.hardware}`,
      instances,
      fits: true,
      meetsLatency: meets,
      reasons: meets ? [] : [`${sv.name} overflow: ${sv.reasons.join('; ') || 'misses the target'}`],
      latencyS: latency,
      e2eS: null,
      components,
      utilization: null,
      sizing: `${base} replica${base > 1 ? 's' : ''} (+1 spare${perInstance > 1 ? `, ${perInstance} to an instance` : ''}) carry up to ${fmtNum(capacity, 2)} req/s; ${fmtNum(share * 100, 1)}% of requests (peaks above that) overflow to ${sv.name}.`,
      // Both halves run where they are priced: a residency check must see the overflow's region too.
      region: sv.region === null || sv.region === where.region ? where.region : `${where.region} + ${sv.region}`,
      notes: [...(where.note ? [where.note] : []), `overflow priced as ${fmtNum(overflowRequests)} requests a month on ${sv.name}`, ...sv.notes.map((n) => `overflow: ${n}`)],
    },
    load,
  );
  return { ...built, overflowShare: Math.round(share * 10000) / 10000 };
}

/** The highest load one replica takes within the target: cached with the side's sizings (same model,
 * target and serving), per device and peak (the search starts from the peak). */
function maxRpsPerReplica(ctx: EvalContext, device: Device, f: Fit, target: number): number {
  const fleets = sideOf(ctx, device).fleets;
  const caches = mapCaches(fleets);
  const byKey = (caches.maxRpsPerReplica ??= new Map());
  const key = `${deviceKey(device, f)}|${ctx.load.peakRps}|${target}`;
  let r = byKey.get(key);
  if (r === undefined) byKey.set(key, (r = searchMaxRps(ctx, device, f, target)));
  return r;
}

function searchMaxRps(ctx: EvalContext, device: Device, f: Fit, target: number): number {
  let lo = 0;
  let hi = Math.max(1, ctx.load.peakRps);
  const ok = (rps: number) => {
    const side = sideOf(ctx, device);
    const r = replicaLoad(side.m, device, f, rps, ctx.w, side.serving);
    return r.ok && r.latencyS <= target && r.utilization <= MAX_PLANNED_UTILIZATION;
  };
  if (!ok(1e-9)) return 0;
  while (ok(hi) && hi < 1e7) hi *= 2;
  for (let i = 0; i < 30 && hi - lo > lo * 0.005; i++) {
    const mid = (lo + hi) / 2;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

