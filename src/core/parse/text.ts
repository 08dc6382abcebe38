// Span and masking helpers shared by the extractors.
import type { Span } from './facts.ts';

/** Claimed text is replaced by this character: not a word character, not whitespace, so matches stop at it. */
export const MASK = '\u0001';

/** Whether the UTF-16 code unit is one `\s` matches (white space and line terminators). */
export function isSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

export function spanOf(text: string, start: number, end: number): Span {
  // Trim surrounding whitespace so a span quotes exactly what was said.
  while (end > start && isSpaceCode(text.charCodeAt(end - 1))) end--;
  while (start < end && isSpaceCode(text.charCodeAt(start))) start++;
  return { start, end, text: text.slice(start, end) };
}

export function maskSpans(masked: string, spans: Span[]): string {
  if (spans.length === 0) return masked;
  const n = masked.length;
  const hit = new Uint8Array(n);
  for (const s of spans) {
    const from = Math.max(0, s.start);
    const to = Math.min(s.end, n);
    if (from < to) hit.fill(1, from, to);
  }
  // Copy runs of kept text and write runs of claimed text as MASK.
  let out = '';
  for (let i = 0; i < n; ) {
    const claimed = hit[i];
    let j = i + 1;
    while (j < n && hit[j] === claimed) j++;
    out += claimed ? MASK.repeat(j - i) : masked.slice(i, j);
    i = j;
  }
  return out;
}

/** Only the given regions stay readable; everything else is masked. */
export function keepOnly(text: string, regions: { start: number; end: number }[]): string {
  const chars = text.split('').map(() => MASK);
  for (const r of regions) for (let i = r.start; i < r.end && i < text.length; i++) chars[i] = text[i] ?? MASK;
  return chars.join('');
}

export interface Hit {
  start: number;
  end: number;
  groups: (string | undefined)[];
}

// Keyword pre-checks. A regex may carry keywords that every one of its matches contains ("tok" in a
// token-count pattern): `scan` runs the regex only when the text has them. Most texts lack most
// keywords, and a substring test is far cheaper than a quantity-led regex tried at every position.
// A need is a list of keywords of which every match contains at least one; the text is lower-cased
// and "ſ" read as "s" (the only characters besides A-Z that case-insensitive regexes match to a-z
// and toLowerCase does not turn into them are ſ → s; K → k is covered by toLowerCase), so a need is
// a necessary condition and results do not change.
const NEEDS = new WeakMap<RegExp, readonly (readonly string[])[]>();
const GUARDED: [RegExp, readonly (readonly string[])[]][] = [];

/** The text as keywords are looked up in: lower case, long s as s. */
export function foldCase(s: string): string {
  const lower = s.toLowerCase();
  return lower.includes('ſ') ? lower.replaceAll('ſ', 's') : lower;
}

/**
 * Keywords for a word list as `alt` builds it: a space in a word matches any run of whitespace,
 * dashes or underscores, so each space-free part of a word is in all its matches. One-part words are
 * their own keyword; a longer word needs none when a part contains a keyword already chosen, else
 * gets its part most shared with the other long words (then the longest): "daily active" → "active",
 * "daily users" → covered by "user". Keywords that contain a shorter one are dropped.
 */
export function keywordsOf(words: Iterable<string>): string[] {
  const partsOf = [...new Set([...words].map(foldCase))].map((w) => w.split(' ').filter((p) => p !== ''));
  if (partsOf.some((p) => p.length === 0)) throw new Error('keywordsOf: an empty word has no keyword');
  const chosen = new Set(partsOf.filter((p) => p.length === 1).map((p) => p[0]!));
  const shared = new Map<string, number>();
  for (const parts of partsOf) if (parts.length > 1) for (const p of new Set(parts)) shared.set(p, (shared.get(p) ?? 0) + 1);
  const rank = (p: string) => (shared.get(p) ?? 0) * 1000 + p.length;
  for (const parts of partsOf) {
    if (parts.length === 1 || parts.some((p) => [...chosen].some((k) => p.includes(k)))) continue;
    chosen.add(parts.reduce((a, b) => (rank(b) > rank(a) ? b : a)));
  }
  const list = [...chosen];
  return list.filter((p) => !list.some((q) => q !== p && p.includes(q))).sort();
}

/** Declares needs for `re` (each a list of lower-case keywords, one of which every match contains); returns `re`. */
export function requires(re: RegExp, needs: readonly (readonly string[])[]): RegExp {
  for (const need of needs) {
    if (need.length === 0 || need.some((k) => k === '' || k !== foldCase(k))) throw new Error(`requires: bad keywords ${JSON.stringify(need)}`);
  }
  NEEDS.set(re, needs);
  GUARDED.push([re, needs]);
  return re;
}

/** Every regex with needs, with them (for the test that checks each need is necessary). */
export function guardedRegexes(): readonly (readonly [RegExp, readonly (readonly string[])[]])[] {
  return GUARDED;
}

/** The last few texts checked, each with its folded form and the needs met in it (extractors scan
 * one text, and its masked copies, with many regexes, sharing needs). */
interface NeedState {
  folded: string;
  met: Map<readonly string[], boolean>;
}
const needStates = new Map<string, NeedState>();
const NEED_TEXTS = 8;

function needStateOf(s: string): NeedState {
  let st = needStates.get(s);
  if (!st) {
    if (needStates.size >= NEED_TEXTS) needStates.delete(needStates.keys().next().value!);
    needStates.set(s, (st = { folded: foldCase(s), met: new Map() }));
  }
  return st;
}

function hasNeeds(needs: readonly (readonly string[])[], s: string): boolean {
  const st = needStateOf(s);
  for (const need of needs) {
    let met = st.met.get(need);
    if (met === undefined) {
      met = need.some((k) => st.folded.includes(k));
      st.met.set(need, met);
    }
    if (!met) return false;
  }
  return true;
}

/** All matches of a global regex, as plain values (empty groups read as undefined). */
export function scan(re: RegExp, s: string): Hit[] {
  const out: Hit[] = [];
  const needs = NEEDS.get(re);
  if (needs !== undefined && !hasNeeds(needs, s)) return out;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      groups: Array.from(m).slice(1).map((g) => (g === '' ? undefined : g)),
    });
  }
  return out;
}

const CLAUSE_BREAK = /[,;.!?\n()]|\b(?:and|but|with|while|plus|then)\b|\u0001/giu;

/** The text of the clause before `start`, at most `max` characters, lower-cased. */
export function clauseBefore(s: string, start: number, max = 40): string {
  const from = Math.max(0, start - max);
  const window = s.slice(from, start);
  let cut = 0;
  CLAUSE_BREAK.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CLAUSE_BREAK.exec(window)) !== null) cut = m.index + m[0].length;
  return window.slice(cut).toLowerCase();
}

/** The text right after `end`, up to the next clause break, at most `max` characters, lower-cased. */
export function clauseAfter(s: string, end: number, max = 30): string {
  const window = s.slice(end, end + max);
  CLAUSE_BREAK.lastIndex = 0;
  const m = CLAUSE_BREAK.exec(window);
  return (m ? window.slice(0, m.index) : window).toLowerCase();
}

export function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Character ranges already taken by one extractor, checked in time proportional to the span. */
export class Claims {
  /** Allocated on the first claim: most extractors claim nothing in most texts. */
  private used: Uint8Array | null = null;
  private readonly length: number;
  constructor(length: number) {
    this.length = length;
  }
  overlaps(r: { start: number; end: number }): boolean {
    const used = this.used;
    if (used === null) return false;
    for (let i = r.start; i < r.end; i++) if (used[i]) return true;
    return false;
  }
  add(r: { start: number; end: number }): void {
    this.used ??= new Uint8Array(this.length + 1);
    this.used.fill(1, r.start, r.end);
  }
}
