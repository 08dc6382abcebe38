// End to end: converse() re-evaluates with the same engine. The numbers it reports must equal
// evaluate() run directly on the changed workload, built here by hand.
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/core/converse/classify.ts';
import { type ConversationState, converse, type Turn } from '../../src/core/converse/conversation.ts';
import { atVolume } from '../../src/core/engine/break-even.ts';
import { evaluate } from '../../src/core/engine/evaluate.ts';
import { usd } from '../../src/core/render/format.ts';
import type { Report } from '../../src/core/report.ts';
import type { ParsedWorkload, Workload } from '../../src/core/workload.ts';
import { ctx, parsed } from './helpers.ts';
import { BASE } from './utterances.ts';

function recCost(r: Report): { id: string | null; usd: number | null } {
  const id = r.recommendation.optionId;
  return { id, usd: r.options.find((o) => o.id === id)?.monthlyUsd ?? null };
}

function direct(p: ParsedWorkload, change: (w: Workload) => Workload): Report {
  return evaluate({ ...p, workload: change(p.workload) }, ctx);
}

function start(): ConversationState {
  const t = converse(null, BASE, ctx);
  expect(t.intent).toBe('new-workload');
  expect(t.state).not.toBeNull();
  return t.state!;
}

describe('converse', () => {
  const base = parsed(BASE);
  const before = evaluate(base, ctx);

  it('starts from a workload and answers with the engine’s recommendation', () => {
    const t = converse(null, BASE, ctx);
    expect(t.answer.report).toEqual(before);
    expect(t.answer.text).toContain('New estimate');
  });

  it('"what if traffic triples?" equals evaluate() at 3× the volume', () => {
    const t = converse(start(), 'what if traffic triples?', ctx);
    expect(t.intent).toBe('what-if');
    const expected = direct(base, (w) => atVolume(w, w.requestsPerMonth * 3));
    expect(recCost(t.answer.report!)).toEqual(recCost(expected));
    expect(t.answer.report!.options.map((o) => [o.id, o.monthlyUsd])).toEqual(expected.options.map((o) => [o.id, o.monthlyUsd]));
    expect(t.answer.after!.monthlyUsd).toBe(recCost(expected).usd);
    expect(t.answer.before!.monthlyUsd).toBe(recCost(before).usd);
    expect(t.answer.delta!.usd).toBeCloseTo(recCost(expected).usd! - recCost(before).usd!, 2);
    expect(t.answer.text).toContain('traffic ×3');
    // A what-if is a hypothetical: the thread keeps 5M and says what the change is relative to.
    expect(t.answer.text).toContain('relative to 5M/month');
    expect(t.answer.hypothetical).toBe(true);
    expect(t.state!.parsed.workload.requestsPerMonth).toBe(5e6);
    expect(t.changed).toBe(false);
    expect(t.subject!.workload.requestsPerMonth).toBe(15e6);
    expect(t.state!.hypothesis!.parsed.provenance.requestsPerMonth).toMatchObject({ source: 'stated', why: 'changed in the thread: "what if traffic triples?"' });
  });

  it('asking the same what-if twice answers the same, not compounded', () => {
    const s = start();
    const a = converse(s, 'what if traffic triples?', ctx);
    const b = converse(a.state, 'what if traffic triples?', ctx);
    expect(a.answer.report!.workload.requestsPerMonth).toBe(15e6);
    expect(b.answer.report!.workload.requestsPerMonth).toBe(15e6);
    expect(recCost(b.answer.report!)).toEqual(recCost(a.answer.report!));
    expect(b.state!.parsed.workload).toEqual(s.parsed.workload);
  });

  it('"let\'s go with that" keeps the last what-if; "undo" goes back; "reset" goes to the first workload', () => {
    const s = start();
    const w = converse(s, 'what if traffic triples?', ctx);
    const kept = converse(w.state, "let's go with that", ctx);
    expect(kept.intent).toBe('adopt');
    expect(kept.changed).toBe(true);
    expect(kept.state!.parsed.workload.requestsPerMonth).toBe(15e6);
    expect(kept.answer.text).toContain('undo');
    const int8 = converse(kept.state, 'switch to int8', ctx);
    expect(int8.intent).toBe('what-if');
    expect(int8.changed).toBe(true);
    expect(int8.state!.parsed.workload.model.precision).toBe('int8');
    const undone = converse(int8.state, 'undo', ctx);
    expect(undone.intent).toBe('undo');
    expect(undone.state!.parsed.workload).toEqual(kept.state!.parsed.workload);
    expect(recCost(undone.answer.report!)).toEqual(recCost(evaluate(kept.state!.parsed, ctx)));
    const reset = converse(int8.state, 'start over', ctx);
    expect(reset.intent).toBe('undo');
    expect(reset.state!.parsed.workload).toEqual(s.parsed.workload);
    // A reset can be undone, back to where it was.
    expect(converse(reset.state, 'undo', ctx).state!.parsed.workload).toEqual(int8.state!.parsed.workload);
    // With nothing kept, undo says so and changes nothing.
    const none = converse(s, 'undo', ctx);
    expect(none.changed).toBe(false);
    expect(none.answer.text).toMatch(/Nothing to undo/);
    expect(converse(s, "let's go with that", ctx).answer.text).toMatch(/no what-if to keep/);
  });

  it.each([
    ['switch to GCP', 'what-if', { commit: true, stack: false }],
    ['switch to GCP?', 'what-if', { commit: false, stack: false }],
    ['use int8', 'what-if', { commit: true, stack: false }],
    ["let's use int4", 'what-if', { commit: true, stack: false }],
    ['what if we use llama 3 70b', 'what-if', { commit: false, stack: false }],
    ['on GCP instead', 'what-if', { commit: false, stack: false }],
    ['with int8?', 'what-if', { commit: false, stack: false }],
    ['and with int8?', 'what-if', { commit: false, stack: true }],
    ['also spot ok', 'what-if', { commit: false, stack: true }],
    ['assume 50% cache hits', 'assumptions', { commit: true, stack: false }],
    ['compare with GCP', 'compare', { commit: false, stack: false }],
    ['undo', 'undo', { reset: false }],
    ['go back to the original', 'undo', { reset: true }],
    ['start over', 'undo', { reset: true }],
    ['reset please', 'undo', { reset: true }],
    ["let's go with that", 'adopt', {}],
  ] as const)('"%s" reads as %s %o', (say, intent, flags) => {
    const c = classify(say, { intents: ctx.intents, models: ctx.models, now: new Date('2026-11-29T12:00:00Z') });
    expect(c.intent).toBe(intent);
    expect(c).toMatchObject(flags);
  });

  it('"compare with GCP" answers side by side and leaves the workload on any cloud', () => {
    const s = start();
    const t = converse(s, 'compare with GCP', ctx);
    expect(t.intent).toBe('compare');
    const gcp = direct(base, (w) => ({ ...w, cloud: 'gcp' }));
    expect(t.answer.after!.monthlyUsd).toBe(recCost(gcp).usd);
    expect(t.answer.before!.monthlyUsd).toBe(recCost(before).usd);
    expect(t.answer.text).toContain(usd(recCost(before).usd));
    expect(t.answer.text).toContain(usd(recCost(gcp).usd));
    expect(t.state!.parsed.workload.cloud).toBeNull();
    const next = converse(t.state, 'what if traffic doubles?', ctx);
    expect(next.answer.report!.workload.cloud).toBeNull();
  });

  it('"and with int8?" stacks on the previous what-if and equals evaluate() on the int8 workload', () => {
    let s = start();
    s = converse(s, 'what if traffic triples?', ctx).state!;
    const t = converse(s, 'and with int8?', ctx);
    expect(t.intent).toBe('what-if');
    const expected = direct(base, (w) => ({ ...atVolume(w, w.requestsPerMonth * 3), model: { ...w.model, precision: 'int8', sizeBytes: w.model.sizeBytes / 2 } }));
    expect(recCost(t.answer.report!)).toEqual(recCost(expected));
    expect(t.state!.parsed.workload.model.precision).toBe('fp16');
    expect(t.state!.hypothesis!.parsed.workload.model.precision).toBe('int8');
    expect(t.answer.text).toContain('relative to your last what-if (15M/month');
    // Without "and", a what-if starts from the thread's workload again.
    const fresh = converse(s, 'with int8?', ctx);
    expect(fresh.answer.report!.workload.requestsPerMonth).toBe(5e6);
    expect(t.answer.report!.assumptions.find((a) => a.field === 'model.precision')).toBeUndefined();
  });

  it('"assume 50% cache hits" changes the assumption and re-prices with the engine', () => {
    const t = converse(start(), 'assume 50% cache hits', ctx);
    expect(t.intent).toBe('assumptions');
    const expected = direct(base, (w) => ({ ...w, cacheHitRate: 0.5 }));
    expect(recCost(t.answer.report!)).toEqual(recCost(expected));
    expect(t.answer.report!.workload.cacheHitRate).toBe(0.5);
  });

  it('"traffic grows 20% a month, what do we pay in June?" projects 7 months from a pinned now', () => {
    const s = start();
    const t = converse(s, 'traffic grows 20% a month, what do we pay in June?', ctx);
    expect(t.intent).toBe('project');
    expect(t.answer.projection).toMatchObject({ months: 7, date: '2027-06-01' });
    const expected = direct(base, (w) => atVolume(w, w.requestsPerMonth * 1.2 ** 7));
    expect(recCost(t.answer.report!)).toEqual(recCost(expected));
    // A projection looks ahead; the thread's workload is unchanged.
    expect(t.state!.parsed.workload).toEqual(s.parsed.workload);
  });

  it('a what-if that makes the model not fit says so plainly', () => {
    const s = converse(null, '5M req/month 7B model p95 200ms CPU only', ctx).state!;
    const t = converse(s, 'what about llama 3.1 405b?', ctx);
    expect(t.intent).toBe('what-if');
    const r = t.answer.report!;
    expect(r.recommendation.optionId).toBeNull();
    expect(t.answer.text).toMatch(/no longer fits|impossible/);
  });

  it('an impossible latency target says so', () => {
    const t = converse(start(), 'p99 1ms', ctx);
    expect(t.answer.report!.recommendation.optionId).toBeNull();
    expect(t.answer.text).toMatch(/impossible|no longer fits/);
  });

  it('explain: why not Lambda gives Lambda’s reasons from the report', () => {
    const t = converse(start(), 'why not Lambda?', ctx);
    expect(t.intent).toBe('explain');
    const lambda = before.options.find((o) => o.id === 'aws-lambda')!;
    expect(t.answer.options?.[0]?.id).toBe('aws-lambda');
    expect(t.answer.text).toContain(lambda.reasons[0]!);
  });

  it('compare: the named options side by side, with the report’s numbers', () => {
    const t = converse(start(), 'lambda vs g5.xlarge', ctx);
    expect(t.intent).toBe('compare');
    expect(t.answer.options?.map((o) => o.id)).toEqual(['aws-lambda', 'aws-ec2-g5.xlarge']);
    expect(t.answer.options?.[1]?.monthlyUsd).toBe(before.options.find((o) => o.id === 'aws-ec2-g5.xlarge')!.monthlyUsd);
  });

  it('optimize: the report’s suggestions ranked by dollars saved', () => {
    const t = converse(start(), 'how do we cut this in half?', ctx);
    expect(t.intent).toBe('optimize');
    const saved = t.answer.suggestions!.map((s) => s.monthlyUsdSaved);
    expect(saved).toEqual([...saved].sort((a, b) => b - a));
    expect(t.answer.suggestions!.map((s) => s.id).sort()).toEqual(before.suggestions.map((s) => s.id).sort());
  });

  it('save returns an action with the name; help and unknown answer honestly', () => {
    const s = start();
    const save: Turn = converse(s, 'save this as chatbot-prod', ctx);
    expect(save.answer.action).toEqual({ type: 'save', name: 'chatbot-prod' });
    expect(converse(s, 'help', ctx).answer.text).toContain('what if traffic triples?');
    const u = converse(s, 'what is the weather', ctx);
    expect(u.intent).toBe('unknown');
    expect(u.answer.text).toContain('I did not get that');
    expect(u.answer.examples!.length).toBeGreaterThanOrEqual(2);
    expect(u.state!.parsed).toEqual(s.parsed);
  });

  it('a new workload in the thread starts over', () => {
    const t = converse(start(), '5M req/month 13B model p95 300ms', ctx);
    expect(t.intent).toBe('new-workload');
    expect(t.state!.parsed.workload.model.params).toBe(13e9);
    expect(t.answer.report).toEqual(evaluate(parsed('5M req/month 13B model p95 300ms'), ctx));
  });

  it('never throws: empty, junk, huge and broken state', () => {
    const s = start();
    for (const text of ['', '   ', '\u0000\u0001', 'x'.repeat(50_000), '💥'.repeat(100), '×××', 'what if traffic is -3x?', 'what if traffic grows 1e300x']) {
      const t = converse(s, text, ctx);
      expect(typeof t.answer.text).toBe('string');
      expect(t.answer.text.length).toBeGreaterThan(0);
    }
    const broken = converse({ parsed: { workload: { nope: 1 } } as unknown as ParsedWorkload, text: null }, 'what if traffic triples?', ctx);
    expect(broken.state).toBeNull();
    expect(broken.answer.text).toMatch(/e\.g\./);
    expect(converse(null, 'what if traffic triples?', ctx).answer.text).toMatch(/e\.g\./);
  });

  it('state is plain JSON and accepts the store’s ThreadState shape', () => {
    const s = start();
    const roundTrip = JSON.parse(JSON.stringify(s)) as ConversationState;
    const thread = { parsed: roundTrip.parsed, text: roundTrip.text, estimateId: 'e1', updatedAt: '2026-11-29T00:00:00Z' };
    const a = converse(thread, 'what if traffic triples?', ctx);
    const b = converse(s, 'what if traffic triples?', ctx);
    expect(recCost(a.answer.report!)).toEqual(recCost(b.answer.report!));
  });
});
