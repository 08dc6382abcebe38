import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compact, group } from '../src/core/numbers.ts';

describe('group', () => {
  it('formats like en-US toLocaleString', () => {
    const cases: [number, number, number][] = [
      [0, 0, 0], [5, 0, 0], [999, 0, 0], [1000, 0, 0], [1234567.891, 2, 0], [1234567.891, 0, 0], [-1234.5, 1, 0],
      [0.5, 2, 2], [12.3, 2, 2], [100, 2, 0], [1e12, 0, 0], [3.805175, 2, 0], [0.001, 2, 0], [-0.001, 2, 0], [999999.999, 2, 0],
    ];
    for (const [x, max, min] of cases) {
      const want = x.toLocaleString('en-US', { maximumFractionDigits: max, minimumFractionDigits: min }).replace('-0', '0');
      expect(group(x, max, min), `${x} ${max} ${min}`).toBe(want);
    }
  });
});

describe('Intl-compatible formatting', () => {
  const plain = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
  const cents = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const short = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
  const noNegZero = (s: string) => s.replace(/^-(0(\.0+)?)$/, '$1');

  it('rounds ties on the shortest decimal form, as Intl does (toFixed would not)', () => {
    expect(group(1.005, 2)).toBe('1.01');
    expect(group(1.015, 2)).toBe('1.02');
    expect(compact(1_150_000)).toBe('1.2M');
    expect(compact(999_950)).toBe('1M');
    expect(compact(999.95)).toBe('1K');
    expect(compact(1e15)).toBe('1000T');
    expect(compact(1.5e22)).toBe('15,000,000,000T');
  });

  it('matches Intl.NumberFormat for any finite number', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer().map((i) => i / 1000), fc.integer({ min: 0, max: 1e9 }).map((i) => i / 20)), (x) => {
        expect(group(x, 2)).toBe(noNegZero(plain.format(x)));
        expect(group(x, 2, 2)).toBe(noNegZero(cents.format(x)));
        expect(group(x)).toBe(noNegZero(whole.format(x)));
        expect(compact(x)).toBe(noNegZero(short.format(x)));
      }),
      { numRuns: 3000 },
    );
  });
});
