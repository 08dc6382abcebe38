// Classification: a follow-up utterance (plus whether the thread has a workload) → an intent and its
// slots, or `unknown`. Cues come from intents/*.yml (regexes compiled once at load); slots come from
// the parser's extractors (slots.ts). Intents are tried in a fixed precedence, each saying "mine" or
// declining, chrono-style; the precedence encodes which reading wins when several cues match.
import { chronoNode, type ParsedResult } from '../dates.ts';
import type { KnownModel } from '../known-models.ts';
import { parseWorkload } from '../parse/index.ts';
import { NUM, re } from '../parse/regex.ts';
import { scan } from '../parse/text.ts';
import type { ParsedWorkload } from '../workload.ts';
import { cues, type IntentName, type IntentSet } from './intents.ts';
import { type Change, findOptionMentions, type OptionMention, readChanges } from './slots.ts';

export interface Growth {
  /** Compounded growth per month (0.2 = 20 %); negative for shrinking traffic. */
  monthlyRate: number;
  text: string;
}

export interface Horizon {
  /** Months from `now` to the date (calendar months; fractional under a month). */
  months: number;
  /** ISO date (YYYY-MM-DD) the projection is for. */
  date: string;
  text: string;
  /** True when no date was given and a year ahead was assumed. */
  assumed: boolean;
}

export interface Classification {
  intent: IntentName;
  /** What-if / assumption changes, in words the user wrote. */
  changes: Change[];
  /** Options named (compare, explain). */
  mentions: OptionMention[];
  /** save: the name, when one was given. */
  name: string | null;
  /** project: growth and horizon. */
  growth: Growth | null;
  horizon: Horizon | null;
  /** assumptions: list them or change one. */
  mode: 'list' | 'change' | null;
  /** new-workload: the parsed workload, when the text is one. */
  workload: ParsedWorkload | null;
  /** new-workload: why the text did not parse (the parser's message). */
  workloadProblem: string | null;
  /** what-if: the change is meant to stick ("switch to mistral 7b"), not a hypothetical. */
  commit: boolean;
  /** what-if: builds on the last what-if ("and with int8?") rather than on the thread's workload. */
  stack: boolean;
  /** undo: back to the thread's first workload ("reset", "start over") rather than one step. */
  reset: boolean;
}

export interface ClassifyContext {
  intents: IntentSet;
  models: KnownModel[];
  /** The reference date for "in June", "next year" (passed in; the core reads no clock). */
  now: Date;
}

/** Longest follow-up read, in characters; longer text is read as a new workload description. */
export const MAX_FOLLOW_UP_CHARS = 2000;

const NAME_AFTER = /\b(?:as|under|called|named)\s+["“'`]?([^"”'`\n]{1,80}?)["”'`]?\s*[.!?]*\s*$/i;
const NAME_CALL = /^\s*(?:please\s+)?(?:name|call)\s+(?:this|it)\s+["“'`]?([^"”'`\n]{1,80}?)["”'`]?\s*[.!?]*\s*$/i;

const PERIODS = String.raw`month[\s-]*over[\s-]*month|week[\s-]*over[\s-]*week|year[\s-]*over[\s-]*year|months?|weeks?|quarters?|years?|mo|wk|yr|monthly|weekly|quarterly|yearly|annual|annually|mom|wow|yoy`;
const GROWTH_PCT = re(String.raw`([+\-−])?\s*(?<![\w.])(\d{1,4}(?:\.\d{1,3})?)\s*(?:%|percent)\s*(?:(?:growth|increase|more|up|down|decline|drop)\s+)?(?:(?:a|per|each|every|/)\s*)?(${PERIODS})\b`);
const GROWTH_MULT = re(String.raw`\b(doubl|tripl|quadrupl)(?:e|es|ing|ed)\s+(?:every|each)\s+(?:(${NUM}|a|one|two|three|four|five|six|twelve)\s+)?(${PERIODS})\b`);
const SHRINK = /\b(?:shrink|shrinks|shrinking|drop|drops|dropping|declin\w*|fall|falls|falling|decreas\w*|down)\b/i;
const WORD_N: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12 };
const RELATIVE = /\b(?:in|within|after)\s+(\d{1,3}(?:\.\d{1,2})?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(week|month|quarter|year)s?\b/i;
const PERIOD_MONTHS: Record<string, number> = { week: 12 / 52, month: 1, quarter: 3, year: 12 };
const MULT: Record<string, number> = { doubl: 2, tripl: 3, quadrupl: 4 };

function periodMonths(word: string, intents: IntentSet): number | null {
  const w = word.toLowerCase().replace(/[\s-]+/g, ' ').replace(/s$/, '');
  const table = intents.byId.project.def.numbers;
  return table[w] ?? table[word.toLowerCase()] ?? null;
}

export function readGrowth(text: string, intents: IntentSet): Growth | null {
  const p = scan(GROWTH_PCT, text)[0];
  if (p) {
    const months = periodMonths(p.groups[2] ?? '', intents);
    const r = Number(p.groups[1]) / 100;
    if (months !== null && Number.isFinite(r)) {
      const sign = p.groups[0] === '-' || p.groups[0] === '−' || SHRINK.test(text) ? -1 : 1;
      const perPeriod = sign * r;
      if (perPeriod <= -1) return null;
      return { monthlyRate: (1 + perPeriod) ** (1 / months) - 1, text: text.slice(p.start, p.end).trim() };
    }
  }
  const m = scan(GROWTH_MULT, text)[0];
  if (m) {
    const factor = MULT[(m.groups[0] ?? '').toLowerCase()] ?? 2;
    const n = m.groups[1] === undefined ? 1 : (WORD_N[m.groups[1].toLowerCase()] ?? Number(m.groups[1]));
    const months = periodMonths(m.groups[2] ?? '', intents);
    if (months !== null && n > 0 && Number.isFinite(n)) return { monthlyRate: factor ** (1 / (n * months)) - 1, text: text.slice(m.start, m.end) };
  }
  return null;
}

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** When the projection is for: chrono-node reads the date relative to `now`; none → a year ahead. */
export function readHorizon(text: string, now: Date, growthText: string | null): Horizon {
  const masked = growthText ? text.replace(growthText, ' '.repeat(growthText.length)) : text;
  let results: ParsedResult[];
  try {
    results = chronoNode().parse(masked, now, { forwardDate: true });
  } catch {
    results = [];
  }
  for (const r of results) {
    const d = r.start.date();
    if (!(d.getTime() > now.getTime())) continue;
    // "in 3 months" is a duration: 3, even when chrono lands on the 1st of the next month.
    const rel = RELATIVE.exec(r.text);
    if (rel) {
      const n = WORD_N[(rel[1] ?? '').toLowerCase()] ?? Number(rel[1]);
      const per = PERIOD_MONTHS[(rel[2] ?? '').toLowerCase()];
      if (per !== undefined && Number.isFinite(n) && n > 0) return { months: +(n * per).toFixed(2), date: iso(d), text: r.text, assumed: false };
    }
    const cal = (d.getUTCFullYear() - now.getUTCFullYear()) * 12 + (d.getUTCMonth() - now.getUTCMonth());
    const months = cal >= 1 ? cal : Math.max(0.1, +((d.getTime() - now.getTime()) / (30.4375 * 86400_000)).toFixed(1));
    return { months, date: iso(d), text: r.text, assumed: false };
  }
  const later = new Date(now.getTime());
  later.setUTCFullYear(later.getUTCFullYear() + 1);
  return { months: 12, date: iso(later), text: '', assumed: true };
}

function readName(text: string): string | null {
  const m = NAME_AFTER.exec(text) ?? NAME_CALL.exec(text);
  const name = m?.[1]?.trim().replace(/\s+/g, ' ').slice(0, 60) ?? '';
  if (name === '' || /^(?:this|it|that|the workload)$/i.test(name)) return null;
  return name;
}

const base = (intent: IntentName): Classification => ({
  intent,
  changes: [],
  mentions: [],
  name: null,
  growth: null,
  horizon: null,
  mode: null,
  workload: null,
  workloadProblem: null,
  commit: false,
  stack: false,
  reset: false,
});

/** A phrase list of an intent, tested once (the compiled regexes are global: reset lastIndex). */
function has(intents: IntentSet, id: Parameters<typeof cues>[0]['def']['id'], list: string, text: string): boolean {
  const r = intents.byId[id].phrases[list];
  if (!r) return false;
  r.lastIndex = 0;
  const hit = r.test(text);
  r.lastIndex = 0;
  return hit;
}

/** A what-if that sticks: a commit phrase ("switch to", "use", "from now on") and no question. */
function readsAsCommit(text: string, intents: IntentSet): boolean {
  return has(intents, 'what-if', 'commit', text) && !has(intents, 'what-if', 'hypothetical', text) && !/\?\s*$/.test(text);
}

/** "and with int8?", "also spot": builds on the last what-if. */
function readsAsStacked(text: string, intents: IntentSet): boolean {
  const first = /^\s*([a-z]+(?:\s+(?:also|top\s+of\s+that))?)/i.exec(text)?.[1] ?? '';
  return first !== '' && has(intents, 'what-if', 'stack', first);
}

/** Classify one follow-up. Cheap: the regexes are compiled with the intents; nothing is evaluated. */
export function classify(text: string, ctx: ClassifyContext): Classification {
  try {
    return decide(text, ctx);
  } catch {
    return base('unknown');
  }
}

function decide(raw: string, ctx: ClassifyContext): Classification {
  const text = typeof raw === 'string' ? raw.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').trim() : '';
  if (text === '') return base('unknown');
  const { intents } = ctx;
  const cue = (id: Parameters<typeof cues>[0]['def']['id']) => cues(intents.byId[id], text);
  const asWorkload = () => parseWorkload(text, { models: ctx.models });
  if (text.length > MAX_FOLLOW_UP_CHARS) {
    const p = asWorkload();
    return { ...base(p.ok ? 'new-workload' : 'unknown'), workload: p.ok ? p.value : null, workloadProblem: p.ok ? null : (p.issues[0]?.message ?? null) };
  }
  if (cue('help')) return base('help');
  if (cue('undo')) {
    // "start over: 2M req/month llama 3 8b" is a new workload; "start over" alone goes back.
    if (/\d/.test(text)) {
      const p = asWorkload();
      if (p.ok) return { ...base('new-workload'), workload: p.value };
    }
    return { ...base('undo'), reset: has(intents, 'undo', 'reset', text) };
  }
  if (cue('adopt')) return base('adopt');
  if (cue('save')) return { ...base('save'), name: readName(text) };

  const mentions = findOptionMentions(text, intents);
  const changes = readChanges(text, { intents, models: ctx.models });

  if (cue('new-workload')) {
    const p = asWorkload();
    return { ...base('new-workload'), workload: p.ok ? p.value : null, workloadProblem: p.ok ? null : (p.issues[0]?.message ?? null) };
  }
  if (cue('project')) {
    const growth = readGrowth(text, intents);
    if (growth) return { ...base('project'), growth, horizon: readHorizon(text, ctx.now, growth.text), changes: changes.filter((c) => c.field !== 'volume') };
  }
  if (cue('assumptions')) {
    return { ...base('assumptions'), changes, mode: changes.length > 0 ? 'change' : 'list', commit: changes.length > 0 };
  }
  if (cue('explain')) return { ...base('explain'), mentions };
  if (cue('compare') && mentions.length > 0) return { ...base('compare'), mentions };
  // "compare with GCP", "compare with int8": the workload now and changed, side by side.
  if (cue('compare') && changes.length > 0) return { ...base('compare'), changes };
  if (cue('optimize')) return base('optimize');

  const whatIfCue = cue('what-if');
  if (!whatIfCue && /\d/.test(text)) {
    const p = asWorkload();
    if (p.ok) return { ...base('new-workload'), workload: p.value };
  }
  // A product named with nothing to change ("what about lambda?", "sagemaker?") asks about that option.
  const named = mentions.filter((m) => m.alias !== null || m.hardware !== null);
  const onlyNames = changes.length === 0 || (named.length > 0 && changes.every((c) => c.field === 'computeConstraint' || c.field === 'cloud'));
  if (named.length > 0 && onlyNames && (whatIfCue || text.length <= 40)) return { ...base('explain'), mentions: named };
  if (changes.length > 0) return { ...base('what-if'), changes, commit: readsAsCommit(text, intents), stack: readsAsStacked(text, intents) };
  if (whatIfCue && mentions.length > 0) return { ...base('explain'), mentions };
  return base('unknown');
}
