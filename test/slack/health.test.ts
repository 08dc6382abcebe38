// /healthz (liveness: the process answers) and /readyz (readiness: not draining, the store and the job
// engine answer), over loopback against the real app, on both store backends.

import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../store/backends.ts';
import { startHarness } from './harness.ts';

const get = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe.each(BACKENDS)('health on $name', (b) => {
  it.skipIf(b.skip)('is ready while the store and the job engine answer, and not when either does not', async () => {
    let jobsUp = true;
    const store = await b.open(() => new Date());
    const h = await startHarness({
      store,
      readinessChecks: {
        jobs: async () => {
          if (!jobsUp) throw new Error('job engine stopped');
        },
      },
    });
    try {
      expect(await get(`${h.base}/readyz`)).toEqual({ status: 200, body: { ok: true, checks: { store: 'ok', jobs: 'ok' } } });
      jobsUp = false;
      expect(await get(`${h.base}/readyz`)).toEqual({ status: 503, body: { ok: false, checks: { store: 'ok', jobs: 'unreachable: job engine stopped' } } });
      jobsUp = true;
      // The database goes away: not ready, but still alive (a database blip must not restart replicas).
      await store.close();
      const down = await get(`${h.base}/readyz`);
      expect(down.status).toBe(503);
      expect(down.body.checks).toMatchObject({ store: expect.stringMatching(/^unreachable: /), jobs: 'ok' });
      expect(await get(`${h.base}/healthz`)).toEqual({ status: 200, body: { ok: true } });
    } finally {
      // The store is gone, so the stop cannot hand unfinished jobs back to it: that is expected here.
      await h.stop().catch(() => {});
      await h.fake.stop();
    }
  });
});

describe('a readiness check that hangs', () => {
  it('is reported as not answering after its timeout, and /readyz answers 503', async () => {
    const h = await startHarness({ readinessChecks: { jobs: () => new Promise<void>(() => {}) } });
    try {
      expect(await get(`${h.base}/readyz`)).toEqual({ status: 503, body: { ok: false, checks: { store: 'ok', jobs: 'no answer within 2000 ms' } } });
    } finally {
      await h.stop();
    }
  });
});
