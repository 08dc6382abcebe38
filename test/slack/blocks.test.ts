// Block Kit builders: golden files (rewritten only with UPDATE_GOLDEN=1), Slack's limits on a huge
// report, and the formatting rules.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adjustModal } from '../../src/core/render/adjust-modal.ts';
import type { Block } from '../../src/core/render/block-kit.ts';
import {
  allOptionsMessage,
  helpMessage,
  homeView,
  issuesMessage,
  jsonMessage,
  problemMessage,
  reportMessage,
} from '../../src/core/render/blocks.ts';
import { formatLatency, formatMonthly, formatPer1k, formatUsd } from '../../src/core/render/slack-format.ts';
import { LIMITS, fitBlocks, truncate, truncateLines } from '../../src/core/render/slack-limits.ts';
import type { IssueCode } from '../../src/core/result.ts';
import { hugeReport, report, workload } from './fixtures.ts';

const GOLDEN = new URL('./golden/', import.meta.url);

function golden(name: string, value: unknown): void {
  const file = new URL(`${name}.json`, GOLDEN);
  const text = JSON.stringify(value, null, 2) + '\n';
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, text);
    return;
  }
  if (!existsSync(file)) throw new Error(`missing golden ${name}.json: run UPDATE_GOLDEN=1 npx vitest run test/slack`);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

describe('goldens', () => {
  it('report message', () => golden('report', reportMessage(report(), { estimateId: 'est1' })));
  it('report message, nothing meets the target', () =>
    golden(
      'report-closest',
      reportMessage(report({ recommendation: { optionId: 'api-together-7b', runnerUpId: null, why: 'Closest to the target.', closestOnly: true } }), { estimateId: 'est2' }),
    ));
  it('report message, no option at all', () =>
    golden('report-none', reportMessage(report({ options: [], suggestions: [], recommendation: { optionId: null, runnerUpId: null, why: '', closestOnly: false } }), { estimateId: 'est3' })));
  it('all options', () => golden('all-options', allOptionsMessage(report())));
  it('json', () => golden('json', jsonMessage(report())));
  it('help (command)', () => golden('help-command', helpMessage('command')));
  it('help (mention)', () => golden('help-mention', helpMessage('mention')));
  it('issues', () =>
    golden(
      'issues',
      issuesMessage(
        [
          { code: 'missing_volume', message: 'raw text never shown' },
          { code: 'unknown_model', message: 'raw', text: 'Llama 9 <900B>' },
        ],
        { surface: 'command', correlationId: 'abcd1234' },
      ),
    ));
  it('problems', () => golden('problems', (['internal', 'rate_limited', 'expired', 'cannot_post'] as const).map((p) => problemMessage(p, { correlationId: 'abcd1234' }))));
  it('adjust modal', () => golden('adjust-modal', adjustModal(workload, '{"e":"est1","c":"C1"}')));
  it('app home', () =>
    golden('app-home', homeView([{ text: '5M req/month 7B model p95 200ms', summary: 'Recommended: RunPod L40S at $612/mo', createdAt: '2026-11-20T10:15:00.000Z' }])));
});

describe('content', () => {
  it('states the recommendation in one sentence with its monthly cost, and the budget', () => {
    const m = reportMessage(report(), { estimateId: 'e' });
    const text = JSON.stringify(m.blocks);
    expect(text).toContain('*Recommended: RunPod L40S at $612/mo* ($0.12 per 1K, p95 120 ms).');
    expect(text).toContain('Within your $1,500/mo budget.');
    expect(m.text).toBe('Recommended: RunPod L40S at $612/mo for 5M requests/mo · 7B-parameter model (fp16) · p95 200 ms');
  });

  it('escapes data text and never shows the raw issue message', () => {
    const text = JSON.stringify(allOptionsMessage(report()).blocks);
    expect(text).toContain('AWS &amp; &lt;GCP&gt; only');
    const issues = JSON.stringify(issuesMessage([{ code: 'missing_model', message: 'SECRET RAW' }], { surface: 'dm', correlationId: 'x' }));
    expect(issues).not.toContain('SECRET RAW');
  });

  it('has copy with an example for every issue code', () => {
    const codes: IssueCode[] = ['empty_input', 'not_a_workload', 'missing_volume', 'missing_model', 'invalid_number', 'out_of_range', 'contradiction', 'invalid_field', 'input_too_long', 'unknown_model'];
    for (const code of codes) {
      const m = issuesMessage([{ code, message: 'raw', text: '12x', field: 'requestsPerMonth' }], { surface: 'command', correlationId: 'c' });
      const t = JSON.stringify(m.blocks);
      expect(t).toContain('/infercost 5M req/month 7B model p95 200ms');
      expect(m.text.length).toBeGreaterThan(20);
    }
  });
});

describe('formatting', () => {
  it('formats money and latency', () => {
    expect(formatMonthly(1234.4)).toBe('$1,234/mo');
    expect(formatMonthly(12.5)).toBe('$12.50/mo');
    expect(formatPer1k(0.042)).toBe('$0.042 per 1K');
    expect(formatPer1k(0.0042)).toBe('$0.0042 per 1K');
    expect(formatUsd(null)).toBe('unknown');
    expect(formatMonthly(null)).toBe('unknown/mo');
    expect(formatUsd(0)).toBe('$0');
    expect(formatLatency(180.4)).toBe('180 ms');
    expect(formatLatency(1200)).toBe('1.2 s');
  });
});

function checkLimits(blocks: Block[], maxBlocks: number): void {
  expect(blocks.length).toBeLessThanOrEqual(maxBlocks);
  for (const b of blocks) {
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    if (b.type === 'section') {
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
      expect((b.fields ?? []).length).toBeLessThanOrEqual(LIMITS.sectionFields);
    }
    if (b.type === 'context') {
      expect(b.elements.length).toBeLessThanOrEqual(LIMITS.contextElements);
      for (const e of b.elements) expect(e.text.length).toBeLessThanOrEqual(LIMITS.contextText);
    }
    if (b.type === 'actions') for (const e of b.elements) expect(e.text.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
  }
}

describe('Slack limits', () => {
  it('a huge report degrades instead of failing', () => {
    const big = hugeReport();
    for (const m of [reportMessage(big, { estimateId: 'e' }), allOptionsMessage(big), jsonMessage(big)]) {
      checkLimits(m.blocks, LIMITS.messageBlocks);
      expect(m.text.length).toBeGreaterThan(0);
      expect(m.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
      expect(JSON.stringify(m.blocks).length).toBeLessThan(40_000);
    }
    const all = allOptionsMessage(big);
    expect(JSON.stringify(all.blocks)).toMatch(/…and \d+ more/);
    // the report keeps its buttons
    const r = reportMessage(big, { estimateId: 'e' });
    expect(r.blocks[r.blocks.length - 1]!.type).toBe('actions');
    expect(JSON.stringify(jsonMessage(big).blocks)).toContain('JSON truncated');
  });

  it('fitBlocks keeps the trailing actions and notes what was dropped', () => {
    const many: Block[] = Array.from({ length: 120 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `line ${i}` } }));
    many.push({ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'x'.repeat(100) } }] });
    const out = fitBlocks(many, 50);
    expect(out).toHaveLength(50);
    expect(out[48]).toMatchObject({ type: 'context' });
    expect(JSON.stringify(out[48])).toContain('…and 72 more');
    expect(out[49]!.type).toBe('actions');
    checkLimits(out, 50);
  });

  it('truncates text and lines', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('😀😀', 2)).toBe('…');
    const lines = Array.from({ length: 10 }, (_, i) => `line-${i}-xxx`).join('\n');
    const cut = truncateLines(lines, 40);
    expect(cut).toBe('line-0-xxx\nline-1-xxx\n…and 8 more');
    expect(cut.length).toBeLessThanOrEqual(40);
  });

  it('view blocks stop at 100', () => {
    const home = homeView(Array.from({ length: 80 }, (_, i) => ({ text: `w${i}`, summary: 's', createdAt: '2026-01-01T00:00:00.000Z' })));
    checkLimits(home.blocks, LIMITS.viewBlocks);
  });
});
