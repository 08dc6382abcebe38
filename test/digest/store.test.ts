// The store's digest half on an injected clock: saved workloads (names unique regardless of case,
// edits detected), subscriptions, and the exactly-once claim of a period (new, taken, retry, stale lease).

import { beforeEach, describe, expect, it } from 'vitest';
import { SAVED_LIMIT, type Store } from '../../src/store/index.ts';
import { HISTORY_LIMIT, type DigestSnapshot } from '../../src/core/digest/snapshot.ts';
import { BACKENDS } from '../store/backends.ts';
import { workload } from '../slack/fixtures.ts';

let now = new Date('2026-03-02T14:00:00Z');
beforeEach(() => {
  now = new Date('2026-03-02T14:00:00Z');
});
const clock = () => now;
const later = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const parsed = (requestsPerMonth = 5_000_000) => ({ workload: { ...workload, requestsPerMonth }, provenance: {}, notes: [] });
const KEY = { teamId: 'T1', channelId: 'C1', periodKey: '2026-W10' };

describe.each(BACKENDS)('on $name', (b) => {
describe('saved workloads', () => {
  it.skipIf(b.skip)('saves, replaces by name regardless of case, notices edits, lists and forgets', async () => {
    const s = await b.open(clock);
    const a = await s.saveWorkload('T1', 'C1', 'Chat-Bot', parsed(), 'U1');
    expect(a).toMatchObject({ ok: true, created: true, edited: false, workload: { name: 'Chat-Bot', createdBy: 'U1', editedAt: now.toISOString() } });
    later(1000);
    const same = await s.saveWorkload('T1', 'C1', 'chat-bot', parsed(), 'U2');
    expect(same).toMatchObject({ ok: true, created: false, edited: false, workload: { name: 'chat-bot', createdBy: 'U1', updatedBy: 'U2', editedAt: '2026-03-02T14:00:00.000Z' } });
    later(1000);
    const edited = await s.saveWorkload('T1', 'C1', 'chat-bot', parsed(8_000_000), 'U2');
    expect(edited).toMatchObject({ ok: true, created: false, edited: true, workload: { editedAt: '2026-03-02T14:00:02.000Z' } });
    await s.saveWorkload('T1', 'C2', 'other', parsed(), 'U1');
    expect((await s.listWorkloads('T1', 'C1')).map((w) => [w.name, w.parsed.workload.requestsPerMonth])).toEqual([['chat-bot', 8_000_000]]);
    expect(await s.getWorkload('T1', 'C1', 'CHAT-BOT')).not.toBeNull();
    expect(await s.saveWorkload('T1', 'C1', 'not a name', parsed(), 'U1')).toEqual({ ok: false, code: 'invalid_name' });
    expect(await s.forgetWorkload('T1', 'C1', 'CHAT-bot')).toBe(true);
    expect(await s.forgetWorkload('T1', 'C1', 'chat-bot')).toBe(false);
    expect(await s.listWorkloads('T1', 'C1')).toEqual([]);
    await s.close();
  });

  it.skipIf(b.skip)('caps the saved workloads of a channel', async () => {
    const s = await b.open(clock);
    for (let i = 0; i < SAVED_LIMIT; i++) expect((await s.saveWorkload('T1', 'C1', `w${i}`, parsed(), 'U1')).ok).toBe(true);
    expect(await s.saveWorkload('T1', 'C1', 'one-more', parsed(), 'U1')).toEqual({ ok: false, code: 'limit_reached' });
    expect((await s.saveWorkload('T1', 'C1', 'w0', parsed(9e6), 'U1')).ok).toBe(true); // replacing is fine
    await s.close();
  });
});

describe('subscriptions and the period claim', () => {
  it.skipIf(b.skip)('subscribes, pauses with a reason, and resubscribing resumes', async () => {
    const s = await b.open(clock);
    await s.subscribe({ teamId: 'T1', channelId: 'C1', weekday: 1, hour: 9, minute: 0, tz: 'America/New_York', createdBy: 'U1' });
    await s.pauseSubscription('T1', 'C1', 'The channel was archived.');
    expect(await s.getSubscription('T1', 'C1')).toMatchObject({ paused: true, pausedReason: 'The channel was archived.', pausedAt: now.toISOString() });
    expect(await s.activeSubscriptions()).toEqual([]);
    expect(await s.subscriptionsCreatedBy('T1', 'U1')).toHaveLength(1);
    later(1000);
    await s.subscribe({ teamId: 'T1', channelId: 'C1', weekday: 5, hour: 16, minute: 30, tz: 'Europe/Berlin', createdBy: 'U2' });
    expect(await s.getSubscription('T1', 'C1')).toMatchObject({ paused: false, pausedReason: null, weekday: 5, tz: 'Europe/Berlin', createdBy: 'U2', scheduleSetAt: now.toISOString() });
    expect(await s.unsubscribe('T1', 'C1')).toBe(true);
    expect(await s.unsubscribe('T1', 'C1')).toBe(false);
    await s.close();
  });

  it.skipIf(b.skip)('a period is claimed once; a due retry or an expired lease can be taken over; a posted one never', async () => {
    const s = await b.open(clock);
    const due = now.getTime();
    expect(await s.claimDigestRun(KEY, due, 600_000)).toMatchObject({ via: 'new', run: { status: 'claimed', attempts: 1, firstClaimedAt: due } });
    expect(await s.claimDigestRun(KEY, due, 600_000)).toBeNull();
    later(600_000);
    expect(await s.claimDigestRun(KEY, due, 600_000)).toMatchObject({ via: 'stale', run: { attempts: 2 } });
    await s.retryDigestRunAt(KEY, now.getTime() + 30_000, 'ratelimited');
    expect(await s.claimDigestRun(KEY, due, 600_000)).toBeNull();
    later(30_000);
    expect(await s.claimDigestRun(KEY, due, 600_000)).toMatchObject({ via: 'retry', run: { attempts: 3, lastError: 'ratelimited' } });
    await s.completeDigestRun(KEY, '1772460000.000100', []);
    later(3_600_000);
    expect(await s.claimDigestRun(KEY, due, 600_000)).toBeNull();
    expect(await s.getDigestRun(KEY)).toMatchObject({ status: 'posted', postedTs: '1772460000.000100', attempts: 3 });
    await s.endDigestRun(KEY, 'failed', 'late error');
    expect((await s.getDigestRun(KEY))!.status).toBe('posted'); // a finished run stays finished
    await s.close();
  });
});

describe('the trend history', () => {
  const snap = (name: string, micro: number | null): DigestSnapshot => ({
    name,
    optionId: micro === null ? null : 'opt',
    optionName: micro === null ? null : 'Option',
    monthlyMicroUsd: micro,
    prices: [],
    workloadHash: '0',
    workload,
    catalogFingerprint: 'f',
    takenAt: now.toISOString(),
  });
  const week = (n: number) => `2026-W${String(n).padStart(2, '0')}`;
  async function post(s: Store, n: number, snaps: DigestSnapshot[], channelId = 'C1', teamId = 'T1') {
    const key = { teamId, channelId, periodKey: week(n) };
    await s.claimDigestRun(key, now.getTime(), 600_000);
    await s.completeDigestRun(key, `17724${n}.0001`, snaps);
    later(7 * 24 * 3_600_000);
  }

  it.skipIf(b.skip)('keeps each posted digest’s cost per workload, oldest first, the last 12 periods', async () => {
    const s = await b.open(clock);
    for (let n = 1; n <= 3; n++) await post(s, n, [snap('chat-bot', n * 1_000_000), snap('Classifier', n === 2 ? null : 7_000_000)]);
    const h = await s.digestHistory('T1', 'C1');
    expect(h.map((p) => [p.name, p.periodKey, p.monthlyMicroUsd])).toEqual([
      ['chat-bot', '2026-W01', 1_000_000],
      ['chat-bot', '2026-W02', 2_000_000],
      ['chat-bot', '2026-W03', 3_000_000],
      ['Classifier', '2026-W01', 7_000_000],
      ['Classifier', '2026-W02', null],
      ['Classifier', '2026-W03', 7_000_000],
    ]);
    expect(h[0]!.takenAt).toBe('2026-03-02T14:00:00.000Z');
    // The same period recorded again (a post found after a restart) replaces its point.
    await s.completeDigestRun({ teamId: 'T1', channelId: 'C1', periodKey: week(3) }, '1772403.0001', [snap('chat-bot', 3_500_000)]);
    expect((await s.digestHistory('T1', 'C1')).filter((p) => p.name === 'chat-bot').map((p) => p.monthlyMicroUsd)).toEqual([1_000_000, 2_000_000, 3_500_000]);
    // Bounded: 12 periods per workload, the oldest go first.
    for (let n = 4; n <= 15; n++) await post(s, n, [snap('chat-bot', n * 1_000_000)]);
    const chat = (await s.digestHistory('T1', 'C1')).filter((p) => p.name === 'chat-bot');
    expect(chat.map((p) => p.periodKey)).toEqual(Array.from({ length: HISTORY_LIMIT }, (_, i) => week(i + 4)));
    expect((await s.digestHistory('T1', 'C1')).filter((p) => p.name === 'Classifier')).toHaveLength(3);
    expect(await s.digestHistory('T1', 'C2')).toEqual([]);
    await s.close();
  });

  it.skipIf(b.skip)('"forget" deletes a workload’s history; removing the workspace deletes all of it', async () => {
    const s = await b.open(clock);
    for (const team of ['T1', 'T10']) {
      await s.saveWorkload(team, 'C1', 'chat-bot', parsed(), 'U1');
      await s.saveWorkload(team, 'C1', 'classifier', parsed(), 'U1');
    }
    for (let n = 1; n <= 2; n++) {
      await post(s, n, [snap('chat-bot', 1_000_000), snap('classifier', 2_000_000)], 'C1', 'T1');
      await post(s, n, [snap('chat-bot', 1_000_000)], 'C1', 'T10');
    }
    expect(await s.forgetWorkload('T1', 'C1', 'CHAT-BOT')).toBe(true);
    expect((await s.digestHistory('T1', 'C1')).map((p) => p.name)).toEqual(['classifier', 'classifier']);
    // Saved again under the same name: it starts with no history.
    await s.saveWorkload('T1', 'C1', 'chat-bot', parsed(), 'U1');
    expect((await s.digestHistory('T1', 'C1')).some((p) => p.name === 'chat-bot')).toBe(false);
    await s.deleteTeamData('T1');
    expect(await s.digestHistory('T1', 'C1')).toEqual([]);
    expect(await s.digestHistory('T10', 'C1')).toHaveLength(2);
    await s.close();
  });
});
});
