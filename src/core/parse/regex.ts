// Regex building blocks made from the vocabulary, and the quantity reader.
// Every quantifier is bounded and every number starts at a non-digit boundary, so a scan over
// 20 KB of hostile text stays linear.
import { requires } from './text.ts';
import { LEAD_FRACTIONS, ONES, SCALE_WORDS, SUFFIXES, TENS } from './vocabulary.ts';

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/ /g, '[\\s_-]*');
}

/** An alternation of the words, longest first, spaces matching runs of whitespace, dashes or underscores. */
export function alt(words: Iterable<string>): string {
  const list = [...new Set(words)].sort((a, b) => b.length - a.length || a.localeCompare(b));
  return `(?:${list.map(escapeRe).join('|')})`;
}

/** A digit number: 5, 5.5, 5,000,000, 5e6, -3. Never starts inside a word or another number. */
export const NUM = String.raw`(?<![\w.,$-])[-−]?(?:\d{1,3}(?:,\d{3}){1,4}|\d{1,15})(?:\.\d{1,8})?(?:e\+?\d{1,2})?(?![\d]|[.,]\d)`;
/** The same, also allowed right after a dash ("sub-100ms"). */
export const NUM_AFTER_DASH = NUM.replace('(?<![\\w.,$-])', '(?<![\\w.,$])');
/** The same, also allowed right after a dollar sign. */
export const MONEY_NUM = String.raw`(?<![\w.,-])[-−]?(?:\d{1,3}(?:,\d{3}){1,4}|\d{1,15})(?:\.\d{1,8})?(?:e\+?\d{1,2})?(?![\d]|[.,]\d)`;

const SUFFIX = `(?:\\s?${alt(Object.keys(SUFFIXES).filter((s) => s.length <= 3))}(?![a-z])|\\s*${alt(Object.keys(SUFFIXES).filter((s) => s.length > 3))}\\b|\\s+hundred\\s+thousand\\b)`;
const NUMBER_WORD = alt([...Object.keys(ONES), ...Object.keys(TENS), ...Object.keys(SCALE_WORDS)]);
const SCALE = alt(['hundred thousand', 'thousand', 'million', 'billion', 'trillion']);
const WORD_QTY = `(?:\\b${alt(Object.keys(LEAD_FRACTIONS))}\\s+${SCALE}s?\\b|\\b${NUMBER_WORD}(?:(?:[\\s-]+and)?[\\s-]+${NUMBER_WORD}){0,6}(?:\\s+and\\s+a\\s+half\\s+${SCALE})?\\b)`;

/** A quantity with an optional multiplier: 5M, 750K, 3MM, 1.2B, 5 million, half a million, twenty thousand. */
export const QTY = `(?:${NUM}${SUFFIX}?|${WORD_QTY})`;
/** A quantity with a required multiplier (for parameter counts). */
export const QTY_SCALED = `(?:${NUM}${SUFFIX})`;

const DIGITS_RE = /^([-−]?)([\d,]+(?:\.\d+)?(?:e\+?\d+)?)\s*([a-z ]*)$/i;

/** Reads a quantity matched by QTY. Returns null when it is not a number (e.g. a lone "a"). */
export function readQuantity(raw: string): number | null {
  const s = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  const m = DIGITS_RE.exec(s);
  if (m) {
    const sign = m[1] ? -1 : 1;
    const n = Number((m[2] ?? '').replace(/,/g, ''));
    const suffix = (m[3] ?? '').trim();
    if (suffix === '') return sign * n;
    if (suffix === 'hundred thousand') return sign * n * 1e5;
    const mult = SUFFIXES[suffix];
    return mult === undefined ? null : sign * n * mult;
  }
  return readWords(s);
}

function readWords(s: string): number | null {
  for (const [lead, value] of Object.entries(LEAD_FRACTIONS).sort((a, b) => b[0].length - a[0].length)) {
    if (s.startsWith(lead + ' ')) {
      const rest = s.slice(lead.length + 1).replace(/s$/, '');
      const scale = rest === 'hundred thousand' ? 1e5 : SCALE_WORDS[rest];
      if (scale !== undefined) return value * scale;
    }
  }
  const tokens = s.split(/[\s-]+/).filter((t) => t !== 'and');
  let total = 0;
  let current = 0;
  let seen = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    if (t === 'a' && tokens[i + 1] === 'half') {
      current += 0.5;
      i++;
      continue;
    }
    const one = ONES[t] ?? TENS[t];
    if (one !== undefined) {
      current += one;
      seen = true;
      continue;
    }
    const scale = SCALE_WORDS[t.replace(/s$/, '')];
    if (scale !== undefined) {
      seen = true;
      if (scale === 100) current = (current || 1) * 100;
      else {
        total += (current || 1) * scale;
        current = 0;
      }
      continue;
    }
    return null;
  }
  return seen ? total + current : null;
}

/**
 * Builds a global, case-insensitive regex. `needs`: keyword lists, one keyword of each in every
 * match, so `scan` skips the regex on texts without them (see text.ts).
 */
export function re(source: string, needs?: readonly (readonly string[])[]): RegExp {
  const r = new RegExp(source, 'giu');
  return needs && needs.length > 0 ? requires(r, needs) : r;
}
