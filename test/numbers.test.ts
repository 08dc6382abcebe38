import { describe, expect, it } from 'vitest';
import { group } from '../src/core/numbers.ts';

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
