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

describe('infercost chat: a conversation people steer', () => {
  it('what-ifs do not compound, undo goes back, compare does not switch (as in a Slack thread)', () => {
    const input = [
      '5M req/month 7B model p95 200ms',
      'what if traffic triples?',
      'what if traffic triples?',
      'switch to int8',
      'undo',
      'compare with GCP',
      'what if traffic doubles?',
      "let's go with that",
      'reset',
    ].join('\n');
    // Each line carries a full report (~150 KB): more than spawnSync's default 1 MB buffer.
    const r = spawnSync('npx', ['infercost', 'chat', '--json', '--now', '2026-11-29'], { input, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    expect(r.status, r.stderr).toBe(0);
    type W = { requestsPerMonth: number; cloud: string | null; model: { precision: string } };
    const t = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { intent: string; workload: W; threadWorkload: W; hypothetical: boolean });
    expect(t.map((x) => x.intent)).toEqual(['new-workload', 'what-if', 'what-if', 'what-if', 'undo', 'compare', 'what-if', 'adopt', 'undo']);
    // Both what-ifs answer 15M; the conversation stays at 5M.
    for (const i of [1, 2]) {
      expect(t[i]!.workload.requestsPerMonth).toBe(15e6);
      expect(t[i]!.threadWorkload.requestsPerMonth).toBe(5e6);
      expect(t[i]!.hypothetical).toBe(true);
    }
    // A kept change, then undo restores the previous workload.
    expect(t[3]!.threadWorkload.model.precision).toBe('int8');
    expect(t[4]!.threadWorkload.model.precision).toBe('fp16');
    // compare with GCP: the GCP side is priced, the conversation stays on any cloud.
    expect(t[5]!.workload.cloud).toBe('gcp');
    expect(t[5]!.threadWorkload.cloud).toBeNull();
    expect(t[6]!.workload.cloud).toBeNull();
    // "let's go with that" keeps the last what-if; reset goes back to the first workload.
    expect(t[7]!.threadWorkload.requestsPerMonth).toBe(10e6);
    expect(t[8]!.threadWorkload.requestsPerMonth).toBe(5e6);
  });
});
