// The model: known names, parameter counts ("7B", "7 billion parameters", "350M param"), sizes
// ("400MB model", "14GB"), precision ("int8", "4-bit", "AWQ", "quantized") and kind keywords.
import { toBytes } from './units.ts';
import type { Extractor, Fact } from './facts.ts';
import { findModels } from './match-model.ts';
import { NUM, QTY, QTY_SCALED, alt, re, readQuantity } from './regex.ts';
import { Claims, clauseBefore, keywordsOf, scan, spanOf } from './text.ts';
import { GPU_NAMES, KIND_WORDS, PRECISION_WORDS, QUANTIZED_WORDS } from './vocabulary.ts';

export const extractKnownModels: Extractor = ({ text, masked, models }) =>
  findModels(text, masked, models).map(({ model, span }) => ({ type: 'known-model' as const, model, span }));

const PARAM_WORDS = `(?:params?|parameters?)`;
const MODEL_WORDS = `(?:model|models|llm|lm|dense|moe|transformer|network|net|chat|instruct|base|checkpoint|weights|param|parameter)`;
const NOT_PARAMS_AFTER = `(?!\\s*(?:tokens?|toks?|users?|words?|chars?|characters?|rows?|records?|dollars?|usd|bytes?|images?|requests?|reqs?|queries|calls?|times?|x\\b|%))`;
const BYTE_UNITS: Record<string, string> = {
  kb: 'kB', mb: 'MB', gb: 'GB', tb: 'TB', kib: 'KiB', mib: 'MiB', gib: 'GiB', tib: 'TiB',
  kilobytes: 'kB', kilobyte: 'kB', megabytes: 'MB', megabyte: 'MB', gigabytes: 'GB', gigabyte: 'GB', terabytes: 'TB', terabyte: 'TB',
};
const HARDWARE_AFTER = /^\s*(?:of\s+)?(?:gpu|vram|ram|memory|hbm|gddr|card|instance|disk|storage|ssd|ebs|bandwidth|egress|ingress|network|\/\s*s|per\s+(?:second|month|day)|a\s+(?:month|day))/iu;
const HARDWARE_BEFORE = new RegExp(`(?:gpu|gpus|vram|ram|memory|card|cards|instance|instances|${alt(GPU_NAMES)}|fits?\\s+(?:in|on|into)|with)\\s*(?:with|of|has|having|:)?\\s*$`, 'iu');

const PARAMS_EXPLICIT = re(`(${QTY})[\\s-]*${PARAM_WORDS}\\b`, [['param']]);
const PARAMS_MODEL = re(`(${QTY_SCALED})[\\s-]*(?=${MODEL_WORDS}\\b)`);
const PARAMS_BARE_B = re(`(${NUM}\\s?(?:b|bn|billion|t|trillion))(?![a-z])${NOT_PARAMS_AFTER}`);
const SIZE = re(`(${NUM})\\s*(${alt(Object.keys(BYTE_UNITS))})(?![a-z])`, [keywordsOf(Object.keys(BYTE_UNITS))]);

export const extractParamsAndSize: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  const taken = new Claims(masked.length);
  for (const pattern of [PARAMS_EXPLICIT, PARAMS_MODEL, PARAMS_BARE_B]) {
    for (const h of scan(pattern, masked)) {
      if (taken.overlaps(h)) continue;
      const v = readQuantity(h.groups[0] ?? '');
      if (v === null) continue;
      taken.add(h);
      out.push({ type: 'params', value: v, span: spanOf(text, h.start, h.end) });
    }
  }
  for (const h of scan(SIZE, masked)) {
    if (taken.overlaps(h)) continue;
    if (HARDWARE_AFTER.test(masked.slice(h.end, h.end + 20))) continue;
    if (HARDWARE_BEFORE.test(clauseBefore(masked, h.start, 30))) continue;
    const n = Number((h.groups[0] ?? '').replace(/,/g, '').replace('−', '-'));
    const u = BYTE_UNITS[(h.groups[1] ?? '').toLowerCase()];
    if (u === undefined || !Number.isFinite(n)) continue;
    const bytes = n <= 0 ? n : toBytes(n, u);
    out.push({ type: 'size', bytes, span: spanOf(text, h.start, h.end) });
  }
  return out;
};

const PRECISION = re(`(?<![\\w.])(${alt(Object.keys(PRECISION_WORDS))})(?![\\w])`);
const QUANTIZED = re(`\\b(${alt(QUANTIZED_WORDS)})\\b`);

export const extractPrecision: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  for (const h of scan(PRECISION, masked)) {
    const key = (h.groups[0] ?? '').toLowerCase().replace(/[\s_-]+/g, (m) => (m.includes('_') ? '_' : m.includes('-') ? '-' : ' '));
    const value = PRECISION_WORDS[key] ?? lookupLoose(key);
    if (value) out.push({ type: 'precision', value, span: spanOf(text, h.start, h.end) });
  }
  for (const h of scan(QUANTIZED, masked)) {
    out.push({ type: 'precision', value: 'int8', span: spanOf(text, h.start, h.end), why: '"quantized" without a bit width is read as INT8' });
  }
  return out;
};

function lookupLoose(key: string): (typeof PRECISION_WORDS)[string] | undefined {
  const squash = (s: string) => s.replace(/[\s_-]+/g, '');
  for (const [k, v] of Object.entries(PRECISION_WORDS)) if (squash(k) === squash(key)) return v;
  return undefined;
}

const KIND = re(`\\b(${alt(Object.keys(KIND_WORDS))})\\b`);

export const extractKind: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  for (const h of scan(KIND, masked)) {
    const key = (h.groups[0] ?? '').toLowerCase();
    const squash = (s: string) => s.replace(/[\s_-]+/g, '');
    const value = KIND_WORDS[key] ?? Object.entries(KIND_WORDS).find(([k]) => squash(k) === squash(key))?.[1];
    if (value) out.push({ type: 'kind', value, span: spanOf(text, h.start, h.end) });
  }
  return out;
};
