// Dedicated instances: raw VMs (EC2, GCE, Azure), the managed endpoints on the same hardware
// (SageMaker real-time, Vertex AI) and Kubernetes (nodes plus the control plane). Sized for peak
// with N+1 redundancy; autoscaling, spot and commitments change how the replica-hours are bought.
import { termsFor, type CloudTerms, type Instance, type Price } from '../../catalog/schema.ts';
import type { CostComponent, Option } from '../../report.ts';
import { fit, fitsGpu, type Device, type Fit, type FleetSize } from '../capacity.ts';
import { HOURS_PER_MONTH } from '../load.ts';
import { line } from '../money.ts';
import { regionalPrice, type RegionalPrice } from '../regional.ts';
import { group } from '../../numbers.ts';
import { type EvalContext, finish, fleetFor, fmt, gpuLabel, latencyReason, said, sideOf } from './common.ts';

export type DedicatedVariant = 'vm' | 'managed' | 'kubernetes';

const SERVICE_NAMES: Record<string, { vm: string; k8s: string }> = {
  aws: { vm: 'EC2', k8s: 'EKS' },
  gcp: { vm: 'Compute Engine', k8s: 'GKE' },
  azure: { vm: 'Azure VM', k8s: 'AKS' },
};

export function deviceOf(inst: Instance, ctx: EvalContext): Device | null {
  if (inst.accelerator) {
    const acc = ctx.accelerators.get(inst.accelerator.id);
    return acc ? { kind: 'gpu', accelerator: acc, count: inst.accelerator.count, hostMemoryGB: inst.memoryGiB * 1.074 } : null;
  }
  const cpu = ctx.cpus.get(inst.cpu);
  return cpu ? { kind: 'cpu', cpu, vcpu: inst.vcpu, memoryGB: inst.memoryGiB * 1.074 } : null;
}

export function hardwareLabel(inst: Instance, d: Device): string {
  return d.kind === 'gpu' ? `${gpuLabel(d.accelerator, inst.accelerator?.count ?? d.count)}, ${inst.vcpu} vCPU` : `${inst.vcpu} vCPU ${d.cpu.name}, ${inst.memoryGiB} GiB`;
}

/** One replica on a machine: the GPUs it uses (a CPU replica is the whole instance), its fit, and
 * how many replicas the machine hosts side by side (data parallel). */
export interface ReplicaLayout {
  device: Device;
  fit: Fit;
  perInstance: number;
}

/** The ways a machine can host replicas, fewest GPUs per replica first: each power-of-two share of
 * its GPUs that holds the model and its KV cache. */

export function replicaLayouts(machine: Device, ctx: EvalContext): ReplicaLayout[] {
  const side = sideOf(ctx, machine);
  const m = side.m;
  if (machine.kind === 'cpu') {
    // A CPU replica is the whole instance; whether the model fits depends only on its memory.
    const byMemory = side.fitScope.cpuFits;
    let f = byMemory.get(machine.memoryGB);
    if (!f) byMemory.set(machine.memoryGB, (f = fit(m, machine)));
    return [{ device: machine, fit: f, perInstance: 1 }];
  }
  // Cached per memory footprint of the model (shared by every evaluation of one report with it).
  const byAccelerator = side.fitScope.layouts;
  let byCount = byAccelerator.get(machine.accelerator);
  if (!byCount) byAccelerator.set(machine.accelerator, (byCount = new Map()));
  let out = byCount.get(machine.count);
  if (!out) byCount.set(machine.count, (out = gpuLayouts(machine, m)));
  return out;
}

function gpuLayouts(machine: Extract<Device, { kind: 'gpu' }>, m: EvalContext['m']): ReplicaLayout[] {
  const out: ReplicaLayout[] = [];
  for (let g = 1; g <= machine.count; g *= 2) {
    if (machine.count % g !== 0) continue;
    const device = { ...machine, count: g };
    if (fitsGpu(m, device)) out.push({ device, fit: fit(m, device), perInstance: machine.count / g });
  }
  if (out.length === 0) out.push({ device: machine, fit: fit(m, machine), perInstance: 1 });
  return out;
}

/** Instances for `replicas` plus one spare replica, `perInstance` replicas to an instance. */
export function instancesFor(replicas: number, perInstance: number): number {
  return Math.ceil((replicas + 1) / perInstance);
}

/**
 * Choose the layout: the fewest GPUs per replica that meets the target; a replica spans more GPUs
 * (tensor parallel) only when that lowers its unloaded latency and needs fewer instances, or when
 * the smaller layout cannot meet the target at all. Larger layouts are sized only when they could
 * win: one that needs at least as many instances as the current choice for a single replica is
 * skipped unsized.
 */
export function chooseLayout(layouts: ReplicaLayout[], size: (l: ReplicaLayout) => FleetSize): { layout: ReplicaLayout; peak: FleetSize } {
  let best = { layout: layouts[0]!, peak: size(layouts[0]!) };
  for (const layout of layouts.slice(1)) {
    if (best.peak.ok && instancesFor(1, layout.perInstance) >= instancesFor(best.peak.replicas, best.layout.perInstance)) continue;
    const peak = size(layout);
    if (!best.peak.ok) {
      if (peak.ok || peak.floorS < best.peak.floorS) best = { layout, peak };
      continue;
    }
    if (peak.ok && peak.floorS < best.peak.floorS && instancesFor(peak.replicas, layout.perInstance) < instancesFor(best.peak.replicas, best.layout.perInstance)) best = { layout, peak };
  }
  return best;
}

/** Sizing shared by the VM, managed and Kubernetes variants of one instance type. */
export interface DedicatedSizing {
  /** One replica's device. */
  device: Device;
  /** Replicas one instance hosts. */
  perInstance: number;
  fits: boolean;
  fitReason: string | null;
  peak: FleetSize | null;
  avg: FleetSize | null;
  low: FleetSize | null;
  /** Text the variants share, filled by the first that builds it (see textOf). */
  text?: { hardware?: string; sizing?: string };
}

export function sizeDedicated(inst: Instance, ctx: EvalContext): DedicatedSizing | null {
  const machine = deviceOf(inst, ctx);
  if (!machine) return null;
  const layouts = replicaLayouts(machine, ctx);
  if (!layouts[0]!.fit.ok) return { device: machine, perInstance: 1, fits: false, fitReason: layouts[0]!.fit.reason, peak: null, avg: null, low: null };
  const { layout, peak } = chooseLayout(layouts, (l) => fleetFor(ctx, l.device, l.fit, ctx.load.peakRps));
  const { device, fit: f } = layout;
  const low = fleetFor(ctx, device, f, ctx.load.lowRps);
  // The average-load fleet only matters for the on-demand/spot split; with a flat day it is the peak's.
  const avg = !ctx.w.spotOk ? low : ctx.load.peakShare >= 1 ? peak : fleetFor(ctx, device, f, ctx.load.avgRps);
  return { device, perInstance: layout.perInstance, fits: true, fitReason: null, peak, avg, low };
}

/** Text the VM, managed and Kubernetes options of one sizing share (built once for the three). */
function textOf(s: DedicatedSizing): { hardware?: string; sizing?: string } {
  return (s.text ??= {});
}

/** The id of an instance type's raw-VM option ("aws-ec2-g5.xlarge", "gcp-gce-g2-standard-4"). */
export function vmOptionId(inst: Instance): string {
  let id = vmIds.get(inst);
  if (id === undefined) vmIds.set(inst, (id = `${inst.cloud}-${inst.cloud === 'aws' ? 'ec2' : inst.cloud === 'gcp' ? 'gce' : 'vm'}-${inst.type.toLowerCase()}`));
  return id;
}

const vmIds = new WeakMap<Instance, string>();

export function dedicatedOption(inst: Instance, s: DedicatedSizing, variant: DedicatedVariant, ctx: EvalContext): Option | null {
  const cloudTerms = ctx.catalog.dedicated.terms.find((t) => t.cloud === inst.cloud);
  if (!cloudTerms) return null;
  const terms = termsFor(cloudTerms, inst.type);
  const names = SERVICE_NAMES[inst.cloud]!;
  const where = priceFor(inst, ctx);
  const unit = unitPrice(inst, variant, terms, where);
  if (!unit) return null;
  const id =
    variant === 'vm'
      ? vmOptionId(inst)
      : variant === 'managed'
        ? `${inst.cloud}-${inst.managed?.service ?? terms.managedService ?? 'managed'}-${inst.type.toLowerCase()}`
        : `${inst.cloud}-${names.k8s.toLowerCase()}-${inst.type.toLowerCase()}`;
  const name =
    variant === 'vm'
      ? `${names.vm} ${inst.type}`
      : variant === 'managed'
        ? `${managedName(inst, terms)} ${unit.typeName}`
        : `${names.k8s} on ${inst.type}`;
  const base = {
    id,
    name,
    kind: 'dedicated' as const,
    provider: inst.cloud,
    cloud: inst.cloud,
    compute: (inst.accelerator ? 'gpu' : 'cpu') as 'gpu' | 'cpu',
    hardware: said(ctx, () => textOf(s).hardware ??= hardwareLabel(inst, s.device)),
    notes: [...(where.note ? [where.note] : []), ...unit.notes],
    region: where.region,
    light: ctx.light,
    providerNotes: s.device.kind === 'gpu' && s.device.accelerator.vendor === 'aws' ? ['Inferentia needs the model compiled with the AWS Neuron SDK; not every architecture or operator is supported'] : [],
  };
  if (!s.fits || !s.peak || !s.avg || !s.low) {
    return finish(
      { ...base, instances: 0, fits: false, meetsLatency: false, reasons: [s.fitReason ?? 'does not fit'], latencyS: null, e2eS: null, components: [], utilization: null, sizing: 'The model does not fit.' },
      ctx.load,
    );
  }
  const peak = s.peak;
  const w = ctx.w;
  if (inst.purchase === 'spot-or-flex-only' && !w.spotOk) {
    return finish(
      { ...base, instances: 0, fits: false, meetsLatency: false, reasons: [`${inst.type} is sold only as Spot or Flex-start capacity; say "spot ok" to include it`], latencyS: null, e2eS: null, components: [], utilization: null, sizing: 'Not sold on demand.' },
      ctx.load,
    );
  }
  const meets = peak.ok;
  // Even when the target is missed, price the fleet that carries the load, as the "closest" option.
  // The spare is one replica; instances are whole.
  const replicas = Math.max(1, peak.replicas);
  const redundancy = 1;
  const per = s.perInstance;
  const instances = instancesFor(replicas, per);
  const components: CostComponent[] = [];
  const notes = base.notes;

  // Replica-hours: a fixed fleet for peak, or an autoscaled one that follows the two-level day.
  const low = Math.max(1, s.low.ok ? s.low.replicas : replicas);
  const hoursFixed = instances * HOURS_PER_MONTH;
  const lowInstances = instancesFor(Math.min(low, replicas), per);
  const replicaHours = w.serving.autoscaling ? (ctx.load.peakShare * instances + (1 - ctx.load.peakShare) * lowInstances) * HOURS_PER_MONTH : hoursFixed;
  if (w.serving.autoscaling && !ctx.light) notes.push(`autoscaled on queue length between ${lowInstances} and ${instances} ${per > 1 ? 'instances' : 'replicas'}`);

  // Spot: the baseline for average load stays on-demand; peak headroom and the spare ride on spot.
  let spotHours = 0;
  if (w.spotOk && inst.purchase === 'spot-or-flex-only') {
    spotHours = replicaHours;
    if (!ctx.light) notes.push(`sold only as Spot or Flex-start: every replica-hour at a typical ${pct(terms.spotDiscount.typical)} off; ${terms.spotInterruptionNoticeSeconds} s interruption notice`);
  } else if (w.spotOk) {
    const onDemandReplicas = Math.max(1, Math.min(replicas, s.avg.ok ? s.avg.replicas : replicas));
    spotHours = Math.max(0, replicaHours - Math.ceil(onDemandReplicas / per) * HOURS_PER_MONTH);
    if (!ctx.light) notes.push(
      `spot for ${fmtNum(spotHours)} of ${fmtNum(replicaHours)} replica-hours at a typical ${pct(terms.spotDiscount.typical)} off (range ${pct(terms.spotDiscount.min)}–${pct(terms.spotDiscount.max)}); ${terms.spotInterruptionNoticeSeconds} s interruption notice`,
    );
  }
  const onDemandHours = replicaHours - spotHours;
  const commit = w.serving.commitment;
  const commitDiscount = commitmentDiscount(terms, commit);
  const label = variant === 'managed' ? unit.typeName : inst.type;
  if (onDemandHours <= 0 && spotHours > 0) {
    // Every hour is on spot (spot-only shapes): no on-demand line.
  } else if (commitDiscount > 0) {
    components.push(line(said(ctx, () => `${label} with a ${commit} commitment (typical ${pct(commitDiscount)} off)`), onDemandHours, 'hour', unit.price, unit.usd * (1 - commitDiscount)));
  } else {
    components.push(line(said(ctx, () => `${label} on-demand`), onDemandHours, 'hour', unit.price, unit.usd));
  }
  if (spotHours > 0) components.push(line(said(ctx, () => `${label} spot (typical ${pct(terms.spotDiscount.typical)} off)`), spotHours, 'hour', unit.price, unit.usd * (1 - terms.spotDiscount.typical)));
  if (variant === 'kubernetes') {
    components.push(line(`${terms.kubernetesName} control plane`, HOURS_PER_MONTH, 'hour', terms.kubernetesControlPlane));
    notes.push('one cluster for this service alone; a shared cluster spreads the control-plane fee');
  }

  const load = peak.load;
  if (per > 1 && instances === 1 && !ctx.light) notes.push('the spare replica runs on the same instance: it covers a GPU or replica failure, not the loss of the machine');
  const sizing = said(ctx, () => textOf(s).sizing ??= (() => {
    const what = ctx.m.generative ? `${Math.round(load.concurrency)} sequences in flight each` : `${fmtNum(ctx.load.peakRps / replicas, 2)} req/s each`;
    const layout =
      s.device.kind === 'gpu' && inst.accelerator && inst.accelerator.count > 1
        ? ` Each replica uses ${s.device.count} of the instance's ${inst.accelerator.count} GPUs${s.device.count > 1 ? ' (tensor parallel)' : ''}, ${per} replica${per > 1 ? 's' : ''} per instance: ${instances} instance${instances > 1 ? 's' : ''}.`
        : '';
    const forced = meets && peak.targetForced ? ` The latency target, not the traffic, sets this count (${pct(load.utilization)} busy at peak).` : '';
    return `${replicas} replica${replicas > 1 ? 's' : ''} for ${fmtNum(ctx.load.peakRps, 2)} req/s at peak (${what}, ${pct(load.utilization)} busy, p${w.latency.percentile} ${fmt(load.latencyS)}) + ${redundancy} spare (N+1).${layout}${forced}`;
  })());
  const reasons = meets || ctx.light ? [] : [peak.why ?? latencyReason(ctx, peak.floorS)];
  return finish(
    {
      ...base,
      instances,
      fits: true,
      meetsLatency: meets,
      reasons,
      // Not met: the keep-up fleet's own latency (above the target), not the unloaded floor.
      latencyS: meets ? load.latencyS : Math.max(peak.floorS, load.latencyS),
      e2eS: meets ? load.e2eS : null,
      components,
      utilization: meets ? load.utilization : null,
      sizing,
      notes,
    },
    ctx.load,
  );
}

export interface UnitPrice {
  price: Price;
  usd: number;
  typeName: string;
  notes: string[];
}

const priceCache = new WeakMap<Instance, Map<string | null, RegionalPrice>>();

/** The instance's price in the workload's region (memoized: suggestions re-run the engine). */
export function priceFor(inst: Instance, ctx: EvalContext): RegionalPrice {
  let byRegion = priceCache.get(inst);
  if (!byRegion) priceCache.set(inst, (byRegion = new Map()));
  let p = byRegion.get(ctx.w.region);
  if (!p) byRegion.set(ctx.w.region, (p = regionalPrice(inst, ctx.w.region, ctx.catalog)));
  return p;
}

const unitPriceCache = new WeakMap<RegionalPrice, Map<DedicatedVariant, UnitPrice | null>>();

/** The hourly price an option pays for one instance: the VM's regional price, or its managed (SageMaker, Vertex, Azure ML) price there. */
export function unitPrice(inst: Instance, variant: DedicatedVariant, terms: CloudTerms, where: RegionalPrice): UnitPrice | null {
  // `where` is the instance's memoized regional price (priceFor) and `terms` its cloud's: cache on it.
  let byVariant = unitPriceCache.get(where);
  if (!byVariant) unitPriceCache.set(where, (byVariant = new Map()));
  let u = byVariant.get(variant);
  if (u === undefined) byVariant.set(variant, (u = computeUnitPrice(inst, variant, terms, where)));
  return u;
}

function computeUnitPrice(inst: Instance, variant: DedicatedVariant, terms: CloudTerms, where: RegionalPrice): UnitPrice | null {
  const vm = where.price;
  if (variant !== 'managed') return { price: vm, usd: vm.usd, typeName: inst.type, notes: [] };
  if (inst.managed) {
    const m = inst.managed.price;
    if (m.region === vm.region || Math.abs(vm.usd - inst.onDemand.usd) < 1e-9) return { price: m, usd: m.usd, typeName: inst.managed.type, notes: [] };
    // The managed price is the reference region's; carry the VM's regional difference over to it.
    const ratio = vm.usd / inst.onDemand.usd;
    return {
      price: m,
      usd: m.usd * ratio,
      typeName: inst.managed.type,
      notes: [`${inst.managed.type} is listed for ${m.region} only: priced ×${ratio.toFixed(3)}, the VM's difference in ${vm.region}`],
    };
  }
  if (!terms.managedMarkup || !terms.managedService) return null;
  const m = terms.managedMarkup.typical;
  const typeName = terms.managedService === 'sagemaker' ? `ml.${inst.type}` : inst.type;
  return {
    price: vm,
    usd: vm.usd * m,
    typeName,
    notes: [`no published ${terms.managedService} price in the catalog: ${inst.type}'s on-demand price × ${m} typical markup (range ${terms.managedMarkup.min}–${terms.managedMarkup.max}×)`],
  };
}

function managedName(inst: Instance, terms: CloudTerms): string {
  const s = inst.managed?.service ?? terms.managedService;
  return s === 'sagemaker' ? 'SageMaker real-time' : s === 'vertex' ? 'Vertex AI' : s === 'azureml' ? 'Azure ML online endpoint' : 'Managed endpoint';
}

/** The typical discount a commitment earns under a cloud's terms (none without one). */
export function commitmentDiscount(terms: CloudTerms, commitment: 'none' | '1y' | '3y'): number {
  return commitment === '1y' ? terms.commit1yDiscount.typical : commitment === '3y' ? terms.commit3yDiscount.typical : 0;
}

export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

export function fmtNum(x: number, digits = 0): string {
  return group(x, digits);
}
