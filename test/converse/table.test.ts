// The follow-up table: every utterance → the expected intent, and for changes the resulting workload.
import { describe, expect, it } from 'vitest';
import { applyChanges } from '../../src/core/converse/apply.ts';
import { classify } from '../../src/core/converse/classify.ts';
import { resolveMentions } from '../../src/core/converse/options.ts';
import { evaluate } from '../../src/core/engine/evaluate.ts';
import type { Report } from '../../src/core/report.ts';
import type { ParsedWorkload } from '../../src/core/workload.ts';
import { at, ctx, NOW, parsed } from './helpers.ts';
import { ALL, BASE, BERT, type Row } from './utterances.ts';

const bases: Record<'llm' | 'bert', ParsedWorkload> = { llm: parsed(BASE), bert: parsed(BERT) };
const reports = new Map<string, Report>();
function reportOf(base: 'llm' | 'bert'): Report {
  let r = reports.get(base);
  if (!r) {
    r = evaluate(bases[base], ctx);
    reports.set(base, r);
  }
  return r;
}

const cx = { intents: ctx.intents, models: ctx.models, now: NOW };

describe('the follow-up table', () => {
  it('has at least 150 utterances', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(150);
  });

  it.each(ALL.map((r) => [r.say, r] as const))('%s', (_say, row: Row) => {
    const c = classify(row.say, cx);
    expect(c.intent).toBe(row.intent);
    const base = bases[row.base ?? 'llm'];
    if (row.mode) expect(c.mode).toBe(row.mode);
    if (row.name !== undefined) expect(c.name).toBe(row.name);
    if (row.times !== undefined || (row.set && row.intent !== 'new-workload')) {
      const applied = applyChanges(base, c.changes, { models: ctx.models }, row.say);
      expect(applied.ok, JSON.stringify(applied)).toBe(true);
      if (!applied.ok) return;
      const w = applied.value.parsed.workload;
      if (row.times !== undefined) expect(w.requestsPerMonth / base.workload.requestsPerMonth).toBeCloseTo(row.times, 6);
      for (const [path, value] of Object.entries(row.set ?? {})) {
        if (typeof value === 'number') expect(at(w, path), path).toBeCloseTo(value, 0);
        else expect(at(w, path), path).toEqual(value);
      }
    }
    if (row.intent === 'new-workload' && row.set) {
      expect(c.workload).not.toBeNull();
      for (const [path, value] of Object.entries(row.set)) expect(at(c.workload!.workload, path), path).toEqual(value);
    }
    if (row.factor !== undefined) {
      expect(c.growth).not.toBeNull();
      expect((1 + c.growth!.monthlyRate) ** c.horizon!.months).toBeCloseTo(row.factor, 3);
    }
    if (row.target !== undefined) {
      const resolved = resolveMentions(c.mentions, reportOf(row.base ?? 'llm'));
      expect(resolved[0]?.option?.id ?? null).toBe(row.target);
    }
    if (row.targets) {
      const resolved = resolveMentions(c.mentions, reportOf(row.base ?? 'llm'));
      expect(resolved.map((r) => r.option?.id ?? null)).toEqual(row.targets);
    }
  });
});

describe('the intents data', () => {
  for (const intent of ctx.intents.list) {
    it(`${intent.def.id}: every example is read as ${intent.def.id}`, () => {
      for (const e of intent.def.examples) expect(classify(e, cx).intent, e).toBe(intent.def.id);
    });
    it(`${intent.def.id}: no counter-example is read as ${intent.def.id}`, () => {
      for (const e of intent.def.counterExamples) expect(classify(e, cx).intent, e).not.toBe(intent.def.id);
    });
  }
});
