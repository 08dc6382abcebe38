// Golden checks: each platform's monthly cost recomputed by hand from the provider's published
// formula and prices (typed here, not read from the catalog), using the size the engine chose.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/engine/evaluate.ts';
import type { Option } from '../../src/core/report.ts';
import { core, llm7b, parsed, workload } from './helpers.ts';

const HOURS = 730;
const find = (options: Option[], id: string): Option => {
  const o = options.find((x) => x.id === id);
  if (!o) throw new Error(`no option ${id}`);
  return o;
};
/** The billed duration (s) and memory the engine chose, read from the component's name. */
function shapeOf(o: Option): { memGB: number; billedS: number } {
  const c = o.components.find((x) => /compute \(/.test(x.name))!;
  const mem = /\(([\d,]+) MB × ([\d.]+) (ms|s)\)/.exec(c.name)!;
  return { memGB: Number(mem[1]!.replace(/,/g, '')) / 1024, billedS: Number(mem[2]) / (mem[3] === 'ms' ? 1000 : 1) };
}

describe('serverless CPU, by the published formulas', () => {
  const small = workload({ requestsPerMonth: 3e6, model: { name: null, params: 2.2e7, sizeBytes: 8.8e7, precision: 'fp32', kind: 'embedding' }, latency: { percentile: 95, ms: 500, measures: 'e2e' } });
  const r = evaluate(parsed(small), core);

  it('AWS Lambda + HTTP API: $0.20/M requests + $0.0000166667/GB-s after the free tier + $1.00/M HTTP API', () => {
    const o = find(r.options, 'aws-lambda');
    const { memGB, billedS } = shapeOf(o);
    const R = 3e6;
    const gbs = R * billedS * memGB;
    const expected = Math.max(0, R - 1e6) * 0.2e-6 + Math.max(0, gbs - 400_000) * 0.0000166667 + R * 1e-6;
    expect(o.monthlyUsd).toBeCloseTo(expected, 0);
  });

  it('SageMaker Serverless: $0.00002 per GB-second of configured memory, no request fee', () => {
    const o = find(r.options, 'aws-sagemaker-serverless');
    const { memGB, billedS } = shapeOf(o);
    expect(o.monthlyUsd).toBeCloseTo(3e6 * billedS * memGB * 0.00002, 0);
  });

  it('Cloud Run (request-based): $0.000024/vCPU-s + $0.0000025/GiB-s + $0.40/M, after the free tier', () => {
    const o = find(r.options, 'gcp-cloud-run');
    const cpu = o.components.find((c) => c.unit === 'vCPU-second' && c.quantity > 0)!;
    const mem = o.components.find((c) => c.unit === 'GiB-second' && c.quantity > 0)!;
    const R = 3e6;
    const expected = Math.max(0, cpu.quantity - 180_000) * 0.000024 + Math.max(0, mem.quantity - 360_000) * 0.0000025 + Math.max(0, R - 2e6) * 0.4e-6;
    expect(o.monthlyUsd).toBeCloseTo(expected, 0);
  });
});

describe('dedicated instances', () => {
  const r = evaluate(parsed(llm7b(5e6)), core);

  it('EC2 g6e.xlarge: instances × 730 h × $1.861', () => {
    const o = find(r.options, 'aws-ec2-g6e.xlarge');
    expect(o.feasible).toBe(true);
    expect(o.monthlyUsd).toBeCloseTo(o.instances * HOURS * 1.861, 1);
  });

  it('EC2 g5.xlarge at the guide price ($1.006/h) cannot hold a 200 ms p95 TTFT for a 7B fp16 model with 500-token prompts', () => {
    const o = find(r.options, 'aws-ec2-g5.xlarge');
    expect(o.feasible).toBe(false);
    expect(o.reasons.join(' ')).toMatch(/200 ms/);
  });

  it('SageMaker ml.g5.xlarge uses its published $1.408/h, not the EC2 price', () => {
    const w = llm7b(5e6, { latency: { percentile: 95, ms: 1000, measures: 'ttft' } });
    const o = find(evaluate(parsed(w), core).options, 'aws-sagemaker-g5.xlarge');
    expect(o.monthlyUsd).toBeCloseTo(o.instances * HOURS * 1.408, 1);
  });
});

describe('per-second GPU platforms and token APIs', () => {
  it('Replicate bills GPU seconds at its hardware rate (A100 80GB $0.0014/s)', () => {
    const r = evaluate(parsed(llm7b(5e6)), core);
    const o = find(r.options, 'replicate-gpu-a100-large');
    for (const c of o.components) expect(c.unitPriceUsd).toBe(0.0014);
    // An always-on fleet carries one spare container-month at the same rate.
    expect(o.components.some((c) => /spare/.test(c.name) && c.quantity === 730 * 3600)).toBe(true);
    expect(o.monthlyUsd).toBeCloseTo(o.components.reduce((a, c) => a + c.quantity, 0) * 0.0014, 1);
  });

  it('a token API costs requests × (input × input price + output × output price) / 1M', () => {
    const w = llm7b(5e6, { latency: { percentile: 95, ms: 5000, measures: 'ttft' } });
    const r = evaluate(parsed(w), core);
    const apis = r.options.filter((o) => o.kind === 'api');
    expect(apis.length).toBeGreaterThan(3);
    for (const o of apis) {
      const [inp, out] = o.components;
      expect(inp!.quantity).toBeCloseTo((5e6 * 500) / 1e6, 6);
      expect(out!.quantity).toBeCloseTo((5e6 * 200) / 1e6, 6);
      expect(o.monthlyUsd).toBeCloseTo(inp!.quantity * inp!.unitPriceUsd + out!.quantity * out!.unitPriceUsd, 1);
    }
  });
});

describe('defunct platforms', () => {
  it('says Banana.dev shut down and names the alternatives priced instead', async () => {
    const { estimate } = await import('../../src/core/pipeline.ts');
    const r = estimate('5M req/month on banana.dev, 7B model p95 500ms', core);
    if (!r.ok) throw new Error('should parse');
    expect(r.value.report.notes.join(' ')).toMatch(/Banana\.dev.*shut down on 2024-02-01.*Replicate/);
    expect(r.value.report.options.some((o) => /banana/i.test(o.id))).toBe(false);
  });
});
