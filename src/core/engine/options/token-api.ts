// Hosted per-token APIs (Together, Fireworks, Groq, DeepInfra, Bedrock, Vertex AI, Azure AI):
// priced from the workload's tokens × requests, with the batch discount when answers may come late.
// Matched by weights when the model is named, by size class when only a size was given.
import type { KnownModel } from '../../known-models.ts';
import type { Catalog, TokenApiModel } from '../../catalog/schema.ts';
import type { Option } from '../../report.ts';
import type { Load } from '../load.ts';
import { line } from '../money.ts';
import { inScope } from '../../regions.ts';
import { group } from '../../numbers.ts';
import { formatParams } from '../model-profile.ts';
import { type EvalContext, finish, latencyReason, listedRegionNote, said } from './common.ts';

/** Provider-reported TTFT is a light-load median; the tail at each percentile is taken as a multiple of it. */
const TTFT_TAIL: Record<number, number> = { 50: 1, 90: 1.6, 95: 2, 99: 3 };
/** Largest size gap accepted when matching by size class (×1.35 either way: 7B ↔ 8B, 9B). */
const SIZE_CLASS_RATIO = 1.35;
/** Tokens per request assumed for an embedding model when none are given. */
const EMBEDDING_TOKENS = 128;

export interface ApiMatch {
  row: TokenApiModel;
  by: 'weights' | 'size';
}

export function matchApis(ctx: EvalContext, models: KnownModel[]): readonly ApiMatch[] {
  const w = ctx.w;
  const kind = w.model.kind === 'llm' ? 'llm' : w.model.kind === 'embedding' ? 'embedding' : null;
  if (!kind) return [];
  const known = w.model.knownId ? models.find((m) => m.id === w.model.knownId) : undefined;
  if (known) {
    const weights = known.weightsId ?? known.id;
    // A named model's matches depend only on the catalog, the known models and which model it is:
    // worked out once (the catalog and the known-model list live as long as the process).
    let byModels = namedMatches.get(ctx.catalog);
    if (!byModels) namedMatches.set(ctx.catalog, (byModels = new WeakMap()));
    let byModel = byModels.get(models);
    if (!byModel) byModels.set(models, (byModel = new Map()));
    const key = `${kind}|${known.id}`;
    let found = byModel.get(key);
    if (!found) byModel.set(key, (found = matchNamed(ctx.catalog.tokenApis.models.filter((r) => r.kind === kind), known, weights, models)));
    return found;
  }
  const rows = ctx.catalog.tokenApis.models.filter((r) => r.kind === kind);
  if (w.model.name !== null && known === undefined && w.model.params === null) return [];
  const params = ctx.m.params;
  return rows
    .filter((r) => Math.max(r.params / params, params / r.params) <= SIZE_CLASS_RATIO)
    .map((row) => ({ row, by: 'size' as const }));
}

const namedMatches = new WeakMap<Catalog, WeakMap<KnownModel[], Map<string, readonly ApiMatch[]>>>();

/** The rows serving a known model's weights or, when none does, the newer release of the same line
 * in the same size class (Llama 3 8B → Llama 3.1 8B), said plainly in the option's notes. */
function matchNamed(rows: TokenApiModel[], known: KnownModel, weights: string, models: KnownModel[]): readonly ApiMatch[] {
  const exact = rows.filter((r) => r.weightsId === weights || r.weightsId === known.id);
  if (exact.length > 0) return exact.map((row) => ({ row, by: 'weights' as const }));
  const line = known.family.replace(/[.\d]+$/, '');
  const sameLine = (r: TokenApiModel) => {
    const m = models.find((x) => x.id === r.weightsId || x.weightsId === r.weightsId);
    return m !== undefined && m.family.replace(/[.\d]+$/, '') === line && Math.max(r.params / known.params, known.params / r.params) <= SIZE_CLASS_RATIO;
  };
  return rows.filter(sameLine).map((row) => ({ row, by: 'size' as const }));
}

export function tokenApiOption(match: ApiMatch, ctx: EvalContext, load: Load = ctx.load): Option {
  const { row, by } = match;
  const w = ctx.w;
  const R = load.requestsPerMonth;
  const inTok = w.model.kind === 'llm' ? ctx.m.inputTokens : (w.tokens?.input ?? EMBEDDING_TOKENS);
  const outTok = w.model.kind === 'llm' ? ctx.m.outputTokens : 0;
  const batch = w.asyncOk && row.batchDiscount !== null ? row.batchDiscount : 0;
  const where = regionalQuote(row, w.region);
  const inputPrice = where ? { ...row.inputPer1M, usd: where.inputUsd, region: where.region, source: where.source, checked: where.checked, confidence: where.confidence } : row.inputPer1M;
  const outputPrice = where && row.outputPer1M && where.outputUsd !== null ? { ...row.outputPer1M, usd: where.outputUsd, region: where.region, source: where.source, checked: where.checked, confidence: where.confidence } : row.outputPer1M;
  const components = [line(said(ctx, () => `${row.providerName} input tokens${batch ? ` (batch, ${Math.round(batch * 100)}% off)` : ''}`), (R * inTok) / 1e6, '1M tokens', inputPrice, inputPrice.usd * (1 - batch))];
  if (outputPrice && outTok > 0) components.push(line(said(ctx, () => `${row.providerName} output tokens${batch ? ' (batch)' : ''}`), (R * outTok) / 1e6, '1M tokens', outputPrice, outputPrice.usd * (1 - batch)));
  const tail = TTFT_TAIL[w.latency.percentile] ?? 2;
  const ttft = (row.typicalTtftMs / 1000) * tail;
  const e2e = ttft + outTok / row.typicalOutputTokensPerSecond;
  const latency = w.model.kind === 'llm' && w.latency.measures === 'ttft' ? ttft : e2e;
  const meets = w.asyncOk || latency <= w.latency.ms / 1000;
  const notes = ctx.light ? [] : apiNotes();
  function apiNotes(): string[] {
    const notes: string[] = where
      ? [`priced in ${where.region}: ${signed(where.inputUsd / row.inputPer1M.usd - 1)} on input tokens against ${row.inputPer1M.region}`]
      : listedRegionNote(w, row.inputPer1M.region);
    if (by === 'size') {
      notes.push(
        ctx.w.model.name
          ? `not the same weights: ${row.model} is the same size class (${formatParams(row.params)} vs ${formatParams(ctx.m.params)}) from the same model line; no provider in the catalog serves ${ctx.w.model.name} itself`
          : `matched by size class (${formatParams(row.params)} vs ${formatParams(ctx.m.params)}), not by weights: a fine-tuned or private model needs self-hosting or the provider's fine-tuned hosting`,
      );
    }
    notes.push(`latency from the provider's typical ${row.typicalTtftMs} ms time to first token × ${tail} for p${w.latency.percentile}, and ${row.typicalOutputTokensPerSecond} tokens/s`);
    if (row.stale) notes.push(`price may be stale: ${row.note ?? 'see pricing/token-apis.json'}`);
    else if (row.note) notes.push(row.note);
    return notes;
  }
  // A retired endpoint keeps its row for the record but is never a usable (or recommendable) option.
  const retired = row.retired ? [`retired: ${row.providerName} shut ${row.model} down on ${row.retired.on} (${row.retired.source})`] : [];
  const option = finish(
    {
      id: `api-${row.provider}-${row.weightsId}`,
      name: `${row.providerName} ${row.model}`,
      kind: 'api',
      provider: row.provider,
      cloud: row.cloud,
      compute: 'gpu',
      hardware: 'hosted (per token)',
      light: ctx.light,
      region: where?.region ?? row.inputPer1M.region,
      instances: 0,
      fits: !row.retired,
      meetsLatency: meets && !row.retired,
      reasons: [...retired, ...(meets || ctx.light ? [] : [latencyReason(ctx, latency)])],
      latencyS: latency,
      e2eS: e2e,
      components,
      utilization: null,
      sizing: said(ctx, () => `${inTok} input + ${outTok} output tokens × ${group(R)} requests.`),
      notes,
    },
    load,
  );
  return { ...option, matchedBy: by };
}

/** The cheapest of the row's regional prices inside the workload's stated region, place or area. */
function regionalQuote(row: TokenApiModel, stated: string | null): TokenApiModel['regionalPrices'][number] | null {
  if (stated === null || row.inputPer1M.region === stated) return null;
  if (inScope(row.inputPer1M.region, stated)) return null;
  const inside = row.regionalPrices.filter((r) => inScope(r.region, stated));
  return inside.sort((a, b) => a.inputUsd - b.inputUsd)[0] ?? null;
}

function signed(x: number): string {
  const p = Math.round(x * 100);
  return `${p > 0 ? '+' : ''}${p}%`;
}
