// The digest scheduler on an injected clock, against FakeSlack over loopback with a real WebClient:
// weekly runs across DST, exactly once per period (also across a restart mid-run and two replicas),
// a missed digest posted once and late, 429 bursts with Retry-After, transient failures with bounded
// backoff, and a removed bot or archived channel pausing the subscription (App Home says why).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadEmbeddedCatalog, loadKnownModels } from '../../src/catalog/embedded.ts';
import { estimate, type CoreContext } from '../../src/core/pipeline.ts';
import { publishHome } from '../../src/slack/app-home.ts';
import { createDigestScheduler, digestClient, type SchedulerOptions, type TickOutcome } from '../../src/slack/digest-scheduler.ts';
import { createLogger } from '../../src/slack/logger.ts';
import { openSqliteStore, type SqliteStore, type Store } from '../../src/store/index.ts';
import { FakeSlack } from '../slack/fake-slack.ts';
import { textOf } from '../slack/harness.ts';
import type { Block, DataVisualizationBlock } from '../../src/core/render/block-kit.ts';
import { blockProblems } from '../../src/core/render/slack-limits.ts';

const core: CoreContext = { catalog: loadEmbeddedCatalog(), models: loadKnownModels() };
const TOKEN = 'xoxb-digest-test';
const MIN = 60_000;

let fake: FakeSlack;
let dir: string;
let now: Date;
const clock = () => now;
const set = (iso: string) => {
  now = new Date(iso);
};
const later = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const logs: string[] = [];
const logger = createLogger(
  'debug',
  new Writable({
    write(chunk: Buffer, _e, cb) {
      logs.push(chunk.toString('utf8'));
      cb();
    },
  }),
);
const stores: SqliteStore[] = [];

beforeAll(async () => {
  fake = new FakeSlack();
  await fake.start();
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => {
  fake.reset();
  fake.clock = () => now.getTime();
  dir = mkdtempSync(join(tmpdir(), 'infercost-digest-'));
  logs.length = 0;
});
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(): SqliteStore {
  const s = openSqliteStore(dir, clock);
  stores.push(s);
  return s;
}

function scheduler(store: Store, options: Partial<SchedulerOptions> = {}) {
  return createDigestScheduler({ store, core, logger, now: clock, client: digestClient(TOKEN, fake.apiUrl), options });
}

async function seed(store: Store, schedule: { weekday: number; hour: number; minute?: number; tz: string }, channelId = 'C1') {
  for (const [name, text] of [
    ['chat-bot', '5M req/month 7B model p95 200ms'],
    ['classifier', 'BERT-base classifier, 100M requests a month, steady traffic, CPU only, p95 300ms'],
  ] as const) {
    const r = estimate(text, core);
    if (!r.ok) throw new Error('fixture');
    await store.saveWorkload('T1', channelId, name, r.value.parsed, 'U1');
  }
  return store.subscribe({ teamId: 'T1', channelId, weekday: schedule.weekday, hour: schedule.hour, minute: schedule.minute ?? 0, tz: schedule.tz, createdBy: 'U1' });
}

const posts = (channel = 'C1') => fake.messages.get(channel) ?? [];
const kinds = (o: TickOutcome[]) => o.map((x) => x.kind);

describe('weekly runs', () => {
  it('posts once per week at the local time, across the spring-forward change (America/New_York)', async () => {
    const store = open();
    set('2026-03-01T12:00:00Z'); // Sunday
    await seed(store, { weekday: 1, hour: 9, tz: 'America/New_York' });
    const sch = scheduler(store);
    expect(await sch.tick()).toEqual([]);
    set('2026-03-02T13:59:00Z');
    expect(await sch.tick()).toEqual([]);
    set('2026-03-02T14:00:00Z'); // 9:00 EST
    const first = await sch.tick();
    expect(first).toMatchObject([{ kind: 'posted', channelId: 'C1', periodKey: '2026-W10', late: false }]);
    later(MIN);
    expect(await sch.tick()).toEqual([]);
    set('2026-03-05T00:00:00Z');
    expect(await sch.tick()).toEqual([]);
    set('2026-03-09T12:59:00Z');
    expect(await sch.tick()).toEqual([]);
    set('2026-03-09T13:00:00Z'); // 9:00 EDT: an hour earlier in UTC
    expect(await sch.tick()).toMatchObject([{ kind: 'posted', periodKey: '2026-W11' }]);
    expect(posts()).toHaveLength(2);

    const call = fake.callsTo('chat.postMessage')[0]!;
    const text = textOf(call.body.blocks);
    expect(text).toContain('*chat-bot* · Recommended:');
    expect(text).toContain('*classifier* · Recommended:');
    expect(text).toContain('*Channel total:');
    expect(text).not.toContain('late');
    expect(call.body.metadata).toEqual({ event_type: 'infercost_digest', event_payload: { period_key: '2026-W10' } });
    const run = await store.getDigestRun({ teamId: 'T1', channelId: 'C1', periodKey: '2026-W10' });
    expect(run).toMatchObject({ status: 'posted', attempts: 1, postedTs: (first[0] as { ts: string }).ts });
    expect((await store.getSubscription('T1', 'C1'))!.lastPeriodKey).toBe('2026-W11');
    // the second digest compares with the first: nothing changed
    expect(textOf(fake.callsTo('chat.postMessage')[1]!.body.blocks)).toContain('No change since the last digest.');
  });

  it('three weekly digests: the third draws a three-point line per workload from the stored history', async () => {
    const store = open();
    set('2026-03-01T12:00:00Z');
    await seed(store, { weekday: 1, hour: 9, tz: 'UTC' });
    const sch = scheduler(store);
    const weekly = ['2026-03-02T09:00:00Z', '2026-03-09T09:00:00Z', '2026-03-16T09:00:00Z'];
    const costs = new Map<string, number[]>();
    for (const [i, at] of weekly.entries()) {
      if (i === 2) {
        // Traffic grows tenfold before the third digest: chat-bot's line steps up at the end (one L40S
        // replica carries triple the traffic, so a smaller step would not move the cost).
        const r = estimate('50M req/month 7B model p95 200ms', core);
        if (!r.ok) throw new Error('fixture');
        await store.saveWorkload('T1', 'C1', 'chat-bot', r.value.parsed, 'U1');
      }
      set(at);
      expect(await sch.tick()).toMatchObject([{ kind: 'posted', periodKey: `2026-W${10 + i}` }]);
      for (const s of await store.digestSnapshots('T1', 'C1')) costs.set(s.name, [...(costs.get(s.name) ?? []), s.monthlyMicroUsd!]);
    }
    const calls = fake.callsTo('chat.postMessage');
    expect(calls).toHaveLength(3);
    const chartOf = (i: number) => (calls[i]!.body.blocks as Block[]).find((b): b is DataVisualizationBlock => b.type === 'data_visualization');
    expect(chartOf(0)).toBeUndefined();
    expect(chartOf(1)!.chart.axis_config.categories).toEqual(['2026-W10', 'This week']);
    const chart = chartOf(2)!;
    expect(blockProblems(calls[2]!.body.blocks as Block[], 'message')).toEqual([]);
    expect(chart.chart.type).toBe('line');
    expect(chart.chart.axis_config.categories).toEqual(['2026-W10', '2026-W11', 'This week']);
    expect(chart.chart.series.map((x) => x.name).sort()).toEqual(['chat-bot', 'classifier']);
    for (const x of chart.chart.series) {
      expect(x.data.map((p) => p.value)).toEqual(costs.get(x.name)!.map((m) => Math.round(m / 1e4) / 100));
    }
    const chat = costs.get('chat-bot')!;
    expect(chat[2]).toBeGreaterThan(chat[1]!);
    expect((await store.digestHistory('T1', 'C1')).map((p) => p.periodKey)).toEqual(['2026-W10', '2026-W11', '2026-W12', '2026-W10', '2026-W11', '2026-W12']);
  });

  it('does not post for a run that was due before the schedule was set', async () => {
    const store = open();
    set('2026-03-02T15:00:00Z'); // Monday, after 9:00 EST
    await seed(store, { weekday: 1, hour: 9, tz: 'America/New_York' });
    expect(await scheduler(store).tick()).toEqual([]);
    expect(posts()).toHaveLength(0);
  });

  it('a run in the skipped hour posts at 3:00 EDT; a run in the repeated hour posts once', async () => {
    const store = open();
    set('2026-03-07T12:00:00Z');
    await seed(store, { weekday: 0, hour: 2, minute: 30, tz: 'America/New_York' });
    const sch = scheduler(store);
    set('2026-03-08T06:59:00Z');
    expect(await sch.tick()).toEqual([]);
    set('2026-03-08T07:00:00Z'); // 3:00 EDT, the next valid minute after 2:30
    expect(kinds(await sch.tick())).toEqual(['posted']);

    await store.subscribe({ teamId: 'T1', channelId: 'C1', weekday: 0, hour: 1, minute: 30, tz: 'America/New_York', createdBy: 'U1' });
    set('2026-11-01T05:30:00Z'); // 1:30 EDT
    expect(await sch.tick()).toMatchObject([{ kind: 'posted', periodKey: '2026-W44' }]);
    set('2026-11-01T06:30:00Z'); // 1:30 EST, the same wall time again
    expect(await sch.tick()).toEqual([]);
    set('2026-11-01T08:00:00Z');
    expect(await sch.tick()).toEqual([]);
    expect(posts()).toHaveLength(2);
  });

  it('Europe/Berlin and Asia/Kolkata subscriptions run at their own local times', async () => {
    const store = open();
    set('2026-03-23T04:00:00Z'); // after Monday 9:00 IST (03:30Z) that day
    await seed(store, { weekday: 5, hour: 16, minute: 30, tz: 'Europe/Berlin' }, 'CBER');
    await seed(store, { weekday: 1, hour: 9, tz: 'Asia/Kolkata' }, 'CKOL');
    const sch = scheduler(store);
    set('2026-03-30T03:29:00Z');
    expect(await sch.tick()).toMatchObject([{ kind: 'posted', channelId: 'CBER', periodKey: '2026-W13', late: true }]); // Fri 27th 16:30 CET = 15:30Z
    set('2026-03-30T03:30:00Z'); // Monday 9:00 IST
    expect(await sch.tick()).toMatchObject([{ kind: 'posted', channelId: 'CKOL', periodKey: '2026-W14', late: false }]);
    set('2026-04-03T14:30:00Z'); // Friday 16:30 CEST
    expect(await sch.tick()).toMatchObject([{ kind: 'posted', channelId: 'CBER', periodKey: '2026-W14', late: false }]);
  });
});

describe('exactly once', () => {
  it('after downtime, posts the missed digest once, late, and says so', async () => {
    const store = open();
    set('2026-03-01T12:00:00Z');
    await seed(store, { weekday: 1, hour: 9, tz: 'America/New_York' });
    const sch = scheduler(store);
    set('2026-03-25T10:00:00Z'); // three Mondays missed
    const out = await sch.tick();
    expect(out).toMatchObject([{ kind: 'posted', periodKey: '2026-W13', late: true }]);
    expect(await sch.tick()).toEqual([]);
    expect(posts()).toHaveLength(1);
    const call = fake.callsTo('chat.postMessage')[0]!;
    expect(textOf(call.body.blocks)).toContain('*This digest is late:* InferCost was offline at the scheduled time (Monday, March 23 at 9:00 AM EDT).');
    expect(call.body.text).toMatch(/^\(Late\) Weekly inference cost digest: \$/);
  });

  it('a restart after the claim but before the post: the next process posts it once, after the lease', async () => {
    const a = open();
    set('2026-03-01T12:00:00Z');
    await seed(a, { weekday: 1, hour: 9, tz: 'America/New_York' });
    set('2026-03-02T14:00:00Z');
    const key = { teamId: 'T1', channelId: 'C1', periodKey: '2026-W10' };
    expect(await a.claimDigestRun(key, Date.parse('2026-03-02T14:00:00Z'), 10 * MIN)).toMatchObject({ via: 'new' });
    await a.close(); // the process dies here

    const b = open();
    const sch = scheduler(b);
    later(MIN);
    expect(await sch.tick()).toEqual([]); // the dead claim's lease still holds
    later(10 * MIN);
    expect(await sch.tick()).toMatchObject([{ kind: 'posted', periodKey: '2026-W10', late: false }]);
    expect(await sch.tick()).toEqual([]);
    expect(posts()).toHaveLength(1);
    expect(await b.getDigestRun(key)).toMatchObject({ status: 'posted', attempts: 2 });
    // it asked Slack first whether the digest had gone out
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
  });

  it('a restart after the post reached Slack but before it was recorded: recorded, never posted twice', async () => {
    const a = open();
    set('2026-03-01T12:00:00Z');
    await seed(a, { weekday: 1, hour: 9, tz: 'America/New_York' });
    // the process dies between chat.postMessage and recording the ts
    const crashing = new Proxy(a, {
      get(target, prop, receiver) {
        if (prop === 'completeDigestRun') return async () => Promise.reject(new Error('SQLITE_IOERR: disk I/O error'));
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target) : v;
      },
    });
    set('2026-03-02T14:00:00Z');
    expect(await scheduler(crashing).tick()).toEqual([]);
    expect(posts()).toHaveLength(1);
    const key = { teamId: 'T1', channelId: 'C1', periodKey: '2026-W10' };
    expect(await a.getDigestRun(key)).toMatchObject({ status: 'claimed', postedTs: null });
    await a.close();

    const b = open();
    const sch = scheduler(b);
    later(11 * MIN);
    const out = await sch.tick();
    expect(out).toMatchObject([{ kind: 'found_posted', ts: posts()[0]!.ts }]);
    expect(await sch.tick()).toEqual([]);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await b.getDigestRun(key)).toMatchObject({ status: 'posted', postedTs: posts()[0]!.ts });
    expect((await b.digestSnapshots('T1', 'C1')).map((s) => s.name)).toEqual(['chat-bot', 'classifier']);
  });

  it('two replicas on one store post a period once', async () => {
    const a = open();
    const b = open();
    set('2026-03-01T12:00:00Z');
    await seed(a, { weekday: 1, hour: 9, tz: 'America/New_York' });
    set('2026-03-02T14:00:00Z');
    const [x, y] = await Promise.all([scheduler(a).tick(), scheduler(b).tick()]);
    expect([...x, ...y].filter((o) => o.kind === 'posted')).toHaveLength(1);
    expect(posts()).toHaveLength(1);
  });
});

describe('Slack trouble', () => {
  it('a burst of 429s: waits each Retry-After (no calls in between), then delivers once', async () => {
    const store = open();
    set('2026-03-01T12:00:00Z');
    await seed(store, { weekday: 1, hour: 9, tz: 'America/New_York' });
    const sch = scheduler(store);
    fake.fail('chat.postMessage', { kind: 'ratelimit', retryAfter: 120 }, 3);
    set('2026-03-02T14:00:00Z');
    const t0 = now.getTime();
    expect(await sch.tick()).toEqual([{ kind: 'retry', channelId: 'C1', periodKey: '2026-W10', at: t0 + 120_000, error: 'ratelimited' }]);
    for (let i = 1; i <= 2; i++) {
      later(119_000);
      expect(await sch.tick()).toEqual([]); // Retry-After not over: Slack is not called
      expect(fake.callsTo('chat.postMessage')).toHaveLength(i);
      later(1_000);
      expect(kinds(await sch.tick())).toEqual(['retry']);
    }
    later(120_000);
    expect(await sch.tick()).toMatchObject([{ kind: 'posted', late: false }]);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(4);
    expect(posts()).toHaveLength(1);
    later(MIN);
    expect(await sch.tick()).toEqual([]);
    expect(await store.getDigestRun({ teamId: 'T1', channelId: 'C1', periodKey: '2026-W10' })).toMatchObject({ status: 'posted', attempts: 4 });
  });

  it('transient failures back off exponentially, and give up after the bounded attempts', async () => {
    const store = open();
    set('2026-03-01T12:00:00Z');
    await seed(store, { weekday: 1, hour: 9, tz: 'America/New_York' });
    const sch = scheduler(store, { maxAttempts: 3, backoffBaseMs: MIN });
    fake.fail('chat.postMessage', { kind: 'error', error: 'internal_error' }, 3);
    set('2026-03-02T14:00:00Z');
    const t0 = now.getTime();
    expect(await sch.tick()).toMatchObject([{ kind: 'retry', at: t0 + MIN, error: 'internal_error' }]);
    later(MIN);
    expect(await sch.tick()).toMatchObject([{ kind: 'retry', at: t0 + 3 * MIN }]);
    later(2 * MIN);
    expect(await sch.tick()).toMatchObject([{ kind: 'failed', error: 'internal_error' }]);
    later(60 * MIN);
    expect(await sch.tick()).toEqual([]);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(3);
    const run = await store.getDigestRun({ teamId: 'T1', channelId: 'C1', periodKey: '2026-W10' });
    expect(run).toMatchObject({ status: 'failed', attempts: 3 });
    expect(run!.lastError).toContain('gave up after 3 attempts');
    // the subscription goes on: next week posts
    set('2026-03-09T13:00:00Z');
    expect(kinds(await sch.tick())).toEqual(['posted']);
  });

  for (const [error, reason] of [
    ['not_in_channel', "I'm not a member of the channel any more"],
    ['is_archived', 'The channel was archived.'],
    ['channel_not_found', 'The channel was not found'],
    ['account_inactive', 'account_inactive'],
  ] as const) {
    it(`${error} pauses the subscription, and App Home says why`, async () => {
      const store = open();
      set('2026-03-01T12:00:00Z');
      await seed(store, { weekday: 1, hour: 9, tz: 'America/New_York' });
      const sch = scheduler(store);
      fake.fail('chat.postMessage', { kind: 'error', error });
      set('2026-03-02T14:00:00Z');
      const out = await sch.tick();
      expect(out).toMatchObject([{ kind: 'paused', channelId: 'C1' }]);
      const sub = (await store.getSubscription('T1', 'C1'))!;
      expect(sub.paused).toBe(true);
      expect(sub.pausedReason).toContain(reason);
      expect(await store.activeSubscriptions()).toEqual([]);
      expect(await store.getDigestRun({ teamId: 'T1', channelId: 'C1', periodKey: '2026-W10' })).toMatchObject({ status: 'skipped', lastError: error });
      // a week later nothing is attempted
      set('2026-03-09T13:00:00Z');
      expect(await sch.tick()).toEqual([]);
      expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
      // App Home
      await publishHome(digestClient(TOKEN, fake.apiUrl), store, 'T1', 'U1', now);
      const home = textOf((fake.callsTo('views.publish')[0]!.body.view as { blocks: unknown }).blocks);
      expect(home).toContain('Your weekly digests');
      expect(home).toContain('<#C1>: *paused.*');
      expect(home).toContain(reason);
      // resubscribing resumes it
      await store.subscribe({ teamId: 'T1', channelId: 'C1', weekday: 1, hour: 9, minute: 0, tz: 'America/New_York', createdBy: 'U1' });
      set('2026-03-16T13:00:00Z');
      expect(kinds(await sch.tick())).toEqual(['posted']);
    });
  }

  it('the timer loop ticks on its own and stops cleanly', async () => {
    const store = open();
    set('2026-03-01T12:00:00Z');
    await seed(store, { weekday: 1, hour: 9, tz: 'America/New_York' });
    set('2026-03-02T14:00:00Z');
    const sch = scheduler(store, { intervalMs: 20 });
    sch.start();
    await fake.waitFor(() => posts().length === 1, 5000, 'a digest from the loop');
    await sch.stop();
    const calls = fake.calls.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.calls.length).toBe(calls);
    expect(posts()).toHaveLength(1);
  });
});
