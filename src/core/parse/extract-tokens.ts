// Tokens per request: "500 in / 200 out", "2000 prompt tokens, 300 completion tokens",
// "input 1k tokens output 256", "~700 tokens per request".
import type { Extractor, Fact } from './facts.ts';
import { QTY, alt, re, readQuantity } from './regex.ts';
import { Claims, keywordsOf, scan, spanOf } from './text.ts';
import { INPUT_TOKEN_WORDS, OUTPUT_TOKEN_WORDS } from './vocabulary.ts';

const TOK = `(?:tokens?|toks?)`;
const TOK_NEED = ['tok'];
const IN_W = alt(INPUT_TOKEN_WORDS);
const OUT_W = alt(OUTPUT_TOKEN_WORDS);
const IN_STRICT = INPUT_TOKEN_WORDS.filter((w) => w !== 'in');
const OUT_STRICT = OUTPUT_TOKEN_WORDS.filter((w) => w !== 'out');
const IN_W_STRICT = alt(IN_STRICT);
const OUT_W_STRICT = alt(OUT_STRICT);
const JOIN = `(?:\\s*(?:of|is|are|:|=|~|≈|around|about|averages?|avg|average|roughly|approx|up to|max|length|size|len|lengths|sizes)){0,3}\\s*~?`;

const PATTERNS: { re: RegExp; side: 'in' | 'out' | 'pair' | 'total' }[] = [
  // 500/200 tokens
  { re: re(`(${QTY})\\s*(?:/|→|->)\\s*(${QTY})\\s*${TOK}\\b()`, [TOK_NEED]), side: 'pair' },
  // Tier 1, keyword right next to the number: "2000 prompt tokens", "500 in", "input 1k tokens", "output 256"
  { re: re(`(${QTY})\\s*(${IN_W})\\b(?:\\s*${TOK}\\b)?`), side: 'in' },
  { re: re(`(${QTY})\\s*(${OUT_W})\\b(?:\\s*${TOK}\\b)?`, [keywordsOf(OUTPUT_TOKEN_WORDS)]), side: 'out' },
  { re: re(`\\b(${IN_W_STRICT})${JOIN}(${QTY})(?:\\s*${TOK}\\b)?`, [keywordsOf(IN_STRICT)]), side: 'in' },
  { re: re(`\\b(${OUT_W_STRICT})${JOIN}(${QTY})(?:\\s*${TOK}\\b)?`, [keywordsOf(OUT_STRICT)]), side: 'out' },
  // Tier 2, "tokens" in between: "1k tokens in", "300 tokens of output", "prompt tokens: 1500"
  { re: re(`(${QTY})\\s*${TOK}\\s*(?:of\\s+)?(${IN_W})\\b`, [TOK_NEED]), side: 'in' },
  { re: re(`(${QTY})\\s*${TOK}\\s*(?:of\\s+)?(${OUT_W})\\b`, [TOK_NEED]), side: 'out' },
  { re: re(`\\b(${IN_W_STRICT})\\s*${TOK}${JOIN}(${QTY})(?:\\s*${TOK}\\b)?`, [TOK_NEED]), side: 'in' },
  { re: re(`\\b(${OUT_W_STRICT})\\s*${TOK}${JOIN}(${QTY})(?:\\s*${TOK}\\b)?`, [TOK_NEED]), side: 'out' },
  // 700 tokens per request
  { re: re(`(${QTY})\\s*${TOK}\\s*(?:/|per|a|an|each|every)\\s*(?:request|req|call|query|conversation|turn|message|prompt|completion)\\b`, [TOK_NEED]), side: 'total' },
];

function isNumberGroup(s: string | undefined): s is string {
  return s !== undefined && readQuantity(s) !== null;
}

export const extractTokens: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  const bare: Fact[] = [];
  const taken = new Claims(masked.length);
  for (const { re: pattern, side } of PATTERNS) {
    for (const h of scan(pattern, masked)) {
      if (taken.overlaps(h)) continue;
      const span = spanOf(text, h.start, h.end);
      if (side === 'pair') {
        const a = readQuantity(h.groups[0] ?? '');
        const b = readQuantity(h.groups[1] ?? '');
        if (a === null || b === null) continue;
        out.push({ type: 'tokens-in', value: Math.round(a), span }, { type: 'tokens-out', value: Math.round(b), span });
      } else if (side === 'total') {
        const v = readQuantity(h.groups[0] ?? '');
        if (v === null) continue;
        out.push({ type: 'tokens-total', value: Math.round(v), span });
      } else {
        const [g0, g1] = h.groups;
        const numText = isNumberGroup(g0) ? g0 : g1;
        const word = (isNumberGroup(g0) ? g1 : g0)?.toLowerCase() ?? '';
        const v = numText === undefined ? null : readQuantity(numText);
        if (v === null) continue;
        const fact: Fact = { type: side === 'in' ? 'tokens-in' : 'tokens-out', value: Math.round(v), span };
        // A bare "in"/"out" without the word tokens is only trusted when the other side is there too.
        if ((word === 'in' || word === 'out') && !/tok/i.test(span.text)) bare.push(fact);
        else out.push(fact);
      }
      taken.add(h);
    }
  }
  const has = (t: Fact['type']) => [...out, ...bare].some((f) => f.type === t);
  for (const f of bare) if ((f.type === 'tokens-in' && has('tokens-out')) || (f.type === 'tokens-out' && has('tokens-in'))) out.push(f);
  return out;
};
