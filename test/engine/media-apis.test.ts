// Hosted speech (per audio minute/hour) and image (per image) APIs beside self-hosting, priced by the
// providers' published formulas (typed here, not read from the catalog), with a break-even.
import { describe, expect, it } from 'vitest';
import { parseWorkload } from '../../src/core/parse/index.ts';
import { estimate } from '../../src/core/pipeline.ts';
import type { Report } from '../../src/core/report.ts';
import { core } from './helpers.ts';

function run(text: string): Report {
  const r = estimate(text, core);
  if (!r.ok) throw new Error(`did not parse: ${JSON.stringify(r.issues)}`);
  return r.value.report;
}
const opt = (r: Report, id: string) => {
  const o = r.options.find((x) => x.id === id);
  if (!o) throw new Error(`no option ${id}: ${r.options.map((x) => x.id).join(', ')}`);
  return o;
};

describe('hosted speech APIs', () => {
  const r = run('whisper large v3, 1000 hours of audio a month');

  it('reads hours of audio as 30 s requests, said so', () => {
    expect(r.workload.requestsPerMonth).toBe(120_000);
    expect(r.assumptions.find((a) => a.field === 'requestsPerMonth')?.why).toMatch(/30 s clip/);
  });
  it('Groq whisper-large-v3: $0.111 per audio hour', () => {
    expect(opt(r, 'api-groq-whisper-large-v3').monthlyUsd).toBeCloseTo(1000 * 0.111, 2);
    expect(opt(r, 'api-groq-whisper-large-v3').matchedBy).toBe('weights');
  });
  it('OpenAI whisper-1: $0.006 per audio minute, another Whisper size, said so', () => {
    const o = opt(r, 'api-openai-whisper-large-v2');
    expect(o.monthlyUsd).toBeCloseTo(1000 * 60 * 0.006, 2);
    expect(o.matchedBy).toBe('size');
  });
  it('has a break-even against self-hosting when a self-hosted option meets the target', () => {
    const relaxed = run('whisper large v3, 1000 hours of audio a month, p95 10s');
    expect(relaxed.breakEven).not.toBeNull();
    expect(relaxed.breakEven!.apiOptionId).toMatch(/^api-(groq|openai)-whisper/);
  });
  it('whisper-small is offered the hosted large models, marked as another size', () => {
    const s = run('whisper-small, 100k requests a month');
    const apis = s.options.filter((o) => o.kind === 'api');
    expect(apis.length).toBeGreaterThan(0);
    for (const a of apis) expect(a.matchedBy).toBe('size');
  });
});

describe('audio per request', () => {
  it('5-minute calls: fewer, longer requests; the same hours of audio billed', () => {
    const r = run('whisper large v3, 1000 hours of audio a month, 5-minute calls');
    expect(r.workload.requestsPerMonth).toBe(12_000);
    expect(opt(r, 'api-groq-whisper-large-v3').monthlyUsd).toBeCloseTo(1000 * 0.111, 2);
  });
});

describe('hosted image APIs', () => {
  it('SDXL at $0.002 (Stability) and $0.0075 (Dezgo) an image', () => {
    const r = run('sdxl, 100k images a month');
    expect(opt(r, 'api-stability-sdxl').monthlyUsd).toBeCloseTo(200, 2);
    expect(opt(r, 'api-dezgo-sdxl').monthlyUsd).toBeCloseTo(750, 2);
    expect(r.breakEven?.apiOptionId).toMatch(/^api-(stability|dezgo)-sdxl$/);
  });
  it('self-hosted only rules them out', () => {
    const r = run('sdxl, 100k images a month, self-hosted only');
    expect(opt(r, 'api-stability-sdxl').excluded).toBe(true);
  });
});

describe('audio volumes', () => {
  it.each([
    ['whisper-small, 500 hours of calls per day', (500 * 3600 / 30) * 730 / 24],
    ['whisper large v3, 60,000 minutes of audio a month', 60_000 * 60 / 30],
  ])('%s', (t, rpm) => {
    const p = parseWorkload(t, { models: core.models });
    if (!p.ok) throw new Error('did not parse');
    expect(p.value.workload.requestsPerMonth).toBeCloseTo(rpm, 3);
  });
});
