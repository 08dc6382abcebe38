// Texts that must not parse, and the error code each must get. Hostile inputs return a clear issue
// or a result, never an exception.
import { describe, expect, it } from 'vitest';
import type { IssueCode } from '../../src/core/result.ts';
import { MAX_INPUT_CHARS, parseWorkload } from '../../src/core/parse/index.ts';
import { models } from './models.ts';

const NEGATIVES: [string, IssueCode][] = [
  ['', 'empty_input'],
  ['   \n\t ', 'empty_input'],
  ['hi there', 'not_a_workload'],
  ['hello <@U123ABC>', 'not_a_workload'],
  ['hello @U123', 'not_a_workload'],
  ['thanks!', 'not_a_workload'],
  ['what can you do?', 'not_a_workload'],
  ['https://example.com/api/v2/items/123456/7890?page=42&size=1000', 'not_a_workload'],
  ['see <https://grafana.internal/d/12345/latency?from=1700000000000&to=1700003600000>', 'not_a_workload'],
  ['v1.2.3', 'not_a_workload'],
  ['upgraded to 2.14.1-rc.2 yesterday', 'not_a_workload'],
  ['meeting on 2024-05-01 at 10:30', 'not_a_workload'],
  ['<#C024BE91L|general> ping', 'not_a_workload'],
  ['llama 3 8b p95 200ms', 'missing_volume'],
  ['7B model, p99 under 1s, on AWS', 'missing_volume'],
  ['we run bert-base on CPU', 'missing_volume'],
  ['10 messages per user per day, 7B model', 'missing_volume'],
  ['5M req/month', 'missing_model'],
  ['20 rps p95 200ms', 'missing_model'],
  ['100k requests per day on GPT-4', 'missing_model'],
  ['1M req/month embedding model', 'missing_model'],
  ['0 requests per month 7B model', 'out_of_range'],
  ['-5 rps on a 7B model', 'out_of_range'],
  ['2e13 requests per month, 7B', 'out_of_range'],
  ['20 trillion requests a month, 7B', 'out_of_range'],
  ['5M req/month 7B latency 0.5ms', 'out_of_range'],
  ['5M req/month 7B p95 0.2 ms', 'out_of_range'],
  ['5M req/month, 0B params', 'out_of_range'],
  ['5M req/month 7B, 150% cache hits', 'out_of_range'],
  ['5M req/month 7B, budget $0/month', 'out_of_range'],
  ['5M req/month 7B, p95 2 hours', 'out_of_range'],
  ['CPU only on an A100, 5M req/month, 7B', 'contradiction'],
  ['5M req/month 7B, no GPU, needs an H100', 'contradiction'],
  ['p95 200ms p95 500ms, 5M/mo, 7B', 'contradiction'],
  ['5M req/month and 20M req/month, 7B', 'contradiction'],
  ['5M req/month llama 3 8b and mistral 7b', 'contradiction'],
  ['5M req/month llama 3 8b, 70B params', 'contradiction'],
  ['5M req/month 7B int8 fp16', 'contradiction'],
  ['5M req/month 7B spot ok, no spot', 'contradiction'],
  ['5M req/month 7B budget $1k/month, budget $5k/month', 'contradiction'],
  ['40 rps average, 10 rps peak, 7B', 'contradiction'],
  ['5M req/month 7B, aws, europe-west4', 'contradiction'],
  ['{"requestsPerMonth": 5000000, "model": {"name": "llama-3-8b"}, "colour": "blue"}', 'invalid_field'],
  ['{"requestsPerMonth": -5, "model": {"name": "llama-3-8b"}}', 'invalid_field'],
  ['{"requestsPerMonth": 5000000, "model": {"name": "llama-3-8b", "precision": "int3"}}', 'invalid_field'],
  ['{"requestsPerMonth": 5000000, "model": {"name": "llama-3-8b"}, "latency": {"percentile": 97, "ms": 200}}', 'invalid_field'],
  ['{"requestsPerMonth": 5000000, "model": {"name": "llama-3-8b"}, "cloud": "oracle"}', 'invalid_field'],
  ['{"requestsPerMonth": 5000000, "model": {"name": "llama-3-8b"}, "spotOk": "maybe"}', 'invalid_field'],
  ['{"requestsPerMonth": 5000000, "model": ', 'invalid_field'],
  ['volume: 5M/month\nmodel: llama-3-8b\ncolour: blue', 'invalid_field'],
  ['volume: lots\nmodel: llama-3-8b', 'invalid_field'],
  ['volume: 5M/month\nmodel: llama-3-8b\nprecision: int3', 'invalid_field'],
  ['volume: 5M/month\nmodel: my-secret-model', 'unknown_model'],
  ['x'.repeat(MAX_INPUT_CHARS + 1), 'input_too_long'],
  ['5M req/month 7B '.repeat(2000), 'input_too_long'],
];

describe('negatives', () => {
  it.each(NEGATIVES)('%s → %s', (text, code) => {
    const r = parseWorkload(text, { models });
    if (r.ok) throw new Error(`parsed: ${JSON.stringify(r.value.workload)}`);
    expect(r.issues.map((i) => i.code)).toContain(code);
    for (const i of r.issues) {
      expect(i.message.length).toBeGreaterThan(10);
      if (i.code !== 'input_too_long' && i.code !== 'invalid_field') expect(i.message).toMatch(/e\.g\.|Example|Keep one/);
    }
  });

  it('names the bad key in structured input', () => {
    const r = parseWorkload('{"requestsPerMonth": 5000000, "model": {"name": "llama-3-8b"}, "colour": "blue"}', { models });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues[0]?.field).toBe('colour');
      expect(r.issues[0]?.message).toContain('colour');
    }
  });

  it('names the bad nested key', () => {
    const r = parseWorkload('{"requestsPerMonth": 5000000, "model": {"name": "llama-3-8b", "precision": "int3"}}', { models });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.field).toBe('model.precision');
  });

  it('messages contain a working example', () => {
    for (const t of ['hi there', '5M req/month', 'llama 3 8b', '']) {
      const r = parseWorkload(t, { models });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issues.map((i) => i.message).join(' ')).toContain('5M req/month 7B model p95 200ms');
    }
  });
});

const N = 20 * 1024;
const HOSTILE: [string, string][] = [
  ['20 KB of digits', '7'.repeat(N)],
  ['20 KB of "a "', 'a '.repeat(N / 2)],
  ['nested brackets', '['.repeat(N / 2) + ']'.repeat(N / 2)],
  ['nested braces', '{'.repeat(N / 2) + '}'.repeat(N / 2)],
  ['nested parens', '('.repeat(N / 2) + ')'.repeat(N / 2)],
  ['import()', "import('child_process').then(m => m.execSync('rm -rf /'))"],
  ['mathjs calls', 'evaluate("1e308 * 10") compile("x") createUnit("req") import({}) 5M req/month 7B'],
  ['control characters', '\u0000\u0001\u0002\u0007\u001b[31m5M req/month\u0000 7B\u007f'],
  ['unit soup', '5 k m b rps ms s gb '.repeat(1000)],
  ['digits with commas', '1,000,'.repeat(3000)],
  ['dots', '1.'.repeat(N / 2)],
  ['exponents', '1e'.repeat(N / 2)],
  ['dollars', '$1'.repeat(N / 2)],
  ['percentiles', 'p95 '.repeat(N / 4)],
  ['number words', 'twenty thousand million '.repeat(800)],
  ['yaml-ish lines', 'a: b\n'.repeat(N / 5)],
  ['json prefix', '{"a":'.repeat(3000)],
  ['code fence', '```' + 'x'.repeat(N - 6) + '```'],
  ['repeated workload', '5M req/month 7B p95 200ms '.repeat(700)],
  ['emoji and RTL', '🚀🔥 ‮5M req/month‬ ７Ｂ 模型 p95 200ms'],
  ['lone surrogates', '\ud800\udfff\ud800 5M req/month 7B'],
  ['huge exponent', '1e99999 rps 7B'],
  ['prototype keys', '{"__proto__": {"x": 1}, "constructor": 1, "requestsPerMonth": 5}'],
];

describe('hostile input', () => {
  it.each(HOSTILE)('%s: returns a result or a clear issue, never throws', (_name, text) => {
    let r: ReturnType<typeof parseWorkload> | undefined;
    expect(() => {
      r = parseWorkload(text, { models });
    }).not.toThrow();
    expect(r).toBeDefined();
    if (r && !r.ok) {
      expect(r.issues.length).toBeGreaterThan(0);
      for (const i of r.issues) expect(typeof i.message).toBe('string');
    }
  });

  it('reads the workload around control characters', () => {
    const r = parseWorkload('\u0000\u00075M req/month\u0000 7B\u007f', { models });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.workload.requestsPerMonth).toBe(5e6);
  });

  it('accepts exactly 20 KB', () => {
    const text = '5M req/month 7B '.padEnd(MAX_INPUT_CHARS, ' ');
    const r = parseWorkload(text, { models });
    expect(r.ok).toBe(true);
  });

  it('survives non-string input', () => {
    const r = parseWorkload(undefined as unknown as string, { models });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.code).toBe('empty_input');
  });
});
