// The CLI as users script it: exit codes, the JSON report's pinned fields, --jsonl, --file.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function run(args: string[], input?: string) {
  // The bin as npx runs it, on the Node that runs the tests (Node 24 from devDependencies).
  const bin = new URL('../bin/infercost.js', import.meta.url).pathname;
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('infercost CLI', () => {
  it('stops quietly when the reader closes the pipe early (`--json | head`)', async () => {
    const bin = new URL('../bin/infercost.js', import.meta.url).pathname;
    const p = spawn(process.execPath, [bin, '5M req/month 7B model p95 200ms', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    // Read the first chunk, then close our end, as `head -c` does.
    await new Promise<void>((resolve) => p.stdout.once('data', () => resolve()));
    p.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => p.on('exit', (c) => resolve(c)));
    expect(err).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(code).toBe(0);
  });

  it('answers the guide example with a readable report', () => {
    const r = run(['5M req/month 7B model p95 200ms']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Recommended/);
    expect(r.out).toMatch(/\$[\d,]+\/month/);
    expect(r.out).not.toMatch(/\u001b\[/); // no colour when not a TTY
  });

  it('--json pins the workload fields scripts rely on', () => {
    const r = run(['--json', '5M req/month 7B model p95 200ms']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.workload).toMatchObject({
      requestsPerMonth: 5e6,
      model: { params: 7e9, precision: expect.any(String), kind: 'llm', sizeBytes: expect.any(Number), name: null },
      tokens: { input: expect.any(Number), output: expect.any(Number) },
      latency: { percentile: 95, ms: 200, measures: 'ttft' },
      cloud: null,
      budgetUsdPerMonth: null,
      cacheHitRate: 0,
    });
    expect(j.workload.peakRps).toBeGreaterThan(0);
    expect(j.assumptions.length).toBeGreaterThan(0);
    for (const a of j.assumptions) {
      expect(Object.keys(a).sort()).toEqual(['field', 'value', 'why']);
      expect(a.why).toEqual(expect.any(String));
    }
    expect(['cpu', 'gpu']).toContain(j.compute);
    expect(['low', 'medium', 'high']).toContain(j.tier);
    expect(j.options.length).toBeGreaterThan(20);
    const o = j.options[0];
    for (const k of ['id', 'name', 'kind', 'feasible', 'reasons', 'instances', 'latencyMs', 'monthlyUsd', 'per1kUsd', 'components']) expect(o).toHaveProperty(k);
    expect(o.components[0]).toEqual(expect.objectContaining({ name: expect.any(String), quantity: expect.any(Number), unit: expect.any(String), unitPriceUsd: expect.any(Number), monthlyUsd: expect.any(Number) }));
    expect(j.recommendation).toEqual(expect.objectContaining({ optionId: expect.any(String), runnerUpId: expect.any(String), why: expect.any(String) }));
    for (const s of j.suggestions) expect(s).toEqual(expect.objectContaining({ id: expect.any(String), title: expect.any(String), monthlyUsdSaved: expect.any(Number), caveats: expect.any(Array) }));
    expect(j.options.some((x: { kind: string }) => x.kind === 'api')).toBe(true);
    expect(j.breakEven.summary).toMatch(/requests a month/);
  });

  it('exits 2 with a clear message and an example for input that must be fixed', () => {
    for (const text of ['hello there', '7B model p95 200ms', '0 requests a month 7B model']) {
      const r = run([text]);
      expect(r.code, text).toBe(2);
      expect(r.err, text).toMatch(/Try: infercost "5M req\/month 7B model p95 200ms"/);
      expect(r.err, text).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    }
    const j = run(['--json', 'hello there']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.out).error.code).toEqual(expect.any(String));
  });

  it('--jsonl keeps one output line per input line: a blank or bad line is an error object with its line number', () => {
    const r = run(['--jsonl'], '5M req/month 7B model p95 200ms\n\nnonsense here\n   \n2M req/month llama 3 8b p95 500ms\n');
    expect(r.code).toBe(2);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { line?: number; error?: { code: string }; version?: number });
    expect(lines).toHaveLength(5);
    expect(lines[0]!.version).toBe(1);
    expect(lines[1]).toMatchObject({ line: 2, error: { code: 'empty_input' } });
    expect(lines[2]).toMatchObject({ line: 3, error: { code: 'not_a_workload' } });
    expect(lines[3]).toMatchObject({ line: 4, error: { code: 'empty_input' } });
    expect(lines[4]!.version).toBe(1);
  });

  it('--jsonl answers line by line; a bad line does not stop the rest', () => {
    const r = run(['--jsonl'], '5M req/month 7B model p95 200ms\nnonsense here\n{"requestsPerMonth": 1000000, "model": {"name": "bert-base"}}\n');
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0].recommendation).toBeDefined();
    expect(lines[1].error.code).toEqual(expect.any(String));
    expect(lines[2].workload?.requestsPerMonth ?? lines[2].error).toBeDefined();
    expect(r.code).toBe(2);
  });

  it('--file reads a structured workload (YAML)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'infercost-'));
    const f = join(dir, 'w.yml');
    writeFileSync(f, 'volume: 2M/month\nmodel: llama-3-8b\nprecision: int8\nlatency: p95 500ms\ncloud: aws\n');
    const r = run(['--json', '--file', f]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.workload.requestsPerMonth).toBe(2e6);
    expect(j.workload.model.precision).toBe('int8');
    expect(j.workload.cloud).toBe('aws');
    expect(j.options.filter((o: { excluded: boolean }) => o.excluded).length).toBeGreaterThan(0);
  });

  it('--help shows usage with examples; an unknown flag (long or short) exits 2 with the options listed', () => {
    expect(run(['--help']).out).toMatch(/Examples/);
    for (const flag of ['--bogus', '-j', '-x']) {
      const r = run([flag, '5M req/month 7B model p95 200ms']);
      expect(r.code, flag).toBe(2);
      expect(r.err).toContain(`unknown option ${flag}`);
      expect(r.err).toContain('--json, --jsonl');
    }
    // `--` ends the options.
    expect(run(['--', '5M req/month 7B model p95 200ms']).code).toBe(0);
  });

  it('every help example works when pasted into a shell', () => {
    const usage = run(['--help']).out;
    const examples = usage.split(/\nExamples[^\n]*\n/)[1]!.split('\n\n')[0]!.split('\n').map((l) => l.trim());
    expect(examples.length).toBeGreaterThanOrEqual(4);
    const bin = new URL('../bin/infercost.js', import.meta.url).pathname;
    for (const ex of examples) {
      const cmd = ex.replace(/^infercost/, `'${process.execPath}' '${bin}'`);
      const r = spawnSync('bash', ['-c', cmd], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(r.status, `${ex}: ${r.stderr}`).toBe(0);
      // An example should show the product working, not "nothing meets the target".
      expect(r.stdout, ex).not.toMatch(/Nothing meets|No option meets/);
    }
  });

  it('--version prints the version and the price dates', () => {
    const r = run(['--version']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^infercost \d+\.\d+\.\d+; report format 1; prices checked \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\n$/);
  });

  it('colour: FORCE_COLOR turns it on through a pipe; NO_COLOR and --no-color turn it off', () => {
    const bin = new URL('../bin/infercost.js', import.meta.url).pathname;
    const env = { ...process.env };
    delete env.NO_COLOR;
    const go = (extra: Record<string, string>, args: string[] = []) =>
      spawnSync(process.execPath, [bin, ...args, '5M req/month 7B model p95 200ms'], { encoding: 'utf8', env: { ...env, ...extra } }).stdout;
    expect(go({ FORCE_COLOR: '1' })).toContain('\u001b[1m');
    expect(go({})).not.toContain('\u001b[');
    expect(go({ FORCE_COLOR: '1', NO_COLOR: '1' })).not.toContain('\u001b[');
    expect(go({ FORCE_COLOR: '1' }, ['--no-color'])).not.toContain('\u001b[');
    expect(go({ FORCE_COLOR: '0' })).not.toContain('\u001b[');
  });

  it('fits the table to COLUMNS, and --all wraps the reasons instead of cutting them', () => {
    const bin = new URL('../bin/infercost.js', import.meta.url).pathname;
    const r = spawnSync(process.execPath, [bin, '--all', '5M req/month 7B model p95 200ms'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', COLUMNS: '100' } });
    expect(r.status).toBe(0);
    for (const line of r.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(100);
    const json = JSON.parse(run(['--json', '5M req/month 7B model p95 200ms']).out) as { options: { id: string; reasons: string[] }[] };
    const lambda = json.options.find((o) => o.id === 'aws-lambda')!;
    // The whole reason is there, only wrapped: join the status column's lines back up.
    const flat = r.stdout.replace(/\s+/g, ' ');
    expect(flat).toContain(lambda.reasons.join('; ').replace(/\s+/g, ' '));
    expect(r.stdout).not.toMatch(/avai…/);
  });
});
