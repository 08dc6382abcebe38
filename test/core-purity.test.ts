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
