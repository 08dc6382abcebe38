// Properties that must hold for any workload: costs rise with volume, the recommendation is feasible,
// totals are the exact sum of components, and no suggestion saves more than the cost it reduces.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateOptions } from '../../src/core/engine/evaluate.ts';
import { atVolume } from '../../src/core/engine/break-even.ts';
import { SECONDS_PER_MONTH, Workload } from '../../src/core/workload.ts';
import { core, parsed } from './helpers.ts';

const models = [
  { name: null, params: 2.2e7, sizeBytes: 8.8e7, precision: 'fp32', kind: 'embedding' },
  { name: null, params: 1.1e8, sizeBytes: 4.4e8, precision: 'fp32', kind: 'encoder' },
  { name: null, params: 2.56e7, sizeBytes: 1.02e8, precision: 'fp32', kind: 'vision' },
  { name: null, params: 1e6, sizeBytes: 4e6, precision: 'fp32', kind: 'tabular' },
  { name: null, params: 7e9, sizeBytes: 14e9, precision: 'fp16', kind: 'llm' },
  { name: null, params: 1.5e9, sizeBytes: 3e9, precision: 'fp16', kind: 'llm' },
  { name: null, params: 7e10, sizeBytes: 1.4e11, precision: 'fp16', kind: 'llm' },
] as const;

const arbWorkload = fc
  .record({
    volume: fc.double({ min: 3, max: 10, noNaN: true }),
    p2a: fc.double({ min: 1, max: 5, noNaN: true }),
    model: fc.constantFrom(...models),
    ms: fc.integer({ min: 20, max: 20_000 }),
    pct: fc.constantFrom(50, 90, 95, 99),
    cache: fc.constantFrom(0, 0.3),
    spot: fc.boolean(),
  })
  .map((x) => {
    const requestsPerMonth = Math.round(10 ** x.volume);
    return Workload.parse({
      requestsPerMonth,
      peakToAverage: x.p2a,
      peakRps: (requestsPerMonth / SECONDS_PER_MONTH) * x.p2a,
      model: x.model,
      tokens: x.model.kind === 'llm' ? { input: 500, output: 200 } : null,
      latency: { percentile: x.pct, ms: x.ms, measures: x.model.kind === 'llm' ? 'ttft' : 'e2e' },
      cacheHitRate: x.cache,
      spotOk: x.spot,
    });
  });

describe('engine properties', () => {
  it('every option costs the exact sum of its components, and the recommendation is feasible', () => {
    fc.assert(
      fc.property(arbWorkload, (w) => {
        const ev = evaluateOptions(w, core);
        for (const o of ev.options) {
          if (o.monthlyMicroUsd === null) {
            expect(o.monthlyUsd).toBeNull();
            continue;
          }
          const sum = o.components.reduce((s, c) => s + (c.monthlyMicroUsd ?? NaN), 0);
          expect(sum).toBe(o.monthlyMicroUsd);
          expect(o.monthlyMicroUsd).toBeGreaterThanOrEqual(0);
        }
        const rec = ev.options.find((o) => o.id === ev.recommendation.optionId);
        if (ev.recommendation.optionId !== null) {
          expect(rec?.feasible).toBe(true);
          expect(rec?.excluded).toBe(false);
          expect(rec!.latencyMs!).toBeLessThanOrEqual(w.latency.ms + 1e-6);
        }
      }),
      { numRuns: 25 },
    );
  });

  it("an option's cost never falls when volume rises", () => {
    fc.assert(
      fc.property(arbWorkload, fc.double({ min: 1.2, max: 20, noNaN: true }), (w, factor) => {
        const a = evaluateOptions(w, core).options;
        const b = new Map(evaluateOptions(atVolume(w, w.requestsPerMonth * factor), core).options.map((o) => [o.id, o]));
        for (const o of a) {
          const p = b.get(o.id);
          if (!p || o.monthlyMicroUsd === null || p.monthlyMicroUsd === null || !o.feasible || !p.feasible) continue;
          expect(p.monthlyMicroUsd, `${o.id} at ×${factor.toFixed(2)}`).toBeGreaterThanOrEqual(o.monthlyMicroUsd);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('no suggestion saves more than the recommended option costs', () => {
    fc.assert(
      fc.property(arbWorkload, (w) => {
        const r = evaluate(parsed(w), core);
        const rec = r.options.find((o) => o.id === r.recommendation.optionId);
        for (const s of r.suggestions) {
          expect(s.monthlyUsdSaved).toBeGreaterThanOrEqual(0);
          if (rec && s.id !== 'scale-to-zero-dev') expect(s.monthlyUsdSaved).toBeLessThanOrEqual(rec.monthlyUsd! + 1e-9);
          if (rec && s.id !== 'scale-to-zero-dev') expect(s.monthlyUsdSaved).toBeCloseTo(rec.monthlyUsd! - s.newMonthlyUsd!, 1);
        }
      }),
      { numRuns: 12 },
    );
  });

  it('re-evaluating for the recommendation only (skipping dominated and bounded options) picks what the full list picks', () => {
    fc.assert(
      fc.property(arbWorkload, (w) => {
        const full = evaluateOptions(w, core);
        const fast = evaluateOptions(w, core, { cheapestOnly: true });
        const price = (ev: typeof full) => ev.options.find((o) => o.id === ev.recommendation.optionId)?.monthlyMicroUsd ?? null;
        expect(price(fast)).toBe(price(full));
      }),
      { numRuns: 40 },
    );
  });

  it('a ceiling on the cost wanted (what a suggestion must beat) never changes a recommendation under it', () => {
    const commitments = ['none', '1y', '3y'] as const;
    fc.assert(
      fc.property(arbWorkload, fc.double({ min: 0.3, max: 2, noNaN: true }), fc.constantFrom(...commitments), (w0, factor, commitment) => {
        const w = { ...w0, serving: { ...w0.serving, commitment } };
        const price = (ev: ReturnType<typeof evaluateOptions>) => ev.options.find((o) => o.id === ev.recommendation.optionId)?.monthlyMicroUsd ?? null;
        const full = price(evaluateOptions(w, core));
        if (full === null) return;
        const ceiling = full * factor;
        const bounded = price(evaluateOptions(w, core, { cheapestOnly: true, belowMicroUsd: ceiling }));
        if (full < ceiling) expect(bounded).toBe(full);
        else expect(bounded === null || bounded >= ceiling).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
