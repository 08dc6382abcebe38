// Reading the adjust modal back into a Workload, with the real parser for model names; and the
// help examples, which must actually parse.

import { describe, expect, it } from 'vitest';
import { loadEmbeddedCatalog, loadKnownModels } from '../../src/catalog/embedded.ts';
import { estimate } from '../../src/core/pipeline.ts';
import { adjustModal } from '../../src/core/render/adjust-modal.ts';
import { EXAMPLES } from '../../src/core/render/blocks.ts';
import { readAdjustments, type ViewStateValues } from '../../src/slack/adjust-input.ts';
import { dedupeKey, RecentClaims } from '../../src/slack/request-context.ts';
import { ADJUST_FIELD } from '../../src/slack/ids.ts';
import { SECONDS_PER_MONTH } from '../../src/core/workload.ts';

const core = { catalog: loadEmbeddedCatalog(), models: loadKnownModels() };

function parsedOf(text: string) {
  const r = estimate(text, core);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value.parsed;
}

/** The values Slack would send back for an untouched modal, with overrides. */
function stateFor(parsed: ReturnType<typeof parsedOf>, over: Record<string, Record<string, unknown>> = {}): ViewStateValues {
  const view = adjustModal(parsed.workload, '{}');
  const v: ViewStateValues = {};
  for (const b of view.blocks) {
    if (b.type !== 'input') continue;
    const e = b.element;
    v[b.block_id] = {
      [b.block_id]:
        e.type === 'static_select'
          ? { type: e.type, selected_option: { value: e.initial_option!.value } }
          : e.type === 'checkboxes'
            ? { type: e.type, selected_options: (e.initial_options ?? []).map((o) => ({ value: o.value })) }
            : { type: e.type, value: e.initial_value ?? null },
    };
  }
  for (const [k, val] of Object.entries(over)) v[k] = { [k]: { type: 'x', ...val } };
  return v;
}

describe('readAdjustments', () => {
  const parsed = parsedOf('5M req/month 7B model p95 200ms');

  it('an untouched modal gives back the same workload', () => {
    const r = readAdjustments(stateFor(parsed), parsed, core.models);
    expect(r.ok && r.changed).toEqual([]);
    expect(r.ok && r.parsed.workload).toEqual(parsed.workload);
  });

  it('a new volume keeps the peak-to-average ratio and marks the volume stated', () => {
    const r = readAdjustments(stateFor(parsed, { [ADJUST_FIELD.requestsPerMonth]: { value: '50000000' } }), parsed, core.models);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.parsed.workload.requestsPerMonth).toBe(50_000_000);
    expect(r.parsed.workload.peakToAverage).toBeCloseTo(parsed.workload.peakToAverage);
    expect(r.parsed.workload.peakRps).toBeCloseTo((50_000_000 / SECONDS_PER_MONTH) * parsed.workload.peakToAverage);
    expect(r.parsed.provenance.requestsPerMonth?.source).toBe('stated');
  });

  it('a new precision resizes the weights', () => {
    const r = readAdjustments(stateFor(parsed, { [ADJUST_FIELD.precision]: { selected_option: { value: 'int8' } } }), parsed, core.models);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.parsed.workload.model.precision).toBe('int8');
    expect(r.parsed.workload.model.sizeBytes).toBeCloseTo(parsed.workload.model.sizeBytes / 2);
  });

  it('a new model name goes through the parser', () => {
    const r = readAdjustments(stateFor(parsed, { [ADJUST_FIELD.model]: { value: 'Llama 3.1 70B' } }), parsed, core.models);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.parsed.workload.model.params).toBeGreaterThan(6e10);
  });

  it('bad values come back as errors on their inputs', () => {
    const r = readAdjustments(
      stateFor(parsed, {
        [ADJUST_FIELD.latencyMs]: { value: '0' },
        [ADJUST_FIELD.model]: { value: '' },
        [ADJUST_FIELD.peakRps]: { value: '0.0001' },
      }),
      parsed,
      core.models,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual([ADJUST_FIELD.model, ADJUST_FIELD.peakRps].sort());
    const r2 = readAdjustments(stateFor(parsed, { [ADJUST_FIELD.latencyMs]: { value: '0' } }), parsed, core.models);
    expect(!r2.ok && Object.keys(r2.errors)).toEqual([ADJUST_FIELD.latencyMs]);
  });
});

describe('help examples', () => {
  it.each(EXAMPLES)('"%s" parses', (example) => {
    expect(estimate(example, core).ok).toBe(true);
  });
});

describe('dedupeKey', () => {
  it('keys events on event_id and interactions on trigger_id', () => {
    expect(dedupeKey({ type: 'event_callback', event_id: 'Ev1' })).toBe('event:Ev1');
    expect(dedupeKey({ command: '/infercost', trigger_id: 't1' })).toBe('command:t1');
    expect(dedupeKey({ type: 'block_actions', trigger_id: 't2' })).toBe('action:t2');
    expect(dedupeKey({ type: 'view_submission', trigger_id: 't3' })).toBe('view:t3');
    expect(dedupeKey({ type: 'url_verification' })).toBeNull();
  });
});

describe('RecentClaims (commands, actions and views, claimed in memory)', () => {
  it('claims a key once within the TTL, and again after it', () => {
    const c = new RecentClaims(1000, 10);
    expect(c.claim('command:t1', 0)).toBe(true);
    expect(c.claim('command:t1', 999)).toBe(false);
    expect(c.claim('command:t2', 999)).toBe(true);
    expect(c.claim('command:t1', 1000)).toBe(true);
  });

  it('keeps at most `max` keys, forgetting the oldest first', () => {
    const c = new RecentClaims(60_000, 3);
    for (const k of ['a', 'b', 'c', 'd']) expect(c.claim(k, 0)).toBe(true);
    expect(c.claim('d', 1)).toBe(false);
    expect(c.claim('c', 1)).toBe(false);
    expect(c.claim('a', 1)).toBe(true); // forgotten to make room
  });
});
