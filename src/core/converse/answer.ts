// Answers: (before report, after report, intent) → a short reply in plain text with light
// Slack-compatible markdown (*bold*), plus structured fields for Block Kit and JSON. Every number
// here comes from a Report the engine produced; nothing is estimated on the side.
import type { Issue } from '../result.ts';
import type { Option, Report, Suggestion } from '../report.ts';
import { compact, ms, usd } from '../render/format.ts';
import type { Assumption } from '../workload.ts';
import type { Growth, Horizon } from './classify.ts';
import type { IntentName, IntentSet } from './intents.ts';
import { resolveMentions } from './options.ts';
import type { OptionMention } from './slots.ts';

export interface CostSummary {
  optionId: string | null;
  optionName: string | null;
  monthlyUsd: number | null;
  /** True when nothing meets the target and only the closest option is known. */
  closestOnly: boolean;
}

export interface Delta {
  usd: number;
  /** null when the before cost was 0 or unknown. */
  pct: number | null;
}

export interface OptionView {
  id: string;
  name: string;
  kind: Option['kind'];
  hardware: string;
  monthlyUsd: number | null;
  feasible: boolean;
  meetsLatency: boolean;
  excluded: boolean;
  latencyMs: number | null;
  reasons: string[];
  recommended: boolean;
  /** Dollars a month more than the recommendation (negative: cheaper, e.g. when it misses the target). */
  vsRecommendedUsd: number | null;
}

export interface Projection {
  monthlyGrowth: number;
  months: number;
  date: string;
  factor: number;
  requestsPerMonth: number;
  dateAssumed: boolean;
}

export interface SaveAction {
  type: 'save';
  name: string;
}

export interface Answer {
  /** The reply: short plain text, *bold* only. */
  text: string;
  /** The report the answer is about (re-evaluated for what-if, assumption changes, projections, new workloads). */
  report?: Report;
  before?: CostSummary;
  after?: CostSummary;
  delta?: Delta | null;
  /** What changed in the workload, one line each. */
  changed?: string[];
  options?: OptionView[];
  suggestions?: Suggestion[];
  assumptions?: Assumption[];
  projection?: Projection;
  /** For the shell to carry out (the Slack layer stores saved workloads; issue 6). */
  action?: SaveAction;
  issues?: Issue[];
  /** Example follow-ups, for help and "I did not get that". */
  examples?: string[];
  /** True when the answer is about a hypothetical (a what-if or a comparison): the thread's workload did not change. */
  hypothetical?: boolean;
}

export function summaryOf(r: Report): CostSummary {
  const id = r.recommendation.optionId ?? r.recommendation.runnerUpId;
  const o = id ? (r.options.find((x) => x.id === id) ?? null) : null;
  return { optionId: o?.id ?? null, optionName: o?.name ?? null, monthlyUsd: o?.monthlyUsd ?? null, closestOnly: r.recommendation.closestOnly };
}

export function deltaOf(before: CostSummary, after: CostSummary): Delta | null {
  if (before.monthlyUsd === null || after.monthlyUsd === null) return null;
  const d = Math.round((after.monthlyUsd - before.monthlyUsd) * 100) / 100;
  return { usd: d, pct: before.monthlyUsd > 0 ? Math.round((d / before.monthlyUsd) * 1000) / 10 : null };
}

function signedUsd(x: number): string {
  return x >= 0 ? `+${usd(x)}` : usd(x);
}

function deltaText(d: Delta | null): string {
  if (!d) return '';
  if (Math.abs(d.usd) < 0.005) return 'no change';
  return `${signedUsd(d.usd)}${d.pct === null ? '' : `, ${d.pct >= 0 ? '+' : '−'}${Math.abs(d.pct)}%`}`;
}

function firstSentence(s: string): string {
  const m = /^(.*?[.!?])(\s|$)/.exec(s);
  return (m?.[1] ?? s).trim();
}

export function optionView(o: Option, r: Report): OptionView {
  const rec = r.options.find((x) => x.id === r.recommendation.optionId) ?? null;
  return {
    id: o.id,
    name: o.name,
    kind: o.kind,
    hardware: o.hardware,
    monthlyUsd: o.monthlyUsd,
    feasible: o.feasible,
    meetsLatency: o.meetsLatency,
    excluded: o.excluded,
    latencyMs: o.latencyMs,
    reasons: o.reasons,
    recommended: rec?.id === o.id,
    vsRecommendedUsd: rec?.monthlyUsd != null && o.monthlyUsd !== null ? Math.round((o.monthlyUsd - rec.monthlyUsd) * 100) / 100 : null,
  };
}

/** "New recommendation" lines shared by what-if, assumption changes and projections. */
function recommendationLines(before: Report, after: Report, label = 'Now'): { lines: string[]; b: CostSummary; a: CostSummary; delta: Delta | null } {
  const b = summaryOf(before);
  const a = summaryOf(after);
  const delta = deltaOf(b, a);
  const lines: string[] = [];
  const rec = after.recommendation;
  if (rec.optionId) {
    const same = b.optionId === a.optionId && !b.closestOnly;
    const was = b.monthlyUsd === null ? '' : ` (was ${same ? '' : `${b.optionName ?? 'nothing'} at `}${usd(b.monthlyUsd)}${delta ? `; ${deltaText(delta)}` : ''})`;
    lines.push(`*${label}:* ${a.optionName} at *${usd(a.monthlyUsd)}/month*${was}`);
    lines.push(`Why: ${firstSentence(rec.why)}`);
    if (b.closestOnly) lines.push('The target is reachable again.');
  } else if (rec.runnerUpId === null) {
    lines.push(`*The model no longer fits:* no option can hold it within your constraints.${b.optionName ? ` Before the change: ${b.optionName} at ${usd(b.monthlyUsd)}/month.` : ''}`);
  } else {
    lines.push(`*The target is now impossible:* ${rec.why}${b.optionName && !b.closestOnly ? ` Before the change: ${b.optionName} at ${usd(b.monthlyUsd)}/month.` : ''}`);
  }
  return { lines, b, a, delta };
}

export interface WhatIfFraming {
  /** A hypothetical: the thread's workload stays as it was (the default for a what-if). */
  hypothetical: boolean;
  /** The workload the change was read against, in a few words ("5M requests/month, 7B model (fp16), p95 200 ms"). */
  relativeTo: string;
  /** The thread's workload when the change was stacked on an earlier what-if. */
  threadWorkload?: string;
}

export function whatIfAnswer(before: Report, after: Report, changed: string[], skipped: string[], heading = 'What changed', framing?: WhatIfFraming): Answer {
  const { lines, b, a, delta } = recommendationLines(before, after, framing?.hypothetical ? 'Then' : 'Now');
  const tail: string[] = [];
  if (framing?.hypothetical) {
    tail.push(
      framing.threadWorkload
        ? `_Hypothetical, relative to your last what-if (${framing.relativeTo}); the thread stays at ${framing.threadWorkload}. Say "let's go with that" to keep it._`
        : `_Hypothetical, relative to ${framing.relativeTo}, which the thread keeps. Say "let's go with that" to keep the change._`,
    );
  } else if (framing) {
    const now = workloadWords(after.workload);
    tail.push(`_From now on this thread assumes ${now}${now === framing.relativeTo ? '' : ` (was ${framing.relativeTo})`}. Say "undo" to go back._`);
  }
  const text = [`*${heading}:* ${changed.join('; ')}`, ...lines, ...(skipped.length > 0 ? [`Not changed: ${skipped.join('; ')}.`] : []), ...tail].join('\n');
  return { text, report: after, before: b, after: a, delta, changed, hypothetical: framing?.hypothetical ?? false };
}

/** A workload in a few words, for "relative to …" and "this thread assumes …". */
export function workloadWords(w: Report['workload']): string {
  const m = w.model;
  const model = m.name ?? (m.params !== null ? `${compact(m.params)} model` : 'the model');
  const lat = `p${w.latency.percentile} ${ms(w.latency.ms)}`;
  return [`${compact(w.requestsPerMonth)}/month`, `${model} (${m.precision})`, lat, ...(w.cloud ? [w.cloud.toUpperCase()] : []), ...(w.computeConstraint ? [`${w.computeConstraint.toUpperCase()} only`] : []), ...(w.cacheHitRate > 0 ? [`${+(w.cacheHitRate * 100).toFixed(1)}% cache hits`] : []), ...(w.spotOk ? ['spot OK'] : [])].join(', ');
}

/** "compare with GCP": the recommendation now and under the change, side by side; nothing switches. */
export function scenarioCompareAnswer(before: Report, after: Report, changed: string[]): Answer {
  const b = summaryOf(before);
  const a = summaryOf(after);
  const delta = deltaOf(b, a);
  const side = (s: CostSummary, r: Report) => (r.recommendation.optionId ? `${s.optionName} at *${usd(s.monthlyUsd)}/month*` : `nothing meets the target${s.optionName ? ` (closest: ${s.optionName} at ${usd(s.monthlyUsd)}/month)` : ''}`);
  const lines = [
    `*Side by side* (relative to ${workloadWords(before.workload)}):`,
    `• *As it is:* ${side(b, before)}`,
    `• *With ${changed.join('; ')}:* ${side(a, after)}${delta && after.recommendation.optionId && before.recommendation.optionId ? ` (${deltaText(delta)})` : ''}`,
  ];
  if (before.recommendation.optionId && after.recommendation.optionId && a.monthlyUsd !== null && b.monthlyUsd !== null) {
    lines.push(a.monthlyUsd < b.monthlyUsd - 0.005 ? `The change is cheaper by ${usd(b.monthlyUsd - a.monthlyUsd)}/month.` : a.monthlyUsd > b.monthlyUsd + 0.005 ? `As it is stays cheaper by ${usd(a.monthlyUsd - b.monthlyUsd)}/month.` : 'Both cost the same.');
  }
  lines.push(`_A comparison: the thread's workload stays ${workloadWords(before.workload)}. Say "let's go with that" to switch._`);
  return { text: lines.join('\n'), report: after, before: b, after: a, delta, changed, hypothetical: true };
}

/** "let's go with that": the last what-if becomes the thread's workload. */
export function adoptAnswer(before: Report, after: Report, changed: string[]): Answer {
  const { lines, b, a, delta } = recommendationLines(before, after);
  const text = [`*Kept:* ${changed.join('; ')}`, ...lines, `_From now on this thread assumes ${workloadWords(after.workload)}. Say "undo" to go back._`].join('\n');
  return { text, report: after, before: b, after: a, delta, changed };
}

/** "undo" / "reset": the thread's workload is back to an earlier one. */
export function restoredAnswer(before: Report, after: Report, reset: boolean): Answer {
  const { lines, b, a, delta } = recommendationLines(before, after);
  const head = reset ? `*Back to the thread's first workload:* ${workloadWords(after.workload)}` : `*Undone:* back to ${workloadWords(after.workload)}`;
  return { text: [head, ...lines].join('\n'), report: after, before: b, after: a, delta, changed: [] };
}

export function nothingToUndoAnswer(current: Report, reset: boolean, hadWhatIf: boolean): Answer {
  const now = workloadWords(current.workload);
  const why = reset ? `This thread is already on its first workload: ${now}.` : `Nothing to undo: this thread's workload has not changed (${now}).`;
  const more = hadWhatIf ? ' What-ifs never change it; say "let\'s go with that" to keep one.' : ' Change it with e.g. "switch to int8" or "assume 50% cache hits".';
  return { text: why + more };
}

export function projectAnswer(before: Report, after: Report, growth: Growth, horizon: Horizon, projection: Projection): Answer {
  const { lines, b, a, delta } = recommendationLines(before, after, horizon.assumed ? 'In a year' : `On ${horizon.date}`);
  const rate = `${+(growth.monthlyRate * 100).toFixed(2)}% a month`;
  const when = horizon.assumed ? `in a year (${horizon.date}; no date given)` : `by ${horizon.date} (${+projection.months.toFixed(1)} months from now)`;
  const head = `*Projection:* at ${rate} compounded, traffic is ${+projection.factor.toFixed(2)}× ${when}: ${compact(before.workload.requestsPerMonth)} → ${compact(projection.requestsPerMonth)} requests a month.`;
  return { text: [head, ...lines].join('\n'), report: after, before: b, after: a, delta, projection, changed: [`traffic ×${+projection.factor.toFixed(3)} (${rate} for ${+projection.months.toFixed(1)} months)`] };
}

function optionLine(v: OptionView): string {
  const status = v.excluded ? `ruled out: ${v.reasons[0] ?? 'outside your constraints'}` : !v.feasible ? `does not work: ${v.reasons[0] ?? 'cannot serve the model'}` : v.recommended ? 'recommended' : v.vsRecommendedUsd !== null ? `${signedUsd(v.vsRecommendedUsd)} vs the recommendation` : 'meets the target';
  const lat = v.latencyMs !== null ? `, ${ms(v.latencyMs)}` : '';
  return `• *${v.name}* (${v.hardware}${lat}): ${usd(v.monthlyUsd)}/month: ${status}`;
}

function notFound(mentions: OptionMention[]): string {
  return mentions.map((m) => (m.alias || m.hardware ? `"${m.text}"` : `a ${m.kind === 'api' ? 'hosted API' : (m.kind ?? m.compute?.toUpperCase() ?? m.text)} option`)).join(', ');
}

export function compareAnswer(report: Report, mentions: OptionMention[]): Answer {
  const resolved = resolveMentions(mentions, report);
  const found = resolved.filter((r) => r.option !== null).map((r) => r.option!);
  const missing = resolved.filter((r) => r.option === null).map((r) => r.mention);
  const rec = report.options.find((o) => o.id === report.recommendation.optionId) ?? null;
  if (found.length === 1 && rec && found[0]!.id !== rec.id) found.push(rec);
  if (found.length === 0) {
    return { text: `I could not find ${notFound(mentions)} among this report's options. Try e.g. "compare lambda and g5.xlarge" or "lambda vs cloud run".`, options: [] };
  }
  const views = found.map((o) => optionView(o, report));
  const best = views.filter((v) => v.feasible && !v.excluded && v.monthlyUsd !== null).sort((x, y) => x.monthlyUsd! - y.monthlyUsd!)[0];
  const lines = [`*Side by side* (${compact(report.workload.requestsPerMonth)} requests a month):`, ...views.map(optionLine)];
  if (best && views.length > 1) lines.push(`Cheapest of these that works: *${best.name}* at ${usd(best.monthlyUsd)}/month.`);
  else if (!best) lines.push('None of these meets the target within your constraints.');
  if (missing.length > 0) lines.push(`Not in this report: ${notFound(missing)}.`);
  return { text: lines.join('\n'), options: views };
}

export function explainAnswer(report: Report, mentions: OptionMention[]): Answer {
  const rec = report.options.find((o) => o.id === report.recommendation.optionId) ?? null;
  const target = mentions.length > 0 ? resolveMentions(mentions, report).find((r) => r.option !== null)?.option ?? null : null;
  if (mentions.length > 0 && !target) {
    return { text: `There is no ${notFound(mentions).replace(/^a /, '')} for this workload in the report${mentions.some((m) => m.kind === 'api') ? ' (no hosted API serves this model)' : ''}. ${rec ? `The recommendation is ${rec.name} at ${usd(rec.monthlyUsd)}/month.` : ''}`.trim(), options: [] };
  }
  if (!target || (rec && target.id === rec.id)) {
    const lines = [`*Why ${rec ? rec.name : 'no recommendation'}:* ${report.recommendation.why}`, `Compute: ${report.computeRule.why}`];
    if (report.breakEven) lines.push(report.breakEven.summary);
    return { text: lines.join('\n'), options: rec ? [optionView(rec, report)] : [] };
  }
  const v = optionView(target, report);
  let why: string;
  if (v.excluded) why = `it is ruled out: ${v.reasons.slice(0, 2).join('; ')}.`;
  else if (!v.feasible) why = `${v.reasons.slice(0, 2).join('; ') || 'it cannot serve this model at the target'}.`;
  else if (v.monthlyUsd === null) why = 'its price is unknown in the catalog, so it cannot be compared.';
  else if (rec && v.vsRecommendedUsd !== null) {
    const pct = rec.monthlyUsd ? Math.round((v.vsRecommendedUsd / rec.monthlyUsd) * 100) : null;
    why = v.vsRecommendedUsd > 0 ? `it works, but costs ${usd(v.monthlyUsd)}/month: ${usd(v.vsRecommendedUsd)} (${pct}%) more than ${rec.name} at ${usd(rec.monthlyUsd)}.` : `it costs ${usd(v.monthlyUsd)}/month, about the same as ${rec.name}; the tie went to the cheaper by a cent or the id order.`;
  } else why = `it costs ${usd(v.monthlyUsd)}/month, and nothing meets the target: ${report.recommendation.why}`;
  return { text: `*Why not ${target.name}:* ${why}`, options: [v] };
}

export function optimizeAnswer(report: Report): Answer {
  const rec = report.options.find((o) => o.id === report.recommendation.optionId) ?? null;
  const ranked = [...report.suggestions].sort((a, b) => b.monthlyUsdSaved - a.monthlyUsdSaved);
  if (ranked.length === 0) {
    return { text: `No lever saves more than $1 a month here${rec ? `: ${rec.name} at ${usd(rec.monthlyUsd)}/month is already the cheapest that meets the target` : ''}. Relaxing the target helps most, e.g. "what if p95 is 1s?".`, suggestions: [] };
  }
  const lines = [`*Ways to cut ${rec ? `${usd(rec.monthlyUsd)}/month` : 'the cost'}*, ranked by dollars saved (each re-priced by the engine):`];
  ranked.slice(0, 6).forEach((s, i) => {
    const to = s.newMonthlyUsd !== null ? ` → ${usd(s.newMonthlyUsd)}/month` : '';
    lines.push(`${i + 1}. *${s.title}*: saves ${usd(s.monthlyUsdSaved)}/month${to}${s.caveats[0] ? `. Caveat: ${s.caveats[0]}` : ''}`);
  });
  if (rec?.monthlyUsd) {
    const best = ranked[0]!;
    lines.push(best.monthlyUsdSaved >= rec.monthlyUsd / 2 ? `The first alone cuts the bill by half or more.` : `The biggest single lever saves ${Math.round((best.monthlyUsdSaved / rec.monthlyUsd) * 100)}%; ask "and with int8?" or "what if spot is ok?" to stack changes.`);
  }
  return { text: lines.join('\n'), suggestions: ranked };
}

const FIELD_WORDS: Partial<Record<Assumption['field'], string>> = {
  requestsPerMonth: 'requests a month',
  peakRps: 'peak requests a second',
  peakToAverage: 'peak-to-average',
  pattern: 'traffic pattern',
  'model.name': 'model',
  'model.params': 'parameters',
  'model.sizeBytes': 'weights size',
  'model.precision': 'precision',
  'model.kind': 'model kind',
  tokens: 'tokens per request',
  'latency.percentile': 'latency percentile',
  'latency.ms': 'latency target',
  'latency.measures': 'latency measures',
  cloud: 'cloud',
  computeConstraint: 'hardware',
  budgetUsdPerMonth: 'budget',
  cacheHitRate: 'cache hit rate',
  spotOk: 'spot',
  region: 'region',
  dataResidency: 'data residency',
  asyncOk: 'async',
  selfHostedOnly: 'self-hosted only',
  hardware: 'hardware limits',
  job: 'batch job',
  'serving.commitment': 'commitment',
  'serving.beamSize': 'decoding beams',
};

function valueText(v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'number') return Number.isInteger(v) ? compact(v) : `${+v.toFixed(3)}`;
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${x} ${k}`).join(' / ');
  return String(v);
}

export function assumptionsAnswer(report: Report): Answer {
  const list = report.assumptions;
  if (list.length === 0) return { text: 'Everything in this estimate was stated; nothing was assumed.', assumptions: [] };
  const shown = list.filter((a) => (a.value !== null && a.value !== false) || a.field === 'cloud').slice(0, 12);
  const lines = ['*Assumptions* (change one with e.g. "assume 50% cache hits" or "assume p99"):', ...shown.map((a) => `• ${FIELD_WORDS[a.field] ?? a.field}: ${valueText(a.value)} (${a.why})`)];
  return { text: lines.join('\n'), assumptions: list };
}

export function saveAnswer(report: Report, name: string | null): Answer {
  if (!name) return { text: 'Give it a name, e.g. "save this as chatbot-prod".' };
  const s = summaryOf(report);
  return {
    text: `Saving this workload as *${name}* for the channel's digest${s.optionName ? ` (now ${s.optionName} at ${usd(s.monthlyUsd)}/month)` : ''}.`,
    action: { type: 'save', name },
    after: s,
  };
}

export function newWorkloadAnswer(report: Report, previous: Report | null): Answer {
  const a = summaryOf(report);
  const rec = report.recommendation;
  const head = rec.optionId ? `*New estimate:* ${a.optionName} at *${usd(a.monthlyUsd)}/month*.` : `*New estimate:* ${rec.why}`;
  const lines = [head, ...(rec.optionId ? [`Why: ${firstSentence(rec.why)}`] : [])];
  if (previous) lines.push('Follow-ups in this thread now apply to this workload.');
  return { text: lines.join('\n'), report, after: a, ...(previous ? { before: summaryOf(previous), delta: null } : {}) };
}

export function examplesOf(intents: IntentSet, ids: IntentName[]): string[] {
  return ids.flatMap((id) => (id === 'unknown' ? [] : (intents.byId[id].def.examples[0] ?? []))).filter((s): s is string => typeof s === 'string');
}

export function helpAnswer(intents: IntentSet, hasWorkload: boolean): Answer {
  const order: IntentName[] = ['what-if', 'adopt', 'undo', 'compare', 'explain', 'optimize', 'assumptions', 'project', 'save', 'new-workload'];
  const lines = [hasWorkload ? '*In this thread you can ask:*' : '*Start with a workload*, e.g. "5M req/month 7B model p95 200ms". Then ask:'];
  for (const id of order) {
    if (id === 'unknown') continue;
    const def = intents.byId[id].def;
    lines.push(`• ${def.description.split('(')[0]!.trim().replace(/[.,:;]$/, '')}: "${def.examples[0]}"`);
  }
  return { text: lines.join('\n'), examples: examplesOf(intents, order) };
}

export function unknownAnswer(intents: IntentSet, hasWorkload: boolean, problem?: string): Answer {
  const examples = hasWorkload ? examplesOf(intents, ['what-if', 'explain', 'optimize']) : ['5M req/month 7B model p95 200ms'];
  const lead = hasWorkload ? 'I did not get that. In this thread I can answer, e.g.:' : `${problem ?? 'I need a workload first.'} Start with one, e.g.:`;
  return { text: [lead, ...examples.map((e) => `• "${e}"`), ...(hasWorkload ? ['Say "help" for more.'] : [])].join('\n'), examples };
}

export function problemAnswer(issues: Issue[]): Answer {
  return { text: issues.map((i) => i.message).join('\n'), issues };
}
