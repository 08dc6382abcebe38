// Traffic: volumes and rates in every common shape ("5M req/month", "20 rps", "100k requests daily",
// "monthly volume: 5M", "half a million calls a day"), each marked average, peak or bare by its clause.
import type { Extractor, Fact } from './facts.ts';
import { QTY, alt, re, readQuantity } from './regex.ts';
import { Claims, clauseAfter, clauseBefore, scan, spanOf } from './text.ts';
import { SECONDS_PER_MONTH } from '../workload.ts';
import {
  AVERAGE_WORDS,
  FILLER_STOP,
  PEAK_WORDS,
  PERIOD_ADVERBS,
  RATE_ABBREVIATIONS,
  REQUEST_NOUNS,
  SLASH_TIME_UNITS,
  TIME_UNITS,
  WORD_TIME_UNITS,
} from './vocabulary.ts';

const NOUN = alt(REQUEST_NOUNS);
const ABBR = alt(Object.keys(RATE_ABBREVIATIONS));
const ADVERB = alt(Object.keys(PERIOD_ADVERBS));
const FILLER = `(?:(?!${alt(FILLER_STOP)}\\b)[a-z]{2,20}\\s+){0,2}`;
/** Captures exactly one of: slash unit, word unit, adverb. */
const PER = `(?:\\s*/\\s*(${alt(SLASH_TIME_UNITS)})(?![a-z])|\\s*(?:per|an?|each|every|/)\\s*(${alt(WORD_TIME_UNITS)})s?\\b|\\s+(${ADVERB})\\b)`;
const JOIN = `(?:\\s*(?:of|is|are|:|=|~|≈|around|about|roughly|approx|approximately|averages?|at|ca\\.?)){0,3}\\s*~?`;
const JOIN_REQUIRED = `(?:\\s*(?:of|is|are|:|=|~|≈|around|about|roughly|approx|approximately|averages?|at|ca\\.?)){1,3}\\s*~?`;
const TRAFFIC_WORDS = `(?:volume|traffic|load|throughput|usage|request volume|request rate|rate)`;

interface Pattern {
  re: RegExp;
  /** Reads [quantity text, period seconds | null (none written)] from the groups. */
  read: (g: (string | undefined)[]) => [string | undefined, number | null];
}

function periodOf(slash?: string, word?: string, adverb?: string): number | null {
  const u = (slash ?? word ?? '').toLowerCase();
  if (u) return TIME_UNITS[u] ?? TIME_UNITS[u.replace(/s$/, '')] ?? null;
  if (adverb) return PERIOD_ADVERBS[adverb.toLowerCase().replace(/\s+/g, ' ')] ?? null;
  return null;
}

const PATTERNS: Pattern[] = [
  // 20 rps, 40 req/s, 30 fps
  { re: re(`(${QTY})\\s*(${ABBR})(?![\\w/])`), read: (g) => [g[0], RATE_ABBREVIATIONS[(g[1] ?? '').toLowerCase()] ?? null] },
  // 5M/month, 5M requests per month, 100k API calls daily, 5 million inference requests a month
  { re: re(`(${QTY})(?:\\s+${FILLER}(?:${NOUN}))?${PER}`), read: (g) => [g[0], periodOf(g[1], g[2], g[3])] },
  // 5M monthly requests
  { re: re(`(${QTY})\\s*(${ADVERB})\\s+(?:${NOUN})\\b`), read: (g) => [g[0], periodOf(undefined, undefined, g[1])] },
  // QPS: 20, rps = 40
  { re: re(`\\b(${ABBR})${JOIN}(${QTY})(?![\\w])`), read: (g) => [g[1], RATE_ABBREVIATIONS[(g[0] ?? '').toLowerCase()] ?? null] },
  // requests per month: 5M, requests/day ~ 100k
  { re: re(`\\b(?:${NOUN}|${TRAFFIC_WORDS})${PER}${JOIN}(${QTY})(?!\\s*[%$])`), read: (g) => [g[3], periodOf(g[0], g[1], g[2])] },
  // monthly volume: 5M, daily requests 100k
  { re: re(`\\b(${ADVERB})\\s+(?:${NOUN}|${TRAFFIC_WORDS})${JOIN}(${QTY})(?!\\s*[%$])`), read: (g) => [g[1], periodOf(undefined, undefined, g[0])] },
  // 1.2B requests, 5M inference calls (no period: read as a month)
  { re: re(`(${QTY})\\s+${FILLER}(?:${NOUN})\\b`), read: (g) => [g[0], null] },
  // volume: 5M, traffic of 2 million
  { re: re(`\\b${TRAFFIC_WORDS}${JOIN_REQUIRED}(${QTY})(?![\\w%$])`), read: (g) => [g[0], null] },
];

const PEAK_BEFORE = new RegExp(`\\b${alt(PEAK_WORDS)}\\b[^\\u0001]{0,20}$`, 'iu');
const AVG_BEFORE = new RegExp(`\\b${alt(AVERAGE_WORDS)}\\b[^\\u0001]{0,20}$`, 'iu');
const PEAK_AFTER = new RegExp(`^\\s*(?:at|during|in|on|as)?\\s*(?:the\\s+)?(?:a\\s+)?${alt(PEAK_WORDS)}\\b`, 'iu');
const AVG_AFTER = new RegExp(`^\\s*(?:on|as|in)?\\s*(?:the\\s+)?(?:an?\\s+)?${alt(AVERAGE_WORDS)}\\b`, 'iu');

function roleOf(masked: string, start: number, end: number): 'avg' | 'peak' | 'bare' {
  const after = clauseAfter(masked, end, 25);
  if (PEAK_AFTER.test(after)) return 'peak';
  if (AVG_AFTER.test(after)) return 'avg';
  const before = clauseBefore(masked, start, 40);
  const p = PEAK_BEFORE.exec(before);
  const a = AVG_BEFORE.exec(before);
  if (p && a) return p.index > a.index ? 'peak' : 'avg';
  if (p) return 'peak';
  if (a) return 'avg';
  return 'bare';
}

export const extractTraffic: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  const taken = new Claims(masked.length);
  for (const { re: pattern, read } of PATTERNS) {
    for (const h of scan(pattern, masked)) {
      if (taken.overlaps(h)) continue;
      const [qtyText, period] = read(h.groups);
      if (qtyText === undefined) continue;
      const qty = readQuantity(qtyText);
      if (qty === null) continue;
      taken.add(h);
      const span = spanOf(text, h.start, h.end);
      if (!Number.isFinite(qty)) {
        out.push({ type: 'issue', span, issue: { code: 'invalid_number', message: `"${span.text}" is not a number I can use.`, field: 'requestsPerMonth', text: span.text } });
        continue;
      }
      const seconds = period ?? SECONDS_PER_MONTH;
      let role = roleOf(masked, h.start, h.end);
      // A peak only makes sense for a rate; "up to 5M a month" is the monthly volume.
      if (role === 'peak' && seconds >= 86400) role = 'avg';
      out.push({
        type: 'rate',
        perSecond: qty / seconds,
        period: seconds,
        role,
        periodAssumed: period === null,
        span,
        why: period === null ? 'a request count with no period is read as per month' : undefined,
      });
    }
  }
  return out;
};
