// Block Kit builders: pure functions from a Report (or an issue list) to a Slack message or view.
// They only format what the engine decided; every output goes through slack-limits so Slack never
// rejects it. No clock, no I/O: dates and ids come in as arguments.

import { optionFamily, type Report, type Option, type Suggestion } from '../report.ts';
import type { Assumption, FieldPath } from '../workload.ts';
import type { Issue, IssueCode } from '../result.ts';
import type { Block, HomeView, SlackMessage, SectionBlock } from './block-kit.ts';
import { mrkdwn, plain } from './block-kit.ts';
import { ACTION, BOT_NAME, COMMAND } from './slack-ids.ts';
import { byCloudLine, tierOptionLines } from './tier-lines.ts';
import { fitMessage, fitView, LIMITS, truncate } from './slack-limits.ts';
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

function status(o: Option, report: Report): string {
  if (o.excluded) return `🚫 excluded${o.reasons[0] ? `: ${escapeMrkdwn(o.reasons[0])}` : ''}`;
  if (!o.feasible) return `❌ ${o.reasons[0] ? escapeMrkdwn(o.reasons[0]) : "can't serve this model"}`;
  if (!o.meetsLatency) return `⚠️ misses ${target(report)}`;
  return '✅ meets target';
}

function optionLine(o: Option, report: Report, recommendedId: string | null): string {
  const star = o.id === recommendedId ? '⭐ ' : '';
  const fleet = o.instances > 1 ? `, ${o.instances} instances` : '';
  return (
    `${star}*${escapeMrkdwn(o.name)}* (${escapeMrkdwn(o.hardware)}${fleet}) — ` +
    `${formatMonthly(o.monthlyUsd)} · ${formatPer1k(o.per1kUsd)} · p${report.workload.latency.percentile} ${formatLatency(o.latencyMs)} · ${status(o, report)}`
  );
}

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

function countsLine(report: Report, shown: number): string {
  const total = report.options.length;
  const ok = report.options.filter(meets).length;
  const excluded = report.options.filter((o) => o.excluded).length;
  const short = total - ok - excluded;
  const parts = [`${total} options priced`, `${ok} meet ${target(report)}`];
  if (short > 0) parts.push(`${short} can't run the model or miss the target`);
  if (excluded > 0) parts.push(`${excluded} excluded by your constraints`);
  return `${parts.join(' · ')}. Showing ${shown}; *Show all options* lists the rest with reasons.`;
}

function suggestionLine(s: Suggestion, report: Report): string {
  const next = optionById(report, s.newOptionId);
  const to = s.newMonthlyUsd !== null ? ` → ${next ? `${escapeMrkdwn(next.name)} at ` : ''}${formatMonthly(s.newMonthlyUsd)}` : '';
  const caveat = s.caveats[0] ? ` _${escapeMrkdwn(s.caveats[0])}_` : '';
  return `• *${escapeMrkdwn(s.title)}*: saves ${formatMonthly(s.monthlyUsdSaved)}${to}.${caveat}`;
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
  asyncOk: 'async answers',
  selfHostedOnly: 'self-hosted only',
  hardware: 'hardware',
  job: 'batch job',
  'serving.commitment': 'commitment',
  serving: 'serving stack',
  image: 'image steps and size',
  audioSeconds: 'audio per request',
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
// The report message

export interface ReportMessageOptions {
  /** The key the buttons carry, under which the shell stored the workload. */
  estimateId: string;
  /** A line above the recommendation, e.g. "Adjusted by @ana" or the invite hint. */
  preface?: string;
}

export function reportMessage(report: Report, opts: ReportMessageOptions): SlackMessage {
  const blocks: Block[] = [{ type: 'header', text: plain(`Inference cost: ${workloadSummary(report)}`) }];
  if (opts.preface) blocks.push(section(opts.preface));
  const budget = budgetLine(report);
  blocks.push(section(recommendationSentence(report) + (budget ? `\n${budget}` : '')));

  const main = mainOptions(report);
  if (main.length > 0) {
    blocks.push({ type: 'divider' });
    const lines = main.map((o) => optionLine(o, report, report.recommendation.optionId));
    blocks.push(section(`*Main options*\n${lines.join('\n')}`));
  }
  blocks.push({ type: 'context', elements: [mrkdwn(countsLine(report, main.length))] });

  const suggestions = report.suggestions
    .filter((s) => s.monthlyUsdSaved > 0)
    .sort((a, b) => b.monthlyUsdSaved - a.monthlyUsdSaved || a.id.localeCompare(b.id))
    .slice(0, TOP_SUGGESTIONS);
  if (suggestions.length > 0) {
    blocks.push(section(`*Ways to save*\n${suggestions.map((s) => suggestionLine(s, report)).join('\n')}`));
  }
  if (report.breakEven) blocks.push(section(`*Break-even:* ${escapeMrkdwn(report.breakEven.summary)}`));

  const context: string[] = [];
  // Absent constraints (no cloud, no budget…) stay in the JSON; the message lists the values that shape the numbers.
  const shaping = report.assumptions.filter((a) => a.value !== null && a.value !== false && a.value !== 0);
  if (shaping.length > 0) context.push(`*Assumed* (adjust if wrong)\n${shaping.map(assumptionLine).join('\n')}`);
  const facts = [`Compute: ${report.compute.toUpperCase()} (${escapeMrkdwn(report.computeRule.why)})`];
  if (report.tierAdvice) facts.push(escapeMrkdwn(report.tierAdvice));
  for (const l of tierOptionLines(report)) facts.push(escapeMrkdwn(l));
  const byCloud = byCloudLine(report);
  if (byCloud) facts.push(`By cloud: ${escapeMrkdwn(byCloud)}`);
  for (const n of report.notes) facts.push(escapeMrkdwn(n));
  facts.push(`Prices checked ${report.pricesChecked.oldest} to ${report.pricesChecked.newest}.`);
  context.push(facts.join('\n'));
  blocks.push({ type: 'context', elements: context.map(mrkdwn) });

  blocks.push({
    type: 'actions',
    block_id: 'infercost_report_actions',
    elements: [
      { type: 'button', action_id: ACTION.adjust, text: plain('Adjust assumptions'), value: opts.estimateId, style: 'primary' },
      { type: 'button', action_id: ACTION.showAll, text: plain('Show all options'), value: opts.estimateId },
      { type: 'button', action_id: ACTION.showJson, text: plain('Show JSON'), value: opts.estimateId },
    ],
  });

  return fitMessage({ text: `${summaryLine(report)} for ${workloadSummary(report)}`, blocks });
}

/** Every option, grouped: those that meet the target, those that don't, those excluded. */
export function allOptionsMessage(report: Report): SlackMessage {
  const rec = report.recommendation.optionId;
  const groups: [string, Option[]][] = [
    [`Meet ${target(report)}`, report.options.filter(meets).sort(byCost)],
    ["Can't run the model or miss the target", report.options.filter((o) => !o.excluded && !meets(o)).sort(byCost)],
    ['Excluded by your constraints', report.options.filter((o) => o.excluded).sort(byCost)],
  ];
  const blocks: Block[] = [{ type: 'header', text: plain(`All ${report.options.length} options: ${workloadSummary(report)}`) }];
  for (const [title, options] of groups) {
    if (options.length === 0) continue;
    const lines = options.map((o) => {
      const reasons = o.reasons.length > 1 ? ` (${o.reasons.slice(1).map(escapeMrkdwn).join('; ')})` : '';
      return optionLine(o, report, rec) + reasons;
    });
    const chunks = chunkLines(lines);
    chunks.forEach((c, i) => blocks.push(section(i === 0 ? `*${title}* (${options.length})\n${c}` : c)));
  }
  return fitMessage({ text: `All ${report.options.length} options for ${workloadSummary(report)}`, blocks });
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
            `In a channel, invite me first with ${inlineCode(`/invite @${BOT_NAME}`)}. The CLI works without a Slack account: ${inlineCode('npm run cli -- "<workload>"')}`,
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

