// Keyword pre-checks (text.ts): `scan` skips a regex when the text lacks one of its needs, so every
// need must be in every match of its regex, whatever the case ("TOKENS", long s "ſ", Kelvin "K").
// Checked on the phrase table, the bench corpus, an example for each guarded regex and seeded word soups.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../../bench/corpus.ts';
import { PIPELINE } from '../../src/core/parse/index.ts';
import { foldCase, guardedRegexes, keywordsOf } from '../../src/core/parse/text.ts';
import {
  ACCELERATOR_WORDS, ACTIVE_USER_WORDS, BUDGET_WORDS, CACHE_AFTER_WORDS, COMMIT_WORDS, CURRENCY_WORDS, INPUT_TOKEN_WORDS, INSTANCE_FAMILIES,
  LATENCY_WORDS, OUTPUT_TOKEN_WORDS, PERIOD_ADVERBS, RATE_ABBREVIATIONS, REQUEST_NOUNS, USER_NOUNS, WORD_TIME_UNITS,
} from '../../src/core/parse/vocabulary.ts';
import { PHRASES } from './phrases.ts';

const guarded = guardedRegexes();
const hits = new Map<RegExp, number>();

/** Matches of guarded regexes in `text` that lack a keyword of one of their needs. */
function violations(text: string): string[] {
  const out: string[] = [];
  for (const [re, needs] of guarded) {
    for (const m of text.matchAll(new RegExp(re.source, re.flags))) {
      if (m[0] === '') continue;
      hits.set(re, (hits.get(re) ?? 0) + 1);
      const folded = foldCase(m[0]);
      for (const need of needs) if (!need.some((k) => folded.includes(k))) out.push(`"${m[0]}" has none of ${JSON.stringify(need)} (${re.source.slice(0, 60)}…)`);
    }
  }
  return out;
}

/** At least one text for each guarded regex. */
const EXAMPLES = [
  'g5 only', 'only on A100s', 'no A100', 'T4s are not allowed', 'we use g5.xlarge instances', 'avoid p4d', '1-year reserved',
  'reserved instances for 3 years', '3-year savings plan', 'a 1-year deal.', 'committed use for 36 months', '20 steps', '30 denoising steps',
  'completion tokens: 300', 'output tokens 200', 'prompt tokens ~1500', '10 messages per user per day', '30 queries a day each',
  'each user sends 10 messages a day', '50k DAU', '2k seats', '10k monthly active users', '1B tokens per month', '500M tokens a day',
  '10x spikes', 'peaks at 5x the average', 'bursts of 10x', 'peak is 3x the average', '1000 hours of audio a month',
  '50k minutes of calls per day', '30 s clips', '5-minute calls', '$3k/month budget', 'budget 3000', 'under $500 a month', '2,000 USD per month',
  '30% cache hits', '40 percent are cache hits', '200ms latency', 'p95 200ms', '7B params', '400MB model', '14 GiB', '20 rps', '5M monthly requests',
  '500 in / 200 out', '2000 prompt tokens', '1k tokens in', '300 tokens of output', '700 tokens per request', 'max batch size 16', 'EU only',
  'data must stay in the EU', 'hosted in europe', 'eu region', 'no batching', 'unbatched', 'batch size 1', 'bs=1', 'one request at a time',
  'continuous batching', '1024x1024', '512 × 768', '768px', 'savings plan', 'nightly batch of 10M embeddings', 'QPS: 20', 'monthly volume: 5M',
];

const WORDS = [
  ...new Set([
    ...EXAMPLES,
    ...[...PHRASES.map((p) => p.t), ...CORPUS.map((c) => c.text), ...EXAMPLES].flatMap((t) => t.split(/\s+/)),
    ...REQUEST_NOUNS, ...USER_NOUNS, ...Object.keys(ACTIVE_USER_WORDS), ...COMMIT_WORDS, ...Object.keys(ACCELERATOR_WORDS), ...INSTANCE_FAMILIES,
    ...LATENCY_WORDS, ...CACHE_AFTER_WORDS, ...BUDGET_WORDS, ...CURRENCY_WORDS, ...OUTPUT_TOKEN_WORDS, ...INPUT_TOKEN_WORDS,
    ...Object.keys(PERIOD_ADVERBS), ...Object.keys(RATE_ABBREVIATIONS), ...WORD_TIME_UNITS,
    '5', '10k', '3', '12', '36', 'one', 'three', '1-year', '3-year', '3 years', '$200', '200 USD', '30%', '40 percent', '500ms', '200 ms', '2GB',
    '1.5 TB', '20', '50', 'steps', '512x512', '30 s', '5-minute', 'clips', 'calls', 'audio', 'of', 'per', 'a', 'each', 'every', 'x', 'times',
    '10x', 'spikes', 'bursts', 'peak', 'peaks', 'surges', 'is', 'are', 'only', 'no', 'on', 'in', 'the', '/', 'user', 'sends', 'tokens', 'tok',
    'batch', 'batch size', 'max batch', 'eu', 'EU only', 'in europe', 'data must stay in the eu', 'budget', 'params', 'parameters', 'model',
  ]),
];
/** Case changes a case-insensitive regex still matches: upper case, long s for s, Kelvin sign for k. */
const recase = (s: string, how: number) =>
  how === 0 ? s : how === 1 ? s.toUpperCase() : how === 2 ? s.replace(/s/g, 'ſ') : how === 3 ? s.replace(/k/g, '\u212a') : s.replace(/[a-z]/g, (c, i: number) => (i % 2 ? c.toUpperCase() : c));

describe('keyword pre-checks', () => {
  it('keywordsOf keeps, for each word, a part every match of it contains', () => {
    expect(keywordsOf(['req/s', 'reqs/s', 'rps'])).toEqual(['req/s', 'reqs/s', 'rps']);
    expect(keywordsOf(['time to first token', 'ttft', 'latency', 'tail latency'])).toEqual(['first', 'latency', 'ttft']);
    expect(keywordsOf(['a100', 'a10', 'A100s'])).toEqual(['a10']);
    expect(() => keywordsOf([''])).toThrow();
  });

  it('guards the extractors that scan for numbers and keywords', () => {
    expect(PIPELINE.length).toBeGreaterThan(20);
    expect(guarded.length).toBeGreaterThanOrEqual(40);
  });

  it('every match of a guarded regex has a keyword of each need (phrases, corpus, examples, any case)', () => {
    for (const t of [...PHRASES.map((p) => p.t), ...CORPUS.map((c) => c.text), ...EXAMPLES]) {
      for (let how = 0; how <= 4; how++) expect(violations(recase(t, how))).toEqual([]);
    }
    const missed = guarded.filter(([re]) => !hits.get(re)).map(([re]) => re.source.slice(0, 80));
    expect(missed).toEqual([]);
  });

  it('every match of a guarded regex has a keyword of each need (word soups, any case)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...WORDS), { minLength: 2, maxLength: 8 }), fc.constantFrom(' ', ', ', ' - ', '_'), fc.integer({ min: 0, max: 4 }), (ws, sep, how) => {
        expect(violations(recase(ws.join(sep), how))).toEqual([]);
      }),
      { numRuns: 4000, seed: 20261202 },
    );
  });
});
