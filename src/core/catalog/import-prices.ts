// `infercost prices import`: refresh the hosted-API token prices from a local copy of LiteLLM's
// model_prices_and_context_window.json or models.dev's api.json. Pure: the shell reads and writes
// the files and passes today's date. Only rows already in the catalog are updated (matched by
// provider and the provider's model name); nothing is invented.
import type { Price, TokenApiModel } from './schema.ts';

export type PriceFileFormat = 'litellm' | 'models.dev';

export interface PriceChange {
  provider: string;
  model: string;
  field: 'input' | 'output' | 'cachedInput';
  oldUsd: number | null;
  newUsd: number;
  /** Relative change, e.g. 0.25 for +25%; null when there was no old price. */
  change: number | null;
}

export interface ImportResult {
  format: PriceFileFormat;
  rows: TokenApiModel[];
  changes: PriceChange[];
  matched: number;
  unmatched: string[];
}

const SOURCES: Record<PriceFileFormat, string> = {
  litellm: 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json',
  'models.dev': 'https://models.dev/api.json',
};

/** Our provider slug → the names each catalog uses for it. */
const PROVIDER_NAMES: Record<string, { litellm: string[]; modelsDev: string[] }> = {
  together: { litellm: ['together_ai'], modelsDev: ['togetherai', 'together'] },
  fireworks: { litellm: ['fireworks_ai'], modelsDev: ['fireworks-ai', 'fireworks'] },
  groq: { litellm: ['groq'], modelsDev: ['groq'] },
  deepinfra: { litellm: ['deepinfra'], modelsDev: ['deepinfra'] },
  bedrock: { litellm: ['bedrock', 'bedrock_converse'], modelsDev: ['amazon-bedrock', 'bedrock'] },
  vertex: { litellm: ['vertex_ai-llama_models', 'vertex_ai-deepseek_models', 'vertex_ai', 'vertex_ai-mistral_models'], modelsDev: ['google-vertex', 'vertex'] },
  'azure-ai': { litellm: ['azure_ai'], modelsDev: ['azure', 'azure-ai'] },
  mistral: { litellm: ['mistral'], modelsDev: ['mistral'] },
};

interface Quote {
  input: number;
  output: number | null;
  cachedInput: number | null;
}

export function detectFormat(data: unknown): PriceFileFormat | null {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
  const values = Object.values(data as Record<string, unknown>).slice(0, 50);
  if (values.some((v) => v && typeof v === 'object' && 'input_cost_per_token' in v)) return 'litellm';
  if (values.some((v) => v && typeof v === 'object' && 'models' in v && typeof (v as { models: unknown }).models === 'object')) return 'models.dev';
  return null;
}

export function importPrices(rows: TokenApiModel[], data: unknown, today: string, fileLabel: string): ImportResult | { error: string } {
  const format = detectFormat(data);
  if (!format) return { error: 'not a LiteLLM model_prices_and_context_window.json or a models.dev api.json file' };
  const lookup = format === 'litellm' ? litellmQuotes(data as Record<string, unknown>) : modelsDevQuotes(data as Record<string, unknown>);
  const changes: PriceChange[] = [];
  const unmatched: string[] = [];
  let matched = 0;
  const out = rows.map((row) => {
    const names = PROVIDER_NAMES[row.provider];
    const quote = names ? lookup(format === 'litellm' ? names.litellm : names.modelsDev, row.model) : null;
    if (!quote) {
      unmatched.push(`${row.provider} ${row.model}`);
      return row;
    }
    matched++;
    const stamp = (p: Price, usd: number): Price => ({
      ...p,
      usd,
      checked: today,
      source: SOURCES[format],
      confidence: 'secondary',
      note: `imported from ${fileLabel} (${format}) on ${today}`,
    });
    const next: TokenApiModel = { ...row, stale: false };
    const record = (field: PriceChange['field'], oldUsd: number | null, newUsd: number) => {
      if (oldUsd !== null && Math.abs(oldUsd - newUsd) < 1e-9) return;
      changes.push({ provider: row.provider, model: row.model, field, oldUsd, newUsd, change: oldUsd ? (newUsd - oldUsd) / oldUsd : null });
    };
    record('input', row.inputPer1M.usd, quote.input);
    next.inputPer1M = stamp(row.inputPer1M, quote.input);
    if (quote.output !== null && row.outputPer1M) {
      record('output', row.outputPer1M.usd, quote.output);
      next.outputPer1M = stamp(row.outputPer1M, quote.output);
    }
    if (quote.cachedInput !== null) {
      record('cachedInput', row.cachedInputPer1M?.usd ?? null, quote.cachedInput);
      next.cachedInputPer1M = stamp(row.cachedInputPer1M ?? row.inputPer1M, quote.cachedInput);
    }
    return next;
  });
  return { format, rows: out, changes, matched, unmatched };
}

const norm = (s: string) => s.trim().toLowerCase();

function litellmQuotes(data: Record<string, unknown>) {
  const byProvider = new Map<string, Map<string, Quote>>();
  for (const [key, v] of Object.entries(data)) {
    if (!v || typeof v !== 'object') continue;
    const e = v as Record<string, unknown>;
    const input = num(e.input_cost_per_token);
    if (input === null || typeof e.litellm_provider !== 'string') continue;
    const q: Quote = { input: per1M(input), output: opt(num(e.output_cost_per_token)), cachedInput: opt(num(e.cache_read_input_token_cost)) };
    const provider = e.litellm_provider;
    if (!byProvider.has(provider)) byProvider.set(provider, new Map());
    const m = byProvider.get(provider)!;
    const k = norm(key);
    m.set(k, q);
    // Keys carry a provider prefix ("together_ai/…", "bedrock/us-east-1/…"); index the bare name too.
    const slash = k.indexOf('/');
    if (slash > 0 && !m.has(k.slice(slash + 1))) m.set(k.slice(slash + 1), q);
  }
  return (providers: string[], model: string): Quote | null => {
    const want = norm(model);
    for (const p of providers) {
      const hit = byProvider.get(p)?.get(want);
      if (hit) return hit;
    }
    return null;
  };
}

function modelsDevQuotes(data: Record<string, unknown>) {
  return (providers: string[], model: string): Quote | null => {
    const want = norm(model);
    for (const p of providers) {
      const prov = data[p];
      if (!prov || typeof prov !== 'object') continue;
      const models = (prov as { models?: unknown }).models;
      if (!models || typeof models !== 'object') continue;
      for (const [id, m] of Object.entries(models as Record<string, unknown>)) {
        if (norm(id) !== want || !m || typeof m !== 'object') continue;
        const cost = (m as { cost?: Record<string, unknown> }).cost;
        const input = num(cost?.input);
        if (input === null) continue;
        return { input, output: num(cost?.output), cachedInput: num(cost?.cache_read) };
      }
    }
    return null;
  };
}

function num(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : null;
}
function opt(x: number | null): number | null {
  return x === null ? null : per1M(x);
}
/** Per-token → per-1M-token dollars, rounded to drop float noise (1.8e-7 × 1e6 = 0.18). */
function per1M(perToken: number): number {
  return Number((perToken * 1e6).toPrecision(10));
}
