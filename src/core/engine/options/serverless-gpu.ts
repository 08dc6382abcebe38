// Serverless GPU platforms (Replicate, Modal, RunPod, Cloud Run with L4): containers with a GPU,
// billed per second while up. A container serves like a dedicated replica; the bill is the
// container-seconds the two-level day needs, or per request plus idle time when traffic is sparse.
import type { ServerlessGpu } from '../../catalog/schema.ts';
import type { Option } from '../../report.ts';
import type { Device } from '../capacity.ts';
import { HOURS_PER_MONTH, type Load } from '../load.ts';
import { SECONDS_PER_MONTH } from '../../workload.ts';
import { line } from '../money.ts';
import { type EvalContext, finish, fleetFor, fmt, gpuLabel, latencyReason, listedRegionNote, said } from './common.ts';
import { chooseLayout, fmtNum, pct, replicaLayouts } from './dedicated.ts';
import { coldStart } from './serverless-cpu.ts';

/**
 * The least a hardware row can bill in a month, in micro-dollars, before any sizing: a container is
 * up at least for the share of the month a request arrives within the idle window (or the whole
 * month, when the fleet runs around the clock), at the cheaper of its rates, plus the platform fee.
 * The fleet's off-peak floor is at least one container, so the always-on bill is at least a month.
 */
export function serverlessGpuFloor(p: ServerlessGpu, hw: ServerlessGpu['hardware'][number], load: Load): number {
  const month = HOURS_PER_MONTH * 3600;
  const idle = p.idleBilledSeconds > 0 ? p.idleBilledSeconds : 60;
  const covered = SECONDS_PER_MONTH * (1 - Math.exp(-load.avgRps * idle));
  const rate = Math.min(hw.perSecond.usd, hw.alwaysOnPerSecond?.usd ?? Infinity);
  return (Math.min(month, covered) * rate + p.platformFeeUsdPerMonth) * 1e6;
}

/** `only`: size just the hardware row behind that option id (re-pricing one option). `skip`: leave
 * out rows whose floor (serverlessGpuFloor, micro-dollars) it accepts (only the cheapest is wanted). */
export function serverlessGpuOptions(p: ServerlessGpu, ctx: EvalContext, load: Load = ctx.load, only?: string, skip?: (floor: number) => boolean): Option[] {
  const out: Option[] = [];
  for (const hw of p.hardware) {
    if (!hw.accelerator) continue;
    if (skip && skip(serverlessGpuFloor(p, hw, load))) continue;
    const acc = ctx.accelerators.get(hw.accelerator);
    if (!acc) continue;
    const id = p.hardware.length === 1 && p.provider.startsWith(p.cloud ?? '\u0000') ? p.provider : `${p.provider}-${hw.slug}`;
    if (only !== undefined && only !== id && only !== `${id}-warm`) continue;
    const machine: Device = { kind: 'gpu', accelerator: acc, count: hw.count, hostMemoryGB: 64 };
    const base = {
      id,
      name: `${p.name} ${hw.slug}`,
      kind: 'serverless' as const,
      provider: p.provider,
      cloud: p.cloud,
      compute: 'gpu' as const,
      hardware: said(ctx, () => gpuLabel(acc, hw.count)),
      region: hw.perSecond.region,
      notes: listedRegionNote(ctx.w, hw.perSecond.region),
      providerNotes: [...p.notes],
      light: ctx.light,
    };
    const layouts = replicaLayouts(machine, ctx);
    const f = layouts[0]!.fit;
    if (!f.ok) {
      out.push(finish({ ...base, instances: 0, fits: false, meetsLatency: false, reasons: [f.reason ?? 'does not fit'], latencyS: null, e2eS: null, components: [], utilization: null, sizing: 'The model does not fit.' }, load));
      continue;
    }
    const w = ctx.w;
    // A container hosts as many replicas as its GPUs allow (one replica = the fewest GPUs that hold the model).
    const { layout, peak: peakReplicas } = chooseLayout(layouts, (l) => fleetFor(ctx, l.device, l.fit, load.peakRps));
    const per = layout.perInstance;
    const lowReplicas = fleetFor(ctx, layout.device, layout.fit, load.lowRps);
    const containers = (n: number) => Math.ceil(n / per);
    const peak = { ...peakReplicas, replicas: containers(peakReplicas.replicas) };
    const low = { ...lowReplicas, replicas: containers(lowReplicas.replicas) };
    const q = w.latency.percentile / 100;
    const idle = p.idleBilledSeconds > 0 ? p.idleBilledSeconds : 60;
    const cold = coldStart(p, ctx.gpu.m.weightsBytes / 1e9, load, peak.load.e2eS, idle);
    out.push(priced(false));
    // When cold starts would reach the percentile, the same platform with one container kept warm.
    if (cold.fraction > 1 - q) out.push(priced(true));

    function priced(warm: boolean): Option {
      const target = w.latency.ms / 1000;
      const serviceS = peak.load.e2eS;
      const nPeak = Math.max(1, peak.replicas);
      const nLow = Math.max(warm ? 1 : 0, low.replicas);
      const fleetSeconds = (load.peakShare * nPeak + (1 - load.peakShare) * Math.min(nLow, nPeak)) * HOURS_PER_MONTH * 3600;
      // Scale to zero: a container is up from a request until `idle` seconds after the last one, so
      // the billed share of the month is the chance that a request came within that window.
      const covered = SECONDS_PER_MONTH * (1 - Math.exp(-load.avgRps * (serviceS + idle)));
      const bootSeconds = p.bootBilled ? load.requestsPerMonth * Math.min(1, cold.fraction) * p.coldStartSeconds.typical : 0;
      // The coverage formula describes one container; a fleet that needs more follows the two-level day.
      const month = HOURS_PER_MONTH * 3600;
      let billedSeconds = warm ? Math.max(fleetSeconds, month) : nPeak === 1 ? Math.min(fleetSeconds, covered + bootSeconds) : fleetSeconds;
      // Where the platform sells always-on workers cheaper, the containers that never stop (the
      // off-peak floor) are bought that way and only the rest is billed at the flexible rate; a
      // single container runs always-on whenever that is cheaper than paying flex for its coverage.
      const active = hw!.alwaysOnPerSecond;
      if (active && !warm && nPeak === 1 && billedSeconds < month && month * active.usd < billedSeconds * hw!.perSecond.usd) billedSeconds = month;
      const floorSeconds = active && (billedSeconds >= fleetSeconds || warm) ? Math.min(Math.max(nLow, billedSeconds >= month ? 1 : 0), nPeak) * month : 0;
      // A fleet that runs around the clock carries one spare container, as a dedicated fleet carries
      // one spare replica: otherwise a failed worker's share waits for a cold start. Only a fleet
      // that scales to zero between sparse requests goes without.
      const alwaysOnFleet = warm || floorSeconds > 0 || billedSeconds >= month * 0.999;
      const spareRate = hw!.alwaysOnPerSecond ?? hw!.perSecond;
      const components =
        hw!.alwaysOnPerSecond && floorSeconds > 0
          ? [
              line(said(ctx, () => `${p.name} ${hw!.slug} always-on workers`), floorSeconds, 'second', hw!.alwaysOnPerSecond),
              ...(billedSeconds - floorSeconds > 0.5 ? [line(said(ctx, () => `${p.name} ${hw!.slug} flex workers`), billedSeconds - floorSeconds, 'second', hw!.perSecond)] : []),
            ]
          : [line(said(ctx, () => `${p.name} ${hw!.slug} time`), billedSeconds, 'second', hw!.perSecond)];
      if (alwaysOnFleet) components.push(line(said(ctx, () => `${p.name} ${hw!.slug} spare ${hw!.alwaysOnPerSecond ? 'always-on worker' : 'container'} (N+1)`), month, 'second', spareRate));
      if (p.platformFeeUsdPerMonth > 0) {
        components.push({ name: `${p.name} platform fee`, quantity: 1, unit: 'month', unitPriceUsd: p.platformFeeUsdPerMonth, monthlyUsd: p.platformFeeUsdPerMonth, monthlyMicroUsd: Math.round(p.platformFeeUsdPerMonth * 1e6), source: p.limitsSource.source, checked: p.limitsSource.checked, confidence: p.limitsSource.confidence });
      }
      const coldInTail = !warm && cold.fraction > 1 - q;
      const latency = coldInTail ? peak.load.latencyS + cold.seconds : peak.load.latencyS;
      const meets = peak.ok && latency <= target;
      const alwaysOn = Boolean(hw!.alwaysOnPerSecond) && floorSeconds > 0;
      const text = (): { notes: string[]; sizing: string } => {
        const notes = [
          alwaysOn
            ? `${Math.min(nLow, nPeak)} always-on worker${Math.min(nLow, nPeak) > 1 ? 's' : ''} at ${hw!.alwaysOnPerSecond && hw!.alwaysOnPerSecond.usd < hw!.perSecond.usd ? 'the active rate' : 'the flex rate (no cheaper always-on rate is listed)'}; scale-out beyond ${Math.min(nLow, nPeak) > 1 ? 'them' : 'it'} starts cold (+${fmt(cold.seconds)})`
            : warm
            ? `one container kept warm (min instances 1): scaled to zero, ${pct(Math.min(1, cold.fraction))} of requests would start cold (+${fmt(cold.seconds)})`
            : `scales to zero after ${idle} s idle; about ${(Math.min(1, cold.fraction) * 100).toFixed(1)}% of requests start cold (+${fmt(cold.seconds)}: ${cold.why})`,
        ];
        notes.push(
          alwaysOnFleet
            ? `one spare container kept running (N+1, as for a dedicated fleet): if a worker fails, its share does not wait for a cold start (+${fmt(cold.seconds)})`
            : `no spare container: it scales to zero between requests, and a failed one is replaced after a cold start (+${fmt(cold.seconds)})`,
        );
        const gpus = layout.device.kind === 'gpu' ? layout.device.count : 1;
        const perNote = per > 1 ? ` (${per} replicas of ${gpus} GPU${gpus > 1 ? 's' : ''} each per container)` : '';
        const sizing = `${nPeak} container${nPeak > 1 ? 's' : ''} at peak, ${nLow} off-peak${alwaysOnFleet ? ', + 1 spare (N+1)' : ''}${perNote}; ${fmtNum(billedSeconds / 3600 + (alwaysOnFleet ? month / 3600 : 0))} container-hours billed a month.${peak.ok && peak.targetForced ? ` The latency target, not the traffic, sets this count (${pct(peak.load.utilization)} busy at peak).` : ''}`;
        return { notes, sizing };
      };
      const { notes, sizing } = ctx.light ? { notes: [] as string[], sizing: '' } : text();
      return finish(
        {
          ...base,
          id: warm ? `${id}-warm` : id,
          name: warm ? `${base.name} (kept warm)` : base.name,
          instances: nPeak + (alwaysOnFleet ? 1 : 0),
          fits: true,
          meetsLatency: meets,
          reasons: meets || ctx.light ? [] : [peak.ok ? latencyReason(ctx, latency) + (coldInTail ? ' (cold starts reach the percentile)' : '') : (peak.why ?? latencyReason(ctx, peak.floorS))],
          latencyS: peak.ok ? latency : Math.max(peak.floorS, peak.load.latencyS),
          e2eS: peak.ok ? peak.load.e2eS + (coldInTail ? cold.seconds : 0) : null,
          components,
          utilization: peak.ok ? peak.load.utilization : null,
          sizing,
          notes: [...base.notes, ...notes],
        },
        load,
      );
    }
  }
  return out;
}
