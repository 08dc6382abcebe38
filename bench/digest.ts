// Digest fan-out (issue 7): the real digest scheduler (src/slack/digest-scheduler.ts: its tick(), its
// WebClient from digestClient(), a file-backed SQLite store) posting one weekly digest to each of N
// subscribed channels through the Web API stand-in, which enforces one message a second per channel
// and answers a burst of first attempts with 429 + Retry-After. The scheduler runs in the runner's
// process; the stand-in is a child. Checks every digest is posted exactly once, and sets the total
// time beside the two floors: what the rate limit allows, and N × the time to compose one digest
// (measured separately, before the run), the floor for anything composing on one thread.

import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEmbeddedCatalog, loadKnownModels } from '../src/catalog/embedded.ts';
import { parseWorkload } from '../src/core/parse/index.ts';
import type { CoreContext } from '../src/core/pipeline.ts';
import { nextRun } from '../src/core/digest/schedule.ts';
import { formatLocal, localParts } from '../src/core/digest/zoned-time.ts';
import { digestMessage } from '../src/core/render/digest-blocks.ts';
import type { ParsedWorkload } from '../src/core/workload.ts';
import { channelDigest, scheduleLabel, scheduleOf } from '../src/slack/digest.ts';
import { defaultWorkerCount, workerCompute } from '../src/slack/compute.ts';
import { createDigestScheduler, DEFAULT_SCHEDULER_OPTIONS, digestClient, type TickOutcome } from '../src/slack/digest-scheduler.ts';
import { createLogger } from '../src/slack/logger.ts';
import { openSqliteStore, type DigestSubscription } from '../src/store/index.ts';
import { CORPUS } from './corpus.ts';
import { BOT_TOKEN } from './load.ts';
import { spawnChild } from './procs.ts';
import { round, sleep, summarize, type Summary } from './stats.ts';

const FAKE = fileURLToPath(new URL('./servers/fake-slack.ts', import.meta.url));
const TEAM = 'TBENCH';
/** Subscriptions in several zones, each due a minute before the run starts (its local time). */
const ZONES = ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata'] as const;

export interface DigestOptions {
  channels: number;
  /** Share of the channels whose first chat.postMessage the stand-in answers 429 (the burst). */
  burstShare: number;
  burstRetryAfterS: number;
  /** The stand-in's per-channel limit: one message per this many ms (Slack: 1 a second). */
  rateLimitMs: number;
  /** Channels whose compose time is measured separately (evenly spaced), after a warm-up. */
  composeSample: number;
  /** Stop ticking after this long, posted or not (then `complete` is false). */
  budgetMs: number;
  maxLifetimeMs: number;
}

interface StandStats {
  posted: number;
  rateLimited: number;
  burst: number;
  attempts: number;
  channels: number;
  maxPerChannel: number;
}

export interface DigestResult {
  channels: number;
  workloadsSaved: number;
  zones: string[];
  seedMs: number;
  /** Every subscription's period posted within the budget. */
  complete: boolean;
  /** First tick's start → the tick that posted the last digest ended. */
  wallMs: number;
  ticks: number;
  tickMs: number[];
  /** What the scheduler's ticks returned, by kind. */
  outcomes: Record<TickOutcome['kind'], number>;
  /** At the stand-in: messages accepted, channels that got one, the most any channel got, chat.postMessage calls. */
  stand: { posted: number; channels: number; maxPerChannel: number; attempts: number };
  /** Posts beyond one per channel (accepted by the stand-in). Must be 0. */
  duplicates: number;
  /** Channels without their digest at the stand-in. Must be 0. */
  missing: number;
  /** Runs the store records as posted (with a message ts). */
  storePosted: number;
  /** 429s: the injected burst, and refusals by the one-a-second-per-channel limit (a second post to a channel). */
  rateLimited: { burst: number; perChannel: number; retriesScheduled: number };
  /** Composing one channel's digest as the scheduler does (store reads, re-pricing, Block Kit), ms. */
  composeMs: Summary;
  floors: {
    /** What the rate limit allows: every channel's one message at once, the burst's retries after their Retry-After. */
    rateLimitMs: number;
    /** N × mean compose time: the floor for composing every digest on one thread. */
    computeMs: number;
  };
  ratioToRateLimit: number;
  ratioToCompute: number;
  /** Per chat.postMessage attempt, over all ticks: the tick time, of which compose, and the rest (store, HTTP round trip, logging). */
  perAttemptMs: { total: number; compose: number; other: number };
  /** The production loop ticks every intervalMs after a tick ends: the first tick + one interval + the later ticks. */
  timerLoopEstimateMs: number;
  intervalMs: number;
}

export async function runDigest(o: DigestOptions, tmpRoot: string, log: (line: string) => void): Promise<DigestResult> {
  const tmp = mkdtempSync(join(tmpRoot, 'infercost-bench-digest-'));
  const fake = spawnChild('Web API stand-in (rate-limited)', FAKE, {
    env: { BENCH_RATE_LIMIT_MS: String(o.rateLimitMs), BENCH_BURST_SHARE: String(o.burstShare), BENCH_BURST_RETRY_AFTER_S: String(o.burstRetryAfterS) },
    cwd: tmp,
    maxLifetimeMs: o.maxLifetimeMs,
  });
  const logStream = createWriteStream(join(tmp, 'digest-scheduler.log'));
  // The store's clock: two days back while subscribing (so this week's run is owed), then now.
  let offsetMs = -2 * 24 * 3600_000;
  const clock = () => new Date(Date.now() + offsetMs);
  const store = openSqliteStore(join(tmp, 'data'), clock);
  try {
    const { port } = await fake.ask<{ port: number }>(undefined, 'ready', 20_000);
    const apiUrl = `http://127.0.0.1:${port}/api/`;
    const core: CoreContext = { catalog: loadEmbeddedCatalog(), models: loadKnownModels() };

    // ---- seed: N channels, 1–2 saved corpus workloads each, subscribed weekly, due a minute ago
    const t0 = performance.now();
    const parsed: { id: string; parsed: ParsedWorkload }[] = CORPUS.map((c) => {
      const p = parseWorkload(c.text, { models: core.models });
      if (!p.ok) throw new Error(`corpus entry ${c.id} does not parse`);
      return { id: c.id, parsed: p.value };
    });
    const dueAt = Date.now() - 60_000;
    const channelIds: string[] = [];
    let workloadsSaved = 0;
    for (let i = 0; i < o.channels; i++) {
      const channelId = `CD${String(i).padStart(6, '0')}`;
      channelIds.push(channelId);
      const picks = i % 2 === 0 ? [(i * 7) % parsed.length] : [(i * 7) % parsed.length, (i * 7 + 31) % parsed.length];
      for (const k of picks) {
        const w = parsed[k]!;
        const r = await store.saveWorkload(TEAM, channelId, w.id, w.parsed, 'UBENCH');
        if (!r.ok) throw new Error(`could not save ${w.id}: ${r.code}`);
        workloadsSaved++;
      }
      const tz = ZONES[i % ZONES.length]!;
      const local = localParts(tz, dueAt);
      await store.subscribe({ teamId: TEAM, channelId, weekday: local.weekday, hour: local.hour, minute: local.minute, tz, createdBy: 'UBENCH' });
    }
    offsetMs = 0;
    const seedMs = performance.now() - t0;
    const subs = new Map((await store.activeSubscriptions()).map((s) => [s.channelId, s]));
    if (subs.size !== o.channels) throw new Error(`expected ${o.channels} subscriptions, the store has ${subs.size}`);
    log(`  seeded ${o.channels} channels, ${workloadsSaved} saved workloads, ${ZONES.length} zones in ${(seedMs / 1000).toFixed(1)} s`);

    // ---- compose, measured apart: what the scheduler does before each post, without posting
    const compose = async (sub: DigestSubscription) => {
      const now = new Date();
      const d = await channelDigest(store, core, sub.teamId, sub.channelId, now);
      return digestMessage(d, {
        channelId: sub.channelId,
        lateFor: null,
        scheduleLabel: scheduleLabel(sub),
        nextRunLabel: formatLocal(sub.tz, nextRun(scheduleOf(sub), sub.tz, now.getTime())),
      });
    };
    for (const id of channelIds.slice(0, Math.min(20, o.channels))) await compose(subs.get(id)!); // warm-up
    const sample = Math.min(o.composeSample, o.channels);
    const composeTimes: number[] = [];
    for (let j = 0; j < sample; j++) {
      const sub = subs.get(channelIds[Math.floor((j * o.channels) / sample)]!)!;
      const a = performance.now();
      await compose(sub);
      composeTimes.push(performance.now() - a);
    }
    const composeMean = composeTimes.reduce((a, b) => a + b, 0) / composeTimes.length;

    // ---- the run: the real scheduler, ticked until every period is posted (or the budget runs out)
    // As in production (src/slack/main.ts): digests composed on the compute workers, channels handled a few at a time.
    const pool = workerCompute(defaultWorkerCount(), () => {}, 10);
    const scheduler = createDigestScheduler({
      store,
      core,
      logger: createLogger('info', logStream),
      now: () => new Date(),
      client: digestClient(BOT_TOKEN, apiUrl),
      compose: (items, takenAt) => pool.digest(items, takenAt),
    });
    const outcomes: Record<TickOutcome['kind'], number> = { posted: 0, found_posted: 0, retry: 0, paused: 0, failed: 0 };
    const done = new Set<string>();
    const waiting = new Map<string, number>(); // channel → when its retry is due (epoch ms)
    let retriesScheduled = 0;
    const tickMs: number[] = [];
    const start = performance.now();
    const deadline = start + o.budgetMs;
    let end = start;
    while (done.size < o.channels && performance.now() < deadline) {
      const a = performance.now();
      const out = await scheduler.tick();
      end = performance.now();
      tickMs.push(end - a);
      for (const x of out) {
        outcomes[x.kind]++;
        if (x.kind === 'retry') {
          waiting.set(x.channelId, x.at);
          if (x.error === 'ratelimited') retriesScheduled++;
        } else {
          waiting.delete(x.channelId);
          if (x.kind === 'posted' || x.kind === 'found_posted') done.add(x.channelId);
        }
      }
      if (done.size >= o.channels) break;
      if (waiting.size === 0 && out.length === 0) break; // nothing left that a tick would do (failed or paused)
      const next = waiting.size > 0 ? Math.min(...waiting.values()) : Date.now();
      await sleep(Math.max(0, Math.min(next - Date.now(), deadline - performance.now())));
    }
    const wallMs = end - start;
    await scheduler.stop();
    await pool.close();

    const stats = await fake.ask<StandStats>('stats', 'stats');
    let storePosted = 0;
    for (const id of channelIds) {
      const after = await store.getSubscription(TEAM, id);
      const run = after?.lastPeriodKey ? await store.getDigestRun({ teamId: TEAM, channelId: id, periodKey: after.lastPeriodKey }) : null;
      if (run?.status === 'posted' && run.postedTs) storePosted++;
    }

    const rateLimitMs = Math.max(o.rateLimitMs, stats.burst > 0 ? o.burstRetryAfterS * 1000 : 0);
    const computeMs = o.channels * composeMean;
    const attempts = Math.max(1, outcomes.posted + outcomes.retry + outcomes.failed + outcomes.paused);
    const tickTotal = tickMs.reduce((a, b) => a + b, 0);
    const { intervalMs } = DEFAULT_SCHEDULER_OPTIONS;
    return {
      channels: o.channels,
      workloadsSaved,
      zones: [...ZONES],
      seedMs: round(seedMs, 0),
      complete: done.size === o.channels,
      wallMs: round(wallMs, 1),
      ticks: tickMs.length,
      tickMs: tickMs.map((x) => round(x, 1)),
      outcomes,
      stand: { posted: stats.posted, channels: stats.channels, maxPerChannel: stats.maxPerChannel, attempts: stats.attempts },
      duplicates: stats.posted - stats.channels,
      missing: o.channels - stats.channels,
      storePosted,
      rateLimited: { burst: stats.burst, perChannel: stats.rateLimited, retriesScheduled },
      composeMs: summarize(composeTimes),
      floors: { rateLimitMs, computeMs: round(computeMs, 1) },
      ratioToRateLimit: round(wallMs / rateLimitMs, 2),
      ratioToCompute: round(wallMs / computeMs, 2),
      perAttemptMs: { total: round(tickTotal / attempts, 2), compose: round(composeMean, 2), other: round(tickTotal / attempts - composeMean, 2) },
      timerLoopEstimateMs: round((tickMs[0] ?? 0) + (tickMs.length > 1 ? intervalMs + tickMs.slice(1).reduce((a, b) => a + b, 0) : 0), 0),
      intervalMs,
    };
  } finally {
    await store.close();
    await fake.stop();
    await new Promise<void>((r) => logStream.end(r));
    if (process.env.BENCH_KEEP_TMP) log(`  (digest store and scheduler log kept in ${tmp})`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}
