// The job contract on the embedded SQLite store: directly, on the store's thread, and across a reopen
// (what a restart after SIGKILL sees).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore, openThreadedStore } from '../../src/store/index.ts';
import { describeJobQueue } from './job-queue-contract.ts';

describeJobQueue('SQLite', async () => {
  let now = Date.parse('2026-12-02T10:00:00Z');
  const s = openSqliteStore(':memory:', () => new Date(now));
  return { q: s, advance: (ms) => void (now += ms), close: () => s.close() };
});

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('jobs in the store file', () => {
  it('survive a reopen, and run through the store thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infercost-jobs-'));
    dirs.push(dir);
    const a = await openThreadedStore(dir);
    const r = await a.enqueueJob({ key: 'command:t1', kind: 'command', payload: { text: 'x' }, teamId: 'T1', channelId: 'C1', userId: 'U1', responseUrl: null });
    expect(r.created).toBe(true);
    expect((await a.claimJobs('dead-process', 60_000, 10)).length).toBe(1);
    await a.close(); // as good as a kill: the lease is still held by the dead owner

    const b = await openThreadedStore(dir);
    const left = await b.unfinishedJobs();
    expect(left.map((j) => [j.key, j.state, j.owner])).toEqual([['command:t1', 'active', 'dead-process']]);
    expect((await b.enqueueJob({ key: 'command:t1', kind: 'command', payload: {}, teamId: 'T1', channelId: null, userId: null, responseUrl: null })).created).toBe(false);
    expect(await b.jobCounts()).toEqual({ queued: 0, active: 1 });
    await b.close();
  });
});
