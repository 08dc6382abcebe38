// The Slack-side benchmarks, each server in its own child process: InferCost as it runs in
// production (bench/servers/infercost.ts → src/slack/main.ts) beside a bare Bolt app that only
// acks (bench/servers/bare-bolt.ts), both against the Web API stand-in (bench/servers/fake-slack.ts).
// Start-up to ready, ack latency and throughput (open and closed loop), and RSS over many commands.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BOT_TOKEN, SIGNING_SECRET, closedLoop, openLoop, signedCommand, type ClosedLoopResult, type OpenLoopResult } from './load.ts';
import { freePort, probeHealthz, rssMb, spawnChild, waitHealthy, type Child } from './procs.ts';
import { median, round, sleep, summarize, type Summary } from './stats.ts';

export type ServerKind = 'infercost' | 'bareBolt';

const SCRIPTS: Record<ServerKind | 'fake', string> = {
  infercost: fileURLToPath(new URL('./servers/infercost.ts', import.meta.url)),
  bareBolt: fileURLToPath(new URL('./servers/bare-bolt.ts', import.meta.url)),
  fake: fileURLToPath(new URL('./servers/fake-slack.ts', import.meta.url)),
};
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The node flags `npm start` (and the Dockerfile) run InferCost with, so the benchmark measures the same process. */
const START_FLAGS: string[] = (() => {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return start.split(/\s+/).filter((a) => a.startsWith('--'));
})();
/** …and its environment defaults (`NAME=${NAME:-value}`, e.g. MALLOC_ARENA_MAX). */
const START_ENV: Record<string, string> = (() => {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return Object.fromEntries([...start.matchAll(/\b([A-Z_]+)=\$\{\1:-([^}]*)\}/g)].map((m) => [m[1]!, m[2]!]));
})();

export interface Stand {
  tmp: string;
  fake: Child;
  apiUrl: string;
  respondBase: string;
  maxLifetimeMs: number;
  log: (line: string) => void;
}

interface FakeStats {
  posted: number;
  responses: number;
  other: number;
  errors: number;
}

export async function startStand(maxLifetimeMs: number, log: (line: string) => void): Promise<Stand> {
  const tmp = mkdtempSync(join(process.env.BENCH_TMPDIR ?? '/tmp', 'infercost-bench-'));
  const fake = spawnChild('Web API stand-in', SCRIPTS.fake, { env: {}, cwd: tmp, maxLifetimeMs });
  const { port } = await fake.ask<{ port: number }>(undefined, 'ready', 20_000);
  return { tmp, fake, apiUrl: `http://127.0.0.1:${port}/api/`, respondBase: `http://127.0.0.1:${port}/respond/`, maxLifetimeMs, log };
}

export function fakeStats(s: Stand): Promise<FakeStats> {
  return s.fake.ask<FakeStats>('stats', 'stats');
}

let dataDirs = 0;
export function newDataDir(s: Stand): string {
  return mkdtempSync(join(s.tmp, `data${++dataDirs}-`));
}

/** Spawn a server on a fresh port; the caller waits for it to be healthy. */
export async function spawnServer(s: Stand, kind: ServerKind, dataDir: string, nodeArgs: string[] = []): Promise<{ child: Child; port: number }> {
  const port = await freePort();
  const child = spawnChild(kind, SCRIPTS[kind], {
    cwd: s.tmp, // no .env there: the configuration is exactly this environment
    env: {
      ...(kind === 'infercost' ? START_ENV : {}),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: s.apiUrl,
      PORT: String(port),
      INFERCOST_DATA_DIR: dataDir,
      LOG_LEVEL: 'info', // the production default
      // Both servers run with Node's compile cache, in a directory of this run: InferCost's entry
      // turns it on (src/slack/main.ts), bare Bolt gets it from this variable. The discarded first
      // start of each fills it, as the first start after a deploy would.
      NODE_COMPILE_CACHE: join(s.tmp, 'compile-cache'),
    },
    logFile: join(s.tmp, `${kind}.log`),
    maxLifetimeMs: s.maxLifetimeMs,
    nodeArgs: kind === 'infercost' ? [...START_FLAGS, ...nodeArgs] : nodeArgs,
  });
  return { child, port };
}

export async function startServer(s: Stand, kind: ServerKind, dataDir: string, nodeArgs: string[] = []): Promise<{ child: Child; port: number; readyMs: number }> {
  const { child, port } = await spawnServer(s, kind, dataDir, nodeArgs);
  try {
    return { child, port, readyMs: await waitHealthy(child, port) };
  } catch (e) {
    await child.stop(500);
    throw e;
  }
}

/** Wait until the stand-in has seen `expected` chat.postMessage calls; the time it happened, or null on timeout. */
async function waitPosted(s: Stand, expected: number, timeoutMs: number): Promise<number | null> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if ((await fakeStats(s)).posted >= expected) return performance.now();
    await sleep(20);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Start-up

export interface StartupResult {
  runs: number;
  infercostMs: Summary;
  bareBoltMs: Summary;
  ratio: number;
  samples: { infercost: number[]; bareBolt: number[] };
  /** The discarded first start of each (empty compile cache, cold file cache), when there was one. */
  firstStartMs: { infercost: number; bareBolt: number } | null;
  /** Fresh-process import times that explain the start-up, median of `importRuns` each. */
  imports: { what: string; ms: number }[];
}

/** A server started by one section and handed to the next (quick mode saves the slow starts this way). */
export interface Running {
  child: Child;
  port: number;
  dataDir: string;
}
export type Servers = Record<ServerKind, Running>;

/** With `keep`, the last start of each server is left running and returned; the caller stops it. */
export async function runStartup(s: Stand, o: { runs: number; importRuns: number; discardFirst: boolean }, keep = false): Promise<{ result: StartupResult; kept: Servers | null }> {
  const dataDir = newDataDir(s);
  const samples: Record<ServerKind, number[]> = { infercost: [], bareBolt: [] };
  const first: Partial<Record<ServerKind, number>> = {};
  const kept: Partial<Servers> = {};
  // In full mode one discarded start each first: it warms the file cache and runs the store's
  // migrations once, so the measured starts are restarts, as in production.
  for (let i = o.discardFirst ? -1 : 0; i < o.runs; i++) {
    const order: ServerKind[] = i % 2 === 0 ? ['infercost', 'bareBolt'] : ['bareBolt', 'infercost'];
    for (const kind of order) {
      const { child, port, readyMs } = await startServer(s, kind, dataDir);
      if (keep && i === o.runs - 1) kept[kind] = { child, port, dataDir };
      else await child.stop();
      if (i >= 0) samples[kind].push(readyMs);
      else first[kind] = round(readyMs, 1);
    }
  }
  const imports = o.importRuns > 0 ? await importTimes(o.importRuns) : [];
  const ic = summarize(samples.infercost, 1);
  const bare = summarize(samples.bareBolt, 1);
  const result: StartupResult = {
    runs: o.runs,
    infercostMs: ic,
    bareBoltMs: bare,
    ratio: round(ic.median / bare.median, 2),
    samples: { infercost: samples.infercost.map((x) => round(x, 1)), bareBolt: samples.bareBolt.map((x) => round(x, 1)) },
    firstStartMs: first.infercost !== undefined && first.bareBolt !== undefined ? { infercost: first.infercost, bareBolt: first.bareBolt } : null,
    imports,
  };
  return { result, kept: kept.infercost && kept.bareBolt ? (kept as Servers) : null };
}

/** Each case in a fresh `node`: the script prints how long its import (or load) took. */
async function importTimes(runs: number): Promise<{ what: string; ms: number }[]> {
  const src = (p: string) => JSON.stringify(pathToFileURL(join(ROOT, p)).href);
  const pkg = (name: string) => JSON.stringify(import.meta.resolve(name));
  const timed = (spec: string) => `const t0 = performance.now(); await import(${spec}); process.stdout.write(String(performance.now() - t0));`;
  const cases: { what: string; code: string | null }[] = [
    { what: 'node start to exit, empty script (wall time)', code: null },
    { what: "import '@slack/bolt'", code: timed(pkg('@slack/bolt')) },
    { what: "import 'chrono-node'", code: timed(pkg('chrono-node')) },
    { what: "import 'zod'", code: timed(pkg('zod')) },
    { what: "import 'pino'", code: timed(pkg('pino')) },
    { what: "import 'node:sqlite'", code: timed("'node:sqlite'") },
    { what: 'import src/core/pipeline.ts (parser + engine)', code: timed(src('src/core/pipeline.ts')) },
    { what: 'import src/slack/app.ts (the whole app)', code: timed(src('src/slack/app.ts')) },
    {
      what: 'validate the embedded catalog + load known models',
      code: `const m = await import(${src('src/catalog/embedded.ts')}); const t0 = performance.now(); m.loadEmbeddedCatalog(); m.loadKnownModels(); process.stdout.write(String(performance.now() - t0));`,
    },
  ];
  const out: { what: string; ms: number }[] = [];
  for (const c of cases) {
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) {
      if (c.code === null) {
        const t = performance.now();
        await runNode(['-e', '']);
        xs.push(performance.now() - t);
      } else xs.push(Number(await runNode(['--input-type=module', '-e', c.code])));
    }
    out.push({ what: c.what, ms: round(median(xs), 1) });
  }
  return out;
}

function runNode(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 30_000);
    p.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out.trim());
      else reject(new Error(`node ${args.join(' ')} failed (${code}): ${err.slice(-800)}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The endpoint: ack latency at a fixed rate, and throughput with a fixed concurrency

export interface EndpointOptions {
  rateRps: number;
  openSeconds: number;
  /** A second, lower open-loop rate (0: none): ack latency when the server is not overloaded. */
  lowRateRps: number;
  lowSeconds: number;
  closedSeconds: number;
  concurrency: number;
  rounds: number;
  warmupRequests: number;
  drainTimeoutMs: number;
  requestTimeoutMs: number;
}

type OpenLoopRow = Omit<OpenLoopResult, 'samples' | 'startedAt'>;

export interface ServerEndpoint {
  /** Every open-loop run at the target rate, one per round. */
  openLoop: OpenLoopRow[];
  /** All rounds' acks at the target rate together. */
  ackMs: Summary;
  openThroughputRps: number;
  /** The same at `lowRateRps`, when set. */
  lowRate: { openLoop: OpenLoopRow[]; ackMs: Summary; throughputRps: number } | null;
  closedLoop: Omit<ClosedLoopResult, 'startedAt' | 'endedAt'>[];
  closedThroughputRps: number;
  rssMbAfter: number | null;
}

export interface Processing {
  phase: string;
  /** Commands acked with a 200. */
  commands: number;
  /** Every acked command's report reached the stand-in. */
  allPosted: boolean;
  /** Acked commands fully handled per second, from the phase's start to the last of their reports. */
  reportsPerS: number | null;
  drainAfterLastAckMs: number | null;
  /** Reports posted for commands whose ack the client never got (it timed out, or Bolt answered 404). */
  extraReports: number;
  /** How long after the last ack the server was idle again (no new posts for 1 s, /healthz fast). */
  quietAfterMs: number | null;
}

export interface EndpointResult {
  options: EndpointOptions;
  infercost: ServerEndpoint & { processing: Processing[] };
  bareBolt: ServerEndpoint;
  closedThroughputRatio: number;
  openThroughputRatio: number;
}

/** Wait until the server is idle: no new posts at the stand-in for `quietMs` and /healthz answers fast. */
async function waitQuiet(s: Stand, port: number, timeoutMs: number, quietMs = 1000): Promise<{ at: number; posted: number } | null> {
  const deadline = performance.now() + timeoutMs;
  let last = (await fakeStats(s)).posted;
  let since = performance.now();
  while (performance.now() < deadline) {
    await sleep(100);
    const now = (await fakeStats(s)).posted;
    if (now !== last) {
      last = now;
      since = performance.now();
      continue;
    }
    if (performance.now() - since >= quietMs) {
      const rtt = await probeHealthz(port, 2000);
      if (rtt !== null && rtt < 50) return { at: performance.now(), posted: now };
    }
  }
  return null;
}

/** On `given` servers (left running for the caller) or on fresh ones, stopped at the end. */
export async function runEndpoint(s: Stand, o: EndpointOptions, given: Servers | null = null): Promise<EndpointResult> {
  const servers: Servers = given ?? {
    infercost: { ...(await startServer(s, 'infercost', newDataDir(s))), dataDir: '' },
    bareBolt: { ...(await startServer(s, 'bareBolt', newDataDir(s))), dataDir: '' },
  };
  try {
    const processing: Processing[] = [];
    const open: Record<ServerKind, OpenLoopResult[]> = { infercost: [], bareBolt: [] };
    const low: Record<ServerKind, OpenLoopResult[]> = { infercost: [], bareBolt: [] };
    const closed: Record<ServerKind, ClosedLoopResult[]> = { infercost: [], bareBolt: [] };
    const next = () => signedCommand(s.respondBase);

    /**
     * After a phase on InferCost: wait for the reports of the `ok` commands it acked, then until it
     * is idle, so the backlog of one phase never lands on the next (or on bare Bolt's turn).
     */
    const drain = async (phase: string, before: number, ok: number, startedAt: number, lastAckAt: number) => {
      const at = await waitPosted(s, before + ok, o.drainTimeoutMs);
      const quiet = await waitQuiet(s, servers.infercost.port, o.drainTimeoutMs);
      const posted = quiet?.posted ?? (await fakeStats(s)).posted;
      processing.push({
        phase,
        commands: ok,
        allPosted: at !== null,
        reportsPerS: at === null ? null : round(ok / ((at - startedAt) / 1000), 1),
        drainAfterLastAckMs: at === null ? null : round(Math.max(0, at - lastAckAt), 0),
        extraReports: Math.max(0, posted - before - ok),
        quietAfterMs: quiet === null ? null : round(quiet.at - lastAckAt, 0),
      });
      if (at === null) s.log(`  warning: InferCost had not posted every report ${o.drainTimeoutMs} ms after ${phase}`);
      if (quiet === null) s.log(`  warning: InferCost was still busy ${o.drainTimeoutMs} ms after ${phase}`);
    };

    const openPhase = async (kind: ServerKind, rate: number, seconds: number, label: string) => {
      const n = Math.max(1, Math.round(rate * seconds));
      const reqs = Array.from({ length: n }, next);
      const before = (await fakeStats(s)).posted;
      const res = await openLoop(servers[kind].port, reqs, rate, { maxInflight: n, timeoutMs: o.requestTimeoutMs });
      s.log(`  ${label} ${kind}: open loop ${rate} req/s → ${res.throughputRps} req/s, ack p50 ${res.ackMs.median} ms, p99 ${res.ackMs.p99} ms, failed ${res.failed}`);
      if (kind === 'infercost') await drain(`${label}, open loop ${rate} req/s`, before, res.ok, res.startedAt, res.startedAt + res.durationS * 1000);
      return res;
    };

    // Warm-up: JIT, connection pools, the store's statements.
    for (const kind of ['bareBolt', 'infercost'] as const) {
      const before = (await fakeStats(s)).posted;
      const w = await closedLoop(servers[kind].port, next, { concurrency: 4, durationMs: 30_000, maxRequests: o.warmupRequests, timeoutMs: o.requestTimeoutMs });
      if (kind === 'infercost') await drain('warm-up', before, w.ok, w.startedAt, w.endedAt);
    }

    for (let r = 0; r < o.rounds; r++) {
      const label = `round ${r + 1}`;
      const order: ServerKind[] = r % 2 === 0 ? ['bareBolt', 'infercost'] : ['infercost', 'bareBolt'];
      if (o.lowRateRps > 0) for (const kind of order) low[kind].push(await openPhase(kind, o.lowRateRps, o.lowSeconds, label));
      for (const kind of [...order].reverse()) open[kind].push(await openPhase(kind, o.rateRps, o.openSeconds, label));
      for (const kind of order) {
        const before = (await fakeStats(s)).posted;
        const res = await closedLoop(servers[kind].port, next, {
          concurrency: o.concurrency,
          durationMs: o.closedSeconds * 1000,
          maxRequests: 100_000,
          timeoutMs: o.requestTimeoutMs,
        });
        closed[kind].push(res);
        s.log(`  ${label} ${kind}: closed loop ×${o.concurrency} → ${res.throughputRps} req/s, ack p50 ${res.ackMs.median} ms, p99 ${res.ackMs.p99} ms`);
        if (kind === 'infercost') await drain(`${label}, closed loop ×${o.concurrency}`, before, res.ok, res.startedAt, res.endedAt);
      }
    }

    const rows = (xs: OpenLoopResult[]): OpenLoopRow[] => xs.map(({ samples: _s, startedAt: _t, ...rest }) => rest);
    const summary = (kind: ServerKind): ServerEndpoint => ({
      openLoop: rows(open[kind]),
      ackMs: summarize(open[kind].flatMap((x) => x.samples ?? []), 2),
      openThroughputRps: round(median(open[kind].map((x) => x.throughputRps)), 1),
      lowRate:
        low[kind].length === 0
          ? null
          : { openLoop: rows(low[kind]), ackMs: summarize(low[kind].flatMap((x) => x.samples ?? []), 2), throughputRps: round(median(low[kind].map((x) => x.throughputRps)), 1) },
      closedLoop: closed[kind].map(({ startedAt: _s, endedAt: _e, ...rest }) => rest),
      closedThroughputRps: round(median(closed[kind].map((x) => x.throughputRps)), 1),
      rssMbAfter: round(rssMb(servers[kind].child.pid) ?? Number.NaN, 1),
    });
    const ic = summary('infercost');
    const bare = summary('bareBolt');
    return {
      options: o,
      infercost: { ...ic, processing },
      bareBolt: bare,
      closedThroughputRatio: round(ic.closedThroughputRps / bare.closedThroughputRps, 3),
      openThroughputRatio: round(ic.openThroughputRps / bare.openThroughputRps, 3),
    };
  } finally {
    if (!given) await Promise.all([servers.infercost.child.stop(), servers.bareBolt.child.stop()]);
  }
}

// ---------------------------------------------------------------------------------------------
// Memory: RSS of a fresh InferCost process as commands accumulate

export interface MemoryResult {
  checkpoints: { commands: number; rssMb: number | null }[];
  /** RSS before any command, once the compute worker has loaded (RSS steady for a second). */
  baselineRssMb: number | null;
  /** Growth of RSS from the middle checkpoint to the last, relative to the middle one. */
  growthLastHalfPct: number | null;
  /** Growth under 10 % over the last half, and every checkpoint reached. */
  levelsOff: boolean;
  /** False when the time budget ran out before the last checkpoint (the server handled commands too slowly). */
  complete: boolean;
  target: number;
  /** RSS after the last checkpoint, the figure issue 16 sets a ceiling for. */
  lastRssMb: number | null;
  /** After the checkpoints: a burst sent as fast as InferCost acks (reports queue as jobs), drained, then idle. */
  drain: DrainResult | null;
  /** The store on disk after the run (estimates, threads and recent lists persist there, not in RSS). */
  dataDirMb: number;
  seconds: number;
  /** False when the process had already served the endpoint benchmark (quick mode). */
  freshProcess: boolean;
  /** A fresh process is measured after a discarded start that filled Node's compile cache (a restart). */
  compileCacheWarm: boolean;
}

export interface DrainResult {
  commands: number;
  /** Most commands acked but not yet posted at once (the backlog the burst built). */
  backlogPeak: number;
  /** Highest RSS sampled (every 250 ms) while the backlog was built and drained. */
  peakRssMb: number | null;
  /** RSS when the stand-in had every report. */
  drainedRssMb: number | null;
  /** RSS after `idleSeconds` with no commands. */
  idleRssMb: number | null;
  idleSeconds: number;
  /** idleRssMb − baselineRssMb. */
  aboveBaselineMb: number | null;
  /** How much of the peak's growth over the baseline is still held after the idle time. */
  heldOfPeakGrowthPct: number | null;
  drainSeconds: number;
  complete: boolean;
}

export async function runMemory(
  s: Stand,
  o: {
    checkpoints: number[];
    concurrency: number;
    backlog: number;
    settleMs: number;
    timeoutMs: number;
    requestTimeoutMs: number;
    drain: { commands: number; idleMs: number; timeoutMs: number } | null;
  },
  given: Running | null = null,
): Promise<MemoryResult> {
  const dataDir = given?.dataDir ?? newDataDir(s);
  if (!given) await warmCompileCache(s, o.requestTimeoutMs);
  const { child, port } = given ?? (await startServer(s, 'infercost', dataDir));
  const started = performance.now();
  const target = o.checkpoints.at(-1) ?? 0;
  try {
    await sleep(o.settleMs);
    const baselineRssMb = await steadyRss(child.pid, 15_000);
    const base = (await fakeStats(s)).posted;
    let posted = 0;
    let sent = 0;
    const deadline = performance.now() + o.timeoutMs;
    // Flow control: never more than `backlog` commands acked but not yet posted, so the figure is
    // memory per command handled, not the size of a queue the generator built up.
    let refreshing: Promise<void> | null = null;
    const refresh = () =>
      (refreshing ??= fakeStats(s)
        .then((st) => {
          posted = st.posted - base;
        })
        .finally(() => {
          refreshing = null;
        }));
    const gate = async () => {
      while (sent - posted > o.backlog && performance.now() < deadline) {
        await refresh();
        if (sent - posted > o.backlog) await sleep(5);
      }
      sent++;
    };
    const checkpoints: MemoryResult['checkpoints'] = [];
    for (const target of o.checkpoints) {
      const remaining = target - sent;
      if (remaining > 0) {
        const r = await closedLoop(port, () => signedCommand(s.respondBase), {
          concurrency: o.concurrency,
          durationMs: Math.max(1000, deadline - performance.now()),
          maxRequests: remaining,
          timeoutMs: o.requestTimeoutMs,
          gate,
        });
        // `sent` counts attempts; failures never post, so count them out of the wait.
        sent -= r.failed;
      }
      const at = await waitPosted(s, base + sent, Math.max(1000, deadline - performance.now()));
      posted = sent;
      await sleep(o.settleMs);
      checkpoints.push({ commands: sent, rssMb: round(rssMb(child.pid) ?? Number.NaN, 1) });
      s.log(`  memory: ${sent} commands → RSS ${checkpoints.at(-1)!.rssMb} MB${at === null ? ' (not every report posted in time)' : ''}`);
      if (performance.now() > deadline) break;
    }
    // "The last half": from the checkpoint at half the commands of the last one (5,000 of 10,000).
    // (Until 2026-11-29 this took the second of four checkpoints, 2,500, unlike its name and the README.)
    const halfway = (checkpoints.at(-1)?.commands ?? 0) / 2;
    const mid = checkpoints.length >= 2 ? checkpoints.slice(0, -1).reduce((a, b) => (Math.abs(b.commands - halfway) < Math.abs(a.commands - halfway) ? b : a)).rssMb : null;
    const last = checkpoints.at(-1)?.rssMb ?? null;
    const growth = mid !== null && last !== null && checkpoints.length >= 2 ? round((100 * (last - mid)) / mid, 1) : null;
    const drain = o.drain ? await runDrain(s, child.pid, port, base + sent, baselineRssMb, o.drain, o.concurrency, o.requestTimeoutMs) : null;
    return {
      checkpoints,
      baselineRssMb: baselineRssMb === null ? null : round(baselineRssMb, 1),
      growthLastHalfPct: growth,
      levelsOff: growth !== null && growth < 10 && sent >= target,
      complete: sent >= target,
      target,
      lastRssMb: last,
      drain,
      dataDirMb: round(dirBytes(dataDir) / 1024 / 1024, 2),
      seconds: round((performance.now() - started) / 1000, 1),
      freshProcess: given === null,
      compileCacheWarm: given === null,
    };
  } finally {
    if (!given) await child.stop();
  }
}

/**
 * A discarded start before the measured one, as the start-up section does: it fills Node's compile
 * cache (NODE_COMPILE_CACHE, in this run's directory) for the main thread and, with a few commands
 * whose reports it waits for, for the compute worker too. The measured process is then a restart, as
 * in production and as in a full run, where the start-up section has filled the cache already. On a
 * cold cache each thread also loads Node's TypeScript stripper (amaro, a WebAssembly module) for the
 * life of the process: 33 MB more at start in one measurement (198 against 165 MB, 2026-12-02).
 */
async function warmCompileCache(s: Stand, requestTimeoutMs: number): Promise<void> {
  const { child, port } = await startServer(s, 'infercost', newDataDir(s));
  try {
    const base = (await fakeStats(s)).posted;
    const r = await closedLoop(port, () => signedCommand(s.respondBase), { concurrency: 2, durationMs: 20_000, maxRequests: 4, timeoutMs: requestTimeoutMs });
    await waitPosted(s, base + r.ok, 30_000);
  } finally {
    await child.stop();
  }
}

/** RSS once it has changed by less than 1 MB over a second (the compute worker has loaded), or at the timeout. */
async function steadyRss(pid: number, timeoutMs: number): Promise<number | null> {
  const deadline = performance.now() + timeoutMs;
  const window: number[] = [];
  for (;;) {
    const r = rssMb(pid);
    if (r === null) return null;
    window.push(r);
    if (window.length > 5) window.shift();
    if ((window.length === 5 && Math.max(...window) - Math.min(...window) < 1) || performance.now() > deadline) return r;
    await sleep(250);
  }
}

/**
 * Issue 16: memory back near the baseline after a backlog drains. A burst sent as fast as InferCost
 * acks (no flow control: the reports queue as jobs behind the compute worker), every report posted,
 * then `idleMs` without commands; RSS sampled every 250 ms throughout.
 */
async function runDrain(
  s: Stand,
  pid: number,
  port: number,
  postedBefore: number,
  baselineRssMb: number | null,
  o: { commands: number; idleMs: number; timeoutMs: number },
  concurrency: number,
  requestTimeoutMs: number,
): Promise<DrainResult> {
  const started = performance.now();
  const deadline = started + o.timeoutMs;
  let peak: number | null = null;
  let backlogPeak = 0;
  let sent = 0;
  let acked: number;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const r = rssMb(pid);
      if (r !== null && (peak === null || r > peak)) peak = r;
      const st = await fakeStats(s);
      backlogPeak = Math.max(backlogPeak, sent - (st.posted - postedBefore));
      await sleep(250);
    }
  })();
  let complete: boolean;
  let drainedRssMb: number | null;
  try {
    const r = await closedLoop(port, () => signedCommand(s.respondBase), {
      concurrency,
      durationMs: Math.max(1000, deadline - performance.now()),
      maxRequests: o.commands,
      timeoutMs: requestTimeoutMs,
      gate: async () => {
        sent++;
      },
    });
    acked = r.ok;
    // Every command acked: the backlog is at its largest now.
    backlogPeak = Math.max(backlogPeak, acked - ((await fakeStats(s)).posted - postedBefore));
    complete = (await waitPosted(s, postedBefore + acked, Math.max(1000, deadline - performance.now()))) !== null;
    drainedRssMb = rssMb(pid);
  } finally {
    sampling = false;
    await sampler;
  }
  const drainSeconds = (performance.now() - started) / 1000;
  s.log(`  memory: burst of ${acked} commands (backlog up to ${backlogPeak}) drained in ${round(drainSeconds, 1)} s → RSS ${round(drainedRssMb ?? Number.NaN, 1)} MB (peak ${round(peak ?? Number.NaN, 1)})`);
  await sleep(o.idleMs);
  const idle = rssMb(pid);
  s.log(`  memory: after ${o.idleMs / 1000} s idle → RSS ${round(idle ?? Number.NaN, 1)} MB (before any command ${round(baselineRssMb ?? Number.NaN, 1)})`);
  const above = idle !== null && baselineRssMb !== null ? idle - baselineRssMb : null;
  const peakGrowth = peak !== null && baselineRssMb !== null ? (peak as number) - baselineRssMb : null;
  return {
    commands: acked,
    backlogPeak,
    peakRssMb: peak === null ? null : round(peak, 1),
    drainedRssMb: drainedRssMb === null ? null : round(drainedRssMb, 1),
    idleRssMb: idle === null ? null : round(idle, 1),
    idleSeconds: o.idleMs / 1000,
    aboveBaselineMb: above === null ? null : round(above, 1),
    heldOfPeakGrowthPct: above !== null && peakGrowth !== null && peakGrowth > 0 ? round((100 * above) / peakGrowth, 1) : null,
    drainSeconds: round(drainSeconds, 1),
    complete,
  };
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const f of readdirSync(dir)) {
    try {
      n += statSync(join(dir, f)).size;
    } catch {
      // removed while we looked
    }
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Where a command's time goes: InferCost under closed-loop load with --cpu-prof (a separate run,
// so the profiler's overhead touches none of the figures above)

export interface ServerProfileResult {
  seconds: number;
  commands: number;
  /** Share of sampled wall time by area, each sample charged to the nearest frame with a known area. */
  byArea: { area: string; pct: number }[];
  /** Top functions by self time. */
  top: { fn: string; pct: number }[];
}

const AREAS: [string, RegExp][] = [
  ['engine (evaluate)', /\/src\/core\/engine\//],
  ['parse', /\/src\/core\/parse\//],
  ['render (Block Kit)', /\/src\/core\/render\//],
  ['store (SQLite, sync)', /\/src\/store\//],
  ['logging (pino)', /\/node_modules\/(pino|sonic-boom|fast-redact|@pinojs)|\/src\/slack\/logger\.ts/],
  ['zod', /\/node_modules\/zod\//],
  ['Web API client', /\/node_modules\/(@slack\/web-api|axios|form-data|follow-redirects|p-queue|p-retry)\//],
  ['Bolt (receiver, middleware)', /\/node_modules\/(@slack\/bolt|raw-body|tsscmp|@slack\/logger)\//],
  ['InferCost Slack layer', /\/src\/slack\//],
  ['Node HTTP, crypto, streams', /^node:/],
];

interface CpuProfile {
  startTime: number;
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export async function runServerProfile(s: Stand, o: { seconds: number; concurrency: number; drainTimeoutMs: number; requestTimeoutMs: number }): Promise<ServerProfileResult> {
  const dir = mkdtempSync(join(s.tmp, 'cpuprof-'));
  const { child, port } = await startServer(s, 'infercost', newDataDir(s), ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '200']);
  let commands: number;
  let window: [number, number];
  try {
    const before = (await fakeStats(s)).posted;
    const loadStart = performance.now();
    const r = await closedLoop(port, () => signedCommand(s.respondBase), { concurrency: o.concurrency, durationMs: o.seconds * 1000, maxRequests: 100_000, timeoutMs: o.requestTimeoutMs });
    commands = r.ok;
    await waitPosted(s, before + r.ok, o.drainTimeoutMs);
    // The profile covers the whole process; keep the samples taken under load (ms since spawn,
    // trimmed at both ends for the child's boot before the profiler starts).
    window = [loadStart - child.spawnedAt + 100, performance.now() - child.spawnedAt - 100];
  } finally {
    await child.stop(10_000); // SIGTERM: main.ts shuts down and exits, and Node writes the profile
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('InferCost wrote no CPU profile');
  const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  return { seconds: o.seconds, commands, ...attribute(p, window) };
}

/** Self time by area and by function, over the samples whose time since the profile began falls in `windowMs`. */
function attribute(p: CpuProfile, windowMs: [number, number]): Pick<ServerProfileResult, 'byArea' | 'top'> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  let at = 0; // µs since the profile started
  p.samples.forEach((id, i) => {
    const dt = Math.max(0, p.timeDeltas[i] ?? 0);
    at += dt;
    if (at / 1000 >= windowMs[0] && at / 1000 <= windowMs[1]) self.set(id, (self.get(id) ?? 0) + dt);
  });
  const areaOf = new Map<number, string>();
  const area = (id: number): string => {
    const known = areaOf.get(id);
    if (known) return known;
    const n = byId.get(id)!;
    const name = n.callFrame.functionName;
    let a: string;
    if (name === '(idle)') a = 'idle (waiting for requests)';
    else if (name === '(garbage collector)') a = 'garbage collection';
    else if (name === '(program)') a = 'V8/native (program)';
    else {
      a = AREAS.find(([, re]) => re.test(n.callFrame.url))?.[0] ?? '';
      if (!a) {
        const up = parent.get(id);
        a = up === undefined ? 'other' : area(up);
      }
    }
    areaOf.set(id, a);
    return a;
  };
  let total = 0;
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, t] of self) {
    total += t;
    const a = area(id);
    areas.set(a, (areas.get(a) ?? 0) + t);
    const f = byId.get(id)!.callFrame;
    const file = f.url.replace(/^.*?\/(src|node_modules)\//, '$1/');
    const key = `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + t);
  }
  const pct = (t: number) => round((100 * t) / total, 1);
  return {
    byArea: [...areas].sort((a, b) => b[1] - a[1]).map(([a, t]) => ({ area: a, pct: pct(t) })),
    top: [...fns]
      .filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([fn, t]) => ({ fn, pct: pct(t) })),
  };
}
