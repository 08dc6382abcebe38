// Structured input: `key: value` lines, or a JSON/YAML block (in a ``` fence or not) using the
// Workload's own field names. Typed values become facts directly (checked with the Workload's zod
// field schemas); text values stay visible to the free-text extractors, with the key as context.
import { extractRegion } from './extract-constraints.ts';
import { createRequire } from 'node:module';
import type { Node, Pair } from 'yaml';
import type { z } from 'zod';
import type { KnownModel } from '../known-models.ts';
import type { Issue } from '../result.ts';
import { Latency, MODEL_KINDS, Model, PATTERNS, SECONDS_PER_MONTH, Tokens, Workload } from '../workload.ts';
import type { ModelKind } from '../workload.ts';
import type { Fact, FactType, Span } from './facts.ts';
import { matchModel } from './match-model.ts';
import { readQuantity } from './regex.ts';
import { spanOf } from './text.ts';
import { ACCELERATOR_WORDS, CLOUD_WORDS, EXAMPLE, INSTANCE_FAMILIES, KIND_WORDS, PATTERN_WORDS, PRECISION_WORDS } from './vocabulary.ts';

// The yaml library is loaded on first structured input (~30 ms to import; most descriptions are
// free text), synchronously through its CommonJS build, as units.ts does for mathjs.
type Yaml = typeof import('yaml');
const load = createRequire(import.meta.url);
let yamlLib: Yaml | null = null;
const yaml = (): Yaml => (yamlLib ??= load('yaml') as Yaml);
const isMap = (n: unknown) => yaml().isMap(n);
const isScalar = (n: unknown) => yaml().isScalar(n);

type Category =
  | 'volume' | 'requestsPerMonth' | 'rps' | 'peak' | 'p2a' | 'model' | 'name' | 'params' | 'size' | 'precision' | 'kind'
  | 'latency' | 'tokens' | 'tokensIn' | 'tokensOut' | 'cloud' | 'region' | 'compute' | 'budget' | 'cache'
  | 'spot' | 'async' | 'selfHosted' | 'selfHostedReason' | 'pattern' | 'commitment' | 'text';

/** Keys accepted at the top level, squashed (lower case, letters and digits only). */
const KEYS: Record<string, Category> = {
  requestspermonth: 'requestsPerMonth', volume: 'volume', traffic: 'volume', requests: 'volume', load: 'volume',
  throughput: 'volume', rate: 'volume', monthlyvolume: 'requestsPerMonth', monthlyrequests: 'requestsPerMonth',
  permonth: 'requestsPerMonth', rps: 'rps', qps: 'rps', averagerps: 'rps', avgrps: 'rps', peakrps: 'peak', peak: 'peak', peakqps: 'peak',
  peaktoaverage: 'p2a', model: 'model', modelname: 'model', params: 'params', parameters: 'params', paramcount: 'params',
  size: 'size', sizebytes: 'size', modelsize: 'size', weights: 'size', precision: 'precision', dtype: 'precision',
  quantization: 'precision', quantisation: 'precision', kind: 'kind', type: 'kind', task: 'kind', modelkind: 'kind', modeltype: 'kind',
  latency: 'latency', slo: 'latency', sla: 'latency', latencytarget: 'latency', tokens: 'tokens',
  inputtokens: 'tokensIn', input: 'tokensIn', prompttokens: 'tokensIn', outputtokens: 'tokensOut', output: 'tokensOut',
  completiontokens: 'tokensOut', cloud: 'cloud', provider: 'cloud', region: 'region', computeconstraint: 'compute',
  compute: 'compute', hardware: 'compute', device: 'compute', instance: 'compute', instancetype: 'compute', instancefamily: 'compute',
  gpu: 'compute', accelerator: 'compute', commitment: 'commitment', commit: 'commitment', reserved: 'commitment', term: 'commitment',
  budget: 'budget', budgetusdpermonth: 'budget',
  monthlybudget: 'budget', cachehitrate: 'cache', cache: 'cache', cachehits: 'cache', spot: 'spot', spotok: 'spot',
  async: 'async', asyncok: 'async', batch: 'async', selfhosted: 'selfHosted', selfhostedonly: 'selfHosted',
  selfhostedreason: 'selfHostedReason', pattern: 'pattern', trafficpattern: 'pattern', notes: 'text', note: 'text',
  description: 'text', comment: 'text', comments: 'text', constraints: 'text', requirements: 'text', usecase: 'text',
  details: 'text', workload: 'text', context: 'text', team: 'text', service: 'text', owner: 'text', project: 'text',
};
const MODEL_KEYS: Record<string, Category> = {
  name: 'name', knownid: 'name', id: 'name', params: 'params', parameters: 'params', sizebytes: 'size', size: 'size',
  precision: 'precision', kind: 'kind', type: 'kind',
};

/** Which fact types satisfy a text value under each key. */
const EXPECTS: Partial<Record<Category, FactType[]>> = {
  volume: ['rate'], requestsPerMonth: ['rate'], rps: ['rate'], peak: ['rate'],
  model: ['known-model', 'params', 'size'], name: ['known-model'], params: ['params', 'known-model'], size: ['size'],
  latency: ['latency'], tokens: ['tokens-in', 'tokens-out', 'tokens-total'], tokensIn: ['tokens-in'], tokensOut: ['tokens-out'],
  compute: ['compute'], budget: ['budget'], cache: ['cache'], region: ['region'],
};

export interface KeyRegion {
  key: string;
  category: Category;
  start: number;
  end: number;
  value: string;
}

export interface Structured {
  facts: Fact[];
  issues: Issue[];
  /** Text values the free-text extractors may read. */
  regions: KeyRegion[];
}

interface Block {
  src: string;
  offset: number;
  strict: boolean;
}

/** Longest structured block read (a workload spec is a few hundred characters). */
export const MAX_STRUCTURED_CHARS = 4096;

const KEY_LINE = /^\s*[A-Za-z_"'][\w "'.-]{0,40}:(?:\s|$)/;

function findBlock(text: string): Block | null {
  const fence = text.indexOf('```');
  if (fence >= 0) {
    const close = text.indexOf('```', fence + 3);
    if (close > fence) {
      const lang = /^[a-zA-Z]{0,10}[ \t]*\r?\n?/.exec(text.slice(fence + 3, fence + 20));
      const start = fence + 3 + (lang ? lang[0].length : 0);
      const src = text.slice(start, close);
      if (/^\s*[{[]/.test(src) || src.split('\n').filter((l) => KEY_LINE.test(l)).length >= 1) return { src, offset: start, strict: true };
    }
    return null;
  }
  if (/^\s*\{/.test(text)) return { src: text, offset: 0, strict: true };
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const keyLines = lines.filter((l) => KEY_LINE.test(l)).length;
  if (keyLines >= 2 && lines.every((l) => KEY_LINE.test(l) || /^\s+\S|^\s*-\s/.test(l) || /^\s*#/.test(l))) {
    return { src: text, offset: 0, strict: false };
  }
  return null;
}

const squashKey = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, '');

function firstZodError(err: z.ZodError): string {
  const i = err.issues[0];
  return i ? i.message : 'invalid value';
}

/** Reads a structured block; null when the text is not one (it is then read as free text). */
export function readStructured(text: string, models: KnownModel[]): Structured | null {
  const block = findBlock(text);
  if (!block) return null;
  if (block.src.length > MAX_STRUCTURED_CHARS) {
    return {
      facts: [],
      issues: [{ code: 'input_too_long', message: `The JSON/YAML block is ${block.src.length} characters; I read blocks of at most ${MAX_STRUCTURED_CHARS}. Keep to the Workload's fields, e.g. {"requestsPerMonth": 5000000, "model": {"name": "llama-3-8b"}}.` }],
      regions: [],
    };
  }
  const doc = yaml().parseDocument(block.src, { uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    if (!block.strict || !/^\s*\{/.test(block.src)) return null;
    const e = doc.errors[0];
    return {
      facts: [],
      issues: [{ code: 'invalid_field', message: `The JSON/YAML block could not be read${e ? `: ${e.message.split('\n')[0]}` : ''}. Use Workload field names, e.g. {"requestsPerMonth": 5000000, "model": {"name": "llama-3-8b"}}.` }],
      regions: [],
    };
  }
  const out: Structured = { facts: [], issues: [], regions: [] };
  const ctx = { text, offset: block.offset, models, out };
  for (const pair of doc.contents.items) readPair(ctx, pair as Pair<Node, Node>, KEYS, '');
  return out;
}

interface Ctx {
  text: string;
  offset: number;
  models: KnownModel[];
  out: Structured;
}

function nodeSpan(ctx: Ctx, node: Node | null | undefined): Span {
  const r = node?.range;
  if (!r) return spanOf(ctx.text, ctx.offset, ctx.offset);
  return spanOf(ctx.text, ctx.offset + r[0], ctx.offset + r[1]);
}

function bad(ctx: Ctx, key: string, message: string, text?: string): void {
  ctx.out.issues.push({ code: 'invalid_field', field: key, message, ...(text !== undefined ? { text } : {}) });
}

function readPair(ctx: Ctx, pair: Pair<Node, Node>, keys: Record<string, Category>, prefix: string): void {
  const keyNode = pair.key;
  const rawKey = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
  const key = prefix + rawKey;
  const category = keys[squashKey(rawKey)];
  if (category === undefined) {
    bad(ctx, key, `Unknown key "${key}". Use the Workload's field names (requestsPerMonth, peakRps, model, latency, tokens, cloud, budgetUsdPerMonth, cacheHitRate, spotOk, region…) or plain ones (volume, precision, budget), e.g. "volume: 5M/month".`, key);
    return;
  }
  const node = pair.value;
  if (isMap(node)) {
    readObject(ctx, key, category, node.items as Pair<Node, Node>[]);
    return;
  }
  if (!isScalar(node)) {
    bad(ctx, key, `"${key}" needs a single value, e.g. "${key}: ${exampleFor(category)}".`, key);
    return;
  }
  const span = nodeSpan(ctx, node);
  const v: unknown = node.value;
  if (typeof v === 'string') {
    readText(ctx, key, category, v, span);
    return;
  }
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) {
    readValue(ctx, key, category, v, span);
    return;
  }
  bad(ctx, key, `"${key}" has a value I cannot read.`, key);
}

// Built once: zod compiles a schema's parser on its first use, so a schema made per call pays that each time.
const LATENCY_OBJECT = Latency.partial().strict();
const TOKENS_OBJECT = Tokens.partial().strict();

function readObject(ctx: Ctx, key: string, category: Category, items: Pair<Node, Node>[]): void {
  if (category === 'model') {
    for (const p of items) readPair(ctx, p, MODEL_KEYS, `${key}.`);
    return;
  }
  if (category === 'latency' || category === 'tokens') {
    const obj: Record<string, unknown> = {};
    let whole: Span | null = null;
    for (const p of items) {
      const k = isScalar(p.key) ? String(p.key.value) : String(p.key);
      const s = nodeSpan(ctx, p.value);
      whole = whole ? spanOf(ctx.text, whole.start, s.end) : s;
      obj[k] = isScalar(p.value) ? p.value.value : undefined;
    }
    const span = whole ?? spanOf(ctx.text, ctx.offset, ctx.offset);
    if (category === 'latency') {
      const r = LATENCY_OBJECT.safeParse(obj);
      if (!r.success) return bad(ctx, `${key}.${String(r.error.issues[0]?.path[0] ?? '')}`, `"${key}" is not a valid latency: ${firstZodError(r.error)}. Example: {"percentile": 95, "ms": 200, "measures": "e2e"}.`);
      if (r.data.ms === undefined) return bad(ctx, `${key}.ms`, `"${key}" needs "ms", e.g. {"percentile": 95, "ms": 200}.`);
      ctx.out.facts.push({ type: 'latency', percentile: r.data.percentile ?? null, ms: r.data.ms, measures: r.data.measures ?? null, span });
    } else {
      const r = TOKENS_OBJECT.safeParse(obj);
      if (!r.success) return bad(ctx, `${key}.${String(r.error.issues[0]?.path[0] ?? '')}`, `"${key}" is not a valid token count: ${firstZodError(r.error)}. Example: {"input": 500, "output": 200}.`);
      if (r.data.input !== undefined) ctx.out.facts.push({ type: 'tokens-in', value: r.data.input, span });
      if (r.data.output !== undefined) ctx.out.facts.push({ type: 'tokens-out', value: r.data.output, span });
    }
    return;
  }
  bad(ctx, key, `"${key}" needs a single value, not an object, e.g. "${key}: ${exampleFor(category)}".`, key);
}

function exampleFor(c: Category): string {
  const ex: Partial<Record<Category, string>> = {
    volume: '5M/month', requestsPerMonth: '5000000', rps: '20', peak: '40', model: 'llama-3-8b', params: '7B', size: '14GB',
    precision: 'int8', kind: 'llm', latency: 'p95 200ms', tokens: '500 in / 200 out', cloud: 'aws', region: 'us-east-1',
    budget: '$3k/month', cache: '30%', spot: 'true', async: 'true', pattern: 'business-hours', compute: 'cpu',
  };
  return ex[c] ?? EXAMPLE;
}

/** A typed (number/boolean) value under a key, checked with the Workload's own field schemas. */
function readValue(ctx: Ctx, key: string, c: Category, v: number | boolean | null, span: Span): void {
  const push = (f: Fact) => ctx.out.facts.push(f);
  const check = (schema: z.ZodType, value: unknown): boolean => {
    const r = schema.safeParse(value);
    if (!r.success) bad(ctx, key, `"${key}": ${firstZodError(r.error)} (got ${String(value)}). Example: "${key}: ${exampleFor(c)}".`, key);
    return r.success;
  };
  if (v === null) return;
  if (typeof v === 'boolean') {
    if (c === 'spot') push({ type: 'spot', value: v, span });
    else if (c === 'async') push({ type: 'async', value: v, span });
    else if (c === 'selfHosted') push({ type: 'self-hosted', value: v, reason: null, span });
    else bad(ctx, key, `"${key}" needs a number or text, not ${String(v)}. Example: "${key}: ${exampleFor(c)}".`, key);
    return;
  }
  switch (c) {
    case 'requestsPerMonth':
    case 'volume':
      if (check(Workload.shape.requestsPerMonth, v)) push({ type: 'rate', perSecond: v / SECONDS_PER_MONTH, period: SECONDS_PER_MONTH, role: 'avg', span, ...(c === 'volume' ? { periodAssumed: true, why: `"${key}" with a plain number is read as requests per month` } : {}) });
      return;
    case 'rps':
    case 'peak':
      if (check(Workload.shape.peakRps, v)) push({ type: 'rate', perSecond: v, period: 1, role: c === 'peak' ? 'peak' : 'avg', span });
      return;
    case 'p2a':
      if (check(Workload.shape.peakToAverage, v)) push({ type: 'peak-to-average', value: v, span });
      return;
    case 'params':
      if (check(Model.shape.params, v)) push({ type: 'params', value: v, span });
      return;
    case 'size':
      if (check(Model.shape.sizeBytes, v)) push({ type: 'size', bytes: v, span });
      return;
    case 'latency':
      if (check(Latency.shape.ms, v)) push({ type: 'latency', percentile: null, ms: v, measures: null, span, why: `"${key}" with a plain number is read as milliseconds` });
      return;
    case 'tokensIn':
      if (check(Tokens.shape.input, v)) push({ type: 'tokens-in', value: v, span });
      return;
    case 'tokensOut':
      if (check(Tokens.shape.output, v)) push({ type: 'tokens-out', value: v, span });
      return;
    case 'tokens':
      if (check(Tokens.shape.input, v)) push({ type: 'tokens-total', value: v, span });
      return;
    case 'budget':
      if (check(Workload.shape.budgetUsdPerMonth, v)) push({ type: 'budget', usdPerMonth: v, span });
      return;
    case 'cache': {
      const rate = v > 1 ? v / 100 : v;
      if (check(Workload.shape.cacheHitRate, rate)) push({ type: 'cache', rate, span });
      return;
    }
    default:
      bad(ctx, key, `"${key}" needs text, not a number. Example: "${key}: ${exampleFor(c)}".`, key);
  }
}

const YES = /^(?:yes|y|true|ok|okay|fine|allowed|sure)$/i;
const NO = /^(?:no|n|false|not ok|never|none)$/i;

/** A text value: enums are checked here; everything else is left to the free-text extractors. */
function readText(ctx: Ctx, key: string, c: Category, raw: string, span: Span): void {
  const push = (f: Fact) => ctx.out.facts.push(f);
  const value = raw.trim();
  const lower = value.toLowerCase();
  const region = (cat: Category) => ctx.out.regions.push({ key, category: cat, start: span.start, end: span.end, value });
  switch (c) {
    case 'precision': {
      const p = PRECISION_WORDS[lower] ?? PRECISION_WORDS[lower.replace(/[\s_]+/g, '-')];
      if (p) push({ type: 'precision', value: p, span });
      else bad(ctx, key, `"${key}: ${value}" is not a precision I know; use one of fp32, fp16, bf16, fp8, int8, int4.`, key);
      return;
    }
    case 'kind': {
      const k: ModelKind | undefined = KIND_WORDS[lower] ?? MODEL_KINDS.find((m) => m === lower);
      if (k) push({ type: 'kind', value: k, span });
      else bad(ctx, key, `"${key}: ${value}" is not a model kind I know; use one of llm, encoder, vision, diffusion, speech, embedding, tabular.`, key);
      return;
    }
    case 'cloud': {
      const cl = CLOUD_WORDS[lower];
      if (cl) push({ type: 'cloud', value: cl, span });
      else bad(ctx, key, `"${key}: ${value}" is not a cloud I price; use aws, gcp or azure.`, key);
      return;
    }
    case 'pattern': {
      const p = PATTERN_WORDS[lower] ?? PATTERNS.find((x) => x === lower);
      if (p) push({ type: 'pattern', value: p, span });
      else bad(ctx, key, `"${key}: ${value}" is not a traffic pattern I know; use steady, business-hours, spiky or nightly-batch.`, key);
      return;
    }
    case 'region':
      if (value.length > 0 && value.length <= 64) {
        region('region');
        // Read the value as the text would be ("EU only", "Frankfurt", "eu-west-1"); else keep it as given.
        const read = extractRegion({ text: value, masked: value, models: [] }).find((f) => f.type === 'region');
        if (read && read.type === 'region' && read.span.end - read.span.start >= value.trim().length - 1) push({ type: 'region', value: read.value, cloud: read.cloud, span, why: read.why ?? 'region as given' });
        else push({ type: 'region', value: lower, cloud: null, span, why: 'region as given' });
      } else bad(ctx, key, `"${key}" must be a region name of at most 64 characters, e.g. "us-east-1".`, key);
      return;
    case 'spot':
    case 'async':
    case 'selfHosted': {
      const b = YES.test(value) ? true : NO.test(value) ? false : null;
      if (b === null) {
        if (c === 'selfHosted') push({ type: 'self-hosted', value: true, reason: value.slice(0, 200), span });
        else bad(ctx, key, `"${key}: ${value}" should be yes or no.`, key);
      } else if (c === 'spot') push({ type: 'spot', value: b, span });
      else if (c === 'async') push({ type: 'async', value: b, span });
      else push({ type: 'self-hosted', value: b, reason: null, span });
      return;
    }
    case 'selfHostedReason':
      push({ type: 'self-hosted', value: true, reason: value.slice(0, 200), span });
      return;
    case 'name': {
      const known = matchModel(value, ctx.models) ?? (() => {
        const m = ctx.models.find((x) => x.id === lower);
        return m ? { model: m } : null;
      })();
      if (known) push({ type: 'known-model', model: known.model, span });
      else push({ type: 'model-name', name: value.slice(0, 200), span });
      return;
    }
    case 'model': {
      const known = matchModel(value, ctx.models);
      if (known) {
        push({ type: 'known-model', model: known.model, span });
        return;
      }
      region('model');
      return;
    }
    case 'compute': {
      if (lower === 'cpu' || lower === 'gpu') {
        push({ type: 'compute', value: lower, span });
        return;
      }
      // "hardware: g5", "gpu: A100", "instance: g5.xlarge": use only that family or accelerator.
      const family = INSTANCE_FAMILIES.find((f) => lower === f || lower.startsWith(`${f}.`) || lower.startsWith(`${f}-`));
      const acc = ACCELERATOR_WORDS[lower];
      if (family || acc) {
        push({ type: 'hardware', value: family ?? acc!, mode: 'only', what: family ? 'family' : 'accelerator', span });
        return;
      }
      region(c);
      return;
    }
    case 'commitment': {
      // "commitment: 3y", "reserved: 1 year", "term: none"
      if (/^(?:none|no|false|on[- ]?demand)$/.test(lower)) push({ type: 'commitment', value: 'none', span });
      else if (/^(?:3|three|36)\s*-?\s*(?:y|yr|yrs|years?|months?)?$/.test(lower)) push({ type: 'commitment', value: '3y', span });
      else if (/^(?:1|one|12)\s*-?\s*(?:y|yr|yrs|years?|months?)?$|^true$|^yes$/.test(lower)) push({ type: 'commitment', value: '1y', span });
      else region('text');
      return;
    }
    default:
      region(c);
  }
}

/** After the free-text pass: a text value under a key that yielded nothing of its kind gets a key-specific reading. */
export function fallbackFacts(ctx: { text: string }, regions: KeyRegion[], found: Fact[]): { facts: Fact[]; issues: Issue[] } {
  const facts: Fact[] = [];
  const issues: Issue[] = [];
  for (const r of regions) {
    const expects = EXPECTS[r.category];
    if (!expects) continue;
    const hit = found.some((f) => expects.includes(f.type) && f.span.start >= r.start && f.span.end <= r.end);
    if (hit) continue;
    const span = spanOf(ctx.text, r.start, r.end);
    const qty = readQuantity(r.value.replace(/^~|\s*(?:requests?|reqs?|usd|dollars)$/gi, '').replace(/^\$/, ''));
    const ok = qty !== null && Number.isFinite(qty);
    switch (r.category) {
      case 'volume':
      case 'requestsPerMonth':
        if (ok) {
          facts.push({ type: 'rate', perSecond: qty / SECONDS_PER_MONTH, period: SECONDS_PER_MONTH, role: 'avg', span, ...(r.category === 'volume' ? { periodAssumed: true, why: `"${r.key}" with no period is read as requests per month` } : {}) });
          continue;
        }
        break;
      case 'rps':
      case 'peak':
        if (ok) {
          facts.push({ type: 'rate', perSecond: qty, period: 1, role: r.category === 'peak' ? 'peak' : 'avg', span });
          continue;
        }
        break;
      case 'params':
        if (ok) {
          facts.push({ type: 'params', value: qty, span });
          continue;
        }
        break;
      case 'size':
        if (ok) {
          facts.push({ type: 'size', bytes: qty, span });
          continue;
        }
        break;
      case 'budget':
        if (ok) {
          facts.push({ type: 'budget', usdPerMonth: qty, span, why: 'a budget with no period is read as per month' });
          continue;
        }
        break;
      case 'cache': {
        const m = /^(\d{1,3}(?:\.\d+)?)\s*%?$/.exec(r.value);
        if (m) {
          const n = Number(m[1]);
          facts.push({ type: 'cache', rate: r.value.includes('%') || n > 1 ? n / 100 : n, span });
          continue;
        }
        break;
      }
      case 'latency':
        if (ok) {
          facts.push({ type: 'latency', percentile: null, ms: qty, measures: null, span, why: `"${r.key}" with a plain number is read as milliseconds` });
          continue;
        }
        break;
      case 'tokensIn':
      case 'tokensOut':
        if (ok) {
          facts.push({ type: r.category === 'tokensIn' ? 'tokens-in' : 'tokens-out', value: Math.round(qty), span });
          continue;
        }
        break;
      case 'tokens':
        if (ok) {
          facts.push({ type: 'tokens-total', value: Math.round(qty), span });
          continue;
        }
        break;
      case 'model':
        facts.push({ type: 'model-name', name: r.value.slice(0, 200), span });
        continue;
      case 'region':
        continue;
      default:
        break;
    }
    issues.push({
      code: 'invalid_field',
      field: r.key,
      text: r.value,
      message: `I could not read "${r.key}: ${r.value}". Example: "${r.key}: ${exampleFor(r.category)}".`,
    });
  }
  return { facts, issues };
}

/** Load the yaml library now (the compute workers call this once they are up, so no request pays for it). */
export function warmYaml(): void {
  yaml();
}
