// The parser's fast paths give what the straightforward code they replace gives: the byte table
// vs mathjs, the whitespace test vs /\s/, span masking vs masking character by character.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MASK, isSpaceCode, maskSpans } from '../../src/core/parse/text.ts';
import { toBytes } from '../../src/core/parse/units.ts';

const mathUnit = (createRequire(import.meta.url)('mathjs') as { unit: (v: number, u: string) => { toNumber(u: string): number } }).unit;

function maskReference(masked: string, spans: { start: number; end: number }[]): string {
  const chars = masked.split('');
  for (const s of spans) for (let i = s.start; i < s.end && i < chars.length; i++) chars[i] = MASK;
  return chars.join('');
}

describe('parser fast paths', () => {
  it('toBytes gives what mathjs gives for every byte unit the parser reads', () => {
    const units = ['kB', 'MB', 'GB', 'TB', 'KiB', 'MiB', 'GiB', 'TiB'];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 60 }), fc.constantFrom(...units), (int, decimals, exp, u) => {
        const v = Number(`${int}e${exp - decimals}`);
        expect(toBytes(v, u)).toBe(mathUnit(v, u).toNumber('B'));
      }),
      { numRuns: 3000, seed: 7 },
    );
    for (const [v, u] of [[400, 'MB'], [1.1, 'GB'], [14, 'GiB'], [0.7, 'TB'], [3.3, 'kB']] as const) expect(toBytes(v, u)).toBe(mathUnit(v, u).toNumber('B'));
  });

  it('isSpaceCode is /\\s/ on every UTF-16 code unit', () => {
    const differ: number[] = [];
    for (let c = 0; c <= 0xffff; c++) if (isSpaceCode(c) !== /\s/.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
    expect(isSpaceCode(Number.NaN)).toBe(false);
  });

  it('maskSpans masks exactly the characters of the spans', () => {
    const span = fc.record({ start: fc.integer({ min: -3, max: 40 }), end: fc.integer({ min: -3, max: 45 }) }).map((s) => ({ ...s, text: '' }));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.array(span, { maxLength: 5 }), (s, spans) => {
        expect(maskSpans(s, spans)).toBe(maskReference(s, spans));
      }),
      { numRuns: 2000, seed: 11 },
    );
  });
});
