// The price-audit corrections of issue 14 (../shared/research/price-audit.md §6), one test each.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { termsFor } from '../src/core/catalog/schema.ts';
import { evaluate } from '../src/core/engine/evaluate.ts';
import { priceIn } from '../src/core/engine/regional.ts';
import { estimate } from '../src/core/pipeline.ts';
import { core, llm7b, parsed } from './engine/helpers.ts';

const cat = core.catalog;
const gcp = cat.dedicated.terms.find((t) => t.cloud === 'gcp')!;
const inst = (type: string) => cat.dedicated.instances.find((i) => i.type === type)!;
const api = (provider: string, model: string) => cat.tokenApis.models.find((m) => m.provider === provider && m.model === model)!;
const report = (text: string) => {
  const r = estimate(text, core);
  if (!r.ok) throw new Error(r.issues[0]!.message);
  return r.value.report;
};

describe('issue 14 corrections', () => {
  it('GCP spot for GPU shapes is 43–48 % off (A3 ~41 %), N2 ~53 %, not the cloud-wide 70 %', () => {
    expect(termsFor(gcp, 'g2-standard-4').spotDiscount).toEqual({ min: 0.43, max: 0.48, typical: 0.45 });
    expect(termsFor(gcp, 'a2-highgpu-1g').spotDiscount.typical).toBe(0.45);
    expect(termsFor(gcp, 'a3-highgpu-8g').spotDiscount.typical).toBe(0.41);
    expect(termsFor(gcp, 'n2-standard-4').spotDiscount.typical).toBe(0.53);
    // The engine uses the family's discount on the spot hours.
    const r = evaluate(parsed(llm7b(5e6, { spotOk: true })), core);
    const g2 = r.options.find((o) => o.id === 'gcp-gce-g2-standard-4')!;
    const spot = g2.components.find((c) => c.name.includes('spot'))!;
    expect(spot.unitPriceUsd).toBeCloseTo(g2.components[0]!.unitPriceUsd * 0.55, 6);
    expect(g2.notes.join()).toMatch(/typical 45% off \(range 43%–48%\)/);
  });

  it('the A3 1g/2g/4g spot-only shapes price an H100 at ~$6.5/h, not $3.29/h', () => {
    const r = evaluate(parsed(llm7b(5e6, { spotOk: true, latency: { percentile: 95, ms: 2000, measures: 'ttft' } })), core);
    const a3 = r.options.find((o) => o.id === 'gcp-gce-a3-highgpu-1g')!;
    expect(a3.components.every((c) => c.name.includes('spot'))).toBe(true);
    const perH100 = a3.components[0]!.unitPriceUsd;
    expect(perH100).toBeCloseTo(inst('a3-highgpu-1g').onDemand.usd * 0.59, 6);
    expect(perH100).toBeGreaterThan(6.3);
    expect(perH100).toBeLessThan(6.6);
  });

  it('GCP committed use: A2 3-year 65 % off, A3 1-year 31 %', () => {
    expect(termsFor(gcp, 'a2-ultragpu-1g').commit3yDiscount.typical).toBe(0.65);
    expect(termsFor(gcp, 'a3-highgpu-8g').commit1yDiscount.typical).toBe(0.31);
    // Other GCP families keep the cloud's terms.
    expect(termsFor(gcp, 'n2-standard-4').commit3yDiscount).toEqual(gcp.commit3yDiscount);
    const r = evaluate(parsed(llm7b(5e6, { serving: { commitment: '3y' } })), core);
    const a2 = r.options.find((o) => o.id === 'gcp-gce-a2-highgpu-1g')!;
    expect(a2.components[0]!.name).toMatch(/3y commitment \(typical 65% off\)/);
    expect(a2.components[0]!.unitPriceUsd).toBeCloseTo(priceIn(inst('a2-highgpu-1g'), 'us-central1', cat)!.usd * 0.35, 9);
  });

  it('RunPod always-on workers pay the public flex rate since 2026-05-13: an always-on L40S worker costs $1,393 a month, not $972', () => {
    const runpod = cat.serverless.gpu.find((p) => p.provider === 'runpod')!;
    for (const h of runpod.hardware) expect(h.alwaysOnPerSecond?.usd).toBe(h.perSecond.usd);
    expect(runpod.hardware.find((h) => h.slug === 'l40s')!.alwaysOnPerSecond!.source).toMatch(/github\.com\/runpod\/docs/);
    const r = report('5M req/month 7B model p95 200ms');
    const l40s = r.options.find((o) => o.id === 'runpod-l40s')!;
    // Each always-on worker (the one that serves and the spare, capacity v2) is 730 h × 3,600 s × $0.00053.
    expect(l40s.components.map((c) => [c.quantity, c.unitPriceUsd, c.monthlyUsd])).toEqual([
      [2_628_000, 0.00053, 1392.84],
      [2_628_000, 0.00053, 1392.84],
    ]);
    expect(l40s.notes.join()).toMatch(/at the flex rate \(no cheaper always-on rate is listed\)/);
  });

  it('Groq Llama 3.1 8B and 3.3 70B (retired 2026-08-16) and Mistral\'s own 7B and Mixtral are marked retired and never recommended', () => {
    for (const [p, m] of [['groq', 'llama-3.1-8b-instant'], ['groq', 'llama-3.3-70b-versatile'], ['mistral', 'open-mistral-7b'], ['mistral', 'open-mixtral-8x7b']] as const) {
      expect(api(p, m).retired, `${p} ${m}`).toBeDefined();
    }
    expect(api('groq', 'llama-3.1-8b-instant').retired!.on).toBe('2026-08-16');
    // Groq was the latency winner for Llama 3.1 8B: a tight TTFT target used to pick it.
    const r = report('100k req/month llama 3.1 8b p50 150ms ttft');
    const groq = r.options.find((o) => o.provider === 'groq' && o.id.includes('llama-3.1-8b'))!;
    expect(groq.feasible).toBe(false);
    expect(groq.reasons[0]).toBe(`retired: Groq shut llama-3.1-8b-instant down on 2026-08-16 (${api('groq', 'llama-3.1-8b-instant').retired!.source})`);
    expect(r.recommendation.optionId).not.toBe(groq.id);
    expect(r.recommendation.runnerUpId).not.toBe(groq.id);
    for (const s of r.suggestions) expect(s.newOptionId).not.toBe(groq.id);
  });

  it('DeepInfra Llama 3.3 70B Turbo is 0.10/0.32 and Together bge-base 0.008 per 1M tokens', () => {
    const d = api('deepinfra', 'meta-llama/Llama-3.3-70B-Instruct-Turbo');
    expect([d.inputPer1M.usd, d.outputPer1M!.usd]).toEqual([0.1, 0.32]);
    expect(d.inputPer1M.checked).toBe('2026-07-02');
    expect(api('together', 'BAAI/bge-base-en-v1.5').inputPer1M.usd).toBe(0.008);
  });

  it('Modal\'s "A10" row uses A10G specs', () => {
    const modal = cat.serverless.gpu.find((p) => p.provider === 'modal')!;
    expect(modal.hardware.find((h) => h.slug === 'a10')!.accelerator).toBe('a10g');
  });

  it('Azure NVadsA10 v5 shapes are in the catalog, priced in every US region the data lists', () => {
    expect(inst('Standard_NV36ads_A10_v5')).toMatchObject({ accelerator: { id: 'a10', count: 1 }, onDemand: { usd: 3.2, region: 'eastus' } });
    expect(inst('Standard_NV72ads_A10_v5')).toMatchObject({ accelerator: { id: 'a10', count: 2 }, onDemand: { usd: 6.52 } });
    const azure = cat.regional.find((r) => r.cloud === 'azure')!;
    expect(Object.keys(azure.prices['Standard_NV36ads_A10_v5']!)).toHaveLength(7);
    const r = evaluate(parsed(llm7b(5e6)), core);
    // Priced at its list price (whether an A10 meets the target is the capacity model's call).
    const nv36 = r.options.find((o) => o.id === 'azure-vm-standard_nv36ads_a10_v5')!;
    expect(nv36.components[0]).toMatchObject({ unitPriceUsd: 3.2 });
    expect(nv36.region).toBe('eastus');
  });
});

describe('freshness', () => {
  it('`infercost prices status` lists each source with its date and the rows older than 90 days', () => {
    const out = execFileSync('npx', ['infercost', 'prices', 'status', '--now', '2026-12-02'], { encoding: 'utf8' });
    expect(out).toMatch(/^Prices on 2026-12-02: \d+ dated rows from \d+ sources; \d+ older than 90 days\./);
    expect(out).toMatch(/regional AWS: skypilot-vms data of 2026-12-02 \(imported 2026-12-02\), 22 types, 16 rows held back/);
    // models.dev data of 2026-07-02 is older than 90 days on 2026-12-02.
    expect(out).toMatch(/2026-07-02 {2}token-apis\.models\[deepinfra meta-llama\/Llama-3.3-70B-Instruct-Turbo\]\.inputPer1M {2}\(https:\/\/models\.dev\/api\.json\)/);
    expect(out).toMatch(/Retired \(never recommended without saying so\):\n {2}Groq llama-3\.1-8b-instant: retired 2026-08-16/);
  });

  it('a recommendation resting on a price older than 90 days says so', () => {
    const r = report('2M req/month llama 3 70b p95 1s');
    expect(r.recommendation.optionId).toBe('api-deepinfra-llama-3.3-70b');
    expect(r.recommendation.why).toMatch(/Check before you buy: its price "DeepInfra input tokens" dates from 2026-07-02, more than 90 days before the catalog's newest prices \(2026-12-02\)\./);
  });
});
