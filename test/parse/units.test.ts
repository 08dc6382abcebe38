// toBytes must give exactly what mathjs's unit(value, unit).toNumber('B') gave (the parser used
// mathjs for this until 2026-12-02): the same double for every byte unit the parser produces.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BYTE_UNIT_NAMES, toBytes } from '../../src/core/parse/units.ts';

type MathUnit = (value: number, unit: string) => { toNumber(unit: string): number };
const mathUnit = (createRequire(import.meta.url)('mathjs') as { unit: MathUnit }).unit;
const viaMathjs = (value: number, unitName: string) => mathUnit(value, unitName).toNumber('B');

describe('toBytes', () => {
  it('knows every unit extract-model.ts maps sizes to', () => {
    expect([...BYTE_UNIT_NAMES].sort()).toEqual(['B', 'GB', 'GiB', 'KiB', 'MB', 'MiB', 'TB', 'TiB', 'kB'].sort());
  });

  it('matches mathjs on hand-picked values', () => {
    const values = [0.1, 0.3, 1, 1.5, 2.2, 7, 13.37, 14, 70, 140, 350, 400, 0.000001, 1e-300, 123456.789, 1e15, 1.7e300, 1e308, Number.MAX_VALUE];
    for (const u of BYTE_UNIT_NAMES) for (const v of values) expect(Object.is(toBytes(v, u), viaMathjs(v, u)), `${v} ${u}`).toBe(true);
  });

  it('matches mathjs bit for bit on random positive doubles', () => {
    fc.assert(
      fc.property(fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }), fc.constantFrom(...BYTE_UNIT_NAMES), (v, u) => Object.is(toBytes(v, u), viaMathjs(v, u))),
      { numRuns: 20_000 },
    );
  });

  it('matches mathjs on decimals as people write them ("2.5 GB", "13.4 GiB")', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 4 }), fc.constantFrom(...BYTE_UNIT_NAMES), (m, d, u) => {
        const v = Number((m / 10 ** d).toFixed(d));
        return Object.is(toBytes(v, u), viaMathjs(v, u));
      }),
      { numRuns: 20_000 },
    );
  });

  it('refuses a unit it does not know, as mathjs did', () => {
    expect(() => toBytes(1, 'bytez')).toThrow(/not found/);
    expect(() => viaMathjs(1, 'bytez')).toThrow(/not found/);
  });
});
