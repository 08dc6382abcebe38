// The terminal report: aligned, readable, colour only when asked (the CLI decides: TTY and no NO_COLOR).
import { optionFamily, type Option, type Report } from '../report.ts';
import { count, ms, per1k, unitUsd, usd } from './format.ts';
import { oldestLine, regionLine, workloadSummary } from './workload-summary.ts';
import { byCloudLine, tierOptionLines } from './tier-lines.ts';
import { type TargetAdvice, targetAdviceLines } from '../advice/advice-lines.ts';

export interface TerminalOptions {
  color: boolean;
  /** List every option, not just the top ones. */
  all: boolean;
  /** When nothing meets the target: the closest option and the priced levers (core/advice), worded as in Slack. */
  advice?: TargetAdvice | null;
  /** The terminal's width in columns (the CLI passes COLUMNS or the TTY's width); unset: no fitting. */
  width?: number;
}

const MIN_WIDTH = 40;

const TOP = 12;

export function renderTerminal(r: Report, opts: TerminalOptions): string {
  const c = colors(opts.color);
  const out: string[] = [];
  const rec = r.options.find((o) => o.id === r.recommendation.optionId) ?? null;
  const pct = `p${r.workload.latency.percentile}`;
  out.push(c.bold('InferCost estimate'));
  out.push(`${c.dim('Workload')}   ${workloadSummary(r)}`);
  out.push(`${c.dim('Tier')}       ${r.tier}: ${r.tierAdvice}`);
  out.push(`${c.dim('Compute')}    ${r.compute.toUpperCase()} (${r.computeRule.rule}): ${r.computeRule.why}`);
  out.push(`${c.dim('Region')}     ${regionLine(r)}`);
  out.push('');
  if (opts.advice) {
    const [head, ...rest] = targetAdviceLines(opts.advice);
    out.push(c.yellow(c.bold(head!)));
    for (const l of rest) out.push(`  ${l}`);
  } else if (rec) {
    out.push(`${c.green(c.bold('Recommended'))}  ${c.bold(rec.name)}: ${c.bold(`${usd(rec.monthlyUsd)}/month`)} (${per1k(rec.per1kUsd)} per 1K requests), ${pct} ${ms(rec.latencyMs)}`);
  } else {
    out.push(`${c.yellow(c.bold('No option meets the target'))}`);
  }
  if (!opts.advice) out.push(`  ${r.recommendation.why}`);
  if (rec && !opts.advice) {
    out.push(`  ${c.dim('Hardware:')} ${rec.hardware}. ${rec.sizing}`);
    out.push(...componentTable(rec, c).map((l) => `  ${l}`));
    for (const n of rec.notes) out.push(`  ${c.dim('•')} ${n}`);
  }
  const byCloud = byCloudLine(r);
  if (byCloud) out.push(`  ${c.dim('By cloud:')} ${byCloud}`);
  out.push('');
  const tierLines = tierOptionLines(r);
  if (tierLines.length > 0) {
    out.push(c.bold(`The ${r.tier} tier's options`));
    for (const l of tierLines) out.push(`  ${l}`);
    out.push('');
  }

  const feasible = r.options.filter((o) => o.feasible && !o.excluded);
  const rest = r.options.filter((o) => !(o.feasible && !o.excluded));
  // One row per family (the same VM through Kubernetes or a managed endpoint is not a new choice).
  const families = new Set<string>();
  const distinct = feasible.filter((o) => !families.has(optionFamily(o)) && families.add(optionFamily(o)));
  // Nothing meets the target: show the closest sized options rather than an empty table.
  const seen = new Set<string>();
  const sized = r.options.filter((o) => !o.excluded && o.latencyMs !== null && o.monthlyUsd !== null && !seen.has(optionFamily(o)) && seen.add(optionFamily(o)));
  const closest = distinct.length === 0 && sized.length > 0 ? [...sized].sort((a, b) => (a.latencyMs ?? Infinity) - (b.latencyMs ?? Infinity) || (a.monthlyUsd ?? Infinity) - (b.monthlyUsd ?? Infinity)) : null;
  const shown = opts.all ? r.options : (closest ?? distinct).slice(0, TOP);
  out.push(c.bold(opts.all ? 'All options' : closest ? `Closest options (none meets the target)` : 'Cheapest options that meet the target'));
  out.push(...optionTable(shown, pct, r.recommendation.optionId, c, opts.width));
  if (!opts.all) {
    const more = feasible.length - shown.length;
    const excluded = rest.filter((o) => o.excluded).length;
    const infeasible = rest.length - excluded;
    out.push(c.dim(`  ${more > 0 ? `${more} more feasible, ` : ''}${infeasible} that miss the target or cannot hold the model, ${excluded} excluded by your constraints (--all lists them with reasons)`));
  }
  out.push('');

  // A lever that only makes the target reachable saves nothing: it is listed under the advice above.
  const saving = r.suggestions.filter((s) => s.monthlyUsdSaved > 0);
  if (saving.length > 0) {
    out.push(c.bold('Ways to spend less'));
    for (const s of saving) {
      out.push(`  ${c.green(pad(`${usd(s.monthlyUsdSaved)}/mo`, 12))} ${s.title} → ${s.newOptionId ?? '—'} at ${usd(s.newMonthlyUsd)}/month`);
      out.push(c.dim(`  ${' '.repeat(12)} ${s.change}; ${s.caveats.join('; ')}`));
    }
    out.push('');
  }
  if (r.breakEven) {
    out.push(`${c.bold('Self-host vs API')}  ${r.breakEven.summary}`);
    out.push('');
  }
  // Absent constraints (no cloud, no budget…) are in the JSON; here only values that shape the numbers.
  const shaping = r.assumptions.filter((a) => a.value !== null && a.value !== false && a.value !== 0);
  if (shaping.length > 0) {
    out.push(c.bold('Assumed (say otherwise to change)'));
    for (const a of shaping) out.push(`  ${c.dim('•')} ${a.field} = ${fmtValue(a.value)}: ${a.why}`);
    out.push('');
  }
  if (r.notes.length > 0) {
    out.push(c.bold('Notes'));
    for (const n of r.notes) out.push(`  ${c.dim('•')} ${n}`);
    out.push('');
  }
  out.push(c.dim(`Prices checked ${r.pricesChecked.oldest} to ${r.pricesChecked.newest}; sources in pricing/SOURCES.md. Use --json for every figure and its source.`));
  if (r.oldestPriceUsed) out.push(c.dim(oldestLine(r.oldestPriceUsed)));
  const width = opts.width && Number.isFinite(opts.width) ? Math.max(MIN_WIDTH, Math.floor(opts.width)) : null;
  const lines = out.join('\n').split('\n');
  return (width ? lines.flatMap((l) => wrapLine(l, width)) : lines).join('\n') + '\n';
}

const ANSI = /\u001b\[[0-9;]*m/g;
function visible(s: string): number {
  return [...s.replace(ANSI, '')].length;
}

/** Wrap a prose line at spaces to `width`, continuing under its text ("Label   text", "• text"). */
export function wrapLine(line: string, width: number): string[] {
  if (visible(line) <= width) return [line];
  const plain = line.replace(ANSI, '');
  const lead = /^\s*(?:•\s+|[^\s•]+\s{2,}(?=\S))?/.exec(plain)?.[0] ?? '';
  const indent = ' '.repeat(Math.min(lead.length, Math.floor(width / 2)));
  const out: string[] = [];
  let cur = '';
  for (const t of line.split(/(?<= )(?=\S)/)) {
    if (cur.trim() !== '' && visible(cur) + visible(t.trimEnd()) > width && visible(cur) > indent.length) {
      out.push(cur.trimEnd());
      cur = indent + t;
    } else cur += t;
  }
  out.push(cur.trimEnd());
  return out;
}

function componentTable(o: Option, c: Colors): string[] {
  const rows = o.components.map((x) => [x.name, `${count(x.quantity, 2)} ${x.unit}`, `× ${unitUsd(x.unitPriceUsd)}`, usd(x.monthlyUsd)]);
  rows.push(['total', '', '', usd(o.monthlyUsd)]);
  return table(rows, [false, true, true, true]).map((l, i) => (i === rows.length - 1 ? c.bold(l) : l));
}

/** The option table, fitted to `width`: columns are dropped (least useful first) until the rest fit
 * with a status column at least 24 wide; the status (the reason in --all) wraps, never cut. */
function optionTable(options: Option[], pct: string, recId: string | null, c: Colors, width?: number): string[] {
  const head = ['option', 'kind', 'hardware', 'inst', pct, '$/month', '$/1K', 'status'];
  const right = [false, false, false, true, true, true, true, false];
  const rows = options.map((o) => [
    `${o.id === recId ? '★ ' : '  '}${o.id}`,
    o.kind,
    trunc(o.hardware, 34),
    o.instances > 0 ? String(o.instances) : '—',
    ms(o.latencyMs),
    usd(o.monthlyUsd),
    per1k(o.per1kUsd),
    o.excluded ? `excluded: ${o.reasons.join('; ')}` : o.feasible ? 'ok' : o.reasons.join('; ') || 'misses the target',
  ]);
  let cols = head.map((_, i) => i);
  const colWidth = (i: number) => Math.max(...[head, ...rows].map((r) => [...(r[i] ?? '')].length));
  const fixedWidth = (cs: number[]) => cs.filter((i) => i !== 7).reduce((n, i) => n + colWidth(i) + 2, 2);
  const avail = width && Number.isFinite(width) ? Math.max(MIN_WIDTH, Math.floor(width)) : Infinity;
  // Drop order: $/1K, kind, instances, hardware; the option, latency, cost and status always stay.
  for (const drop of [6, 1, 3, 2]) {
    if (avail - fixedWidth(cols) >= Math.min(24, colWidth(7)) || avail === Infinity) break;
    cols = cols.filter((i) => i !== drop);
  }
  const statusWidth = avail === Infinity ? Infinity : Math.max(12, avail - fixedWidth(cols));
  const pick = (r: string[]) => cols.map((i) => r[i] ?? '');
  const widths = cols.map((i) => (i === 7 ? Math.min(colWidth(7), statusWidth) : colWidth(i)));
  const lines: string[] = [];
  for (const [n, r] of [head, ...rows].entries()) {
    const cells = pick(r);
    const status = cells[cells.length - 1]!;
    const parts = statusWidth === Infinity ? [status] : wrapWords(status, statusWidth);
    const first = cells.map((cell, j) => (j === cells.length - 1 ? parts[0]! : right[cols[j]!] ? padStart(cell, widths[j]!) : pad(cell, widths[j]!))).join('  ').trimEnd();
    lines.push(`  ${n === 0 ? c.dim(first) : first}`);
    const under = ' '.repeat(2 + widths.slice(0, -1).reduce((a, w) => a + w + 2, 0));
    for (const more of parts.slice(1)) lines.push(`${under}${more}`);
  }
  return lines;
}

/** Split text at spaces into pieces of at most `width` characters (a longer word is split). */
function wrapWords(text: string, width: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (let w of text.split(' ')) {
    while ([...w].length > width) {
      if (cur) {
        out.push(cur);
        cur = '';
      }
      out.push([...w].slice(0, width).join(''));
      w = [...w].slice(width).join('');
    }
    if (cur && [...cur].length + 1 + [...w].length > width) {
      out.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  out.push(cur);
  return out;
}

function table(rows: string[][], right: boolean[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r) => r.map((cell, i) => (right[i] ? padStart(cell, widths[i]!) : pad(cell, widths[i]!))).join('  ').trimEnd());
}

function pad(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - [...s].length));
}
function padStart(s: string, n: number): string {
  return ' '.repeat(Math.max(0, n - [...s].length)) + s;
}
function trunc(s: string, n: number): string {
  return [...s].length > n ? [...s].slice(0, n - 1).join('') + '…' : s;
}

function fmtValue(v: unknown): string {
  if (typeof v === 'number') return Math.abs(v) >= 1e4 ? count(v) : String(Number(v.toPrecision(4)));
  if (v && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

type Colors = ReturnType<typeof colors>;
function colors(on: boolean) {
  const wrap = (code: number) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { bold: wrap(1), dim: wrap(2), green: wrap(32), yellow: wrap(33), red: wrap(31) };
}

