// The digest, composed and rendered: re-pricing saved workloads, naming the cause of each change (a
// catalog price — with a modified copy of the catalog —, an edit, the sizing), totals in micro-dollars,
// the biggest savings, and Slack's limits with many workloads.

import { describe, expect, it } from 'vitest';
import { loadEmbeddedCatalog, loadKnownModels } from '../../src/catalog/embedded.ts';
import type { Catalog } from '../../src/core/catalog/schema.ts';
import { composeDigest, type DigestInput } from '../../src/core/digest/compose.ts';
import type { CostPoint, DigestSnapshot } from '../../src/core/digest/snapshot.ts';
import { parseDigestCommand } from '../../src/core/digest/command.ts';
import { cents } from '../../src/core/engine/money.ts';
import { estimate, type CoreContext } from '../../src/core/pipeline.ts';
import { causeText, DETAILED, digestMessage, savedListMessage } from '../../src/core/render/digest-blocks.ts';
import { formatMonthly } from '../../src/core/render/slack-format.ts';
import { unitUsd } from '../../src/core/render/format.ts';
import { blockProblems, classicMessage, LIMITS } from '../../src/core/render/slack-limits.ts';
import { ACTION } from '../../src/core/render/slack-ids.ts';
import type { ParsedWorkload } from '../../src/core/workload.ts';
import { textOf } from '../slack/harness.ts';

const core: CoreContext = { catalog: loadEmbeddedCatalog(), models: loadKnownModels() };
const T0 = '2026-03-02T09:00:00.000Z';
const T1 = '2026-03-09T09:00:00.000Z';

function parsed(text: string): ParsedWorkload {
  const r = estimate(text, core);
  if (!r.ok) throw new Error(`fixture did not parse: ${text}`);
  return r.value.parsed;
}

const BERT = parsed('BERT-base classifier, 100M requests a month, steady traffic, CPU only, p95 300ms');
const CHAT = parsed('5M req/month 7B model p95 200ms');

/** A copy of the catalog with one EC2 instance's on-demand price changed. */
function withInstancePrice(type: string, usd: number): Catalog {
  const c = structuredClone(core.catalog);
  const inst = c.dedicated.instances.find((i) => i.cloud === 'aws' && i.type === type);
  if (!inst) throw new Error(`no ${type}`);
  inst.onDemand = { ...inst.onDemand, usd, checked: '2026-03-08' };
  // The reference region's price also lives in the imported regional prices, which take precedence.
  const regional = c.regional.find((r) => r.cloud === 'aws')?.prices[type]?.[inst.onDemand.region];
  if (regional) regional[0] = usd;
  return c;
}

describe('composeDigest', () => {
  it('prices every saved workload and sums the recommended options in micro-dollars', () => {
    const d = composeDigest(
      [
        { name: 'chat-bot', parsed: CHAT, snapshot: null },
        { name: 'classifier', parsed: BERT, snapshot: null },
      ],
      core,
      T0,
    );
    // most expensive first (which one that is follows the capacity model, so it is read from the costs)
    const costs = d.entries.map((e) => e.monthlyMicroUsd!);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    expect(d.entries.map((e) => e.name).sort()).toEqual(['chat-bot', 'classifier']);
    expect(d.entries.every((e) => e.cause.kind === 'new')).toBe(true);
    const sum = d.entries.reduce((n, e) => n + e.monthlyMicroUsd!, 0);
    expect(d.totalMicroUsd).toBe(sum);
    expect(Number.isInteger(d.totalMicroUsd)).toBe(true);
    expect(d.comparable).toBeNull();
    expect(d.snapshots.map((s) => s.name)).toEqual(['chat-bot', 'classifier']);
    // the biggest saving of each workload, biggest first, in dollars from the reports
    const saved = d.savings.map((s) => s.suggestion.monthlyUsdSaved);
    expect(saved).toEqual([...saved].sort((a, b) => b - a));
    const top = d.entries.find((e) => e.name === d.savings[0]!.workload)!;
    expect(d.savings[0]!.suggestion.monthlyUsdSaved).toBe(Math.max(...top.report.suggestions.map((s) => s.monthlyUsdSaved)));
  });

  it('says nothing changed when nothing did', () => {
    const first = composeDigest([{ name: 'classifier', parsed: BERT, snapshot: null }], core, T0);
    const second = composeDigest([{ name: 'classifier', parsed: BERT, snapshot: first.snapshots[0]! }], core, T1);
    expect(second.entries[0]!.cause).toEqual({ kind: 'unchanged' });
    expect(second.entries[0]!.deltaMicroUsd).toBe(0);
    expect(second.comparable).toEqual({ previousMicroUsd: first.totalMicroUsd, currentMicroUsd: first.totalMicroUsd });
    expect(causeText(second.entries[0]!)).toBe('No change since the last digest.');
  });

  it('names a catalog price change as the cause of a cost change', () => {
    const first = composeDigest([{ name: 'classifier', parsed: BERT, snapshot: null }], core, T0);
    const snap = first.snapshots[0]!;
    // the recommended option is an EC2 instance billed by the hour (CPU only, steady volume)
    const inst = core.catalog.dedicated.instances.find((i) => snap.optionId === `aws-ec2-${i.type.toLowerCase()}`);
    expect(inst, `expected an EC2 instance, got ${snap.optionId}`).toBeDefined();
    const old = inst!.onDemand.usd;
    expect(snap.prices[0]).toMatchObject({ name: `${inst!.type} on-demand`, unit: 'hour', unitPriceUsd: old });

    const raised = Number((old * 1.25).toFixed(4));
    const pricier: CoreContext = { ...core, catalog: withInstancePrice(inst!.type, raised) };
    const second = composeDigest([{ name: 'classifier', parsed: BERT, snapshot: snap }], pricier, T1);
    const e = second.entries[0]!;
    expect(e.cause.kind).toBe('price');
    if (e.cause.kind !== 'price') return;
    expect(e.cause.changes[0]).toMatchObject({ name: `${inst!.type} on-demand`, unit: 'hour', before: old, after: raised });
    expect(e.deltaMicroUsd).toBe(e.monthlyMicroUsd! - snap.monthlyMicroUsd!);
    expect(e.deltaMicroUsd!).toBeGreaterThan(0);
    const line = causeText(e);
    expect(line).toMatch(/^▲ \$[\d,.]+\/mo \(\+[\d.]+%\): a price in the catalog changed \(/);
    expect(line).toContain(`(${inst!.type} on-demand ${unitUsd(old)} → ${unitUsd(raised)} per hour)`);
    // if another option is now cheaper, the switch is named after the price change
    if (e.option!.id !== snap.optionId) {
      expect(e.switchedFrom).toBe(snap.optionName);
      expect(line).toContain(`The recommendation switched from ${snap.optionName} to ${e.option!.name}.`);
    }
    // the snapshot it leaves behind is of the current pick, at current prices
    expect(second.snapshots[0]!.optionId).toBe(e.option!.id);
    expect(second.snapshots[0]!.prices[0]!.unitPriceUsd).toBe(e.option!.components[0]!.unitPriceUsd);
    expect(second.snapshots[0]!.catalogFingerprint).not.toBe(snap.catalogFingerprint);
  });

  it('names an edit of the workload, field by field', () => {
    const first = composeDigest([{ name: 'classifier', parsed: BERT, snapshot: null }], core, T0);
    const edited = parsed('BERT-base classifier, 300M requests a month, steady traffic, CPU only, p95 300ms');
    const second = composeDigest([{ name: 'classifier', parsed: edited, snapshot: first.snapshots[0]! }], core, T1);
    const e = second.entries[0]!;
    expect(e.cause.kind).toBe('edited');
    if (e.cause.kind !== 'edited') return;
    expect(e.cause.fields.map((f) => f.field)).toContain('requestsPerMonth');
    expect(causeText(e)).toContain('the workload was edited (volume 100M/mo → 300M/mo');
  });

  it('an edit outranks a price change as the cause, and the rest fall in order', () => {
    const first = composeDigest([{ name: 'classifier', parsed: BERT, snapshot: null }], core, T0);
    const edited = parsed('BERT-base classifier, 300M requests a month, steady traffic, CPU only, p95 300ms');
    const type = core.catalog.dedicated.instances.find((i) => first.snapshots[0]!.optionId === `aws-ec2-${i.type.toLowerCase()}`)!.type;
    const both = composeDigest([{ name: 'classifier', parsed: edited, snapshot: first.snapshots[0]! }], { ...core, catalog: withInstancePrice(type, 9) }, T1);
    expect(both.entries[0]!.cause.kind).toBe('edited');
  });
});

describe('digest blocks', () => {
  it('shows names, costs, the total and the savings; a late digest says so', () => {
    const d = composeDigest(
      [
        { name: 'chat-bot', parsed: CHAT, snapshot: null },
        { name: 'classifier', parsed: BERT, snapshot: null },
      ],
      core,
      T0,
    );
    const msg = digestMessage(d, { channelId: 'C1', lateFor: 'Monday, March 2 at 9:00 AM EST', scheduleLabel: 'Mondays at 9:00 AM (America/New_York)' });
    const text = textOf(msg.blocks);
    expect(msg.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Weekly inference cost digest' } });
    expect(text).toContain('*This digest is late:* InferCost was offline at the scheduled time (Monday, March 2 at 9:00 AM EST).');
    expect(text).toContain(`*Channel total: ${formatMonthly(cents(d.totalMicroUsd))}* across 2 saved workloads.`);
    for (const e of d.entries) {
      expect(text).toContain(`*${e.name}* · Recommended: ${e.option!.name} at *${formatMonthly(cents(e.monthlyMicroUsd!))}*`);
    }
    expect(text).toContain('*Biggest savings*');
    expect(msg.text).toBe(`(Late) Weekly inference cost digest: ${formatMonthly(cents(d.totalMicroUsd))} across 2 saved workloads`);
    expect(msg.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('fits many workloads in Slack’s limits: the top ones in full, the rest a line each, and a button for all', () => {
    const inputs: DigestInput[] = Array.from({ length: 70 }, (_, i) => ({ name: `workload-${String(i).padStart(2, '0')}`, parsed: i % 2 ? CHAT : BERT, snapshot: null }));
    const d = composeDigest(inputs, core, T0);
    const msg = digestMessage(d, { channelId: 'C1' });
    expect(msg.blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
    const chars = JSON.stringify(msg.blocks).length;
    expect(chars).toBeLessThan(20_000);
    const text = textOf(msg.blocks);
    expect(text).toContain('*Also saved*');
    expect(text).toContain(`…and ${70 - DETAILED - 30} more`);
    const actions = msg.blocks.find((b) => b.type === 'actions');
    expect(actions).toMatchObject({ elements: [{ action_id: ACTION.listWorkloads, value: 'C1', text: { text: 'List all 70 saved workloads' } }] });
    expect(text).toContain(`*Channel total: ${formatMonthly(cents(d.totalMicroUsd))}* across 70 saved workloads.`);
    // the list: every one of them, within limits
    const list = savedListMessage(d);
    expect(list.blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
    expect(textOf(list.blocks)).toContain('workload-69');
  });

  it('an empty channel gets a digest that says how to save a workload', () => {
    const msg = digestMessage(composeDigest([], core, T0), { channelId: 'C1', preview: true });
    expect(textOf(msg.blocks)).toContain('/infercost save chat-bot 5M req/month 7B model p95 200ms');
    expect(msg.text).toBe('Inference cost digest (preview): no workloads saved yet');
  });
});

describe('parseDigestCommand', () => {
  it('reads the subcommands and leaves workloads alone', () => {
    expect(parseDigestCommand('save chat-bot 5M req/month 7B model')).toEqual({ kind: 'save', name: 'chat-bot', workload: '5M req/month 7B model' });
    expect(parseDigestCommand('save')).toEqual({ kind: 'save_usage', problem: 'missing_name', name: null });
    expect(parseDigestCommand('save chat-bot')).toEqual({ kind: 'save_usage', problem: 'missing_workload', name: 'chat-bot' });
    expect(parseDigestCommand('save <@U1> 5M req')).toMatchObject({ kind: 'save_usage', problem: 'bad_name' });
    expect(parseDigestCommand('list')).toEqual({ kind: 'list' });
    expect(parseDigestCommand('forget chat-bot')).toEqual({ kind: 'forget', name: 'chat-bot' });
    expect(parseDigestCommand('digest')).toEqual({ kind: 'digest_show' });
    expect(parseDigestCommand('digest off')).toEqual({ kind: 'digest_off' });
    expect(parseDigestCommand('digest now')).toEqual({ kind: 'digest_now' });
    expect(parseDigestCommand('digest every Monday 9am')).toEqual({ kind: 'digest_set', schedule: 'every Monday 9am' });
    expect(parseDigestCommand('5M req/month 7B model p95 200ms')).toBeNull();
    expect(parseDigestCommand('help')).toBeNull();
    expect(parseDigestCommand('list prices for 5M requests of a 7B model')).toBeNull();
  });
});

describe('digest trend chart', () => {
  const usd = (micro: number) => Math.round(micro / 1e4) / 100;
  /** What the store keeps after a digest is posted for `periodKey` (see completeDigestRun). */
  const record = (history: Map<string, CostPoint[]>, d: ReturnType<typeof composeDigest>, periodKey: string, takenAt: string) => {
    for (const s of d.snapshots) history.set(s.name, [...(history.get(s.name) ?? []), { periodKey, monthlyMicroUsd: s.monthlyMicroUsd, takenAt }]);
  };

  it('three weekly digests draw a three-point line per workload, validated against the block limits', () => {
    const history = new Map<string, CostPoint[]>();
    const snaps = new Map<string, DigestSnapshot>();
    const week = (workloads: [string, ParsedWorkload][], takenAt: string) =>
      composeDigest(
        workloads.map(([name, p]) => ({ name, parsed: p, snapshot: snaps.get(name) ?? null, history: history.get(name) ?? [] })),
        core,
        takenAt,
      );
    const post = (d: ReturnType<typeof composeDigest>, periodKey: string, takenAt: string) => {
      record(history, d, periodKey, takenAt);
      for (const s of d.snapshots) snaps.set(s.name, s);
    };

    const first = week([['chat-bot', CHAT], ['classifier', BERT]], T0);
    // No earlier digest: nothing to draw a line between.
    expect(digestMessage(first, { channelId: 'C1' }).blocks.some((b) => b.type === 'data_visualization')).toBe(false);
    post(first, '2026-W10', T0);

    // Tenfold traffic: one L40S replica carries triple the guide example's peak, so a smaller step would not move the cost.
    const tenfold = { ...CHAT, workload: { ...CHAT.workload, requestsPerMonth: 50e6, peakRps: CHAT.workload.peakRps * 10 } };
    const second = week([['chat-bot', tenfold], ['classifier', BERT]], T1);
    post(second, '2026-W11', T1);

    const third = week([['chat-bot', tenfold], ['classifier', BERT], ['new-one', CHAT]], '2026-03-16T09:00:00.000Z');
    const msg = digestMessage(third, { channelId: 'C1' });
    expect(blockProblems(msg.blocks, 'message')).toEqual([]);
    const chart = msg.blocks.find((b) => b.type === 'data_visualization');
    if (!chart || chart.type !== 'data_visualization') throw new Error('no trend chart');
    expect(chart.chart.type).toBe('line');
    expect(chart.chart.axis_config.categories).toEqual(['2026-W10', '2026-W11', 'This week']);
    // A workload new this week has no line yet.
    expect(chart.chart.series.map((x) => x.name).sort()).toEqual(['chat-bot', 'classifier']);
    const costs = (name: string) => [first, second, third].map((d) => d.entries.find((e) => e.name === name)!.monthlyMicroUsd!);
    for (const name of ['chat-bot', 'classifier']) {
      const line = chart.chart.series.find((x) => x.name === name)!;
      expect(line.data.map((p) => p.label)).toEqual(['2026-W10', '2026-W11', 'This week']);
      expect(line.data.map((p) => p.value)).toEqual(costs(name).map(usd));
    }
    // The tenfold traffic shows as a step in chat-bot's line, then flat.
    const chat = costs('chat-bot');
    expect(chat[1]).toBeGreaterThan(chat[0]!);
    expect(chat[2]).toBe(chat[1]);
    // Without charts, the same numbers as classic blocks.
    const classic = classicMessage(msg);
    expect(classic.blocks.some((b) => b.type === 'data_visualization')).toBe(false);
    const classicText = JSON.stringify(classic.blocks);
    for (const c of chat) expect(classicText).toContain(`$${Math.round(usd(c)).toLocaleString('en-US')}`);
    expect(classicText).toContain('2026-W10');
    expect(blockProblems(classic.blocks, 'message')).toEqual([]);
  });

  it('picks the window that draws the most points; at most six lines and twelve points; labels within limits', () => {
    const history = new Map<string, CostPoint[]>();
    // Eight long-named workloads priced for 14 weeks; one more saved two weeks ago.
    const names = Array.from({ length: 8 }, (_, i) => `a-rather-long-workload-name-${i}`);
    const inputs: DigestInput[] = names.map((name, i) => ({ name, parsed: i % 2 ? CHAT : BERT, snapshot: null }));
    for (let w = 1; w <= 14; w++) {
      const k = `2026-W${String(w).padStart(2, '0')}`;
      for (const name of names) history.set(name, [...(history.get(name) ?? []), { periodKey: k, monthlyMicroUsd: 1e9 * w, takenAt: T0 }].slice(-12));
    }
    history.set('late', [
      { periodKey: '2026-W13', monthlyMicroUsd: 5e9, takenAt: T0 },
      { periodKey: '2026-W14', monthlyMicroUsd: 5e9, takenAt: T0 },
    ]);
    inputs.push({ name: 'late', parsed: CHAT, snapshot: null });
    const d = composeDigest(
      inputs.map((x) => ({ ...x, history: history.get(x.name) ?? [] })),
      core,
      T1,
    );
    const msg = digestMessage(d, { channelId: 'C1', preview: true });
    expect(blockProblems(msg.blocks, 'message')).toEqual([]);
    const chart = msg.blocks.find((b) => b.type === 'data_visualization');
    if (!chart || chart.type !== 'data_visualization') throw new Error('no trend chart');
    // 11 earlier periods (W04…W14) and now: 12 points; six lines of the eight, never 'late' (it would cut the window to 3).
    expect(chart.chart.axis_config.categories).toHaveLength(12);
    expect(chart.chart.axis_config.categories[0]).toBe('2026-W04');
    expect(chart.chart.axis_config.categories.at(-1)).toBe('Now');
    expect(chart.chart.series).toHaveLength(LIMITS.chartSeries);
    expect(chart.chart.series.map((x) => x.name)).not.toContain('late');
    for (const x of chart.chart.series) expect(x.name.length).toBeLessThanOrEqual(LIMITS.chartCategory);
    expect(new Set(chart.chart.series.map((x) => x.name)).size).toBe(LIMITS.chartSeries);
    expect(chart.chart.series[0]!.data.map((p) => p.value).slice(0, 3)).toEqual([4000, 5000, 6000]);
  });

  it('a workload unpriced in a week has no line through that week, and the others keep theirs', () => {
    const d = composeDigest(
      [
        { name: 'chat-bot', parsed: CHAT, snapshot: null, history: [{ periodKey: '2026-W10', monthlyMicroUsd: 1e9, takenAt: T0 }, { periodKey: '2026-W11', monthlyMicroUsd: null, takenAt: T1 }] },
        { name: 'classifier', parsed: BERT, snapshot: null, history: [{ periodKey: '2026-W10', monthlyMicroUsd: 2e9, takenAt: T0 }, { periodKey: '2026-W11', monthlyMicroUsd: 2e9, takenAt: T1 }] },
      ],
      core,
      T1,
    );
    const chart = digestMessage(d, { channelId: 'C1' }).blocks.find((b) => b.type === 'data_visualization');
    if (!chart || chart.type !== 'data_visualization') throw new Error('no trend chart');
    expect(chart.chart.axis_config.categories).toEqual(['2026-W10', '2026-W11', 'This week']);
    expect(chart.chart.series.map((x) => x.name)).toEqual(['classifier']);
  });
});
