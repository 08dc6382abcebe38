// Block Kit for saved workloads and weekly digests: the digest itself, the saved list, and the
// replies to /infercost save | list | forget | digest. Pure: the digest, labels for times and the
// correlation id come in; every message goes through slack-limits.

import type { Issue } from '../result.ts';
import type { ChangeCause, Digest, DigestEntry, FieldChange, PriceChange } from '../digest/compose.ts';
import type { ScheduleProblem } from '../digest/schedule.ts';
import { HISTORY_LIMIT } from '../digest/snapshot.ts';
import { cents } from '../engine/money.ts';
import type { Block, DataVisualizationBlock, SectionBlock, SlackMessage } from './block-kit.ts';
import { mrkdwn, plain } from './block-kit.ts';
import { assumptionLine, chunkLines, FIELD_LABEL, formatAssumptionValue, issuesMessage, summaryLine, workloadSummary } from './blocks.ts';
import { unitUsd } from './format.ts';
import { ACTION, BOT_NAME, COMMAND } from './slack-ids.ts';
import { fitMessage, LIMITS, truncate } from './slack-limits.ts';
import { escapeMrkdwn, formatMonthly, formatPercent, inlineCode } from './slack-format.ts';

/** Workloads shown in full in a digest; the rest get a line each. */
export const DETAILED = 8;
/** One-line workloads after the detailed ones; beyond this, "…and N more" and the list button. */
export const REST_LINES = 30;

export const SAVE_EXAMPLE = `${COMMAND} save chat-bot 5M req/month 7B model p95 200ms`;
export const DIGEST_EXAMPLE = `${COMMAND} digest every Monday 9am`;

const section = (text: string): SectionBlock => ({ type: 'section', text: mrkdwn(text) });
const context = (text: string): Block => ({ type: 'context', elements: [mrkdwn(text)] });
const monthly = (micro: number | null): string => formatMonthly(micro === null ? null : cents(micro));
const name = (n: string): string => `*${escapeMrkdwn(n)}*`;

/** "▲ $48/mo (+8.5%)", "▼ $12/mo (−2%)", "" for no change or unknown. */
export function deltaText(deltaMicro: number | null, previousMicro: number | null): string {
  if (deltaMicro === null || deltaMicro === 0) return '';
  const pct = previousMicro && previousMicro > 0 ? ` (${deltaMicro > 0 ? '+' : '−'}${formatPercent(Math.abs(deltaMicro) / previousMicro)})` : '';
  return `${deltaMicro > 0 ? '▲' : '▼'} ${monthly(Math.abs(deltaMicro))}${pct}`;
}

function priceChangeText(c: PriceChange): string {
  const fmt = (x: number | null) => (x === null ? 'unknown' : unitUsd(x));
  return `${escapeMrkdwn(c.name)} ${fmt(c.before)} → ${fmt(c.after)} per ${escapeMrkdwn(c.unit)}`;
}

function fieldChangeText(c: FieldChange): string {
  return `${FIELD_LABEL[c.field]} ${escapeMrkdwn(formatAssumptionValue(c.field, c.before))} → ${escapeMrkdwn(formatAssumptionValue(c.field, c.after))}`;
}

/** The sentence that explains an entry's change since the last digest. */
export function causeText(e: DigestEntry): string {
  const cause: ChangeCause = e.cause;
  const delta = deltaText(e.deltaMicroUsd, e.previousMicroUsd);
  const lead = delta ? `${delta}: ` : '';
  const switched = e.switchedFrom !== null && e.option ? ` The recommendation switched from ${escapeMrkdwn(e.switchedFrom)} to ${escapeMrkdwn(e.option.name)}.` : '';
  const was = e.previousMicroUsd !== null && e.monthlyMicroUsd === null ? ` (was ${monthly(e.previousMicroUsd)})` : '';
  switch (cause.kind) {
    case 'new':
      return 'New: first digest with this workload.';
    case 'unchanged':
      return 'No change since the last digest.';
    case 'price':
      return `${lead}a price in the catalog changed (${cause.changes.slice(0, 3).map(priceChangeText).join('; ')}).${switched}${was}`;
    case 'edited':
      return `${lead}the workload was edited${cause.fields.length ? ` (${cause.fields.slice(0, 4).map(fieldChangeText).join('; ')})` : ''}.${switched}${was}`;
    case 'switched':
      return `${lead}the recommendation switched from ${escapeMrkdwn(e.switchedFrom ?? 'no option')} to ${escapeMrkdwn(e.option?.name ?? 'no option')}${cause.catalogChanged ? ': the catalog has new or re-priced options' : ''}.${was}`;
    case 'sizing':
      return `${lead}same workload and prices; InferCost's sizing of it changed.`;
  }
}

function recommendationText(e: DigestEntry): string {
  if (!e.option) return 'No option can serve it as described';
  return `${e.report.recommendation.closestOnly ? 'Closest' : 'Recommended'}: ${escapeMrkdwn(e.option.name)} at *${monthly(e.monthlyMicroUsd)}*`;
}

function entryBlock(e: DigestEntry): SectionBlock {
  return section(`${name(e.name)} · ${recommendationText(e)}\n${escapeMrkdwn(workloadSummary(e.report))}\n${causeText(e)}`);
}

function entryLine(e: DigestEntry): string {
  const delta = deltaText(e.deltaMicroUsd, e.previousMicroUsd);
  const cost = e.option ? `${monthly(e.monthlyMicroUsd)} on ${escapeMrkdwn(e.option.name)}` : 'no option can serve it';
  return `• ${name(e.name)}: ${cost}${delta ? ` · ${delta}` : ''}`;
}

function totalText(d: Digest): string {
  const n = d.entries.length;
  let t = `*Channel total: ${monthly(d.totalMicroUsd)}* across ${n} saved workload${n === 1 ? '' : 's'}.`;
  if (d.comparable) {
    const delta = deltaText(d.comparable.currentMicroUsd - d.comparable.previousMicroUsd, d.comparable.previousMicroUsd);
    t += delta ? ` ${delta} since the last digest (same workloads).` : ' No change since the last digest.';
  }
  if (d.unpriced > 0) t += ` ${d.unpriced} can't be served as described and ${d.unpriced === 1 ? "isn't" : "aren't"} in the total.`;
  return t;
}

export interface DigestMessageOptions {
  /** A preview posted on request (`/infercost digest now`). */
  preview?: boolean;
  /** Set when the digest is posted late, after downtime: the scheduled time in words. */
  lateFor?: string | null;
  /** "Mondays at 9:00 AM (Europe/London)". */
  scheduleLabel?: string | null;
  /** "Monday, March 16 at 9:00 AM GMT". */
  nextRunLabel?: string | null;
  /** The channel, for the "list all" button's value. */
  channelId: string;
}

/**
 * A line chart of each workload's monthly cost across the posted digests the store kept (up to
 * HISTORY_LIMIT − 1 earlier periods, then now), one line per workload, the most expensive first, at
 * most LIMITS.chartSeries lines. A line needs a price at every period of the chart: the window (the
 * latest periods) is the one that draws the most points, so a workload saved last week does not cut
 * the others' lines to two points, and longer wins a tie. Workloads new this week have no line; the
 * classic fallback (classicBlocks) lists the same numbers as text.
 */
export function digestTrendChart(d: Digest, nowLabel = 'This week'): DataVisualizationBlock | null {
  const costAt = (e: DigestEntry, period: string): number | null => e.history.find((p) => p.periodKey === period)?.monthlyMicroUsd ?? null;
  const drawable = d.entries.filter((e) => e.monthlyMicroUsd !== null && e.history.some((p) => p.monthlyMicroUsd !== null));
  const periods = [...new Set(drawable.flatMap((e) => e.history.map((p) => p.periodKey)))].sort().slice(-(HISTORY_LIMIT - 1));
  let best: { window: string[]; lines: DigestEntry[] } = { window: [], lines: [] };
  let bestPoints = 0;
  for (let n = periods.length; n >= 1; n--) {
    const window = periods.slice(-n);
    const lines = drawable.filter((e) => window.every((k) => costAt(e, k) !== null)).slice(0, LIMITS.chartSeries);
    if (lines.length * (n + 1) > bestPoints) {
      best = { window, lines };
      bestPoints = lines.length * (n + 1);
    }
  }
  if (best.lines.length === 0) return null;
  const used = new Set<string>();
  const label = (n: string) => {
    let l = truncate(n, LIMITS.chartCategory);
    for (let i = 2; used.has(l); i++) l = `${truncate(n, LIMITS.chartCategory - 3)} ${i}`;
    used.add(l);
    return l;
  };
  const categories = [...best.window, nowLabel];
  const usd = (micro: number) => Math.round(micro / 1e4) / 100;
  return {
    type: 'data_visualization',
    block_id: 'infercost_digest_trend',
    title: 'Monthly cost per workload, by weekly digest',
    chart: {
      type: 'line',
      series: best.lines.map((e) => ({
        name: label(e.name),
        data: [...best.window.map((k) => ({ label: k, value: usd(costAt(e, k)!) })), { label: nowLabel, value: usd(e.monthlyMicroUsd!) }],
      })),
      axis_config: { categories, y_label: 'USD per month' },
    },
  };
}

export function digestMessage(d: Digest, opts: DigestMessageOptions): SlackMessage {
  const title = opts.preview ? 'Inference cost digest (preview)' : 'Weekly inference cost digest';
  const blocks: Block[] = [{ type: 'header', text: plain(title) }];
  if (opts.lateFor) blocks.push(section(`⏰ *This digest is late:* ${BOT_NAME} was offline at the scheduled time (${escapeMrkdwn(opts.lateFor)}).`));
  if (opts.preview) blocks.push(context('Preview posted on request: changes are since the last scheduled digest, which this one does not replace.'));

  if (d.entries.length === 0) {
    blocks.push(section(`No workloads are saved in this channel yet. Save one and the next digest prices it: ${inlineCode(SAVE_EXAMPLE)}`));
  } else {
    blocks.push(section(totalText(d)));
    const trend = digestTrendChart(d, opts.preview ? 'Now' : 'This week');
    if (trend) blocks.push(trend);
    blocks.push({ type: 'divider' });
    for (const e of d.entries.slice(0, DETAILED)) blocks.push(entryBlock(e));
    const rest = d.entries.slice(DETAILED);
    if (rest.length > 0) {
      const lines = rest.slice(0, REST_LINES).map(entryLine);
      if (rest.length > REST_LINES) lines.push(`…and ${rest.length - REST_LINES} more`);
      chunkLines(lines).forEach((c, i) => blocks.push(section(i === 0 ? `*Also saved*\n${c}` : c)));
    }
    if (d.savings.length > 0) {
      const lines = d.savings.map((s) => {
        const to = s.suggestion.newMonthlyUsd !== null ? ` → ${s.newOptionName ? `${escapeMrkdwn(s.newOptionName)} at ` : ''}${formatMonthly(s.suggestion.newMonthlyUsd)}` : '';
        return `• ${name(s.workload)}: ${escapeMrkdwn(s.suggestion.title)} saves *${formatMonthly(s.suggestion.monthlyUsdSaved)}*${to}`;
      });
      blocks.push(section(`*Biggest savings*\n${lines.join('\n')}`));
    }
  }

  const foot: string[] = [];
  const first = d.entries[0]?.report.pricesChecked;
  if (first) foot.push(`Prices checked ${first.oldest} to ${first.newest}.`);
  if (opts.scheduleLabel) foot.push(`Digest: ${escapeMrkdwn(opts.scheduleLabel)}${opts.nextRunLabel ? `; next ${escapeMrkdwn(opts.nextRunLabel)}` : ''}.`);
  foot.push(`${inlineCode(`${COMMAND} list`)} shows every saved workload; ${inlineCode(`${COMMAND} digest off`)} stops the digest.`);
  blocks.push(context(foot.join(' ')));
  if (d.entries.length > DETAILED) {
    blocks.push({
      type: 'actions',
      block_id: 'infercost_digest_actions',
      elements: [{ type: 'button', action_id: ACTION.listWorkloads, text: plain(`List all ${d.entries.length} saved workloads`), value: opts.channelId }],
    });
  }
  const n = d.entries.length;
  const text = `${opts.lateFor ? '(Late) ' : ''}${title}: ${n === 0 ? 'no workloads saved yet' : `${monthly(d.totalMicroUsd)} across ${n} saved workload${n === 1 ? '' : 's'}`}`;
  return fitMessage({ text, blocks });
}

/** `/infercost list` and the digest's "List all" button: every saved workload, priced now. */
export function savedListMessage(d: Digest): SlackMessage {
  const n = d.entries.length;
  if (n === 0) {
    return fitMessage({
      text: 'No workloads are saved in this channel.',
      blocks: [section(`No workloads are saved in this channel yet. Save one with ${inlineCode(SAVE_EXAMPLE)}`)],
    });
  }
  const compact = n > 25;
  const lines = d.entries.map((e) =>
    compact ? entryLine(e) : `• ${name(e.name)}: ${recommendationText(e)}\n    ${escapeMrkdwn(truncate(workloadSummary(e.report), 200))}`,
  );
  const blocks: Block[] = [{ type: 'header', text: plain(`Saved workloads in this channel (${n})`) }, section(totalText({ ...d, comparable: null }))];
  for (const c of chunkLines(lines)) blocks.push(section(c));
  blocks.push(context(`Add or replace: ${inlineCode(`${COMMAND} save <name> <workload>`)} · remove: ${inlineCode(`${COMMAND} forget <name>`)} · weekly digest: ${inlineCode(DIGEST_EXAMPLE)}`));
  return fitMessage({ text: `${n} saved workload${n === 1 ? '' : 's'}: ${monthly(d.totalMicroUsd)} in total`, blocks });
}

// ---------------------------------------------------------------------------------------------
// Replies to the subcommands

function reply(text: string, extra: string | null = null): SlackMessage {
  const blocks: Block[] = [section(text)];
  if (extra) blocks.push(context(extra));
  return fitMessage({ text: text.replace(/[*`]/g, ''), blocks });
}

export type SaveUsageProblem = 'missing_name' | 'missing_workload' | 'bad_name' | 'limit_reached';

export function saveUsageMessage(problem: SaveUsageProblem, workloadName: string | null, limit = 100): SlackMessage {
  switch (problem) {
    case 'missing_name':
      return reply(`Give the workload a name, then describe it. For example: ${inlineCode(SAVE_EXAMPLE)}`);
    case 'bad_name':
      return reply(
        `${inlineCode(workloadName ?? '')} can't be a name: use one word of letters, digits, ${inlineCode('-')}, ${inlineCode('_')} or ${inlineCode('.')}, up to 40 characters. For example: ${inlineCode(SAVE_EXAMPLE)}`,
      );
    case 'missing_workload':
      return reply(`Describe the workload to save as ${name(workloadName ?? '')}. For example: ${inlineCode(`${COMMAND} save ${workloadName ?? 'chat-bot'} 5M req/month 7B model p95 200ms`)}`);
    case 'limit_reached':
      return reply(`This channel already has ${limit} saved workloads. Forget one first: ${inlineCode(`${COMMAND} forget <name>`)}`);
  }
}

/** A workload that did not parse: the estimate path's friendly copy, plus how to save once it reads. */
export function saveIssuesMessage(workloadName: string, issues: Issue[], correlationId: string): SlackMessage {
  const m = issuesMessage(issues, { surface: 'command', correlationId });
  const hint = section(`Nothing was saved. Once it reads, save it with ${inlineCode(`${COMMAND} save ${workloadName} <workload>`)}`);
  return fitMessage({ text: m.text, blocks: [...m.blocks.slice(0, -1), hint, ...m.blocks.slice(-1)] });
}

export function savedMessage(workloadName: string, r: { created: boolean; edited: boolean }, report: Parameters<typeof summaryLine>[0], subscribed: boolean): SlackMessage {
  const verb = r.created ? 'Saved' : r.edited ? 'Updated' : 'Saved again (unchanged)';
  const rec = report.recommendation.optionId ? summaryLine(report) : 'No option can serve it as described';
  const next = subscribed
    ? 'It is in this channel’s weekly digest.'
    : `Get it re-priced every week with ${inlineCode(DIGEST_EXAMPLE)}.`;
  const edited = r.edited ? ' The next digest will name the edit as the cause of any change.' : '';
  const assumed = report.assumptions.length > 0 ? `Assumed: ${report.assumptions.slice(0, 4).map(assumptionLine).join('; ')}` : null;
  return reply(`${verb} ${name(workloadName)} for this channel. ${escapeMrkdwn(rec)}.\n${next}${edited}`, assumed);
}

export function forgetMessage(workloadName: string, found: boolean, remaining: string[]): SlackMessage {
  if (found) return reply(`Forgot ${name(workloadName)}. It won't appear in this channel's digests.`);
  const saved = remaining.length ? `Saved here: ${remaining.slice(0, 20).map((n) => inlineCode(n)).join(', ')}${remaining.length > 20 ? ', …' : ''}.` : 'Nothing is saved in this channel.';
  return reply(`No saved workload is named ${inlineCode(workloadName)} in this channel. ${saved}`);
}

export function forgetUsageMessage(): SlackMessage {
  return reply(`Which workload? For example: ${inlineCode(`${COMMAND} forget chat-bot`)}. ${inlineCode(`${COMMAND} list`)} shows the names.`);
}

const SCHEDULE_COPY: Record<ScheduleProblem, (text: string) => string> = {
  unreadable: (t) => `I couldn't read ${inlineCode(t)} as a weekly schedule. Try: ${inlineCode(DIGEST_EXAMPLE)}`,
  no_weekday: (t) => `${inlineCode(t)} has no day of the week, and digests are weekly. Try: ${inlineCode(DIGEST_EXAMPLE)}`,
  several_days: () => `A channel gets one digest a week, on one day. Pick a day: ${inlineCode(DIGEST_EXAMPLE)}`,
  not_weekly: (t) => `Digests are weekly, so I can't use ${inlineCode(t)}. Try: ${inlineCode(DIGEST_EXAMPLE)} or ${inlineCode(`${COMMAND} digest fridays at 4:30pm`)}`,
};

export function scheduleProblemMessage(problem: ScheduleProblem, text: string): SlackMessage {
  return reply(SCHEDULE_COPY[problem](truncate(text, 100)));
}

export function badTimeZoneMessage(): SlackMessage {
  return reply(`I couldn't read your time zone from Slack, so I didn't subscribe. Set it under Preferences → Language & region, then try ${inlineCode(DIGEST_EXAMPLE)} again.`);
}

export interface SubscriptionView {
  channelId: string;
  /** "Mondays at 9:00 AM (Europe/London)" */
  scheduleLabel: string;
  /** The next run in the reader's zone, or null when paused. */
  nextRunLabel: string | null;
  createdBy: string;
  paused: boolean;
  pausedReason: string | null;
}

export function subscribedMessage(v: SubscriptionView, opts: { defaultedTime: boolean; savedCount: number }): SlackMessage {
  const lines = [`Subscribed: this channel gets a cost digest *${escapeMrkdwn(v.scheduleLabel)}*.`];
  if (v.nextRunLabel) lines.push(`First one: ${escapeMrkdwn(v.nextRunLabel)}.`);
  if (opts.defaultedTime) lines.push('No time was given, so I picked 9:00 AM; add one to change it (for example `every Tuesday 2pm`).');
  lines.push(
    opts.savedCount === 0
      ? `Nothing is saved here yet: ${inlineCode(SAVE_EXAMPLE)}`
      : `It will re-price the ${opts.savedCount} saved workload${opts.savedCount === 1 ? '' : 's'}. ${inlineCode(`${COMMAND} digest now`)} posts a preview.`,
  );
  return reply(lines.join('\n'), `I post it in this channel, so I need to be a member: ${inlineCode(`/invite @${BOT_NAME}`)}. Stop it with ${inlineCode(`${COMMAND} digest off`)}.`);
}

export function subscriptionStatusMessage(v: SubscriptionView | null, savedCount: number): SlackMessage {
  if (!v) return reply(`This channel has no weekly digest. Subscribe with ${inlineCode(DIGEST_EXAMPLE)}`, `${savedCount} saved workload${savedCount === 1 ? '' : 's'} here.`);
  const lines = [`This channel's digest: *${escapeMrkdwn(v.scheduleLabel)}*, set by <@${v.createdBy}>.`];
  if (v.paused) lines.push(`⏸ *Paused:* ${escapeMrkdwn(v.pausedReason ?? 'unknown reason')} Subscribe again once that is fixed: ${inlineCode(DIGEST_EXAMPLE)}`);
  else if (v.nextRunLabel) lines.push(`Next digest: ${escapeMrkdwn(v.nextRunLabel)} (your time).`);
  return reply(lines.join('\n'), `${savedCount} saved workload${savedCount === 1 ? '' : 's'}. ${inlineCode(`${COMMAND} digest now`)} posts a preview; ${inlineCode(`${COMMAND} digest off`)} stops it.`);
}

export function unsubscribedMessage(existed: boolean): SlackMessage {
  return existed
    ? reply(`Stopped this channel's weekly digest. Saved workloads are kept; subscribe again with ${inlineCode(DIGEST_EXAMPLE)}`)
    : reply(`This channel has no weekly digest to stop. Subscribe with ${inlineCode(DIGEST_EXAMPLE)}`);
}

/** App Home: the user's digest subscriptions, paused ones first with the reason. */
export function homeSubscriptionBlocks(subs: SubscriptionView[]): Block[] {
  if (subs.length === 0) return [];
  const blocks: Block[] = [{ type: 'divider' }, { type: 'header', text: plain('Your weekly digests') }];
  for (const v of subs) {
    blocks.push(
      section(
        v.paused
          ? `⏸ <#${v.channelId}>: *paused.* ${escapeMrkdwn(v.pausedReason ?? '')}\nFix it, then run ${inlineCode(DIGEST_EXAMPLE)} in the channel to resume.`
          : `<#${v.channelId}>: ${escapeMrkdwn(v.scheduleLabel)}${v.nextRunLabel ? `. Next: ${escapeMrkdwn(v.nextRunLabel)}` : ''}`,
      ),
    );
  }
  return blocks;
}
