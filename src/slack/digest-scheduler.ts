// The digest scheduler: a timer loop around tick(). Each tick finds the subscriptions whose latest
// weekly run is due (including one missed while InferCost was down: posted once, late, saying so),
// claims the period in the store (INSERT … ON CONFLICT DO NOTHING: exactly once across restarts and
// replicas), posts with chat.postMessage and records the message ts with the new snapshots in one
// transaction. Slack trouble: a 429 waits its Retry-After (the attempt is rescheduled, nothing
// hammers); transient failures back off, a bounded number of times; an archived or missing channel,
// or a removed bot, pauses the subscription with the reason (App Home shows it). A claim whose
// claimer died is taken over after its lease, and Slack is asked first whether the digest was
// already posted (the message carries the period in its metadata), so it is never posted twice.

import { notificationSafe } from './deliver.ts';
import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { CoreContext } from '../core/pipeline.ts';
import { nextRun, periodKey, previousRun } from '../core/digest/schedule.ts';
import { formatLocal } from '../core/digest/zoned-time.ts';
import { digestMessage } from '../core/render/digest-blocks.ts';
import type { Clock, DigestClaim, DigestRunKey, DigestSubscription, Store } from '../store/index.ts';
import { channelDigest, type ComposeFn, scheduleLabel, scheduleOf } from './digest.ts';
import { describeWebError } from './web-errors.ts';
import { postWithClassicFallback } from './deliver.ts';

export const DIGEST_EVENT_TYPE = 'infercost_digest';

export interface SchedulerOptions {
  /** Time between ticks. */
  intervalMs: number;
  /** How long a claim is honoured before another tick may take it over (its claimer is presumed dead). */
  leaseMs: number;
  /** Posting attempts per period before giving up. */
  maxAttempts: number;
  /** Backoff for transient failures: base × 2^(attempt−1), at most max. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A first attempt this long after the scheduled time says the digest is late. */
  lateAfterMs: number;
  /** Channels handled at once in a tick: posts wait on Slack, composing can run on the compute workers. */
  concurrency: number;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = {
  intervalMs: 30_000,
  leaseMs: 10 * 60_000,
  maxAttempts: 8,
  backoffBaseMs: 60_000,
  backoffMaxMs: 30 * 60_000,
  lateAfterMs: 15 * 60_000,
  concurrency: 8,
};

export interface SchedulerDeps {
  store: Store;
  core: CoreContext;
  logger: Logger;
  now: Clock;
  /** A client that throws on 429 instead of waiting (see digestClient), so the scheduler owns retries;
   * or, with many workspaces, the one for a workspace (rejects when the workspace has no installation). */
  client: webApi.WebClient | ((teamId: string) => Promise<webApi.WebClient>);
  options?: Partial<SchedulerOptions>;
  /** Where digests are composed (the compute workers in production); inline when absent. */
  compose?: ComposeFn;
}

export type TickOutcome =
  | { kind: 'posted'; channelId: string; periodKey: string; ts: string; late: boolean }
  | { kind: 'found_posted'; channelId: string; periodKey: string; ts: string }
  | { kind: 'retry'; channelId: string; periodKey: string; at: number; error: string }
  | { kind: 'paused'; channelId: string; periodKey: string; reason: string }
  | { kind: 'failed'; channelId: string; periodKey: string; error: string };

export interface DigestScheduler {
  /** One pass; ticks never overlap (a call waits for the running one). */
  tick(): Promise<TickOutcome[]>;
  start(): void;
  /** Stop the loop and wait for a running tick to finish. */
  stop(): Promise<void>;
}

/** A WebClient for the scheduler: no automatic retries, 429 thrown with its Retry-After. */
export function digestClient(token: string, slackApiUrl: string | undefined, logger?: webApi.Logger, timeoutMs = 10_000): webApi.WebClient {
  return new webApi.WebClient(token, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    // A post that never answers must not hold up every later tick (ticks are chained).
    timeout: timeoutMs,
    ...(logger ? { logger } : {}),
  });
}

type Failure = { kind: 'rate_limited'; retryAfterMs: number } | { kind: 'gone'; reason: string; code: string } | { kind: 'transient'; code: string } | { kind: 'permanent'; code: string };

const GONE: Record<string, string> = {
  channel_not_found: 'The channel was not found: it was deleted, or I can no longer see it.',
  not_in_channel: `I'm not a member of the channel any more (removed, or never invited). Invite me with /invite @InferCost.`,
  is_archived: 'The channel was archived.',
  account_inactive: "InferCost's access to this workspace was turned off (account_inactive): the app was removed or deactivated.",
  token_revoked: "InferCost's token was revoked: the app was removed from the workspace.",
  invalid_auth: "InferCost's token is no longer valid: the app was removed or reinstalled.",
  not_authed: "InferCost's token is missing.",
  team_access_not_granted: 'InferCost has no access to this channel’s workspace.',
  access_denied: 'Slack denied InferCost access to the channel.',
  ekm_access_denied: 'Slack denied access to the channel (Enterprise Key Management).',
  restricted_action: 'Posting is restricted in this channel.',
  restricted_action_read_only_channel: 'The channel is read-only for apps.',
  restricted_action_thread_only_channel: 'The channel only allows replies in threads.',
};
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited', 'rate_limited']);

export function classifyDigestFailure(e: unknown): Failure {
  if (e instanceof webApi.WebAPIRateLimitedError) return { kind: 'rate_limited', retryAfterMs: Math.max(1, e.retryAfter) * 1000 };
  if (e instanceof webApi.WebAPIPlatformError) {
    const code = e.data.error;
    if (GONE[code]) return { kind: 'gone', reason: GONE[code], code };
    if (code === 'ratelimited' || code === 'rate_limited') return { kind: 'rate_limited', retryAfterMs: 60_000 };
    return TRANSIENT.has(code) ? { kind: 'transient', code } : { kind: 'permanent', code };
  }
  if (e instanceof webApi.WebAPIHTTPError) {
    if (e.statusCode === 429) {
      const ra = Number(e.headers['retry-after']);
      return { kind: 'rate_limited', retryAfterMs: Number.isFinite(ra) && ra > 0 ? ra * 1000 : 60_000 };
    }
    return e.statusCode >= 500 || e.statusCode === 408 ? { kind: 'transient', code: `http_${e.statusCode}` } : { kind: 'permanent', code: `http_${e.statusCode}` };
  }
  if (e instanceof webApi.WebAPIRequestError) return { kind: 'transient', code: 'request_error' };
  return { kind: 'transient', code: e instanceof Error ? e.name : 'unknown' };
}

export function createDigestScheduler(deps: SchedulerDeps): DigestScheduler {
  const opt: SchedulerOptions = { ...DEFAULT_SCHEDULER_OPTIONS, ...deps.options };
  const { store } = deps;
  const clientOf = deps.client;
  const clientFor = typeof clientOf === 'function' ? clientOf : async () => clientOf;
  const log = deps.logger.child({ component: 'digest-scheduler' });
  let chain: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  /** Was this period's digest already posted by a claimer that died before recording it? */
  async function alreadyPosted(client: webApi.WebClient, key: DigestRunKey, since: number): Promise<string | null> {
    try {
      const r = await client.conversations.history({ channel: key.channelId, oldest: String(Math.floor(since / 1000) - 60), include_all_metadata: true, limit: 100 });
      const hit = (r.messages ?? []).find((m) => {
        const md = (m as { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }).metadata;
        return md?.event_type === DIGEST_EVENT_TYPE && md.event_payload?.period_key === key.periodKey;
      });
      return hit?.ts ?? null;
    } catch (e) {
      // Cannot tell: post anyway (a lost digest is worse than the small chance of a repeat).
      log.warn({ err: describeWebError(e), channel: key.channelId }, 'could not check for an earlier post of this digest');
      return null;
    }
  }

  async function deliver(sub: DigestSubscription, claim: DigestClaim): Promise<TickOutcome> {
    const { run } = claim;
    const key: DigestRunKey = { teamId: run.teamId, channelId: run.channelId, periodKey: run.periodKey };
    const base = { channelId: key.channelId, periodKey: key.periodKey };
    let client: webApi.WebClient;
    try {
      client = await clientFor(key.teamId);
    } catch (e) {
      // The workspace has no installation any more (uninstalled between ticks): nothing can be posted.
      const reason = 'InferCost is not installed in this workspace any more.';
      log.warn({ ...base, err: e instanceof Error ? e.message : String(e) }, 'no token for the workspace; digest paused');
      await store.pauseSubscription(sub.teamId, sub.channelId, reason);
      await store.endDigestRun(key, 'skipped', 'not_installed');
      return { kind: 'paused', ...base, reason };
    }
    const digest = await channelDigest(store, deps.core, key.teamId, key.channelId, deps.now(), deps.compose);

    if (run.postedTs !== null) {
      await store.completeDigestRun(key, run.postedTs, digest.snapshots);
      return { kind: 'found_posted', ...base, ts: run.postedTs };
    }
    // A stale claim (its claimer died) or a retry after a post whose answer was lost (a timeout, a
    // reset) may have posted already: look before posting again.
    if (claim.via !== 'new') {
      const ts = await alreadyPosted(client, key, run.firstClaimedAt);
      if (ts) {
        await store.completeDigestRun(key, ts, digest.snapshots);
        log.info({ ...base, ts }, 'digest was already posted before a restart; recorded, not posted again');
        return { kind: 'found_posted', ...base, ts };
      }
    }

    const late = run.firstClaimedAt - run.scheduledFor > opt.lateAfterMs;
    const msg = digestMessage(digest, {
      channelId: key.channelId,
      lateFor: late ? formatLocal(sub.tz, run.scheduledFor) : null,
      scheduleLabel: scheduleLabel(sub),
      nextRunLabel: formatLocal(sub.tz, nextRun(scheduleOf(sub), sub.tz, Math.max(run.scheduledFor, deps.now().getTime()))),
    });
    let ts: string;
    try {
      // The trend chart is a data_visualization block: a workspace without it gets classic blocks.
      const r = await postWithClassicFallback(
        client,
        { channel: key.channelId, unfurl_links: false, unfurl_media: false, metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { period_key: key.periodKey } } },
        { ...msg, text: notificationSafe(msg.text) },
        log,
      );
      ts = r.ts ?? '';
    } catch (e) {
      return failed(sub, key, run.attempts, e);
    }
    await store.completeDigestRun(key, ts, digest.snapshots);
    log.info({ ...base, ts, late, workloads: digest.entries.length, attempts: run.attempts }, 'digest posted');
    return { kind: 'posted', ...base, ts, late };
  }

  async function failed(sub: DigestSubscription, key: DigestRunKey, attempts: number, e: unknown): Promise<TickOutcome> {
    const f = classifyDigestFailure(e);
    const base = { channelId: key.channelId, periodKey: key.periodKey };
    const now = deps.now().getTime();
    log.warn({ ...base, err: describeWebError(e), failure: f.kind, attempts }, 'digest post failed');
    if (f.kind === 'gone') {
      await store.pauseSubscription(sub.teamId, sub.channelId, f.reason);
      await store.endDigestRun(key, 'skipped', f.code);
      return { kind: 'paused', ...base, reason: f.reason };
    }
    const error = f.kind === 'rate_limited' ? 'ratelimited' : f.code;
    if (f.kind === 'permanent' || attempts >= opt.maxAttempts) {
      await store.endDigestRun(key, 'failed', attempts >= opt.maxAttempts ? `${error} (gave up after ${attempts} attempts)` : error);
      return { kind: 'failed', ...base, error };
    }
    const wait = f.kind === 'rate_limited' ? f.retryAfterMs : Math.min(opt.backoffMaxMs, opt.backoffBaseMs * 2 ** (attempts - 1));
    await store.retryDigestRunAt(key, now + wait, error);
    return { kind: 'retry', ...base, at: now + wait, error };
  }

  async function forSubscription(sub: DigestSubscription, now: number): Promise<TickOutcome | null> {
    const due = previousRun(scheduleOf(sub), sub.tz, now);
    const key: DigestRunKey = { teamId: sub.teamId, channelId: sub.channelId, periodKey: periodKey(sub.tz, due) };
    // A retry of an older period still pending when a newer one is due gives way to the newer one.
    for (const r of await store.pendingDigestRuns(sub.teamId, sub.channelId)) {
      const abandoned = r.status === 'waiting' || (r.claimedAt ?? 0) <= now - opt.leaseMs;
      if (r.periodKey !== key.periodKey && r.scheduledFor < due && abandoned) await store.endDigestRun(r, 'superseded', 'a newer digest was due');
    }
    if (due < Date.parse(sub.scheduleSetAt)) return null; // the schedule was set after this run's time
    const claim = await store.claimDigestRun(key, due, opt.leaseMs);
    if (!claim) return null;
    return deliver(sub, claim);
  }

  async function runTick(): Promise<TickOutcome[]> {
    const now = deps.now().getTime();
    const out: TickOutcome[] = [];
    const subs = await store.activeSubscriptions();
    let next = 0;
    // A few channels at once: each channel has its own claim, so exactly-once holds per channel.
    const lane = async () => {
      while (next < subs.length) {
        const sub = subs[next++]!;
        try {
          const o = await forSubscription(sub, now);
          if (o) out.push(o);
        } catch (e) {
          // The claim stays; its lease runs out and a later tick takes it over.
          log.error({ err: e instanceof Error ? { name: e.name, message: e.message } : String(e), channel: sub.channelId }, 'digest tick failed for a subscription');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opt.concurrency, subs.length)) }, lane));
    return out;
  }

  function tick(): Promise<TickOutcome[]> {
    const next = chain.then(runTick, runTick);
    chain = next.catch(() => undefined);
    return next;
  }

  /** The next tick: the usual interval, or sooner when a retry (a 429's Retry-After) falls due before it. */
  function schedule(outcomes: TickOutcome[] = []): void {
    if (stopped) return;
    const soonest = Math.min(...outcomes.filter((o) => o.kind === 'retry').map((o) => (o as { at: number }).at - deps.now().getTime()));
    const delay = Math.max(1000, Math.min(opt.intervalMs, Number.isFinite(soonest) ? soonest : opt.intervalMs));
    timer = setTimeout(() => {
      tick()
        .then(schedule, (e: unknown) => {
          log.error({ err: String(e) }, 'digest tick failed');
          schedule();
        });
    }, delay);
  }

  return {
    tick,
    start() {
      stopped = false;
      if (timer === null) schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await chain;
    },
  };
}
