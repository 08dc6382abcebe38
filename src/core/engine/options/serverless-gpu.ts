// Serverless GPU platforms (Replicate, Modal, RunPod, Cloud Run with L4): containers with a GPU,
// billed per second while up. A container serves like a dedicated replica; the bill is the
// container-seconds the two-level day needs, or per request plus idle time when traffic is sparse.
import type { ServerlessGpu } from '../../catalog/schema.ts';
import type { Option } from '../../report.ts';
import { fit, sizeFleet, type Device } from '../capacity.ts';
import { HOURS_PER_MONTH, type Load } from '../load.ts';
import { line } from '../money.ts';
import { type EvalContext, finish, fmt, gpuLabel, latencyReason } from './common.ts';
import { fmtNum, pct } from './dedicated.ts';
import { coldStart } from './serverless-cpu.ts';

export function serverlessGpuOptions(p: ServerlessGpu, ctx: EvalContext, load: Load = ctx.load): Option[] {
  const out: Option[] = [];
  for (const hw of p.hardware) {
    if (!hw.accelerator) continue;
    const acc = ctx.accelerators.get(hw.accelerator);
    if (!acc) continue;
    const id = p.hardware.length === 1 && p.provider.startsWith(p.cloud ?? '\u0000') ? p.provider : `${p.provider}-${hw.slug}`;
    const device: Device = { kind: 'gpu', accelerator: acc, count: hw.count, hostMemoryGB: 64 };
    const base = {
      id,
      name: `${p.name} ${hw.slug}`,
      kind: 'serverless' as const,
      provider: p.provider,
      cloud: p.cloud,
      compute: 'gpu' as const,
      hardware: gpuLabel(acc, hw.count),
      notes: [...p.notes],
    };
    const f = fit(ctx.m, device);
    if (!f.ok) {
      out.push(finish({ ...base, instances: 0, fits: false, meetsLatency: false, reasons: [f.reason ?? 'does not fit'], latencyS: null, e2eS: null, components: [], utilization: null, sizing: 'The model does not fit.' }, load));
      continue;
    }
    const w = ctx.w;
    const peak = sizeFleet(ctx.m, device, f, load.peakRps, w);
    const low = sizeFleet(ctx.m, device, f, load.lowRps, w);
    const target = w.latency.ms / 1000;
    const serviceS = peak.load.e2eS;
    const cold = coldStart(p, ctx.m.weightsBytes / 1e9, load, serviceS);
    const q = w.latency.percentile / 100;
    // Scale to zero when cold starts stay out of the percentile; otherwise keep one container warm.
    const keepWarm = cold.fraction > 1 - q;
    const nPeak = Math.max(1, peak.ok ? peak.replicas : 1);
    const nLow = Math.max(keepWarm ? 1 : 0, low.ok ? low.replicas : nPeak);
    const fleetSeconds = (load.peakShare * nPeak + (1 - load.peakShare) * Math.min(nLow, nPeak)) * HOURS_PER_MONTH * 3600;
    const perRequestSeconds = serviceS + p.idleBilledSeconds + (p.bootBilled ? cold.fraction * p.coldStartSeconds.typical : 0);
    const sparseSeconds = load.requestsPerMonth * perRequestSeconds;
    const billedSeconds = keepWarm ? Math.max(fleetSeconds, HOURS_PER_MONTH * 3600) : Math.min(fleetSeconds, sparseSeconds);
    const components = [line(`${p.name} ${hw.slug} time`, billedSeconds, 'second', hw.perSecond)];
    if (p.platformFeeUsdPerMonth > 0) {
      components.push({ name: `${p.name} platform fee`, quantity: 1, unit: 'month', unitPriceUsd: p.platformFeeUsdPerMonth, monthlyUsd: p.platformFeeUsdPerMonth, monthlyMicroUsd: Math.round(p.platformFeeUsdPerMonth * 1e6), source: p.limitsSource.source, checked: p.limitsSource.checked, confidence: p.limitsSource.confidence });
    }
    const latency = keepWarm ? peak.load.latencyS : cold.fraction > 1 - q ? peak.load.latencyS + cold.seconds : peak.load.latencyS;
    const meets = peak.ok && latency <= target;
    const notes = base.notes;
    notes.push(
      keepWarm
        ? `one container kept warm: at this traffic ${pct(cold.fraction)} of requests would otherwise start cold (+${fmt(cold.seconds)})`
        : `scales to zero; about ${(cold.fraction * 100).toFixed(1)}% of requests start cold (+${fmt(cold.seconds)})`,
    );
    const sizing = `${nPeak} container${nPeak > 1 ? 's' : ''} at peak, ${nLow} off-peak; ${fmtNum(billedSeconds / 3600)} GPU-container hours billed a month${billedSeconds === sparseSeconds ? ` (${fmt(perRequestSeconds)} per request incl. idle timeout)` : ''}.`;
    out.push(
      finish(
        {
          ...base,
          instances: nPeak,
          fits: true,
          meetsLatency: meets,
          reasons: meets ? [] : [peak.why ?? latencyReason(ctx, latency)],
          latencyS: peak.ok ? latency : peak.floorS,
          e2eS: peak.ok ? peak.load.e2eS : null,
          components,
          utilization: peak.ok ? peak.load.utilization : null,
          sizing,
          notes,
        },
        load,
      ),
    );
  }
  return out;
}
