// Properties: parsing never throws, and every ok result is a valid Workload with provenance whose
// spans point into the text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWorkload } from '../../src/core/parse/index.ts';
import { Workload } from '../../src/core/workload.ts';
import { models } from './models.ts';

const WORDS = [
  '5M', '750K', '3MM', '1.2B', '7B', '7b', '350M', '14GB', '400MB', 'half a million', 'twenty thousand', 'a million',
  'req/month', 'requests', 'per', 'a', 'day', 'month', '/mo', 'rps', 'qps', 'req/s', 'daily', 'monthly', 'peak', 'average',
  'avg', 'p95', 'p99', 'P95:', 'p99.9', '<', '=', 'under', '200ms', '1s', 'ms', 'latency', 'ttft', 'e2e', 'model', 'params',
  'parameters', 'llama 3 8b', 'mistral 7b', 'bert', 'sdxl', 'whisper large', 'int8', 'fp16', '4-bit', 'AWQ', 'quantized',
  'in', 'out', 'tokens', '500', '200', '/', 'aws', 'gcp', 'azure', 'us-east-1', 'CPU only', 'no GPU', 'A100', 'budget',
  '$3k/month', 'cache hits', '30%', 'spot ok', 'batch', 'nightly', 'self-hosted only', 'steady', 'spiky', '0', '-5',
  '1e400', '9'.repeat(30), ',', '.', ':', '\n', '{', '}', '"', '```', '-', '  ',
];

const soup = fc.array(fc.constantFrom(...WORDS), { maxLength: 40 }).map((ws) => ws.join(' '));
const run = (text: string) => parseWorkload(text, { models });

function checkResult(text: string): void {
  const r = run(text);
  if (r.ok) {
    expect(Workload.safeParse(r.value.workload).success).toBe(true);
    for (const o of Object.values(r.value.provenance)) {
      if (o.span) {
        expect(o.span.start).toBeGreaterThanOrEqual(0);
        expect(o.span.end).toBeLessThanOrEqual(text.length);
      }
      if (o.source !== 'stated') expect(o.why).toBeTruthy();
    }
  } else {
    expect(r.issues.length).toBeGreaterThan(0);
  }
}

describe('properties', () => {
  it('never throws on any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
      checkResult(s);
    }), { numRuns: 300 });
  });

  it('never throws on any unicode string', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
      checkResult(s);
    }), { numRuns: 200 });
  });

  it('never throws on full unicode including lone surrogates', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
      checkResult(s);
    }), { numRuns: 200 });
  });

  it('never throws on digit/unit soup, and ok results are valid Workloads', () => {
    fc.assert(fc.property(soup, (s) => {
      checkResult(s);
    }), { numRuns: 500 });
  });

  it('never throws on JSON-shaped input', () => {
    fc.assert(fc.property(fc.json({ maxDepth: 3 }), (s) => {
      checkResult(s);
    }), { numRuns: 200 });
  });

  it('a canonical workload survives surrounding noise', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }).filter((s) => !/\d/.test(s)), (noise) => {
      const r = run(`${noise.replace(/[`{]/g, ' ')} \n5M req/month 7B model p95 200ms`);
      if (r.ok) {
        expect(r.value.workload.model.params).toBe(7e9);
      }
    }), { numRuns: 200 });
  });
});
