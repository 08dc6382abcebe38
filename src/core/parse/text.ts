// Span and masking helpers shared by the extractors.
import type { Span } from './facts.ts';

/** Claimed text is replaced by this character: not a word character, not whitespace, so matches stop at it. */
export const MASK = '\u0001';

export function spanOf(text: string, start: number, end: number): Span {
  // Trim surrounding whitespace so a span quotes exactly what was said.
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  return { start, end, text: text.slice(start, end) };
}

export function maskSpans(masked: string, spans: Span[]): string {
  if (spans.length === 0) return masked;
  const chars = masked.split('');
  for (const s of spans) for (let i = s.start; i < s.end && i < chars.length; i++) chars[i] = MASK;
  return chars.join('');
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

/** All matches of a global regex, as plain values (empty groups read as undefined). */
export function scan(re: RegExp, s: string): Hit[] {
  const out: Hit[] = [];
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
  private readonly used: Uint8Array;
  constructor(length: number) {
    this.used = new Uint8Array(length + 1);
  }
  overlaps(r: { start: number; end: number }): boolean {
    for (let i = r.start; i < r.end; i++) if (this.used[i]) return true;
    return false;
  }
  add(r: { start: number; end: number }): void {
    this.used.fill(1, r.start, r.end);
  }
}
