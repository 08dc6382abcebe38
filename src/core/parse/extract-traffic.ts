// Traffic: volumes and rates in every common shape ("5M req/month", "20 rps", "100k requests daily",
// "monthly volume: 5M", "half a million calls a day"), each marked average, peak or bare by its clause.
import type { Extractor, Fact } from './facts.ts';
import { QTY, alt, re, readQuantity } from './regex.ts';
import { Claims, clauseAfter, clauseBefore, keywordsOf, scan, spanOf } from './text.ts';
import { SECONDS_PER_MONTH } from '../workload.ts';
import {
  ACTIVE_USER_WORDS,
  USER_NOUNS,
  WORKDAY_USER_NOUNS,
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

const ABBR_NEED = keywordsOf(Object.keys(RATE_ABBREVIATIONS));
const ADVERB_NEED = keywordsOf(Object.keys(PERIOD_ADVERBS));

const PATTERNS: Pattern[] = [
  // nightly batch of 10M embeddings, a weekly job over 2M docs, daily run of 500k
  { re: re(`\\b(${ADVERB})\\s+(?:batch|job|run|backfill|pass|re-?index(?:ing)?|refresh|sync)(?:es)?\\s+(?:of|over|on|for|with|processing)\\s+(?:~|about|around|roughly|up to\\s+)?(${QTY})(?:\\s+${FILLER}(?:${NOUN}))?`, [ADVERB_NEED, ['batch', 'job', 'run', 'backfill', 'pass', 'index', 'refresh', 'sync']]), read: (g) => [g[1], periodOf(undefined, undefined, g[0])] },
  // 20 rps, 40 req/s, 30 fps
  { re: re(`(${QTY})\\s*(${ABBR})(?![\\w/])`, [ABBR_NEED]), read: (g) => [g[0], RATE_ABBREVIATIONS[(g[1] ?? '').toLowerCase()] ?? null] },
  // 5M/month, 5M requests per month, 100k API calls daily, 5 million inference requests a month
  { re: re(`(${QTY})(?:\\s+${FILLER}(?:${NOUN}))?${PER}`), read: (g) => [g[0], periodOf(g[1], g[2], g[3])] },
  // 5M monthly requests
  { re: re(`(${QTY})\\s*(${ADVERB})\\s+(?:${NOUN})\\b`, [ADVERB_NEED]), read: (g) => [g[0], periodOf(undefined, undefined, g[1])] },
  // QPS: 20, rps = 40
  { re: re(`\\b(${ABBR})${JOIN}(${QTY})(?![\\w])`, [ABBR_NEED]), read: (g) => [g[1], RATE_ABBREVIATIONS[(g[0] ?? '').toLowerCase()] ?? null] },
  // requests per month: 5M, requests/day ~ 100k
  { re: re(`\\b(?:${NOUN}|${TRAFFIC_WORDS})${PER}${JOIN}(${QTY})(?!\\s*[%$])`), read: (g) => [g[3], periodOf(g[0], g[1], g[2])] },
  // monthly volume: 5M, daily requests 100k
  { re: re(`\\b(${ADVERB})\\s+(?:${NOUN}|${TRAFFIC_WORDS})${JOIN}(${QTY})(?!\\s*[%$])`, [ADVERB_NEED]), read: (g) => [g[1], periodOf(undefined, undefined, g[0])] },
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

// ── Users × requests per user ─────────────────────────────────────────────────────────────────
// "50k DAU", "2k seats", "10k monthly active users"; "10 messages per user per day", "30 queries a
// day each", "each user sends 10 messages a day". Runs before extractTraffic and claims its text, so
// "10 messages per user" is never read as 10 requests a month.
const USER_NOUN = alt(USER_NOUNS);
const ACTIVE = alt(Object.keys(ACTIVE_USER_WORDS));
const USERS = re(`(${QTY})\\s*(?:(${ACTIVE})|(?:(?:active|concurrent|registered|paying|internal)\\s+)?(${USER_NOUN}))(?![\\w-])`, [
  keywordsOf([...Object.keys(ACTIVE_USER_WORDS), ...USER_NOUNS]),
]);
const PER_USER_WORDS = [...USER_NOUNS, 'person', 'head', 'dau', 'active user'];
/** One array for the patterns that share it: needs are checked once per text and array. */
const PER_USER_NEED = keywordsOf(PER_USER_WORDS);
const PER_USER_WORD = `(?:${USER_NOUN}|person|head|dau|active user)`;
const EACH = `(?:per|/|a|an|each|every|for each|for every)\\s*`;
const PER_USER_PATTERNS: RegExp[] = [
  // 10 messages per user per day, 10 requests/user/day, 5 queries per seat a day
  re(`(${QTY})\\s*(?:${FILLER}(?:${NOUN})\\s*)?${EACH}${PER_USER_WORD}\\s*${PER}`, [PER_USER_NEED]),
  // 10 messages a day per user, 30 queries a day each, 20 requests/day per seat
  re(`(${QTY})\\s*(?:${FILLER}(?:${NOUN})\\s*)?${PER}\\s*(?:each|apiece|per head|${EACH}${PER_USER_WORD})(?![\\w])`, [keywordsOf(['each', 'apiece', 'per head', ...PER_USER_WORDS])]),
  // each user sends 10 messages a day
  re(`\\b(?:each|every|per|an?|the average|the typical)\\s+${PER_USER_WORD}\\s+(?:sends?|makes?|does|runs?|asks?|has|averages?|submits?|generates?|uploads?|issues?|types?)\\s+(?:about\\s+|around\\s+|~|roughly\\s+)?(${QTY})\\s*(?:${FILLER}(?:${NOUN})\\s*)?${PER}`, [PER_USER_NEED]),
];

export const extractUsers: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  const taken = new Claims(masked.length);
  for (const pattern of PER_USER_PATTERNS) {
    for (const h of scan(pattern, masked)) {
      if (taken.overlaps(h)) continue;
      const qty = readQuantity(h.groups[0] ?? '');
      const period = periodOf(h.groups[1], h.groups[2], h.groups[3]);
      if (qty === null || !Number.isFinite(qty) || period === null) continue;
      taken.add(h);
      out.push({ type: 'per-user', perSecond: qty / period, period, span: spanOf(text, h.start, h.end) });
    }
  }
  for (const h of scan(USERS, masked)) {
    if (taken.overlaps(h)) continue;
    const count = readQuantity(h.groups[0] ?? '');
    if (count === null || !Number.isFinite(count) || count <= 0) continue;
    const activeWord = (h.groups[1] ?? '').toLowerCase();
    const noun = (h.groups[2] ?? activeWord).toLowerCase();
    taken.add(h);
    out.push({ type: 'users', count, active: ACTIVE_USER_WORDS[activeWord] ?? null, workdays: WORKDAY_USER_NOUNS.includes(noun), noun, span: spanOf(text, h.start, h.end) });
  }
  return out;
};

// ── Tokens per period ─────────────────────────────────────────────────────────────────────────
// "1B tokens per month", "500M tokens a day": turned into requests by the tokens per request (refine).
const TOKEN_VOLUME = re(`(${QTY})\\s*(?:input\\s+|output\\s+|total\\s+|llm\\s+)?(?:tokens?|toks?)(?:\\s+(?:processed|generated|served|in total|total))?${PER}`, [['tok']]);
export const extractTokenVolume: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  for (const h of scan(TOKEN_VOLUME, masked)) {
    const qty = readQuantity(h.groups[0] ?? '');
    const period = periodOf(h.groups[1], h.groups[2], h.groups[3]);
    if (qty === null || !Number.isFinite(qty) || period === null) continue;
    // "700 tokens per request" is a size, not a volume: PER only matches time units, so it never gets here.
    out.push({ type: 'token-volume', perSecond: qty / period, period, span: spanOf(text, h.start, h.end) });
  }
  return out;
};

// ── Bursts: "10x spikes at 9am", "peaks at 5x the average", "bursts of 10x" ───────────────────
const BURST_WORDS = `(?:spikes?|bursts?|peaks?|surges?|peak traffic|peak load)`;
/** Every burst pattern has a burst word. */
const BURST_NEED = ['spike', 'burst', 'peak', 'surge'];
const BURSTS = [
  re(`(${QTY})\\s*(?:x|×|times)\\s+(?:the\\s+)?(?:average\\s+|normal\\s+|baseline\\s+)?(?:traffic\\s+)?${BURST_WORDS}(?![\\w])`, [BURST_NEED]),
  re(`\\b${BURST_WORDS}\\s+(?:of|to|up to|at|around|about|reach|reaching|hit|hitting)?\\s*(${QTY})\\s*(?:x|×|times)(?![\\w])(?:\\s+(?:the\\s+)?(?:average|normal|baseline|mean)(?:\\s+(?:load|traffic|rate))?)?`, [BURST_NEED]),
  re(`\\b(?:peak|peaks|spikes?|bursts?)\\s+(?:is|are)\\s+(${QTY})\\s*(?:x|×|times)\\s+(?:the\\s+)?(?:average|normal|baseline|mean)`, [BURST_NEED]),
];
export const extractBursts: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  const taken = new Claims(masked.length);
  for (const pattern of BURSTS) {
    for (const h of scan(pattern, masked)) {
      if (taken.overlaps(h)) continue;
      const v = readQuantity(h.groups[0] ?? '');
      if (v === null || !Number.isFinite(v)) continue;
      taken.add(h);
      out.push({ type: 'peak-to-average', value: v, span: spanOf(text, h.start, h.end) });
    }
  }
  return out;
};

// ── Audio per period ──────────────────────────────────────────────────────────────────────────
// "1000 hours of audio a month", "50k minutes of calls per day": turned into requests in refine by
// the audio per request ("5-minute calls"), or one 30 s clip each when not stated.
const AUDIO_UNITS: Record<string, number> = { hour: 3600, hours: 3600, hr: 3600, hrs: 3600, h: 3600, minute: 60, minutes: 60, min: 60, mins: 60 };
const AUDIO = re(`(${QTY})\\s*(${alt(Object.keys(AUDIO_UNITS))})\\s+(?:of\\s+)?(?:audio|speech|recordings?|calls?|voice|meetings?|podcasts?|video)${PER}`, [
  ['audio', 'speech', 'recording', 'call', 'voice', 'meeting', 'podcast', 'video'],
]);
export const extractAudioVolume: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  for (const h of scan(AUDIO, masked)) {
    const qty = readQuantity(h.groups[0] ?? '');
    const unit = AUDIO_UNITS[(h.groups[1] ?? '').toLowerCase()];
    const period = periodOf(h.groups[2], h.groups[3], h.groups[4]);
    if (qty === null || !Number.isFinite(qty) || unit === undefined || period === null) continue;
    out.push({ type: 'audio-volume', audioSecondsPerSecond: (qty * unit) / period, period, span: spanOf(text, h.start, h.end) });
  }
  return out;
};
