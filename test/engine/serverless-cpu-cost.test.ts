// The serverless CPU builder compares sizes by costMicroOf, which must be the exact integer total
// of the lines costOf would show for the same size (the chosen size's lines are what the report prints).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { costMicroOf, costOf } from '../../src/core/engine/options/serverless-cpu.ts';
import { loadFor } from '../../src/core/engine/load.ts';
import { total } from '../../src/core/engine/money.ts';
import { core } from './helpers.ts';

describe('serverless CPU cost of one size', () => {
  const platforms = core.catalog.serverless.cpu;
  const gateways = [null, ...core.catalog.serverless.gateways];
  it('costMicroOf equals the total of costOf for every platform, gateway, size and volume', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...platforms),
        fc.constantFrom(...gateways),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 0.128, max: 10.24, noNaN: true }),
        fc.double({ min: 0.001, max: 120, noNaN: true }),
        fc.double({ min: 1, max: 5, noNaN: true }),
        (p, gateway, logVolume, memoryGB, billedS, p2a) => {
          const load = loadFor(Math.round(10 ** logVolume), p2a);
          const shape = { memoryGB, vcpu: Math.max(0.25, memoryGB / 1.769), serviceS: billedS, billedS };
          expect(costMicroOf(p, gateway, shape, load)).toBe(total(costOf(p, gateway, shape, load, false)));
          expect(costMicroOf(p, gateway, shape, load)).toBe(total(costOf(p, gateway, shape, load, true)));
        },
      ),
      { numRuns: 400 },
    );
  });
});
