import { describe, expect, it } from 'vitest';
import { parseWorkload } from '../../src/core/parse/index.ts';
import { Workload } from '../../src/core/workload.ts';
import type { FieldPath } from '../../src/core/workload.ts';
import { models } from './models.ts';
import { PHRASES } from './phrases.ts';
import type { Phrase } from './phrases.ts';

function near(actual: number | null | undefined, expected: number, label: string): void {
  expect(actual, label).not.toBeNull();
  expect(actual, label).toBeDefined();
  const a = actual as number;
  expect(Math.abs(a - expected) <= 1e-3 * Math.max(Math.abs(expected), 1e-9), `${label}: ${a} ≉ ${expected}`).toBe(true);
}

describe('phrase table', () => {
  it('has at least 200 phrases', () => {
    expect(PHRASES.length).toBeGreaterThanOrEqual(200);
  });

  it.each(PHRASES.map((p) => [p.t, p] as [string, Phrase]))('%s', (_t, p) => {
    const r = parseWorkload(p.t, { models });
    if (!r.ok) throw new Error(`did not parse: ${JSON.stringify(r.issues)}`);
    const { workload: w, provenance } = r.value;
    expect(Workload.safeParse(w).success).toBe(true);
    if (p.rpm !== undefined) near(w.requestsPerMonth, p.rpm, 'requestsPerMonth');
    if (p.peak !== undefined) near(w.peakRps, p.peak, 'peakRps');
    if (p.p2a !== undefined) near(w.peakToAverage, p.p2a, 'peakToAverage');
    if (p.pattern !== undefined) expect(w.pattern).toBe(p.pattern);
    if (p.params === null) expect(w.model.params).toBeNull();
    else if (p.params !== undefined) near(w.model.params, p.params, 'params');
    if (p.size !== undefined) near(w.model.sizeBytes, p.size, 'sizeBytes');
    if (p.name !== undefined) expect(w.model.name).toBe(p.name);
    if (p.id !== undefined) expect(w.model.knownId).toBe(p.id);
    if (p.kind !== undefined) expect(w.model.kind).toBe(p.kind);
    if (p.prec !== undefined) expect(w.model.precision).toBe(p.prec);
    if (p.tokens !== undefined) expect(w.tokens).toEqual(p.tokens === null ? null : { input: p.tokens[0], output: p.tokens[1] });
    if (p.lat !== undefined) {
      expect(w.latency.percentile).toBe(p.lat[0]);
      near(w.latency.ms, p.lat[1], 'latency.ms');
      if (p.lat[2]) expect(w.latency.measures).toBe(p.lat[2]);
    }
    if (p.cloud !== undefined) expect(w.cloud).toBe(p.cloud);
    if (p.cc !== undefined) expect(w.computeConstraint).toBe(p.cc);
    if (p.budget === null) expect(w.budgetUsdPerMonth).toBeNull();
    else if (p.budget !== undefined) near(w.budgetUsdPerMonth, p.budget, 'budget');
    if (p.cache !== undefined) near(w.cacheHitRate, p.cache, 'cacheHitRate');
    if (p.spot !== undefined) expect(w.spotOk).toBe(p.spot);
    if (p.region !== undefined) expect(w.region).toBe(p.region);
    if (p.async !== undefined) expect(w.asyncOk).toBe(p.async);
    if (p.sh !== undefined) expect(w.selfHostedOnly).toBe(p.sh);
    if (p.shr !== undefined) expect(w.selfHostedReason).toBe(p.shr);
    for (const [field, source] of Object.entries(p.src ?? {}) as [FieldPath, string][]) {
      expect(provenance[field]?.source, `provenance of ${field}`).toBe(source);
    }
  });
});

describe('provenance', () => {
  const every: FieldPath[] = [
    'requestsPerMonth', 'peakRps', 'peakToAverage', 'pattern', 'model.name', 'model.params', 'model.sizeBytes', 'model.precision',
    'model.kind', 'tokens', 'latency.percentile', 'latency.ms', 'latency.measures', 'cloud', 'computeConstraint',
    'budgetUsdPerMonth', 'cacheHitRate', 'spotOk', 'region', 'asyncOk', 'selfHostedOnly',
  ];

  it.each(PHRASES.filter((_, i) => i % 7 === 0).map((p) => [p.t]))('covers every field: %s', (t) => {
    const r = parseWorkload(t, { models });
    if (!r.ok) throw new Error('did not parse');
    for (const f of every) {
      const o = r.value.provenance[f];
      expect(o, f).toBeDefined();
      if (o?.source !== 'stated') expect(o?.why, `${f} needs a why`).toBeTruthy();
      if (o?.source === 'stated') expect(o.span, `${f} needs a span`).toBeDefined();
    }
  });

  it('spans index into the original text', () => {
    const t = 'Hello team! 8 rps average, 40 rps peak on llama 3 8b, p99 < 1s, CPU only';
    const r = parseWorkload(t, { models });
    if (!r.ok) throw new Error('did not parse');
    for (const o of Object.values(r.value.provenance)) {
      if (o.span) expect(t.slice(o.span.start, o.span.end)).toBe(o.span.text);
    }
    expect(r.value.provenance.peakRps?.span?.text).toBe('40 rps');
    expect(r.value.provenance['model.name']?.span?.text).toBe('llama 3 8b');
    expect(r.value.provenance['latency.ms']?.span?.text).toBe('p99 < 1s');
  });

  it('explains a bare rate as the average', () => {
    const r = parseWorkload('20 rps, 7B', { models });
    if (!r.ok) throw new Error('did not parse');
    expect(r.value.provenance.requestsPerMonth?.why).toMatch(/bare rate is read as the average/);
    expect(r.value.provenance.peakToAverage?.why).toMatch(/robustperception/);
  });

  it('explains TTFT for LLM targets', () => {
    const r = parseWorkload('1M req/month 7B p95 300ms', { models });
    if (!r.ok) throw new Error('did not parse');
    expect(r.value.provenance['latency.measures']?.why).toMatch(/time to first token unless the text says end to end/);
  });

  it('notes a percentile it cannot model', () => {
    const r = parseWorkload('1M req/month 7B p99.9 2s', { models });
    if (!r.ok) throw new Error('did not parse');
    expect(r.value.notes.join(' ')).toMatch(/p99\.9 is estimated as p99/);
  });
});
