// Block Kit builders: pure functions from a Report (or an issue list) to a Slack message or view.
// They only format what the engine decided; every output goes through slack-limits so Slack never
// rejects it. No clock, no I/O: dates and ids come in as arguments.

import { regionLine } from './workload-summary.ts';
import { optionFamily, type Report, type Option, type Suggestion } from '../report.ts';
import type { Assumption, FieldPath } from '../workload.ts';
import type { Issue, IssueCode } from '../result.ts';
import type { TargetAdvice } from '../advice/advice-lines.ts';
import { targetAdviceLines } from '../advice/advice-lines.ts';
import type { Block, DataVisualizationBlock, HomeView, RawTextCell, SlackMessage, SectionBlock } from './block-kit.ts';
import { mrkdwn, plain } from './block-kit.ts';
import { ACTION, BOT_NAME, COMMAND } from './slack-ids.ts';
import { byCloudLine, tierOptionLines } from './tier-lines.ts';
import { fitMessage, fitView, LIMITS, truncate, truncateLines, visibleChars } from './slack-limits.ts';
import {
  escapeMrkdwn,
  formatCount,
  formatLatency,
  formatMonthly,
  formatNumber,
  formatParams,
  formatPercent,
  formatPer1k,
  inlineCode,
} from './slack-format.ts';

/** Where the user reached us: decides how examples are written (`/infercost …` or `@InferCost …`). */
export type Surface = 'command' | 'mention' | 'dm';

export const MAIN_OPTIONS = 6;
export const TOP_SUGGESTIONS = 3;

export const EXAMPLES = [
  '5M req/month 7B model p95 200ms',
  'Llama 3.1 8B, 20 rps peak, 500 tokens in and 200 out, p95 2s on AWS',
  'BERT-base classifier, 100M requests a month, CPU only',
] as const;

export function exampleFor(surface: Surface, example: string = EXAMPLES[0]): string {
  if (surface === 'command') return `${COMMAND} ${example}`;
  if (surface === 'mention') return `@${BOT_NAME} ${example}`;
  return example;
}

// ---------------------------------------------------------------------------------------------
// Pieces

export function workloadSummary(report: Report): string {
  const w = report.workload;
  const model = w.model.name ?? (w.model.params !== null ? `${formatParams(w.model.params)}-parameter model` : 'model');
  return `${formatCount(w.requestsPerMonth)} requests/mo · ${model} (${w.model.precision}) · p${w.latency.percentile} ${formatLatency(w.latency.ms)}`;
}

function target(report: Report): string {
  const l = report.workload.latency;
  return `p${l.percentile} ${formatLatency(l.ms)}${l.measures === 'ttft' ? ' to first token' : ''}`;
}

function optionById(report: Report, id: string | null): Option | undefined {
  return id === null ? undefined : report.options.find((o) => o.id === id);
}

function byCost(a: Option, b: Option): number {
  const ca = a.monthlyUsd ?? Number.POSITIVE_INFINITY;
  const cb = b.monthlyUsd ?? Number.POSITIVE_INFINITY;
  return ca === cb ? a.id.localeCompare(b.id) : ca - cb;
}

const meets = (o: Option): boolean => !o.excluded && o.feasible && o.meetsLatency;



/** The recommendation in one sentence, with its monthly cost. */
export function recommendationSentence(report: Report): string {
  const rec = optionById(report, report.recommendation.optionId);
  const why = report.recommendation.why ? ` ${escapeMrkdwn(report.recommendation.why)}` : '';
  if (!rec) return `*No option can serve this workload as described.*${why}`;
  const detail = `${formatPer1k(rec.per1kUsd)}, p${report.workload.latency.percentile} ${formatLatency(rec.latencyMs)}`;
  if (report.recommendation.closestOnly) {
    return `*Nothing meets ${target(report)}; the closest is ${escapeMrkdwn(rec.name)} at ${formatMonthly(rec.monthlyUsd)}* (${detail}).${why}`;
  }
  return `*Recommended: ${escapeMrkdwn(rec.name)} at ${formatMonthly(rec.monthlyUsd)}* (${detail}).${why}`;
}

/** One line for lists (App Home, logs): "Recommended AWS g5.xlarge at $1,234/mo". */
export function summaryLine(report: Report): string {
  const rec = optionById(report, report.recommendation.optionId);
  if (!rec) return 'No option can serve it as described';
  return `${report.recommendation.closestOnly ? 'Closest' : 'Recommended'}: ${rec.name} at ${formatMonthly(rec.monthlyUsd)}`;
}

function budgetLine(report: Report): string | null {
  const budget = report.workload.budgetUsdPerMonth;
  const rec = optionById(report, report.recommendation.optionId);
  if (budget === null || !rec || rec.monthlyUsd === null) return null;
  return rec.monthlyUsd <= budget
    ? `Within your ${formatMonthly(budget)} budget.`
    : `Over your ${formatMonthly(budget)} budget by ${formatMonthly(rec.monthlyUsd - budget)}.`;
}

/** The options worth a glance: the recommendation first, then the cheapest of each kind (dedicated,
 * serverless, hybrid, API) so the comparison spans the ways to deploy, then the cheapest of other
 * families; one option per family (the same VM through Kubernetes is not a new option). */
export function mainOptions(report: Report, limit = MAIN_OPTIONS): Option[] {
  const rec = optionById(report, report.recommendation.optionId);
  let pool = report.options.filter(meets);
  if (pool.length === 0) pool = report.options.filter((o) => !o.excluded && o.feasible);
  const rest = pool.filter((o) => o.id !== rec?.id).sort(byCost);
  const chosen: Option[] = [];
  const families = new Set<string>(rec ? [optionFamily(rec)] : []);
  const take = (o: Option | undefined) => {
    if (!o || chosen.length + (rec ? 1 : 0) >= limit || families.has(optionFamily(o))) return;
    families.add(optionFamily(o));
    chosen.push(o);
  };
  for (const kind of ['job', 'dedicated', 'serverless', 'hybrid', 'api'] as const) take(rest.find((o) => o.kind === kind && !families.has(optionFamily(o))));
  for (const o of rest) take(o);
  chosen.sort(byCost);
  return rec ? [rec, ...chosen] : chosen;
}



export const FIELD_LABEL: Record<FieldPath, string> = {
  requestsPerMonth: 'volume',
  peakRps: 'peak',
  peakToAverage: 'peak/average',
  pattern: 'traffic pattern',
  'model.name': 'model',
  'model.params': 'parameters',
  'model.sizeBytes': 'weights',
  'model.precision': 'precision',
  'model.kind': 'model kind',
  tokens: 'tokens per request',
  'latency.percentile': 'percentile',
  'latency.ms': 'latency target',
  'latency.measures': 'latency measured',
  cloud: 'cloud',
  computeConstraint: 'compute',
  budgetUsdPerMonth: 'budget',
  cacheHitRate: 'cache hit rate',
  spotOk: 'spot instances',
  region: 'region',
  dataResidency: 'data residency',
  asyncOk: 'async answers',
  selfHostedOnly: 'self-hosted only',
  serving: 'serving stack',
  hardware: 'hardware',
  job: 'batch job',
  'serving.commitment': 'commitment',
  image: 'image steps and size',
  audioSeconds: 'audio per request',
  'serving.beamSize': 'decoding beams',
};

export function formatAssumptionValue(field: FieldPath, value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    switch (field) {
      case 'requestsPerMonth':
        return `${formatCount(value)}/mo`;
      case 'peakRps':
        return `${formatNumber(value)} rps`;
      case 'peakToAverage':
        return `${formatNumber(value)}×`;
      case 'model.params':
        return formatParams(value);
      case 'model.sizeBytes':
        return `${formatNumber(value / 1e9)} GB`;
      case 'latency.percentile':
        return `p${value}`;
      case 'latency.ms':
        return formatLatency(value);
      case 'budgetUsdPerMonth':
        return formatMonthly(value);
      case 'cacheHitRate':
        return formatPercent(value);
      default:
        return formatNumber(value);
    }
  }
  if (field === 'job' && typeof value === 'object' && value !== null && 'itemsPerRun' in value) {
    const j = value as { itemsPerRun: number; runsPerMonth: number; windowHours: number };
    return `${formatCount(j.itemsPerRun)} items a run × ${formatNumber(j.runsPerMonth)} runs a month, each within ${formatNumber(j.windowHours)} h`;
  }
  if (field === 'hardware' && typeof value === 'object' && value !== null && 'only' in value) {
    const h = value as { only: string[]; exclude: string[] };
    return [h.only.length > 0 ? `only ${h.only.join(', ')}` : '', h.exclude.length > 0 ? `not ${h.exclude.join(', ')}` : ''].filter(Boolean).join('; ');
  }
  if (typeof value === 'object' && value !== null && 'input' in value && 'output' in value) {
    const t = value as { input: number; output: number };
    return `${formatNumber(t.input)} in / ${formatNumber(t.output)} out`;
  }
  return String(value);
}

export function assumptionLine(a: Assumption): string {
  return `${FIELD_LABEL[a.field] ?? a.field}: ${escapeMrkdwn(formatAssumptionValue(a.field, a.value))} (${escapeMrkdwn(a.why)})`;
}

function section(text: string): SectionBlock {
  return { type: 'section', text: mrkdwn(text) };
}

/** Split lines into chunks that each fit a section. */
export function chunkLines(lines: string[], max = LIMITS.sectionText - 100): string[] {
  const chunks: string[] = [];
  let cur = '';
  for (const line of lines) {
    const l = truncate(line, max);
    if (cur && cur.length + 1 + l.length > max) {
      chunks.push(cur);
      cur = l;
    } else cur = cur ? `${cur}\n${l}` : l;
  }
  if (cur) chunks.push(cur);
  return chunks;
}

// ---------------------------------------------------------------------------------------------
// The report message: short enough to read on a phone. Who asked and the workload in one line; the
// recommendation, runner-up, a chart and the two biggest savings; an invitation to steer it in the
// thread; everything else one click away (Show all options, Show JSON, Adjust assumptions).

export interface ReportMessageOptions {
  /** The key the buttons carry, under which the shell stored the workload. */
  estimateId: string;
  /** A line above the recommendation, e.g. "Adjusted by @ana" or the invite hint. */
  preface?: string;
  /** The Slack user who asked (slash commands are invisible to the channel). */
  requestedBy?: string;
  /** When nothing meets the target: the closest option and the priced levers (core/advice). */
  advice?: TargetAdvice | null;
}

/** Options in the report's bar chart (at most this many bars). */
export const CHART_OPTIONS = 5;
export const TOP_SAVINGS = 2;

/** How the thread works, for help and App Home. */
export const THREAD_HELP =
  `*Steer it in the thread*: reply under any estimate, no command needed.\n` +
  `• ${inlineCode('what if traffic triples?')} or ${inlineCode('with int8?')}: a what-if, priced against the thread's workload, which stays as it was\n` +
  `• ${inlineCode("let's go with that")}, ${inlineCode('switch to GCP')} or ${inlineCode('assume 50% cache hits')}: change the workload for the rest of the thread\n` +
  `• ${inlineCode('compare with GCP')}: both side by side, nothing switches\n` +
  `• ${inlineCode('undo')} steps back; ${inlineCode('reset')} or ${inlineCode('start over')} goes back to the first workload\n` +
  `• ${inlineCode('why not Lambda?')}, ${inlineCode('how do we cut this in half?')}, ${inlineCode('save this as chat-bot')}`;

/** Follow-ups the report suggests replying with in its thread. */
export const THREAD_EXAMPLES = ['what if traffic triples?', 'with int8?', 'compare with GCP', 'why not Lambda?'] as const;

/** A short, unique label for a chart category (≤ 20 characters). */
function chartLabels(options: Option[]): string[] {
  const used = new Set<string>();
  return options.map((o) => {
    let base = o.name.replace(/\s*\(.*?\)\s*/g, ' ').replace(/\s+/g, ' ').trim();
    // "RunPod Serverless l40s" → "RunPod l40s": the provider and the hardware say which it is.
    const words = base.split(' ');
    if (base.length > LIMITS.chartCategory && words.length > 2) base = `${words[0]} ${words[words.length - 1]}`;
    if (base.length > LIMITS.chartCategory) base = truncate(base, LIMITS.chartCategory);
    let label = base;
    for (let n = 2; used.has(label); n++) label = `${truncate(base, LIMITS.chartCategory - 3)} ${n}`;
    used.add(label);
    return label;
  });
}

/** A bar chart of the leading options' monthly cost (data_visualization; classic bars as fallback). */
export function costChart(options: Option[], title = 'Monthly cost of the leading options'): DataVisualizationBlock | null {
  const priced = options.filter((o) => o.monthlyUsd !== null).slice(0, CHART_OPTIONS);
  if (priced.length < 2) return null;
  const labels = chartLabels(priced);
  return {
    type: 'data_visualization',
    block_id: 'infercost_cost_chart',
    title,
    chart: {
      type: 'bar',
      series: [{ name: 'USD per month', data: priced.map((o, i) => ({ label: labels[i]!, value: Math.round(o.monthlyUsd!) })) }],
      axis_config: { categories: labels, y_label: 'USD per month' },
    },
  };
}

/** Nothing meets the target: a bar chart of what each way to reach it costs a month. */
export function leverChart(advice: TargetAdvice): DataVisualizationBlock | null {
  const priced = advice.levers.filter((l) => l.monthlyUsd !== null).slice(0, CHART_OPTIONS);
  if (priced.length < 2) return null;
  const used = new Set<string>();
  const labels = priced.map((l) => {
    const base = truncate(l.title.replace(/\s*\(.*?\)\s*/g, ' ').trim(), LIMITS.chartCategory);
    let label = base;
    for (let n = 2; used.has(label); n++) label = `${truncate(base, LIMITS.chartCategory - 3)} ${n}`;
    used.add(label);
    return label;
  });
  return {
    type: 'data_visualization',
    block_id: 'infercost_lever_chart',
    title: 'Monthly cost of each way to reach the target',
    chart: {
      type: 'bar',
      series: [{ name: 'USD per month', data: priced.map((l, i) => ({ label: labels[i]!, value: Math.round(l.monthlyUsd!) })) }],
      axis_config: { categories: labels, y_label: 'USD per month' },
    },
  };
}

function savingLine(s: Suggestion): string {
  return `• ${escapeMrkdwn(s.title)}: −${formatMonthly(s.monthlyUsdSaved)}${s.newMonthlyUsd !== null ? ` (→ ${formatMonthly(s.newMonthlyUsd)})` : ''}`;
}

/** The numbers in one line for notifications, screen readers and clients without blocks. */
export function reportFallback(report: Report, advice?: TargetAdvice | null): string {
  const rec = optionById(report, report.recommendation.optionId);
  const runner = optionById(report, report.recommendation.runnerUpId);
  if (advice) return `${targetAdviceLines(advice)[0]} (${workloadSummary(report)})`;
  if (!rec) return `${summaryLine(report)} for ${workloadSummary(report)}`;
  const second = runner && !report.recommendation.closestOnly ? `; runner-up ${runner.name} at ${formatMonthly(runner.monthlyUsd)}` : '';
  return `${summaryLine(report)}${second} for ${workloadSummary(report)}`;
}

export function reportMessage(report: Report, opts: ReportMessageOptions): SlackMessage {
  const who = opts.requestedBy ? `Requested by <@${opts.requestedBy}> · ` : '';
  const blocks: Block[] = [{ type: 'context', elements: [mrkdwn(`${who}*${escapeMrkdwn(workloadSummary(report))}*`)] }];
  if (opts.preface) blocks.push(section(opts.preface));

  const rec = optionById(report, report.recommendation.optionId);
  if (opts.advice) {
    const [head, ...rest] = targetAdviceLines(opts.advice).map(escapeMrkdwn);
    blocks.push(section([`*${head}*`, ...rest].join('\n')));
  } else if (!rec || report.recommendation.closestOnly) {
    blocks.push(section(recommendationSentence(report)));
  } else {
    const runner = optionById(report, report.recommendation.runnerUpId);
    const lines = [
      `*Recommended: ${escapeMrkdwn(rec.name)} at ${formatMonthly(rec.monthlyUsd)}*`,
      `p${report.workload.latency.percentile} ${formatLatency(rec.latencyMs)} · ${formatPer1k(rec.per1kUsd)}`,
      ...(runner ? [`Runner-up: ${escapeMrkdwn(runner.name)} at ${formatMonthly(runner.monthlyUsd)}`] : []),
    ];
    const budget = budgetLine(report);
    if (budget) lines.push(budget);
    blocks.push(section(lines.join('\n')));
  }

  const chart = opts.advice ? leverChart(opts.advice) : costChart(mainOptions(report));
  if (chart) blocks.push(chart);

  // Relaxing the stated target is a product decision, not a saving on what was asked: it stays in
  // the details, not above the fold.
  const savings = report.suggestions
    .filter((s) => s.monthlyUsdSaved > 0 && s.id !== 'relax-latency')
    .sort((a, b) => b.monthlyUsdSaved - a.monthlyUsdSaved || a.id.localeCompare(b.id))
    .slice(0, TOP_SAVINGS);
  if (savings.length > 0 && !opts.advice) blocks.push(section(`*Biggest savings*\n${savings.map(savingLine).join('\n')}`));

  const total = report.options.length;
  const ok = report.options.filter(meets).length;
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(`💬 Reply in this thread to steer it: ${THREAD_EXAMPLES.map((e) => `“${e}”`).join(' · ')} · “undo”`),
      mrkdwn(`${total} options priced, ${ok} meet ${target(report)}${report.regions?.stated ? ` · ${escapeMrkdwn(regionLine(report))}` : ''} · prices checked ${report.pricesChecked.newest}`),
    ],
  });

  blocks.push({
    type: 'actions',
    block_id: 'infercost_report_actions',
    elements: [
      { type: 'button', action_id: ACTION.showAll, text: plain('Details and all options'), value: opts.estimateId, style: 'primary' },
      { type: 'button', action_id: ACTION.adjust, text: plain('Adjust assumptions'), value: opts.estimateId },
      { type: 'button', action_id: ACTION.showJson, text: plain('JSON file'), value: opts.estimateId },
    ],
  });

  return fitMessage({ text: reportFallback(report, opts.advice), blocks });
}

/** Rows of the all-options table: every option, those that meet the target first, each with its reason. */
export const TABLE_PAGE = 10;

function statusCell(o: Option, report: Report): string {
  if (o.excluded) return `excluded: ${o.reasons.join('; ') || 'outside your constraints'}`;
  if (!o.feasible) return o.reasons.join('; ') || "can't serve this model";
  if (!o.meetsLatency) return `misses ${target(report)}${o.reasons.length ? `: ${o.reasons.join('; ')}` : ''}`;
  return o.id === report.recommendation.optionId ? 'recommended' : 'meets target';
}

/** Details and every option: the explanation the report leaves out, and a data table of all options. */
export function allOptionsMessage(report: Report, advice?: TargetAdvice | null): SlackMessage {
  const rec = report.recommendation.optionId;
  const ordered = [
    ...report.options.filter(meets).sort(byCost),
    ...report.options.filter((o) => !o.excluded && !meets(o)).sort(byCost),
    ...report.options.filter((o) => o.excluded).sort(byCost),
  ];
  const blocks: Block[] = [{ type: 'header', text: plain(`Details: ${workloadSummary(report)}`) }];
  // Nothing meets the target: the same priced levers as the report and the CLI (core/advice).
  const head = advice ? targetAdviceLines(advice).map(escapeMrkdwn).join('\n') : `${recommendationSentence(report)}${budgetLine(report) ? `\n${budgetLine(report)}` : ''}`;
  blocks.push(section(truncateLines(head, 1200)));
  const ways = report.suggestions.filter((x) => x.monthlyUsdSaved > 0).sort((a, b) => b.monthlyUsdSaved - a.monthlyUsdSaved || a.id.localeCompare(b.id));
  if (ways.length > 0) {
    blocks.push(section(truncateLines(`*Ways to save* (each re-priced by the engine)\n${ways.map((x) => `${savingLine(x)}${x.caveats[0] ? ` _${escapeMrkdwn(x.caveats[0])}_` : ''}`).join('\n')}`, 1200)));
  }
  if (report.breakEven) blocks.push(section(truncate(`*Self-host vs API:* ${escapeMrkdwn(report.breakEven.summary)}`, 600)));
  const shaping = report.assumptions.filter((a) => a.value !== null && a.value !== false && a.value !== 0);
  if (shaping.length > 0) blocks.push(section(truncateLines(`*Assumed* (use *Adjust assumptions* or reply “assume …” to change)\n${shaping.map((a) => `• ${assumptionLine(a)}`).join('\n')}`, 1500)));
  const facts = [`Compute: ${report.compute.toUpperCase()} (${escapeMrkdwn(report.computeRule.why)})`];
  if (report.tierAdvice) facts.push(escapeMrkdwn(report.tierAdvice));
  for (const l of tierOptionLines(report)) facts.push(escapeMrkdwn(l));
  const byCloud = byCloudLine(report);
  if (byCloud) facts.push(`By cloud: ${escapeMrkdwn(byCloud)}`);
  for (const n of report.notes) facts.push(escapeMrkdwn(n));
  if (report.regions?.stated) facts.push(`Region: ${escapeMrkdwn(regionLine(report))}.`);
  facts.push(`Prices checked ${report.pricesChecked.oldest} to ${report.pricesChecked.newest}.${report.oldestPriceUsed ? ` Oldest price used: ${report.oldestPriceUsed.checked} (${escapeMrkdwn(report.oldestPriceUsed.item)}).` : ''}`);
  blocks.push({ type: 'context', elements: [mrkdwn(truncateLines(facts.join('\n'), 1400))] });

  // One data table (one a message): up to 100 rows. It shares the message's character budget with
  // the details above, so long reasons are shortened here (complete in the JSON file and --all)
  // and, for very long names, the last rows give way.
  const cell = (text: string): RawTextCell => ({ type: 'raw_text', text: text === '' ? '—' : truncate(text, 120) });
  const budget = LIMITS.messageChars - visibleChars(blocks) - 600;
  const row = (o: Option, reason: number): RawTextCell[] => [
    cell(`${o.id === rec ? '⭐ ' : ''}${o.name}`),
    cell(o.feasible && !o.excluded ? formatMonthly(o.monthlyUsd) : '—'),
    cell(o.feasible && !o.excluded ? formatLatency(o.latencyMs) : '—'),
    cell(truncate(statusCell(o, report), reason)),
  ];
  const size = (rows: RawTextCell[][]) => rows.reduce((n, r) => n + r.reduce((m, c) => m + c.text.length, 0), 0);
  let shown = ordered.slice(0, LIMITS.tableRows - 1);
  let reason = 120;
  let body = shown.map((o) => row(o, reason));
  while (size(body) > budget && reason > 40) body = shown.map((o) => row(o, (reason -= 10)));
  while (size(body) > budget && shown.length > 1) {
    shown = shown.slice(0, -1);
    body = body.slice(0, -1);
  }
  const rows: RawTextCell[][] = [[cell('Option'), cell('$/month'), cell(`p${report.workload.latency.percentile}`), cell('Status and reason')], ...body];
  if (shown.length > 0) {
    const ok = report.options.filter(meets).length;
    blocks.push({ type: 'data_table', block_id: 'infercost_all_options', caption: `All ${report.options.length} options: ${ok} meet ${target(report)}`, rows, page_size: TABLE_PAGE });
  }
  const left = ordered.length - shown.length;
  blocks.push({ type: 'context', elements: [mrkdwn(`${left > 0 ? `${left} more options (ruled out) and ` : ''}every figure with its source: *JSON file* on the report, or ${inlineCode('infercost --all')} in a terminal.`)] });
  return fitMessage({ text: `All ${report.options.length} options for ${workloadSummary(report)}: ${summaryLine(report)}`, blocks });
}

/** The report as JSON in code blocks, cut safely on line boundaries when it is too long for Slack. */
export function jsonMessage(report: Report): SlackMessage {
  const json = JSON.stringify(report, null, 2);
  const budget = 9_000;
  const lines = json.split('\n');
  const shownLines: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > budget) break;
    shownLines.push(line);
    used += line.length + 1;
  }
  const blocks: Block[] = chunkLines(shownLines, LIMITS.sectionText - 10).map((c) => section('```' + c.replace(/```/g, "'''") + '```'));
  const cut = shownLines.length < lines.length;
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(
        cut
          ? `JSON truncated: ${formatNumber(used)} of ${formatNumber(json.length)} characters shown. The CLI prints it all: ${inlineCode('npm run cli -- --json "<workload>"')}`
          : `Report format version ${report.version}. The CLI prints the same JSON: ${inlineCode('npm run cli -- --json "<workload>"')}`,
      ),
    ],
  });
  return fitMessage({ text: `JSON report for ${workloadSummary(report)}`, blocks });
}

// ---------------------------------------------------------------------------------------------
// Help and errors

export function helpMessage(surface: Surface): SlackMessage {
  const how =
    surface === 'command'
      ? `Type ${inlineCode(`${COMMAND} <workload>`)} and I'll post the estimate here, where the team can discuss it in the thread.`
      : surface === 'mention'
        ? `Mention me with a workload and I'll answer in the thread.`
        : `Send me a workload here and I'll answer with an estimate.`;
  const blocks: Block[] = [
    { type: 'header', text: plain(`${BOT_NAME}: what will this model cost to serve?`) },
    section(
      `Describe the workload in plain words: traffic, model, latency target, and anything that constrains it (cloud, CPU only, budget). ` +
        `I compare serverless, dedicated GPU and CPU, and hosted APIs, and recommend the cheapest option that meets your target.\n${how}`,
    ),
    section(`*Examples*\n${EXAMPLES.map((e) => `• ${inlineCode(exampleFor(surface, e))}`).join('\n')}`),
    section(THREAD_HELP),
    ...(surface === 'command'
      ? [
          section(
            `*Saved workloads and a weekly digest for the channel*\n` +
              `• ${inlineCode(`${COMMAND} save chat-bot 5M req/month 7B model p95 200ms`)} keeps a workload under a name; ${inlineCode(`${COMMAND} list`)} shows them with today's cost; ${inlineCode(`${COMMAND} forget chat-bot`)} removes one\n` +
              `• ${inlineCode(`${COMMAND} digest every Monday 9am`)} posts a weekly digest here (your time zone): what each costs, what changed and why, the biggest savings\n` +
              `• ${inlineCode(`${COMMAND} digest`)} shows the schedule; ${inlineCode(`${COMMAND} digest now`)} posts a preview; ${inlineCode(`${COMMAND} digest off`)} stops it`,
          ),
        ]
      : []),
    {
      type: 'context',
      elements: [
        mrkdwn(
          `Anything I assume is listed under the estimate; use *Adjust assumptions* to correct it. ` +
            `In a channel, invite me first with ${inlineCode(`/invite @${BOT_NAME}`)}. The CLI works without a Slack account: ${inlineCode("npx infercost '<workload>'")} in a checkout`,
        ),
      ],
    },
  ];
  return fitMessage({ text: `${BOT_NAME} usage: ${exampleFor(surface)}`, blocks });
}

const ISSUE_COPY: Record<IssueCode, (i: Issue) => string> = {
  empty_input: () => 'Tell me about the workload you want to price.',
  not_a_workload: () => "That doesn't look like a workload I can price: I need at least the traffic and the model.",
  missing_volume: () => 'How much traffic? Add a volume such as `5M requests/month` or `20 rps at peak`.',
  missing_model: () => 'Which model? Add a name such as `Llama 3.1 8B` or a size such as `7B model`.',
  invalid_number: (i) => `I couldn't read the number${i.text ? ` ${inlineCode(i.text)}` : ''}. Write it like \`5M\`, \`5,000,000\` or \`2.5k\`.`,
  out_of_range: (i) => `${i.text ? inlineCode(i.text) : 'A value'} is outside what I can price${i.field ? ` for ${escapeMrkdwn(i.field)}` : ''}.`,
  contradiction: (i) => `Two parts of the description disagree${i.text ? ` (${inlineCode(i.text)})` : ''}. Keep the one you mean.`,
  invalid_field: (i) => `One value isn't valid${i.field ? ` (${escapeMrkdwn(i.field)})` : ''}${i.text ? `: ${inlineCode(i.text)}` : ''}.`,
  input_too_long: () => "That's longer than I can read. Keep the description to a few sentences.",
  unknown_model: (i) =>
    `I don't know the model${i.text ? ` ${inlineCode(i.text)}` : ''}. Give its size instead, such as \`13B model\`, or a known name such as \`Llama 3.1 8B\`.`,
};

/** Friendly copy for the core's issues; never the raw message. Shows a working example and the reference id. */
export function issuesMessage(issues: Issue[], opts: { surface: Surface; correlationId: string }): SlackMessage {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const issue of issues) {
    const line = (ISSUE_COPY[issue.code] ?? ISSUE_COPY.not_a_workload)(issue);
    if (!seen.has(line)) lines.push(line);
    seen.add(line);
  }
  const shown = lines.slice(0, 3);
  const first = shown[0] ?? ISSUE_COPY.not_a_workload({ code: 'not_a_workload', message: '' });
  const blocks: Block[] = [
    section(`*I couldn't estimate that.*\n${shown.map((l) => (shown.length > 1 ? `• ${l}` : l)).join('\n')}`),
    section(`Try, for example: ${inlineCode(exampleFor(opts.surface))}`),
    { type: 'context', elements: [mrkdwn(`Reference: ${inlineCode(opts.correlationId)} · ${inlineCode(exampleFor(opts.surface, 'help'))} shows more examples.`)] },
  ];
  return fitMessage({ text: `I couldn't estimate that. ${first.replace(/`/g, '')}`, blocks });
}

export type Problem = 'internal' | 'rate_limited' | 'expired' | 'cannot_post' | 'invalid_payload';

const PROBLEM_COPY: Record<Problem, string> = {
  internal: 'Something went wrong on my side and I could not finish the estimate. Please try again in a minute.',
  rate_limited: 'Slack is rate limiting me right now, so I could not post the estimate. Please try again in a minute.',
  expired: 'That estimate has expired. Run it again to get fresh numbers.',
  cannot_post: `I can't post in this conversation. Invite me with ${inlineCode(`/invite @${BOT_NAME}`)} and try again.`,
  invalid_payload: "Slack sent me something I didn't expect, so I ignored it. Please try again.",
};

/** Shell-side failures, as fixed copy with the reference id. */
export function problemMessage(problem: Problem, opts: { correlationId: string; surface?: Surface }): SlackMessage {
  const blocks: Block[] = [section(PROBLEM_COPY[problem])];
  if (problem === 'expired' || problem === 'cannot_post') blocks.push(section(`For example: ${inlineCode(exampleFor(opts.surface ?? 'command'))}`));
  blocks.push({ type: 'context', elements: [mrkdwn(`Reference: ${inlineCode(opts.correlationId)}`)] });
  return fitMessage({ text: PROBLEM_COPY[problem].replace(/`/g, ''), blocks });
}

/** The line put above a report sent privately because the bot is not in the channel. */
export const INVITE_HINT = `Only you can see this: I'm not in this channel yet. To share estimates with the team, invite me with ${inlineCode(`/invite @${BOT_NAME}`)} and run the command again.`;

// ---------------------------------------------------------------------------------------------
// App Home

export interface RecentEstimateView {
  text: string;
  summary: string;
  /** ISO timestamp. */
  createdAt: string;
}

/** `digests`: the user's digest subscriptions (digest-blocks.ts renders them), shown before the recent estimates. */
export function homeView(recent: RecentEstimateView[], digests: Block[] = []): HomeView {
  const blocks: Block[] = [
    { type: 'header', text: plain(`${BOT_NAME}`) },
    section(
      '*What will this model cost to serve?* Describe a workload in plain words and I compare serverless, dedicated GPU and CPU, ' +
        'and hosted APIs from sourced unit prices and a capacity model, then recommend the cheapest option that meets your latency target. ' +
        'Every assumption is listed so you can correct it.',
    ),
    section(
      `*How to ask*\n• ${inlineCode(`${COMMAND} <workload>`)} in any channel I'm in (invite me with ${inlineCode(`/invite @${BOT_NAME}`)})\n` +
        `• Mention ${inlineCode(`@${BOT_NAME}`)} with a workload; I answer in the thread\n• Or send me a direct message`,
    ),
    section(`*Examples*\n${EXAMPLES.map((e) => `• ${inlineCode(`${COMMAND} ${e}`)}`).join('\n')}`),
    section(THREAD_HELP),
    ...digests,
    { type: 'divider' },
    { type: 'header', text: plain('Your recent estimates') },
  ];
  if (recent.length === 0) {
    blocks.push(section("None yet. Try one of the examples above and it'll show up here."));
  } else {
    for (const r of recent) {
      const when = r.createdAt.slice(0, 16).replace('T', ' ') + ' UTC';
      blocks.push(section(`${inlineCode(truncate(r.text, 200))}\n${escapeMrkdwn(r.summary)}`));
      blocks.push({ type: 'context', elements: [mrkdwn(when)] });
    }
  }
  return fitView({ type: 'home', blocks });
}

