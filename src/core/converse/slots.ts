// Slots: what a follow-up says to change, read with the parser's own extractors (the same number,
// unit and model vocabulary as a first message) plus the what-if word lists from intents/what-if.yml.
// Also: loose mentions of report options ("lambda", "g5", "replicate a100"), resolved later against
// a report. Pure; every regex is built once, at module load or when the intents are compiled.
import type { KnownModel } from '../known-models.ts';
import { extractPattern } from '../parse/extract-constraints.ts';
import { extractKind } from '../parse/extract-model.ts';
import type { Fact, FactOf, FactType, Span } from '../parse/facts.ts';
import { PIPELINE as PARSE_PIPELINE, runExtractors } from '../parse/index.ts';
import { NUM, QTY, re, readQuantity } from '../parse/regex.ts';
import { maskSpans, scan, spanOf } from '../parse/text.ts';
import { GPU_NAMES, SUPPORTED_PERCENTILES, TIME_MS } from '../parse/vocabulary.ts';
import type { Cloud, ModelKind, Percentile, Precision, TrafficPattern } from '../workload.ts';
import { SECONDS_PER_MONTH } from '../workload.ts';
import type { IntentSet, OptionAlias } from './intents.ts';
import { phraseRe } from './intents.ts';

/** One change a follow-up asks for. Plain data (JSON-serializable); `text` is what the user wrote. */
export type Change =
  | { field: 'volume'; op: 'multiply'; factor: number; text: string }
  | { field: 'volume'; op: 'set'; requestsPerMonth: number; text: string }
  | { field: 'peak'; peakRps: number; text: string }
  | { field: 'model'; knownId: string | null; name: string | null; params: number | null; sizeBytes: number | null; kind: ModelKind | null; text: string }
  | { field: 'precision'; value: Precision; text: string }
  | { field: 'latency'; percentile: Percentile | null; ms: number | null; measures: 'e2e' | 'ttft' | null; text: string }
  | { field: 'cloud'; value: Cloud | null; region: string | null; text: string; placeOnly?: boolean; residency?: boolean }
  | { field: 'tokens'; input: number | null; output: number | null; text: string }
  | { field: 'cacheHitRate'; value: number; text: string }
  | { field: 'spotOk'; value: boolean; text: string }
  | { field: 'computeConstraint'; value: 'cpu' | 'gpu' | null; text: string }
  | { field: 'selfHostedOnly'; value: boolean; text: string }
  | { field: 'budgetUsdPerMonth'; value: number | null; text: string }
  | { field: 'pattern'; value: TrafficPattern; text: string }
  | { field: 'asyncOk'; value: boolean; text: string };


/** The parser's extractors in the parser's order, but for a follow-up: no kind guessing (a follow-up
 * rarely names one and must not invent it), and a traffic pattern claims its words. */
const PIPELINE = PARSE_PIPELINE.filter((p) => p.extract !== extractKind).map((p) => (p.extract === extractPattern ? { ...p, claims: true } : p));

/** Cloud words that name a cloud, not a product (products are option mentions: "lambda", "cloud run"). */
const CLOUD_NAME = /^(?:aws|amazon(?:[\s-]+web[\s-]+services)?|gcp|google(?:[\s-]+cloud(?:[\s-]+platform)?)?|azure|microsoft[\s-]+azure)$/i;
/** Compute words that constrain CPU/GPU (a GPU model name alone is an option mention). */
const COMPUTE_WORD = /cpu|gpu|graviton/i;
const BARE_TIME = re(String.raw`(${NUM})\s*(ms|msec|millis|milliseconds?|s|secs?|seconds?)(?![a-z])`);
const PERCENTILE_ONLY = re(String.raw`(?<![\w])p(50|90|95|99)(?![\w])`);
const TIMES = re(String.raw`(?<![\w.])(${NUM})\s*(?:x|×)(?![\w])|(?<![\w])(?:x|×)\s*(\d{1,6}(?:\.\d{1,3})?)(?![\w.])|(${QTY})\s+times\b`);
const PERCENT = re(String.raw`([+\-−])?\s*(?<![\w.])(\d{1,4}(?:\.\d{1,3})?)\s*(?:%|percent\b)`);
const BY_FACTOR = re(String.raw`\b(?:by|to)\s+(?:a\s+)?factor\s+(?:of\s+)?(${NUM})`);

export interface ReadContext {
  intents: IntentSet;
  models: KnownModel[];
}

function factsOf(text: string, models: KnownModel[], premasked: string): { facts: Fact[]; masked: string } {
  return runExtractors(text, premasked, models, PIPELINE);
}

function phraseHits(r: RegExp, text: string): Span[] {
  return scan(r, text).map((h) => spanOf(text, h.start, h.end));
}

/** Everything the text asks to change, in a fixed order (model before precision, volume before peak). */
export function readChanges(text: string, ctx: ReadContext): Change[] {
  try {
    return read(text, ctx);
  } catch {
    return [];
  }
}

function read(text: string, ctx: ReadContext): Change[] {
  const whatIf = ctx.intents.byId['what-if'];
  const words = whatIf.phrases;
  const out: Change[] = [];
  let masked = text;
  const claim = (spans: Span[]) => {
    if (spans.length > 0) masked = maskSpans(masked, spans);
  };
  // Whole phrases first: "what about an API?", "what if we self-host?", "any cloud", "no cache".
  const flag = (name: string, make: (s: Span) => Change) => {
    const r = words[name];
    if (!r) return;
    const hits = phraseHits(r, masked).map((s) => spanOf(text, s.start, s.end));
    if (hits[0]) out.push(make(hits[0]));
    claim(hits);
  };
  flag('selfHost', (s) => ({ field: 'selfHostedOnly', value: true, text: s.text }));
  flag('useApi', (s) => ({ field: 'selfHostedOnly', value: false, text: s.text }));
  flag('anyCloud', (s) => ({ field: 'cloud', value: null, region: null, text: s.text }));
  flag('anyCompute', (s) => ({ field: 'computeConstraint', value: null, text: s.text }));
  flag('noCache', (s) => ({ field: 'cacheHitRate', value: 0, text: s.text }));
  flag('noBudget', (s) => ({ field: 'budgetUsdPerMonth', value: null, text: s.text }));
  flag('realtime', (s) => ({ field: 'asyncOk', value: false, text: s.text }));
  flag('spotOk', (s) => ({ field: 'spotOk', value: true, text: s.text }));

  const { facts, masked: rest } = factsOf(text, ctx.models, masked);
  masked = rest;
  const all = <T extends FactType>(t: T): FactOf<T>[] => facts.filter((f): f is FactOf<T> => f.type === t);

  // Model: a known model, or a parameter count / size.
  const known = all('known-model')[0];
  const params = all('params').find((p) => p.value > 0);
  const size = all('size').find((s) => s.bytes > 0);
  if (known) {
    out.push({ field: 'model', knownId: known.model.id, name: known.model.name, params: known.model.params, sizeBytes: null, kind: known.model.kind, text: known.span.text });
  } else if (params || size) {
    out.push({ field: 'model', knownId: null, name: null, params: params?.value ?? null, sizeBytes: size?.bytes ?? null, kind: null, text: (params ?? size)!.span.text });
  }
  const precision = all('precision').find((p) => !p.why) ?? all('precision')[0];
  if (precision) out.push({ field: 'precision', value: precision.value, text: precision.span.text });

  // Traffic: an absolute volume or peak from the parser; otherwise a multiplier or a percentage.
  const rates = all('rate').filter((r) => r.perSecond > 0);
  const peak = rates.find((r) => r.role === 'peak');
  const avg = rates.find((r) => r.role !== 'peak');
  if (avg) out.push({ field: 'volume', op: 'set', requestsPerMonth: avg.perSecond * SECONDS_PER_MONTH, text: avg.span.text });
  if (peak) out.push({ field: 'peak', peakRps: peak.perSecond, text: peak.span.text });
  if (!avg) {
    const factor = readFactor(text, masked, ctx.intents);
    if (factor) out.push({ field: 'volume', op: 'multiply', factor: factor.factor, text: factor.text });
  }

  // Latency: a target, a percentile alone ("p99 instead"), or what it measures ("end to end").
  const lat = all('latency').find((l) => l.percentile !== null) ?? all('latency')[0];
  const measure = all('measures')[0];
  if (lat) {
    const pct = lat.percentile === null ? null : ((SUPPORTED_PERCENTILES.find((p) => p >= (lat.percentile ?? 95)) ?? 99) as Percentile);
    out.push({ field: 'latency', percentile: pct, ms: lat.ms, measures: lat.measures ?? measure?.value ?? null, text: lat.span.text });
  } else if (measure && scan(BARE_TIME, masked)[0]) {
    // "2s end to end": a bare time is the target when the message says what it measures.
    const t = scan(BARE_TIME, masked)[0]!;
    const n = Number((t.groups[0] ?? '').replace(/,/g, ''));
    const per = TIME_MS[(t.groups[1] ?? '').toLowerCase()];
    if (Number.isFinite(n) && per !== undefined) out.push({ field: 'latency', percentile: null, ms: n * per, measures: measure.value, text: text.slice(t.start, t.end) });
  } else {
    const pOnly = scan(PERCENTILE_ONLY, masked)[0];
    if (pOnly || measure) {
      out.push({
        field: 'latency',
        percentile: pOnly ? (Number(pOnly.groups[0]) as Percentile) : null,
        ms: null,
        measures: measure?.value ?? null,
        text: pOnly ? text.slice(pOnly.start, pOnly.end) : (measure?.span.text ?? ''),
      });
    }
  }

  const tIn = all('tokens-in')[0];
  const tOut = all('tokens-out')[0];
  const tTotal = all('tokens-total')[0];
  if (tIn || tOut) out.push({ field: 'tokens', input: tIn?.value ?? null, output: tOut?.value ?? null, text: [tIn?.span.text, tOut && tOut.span !== tIn?.span ? tOut.span.text : undefined].filter(Boolean).join(' … ') });
  else if (tTotal) {
    const input = Math.max(1, Math.round((tTotal.value * 5) / 7));
    out.push({ field: 'tokens', input, output: Math.max(0, tTotal.value - input), text: tTotal.span.text });
  }

  const region = all('region')[0];
  const cloud = all('cloud').find((c) => CLOUD_NAME.test(c.span.text.trim()));
  if (!cloud && region && region.cloud === null) {
    // A place or an area ("in Tokyo", "EU only") moves the workload, whatever its cloud.
    out.push({ field: 'cloud', value: null, region: region.value, text: region.span.text, placeOnly: true, residency: /^data residency/.test(region.why ?? '') });
  } else if (cloud || region) out.push({ field: 'cloud', value: cloud?.value ?? region?.cloud ?? null, region: region?.value ?? null, text: (cloud ?? region)!.span.text });

  const compute = all('compute').find((c) => c.value !== 'neutral' && COMPUTE_WORD.test(c.span.text));
  if (compute && compute.value !== 'neutral') out.push({ field: 'computeConstraint', value: compute.value, text: compute.span.text });
  else if (all('compute').some((c) => c.value === 'neutral')) out.push({ field: 'computeConstraint', value: null, text: all('compute')[0]!.span.text });

  const cache = all('cache').find((c) => c.rate >= 0 && c.rate <= 0.99);
  if (cache) out.push({ field: 'cacheHitRate', value: cache.rate, text: cache.span.text });
  const spot = all('spot')[0];
  if (spot) out.push({ field: 'spotOk', value: spot.value, text: spot.span.text });
  const selfHosted = all('self-hosted')[0];
  if (selfHosted && !out.some((c) => c.field === 'selfHostedOnly')) out.push({ field: 'selfHostedOnly', value: selfHosted.value, text: selfHosted.span.text });
  const budget = all('budget').find((b) => b.usdPerMonth > 0);
  if (budget) out.push({ field: 'budgetUsdPerMonth', value: budget.usdPerMonth, text: budget.span.text });
  const pattern = all('pattern')[0];
  if (pattern) out.push({ field: 'pattern', value: pattern.value, text: pattern.span.text });
  const async = all('async')[0];
  if (async && !out.some((c) => c.field === 'asyncOk')) out.push({ field: 'asyncOk', value: true, text: async.span.text });
  return out;
}

/** "×3", "3x", "triples", "double", "half", "+20%", "20% more", "drops 30%", "10 times". */
function readFactor(text: string, masked: string, intents: IntentSet): { factor: number; text: string } | null {
  const whatIf = intents.byId['what-if'];
  const t = scan(TIMES, masked)[0] ?? scan(BY_FACTOR, masked)[0];
  if (t) {
    const raw = t.groups[0] ?? t.groups[1] ?? t.groups[2];
    const n = raw === undefined ? null : readQuantity(raw);
    if (n !== null && n > 0) return { factor: n, text: text.slice(t.start, t.end) };
  }
  const wordRe = multiplierRe(intents);
  const w = scan(wordRe, masked)[0];
  if (w) {
    const key = text.slice(w.start, w.end).toLowerCase();
    const n = whatIf.def.numbers[key] ?? Object.entries(whatIf.def.numbers).find(([k]) => k.replace(/[\s_-]+/g, '') === key.replace(/[\s_-]+/g, ''))?.[1];
    if (n !== undefined) return { factor: n, text: text.slice(w.start, w.end) };
  }
  const p = scan(PERCENT, masked)[0];
  if (p) {
    const pct = Number(p.groups[1]);
    const sign = p.groups[0];
    let dir: 1 | -1 | 0 = sign === '+' ? 1 : sign === '-' || sign === '−' ? -1 : 0;
    if (dir === 0) {
      const around = masked.slice(Math.max(0, p.start - 30), Math.min(masked.length, p.end + 30));
      const inc = whatIf.phrases.increase;
      const dec = whatIf.phrases.decrease;
      if (dec && testOnce(dec, around)) dir = -1;
      else if (inc && testOnce(inc, around)) dir = 1;
    }
    if (dir !== 0 && Number.isFinite(pct) && pct > 0 && (dir === 1 || pct < 100)) return { factor: 1 + (dir * pct) / 100, text: text.slice(p.start, p.end).trim() };
  }
  return null;
}

function testOnce(r: RegExp, s: string): boolean {
  r.lastIndex = 0;
  const hit = r.test(s);
  r.lastIndex = 0;
  return hit;
}

const multiplierCache = new WeakMap<IntentSet, RegExp>();
function multiplierRe(intents: IntentSet): RegExp {
  let r = multiplierCache.get(intents);
  if (!r) {
    r = phraseRe(Object.keys(intents.byId['what-if'].def.numbers));
    multiplierCache.set(intents, r);
  }
  return r;
}

// ── Option mentions ──────────────────────────────────────────────────────────────────────────

/** A loose mention of an option: a product/provider alias, a hardware word, a class ("serverless"), or several. */
export interface OptionMention {
  text: string;
  start: number;
  alias: OptionAlias | null;
  /** An instance type or GPU: "g5.xlarge", "g5", "a100", "n2-standard-8". */
  hardware: string | null;
  kind: 'serverless' | 'dedicated' | 'api' | 'hybrid' | null;
  compute: 'cpu' | 'gpu' | null;
  kubernetes: boolean;
}

const INSTANCE_FAMILIES = ['g4dn', 'g5', 'g6', 'g6e', 'inf2', 'p4d', 'p5', 'c6i', 'c7i', 'c7g', 'm6i', 'a2', 'a3', 'g2', 'n2', 'nc4as', 'nc24ads', 'd4s', 'd8s', 'trn1'];
const HARDWARE = re(
  String.raw`(?<![\w.-])(?:((?:[a-z]{1,4}\d{1,2}[a-z]{0,3})\.(?:\d{1,2})?(?:x?large|metal|medium|small))|([a-z]\d-(?:standard|highgpu|ultragpu|highmem|highcpu|megagpu)-\d{1,2}g?)|(standard_[a-z0-9_]+)|(${[...new Set([...GPU_NAMES, ...INSTANCE_FAMILIES])].sort((a, b) => b.length - a.length).join('|')})s?)(?![\w-])`,
);
const CLASS_WORDS: { re: RegExp; kind?: OptionMention['kind']; compute?: 'cpu' | 'gpu'; kubernetes?: true }[] = [
  { re: phraseRe(['serverless', 'scale to zero', 'scale-to-zero', 'serverless gpu', 'serverless gpus']), kind: 'serverless' },
  { re: phraseRe(['dedicated', 'a vm', 'vms', 'always-on', 'always on', 'dedicated instances', 'dedicated instance', 'dedicated gpu', 'dedicated gpus']), kind: 'dedicated' },
  { re: phraseRe(['api', 'apis', 'hosted api', 'hosted apis', 'token api', 'token apis', 'per-token', 'per token', 'an llm api']), kind: 'api' },
  { re: phraseRe(['hybrid', 'hybrids']), kind: 'hybrid' },
  { re: phraseRe(['kubernetes', 'k8s']), kubernetes: true },
  { re: phraseRe(['cpu', 'cpus']), compute: 'cpu' },
  { re: phraseRe(['gpu', 'gpus']), compute: 'gpu' },
];

/** Option mentions in the text, in order. Adjacent alias + hardware ("replicate a100") are one mention. */
export function findOptionMentions(text: string, intents: IntentSet): OptionMention[] {
  try {
    return mentions(text, intents);
  } catch {
    return [];
  }
}

function mentions(text: string, intents: IntentSet): OptionMention[] {
  const found: OptionMention[] = [];
  const empty = { alias: null, hardware: null, kind: null, compute: null, kubernetes: false };
  let masked = text;
  const aliasHits = scan(intents.optionRe, masked);
  for (const h of aliasHits) {
    const phrase = text.slice(h.start, h.end).toLowerCase().replace(/[\s_-]+/g, ' ');
    const alias = intents.optionAliases.find((a) => a.phrase.toLowerCase().replace(/[\s_-]+/g, ' ') === phrase) ?? null;
    if (alias) found.push({ ...empty, text: text.slice(h.start, h.end), start: h.start, alias });
  }
  masked = maskSpans(masked, aliasHits.map((h) => spanOf(text, h.start, h.end)));
  const hwHits = scan(HARDWARE, masked);
  for (const h of hwHits) {
    const hw = (h.groups[0] ?? h.groups[1] ?? h.groups[2] ?? h.groups[3] ?? '').toLowerCase();
    // Join with an alias right before it: "replicate a100", "sagemaker g5", "modal h100".
    const prev = found.filter((m) => m.alias && m.hardware === null && m.start + m.text.length <= h.start && /^[\s\w-]{0,12}$/.test(text.slice(m.start + m.text.length, h.start)) && !/\b(?:and|or|vs|versus|with)\b/i.test(text.slice(m.start + m.text.length, h.start))).pop();
    if (prev) {
      prev.hardware = hw;
      prev.text = text.slice(prev.start, h.end);
    } else found.push({ ...empty, text: text.slice(h.start, h.end), start: h.start, hardware: hw });
  }
  masked = maskSpans(masked, hwHits.map((h) => spanOf(text, h.start, h.end)));
  for (const c of CLASS_WORDS) {
    for (const h of scan(c.re, masked)) {
      found.push({ ...empty, text: text.slice(h.start, h.end), start: h.start, kind: c.kind ?? null, compute: c.compute ?? null, kubernetes: c.kubernetes ?? false });
      masked = maskSpans(masked, [spanOf(text, h.start, h.end)]);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
