// Latency targets: "p95 200ms", "p99 < 1s", "P95: 200ms", "95th percentile latency of 350 milliseconds",
// "under 100 ms", "latency 300ms", "median 50ms", "200ms p99"; and whether it is end to end or TTFT.
import type { Extractor, Fact } from './facts.ts';
import { NUM, NUM_AFTER_DASH, alt, re } from './regex.ts';
import { Claims, keywordsOf, scan, spanOf } from './text.ts';
import { E2E_WORDS, LATENCY_COMPARATORS, LATENCY_WORDS, TIME_MS, TTFT_WORDS } from './vocabulary.ts';

const TIME = `(${NUM})\\s*(${alt(Object.keys(TIME_MS))})(?![a-z])`;
const PCT = `(?<![\\w])(?:p|tp)(\\d{2}(?:\\.\\d{1,3})?|\\d{3,4})(?![\\w.])`;
const PCT_WORDS = `(?<![\\w.])(\\d{2}(?:\\.\\d{1,3})?)(?:th|st|nd|rd)?[\\s-]*(?:%\\s*ile|percentile|pctl|pct)`;
const MEDIAN = `\\b(median|mean|average|avg)`;
const LAT = alt(LATENCY_WORDS);
const CMP = `(?:\\s*${alt(LATENCY_COMPARATORS)}){0,4}\\s*`;
const UNDER = `(?:under|below|less than|within|sub|lower than|faster than|no more than|at most|<=|<|≤)`;

/** Patterns, most specific first. Group layout: [pct?, pctWords?, median?, num, unit, trailingPct?]. */
const PATTERNS: RegExp[] = [
  // p95 latency under 200ms / p99 < 1s / 95th percentile latency of 350 milliseconds / median latency 50ms
  re(`(?:${PCT}|${PCT_WORDS}|${MEDIAN})(?:\\s*(?:${LAT}|e2e|end[- ]to[- ]end)){0,2}${CMP}${TIME}()`),
  // latency 300ms / latency target under 300ms at p99 / TTFT < 500 ms
  re(`()()()\\b(?:${LAT})(?:\\s*(?:target|budget|goal|requirement|sla|slo))?${CMP}${TIME}(?:\\s*(?:at|@)?\\s*(?:the\\s+)?(?:${PCT}|${PCT_WORDS}))?`),
  // 200ms p95 / 200 ms @ p99 / 1s at the 99th percentile
  re(`()()()${TIME}\\s*(?:(?:at|@|for)\\s*)?(?:the\\s+)?(?:${PCT}|${PCT_WORDS})`),
  // under 100 ms / within 2 seconds / sub-100ms
  re(`()()()\\b${UNDER}[\\s-]*${TIME.replace(NUM, NUM_AFTER_DASH)}()`),
  // 200ms latency / 200 ms response time
  re(`()()()${TIME}\\s*(?:${LAT})()`, [keywordsOf(LATENCY_WORDS)]),
  // a bare 200ms (milliseconds only)
  re(`()()()(${NUM})\\s*(ms|msec|millis|milliseconds?)(?![a-z])()`, [['ms', 'millis']]),
];

function percentileOf(groups: (string | undefined)[]): number | null {
  const [p, pw, median, , , tp, tpw] = groups;
  const raw = p ?? pw ?? tp ?? tpw;
  if (raw !== undefined) {
    // p999 means 99.9, p9999 means 99.99
    if (/^9{3,4}$/.test(raw)) return Number(`99.${raw.slice(2)}`);
    return Number(raw);
  }
  if (median !== undefined) return 50;
  return null;
}

export const extractLatency: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  const taken = new Claims(masked.length);
  for (const [i, pattern] of PATTERNS.entries()) {
    for (const h of scan(pattern, masked)) {
      if (taken.overlaps(h)) continue;
      const groups = h.groups;
      // Pattern 0 places the time after the three lead groups; others keep the same slots.
      const num = groups[3];
      const unit = (groups[4] ?? '').toLowerCase();
      const perUnit = TIME_MS[unit];
      if (num === undefined || perUnit === undefined) continue;
      // "s" right after a percentile-free number is too ambiguous unless a latency word or comparator is there.
      const value = Number(num.replace(/,/g, '').replace('−', '-'));
      const ms = value * perUnit;
      const trailing = [groups[5], groups[6]];
      const pct = percentileOf([groups[0], groups[1], groups[2], undefined, undefined, trailing[0], trailing[1]]);
      const spanText = text.slice(h.start, h.end).toLowerCase();
      const measures = TTFT_RE.test(spanText) ? 'ttft' : E2E_RE.test(spanText) ? 'e2e' : null;
      taken.add(h);
      out.push({ type: 'latency', percentile: pct, ms, measures, span: spanOf(text, h.start, h.end), why: i === 5 ? 'a bare time in milliseconds is read as the latency target' : undefined });
    }
  }
  return out;
};

const TTFT_RE = new RegExp(alt(TTFT_WORDS), 'iu');
const E2E_RE = new RegExp(alt(E2E_WORDS), 'iu');
const MEASURES_RE = re(`(${alt(TTFT_WORDS)})|(${alt(E2E_WORDS)})`);

/** "end to end", "e2e", "full response" / "TTFT", "time to first token", anywhere in the text. */
export const extractMeasures: Extractor = ({ text, masked }) =>
  scan(MEASURES_RE, masked).map((h) => ({
    type: 'measures' as const,
    value: h.groups[0] !== undefined ? ('ttft' as const) : ('e2e' as const),
    span: spanOf(text, h.start, h.end),
  }));
