// The job contract on PostgreSQL (src/store/pg-store.ts), with the same tests as SQLite's, plus what
// only a shared queue has to show: replicas claiming at once never take the same job.

import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPgStore } from '../../src/store/pg-store.ts';
import { freshSchema, postgresBackend, TEST_DATABASE_URL } from '../store/backends.ts';
import { describeJobQueue } from './job-queue-contract.ts';

const schemas: string[] = [];
afterAll(async () => {
  if (schemas.length === 0) return;
  const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await c.connect();
  for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await c.end();
});

if (postgresBackend.skip) {
  describe.skip(`job queue contract: PostgreSQL (${postgresBackend.skip})`, () => {
    it('is skipped', () => {});
  });
} else {
  describeJobQueue('PostgreSQL', async () => {
    let now = Date.parse('2026-12-02T10:00:00Z');
    const schema = freshSchema();
    schemas.push(schema);
    const s = await openPgStore({ connectionString: TEST_DATABASE_URL, schema, now: () => new Date(now), max: 4 });
    return { q: s, advance: (ms) => void (now += ms), close: () => s.close() };
  });

  describe('jobs shared by replicas', () => {
    it('replicas claiming at once each get different jobs, and every job exactly once', async () => {
      const schema = freshSchema();
      schemas.push(schema);
      const replicas = await Promise.all(Array.from({ length: 4 }, () => openPgStore({ connectionString: TEST_DATABASE_URL, schema, max: 4 })));
      const keys = Array.from({ length: 200 }, (_, i) => `command:t${i}`);
      // Each job enqueued through two replicas at once (a retry landing on another one): created once.
      const made = await Promise.all(
        keys.flatMap((key, i) => [0, 1].map((k) => replicas[(i + k) % 4]!.enqueueJob({ key, kind: 'command', payload: { i }, teamId: 'T1', channelId: 'C1', userId: 'U1', responseUrl: null }))),
      );
      expect(made.filter((m) => m.created)).toHaveLength(200);
      const claimed: string[] = [];
      for (let round = 0; round < 20 && claimed.length < 200; round++) {
        const got = await Promise.all(replicas.map((r, i) => r.claimJobs(`owner-${i}`, 60_000, 17)));
        claimed.push(...got.flat().map((j) => j.key));
      }
      expect(claimed).toHaveLength(200);
      expect(new Set(claimed).size).toBe(200);
      expect(await replicas[0]!.jobCounts()).toEqual({ queued: 0, active: 200 });
      for (const r of replicas) await r.close();
    });
  });
}
