// Pricing the options for one Workload: every option sized by the capacity model and priced from
// catalog unit prices, the stated constraints applied, the recommendation picked. Suggestions,
// break-even and the tier options re-run this on a changed Workload; the report that does so
// (evaluate.ts) sits above it, so nothing here imports the report builders.
import { mapCaches } from './attached.ts';
import { termsFor, type Catalog, type Instance, type ServerlessGpu } from '../catalog/schema.ts';
import type { KnownModel } from '../known-models.ts';
import { optionFamily, type Option, type Recommendation } from '../report.ts';
import { withPrecision, type Precision, type Workload } from '../workload.ts';
import { servingFor } from './serving.ts';
import { HOURS_PER_MONTH, loadFor, loadOf } from './load.ts';
import { modelProfile, type ModelProfile } from './model-profile.ts';
import { fitScopeOf, fleetsOf, type EvalContext, type SizingMemo } from './options/common.ts';
import { dedicatedOption, deviceOf, priceFor, replicaLayouts, sizeDedicated, vmOptionId } from './options/dedicated.ts';
import { hybridBaseline, hybridOption } from './options/hybrid.ts';
import { batchJobOption } from './options/batch-job.ts';
import { serverlessCpuOption } from './options/serverless-cpu.ts';
import { serverlessGpuFloor, serverlessGpuOptions } from './options/serverless-gpu.ts';
import { matchApis, tokenApiOption } from './options/token-api.ts';
import { matchMediaApis, mediaApiOption } from './options/media-api.ts';
import { group } from '../numbers.ts';
import { inScope, scopeLabel, scopeOf } from '../regions.ts';
import { hardwareViolation } from './hardware-constraint.ts';
import { tierOf } from './rules.ts';

export interface EngineContext {
  catalog: Catalog;
  models: KnownModel[];
  /** Sizings shared by the evaluations of one report (evaluate() makes one; see SizingMemo). */
  memo?: SizingMemo;
  /** Model profiles shared by the evaluations of one report, by what modelProfile reads (so the
   * caches keyed on a profile — step times, layouts — carry over between re-runs). */
  profiles?: Map<string, ModelProfile>;
}

export interface Evaluation {
  ctx: EvalContext;
  /** The options as built, before the stated constraints mark any excluded. */
  built: Option[];
  options: Option[];
  recommendation: Recommendation;
}

export function contextFor(w: Workload, core: EngineContext, light = false): EvalContext {
  const m = profileOf(w, core);
  const memo = core.memo ?? new Map();
  const cpuServing = servingFor(w, 'cpu', core.catalog.serving);
  const gpuServing = servingFor(w, 'gpu', core.catalog.serving);
  const mGpu = gpuServing.precision === m.precision ? m : profileOf(w, core, gpuServing.precision);
  return {
    w,
    m,
    cpu: { m, serving: cpuServing, fleets: fleetsOf(memo, m, w, cpuServing), fitScope: fitScopeOf(memo, m) },
    gpu: { m: mGpu, serving: gpuServing, fleets: fleetsOf(memo, mGpu, w, gpuServing), fitScope: fitScopeOf(memo, mGpu) },
    load: loadOf(w),
    catalog: core.catalog,
    ...hardwareOf(core.catalog),
    light,
  };
}

/** modelProfile(w), or of w at another precision, shared through `core.profiles` when the
 * evaluations of a report share one. Re-runs mostly keep the same model objects (a changed volume,
 * target or purchase), so those are found by identity before keying on everything modelProfile
 * reads from the workload. */
function profileOf(w: Workload, core: EngineContext, precision: Precision = w.model.precision): ModelProfile {
  const at = () => (precision === w.model.precision ? w : withPrecision(w, precision));
  const profiles = core.profiles;
  if (!profiles) return modelProfile(at(), core.models);
  const caches = mapCaches(profiles);
  const seen = (caches.recent ??= []);
  for (const r of seen) {
    if (r.model === w.model && r.precision === precision && r.tokens === w.tokens && r.image === w.image && r.audioSeconds === w.audioSeconds && r.pruned === w.serving.pruned && r.beamSize === w.serving.beamSize) return r.m;
  }
  const x = at();
  const key = JSON.stringify([x.model, x.tokens, x.image, x.audioSeconds, x.serving.pruned, x.serving.beamSize]);
  let m = profiles.get(key);
  if (!m) profiles.set(key, (m = modelProfile(x, core.models)));
  if (seen.length >= 8) seen.shift();
  seen.push({ model: w.model, precision, tokens: w.tokens, image: w.image, audioSeconds: w.audioSeconds, pruned: w.serving.pruned, beamSize: w.serving.beamSize, m });
  return m;
}

const hardwareCache = new WeakMap<Catalog, Pick<EvalContext, 'accelerators' | 'cpus'>>();

/** The catalog's hardware by id, built once per catalog. */
function hardwareOf(c: Catalog): Pick<EvalContext, 'accelerators' | 'cpus'> {
  let h = hardwareCache.get(c);
  if (!h) {
    h = { accelerators: new Map(c.hardware.accelerators.map((a) => [a.id, a])), cpus: new Map(c.hardware.cpus.map((x) => [x.id, x])) };
    hardwareCache.set(c, h);
  }
  return h;
}

/** How much of the option list an evaluation builds (the default: every option). */
export interface EvaluateScope {
  /** Build just the option with that id (re-pricing one option at another volume). */
  only?: string;
  /**
   * The caller needs the recommendation, not the full list (suggestions): options that can never be
   * cheaper than another built from the same sizing are skipped (a managed endpoint or a Kubernetes
   * cluster on an instance costs at least the raw VM; Lambda behind a REST API at least Lambda behind
   * an HTTP API), and options whose floor is no lower than the cheapest found are not sized, so the
   * recommendation is the same as with the full list.
   */
  cheapestOnly?: boolean;
  /** Serverless and API options already built for a workload that differs only in how dedicated
   * capacity is bought (spot, autoscaling, a commitment), which they do not depend on. */
  reuse?: Option[];
  /**
   * With `cheapestOnly`: the caller only wants an option cheaper than this many micro-dollars a
   * month (a suggestion must save money), so nothing whose floor reaches it is sized. The
   * recommendation is exact whenever the cheapest option costs less; otherwise it is some option
   * at or above the ceiling (or none), which the caller discards.
   */
  belowMicroUsd?: number;
  /** With `cheapestOnly`: the id of a dedicated VM option likely to be the cheapest (the current
   * recommendation), sized first so its cost bounds the rest. Any id is safe: a guess only orders. */
  first?: string;
  /** The caller reads only the options' cost, feasibility and identity (id, name, kind, cloud,
   * compute, region, matchedBy) and the recommendation's option id: build them without their
   * explanatory text (EvalContext.light), and the recommendation without its words or runner-up. */
  light?: boolean;
}

/** Options and recommendation: the report's full list, or what suggestions and break-even re-run. */
export function evaluateOptions(w: Workload, core: EngineContext, scope: EvaluateScope = {}): Evaluation {
  // What a re-run for the cheapest option or one option's cost returns is read for its cost and
  // identity only: its options are built without their explanatory text.
  const ctx = contextFor(w, core, scope.light === true);
  const built = buildOptions(ctx, core, scope);
  const options = applyConstraints(built, w, core.catalog);
  return { ctx, built, options, recommendation: scope.light ? cheapestPick(options) : recommend(options, w) };
}

/** Every option for the workload, or as much of the list as `scope` asks for (see EvaluateScope). */
function buildOptions(ctx: EvalContext, core: EngineContext, scope: EvaluateScope): Option[] {
  const { only, reuse } = scope;
  const cheapestOnly = scope.cheapestOnly === true;
  const ceiling = cheapestOnly ? (scope.belowMicroUsd ?? Infinity) : Infinity;
  const out: Option[] = reuse ? [...reuse] : [];
  const cat = ctx.catalog;
  // When only the recommendation matters: the cheapest option found so far that can be recommended,
  // and whether something whose cost cannot be below `floor` can be skipped (a tie is still built,
  // so the recommendation breaks it by id as the full list does).
  let found = Infinity;
  const noteFound = (options: Option[]) => {
    if (cheapestOnly) found = Math.min(found, recommendableCost(options, ctx.w, cat));
  };
  const beyond = (floor: number) => cheapestOnly && (floor >= ceiling || floor > found);
  const want = (id: string) => only === undefined || only === id;
  const wantPrefix = (prefix: string) => only === undefined || only.startsWith(prefix);

  // Serverless GPU platforms some of whose rows were left unsized by the bound (a hybrid may still
  // want one of them for its overflow).
  const gpuPruned: ServerlessGpu[] = [];
  const gatewayFor = (id: string) => (id.startsWith('aws-lambda') ? (cat.serverless.gateways.find((g) => g.id === 'aws-api-gateway-http') ?? null) : null);
  if (!reuse) {
    for (const p of cat.serverless.cpu) {
      if (want(p.id)) out.push(serverlessCpuOption(p, ctx, gatewayFor(p.id)));
      // Lambda's other front doors: a REST API (API keys, usage plans) or a free function URL.
      if (p.id.startsWith('aws-lambda')) {
        for (const [suffix, gatewayId] of [['rest', 'aws-api-gateway-rest'], ['url', 'aws-lambda-function-url']] as const) {
          const g = cat.serverless.gateways.find((x) => x.id === gatewayId);
          if (!g || !want(`${p.id}-${suffix}`) || (cheapestOnly && suffix === 'rest')) continue;
          const o = serverlessCpuOption(p, ctx, g);
          out.push({ ...o, id: `${p.id}-${suffix}`, name: g.perRequest ? o.name : `${p.name} + function URL` });
        }
      }
    }
    if (wantPrefix('api-')) {
      for (const match of matchApis(ctx, core.models)) {
        const o = tokenApiOption(match, ctx);
        if (want(o.id)) out.push(o);
      }
      for (const match of matchMediaApis(ctx, core.models)) {
        const o = mediaApiOption(match, ctx);
        if (want(o.id)) out.push(o);
      }
    }
    noteFound(out);
  }
  const sizings = new Map<Instance, ReturnType<typeof sizeDedicated>>();
  const addDedicated = (inst: Instance) => {
    const s = sizeDedicated(inst, ctx);
    sizings.set(inst, s);
    if (!s) return;
    for (const variant of cheapestOnly ? (['vm'] as const) : (['vm', 'managed'] as const)) {
      const o = dedicatedOption(inst, s, variant, ctx);
      if (o && want(o.id)) {
        out.push(o);
        noteFound([o]);
      }
    }
  };
  // A likely winner first (the caller's guess, e.g. the current recommendation's instance type):
  // its cost bounds everything sized after it.
  const seed = cheapestOnly && scope.first ? vmInstance(cat, scope.first) : undefined;
  if (seed) addDedicated(seed);
  if (!reuse) {
    // Serverless GPU: when only the recommendation matters, a hardware row whose cheapest possible
    // bill (serverlessGpuFloor) is beyond the cheapest found is not sized.
    for (const p of cat.serverless.gpu) {
      if (!wantPrefix(p.provider)) continue;
      const built = serverlessGpuOptions(p, ctx, ctx.load, only, cheapestOnly ? beyond : undefined).filter((o) => want(o.id));
      if (cheapestOnly && p.hardware.some((hw) => hw.accelerator && beyond(serverlessGpuFloor(p, hw, ctx.load)))) gpuPruned.push(p);
      out.push(...built);
      noteFound(built);
    }
  }
  // Dedicated instances. When only the recommendation matters, instances are sized cheapest floor
  // first (floorsOf), and once an instance's floor is no lower than the cheapest option found that
  // can be recommended, neither it nor any after it is sized: they cannot be the cheapest.
  let pruned: Instance[] = [];
  const { floors, sorted } = cheapestOnly ? floorsOf(ctx) : { floors: null, sorted: cat.dedicated.instances };
  if (only !== undefined) {
    // One option's instance type (its id ends with the type).
    if (!only.startsWith('hybrid-')) for (const inst of sorted) if (only.endsWith(`-${lowerType(inst)}`)) addDedicated(inst);
  } else {
    for (let i = 0; i < sorted.length; i++) {
      const inst = sorted[i]!;
      if (inst === seed) continue;
      // Floors ascend and the cheapest found only falls: once one is beyond, so is every later one.
      if (floors && beyond(floors.get(inst)!)) {
        pruned = sorted.slice(i).filter((x) => x !== seed);
        break;
      }
      addDedicated(inst);
    }
  }
  // Batch jobs: every instance priced as the instance-hours a run needs; the cheapest inside the
  // constraints per cloud and compute class is kept (and per class for SageMaker Batch Transform).
  if (ctx.w.job && (only === undefined || only.startsWith('job-'))) {
    const keep = new Map<string, Option>();
    const consider = (o: Option | null, key: string) => {
      if (!o || !want(o.id)) return;
      const prev = keep.get(key);
      const rank = (x: Option) => (x.feasible && withinConstraints(x, ctx.w, cat) ? 0 : x.feasible ? 1 : 2);
      if (!prev || rank(o) < rank(prev) || (rank(o) === rank(prev) && (o.monthlyMicroUsd ?? Infinity) < (prev.monthlyMicroUsd ?? Infinity))) keep.set(key, o);
    };
    for (const inst of cat.dedicated.instances) {
      const compute = inst.accelerator ? 'gpu' : 'cpu';
      consider(batchJobOption(inst, 'vm', ctx), `${inst.cloud}:${compute}`);
      if (inst.cloud === 'aws') consider(batchJobOption(inst, 'batch-transform', ctx), `sagemaker:${compute}`);
    }
    out.push(...keep.values());
  }
  if (only !== undefined && !only.startsWith('hybrid-')) return out;
  // A hybrid is built on the cheapest dedicated instance of its class and pays for at least two of
  // them on demand. When even two of the cheapest instance of the class that holds the model cost
  // no less than the bound, the hybrid cannot be the cheapest and is not built. Otherwise, size
  // any pruned instance that could still be cheaper than the cheapest one sized, so the hybrid is
  // the one the full list builds.
  const hybridClasses = new Set<'cpu' | 'gpu'>();
  const classOf = (inst: Instance) => (inst.accelerator ? 'gpu' : 'cpu');
  for (const compute of ['cpu', 'gpu'] as const) {
    if (cheapestOnly) {
      // A hybrid pays for its baseline instances at least as a dedicated fleet of them would
      // (floorOf): when no instance of the class that holds the model is under the bound, no
      // hybrid can be the cheapest.
      if (beyond(holdingFloor(ctx, floors!, compute))) continue;
      // The hybrid's baseline is the cheapest feasible VM of the class (inside the constraints when
      // one is): size the instances the bound skipped, cheapest floor first, until none left could
      // be cheaper than the baseline found.
      const baseCost = (options: Option[]) => cheapest(options.filter((o) => isVmOption(o) && o.compute === compute && withinConstraints(o, ctx.w, cat)))?.monthlyMicroUsd ?? Infinity;
      let limit = baseCost(out);
      for (const inst of pruned) {
        if (sizings.has(inst) || classOf(inst) !== compute) continue;
        if (floors!.get(inst)! > limit) break;
        const before = out.length;
        addDedicated(inst);
        limit = Math.min(limit, baseCost(out.slice(before)));
      }
      // The baseline's own instances cost no less than the bound: the hybrid cannot be the cheapest.
      const base = hybridBaseOf(out, compute, ctx.w, cat);
      const baseInst = base && vmInstance(cat, base.id);
      if (!baseInst || beyond(floors!.get(baseInst)!)) continue;
      // Nor when its always-on baseline alone (a lower bound: the overflow only adds) is beyond it.
      const hb = hybridBaseline(baseInst, ctx);
      if (!hb || beyond(hb.micro - 1)) continue;
      // The overflow is chosen from every serverless option of the class, as in the full list: size
      // the rows the bound skipped.
      if (compute === 'gpu' && gpuPruned.length > 0) {
        const have = new Set(out.map((o) => o.id));
        for (const p of gpuPruned.splice(0)) out.push(...serverlessGpuOptions(p, ctx, ctx.load, only).filter((o) => want(o.id) && !have.has(o.id)));
      }
    }
    hybridClasses.add(compute);
  }

  // Kubernetes: the cheapest feasible node type per cloud, with its control plane.
  for (const cloud of ['aws', 'gcp', 'azure'] as const) {
    if (only !== undefined || cheapestOnly) break;
    const best = cheapest(out.filter((o) => o.cloud === cloud && o.kind === 'dedicated' && o.id.includes(cloud === 'aws' ? '-ec2-' : cloud === 'gcp' ? '-gce-' : '-vm-')));
    const inst = best && vmInstance(cat, best.id);
    if (inst) {
      const s = sizings.get(inst) ?? sizeDedicated(inst, ctx);
      const k = s && dedicatedOption(inst, s, 'kubernetes', ctx);
      if (k) out.push(k);
    }
  }

  // Hybrids: the cheapest feasible dedicated type of each compute class inside the stated
  // constraints, with the cheapest feasible serverless option of the same class for the overflow.
  // The overflow stays inside the stated cloud, compute and hardware limits (a hybrid on AWS never
  // sends its peaks to RunPod when AWS was asked for); when the cheapest overflow is on another
  // platform, the same-cloud hybrid is built as well, so each cloud has its own.
  const w = ctx.w;
  const tier = tierOf(w.requestsPerMonth);
  const allowed = (o: Option) => withinConstraints(o, w, cat);
  for (const compute of hybridClasses) {
    const base = hybridBaseOf(out, compute, w, cat);
    if (!base) continue;
    // At the medium tier the hybrid is priced even when no same-cloud serverless option meets the
    // target: the cheapest one that holds the model takes the overflow, and the hybrid says it misses.
    const inCloudCandidates = out.filter((o) => o.kind === 'serverless' && o.compute === compute && o.cloud === base.cloud && allowed(o) && o.monthlyMicroUsd !== null);
    const inCloud =
      cheapest(inCloudCandidates) ??
      (tier === 'medium' ? ([...inCloudCandidates].sort((a, b) => a.monthlyMicroUsd! - b.monthlyMicroUsd! || a.id.localeCompare(b.id))[0] ?? null) : null);
    // Overflow goes to the base's own cloud or, when no cloud was stated, to a cloud-neutral
    // serverless platform (RunPod, Modal, Replicate); never from one hyperscaler to another.
    const anywhere = w.cloud === null ? cheapest(out.filter((o) => o.kind === 'serverless' && o.compute === compute && o.feasible && o.cloud === null && allowed(o))) : null;
    const inst = vmInstance(cat, base.id);
    if (!inst) continue;
    for (const sv of [anywhere, inCloud]) {
      if (!sv || (sv === inCloud && anywhere && anywhere.id === inCloud.id)) continue;
      const overflow = (requests: number, peakToAverage: number): Option | null => {
        const load = loadFor(requests, peakToAverage);
        const cpu = cat.serverless.cpu.find((p) => p.id === sv.id);
        if (cpu) return serverlessCpuOption(cpu, ctx, gatewayFor(cpu.id), load);
        for (const p of cat.serverless.gpu) {
          const found = serverlessGpuOptions(p, ctx, load, sv.id).find((o) => o.id === sv.id);
          if (found) return found;
        }
        return null;
      };
      const h = hybridOption(inst, overflow, ctx);
      // At the medium tier the guide's hybrid is always shown, even when it cannot win; elsewhere only
      // when it is within 1.5× of its baseline instance alone.
      if (h && h.monthlyMicroUsd !== null && base.monthlyMicroUsd !== null && (tier === 'medium' || h.monthlyMicroUsd < base.monthlyMicroUsd * 1.5)) out.push(h);
    }
  }
  return only === undefined ? out : out.filter((o) => o.id === only);
}

const floorCache = new WeakMap<Catalog, Map<string, { floors: Map<Instance, number>; sorted: Instance[] }>>();

/**
 * Each instance type's floor: the least a dedicated fleet (or a hybrid's baseline) on it can cost a
 * month, in micro-dollars — the fewest instances N+1 can be (two, or one where a multi-GPU machine
 * hosts a replica and its spare) at the deepest discount the workload allows; and the types sorted
 * by it. Depends only on the region, spot and the commitment, so it is computed once per catalog.
 */
function floorsOf(ctx: EvalContext): { floors: Map<Instance, number>; sorted: Instance[] } {
  const cat = ctx.catalog;
  const w = ctx.w;
  let byKey = floorCache.get(cat);
  if (!byKey) floorCache.set(cat, (byKey = new Map()));
  const key = `${w.region}|${w.spotOk}|${w.serving.commitment}`;
  const hit = byKey.get(key);
  if (hit) return hit;
  const floors = new Map<Instance, number>();
  for (const inst of cat.dedicated.instances) {
    const cloudTerms = cat.dedicated.terms.find((t) => t.cloud === inst.cloud);
    const t = cloudTerms && termsFor(cloudTerms, inst.type);
    const discount = Math.max(w.spotOk && t ? t.spotDiscount.typical : 0, w.serving.commitment === '1y' && t ? t.commit1yDiscount.typical : 0, w.serving.commitment === '3y' && t ? t.commit3yDiscount.typical : 0);
    const least = inst.accelerator && inst.accelerator.count > 1 ? 1 : 2;
    floors.set(inst, least * HOURS_PER_MONTH * priceFor(inst, ctx).price.usd * (1 - discount) * 1e6);
  }
  const sorted = [...cat.dedicated.instances].sort((a, b) => floors.get(a)! - floors.get(b)!);
  const out = { floors, sorted };
  byKey.set(key, out);
  return out;
}

/** The lowest floor among the instance types of a compute class that hold the model (cached per
 * memory footprint of the model on that class and set of floors). */
function holdingFloor(ctx: EvalContext, floors: Map<Instance, number>, compute: 'cpu' | 'gpu'): number {
  const byFloors = ctx[compute].fitScope.holding;
  let least = byFloors.get(floors);
  if (least === undefined) {
    least = Infinity;
    for (const inst of ctx.catalog.dedicated.instances) {
      if ((inst.accelerator ? 'gpu' : 'cpu') !== compute) continue;
      const d = deviceOf(inst, ctx);
      if (d && replicaLayouts(d, ctx)[0]!.fit.ok) least = Math.min(least, floors.get(inst)!);
    }
    byFloors.set(floors, least);
  }
  return least;
}

/** A raw-VM dedicated option (EC2, Compute Engine, Azure VM): what a hybrid's baseline runs on. */
function isVmOption(o: Option): boolean {
  return o.kind === 'dedicated' && /-(ec2|gce|vm)-/.test(o.id);
}

/** The hybrid's baseline of a compute class: the cheapest feasible raw VM inside the stated
 * constraints, or outside them when none is inside. */
function hybridBaseOf(options: Option[], compute: 'cpu' | 'gpu', w: Workload, cat: Catalog): Option | null {
  const vms = options.filter((o) => isVmOption(o) && o.compute === compute);
  return cheapest(vms.filter((o) => withinConstraints(o, w, cat))) ?? cheapest(vms);
}

const vmIndex = new WeakMap<Catalog, Map<string, Instance>>();

/** The instance type whose raw-VM option has this id, if any (indexed once per catalog). */
function vmInstance(cat: Catalog, id: string): Instance | undefined {
  let byId = vmIndex.get(cat);
  if (!byId) {
    vmIndex.set(cat, (byId = new Map()));
    for (const i of cat.dedicated.instances) if (!byId.has(vmOptionId(i))) byId.set(vmOptionId(i), i);
  }
  return byId.get(id);
}

const lowerTypes = new WeakMap<Instance, string>();

function lowerType(inst: Instance): string {
  let t = lowerTypes.get(inst);
  if (t === undefined) lowerTypes.set(inst, (t = inst.type.toLowerCase()));
  return t;
}

/** The cheapest cost (micro-dollars) among options that could be recommended (feasible, priced and
 * inside the stated constraints); Infinity when none. */
function recommendableCost(options: Option[], w: Workload, cat: Catalog): number {
  let best = Infinity;
  for (const o of options) if (o.feasible && !o.excluded && o.monthlyMicroUsd !== null && o.monthlyMicroUsd < best && withinConstraints(o, w, cat)) best = o.monthlyMicroUsd;
  return best;
}

/** No constraint excludes the option (the test applyConstraints makes, without building reasons). */
export function withinConstraints(o: Option, w: Workload, cat: Catalog): boolean {
  return !(w.cloud && o.cloud !== w.cloud) && !(w.computeConstraint && o.compute !== w.computeConstraint) && !(w.selfHostedOnly && o.kind === 'api') && !(w.dataResidency && w.region && !inScope(o.region, w.region)) && hardwareViolation(o, w, cat) === null;
}

/** Options outside a stated constraint stay in the report, marked excluded with the reason. */
function applyConstraints(options: Option[], w: Workload, cat: Catalog): Option[] {
  return options.map((o) => {
    if (withinConstraints(o, w, cat)) return o;
    const reasons: string[] = [];
    if (w.cloud && o.kind !== 'api' && o.cloud !== w.cloud) reasons.push(o.cloud ? `runs on ${o.cloud.toUpperCase()}; you asked for ${w.cloud.toUpperCase()}` : `a third-party platform; you asked for ${w.cloud.toUpperCase()}`);
    if (w.cloud && o.kind === 'api' && o.cloud !== w.cloud) reasons.push(`a third-party API outside ${w.cloud.toUpperCase()}; you asked for ${w.cloud.toUpperCase()}`);
    if (w.computeConstraint && o.compute !== w.computeConstraint) reasons.push(`runs on ${o.compute.toUpperCase()}; you asked for ${w.computeConstraint.toUpperCase()} only`);
    if (w.selfHostedOnly && o.kind === 'api') reasons.push(`a hosted API; ${w.selfHostedReason ? `"${w.selfHostedReason}"` : 'you asked for self-hosting'}`);
    if (w.dataResidency && w.region && !inScope(o.region, w.region)) {
      const where = scopeOf(w.region);
      const label = where ? scopeLabel(where) : w.region;
      reasons.push(o.region === null || o.region === 'global' ? `the catalog has no price for it in ${label}; your data must stay there` : `priced in ${o.region}; your data must stay in ${label}`);
    }
    const hw = hardwareViolation(o, w, cat);
    if (hw) reasons.push(hw);
    if (reasons.length === 0) return o;
    return { ...o, excluded: true, reasons: [...reasons, ...o.reasons] };
  });
}

/** The cheapest feasible priced option (ties broken by id, so the answer does not depend on the
 * order the options were built in). */
export function cheapest(options: Option[]): Option | null {
  let best: Option | null = null;
  for (const o of options) {
    if (o.monthlyMicroUsd === null || !o.feasible) continue;
    if (!best || byCost(o, best) < 0) best = o;
  }
  return best;
}

/** recommend()'s pick without its words, for a light re-run (read for the option id only): the
 * cheapest usable option, ties broken by id as recommend's sort breaks them. */
function cheapestPick(options: Option[]): Recommendation {
  let best: Option | null = null;
  for (const o of options) if (o.feasible && !o.excluded && o.monthlyMicroUsd !== null && (!best || byCost(o, best) < 0)) best = o;
  return { optionId: best?.id ?? null, runnerUpId: null, why: '', closestOnly: best === null };
}

export function recommend(options: Option[], w: Workload): Recommendation {
  const usable = options.filter((o) => o.feasible && !o.excluded && o.monthlyMicroUsd !== null);
  usable.sort(byCost);
  const best = usable[0];
  if (best) {
    const runner = usable.find((o) => o.id !== best.id && family(o) !== family(best)) ?? usable[1] ?? null;
    const budget = w.budgetUsdPerMonth;
    const overBudget = budget !== null && (best.monthlyUsd ?? 0) > budget;
    const meets = best.kind === 'job' && w.job ? `finishes each run of ${group(Math.round(w.job.itemsPerRun))} items within ${+w.job.windowHours.toFixed(2)} h` : `meets p${w.latency.percentile} ${w.latency.ms} ms`;
    const why =
      `${best.name} is the cheapest option that holds the model and ${meets}` +
      `${best.kind === 'api' ? ` (hosted ${best.hardware === 'hosted (per token)' ? 'per-token ' : ''}API${best.matchedBy === 'size' ? '; matched by size class, not the same weights: self-host if you need your exact model' : ''})` : ''}: $${fmtUsd(best.monthlyUsd!)} a month.` +
      (runner ? ` Runner-up: ${runner.name} at $${fmtUsd(runner.monthlyUsd!)}.` : '') +
      (overBudget ? ` It is over your $${fmtUsd(budget)} budget.` : budget !== null ? ` Within your $${fmtUsd(budget)} budget.` : '');
    return { optionId: best.id, runnerUpId: runner?.id ?? null, why, closestOnly: false };
  }
  // Nothing meets the target: show the closest (lowest latency among those that fit and are allowed).
  const fitting = options.filter((o) => !o.excluded && o.monthlyMicroUsd !== null && o.latencyMs !== null);
  fitting.sort((a, b) => a.latencyMs! - b.latencyMs! || byCost(a, b));
  const closest = fitting[0];
  if (!closest) return { optionId: null, runnerUpId: null, why: 'No option can hold this model within your constraints.', closestOnly: true };
  return {
    optionId: null,
    runnerUpId: closest.id,
    why: `No option meets p${w.latency.percentile} ${w.latency.ms} ms. Closest: ${closest.name}${closest.instances > 1 ? ` (${closest.instances} instances)` : ''} at ${fmtMsValue(closest.latencyMs!)} for $${fmtUsd(closest.monthlyUsd!)} a month. What would make the target reachable (a looser target, a dropped constraint, a lighter model) is priced in the terminal and Slack reports.`,
    closestOnly: true,
  };
}

const family = optionFamily;

export function byCost(a: Option, b: Option): number {
  return (a.monthlyMicroUsd ?? Infinity) - (b.monthlyMicroUsd ?? Infinity) || a.id.localeCompare(b.id);
}

export function fmtUsd(x: number): string {
  return x >= 100 ? group(Math.round(x)) : group(x, 2, 2);
}

function fmtMsValue(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}
