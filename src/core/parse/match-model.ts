// Known-model names: normalized matching (case, spaces, dashes, dots, underscores and letter–digit
// boundaries treated alike) on whole tokens only, so "bert" never matches inside "roberta".
import type { KnownModel } from '../known-models.ts';
import type { Span } from './facts.ts';
import { Claims } from './text.ts';

interface Normalized {
  /** Tokens joined by single spaces, padded with a space on each side. */
  norm: string;
  /** For each character of norm, the index in the source it came from. */
  map: number[];
}

/** 0 other, 1 letter, 2 digit. */
function classOf(code: number): 0 | 1 | 2 {
  if (code >= 97 && code <= 122) return 1;
  if (code >= 48 && code <= 57) return 2;
  return 0;
}

export function normalize(s: string): Normalized {
  // toLowerCase keeps length for the characters we keep (ASCII letters and digits); others become separators.
  const lower = s.length === s.toLowerCase().length ? s.toLowerCase() : s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  let out = ' ';
  const map: number[] = [0];
  let prev = 0;
  let lastSpace = true;
  for (let i = 0; i < lower.length; i++) {
    const k = classOf(lower.charCodeAt(i));
    if (k === 0) {
      if (!lastSpace) {
        out += ' ';
        map.push(i);
        lastSpace = true;
      }
    } else {
      if (prev !== 0 && prev !== k && !lastSpace) {
        out += ' ';
        map.push(i);
      }
      out += lower[i];
      map.push(i);
      lastSpace = false;
    }
    prev = k;
  }
  if (!lastSpace) {
    out += ' ';
    map.push(s.length);
  }
  return { norm: out, map };
}

export function normalizeName(s: string): string {
  return normalize(s).norm.trim();
}

interface AliasEntry {
  alias: string;
  model: KnownModel;
  tokens: number;
}

const cache = new WeakMap<KnownModel[], AliasEntry[]>();

function aliasIndex(models: KnownModel[]): AliasEntry[] {
  const hit = cache.get(models);
  if (hit) return hit;
  const seen = new Set<string>();
  const entries: AliasEntry[] = [];
  for (const model of models) {
    for (const a of [model.id, model.name, ...model.aliases]) {
      const alias = normalizeName(a);
      if (alias === '' || seen.has(alias)) continue;
      seen.add(alias);
      entries.push({ alias, model, tokens: alias.split(' ').length });
    }
  }
  entries.sort((a, b) => b.alias.length - a.alias.length);
  cache.set(models, entries);
  return entries;
}

/** The known model a name refers to, matching the whole name against ids, names and aliases. */
export function matchModel(name: string, models: KnownModel[]): { model: KnownModel; by: 'name' } | null {
  try {
    const n = normalizeName(name);
    if (n === '') return null;
    for (const e of aliasIndex(models)) if (e.alias === n) return { model: e.model, by: 'name' };
    return null;
  } catch {
    return null;
  }
}

const byFirst = new WeakMap<KnownModel[], Map<string, AliasEntry[]>>();

function firstTokenIndex(models: KnownModel[]): Map<string, AliasEntry[]> {
  const hit = byFirst.get(models);
  if (hit) return hit;
  const map = new Map<string, AliasEntry[]>();
  for (const e of aliasIndex(models)) {
    const first = e.alias.split(' ')[0] ?? '';
    const list = map.get(first) ?? [];
    list.push(e); // aliasIndex is longest first, so each list is too
    map.set(first, list);
  }
  byFirst.set(models, map);
  return map;
}

/** "t5" must be written joined: a lone letter and a number ("t 5M") are two words, not T5. */
function joinedLead(alias: string, a: number, map: number[]): boolean {
  if (!/^[a-z] \d/.test(alias)) return true;
  return (map[a + 2] ?? -1) === (map[a] ?? -2) + 1;
}

/** Every known-model mention in the text, longest alias first, non-overlapping, with source spans. */
export function findModels(text: string, source: string, models: KnownModel[]): { model: KnownModel; span: Span }[] {
  const { norm, map } = normalize(source);
  const index = firstTokenIndex(models);
  const hits: { a: number; b: number; e: AliasEntry }[] = [];
  // Each token start: the character after a space.
  for (let p = 0; p < norm.length - 1; p = norm.indexOf(' ', p + 1)) {
    if (p < 0) break;
    const a = p + 1;
    const next = norm.indexOf(' ', a);
    if (next < 0) break;
    const candidates = index.get(norm.slice(a, next));
    if (!candidates) continue;
    for (const e of candidates) {
      if (norm.startsWith(e.alias, a) && norm[a + e.alias.length] === ' ' && joinedLead(e.alias, a, map)) {
        hits.push({ a, b: a + e.alias.length, e });
        break;
      }
    }
  }
  hits.sort((x, y) => y.b - y.a - (x.b - x.a) || x.a - y.a);
  const taken = new Claims(norm.length);
  const found: { model: KnownModel; span: Span }[] = [];
  for (const { a, b, e } of hits) {
    if (taken.overlaps({ start: a, end: b })) continue;
    taken.add({ start: a, end: b });
    const start = map[a] ?? 0;
    const end = (map[b - 1] ?? start) + 1;
    found.push({ model: e.model, span: { start, end, text: text.slice(start, end) } });
  }
  return found.sort((x, y) => x.span.start - y.span.start);
}
