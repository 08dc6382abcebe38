// The core stays pure (STYLE.md): no Slack, no logger, no environment, no file or network I/O, no clock.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../src/core/', import.meta.url).pathname;
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const FORBIDDEN: [RegExp, string][] = [
  [/from ['"](node:)?(fs|net|http|https|child_process|os|path|dgram|worker_threads)['"]/, 'I/O module'],
  [/from ['"]@slack\//, 'Slack'],
  [/from ['"]pino['"]/, 'logger'],
  [/process\.env/, 'environment'],
  [/Date\.now\(|new Date\(\)/, 'the clock'],
  [/\bfetch\(/, 'network'],
];

describe('core purity', () => {
  for (const f of files(root)) {
    it(f.slice(root.length), () => {
      const src = readFileSync(f, 'utf8');
      for (const [re, what] of FORBIDDEN) expect(re.test(src), `${what} in ${f}`).toBe(false);
    });
  }
});

// The engine's layers (issue 12): pricing the options for one Workload (price-options.ts and below)
// never reaches the report that re-runs it for suggestions, break-even and the tier's options.
describe('engine layering', () => {
  const engine = join(root, 'engine');
  const REPORT_LAYER = ['evaluate.ts', 'suggestions.ts', 'break-even.ts', 'tiers.ts'].map((f) => join(engine, f));
  const importsOf = (f: string): string[] =>
    [...readFileSync(f, 'utf8').matchAll(/^import[^;]*?from ['"](\.{1,2}\/[^'"]+)['"]/gms)].map((m) => join(f, '..', m[1]!));

  it('price-options.ts and everything it imports stay below the report builders', () => {
    const seen = new Set<string>();
    const stack = [join(engine, 'price-options.ts')];
    while (stack.length > 0) {
      const f = stack.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      stack.push(...importsOf(f));
    }
    expect([...seen].filter((f) => REPORT_LAYER.includes(f)).map((f) => f.slice(root.length))).toEqual([]);
    expect(seen.size).toBeGreaterThan(10);
  });
});
