// Batch jobs priced as jobs (instance-hours a run needs, not a month of instances), the guide's tiers
// as priced options (medium: the hybrid and its split; high: on-demand, 1-year and 3-year side by
// side), the recommendation's departure from its tier, and the cheapest option per cloud.
import { describe, expect, it } from 'vitest';
import { atVolume } from '../../src/core/engine/break-even.ts';
import { contextFor } from '../../src/core/engine/evaluate.ts';
import { BATCH_TRANSFORM_START_SECONDS, jobInstanceThroughput, VM_BOOT_SECONDS } from '../../src/core/engine/options/batch-job.ts';
import { sideOf } from '../../src/core/engine/options/common.ts';
import { deviceOf } from '../../src/core/engine/options/dedicated.ts';
import { estimate } from '../../src/core/pipeline.ts';
import type { Option, Report } from '../../src/core/report.ts';
import { core } from './helpers.ts';

function run(text: string): Report {
  const r = estimate(text, core);
  if (!r.ok) throw new Error(`did not parse: ${JSON.stringify(r.issues)}`);
  return r.value.report;
}
const rec = (r: Report): Option => r.options.find((o) => o.id === r.recommendation.optionId)!;

describe('batch jobs', () => {
  const text = 'nightly batch of 10M embeddings with bge-base, done within 4 hours';
  const r = run(text);
  const parsed = estimate(text, core);
  if (!parsed.ok) throw new Error('did not parse');
  const w = parsed.value.parsed.workload;

  it('is recommended as a job', () => {
    expect(rec(r).kind).toBe('job');
    expect(r.recommendation.why).toMatch(/finishes each run of 10,000,000 items within 4 h/);
  });

  it.each(['vm', 'batch-transform'] as const)('%s: the cost is the instance-hours the capacity model needs for each run, start-up included', (variant) => {
    const jobs = r.options.filter((o) => o.kind === 'job' && (variant === 'vm' ? !o.id.includes('sagemaker') : o.id.includes('sagemaker')));
    expect(jobs.length).toBeGreaterThan(0);
    for (const o of jobs.filter((x) => x.feasible)) {
      const inst = core.catalog.dedicated.instances.find((i) => o.id.endsWith(`-${i.type.toLowerCase()}`) && i.cloud === o.cloud)!;
      const ctx = contextFor(w, core);
      const d = deviceOf(inst, ctx)!;
      const perReplica = jobInstanceThroughput(inst, ctx)!.rps;
      const startup = (variant === 'vm' ? VM_BOOT_SECONDS : BATCH_TRANSFORM_START_SECONDS) + sideOf(ctx, d).m.weightsBytes / 1e9 / 0.5;
      const hoursPerRun = w.job!.itemsPerRun / perReplica / 3600 + (o.instances * startup) / 3600;
      const expectedHours = hoursPerRun * w.job!.runsPerMonth;
      const billed = o.components.reduce((s, c) => s + c.quantity, 0);
      expect(billed, o.id).toBeCloseTo(expectedHours, 1);
      // Price: the hours at the instance's rate, less the spot discount when it runs on spot.
      const unit = o.components[0]!.unitPriceUsd;
      expect(o.monthlyUsd!, o.id).toBeCloseTo(expectedHours * unit, 0);
      // Each run finishes inside the window.
      expect(hoursPerRun / o.instances, o.id).toBeLessThanOrEqual(4);
    }
  });

  it('costs a small fraction of a month of the same instances', () => {
    const job = rec(r);
    const alwaysOn = r.options.find((o) => o.id === job.id.replace(/^job-/, ''))!;
    expect(alwaysOn.monthlyUsd).not.toBeNull();
    expect(job.monthlyUsd!).toBeLessThan(alwaysOn.monthlyUsd! / 5);
  });

  it('runs on spot by default when a run fits in half the window, and on demand when "no spot" is said', () => {
    expect(rec(r).components[0]!.name).toMatch(/spot/);
    const noSpot = run(`${text}, no spot`);
    const jobs = noSpot.options.filter((o) => o.kind === 'job' && o.monthlyUsd !== null);
    expect(jobs.length).toBeGreaterThan(0);
    for (const j of jobs) expect(j.components[0]!.name, j.id).toMatch(/on-demand/);
  });

  it('a job in a stated cloud and compute class stays there', () => {
    const g = run('nightly batch of 10M embeddings with bge-base, done within 4 hours, on GCP, CPU only');
    expect(rec(g).cloud).toBe('gcp');
    expect(rec(g).compute).toBe('cpu');
  });

  it('at another volume (break-even, what-ifs) the job grows by its items per run', () => {
    const twice = atVolume(w, 2 * w.requestsPerMonth);
    expect(twice.job!.itemsPerRun).toBe(2 * w.job!.itemsPerRun);
    expect(twice.job!.runsPerMonth).toBe(w.job!.runsPerMonth);
    if (r.breakEven) expect(r.breakEven.requestsPerMonth === null || r.breakEven.requestsPerMonth < w.requestsPerMonth).toBe(true);
  });

  it('SageMaker Batch Transform is priced beside the EC2 job', () => {
    expect(r.options.some((o) => o.id.startsWith('job-aws-sagemaker-batch-') && o.monthlyUsd !== null)).toBe(true);
  });
});

describe('tiers as priced options', () => {
  it.each([
    '20M req/month 7B model p95 1s',
    '5M req/month bert-base p95 100ms',
    '30M req/month resnet-50',
    'on AWS, self-hosted only, 50M req/month bert-base p95 100ms',
    '10M req/month whisper-small',
  ])('medium tier: %s prices a hybrid with its split, or says why there is none', (text) => {
    const r = run(text);
    expect(r.tier).toBe('medium');
    const t = r.tierOptions;
    if (t.hybrid) {
      expect(t.hybrid.overflowShare).toBeGreaterThan(0);
      expect(t.hybrid.overflowShare).toBeLessThan(1);
      expect(r.options.find((o) => o.id === t.hybrid!.optionId)?.monthlyUsd).toBe(t.hybrid.monthlyUsd);
    } else expect(t.hybridNote).toMatch(/^No hybrid: /);
  });

  it('medium tier: the hybrid is shown even when it costs more than 1.5× its baseline', () => {
    const r = run('20M req/month 7B model p95 1s');
    expect(r.tierOptions.hybrid).not.toBeNull();
  });

  it.each(['500M req/month distilbert p95 200ms cpu', '200M req/month bert-base p95 100ms', '300M req/month 7B model p95 1s'])(
    'high tier: %s shows on-demand, 1-year and 3-year prices side by side',
    (text) => {
      const r = run(text);
      expect(r.tier).toBe('high');
      expect(r.tierOptions.committed.length).toBeGreaterThan(0);
      for (const c of r.tierOptions.committed) {
        expect(c.commit1yUsd).toBeLessThan(c.onDemandUsd);
        expect(c.commit3yUsd).toBeLessThan(c.commit1yUsd);
      }
    },
  );

  it('a stated 3-year commitment prices the recommendation at the committed rate, the same as the side-by-side figure', () => {
    const base = run('200M req/month bert-base p95 100ms on AWS');
    const committed = run('200M req/month bert-base p95 100ms on AWS, 3-year reserved');
    const side = base.tierOptions.committed.find((c) => c.optionId === rec(committed).id);
    if (side) expect(rec(committed).monthlyUsd).toBeCloseTo(side.commit3yUsd, 2);
    expect(rec(committed).components.some((c) => /3y commitment/.test(c.name))).toBe(true);
  });

  it('the why says when the recommendation departs from its tier', () => {
    const r = run('20M req/month 7B model p95 1s');
    expect(rec(r).kind).not.toBe('hybrid');
    expect(r.recommendation.why).toMatch(/departs from the medium tier's usual answer \(a dedicated baseline with serverless overflow\)/);
    const low = run('100k req/month distilbert');
    if (rec(low).kind === 'serverless' || rec(low).kind === 'api') expect(low.recommendation.why).not.toMatch(/departs/);
  });
});

describe('per-cloud answers', () => {
  it('byCloud names the cheapest option meeting the target on each cloud when no cloud is stated', () => {
    const r = run('20M req/month 7B model p95 1s');
    const b = r.recommendation.byCloud!;
    for (const cloud of ['aws', 'gcp', 'azure'] as const) {
      const cheapest = r.options.filter((o) => o.cloud === cloud && o.feasible && !o.excluded && o.monthlyUsd !== null).sort((a, c) => a.monthlyUsd! - c.monthlyUsd!)[0];
      expect(b[cloud]?.optionId ?? null).toBe(cheapest?.id ?? null);
    }
  });
  it('is absent when a cloud was stated', () => {
    expect(run('20M req/month 7B model p95 1s on GCP').recommendation.byCloud).toBeUndefined();
  });
});
