// The job contract's behaviour (src/jobs/job-queue.ts), written once for every backend: the SQLite
// store runs it here (sqlite-job-queue.test.ts); the PostgreSQL/pg-boss backend (issue 17) calls
// `describeJobQueue` with its own factory.

import { afterEach, describe, expect, it } from 'vitest';
import type { JobQueue, NewJob } from '../../src/jobs/job-queue.ts';

export interface QueueUnderTest {
  q: JobQueue;
  /** Move the backend's clock forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

const job = (key: string, extra: Partial<NewJob> = {}): NewJob => ({
  key,
  kind: 'command',
  payload: { text: `5M requests/month 7B model ${key}`, cid: 'c1' },
  teamId: 'T1',
  channelId: 'C1',
  userId: 'U1',
  responseUrl: 'https://hooks.slack.com/commands/T1/1/abc',
  ...extra,
});

export function describeJobQueue(name: string, open: () => Promise<QueueUnderTest>): void {
  describe(`job queue contract: ${name}`, () => {
    const opened: QueueUnderTest[] = [];
    const start = async () => {
      const t = await open();
      opened.push(t);
      return t;
    };
    afterEach(async () => {
      for (const t of opened.splice(0)) await t.close();
    });

    it('enqueues once per key, with its payload, team, channel and response_url', async () => {
      const { q } = await start();
      const a = await q.enqueueJob(job('command:tr1'));
      expect(a.created).toBe(true);
      expect(a.job).toMatchObject({ key: 'command:tr1', kind: 'command', state: 'queued', attempts: 0, teamId: 'T1', channelId: 'C1', userId: 'U1' });
      expect(a.job.payload).toEqual({ text: '5M requests/month 7B model command:tr1', cid: 'c1' });
      expect(a.job.responseUrl).toBe('https://hooks.slack.com/commands/T1/1/abc');
      expect(a.job.deadline - a.job.createdAt).toBe(30 * 60_000);
      const b = await q.enqueueJob(job('command:tr1', { payload: { text: 'other' } }));
      expect(b.created).toBe(false);
      expect(b.job.payload).toEqual(a.job.payload);
      expect(await q.jobCounts()).toEqual({ queued: 1, active: 0 });
    });

    it('leases a job to one owner; others get nothing until the lease runs out', async () => {
      const { q, advance } = await start();
      await q.enqueueJob(job('k1'));
      const mine = await q.claimJobs('p1', 1000, 10);
      expect(mine.map((j) => [j.key, j.state, j.owner, j.attempts])).toEqual([['k1', 'active', 'p1', 1]]);
      expect(await q.claimJobs('p2', 1000, 10)).toEqual([]);
      advance(999);
      expect(await q.claimJobs('p2', 1000, 10)).toEqual([]);
      advance(1);
      const taken = await q.claimJobs('p2', 1000, 10);
      expect(taken.map((j) => [j.key, j.owner, j.attempts])).toEqual([['k1', 'p2', 2]]);
      // The first owner lost it: its completion does not count.
      expect(await q.completeJob('k1', 'p1')).toBe(false);
      expect(await q.completeJob('k1', 'p2')).toBe(true);
      expect((await q.getJob('k1'))!.state).toBe('done');
    });

    it('claims oldest first, at most `limit`, and only due jobs', async () => {
      const { q, advance } = await start();
      await q.enqueueJob(job('a'));
      advance(1);
      await q.enqueueJob(job('b'));
      advance(1);
      await q.enqueueJob(job('later', { runAt: Date.now() + 3600_000 * 24 * 365 * 10 }));
      expect((await q.claimJobs('p', 1000, 1)).map((j) => j.key)).toEqual(['a']);
      expect((await q.claimJobs('p', 1000, 10)).map((j) => j.key)).toEqual(['b']);
      expect(await q.jobCounts()).toEqual({ queued: 1, active: 2 });
    });

    it('heartbeats keep an owner’s leases', async () => {
      const { q, advance } = await start();
      await q.enqueueJob(job('k'));
      await q.claimJobs('p1', 1000, 10);
      advance(800);
      expect(await q.heartbeatJobs('p1', 1000)).toBe(1);
      advance(800);
      expect(await q.claimJobs('p2', 1000, 10)).toEqual([]);
      expect(await q.heartbeatJobs('p2', 1000)).toBe(0);
    });

    it('retries a failed attempt at retryAt, and fails for good without one', async () => {
      const { q, advance } = await start();
      await q.enqueueJob(job('k'));
      await q.claimJobs('p', 1000, 10);
      const t0 = (await q.getJob('k'))!.createdAt;
      expect(await q.failJob('k', 'p', 'timeout', t0 + 5000)).toBe(true);
      expect(await q.getJob('k')).toMatchObject({ state: 'queued', lastError: 'timeout', owner: null });
      expect(await q.claimJobs('p', 1000, 10)).toEqual([]);
      advance(5000);
      expect((await q.claimJobs('p', 1000, 10)).map((j) => j.attempts)).toEqual([2]);
      // Waiting its turn (a rate limit) gives the attempt back.
      expect(await q.failJob('k', 'p', 'rate limited', t0 + 5000, { countAttempt: false })).toBe(true);
      expect((await q.getJob('k'))!.attempts).toBe(1);
      expect((await q.claimJobs('p', 1000, 10)).map((j) => j.attempts)).toEqual([2]);
      expect(await q.failJob('k', 'p', 'invalid_auth', null)).toBe(true);
      expect(await q.getJob('k')).toMatchObject({ state: 'failed', lastError: 'invalid_auth' });
      expect(await q.unfinishedJobs()).toEqual([]);
    });

    it('expires a job, and releases an owner’s jobs at shutdown (the attempt stays counted)', async () => {
      const { q } = await start();
      await q.enqueueJob(job('old'));
      await q.enqueueJob(job('r1'));
      await q.enqueueJob(job('r2'));
      await q.claimJobs('p', 1000, 10);
      expect(await q.expireJob('old', 'p', 'response_url expired')).toBe(true);
      expect(await q.releaseJobs('p')).toBe(2);
      const left = await q.unfinishedJobs();
      expect(left.map((j) => [j.key, j.state, j.attempts, j.owner])).toEqual([
        ['r1', 'queued', 1, null],
        ['r2', 'queued', 1, null],
      ]);
      expect(await q.getJob('old')).toMatchObject({ state: 'expired', lastError: 'response_url expired' });
      // The next process takes them at once (no lease to wait out).
      expect((await q.claimJobs('p2', 1000, 10)).map((j) => j.key)).toEqual(['r1', 'r2']);
    });

    it('keeps finished keys (a replay is still recognised) until purged', async () => {
      const { q, advance } = await start();
      await q.enqueueJob(job('k'));
      await q.claimJobs('p', 1000, 10);
      await q.completeJob('k', 'p');
      expect((await q.enqueueJob(job('k'))).created).toBe(false);
      advance(10_000);
      expect(await q.purgeJobs(20_000)).toBe(0);
      advance(10_000);
      expect(await q.purgeJobs(20_000)).toBe(1);
      expect((await q.enqueueJob(job('k'))).created).toBe(true);
    });
  });
}
