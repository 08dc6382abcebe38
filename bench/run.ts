// `npm run bench`: the benchmarks of issue 7 in one run — the core pipeline, start-up, the Slack
// endpoint beside a bare Bolt app, memory over many commands, digest fan-out to 1,000 channels.
// Prints a table (figure, target, pass/fail) and writes the same figures to bench/results.json.
//
//   node bench/run.ts            full run (a few minutes on a 2-core machine)
//   node bench/run.ts --quick    short counts, for the test suite (checks it runs, not the timings)
//   --out <file>                 where to write the JSON (default bench/results.json)
//   --only pipeline,startup,endpoint,profile,memory,digest   run a subset (the others are recorded as skipped)
//   --no-profile                 skip the CPU profiles (full mode runs them: the pipeline loop, and
//                                InferCost under load in a separate run that no figure comes from)

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runDigest, type DigestResult } from './digest.ts';
import { runPipeline, type PipelineResult } from './pipeline.ts';
import {
  runEndpoint,
  runMemory,
  runServerProfile,
  runStartup,
  startStand,
  type EndpointResult,
  type MemoryResult,
  type ServerProfileResult,
  type Servers,
  type Stand,
  type StartupResult,
} from './slack.ts';
import { fmt, round, table } from './stats.ts';

const SECTIONS = ['pipeline', 'startup', 'endpoint', 'profile', 'memory', 'digest'] as const;
type Section = (typeof SECTIONS)[number];

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    only: { type: 'string' },
    'no-profile': { type: 'boolean', default: false },
  },
});
const quick = args.quick === true;
const outFile = resolve(args.out ?? fileURLToPath(new URL('./results.json', import.meta.url)));
const profiles = !quick && !args['no-profile'];
const only = new Set<Section>(args.only ? (args.only.split(',').map((s) => s.trim()) as Section[]) : SECTIONS.filter((s) => s !== 'profile' || profiles));
for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section ${s} (one of ${SECTIONS.join(', ')})`);

const SETTINGS = quick
  ? {
      pipeline: { warmupPasses: 1, passes: 2, hostileRuns: 3, budgetMs: 3000, profile: false },
      startup: { runs: 1, importRuns: 0, discardFirst: false },
      endpoint: { rateRps: 200, openSeconds: 0.5, lowRateRps: 20, lowSeconds: 0.5, closedSeconds: 0.5, concurrency: 8, rounds: 1, warmupRequests: 20, drainTimeoutMs: 15_000, requestTimeoutMs: 10_000 },
      profile: { seconds: 2, concurrency: 8, drainTimeoutMs: 15_000, requestTimeoutMs: 10_000 },
      memory: { checkpoints: [25, 50, 75, 100], concurrency: 8, backlog: 32, settleMs: 100, timeoutMs: 30_000, requestTimeoutMs: 10_000, drain: { commands: 50, idleMs: 1000, timeoutMs: 20_000 } },
      digest: { channels: 50, burstShare: 0.1, burstRetryAfterS: 1, rateLimitMs: 1000, composeSample: 25, budgetMs: 20_000 },
      maxLifetimeMs: 120_000,
    }
  : {
      pipeline: { warmupPasses: 3, passes: 30, hostileRuns: 20, budgetMs: 30_000, profile: profiles },
      startup: { runs: 5, importRuns: 1, discardFirst: true },
      endpoint: { rateRps: 200, openSeconds: 5, lowRateRps: 20, lowSeconds: 5, closedSeconds: 5, concurrency: 16, rounds: 2, warmupRequests: 300, drainTimeoutMs: 60_000, requestTimeoutMs: 15_000 },
      profile: { seconds: 8, concurrency: 8, drainTimeoutMs: 60_000, requestTimeoutMs: 15_000 },
      memory: { checkpoints: [1000, 2500, 5000, 10_000], concurrency: 8, backlog: 64, settleMs: 500, timeoutMs: 360_000, requestTimeoutMs: 15_000, drain: { commands: 2000, idleMs: 10_000, timeoutMs: 120_000 } },
      digest: { channels: 1000, burstShare: 0.1, burstRetryAfterS: 1, rateLimitMs: 1000, composeSample: 200, budgetMs: 180_000 },
      maxLifetimeMs: 900_000,
    };

const TARGETS = {
  pipelineMedianMs: 0.5,
  pipelineP99Ms: 2,
  hostileParseMs: 50,
  throughputRatio: 0.85,
  ackP99Ms: 20,
  startupRatio: 1.5,
  memoryGrowthPct: 10,
  /** Issue 16: RSS after the last checkpoint (10,000 commands in a full run). */
  memoryRssMb: 250,
  /** Digest fan-out: total time at most this many times what the rate limit allows. */
  digestTimeRatio: 2,
};

const log = (line: string) => process.stdout.write(line + '\n');

interface Check {
  figure: string;
  infercost: string;
  reference: string;
  target: string;
  pass: boolean | null;
}

interface Results {
  schema: 1;
  mode: 'quick' | 'full';
  date: string;
  machine: {
    cores: number;
    cpuModel: string;
    memoryGb: number;
    freeMemoryGbAtStart: number;
    node: string;
    platform: string;
    loadavgAtStart: number[];
    loadavgAtEnd: number[];
    note: string;
  };
  settings: typeof SETTINGS;
  pipeline: PipelineResult | { skipped: string };
  startup: StartupResult | { skipped: string };
  endpoint: EndpointResult | { skipped: string };
  /** Where InferCost's time goes under load (a separate profiled run; no target). */
  serverProfile: ServerProfileResult | { skipped: string };
  memory: MemoryResult | { skipped: string };
  digestFanout: DigestResult | { skipped: string };
  targets: Check[];
  seconds: number;
}

const started = performance.now();
const machine: Results['machine'] = {
  cores: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGb: round(totalmem() / 1024 ** 3, 1),
  freeMemoryGbAtStart: round(freemem() / 1024 ** 3, 1),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  loadavgAtStart: loadavg().map((x) => round(x, 2)),
  loadavgAtEnd: [],
  note:
    `${cpus().length} cores, shared: the load generator, the Web API stand-in and the server under test run on the same cores, ` +
    'and other processes may be running (see the load averages). Compare InferCost with bare Bolt measured in the same run, not absolute figures across runs.',
};
log(`InferCost benchmarks (${quick ? 'quick' : 'full'}) — Node ${machine.node}, ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGb} GB, load average ${machine.loadavgAtStart.join(' ')}`);
log(machine.note);

const skipped = (why: string) => ({ skipped: why });
const results: Results = {
  schema: 1,
  mode: quick ? 'quick' : 'full',
  date: new Date().toISOString(),
  machine,
  settings: SETTINGS,
  pipeline: skipped('not selected (--only)'),
  startup: skipped('not selected (--only)'),
  endpoint: skipped('not selected (--only)'),
  serverProfile: skipped(profiles ? 'not selected (--only)' : quick ? 'quick mode' : '--no-profile'),
  memory: skipped('not selected (--only)'),
  digestFanout: skipped('not selected (--only)'),
  targets: [],
  seconds: 0,
};

let stand: Stand | null = null;
// Quick mode hands the start-up section's last servers to the endpoint and memory sections: it
// checks that everything runs, and InferCost's start is the slowest thing in it.
let kept: Servers | null = null;
try {
  if (only.has('pipeline')) {
    log('\n▸ pipeline: parse → evaluate → render over the corpus');
    results.pipeline = await runPipeline(SETTINGS.pipeline);
  }
  if (only.has('startup') || only.has('endpoint') || only.has('profile') || only.has('memory')) {
    stand = await startStand(SETTINGS.maxLifetimeMs, log);
    log(`  (children log to ${stand.tmp})`);
  }
  if (stand && only.has('startup')) {
    log('\n▸ start-up: spawn → /healthz answering, InferCost and bare Bolt alternately');
    const r = await runStartup(stand, SETTINGS.startup, quick);
    results.startup = r.result;
    kept = r.kept;
  }
  if (stand && only.has('endpoint')) {
    log(`\n▸ endpoint: signed /infercost commands, ${SETTINGS.endpoint.rateRps} req/s open loop and ×${SETTINGS.endpoint.concurrency} closed loop, interleaved`);
    results.endpoint = await runEndpoint(stand, SETTINGS.endpoint, kept);
  }
  if (stand && only.has('profile')) {
    log(`\n▸ profile: InferCost under closed-loop load ×${SETTINGS.profile.concurrency} for ${SETTINGS.profile.seconds} s with --cpu-prof (no figure comes from this run)`);
    results.serverProfile = await runServerProfile(stand, SETTINGS.profile);
  }
  if (stand && only.has('memory')) {
    log(`\n▸ memory: RSS of ${kept ? 'the same' : 'a fresh'} InferCost process after ${SETTINGS.memory.checkpoints.join(', ')} more commands`);
    results.memory = await runMemory(stand, SETTINGS.memory, kept?.infercost ?? null);
  }
  if (only.has('digest')) {
    const d = SETTINGS.digest;
    log(`\n▸ digest: the scheduler posting ${d.channels} weekly digests, the stand-in limiting each channel to 1 message per ${d.rateLimitMs} ms and answering ${Math.round(d.burstShare * 100)}% of first posts 429 (Retry-After ${d.burstRetryAfterS} s)`);
    results.digestFanout = await runDigest({ ...d, maxLifetimeMs: SETTINGS.maxLifetimeMs }, process.env.BENCH_TMPDIR ?? '/tmp', log);
  }
} finally {
  if (kept) await Promise.all([kept.infercost.child.stop(), kept.bareBolt.child.stop()]);
  if (stand) {
    await stand.fake.stop();
    if (!process.env.BENCH_KEEP_TMP) rmSync(stand.tmp, { recursive: true, force: true });
  }
}

results.machine.loadavgAtEnd = loadavg().map((x) => round(x, 2));
results.targets = checks(results);
results.seconds = round((performance.now() - started) / 1000, 1);
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(results, null, 2) + '\n');

log('\n' + report(results));
log(`\nWrote ${outFile} (${results.seconds} s). Load average at the end: ${results.machine.loadavgAtEnd.join(' ')}.`);

// ---------------------------------------------------------------------------------------------

function has<T extends object>(x: T | { skipped: string }): x is T {
  return !('skipped' in x);
}

function checks(r: Results): Check[] {
  const out: Check[] = [];
  const row = (figure: string, infercost: string, reference: string, target: string, pass: boolean | null) => out.push({ figure, infercost, reference, target, pass });
  if (has(r.pipeline)) {
    const p = r.pipeline;
    row('Pipeline per query, median (ms)', fmt(p.perQueryMs.median, 3), '', `≤ ${TARGETS.pipelineMedianMs}`, p.perQueryMs.median <= TARGETS.pipelineMedianMs);
    row('Pipeline per query, p99 (ms)', fmt(p.perQueryMs.p99, 3), '', `≤ ${TARGETS.pipelineP99Ms}`, p.perQueryMs.p99 <= TARGETS.pipelineP99Ms);
    row('  parse, median (ms)', fmt(p.stageMs.parse.median, 3), '', `${Math.round(p.stageShare.parse * 100)}% of median`, null);
    row('  evaluate, median (ms)', fmt(p.stageMs.evaluate.median, 3), '', `${Math.round(p.stageShare.evaluate * 100)}% of median`, null);
    row('  render Block Kit, median (ms)', fmt(p.stageMs.render.median, 3), '', `${Math.round(p.stageShare.render * 100)}% of median`, null);
    row('  garbage collection, share of the loop (%)', fmt(p.gc.sharePct, 1), '', `${p.gc.scavenges} scavenges, ${p.gc.majors} major`, null);
    row('20 KB hostile input, parse, worst median (ms)', fmt(p.hostile.maxMedianMs, 2), '', `< ${TARGETS.hostileParseMs}`, p.hostile.maxMedianMs < TARGETS.hostileParseMs);
    row('20 KB hostile input, parse, worst first call (ms)', fmt(p.hostile.maxFirstMs, 2), '', `< ${TARGETS.hostileParseMs}`, p.hostile.maxFirstMs < TARGETS.hostileParseMs);
  }
  if (has(r.endpoint)) {
    const e = r.endpoint;
    const rate = e.options.rateRps;
    row(`Ack latency at ${rate} req/s, p50 (ms)`, fmt(e.infercost.ackMs.median, 2), fmt(e.bareBolt.ackMs.median, 2), '', null);
    row(`Ack latency at ${rate} req/s, p99 (ms)`, fmt(e.infercost.ackMs.p99, 2), fmt(e.bareBolt.ackMs.p99, 2), `≤ ${TARGETS.ackP99Ms}`, e.infercost.ackMs.p99 <= TARGETS.ackP99Ms);
    const failed = (x: { openLoop: { failed: number; scheduled: number }[] }) => `${x.openLoop.reduce((a, y) => a + y.failed, 0)}/${x.openLoop.reduce((a, y) => a + y.scheduled, 0)}`;
    row(`Acks failed at ${rate} req/s (timeout or 404)`, failed(e.infercost), failed(e.bareBolt), '0', e.infercost.openLoop.every((x) => x.failed === 0));
    if (e.infercost.lowRate && e.bareBolt.lowRate) {
      const lr = e.options.lowRateRps;
      row(`Ack latency at ${lr} req/s (not overloaded), p50 (ms)`, fmt(e.infercost.lowRate.ackMs.median, 2), fmt(e.bareBolt.lowRate.ackMs.median, 2), '', null);
      row(`Ack latency at ${lr} req/s (not overloaded), p99 (ms)`, fmt(e.infercost.lowRate.ackMs.p99, 2), fmt(e.bareBolt.lowRate.ackMs.p99, 2), '', null);
    }
    row(`Sustained acks at ${rate} req/s (req/s)`, fmt(e.infercost.openThroughputRps, 1), fmt(e.bareBolt.openThroughputRps, 1), `ratio ${fmt(e.openThroughputRatio, 2)}`, null);
    row(`Max throughput, closed loop ×${e.options.concurrency} (req/s)`, fmt(e.infercost.closedThroughputRps, 1), fmt(e.bareBolt.closedThroughputRps, 1), `ratio ≥ ${TARGETS.throughputRatio}`, e.closedThroughputRatio >= TARGETS.throughputRatio);
    row('  throughput ratio InferCost / bare Bolt', fmt(e.closedThroughputRatio, 3), '1', `≥ ${TARGETS.throughputRatio}`, e.closedThroughputRatio >= TARGETS.throughputRatio);
    const posted = e.infercost.processing.filter((x) => x.phase !== 'warm-up');
    const reportsPerS = posted.map((x) => x.reportsPerS).filter((x): x is number => x !== null);
    row('Reports posted (full command work), best (per s)', fmt(reportsPerS.length ? Math.max(...reportsPerS) : null, 1), '', posted.every((x) => x.allPosted) ? 'all posted' : 'NOT all posted', posted.every((x) => x.allPosted));
  }
  if (has(r.startup)) {
    const s = r.startup;
    row('Start-up to /healthz, median (ms)', fmt(s.infercostMs.median, 0), fmt(s.bareBoltMs.median, 0), `ratio ≤ ${TARGETS.startupRatio}`, null);
    row('  start-up ratio InferCost / bare Bolt', fmt(s.ratio, 2), '1', `≤ ${TARGETS.startupRatio}`, s.ratio <= TARGETS.startupRatio);
  }
  if (has(r.memory)) {
    const m = r.memory;
    const cps = m.checkpoints.map((c) => `${c.commands}:${fmt(c.rssMb, 0)}`).join(' ');
    row(`RSS (MB) by commands, start ${fmt(m.baselineRssMb, 0)}`, cps, '', '', null);
    row(
      m.complete ? '  RSS growth over the last half (%)' : `  RSS growth over the last half (%), INCOMPLETE: ${m.checkpoints.at(-1)?.commands ?? 0} of ${m.target}`,
      fmt(m.growthLastHalfPct, 1),
      '',
      `< ${TARGETS.memoryGrowthPct} (levels off)`,
      m.levelsOff,
    );
    row(
      `  RSS after ${m.checkpoints.at(-1)?.commands ?? 0} commands (MB)${m.complete ? '' : ', INCOMPLETE'}`,
      fmt(m.lastRssMb, 0),
      '',
      `< ${TARGETS.memoryRssMb}`,
      // Quick mode: 100 commands in the process the endpoint section used; the mechanics only.
      quick ? null : m.complete && m.lastRssMb !== null && m.lastRssMb < TARGETS.memoryRssMb,
    );
    if (m.drain) {
      const d = m.drain;
      row(
        `  then a burst of ${d.commands} (backlog ≤ ${d.backlogPeak}): peak / drained / ${d.idleSeconds} s idle (MB)`,
        `${fmt(d.peakRssMb, 0)} / ${fmt(d.drainedRssMb, 0)} / ${fmt(d.idleRssMb, 0)}`,
        '',
        d.complete ? `idle − start ${fmt(d.aboveBaselineMb, 0)} MB` : 'NOT all posted',
        d.complete ? null : false,
      );
    }
  }
  if (has(r.digestFanout)) {
    const d = r.digestFanout;
    const once = d.complete && d.duplicates === 0 && d.missing === 0 && d.stand.maxPerChannel === 1 && d.storePosted === d.channels;
    row(`Digest fan-out, ${d.channels} channels: posted / duplicates / missing`, `${d.stand.posted} / ${d.duplicates} / ${d.missing}`, '', `${d.channels} / 0 / 0`, once);
    row('  429 + Retry-After: injected burst / per-channel limit', `${d.rateLimited.burst} / ${d.rateLimited.perChannel}`, '', 'each retried once', d.rateLimited.retriesScheduled === d.rateLimited.burst + d.rateLimited.perChannel && d.complete);
    row(
      `  total time (s), ${d.complete ? '' : 'INCOMPLETE, '}vs the rate limit's ${fmt(d.floors.rateLimitMs / 1000, 1)} s`,
      fmt(d.wallMs / 1000, 2),
      '',
      `≤ ${TARGETS.digestTimeRatio}× (${fmt(d.ratioToRateLimit, 1)}×)`,
      d.complete && d.ratioToRateLimit <= TARGETS.digestTimeRatio,
    );
    row(`  compute floor: ${d.channels} × compose ${fmt(d.composeMs.mean, 2)} ms (s)`, fmt(d.floors.computeMs / 1000, 2), '', `time ${fmt(d.ratioToCompute, 2)}× it`, null);
  } else {
    row('Digest fan-out', 'skipped', '', 'every digest once, ≈ rate-limit time', null);
  }
  return out;
}

function report(r: Results): string {
  const rows = r.targets.map((c) => [c.figure, c.infercost, c.reference, c.target, c.pass === null ? '' : c.pass ? 'pass' : 'FAIL']);
  const lines = [table(['Figure', 'InferCost', 'Bare Bolt', 'Target', 'Result'], rows)];
  if (has(r.pipeline)) {
    const p = r.pipeline;
    lines.push(
      '',
      `Pipeline: ${p.corpusSize} workloads (${Object.entries(p.kinds).map(([k, n]) => `${k} ${n}`).join(', ')}), ${p.passes} passes, ${p.samples} queries; ` +
        `a report prices ${p.optionsPerReport.median} options (median, max ${p.optionsPerReport.max}).`,
      `Slowest workloads (median ms, of which evaluate): ${p.slowest.map((x) => `${x.id} ${x.medianMs} (${x.evaluateMedianMs})`).join(', ')}.`,
    );
    if (p.profileTop) lines.push(`Hot functions (self time in a profile of the loop): ${p.profileTop.slice(0, 6).map((x) => `${x.fn} ${x.selfPct}%`).join('; ')}.`);
  }
  if (has(r.startup) && r.startup.imports.length > 0) lines.push('', `Start-up explained (fresh processes, median ms): ${r.startup.imports.map((x) => `${x.what} ${x.ms}`).join('; ')}.`);
  if (has(r.endpoint)) {
    const e = r.endpoint;
    const gen = e.infercost.openLoop.concat(e.bareBolt.openLoop).map((x) => x.generatorLagMs.p99);
    lines.push('', `Endpoint: the generator's own lateness (p99 over rounds): ${gen.map((x) => fmt(x, 1)).join(', ')} ms; failed requests: InferCost ${e.infercost.openLoop.reduce((a, x) => a + x.failed, 0)}, bare Bolt ${e.bareBolt.openLoop.reduce((a, x) => a + x.failed, 0)}.`);
  }
  if (has(r.serverProfile)) {
    const sp = r.serverProfile;
    lines.push(
      '',
      `InferCost under load (profiled run, ${sp.commands} commands in ${sp.seconds} s), share of wall time: ${sp.byArea.map((x) => `${x.area} ${x.pct}%`).join('; ')}.`,
      `  top functions (self): ${sp.top.slice(0, 6).map((x) => `${x.fn} ${x.pct}%`).join('; ')}.`,
    );
  }
  if (has(r.digestFanout)) {
    const d = r.digestFanout;
    const a = d.perAttemptMs;
    lines.push(
      '',
      `Digest fan-out: ${d.channels} channels (${d.workloadsSaved} saved workloads, zones ${d.zones.join(', ')}), ${d.stand.attempts} chat.postMessage calls over ${d.ticks} ticks ` +
        `(${d.tickMs.map((x) => fmt(x / 1000, 2)).join(', ')} s); the store records ${d.storePosted} runs posted.`,
      `  Per attempt ${fmt(a.total, 2)} ms: compose ${fmt(a.compose, 2)} ms (${Math.round((a.compose / a.total) * 100)}%), the rest (claim, store, HTTP round trip, logging) ${fmt(a.other, 2)} ms.`,
      d.floors.computeMs > d.floors.rateLimitMs
        ? `  Cause: composing a digest re-prices each saved workload (the full engine, with suggestions); the scheduler handles 8 channels at once and composes on the compute workers (one per spare core, below the main thread's priority), so composing alone (${fmt(d.floors.computeMs / 1000, 1)} s of CPU on ${r.machine.cores} cores) exceeds the ${fmt(d.floors.rateLimitMs / 1000, 1)} s the rate limit needs.`
        : `  Composing every digest (${fmt(d.floors.computeMs / 1000, 1)} s on one thread) fits within what the rate limit needs (${fmt(d.floors.rateLimitMs / 1000, 1)} s).`,
      `  With the production timer (a tick ${d.intervalMs / 1000} s after the previous one ends) the retries wait for the next tick: ≈ ${fmt(d.timerLoopEstimateMs / 1000, 1)} s in all.`,
    );
  } else lines.push('', `Digest fan-out: ${r.digestFanout.skipped}.`);
  const misses = r.targets.filter((c) => c.pass === false).map((c) => c.figure.trim());
  lines.push('', misses.length === 0 ? 'Every measured target is met.' : `Targets missed: ${misses.join('; ')}. See bench/README.md for how to read them.`);
  return lines.join('\n');
}
