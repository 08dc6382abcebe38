// The benchmark runs (issue 7): `bench/run.ts --quick` completes and writes well-formed results.
// Timings are not checked — they depend on the machine and its load — only that every figure is
// there, a number where a number belongs, and the machine is described.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'infercost-bench-test-'));
const out = join(dir, 'results.json');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => {
  expect(v, 'an object').toBeTypeOf('object');
  expect(v).not.toBeNull();
  return v as Json;
};
const num = (v: unknown) => {
  expect(typeof v === 'number' && Number.isFinite(v), `a finite number, got ${JSON.stringify(v)}`).toBe(true);
  return v as number;
};
const summary = (v: unknown) => {
  const s = obj(v);
  for (const k of ['n', 'median', 'p99', 'mean', 'max']) num(s[k]);
  expect(s.median as number).toBeLessThanOrEqual(s.p99 as number);
  expect(s.p99 as number).toBeLessThanOrEqual(s.max as number);
  return s;
};

describe('npm run bench -- --quick', () => {
  it('completes and writes bench results with every section', { timeout: 120_000 }, () => {
    const run = spawnSync(process.execPath, ['bench/run.ts', '--quick', '--out', out], { cwd: root, encoding: 'utf8', timeout: 110_000 });
    expect(run.error).toBeUndefined();
    expect(run.status, `stderr:\n${run.stderr}\nstdout:\n${run.stdout}`).toBe(0);
    expect(run.stdout).toMatch(/Figure\s+InferCost\s+Bare Bolt\s+Target\s+Result/);
    expect(run.stdout).toContain('cores, shared');

    const r = obj(JSON.parse(readFileSync(out, 'utf8')));
    expect(r.schema).toBe(1);
    expect(r.mode).toBe('quick');
    expect(Number.isNaN(Date.parse(String(r.date)))).toBe(false);
    const m = obj(r.machine);
    expect(num(m.cores)).toBeGreaterThan(0);
    num(m.memoryGb);
    expect(String(m.node)).toMatch(/^v\d+/);
    expect(m.loadavgAtStart).toHaveLength(3);

    const p = obj(r.pipeline);
    expect(num(p.corpusSize)).toBeGreaterThanOrEqual(50);
    summary(p.perQueryMs);
    for (const stage of ['parse', 'evaluate', 'render']) summary(obj(p.stageMs)[stage]);
    const hostile = obj(p.hostile);
    num(hostile.maxMedianMs);
    expect((hostile.cases as Json[]).every((c) => c.chars === 20 * 1024)).toBe(true);

    const s = obj(r.startup);
    summary(s.infercostMs);
    summary(s.bareBoltMs);
    num(s.ratio);

    const e = obj(r.endpoint);
    for (const side of ['infercost', 'bareBolt']) {
      const x = obj(e[side]);
      summary(x.ackMs);
      expect(num(x.openThroughputRps)).toBeGreaterThan(0);
      expect(num(x.closedThroughputRps)).toBeGreaterThan(0);
      const open = (x.openLoop as Json[])[0]!;
      expect(num(open.ok) + num(open.failed) + num(open.skipped)).toBe(open.scheduled);
    }
    num(e.closedThroughputRatio);
    num(e.openThroughputRatio);
    // Every command InferCost acked also produced its report at the Web API stand-in.
    const processing = obj(e.infercost).processing as Json[];
    expect(processing.length).toBeGreaterThan(0);
    expect(processing.every((x) => x.allPosted === true)).toBe(true);

    const mem = obj(r.memory);
    const checkpoints = mem.checkpoints as Json[];
    expect(checkpoints.length).toBeGreaterThanOrEqual(2);
    for (const c of checkpoints) {
      num(c.commands);
      num(c.rssMb);
    }
    expect(typeof mem.levelsOff).toBe('boolean');
    expect(num(mem.lastRssMb)).toBe(checkpoints.at(-1)!.rssMb);
    num(mem.baselineRssMb);
    // Issue 16: after the checkpoints a burst builds a backlog, drains (every report posted), then idles.
    const drain = obj(mem.drain);
    expect(num(drain.commands)).toBeGreaterThan(0);
    expect(drain.complete).toBe(true);
    for (const k of ['peakRssMb', 'drainedRssMb', 'idleRssMb', 'aboveBaselineMb']) num(drain[k]);
    expect(num(drain.backlogPeak)).toBeGreaterThan(0);

    // Digest fan-out: the real scheduler against the rate-limited stand-in posted every digest exactly
    // once, through a burst of 429s (correctness, not timing).
    const d = obj(r.digestFanout);
    const n = num(d.channels);
    expect(n).toBeGreaterThan(0);
    expect(d.complete).toBe(true);
    expect(d.duplicates).toBe(0);
    expect(d.missing).toBe(0);
    expect(obj(d.stand)).toMatchObject({ posted: n, channels: n, maxPerChannel: 1 });
    expect(d.storePosted).toBe(n);
    const limited = obj(d.rateLimited);
    expect(num(limited.burst)).toBeGreaterThan(0);
    expect(limited.retriesScheduled).toBe(num(limited.burst) + num(limited.perChannel));
    summary(d.composeMs);
    expect(num(d.wallMs)).toBeGreaterThan(0);
    for (const k of ['rateLimitMs', 'computeMs']) expect(num(obj(d.floors)[k])).toBeGreaterThan(0);
    num(d.ratioToRateLimit);
    num(d.ratioToCompute);
    const targets = r.targets as Json[];
    expect(targets.length).toBeGreaterThan(5);
    for (const t of targets) {
      expect(typeof t.figure).toBe('string');
      expect([true, false, null]).toContain(t.pass);
    }
  });
});
