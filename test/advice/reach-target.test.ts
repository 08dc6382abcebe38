// Nothing meets the target: Slack and the CLI say the same thing, from the same priced levers, and
// never show an empty table or a "$0.00/mo" saving.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadEmbeddedCatalog, loadKnownModels } from '../../src/catalog/embedded.ts';
import { reachTarget, roundUpLatency, targetAdviceLines } from '../../src/core/advice/reach-target.ts';
import { evaluate } from '../../src/core/engine/evaluate.ts';
import { estimate } from '../../src/core/pipeline.ts';
import { blockProblems } from '../../src/core/render/slack-limits.ts';
import { runRenderedDetails, runRenderedEstimate } from '../../src/slack/estimate-run.ts';

const core = { catalog: loadEmbeddedCatalog(), models: loadKnownModels() };
const BERT = 'bert-base classifier, 2M requests a day, p99 50ms, CPU only';

function slackText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return out.join('\n').replace(/\*/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

describe('nothing meets the target', () => {
  const e = estimate(BERT, core);
  if (!e.ok) throw new Error('the help example must parse');
  const advice = reachTarget(e.value.parsed, e.value.report, core)!;

  it('names the closest option and prices each lever with the engine', () => {
    expect(advice).not.toBeNull();
    expect(advice.closest?.optionId).toBe(e.value.report.recommendation.runnerUpId);
    expect(advice.levers.length).toBeGreaterThan(0);
    // "Allow GPUs" is the engine's answer on the same workload without "CPU only".
    const gpu = advice.levers.find((l) => l.title.startsWith('Allow GPUs'))!;
    const direct = evaluate({ ...e.value.parsed, workload: { ...e.value.parsed.workload, computeConstraint: null } }, core);
    expect(gpu.optionId).toBe(direct.recommendation.optionId);
    expect(gpu.monthlyUsd).toBe(direct.options.find((o) => o.id === direct.recommendation.optionId)!.monthlyUsd);
    // Cheapest first; none is a "$0" saving.
    const costs = advice.levers.map((l) => l.monthlyUsd ?? Infinity);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    expect(advice.levers.every((l) => (l.monthlyUsd ?? 0) > 0)).toBe(true);
  });

  it('reads the same in Slack and in the CLI', () => {
    const lines = targetAdviceLines(advice);
    const slack = runRenderedEstimate(BERT, 'e1', core, 'U1');
    if (slack.kind !== 'rendered') throw new Error('expected a report');
    const text = slackText(slack.message.blocks);
    expect(blockProblems(slack.message.blocks, 'message')).toEqual([]);
    const cli = spawnSync('npx', ['infercost', '--no-color', BERT], { encoding: 'utf8', timeout: 60_000 });
    expect(cli.status, cli.stderr).toBe(0);
    for (const line of lines) {
      expect(text, line).toContain(line);
      expect(cli.stdout, line).toContain(line);
    }
    // The notification text carries the numbers too.
    expect(slack.message.text).toContain(lines[0]!);
    // No empty table under a heading, no "$0.00/mo" saving, no "see the suggestions" pointing at nothing.
    expect(cli.stdout).not.toMatch(/\$0\.00\/mo/);
    expect(cli.stdout).not.toMatch(/Cheapest options that meet the target/);
    // The table's first row is the closest option the advice names.
    const closestId = advice.closest!.optionId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(cli.stdout).toMatch(new RegExp(`Closest options[^\\n]*\\n[^\\n]+\\n\\s+${closestId}\\s`));
    expect(text).not.toMatch(/see the suggestions/);
    // A chart of what each lever costs, labelled like the lines.
    const chart = slack.message.blocks.find((b) => b.type === 'data_visualization');
    if (!chart || chart.type !== 'data_visualization') throw new Error('no lever chart');
    expect(chart.chart.series[0]!.data.map((d) => d.value)).toEqual(advice.levers.slice(0, 5).map((l) => Math.round(l.monthlyUsd!)));
    // "Details and all options" leads with the same lines.
    const details = slackText(runRenderedDetails(e.value.parsed, core).blocks);
    for (const line of lines) expect(details, line).toContain(line);
  });

  it('is null when an option meets the target', () => {
    const ok = estimate('5M req/month 7B model p95 200ms', core);
    if (!ok.ok) throw new Error('parse');
    expect(reachTarget(ok.value.parsed, ok.value.report, core)).toBeNull();
  });

  it('rounds an accepted latency up to a round figure', () => {
    expect([roundUpLatency(66.1), roundUpLatency(7.2), roundUpLatency(1840), roundUpLatency(120)]).toEqual([70, 8, 2000, 150]);
  });
});
