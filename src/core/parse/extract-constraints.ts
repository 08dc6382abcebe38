// Constraints: region, cloud, CPU/GPU, budget, cache hit rate, spot, async/batch, traffic pattern,
// self-hosted only.
import type { Cloud } from '../workload.ts';
import { SECONDS_PER_MONTH } from '../workload.ts';
import type { Extractor, Fact } from './facts.ts';
import { PLACES } from '../regions.ts';
import { MONEY_NUM, NUM, alt, re, readQuantity } from './regex.ts';
import { Claims, clauseAfter, clauseBefore, keywordsOf, scan, spanOf } from './text.ts';
import {
  ASYNC_PHRASES,
  AWS_REGION_PREFIXES,
  AZURE_REGIONS,
  BUDGET_WORDS,
  CACHE_AFTER_WORDS,
  CACHE_BEFORE_WORDS,
  ACCELERATOR_WORDS,
  CLOUD_WORDS,
  COMMIT_WORDS,
  COMPUTE_NEUTRAL,
  CPU_BARE,
  CPU_ONLY_PHRASES,
  GPU_BARE,
  INSTANCE_FAMILIES,
  UNPRICED_CLOUDS,
  CURRENCY_WORDS,
  GCP_REGION_PREFIXES,
  GPU_NAMES,
  GPU_PHRASES,
  PATTERN_WORDS,
  PERIOD_ADVERBS,
  REGION_DIRECTIONS,
  SELF_HOSTED_PHRASES,
  SPOT_NO_PHRASES,
  SPOT_OK_PHRASES,
  SUFFIXES,
  TIME_UNITS,
} from './vocabulary.ts';

const squash = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');
function lookup<T>(table: Record<string, T>, key: string): T | undefined {
  const k = key.toLowerCase();
  if (table[k] !== undefined) return table[k];
  for (const [w, v] of Object.entries(table)) if (squash(w) === squash(k)) return v;
  return undefined;
}

const AWS_REGION = `(?:${alt(AWS_REGION_PREFIXES)})-(?:${alt(REGION_DIRECTIONS)})-\\d`;
const GCP_REGION = `(?:${alt(GCP_REGION_PREFIXES)})-(?:${alt(REGION_DIRECTIONS)})\\d{1,2}`;
const REGION = re(`(?<![\\w-])(?:(${AWS_REGION})|(${GCP_REGION})|(${alt(AZURE_REGIONS)}))(?![\\w-])`);

// Places ("in Frankfurt", "Tokyo") and residency areas ("EU only", "data must stay in the EU").
const PLACE_WORDS = new Map(PLACES.flatMap((p) => p.names.map((n) => [n, p.id] as const)));
const PLACE = re(`(?<![\\w-])(${alt(PLACE_WORDS.keys())})(?![\\w-])`);
const EU_AREA = re(
  `(?<![\\w-])(?:(?:data\\s+(?:must|has\\s+to|needs\\s+to|should|to)\\s+(?:stay|remain|be\\s+(?:kept|stored|hosted))\\s+)?(?:in|within|inside)\\s+(?:the\\s+)?(eu|european\\s+union)|(eu)[\\s-]only|only\\s+(?:in\\s+(?:the\\s+)?)?(eu)|(eu)\\s+(?:region|regions|data\\s+residency|residency|hosting|hosted)|(european\\s+union))(?![\\w-])`,
  [['eu']],
);
/** A bare "EU" counts only in capitals: "eu" in lower case is too often something else. */
const BARE_EU = /(?<![\w-])EU(?![\w-])/g;
const EUROPE = re(`(?<![\\w-])(?:in|within|inside)\\s+europe(?![\\w-])`, [['europe']]);

export const extractRegion: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  const taken = new Claims(masked.length);
  for (const h of scan(REGION, masked)) {
    const cloud: Cloud = h.groups[0] ? 'aws' : h.groups[1] ? 'gcp' : 'azure';
    const span = spanOf(text, h.start, h.end);
    taken.add(h);
    out.push({ type: 'region' as const, value: span.text.toLowerCase(), cloud, span });
  }
  for (const h of scan(EU_AREA, masked)) {
    if (taken.overlaps(h)) continue;
    taken.add(h);
    const residency = /^data\b|only/i.test(masked.slice(h.start, h.end));
    out.push({ type: 'region', value: 'eu', cloud: null, span: spanOf(text, h.start, h.end), why: residency ? 'data residency: only regions in the EU are priced' : 'only regions in the EU are priced' });
  }
  for (const h of scan(BARE_EU, masked)) {
    if (taken.overlaps(h)) continue;
    taken.add(h);
    out.push({ type: 'region', value: 'eu', cloud: null, span: spanOf(text, h.start, h.end), why: 'only regions in the EU are priced' });
  }
  for (const h of scan(EUROPE, masked)) {
    if (taken.overlaps(h)) continue;
    taken.add(h);
    out.push({ type: 'region', value: 'europe', cloud: null, span: spanOf(text, h.start, h.end), why: 'only regions in Europe are priced' });
  }
  for (const h of scan(PLACE, masked)) {
    if (taken.overlaps(h)) continue;
    const id = PLACE_WORDS.get((h.groups[0] ?? '').toLowerCase());
    if (!id) continue;
    taken.add(h);
    out.push({ type: 'region', value: id, cloud: null, span: spanOf(text, h.start, h.end), why: `${id} is read as the cloud regions there` });
  }
  return out.sort((a, b) => a.span.start - b.span.start);
};

const CLOUD = re(`\\b(${alt(Object.keys(CLOUD_WORDS))})\\b(?![\\s-]*labs)`);

export const extractCloud: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  for (const h of scan(CLOUD, masked)) {
    const value = lookup(CLOUD_WORDS, h.groups[0] ?? '');
    if (value) out.push({ type: 'cloud', value, span: spanOf(text, h.start, h.end) });
  }
  return out;
};

const COMPUTE = re(
  `(?<![\\w])(?:(${alt(COMPUTE_NEUTRAL)})|(${alt(CPU_ONLY_PHRASES)})|(${alt(GPU_PHRASES)})|(?:on\\s+(?:an?\\s+|the\\s+)?)?(${alt(GPU_NAMES)}))(?![\\w])` +
    // Bare "cpu"/"gpu" as whole words: not "vCPU", "cpu-bound", "GPU-hours", "gpu_util", "cpu/gpu".
    `|(?<![\\w/-])(?<!\\d\\s*)(?:(${alt(CPU_BARE)})|(${alt(GPU_BARE)}))(?![\\w/-]|\\s*(?:hours?|time|utili[sz]ation|usage|memory|count|cores?|seconds?)\\b)`,
);

export const extractCompute: Extractor = ({ text, masked }) =>
  scan(COMPUTE, masked).map((h) => ({
    type: 'compute' as const,
    value: h.groups[0] ? ('neutral' as const) : h.groups[1] || h.groups[4] ? ('cpu' as const) : ('gpu' as const),
    span: spanOf(text, h.start, h.end),
  }));

// Hardware: "g5 only", "only A100s", "on H100", "no A100", "not on p4d", "avoid T4s". Runs before the
// compute extractor and claims its text, so "no A100" is not read as "a GPU".
const HW_NAME = `(?:(${alt(INSTANCE_FAMILIES)})(?:\\.\\w+|-\\w+(?:-\\w+)?)?(?:\\s+(?:instances?|family|nodes?|vms?|machines?))?|(${alt(Object.keys(ACCELERATOR_WORDS))})(?:\\s+(?:gpus?|cards?|instances?|nodes?))?)`;
/** Every pattern names a family or an accelerator. */
const HW_NEED = keywordsOf([...INSTANCE_FAMILIES, ...Object.keys(ACCELERATOR_WORDS)]);
const HW_PATTERNS: { re: RegExp; mode: 'only' | 'exclude' }[] = [
  { re: re(`(?<![\\w])(?:no|not|never|without|avoid|avoiding|except|excluding|exclude|but not|not on|no more)\\s+(?:any\\s+|the\\s+)?${HW_NAME}(?![\\w])`, [HW_NEED]), mode: 'exclude' },
  { re: re(`(?<![\\w])${HW_NAME}\\s+(?:are\\s+|is\\s+)?(?:not allowed|excluded|ruled out|off the table|unavailable|not available)(?![\\w])`, [HW_NEED]), mode: 'exclude' },
  { re: re(`(?<![\\w])(?:only|just|exclusively)\\s+(?:on\\s+|use\\s+)?(?:an?\\s+|the\\s+)?${HW_NAME}(?![\\w])`, [HW_NEED]), mode: 'only' },
  { re: re(`(?<![\\w])${HW_NAME}\\s*(?:only|-only)(?![\\w])`, [HW_NEED]), mode: 'only' },
  { re: re(`(?<![\\w])(?:on|use|using|runs on|run on|must run on|must use|we have|we use)\\s+(?:an?\\s+|the\\s+|our\\s+)?${HW_NAME}(?![\\w])`, [HW_NEED]), mode: 'only' },
];

export const extractHardware: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  const taken = new Claims(masked.length);
  for (const { re: pattern, mode } of HW_PATTERNS) {
    for (const h of scan(pattern, masked)) {
      if (taken.overlaps(h)) continue;
      const [family, acc] = h.groups;
      const value = family ? family.toLowerCase() : ACCELERATOR_WORDS[(acc ?? '').toLowerCase().replace(/\s+/g, ' ')];
      if (!value) continue;
      taken.add(h);
      out.push({ type: 'hardware', value, mode, what: family ? 'family' : 'accelerator', span: spanOf(text, h.start, h.end) });
    }
  }
  return out;
};

// Commitments: "1-year reserved", "3-year savings plan", "reserved for 3 years", "committed use".
const TERM = `(?:(1|one|12)|(3|three|36))[\\s-]*(?:years?|yrs?|months?)`;
const COMMIT = alt(COMMIT_WORDS);
const COMMIT_BARE = alt(COMMIT_WORDS.filter((w) => !['term', 'contract', 'commit', 'committed'].includes(w)));
const COMMIT_NEED = keywordsOf(COMMIT_WORDS);
const COMMIT_PATTERNS: { re: RegExp; term: boolean }[] = [
  { re: re(`(?<![\\w])${TERM}[\\s-]+(?:(?:ec2|compute|gpu|instance|vm)\\s+)?(?:${COMMIT})(?![\\w])`, [COMMIT_NEED]), term: true },
  { re: re(`(?<![\\w])(?:${COMMIT})(?:\\s+(?:for|of|on|with|at|over))?\\s+(?:an?\\s+|the\\s+)?${TERM}(?:[\\s-]+(?:term|commitment|contract))?(?![\\w])`, [COMMIT_NEED]), term: true },
  { re: re(`(?<![\\w])(?:(1|one)|(3|three))-year(?=\\s*(?:[,.;)]|$|deal|plan|pricing|prices|discount|rate|rates)\\b|\\s*[,.;)]|\\s*$)`, [['-year']]), term: true },
  { re: re(`(?<![\\w-])(?:${COMMIT_BARE})(?![\\w-])`, [COMMIT_NEED]), term: false },
];

export const extractCommitment: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  const taken = new Claims(masked.length);
  for (const { re: pattern, term } of COMMIT_PATTERNS) {
    for (const h of scan(pattern, masked)) {
      if (taken.overlaps(h)) continue;
      taken.add(h);
      const span = spanOf(text, h.start, h.end);
      const before = clauseBefore(masked, h.start, 16);
      if (/\b(?:no|not|without|avoid|never|don't want|do not want|can't|cannot|won't)\b(?:\s+[\w-]+){0,2}\s*$/i.test(before)) {
        out.push({ type: 'commitment', value: 'none', span });
        continue;
      }
      if (!term) {
        out.push({ type: 'commitment', value: '1y', span, why: 'a commitment with no term is read as 1 year, the shorter and more common term' });
        continue;
      }
      out.push({ type: 'commitment', value: h.groups[0] !== undefined ? '1y' : '3y', span });
    }
  }
  return out;
};

const UNPRICED = re(`(?<![\\w.])(${alt(Object.keys(UNPRICED_CLOUDS))})(?![\\w])`);
export const extractUnpricedCloud: Extractor = ({ text, masked }) =>
  scan(UNPRICED, masked).flatMap((h) => {
    const name = UNPRICED_CLOUDS[(h.groups[0] ?? '').toLowerCase()];
    return name ? [{ type: 'unpriced-cloud' as const, name, span: spanOf(text, h.start, h.end) }] : [];
  });

// Budget: "$3k/month", "budget $3k/month", "under $500 a month", "$2,000/mo budget", "budget: 3000 USD".
const MONEY_SUFFIX = `(?:\\s?(?:${alt(Object.keys(SUFFIXES).filter((s) => s.length <= 3))})(?![a-z]))?`;
const MONEY = `(?:(?:usd|us\\$|\\$)\\s*(${MONEY_NUM}${MONEY_SUFFIX})|(${NUM}${MONEY_SUFFIX})\\s*(?:${alt(CURRENCY_WORDS)}|\\$)(?![a-z]))`;
const MONEY_PERIOD_REQUIRED = `(?:\\s*(?:/|per|an?|each|every)\\s*(month|mo|mth|year|yr|day|week|wk)s?\\b|\\s+(${alt(Object.keys(PERIOD_ADVERBS))})\\b)`;
const MONEY_PERIOD = `${MONEY_PERIOD_REQUIRED}?`;
const BUDGET_KEY = alt(BUDGET_WORDS);
/** A currency sign or word: in every MONEY. */
const CURRENCY_NEED = keywordsOf(['usd', 'us$', '$', ...CURRENCY_WORDS]);
const BUDGET_PATTERNS = [
  re(`\\b(?:${BUDGET_KEY})(?:\\s*(?:of|is|:|=|around|about|~|roughly|approximately|approx|monthly|per month|a month)){0,3}\\s*${MONEY}${MONEY_PERIOD}`, [CURRENCY_NEED]),
  re(`${MONEY}${MONEY_PERIOD}\\s*(?:monthly\\s+)?(?:budget|max|cap|limit|or less|tops|at most)\\b`, [CURRENCY_NEED]),
  re(`\\bbudget(?:\\s*(?:of|is|:|=|~)){0,2}\\s*(${NUM}${MONEY_SUFFIX})()${MONEY_PERIOD}`, [['budget']]),
  re(`${MONEY}${MONEY_PERIOD_REQUIRED}`, [CURRENCY_NEED]),
];

export const extractBudget: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  const taken = new Claims(masked.length);
  for (const [i, pattern] of BUDGET_PATTERNS.entries()) {
    for (const h of scan(pattern, masked)) {
      if (taken.overlaps(h)) continue;
      const [a, b, unitWord, adverb] = h.groups;
      const amount = readQuantity(a ?? b ?? '');
      if (amount === null) continue;
      const periodWord = (unitWord ?? '').toLowerCase();
      const seconds = periodWord ? TIME_UNITS[periodWord] : adverb ? PERIOD_ADVERBS[adverb.toLowerCase()] : undefined;
      // A bare dollar amount with no budget word and no period is a price, not a budget.
      if (i === 3 && seconds === undefined) continue;
      taken.add(h);
      const perMonth = seconds === undefined ? amount : (amount * SECONDS_PER_MONTH) / seconds;
      const why =
        seconds === undefined
          ? 'a budget with no period is read as per month'
          : i === 3
            ? 'a dollar amount per period is read as the monthly budget'
            : undefined;
      out.push({ type: 'budget', usdPerMonth: perMonth, span: spanOf(text, h.start, h.end), why });
    }
  }
  return out;
};

// Cache hit rate: "30% cache hits", "cache hit rate 0.3", "cache-hit rate of 40%".
const CACHE_PATTERNS = [
  re(`(${NUM})\\s*(%|percent)\\s*(?:of\\s+(?:requests|queries|prompts|traffic|calls|lookups)\\s+)?(?:(?:are|is|can\\s+be|will\\s+be|get|hit\\s+the)\\s+)?(?:${alt(CACHE_AFTER_WORDS)})\\b`, [['%', 'percent'], keywordsOf(CACHE_AFTER_WORDS)]),
  re(`\\b(?:${alt(CACHE_BEFORE_WORDS)})(?:\\s*(?:of|is|:|=|~|around|about|roughly|≈|at)){0,3}\\s*(${NUM})\\s*(%|percent)?`),
];

export const extractCache: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  const taken = new Claims(masked.length);
  for (const pattern of CACHE_PATTERNS) {
    for (const h of scan(pattern, masked)) {
      if (taken.overlaps(h)) continue;
      const n = Number((h.groups[0] ?? '').replace(/,/g, '').replace('−', '-'));
      if (!Number.isFinite(n)) continue;
      taken.add(h);
      const rate = h.groups[1] || n > 1 ? n / 100 : n;
      out.push({ type: 'cache', rate, span: spanOf(text, h.start, h.end) });
    }
  }
  return out;
};

const SPOT = re(`(?<![\\w])(?:(${alt(SPOT_NO_PHRASES)})|(${alt(SPOT_OK_PHRASES)}))(?![\\w])`);
export const extractSpot: Extractor = ({ text, masked }) =>
  scan(SPOT, masked).map((h) => ({ type: 'spot' as const, value: h.groups[0] === undefined, span: spanOf(text, h.start, h.end) }));

const SELF_HOSTED = re(`(?<![\\w])(${alt(SELF_HOSTED_PHRASES)})(?![\\w])`);
export const extractSelfHosted: Extractor = ({ text, masked }) =>
  scan(SELF_HOSTED, masked).map((h) => {
    const span = spanOf(text, h.start, h.end);
    return { type: 'self-hosted' as const, value: true, reason: span.text.slice(0, 200), span };
  });

const PATTERN = re(`(?<![\\w])(${alt(Object.keys(PATTERN_WORDS))})(?![\\w/])`);
export const extractPattern: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  for (const h of scan(PATTERN, masked)) {
    const value = lookup(PATTERN_WORDS, h.groups[0] ?? '');
    if (value) out.push({ type: 'pattern', value, span: spanOf(text, h.start, h.end) });
  }
  return out;
};

const NOT_ASYNC_BATCH = `(?![\\s-]*(?:size|sizes|of\\b))`;
const ASYNC = re(`(?<![\\w-])(?:continuous|dynamic|micro|in-flight)[\\s-]*batch(?:ing|es|ed)?\\b|(?<![\\w])(${alt(ASYNC_PHRASES)})(?![\\w])${NOT_ASYNC_BATCH}`);
export const extractAsync: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  for (const h of scan(ASYNC, masked)) {
    if (h.groups[0] === undefined) continue; // "continuous batching" is a serving technique, not async work
    const before = clauseBefore(masked, h.start, 12);
    if (/\b(?:no|not|never|without)\s*$/.test(before)) continue;
    if (/^\s*(?:size|sizes)\b/.test(clauseAfter(masked, h.end, 10))) continue;
    out.push({ type: 'async', value: true, span: spanOf(text, h.start, h.end) });
  }
  return out;
};
