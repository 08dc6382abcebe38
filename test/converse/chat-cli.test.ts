// `infercost chat --json` through the real CLI, stdin piped.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('infercost chat', () => {
  it('--json writes one object a line: intent, workload, answer, report', () => {
    const input = ['5M req/month 7B model p95 200ms', 'what if traffic triples?', 'why not Lambda?', 'thanks!', ''].join('\n');
    const r = spawnSync('npx', ['infercost', 'chat', '--json', '--now', '2026-11-29'], { input, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.intent)).toEqual(['new-workload', 'what-if', 'explain', 'unknown']);
    expect((lines[0]!.workload as { requestsPerMonth: number }).requestsPerMonth).toBe(5e6);
    // `workload` is what the answer is about (the what-if's); `threadWorkload` is what the thread keeps.
    expect((lines[1]!.workload as { requestsPerMonth: number }).requestsPerMonth).toBe(15e6);
    expect((lines[1]!.threadWorkload as { requestsPerMonth: number }).requestsPerMonth).toBe(5e6);
    expect(lines[1]!.hypothetical).toBe(true);
    expect(lines[1]!.report).toBeDefined();
    expect((lines[2]!.answer as { text: string }).text).toContain('Lambda');
    expect(lines[3]!.report).toBeUndefined();
  });

  it('prints plain answers without --json', () => {
    const r = spawnSync('npx', ['infercost', 'chat', '--no-color'], { input: '5M req/month 7B model p95 200ms\nwhat if traffic triples?\n', encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('New estimate');
    expect(r.stdout).toContain('What if: traffic ×3');
    expect(r.stdout).toContain('Hypothetical, relative to 5M/month');
    // Slack's _italic_ marks are not printed in a terminal.
    expect(r.stdout).not.toMatch(/(^|\s)_Hypothetical/m);
  });
});
