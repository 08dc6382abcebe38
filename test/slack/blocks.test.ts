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
import { LIMITS, blockProblems, classicMessage, fitBlocks, hasNewBlocks, truncate, truncateLines, visibleChars } from '../../src/core/render/slack-limits.ts';
import type { IssueCode } from '../../src/core/result.ts';
import { hugeReport, report, workload } from './fixtures.ts';
import { loadEmbeddedCatalog, loadKnownModels } from '../../src/catalog/embedded.ts';
import { estimate } from '../../src/core/pipeline.ts';
import { runRenderedEstimate } from '../../src/slack/estimate-run.ts';

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
    const m = reportMessage(report(), { estimateId: 'e', requestedBy: 'U9' });
    const text = JSON.stringify(m.blocks);
    expect(text).toContain('Requested by <@U9> · *5M requests/mo · 7B-parameter model (fp16) · p95 200 ms*');
    expect(text).toContain('*Recommended: RunPod L40S at $612/mo*\\np95 120 ms · $0.12 per 1K\\nRunner-up: AWS g5.xlarge at $1,235/mo');
    expect(text).toContain('Within your $1,500/mo budget.');
    expect(m.text).toBe('Recommended: RunPod L40S at $612/mo; runner-up AWS g5.xlarge at $1,235/mo for 5M requests/mo · 7B-parameter model (fp16) · p95 200 ms');
  });

  it('escapes data text and never shows the raw issue message', () => {
    // mrkdwn is escaped; data_table cells are raw_text, shown as written.
    const blocks = allOptionsMessage(report({ recommendation: { optionId: 'runpod-l40s', runnerUpId: 'aws-g5.xlarge', why: 'Cheaper than AWS & <GCP>.', closestOnly: false } })).blocks;
    expect(JSON.stringify(blocks.filter((b) => b.type !== 'data_table'))).toContain('AWS &amp; &lt;GCP&gt;.');
    expect(JSON.stringify(blocks.find((b) => b.type === 'data_table'))).toContain('you asked for AWS & <GCP> only');
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
    const table = all.blocks.find((b) => b.type === 'data_table');
    // Very long names: the table keeps as many rows as fit the message and says how many are left.
    expect(table && table.type === 'data_table' && table.rows.length).toBeGreaterThan(20);
    expect(JSON.stringify(all.blocks)).toMatch(/\d+ more options \(ruled out\)/);
    expect(blockProblems(all.blocks, 'message')).toEqual([]);
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

describe('every payload validates against the documented block limits', () => {
  // Real engine output, not fixtures: the guide example, the help's nothing-meets-target example, a huge report.
  const core = { catalog: loadEmbeddedCatalog(), models: loadKnownModels() };
  const GUIDE = '5M req/month 7B model p95 200ms';
  const real = (text: string) => {
    const r = runRenderedEstimate(text, 'e1', core, 'U1');
    if (r.kind !== 'rendered') throw new Error(`${text} must estimate`);
    const e = estimate(text, core);
    if (!e.ok) throw new Error('parse');
    return { message: r.message, report: e.value.report };
  };

  it.each([GUIDE, 'bert-base classifier, 2M requests a day, p99 50ms, CPU only', 'llama 3 70b 40 rps peak p95 2s on AWS'])('report and all options: %s', (text) => {
    const { message, report: r } = real(text);
    expect(blockProblems(message.blocks, 'message')).toEqual([]);
    expect(blockProblems(allOptionsMessage(r).blocks, 'message')).toEqual([]);
    expect(blockProblems(classicMessage(message).blocks, 'message')).toEqual([]);
  });

  it('the huge report, help, App Home and a follow-up validate too', () => {
    const big = hugeReport();
    for (const m of [reportMessage(big, { estimateId: 'e' }), allOptionsMessage(big), jsonMessage(big), helpMessage('command'), helpMessage('dm')]) expect(blockProblems(m.blocks, 'message')).toEqual([]);
    const home = homeView(Array.from({ length: 80 }, (_, i) => ({ text: `w${i}`, summary: 's', createdAt: '2026-01-01T00:00:00.000Z' })));
    expect(blockProblems(home.blocks, 'view')).toEqual([]);
    expect(JSON.stringify(home.blocks)).toContain('Steer it in the thread');
  });

  it('the guide example reads on a phone: under 1,500 visible characters, the answer above the fold', () => {
    const { message } = real(GUIDE);
    const n = visibleChars(message.blocks);
    expect(n).toBeLessThan(1500);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('Requested by <@U1>');
    expect(text).toMatch(/Recommended: .+ at \$[\d,]+\/mo/);
    expect(text).toMatch(/Runner-up: .+ at \$[\d,]+\/mo/);
    expect(text).toMatch(/Biggest savings\*\\n• .+\\n• /);
    expect(text).toContain('Reply in this thread');
    // Short lines: no mrkdwn line longer than a phone shows in about two lines.
    for (const b of message.blocks) {
      const t = b.type === 'section' ? [b.text?.text ?? ''] : b.type === 'context' ? b.elements.map((e) => e.text) : [];
      for (const line of t.flatMap((x) => x.split('\n'))) expect(line.length, line).toBeLessThanOrEqual(130);
    }
    // The fallback carries the numbers.
    expect(message.text).toMatch(/Recommended: .+ at \$[\d,]+\/mo; runner-up .+ at \$[\d,]+\/mo/);
  });

  it('the report has a bar chart of the leading options, with a classic fallback that keeps the numbers', () => {
    const { message, report: r } = real(GUIDE);
    const chart = message.blocks.find((b) => b.type === 'data_visualization');
    if (!chart || chart.type !== 'data_visualization') throw new Error('no chart');
    expect(chart.chart.type).toBe('bar');
    const rec = r.options.find((o) => o.id === r.recommendation.optionId)!;
    expect(chart.chart.series[0]!.data[0]!.value).toBe(Math.round(rec.monthlyUsd!));
    const classic = classicMessage(message);
    expect(hasNewBlocks(classic.blocks)).toBe(false);
    expect(JSON.stringify(classic.blocks)).toContain(`$${Math.round(rec.monthlyUsd!).toLocaleString('en-US')}`);
  });

  it('the validator catches what Slack would reject', () => {
    const bad: Block[] = [
      { type: 'data_visualization', title: 'x'.repeat(51), chart: { type: 'bar', series: [{ name: 'a', data: [{ label: 'b', value: 1 }] }], axis_config: { categories: ['c'] } } },
      { type: 'data_table', caption: '', rows: [[{ type: 'raw_text', text: 'h' }]] },
    ];
    const p = blockProblems(bad, 'message');
    expect(p.join('\n')).toMatch(/title 51/);
    expect(p.join('\n')).toMatch(/labels do not match/);
    expect(p.join('\n')).toMatch(/no caption/);
    expect(p.join('\n')).toMatch(/1 rows/);
  });
});
