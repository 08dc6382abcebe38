// Suggestions re-run the engine with pruning (a ceiling of the recommendation's cost less $1, the
// recommendation's instance sized first, floors that skip what cannot win, no explanatory text).
// The pruned answer must be exactly the exhaustive one: every option re-priced for every suggestion.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/engine/evaluate.ts';
import { suggestionsFor } from '../../src/core/engine/suggestions.ts';
import { evaluateOptions } from '../../src/core/engine/price-options.ts';
import { parseWorkload } from '../../src/core/parse/index.ts';
import { core } from './helpers.ts';

const volumes = ['20k', '5M', '500M'];
const models = ['7B model', 'llama 3 70B', 'bert-base', 'whisper large-v3 30 s clips', 'mistral 7b int4', 'bge-base embeddings', 'resnet-50', 'mixtral-8x22b'];
const targets = ['p95 200ms', 'p99 50ms', 'p50 2s'];
const extras = ['', ' spot ok', ' on aws', ' 1-year commitment', ' cpu only', ' on gcp self-hosted only', ' in eu-west-1', ' no batching'];

const texts: string[] = [];
let i = 0;
for (const v of volumes) for (const m of models) for (const t of targets) texts.push(`${v} req/month ${m} ${t}${extras[i++ % extras.length]}`);
// Cases an earlier floor (two instances, even where a multi-GPU machine hosts the replica and its
// spare on one) priced wrongly.
texts.push(
  '500k req/month llama 3 70B p99 50ms no batching',
  '20k req/month llama 3 70B p50 2s on gcp self-hosted only',
  '20k req/month whisper large-v3 30 s clips p50 2s in eu-west-1',
  '400k requests per month with mixtral-8x22b, results can wait minutes',
);

describe('suggestions: pruned re-runs give the exhaustive answer', () => {
  it.each(texts)('%s', (text) => {
    const parsed = parseWorkload(text, { models: core.models });
    if (!parsed.ok) throw new Error(`does not parse: ${text}`);
    const report = evaluate(parsed.value, core);
    // The report's own evaluation, with a fresh memo, then the exhaustive suggestions from it.
    const c = { ...core, memo: new Map(), profiles: new Map() };
    const ev = evaluateOptions(parsed.value.workload, c);
    expect(report.suggestions).toEqual(suggestionsFor(parsed.value.workload, ev, c, true));
  });
});
