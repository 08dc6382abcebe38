// Backpressure (issue 16): a bounded queue; beyond what can be answered within the response_url's
// 30 minutes, a polite refusal at the ack; past a minute, "busy, queued, about N minutes".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admission, busyText } from '../../src/slack/jobs.ts';
import { command, startHarness, type Harness } from './harness.ts';

describe('admission', () => {
  it('takes work it can answer soon, says "busy" past a minute, refuses past 30 minutes or the bound', () => {
    expect(admission({ queued: 100, ratePerSec: 50 }, 50_000)).toEqual({ kind: 'ok' });
    expect(admission({ queued: 6000, ratePerSec: 50 }, 50_000)).toEqual({ kind: 'busy', minutes: 2 });
    expect(admission({ queued: 90_000, ratePerSec: 50 }, 200_000)).toEqual({ kind: 'full', minutes: 30 });
    expect(admission({ queued: 50_000, ratePerSec: 1000 }, 50_000).kind).toBe('full');
    // Before this process knows its pace it assumes 20 jobs/s.
    expect(admission({ queued: 2000, ratePerSec: null }, 50_000)).toEqual({ kind: 'busy', minutes: 2 });
    expect(busyText({ kind: 'busy', minutes: 1 })).toBe("I'm busy right now: your request is queued and I'll answer in about 1 minute.");
    expect(busyText({ kind: 'full', minutes: 40 })).toMatch(/nothing was queued/);
  });
});

describe('a queue at its bound', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ maxQueuedJobs: 30, jobOptions: { concurrency: 1 } });
  });
  afterAll(() => h.stop());

  it('refuses new commands politely at the ack, and answers every one it took', async () => {
    h.fake.fail('chat.postMessage', { kind: 'hang' }, 1); // hold the single job slot
    const cmds = Array.from({ length: 60 }, (_, i) => command(h, `${i + 1}M req/month 7B model`, { channel_id: `CQ${i}` }));
    const acks: string[] = [];
    for (const c of cmds) acks.push((await c.send()).text);
    const refused = acks.filter((t) => t.includes('nothing was queued')).length;
    expect(refused).toBeGreaterThanOrEqual(25);
    expect(refused).toBeLessThanOrEqual(31);
    h.fake.release();
    const taken = cmds.filter((_, i) => !acks[i]!.includes('nothing was queued'));
    await h.fake.waitFor(() => taken.every((c) => (h.fake.messages.get(`CQ${cmds.indexOf(c)}`)?.length ?? 0) === 1), 30_000, 'every taken command answered');
    console.log(`bounded queue: ${taken.length}/60 taken and answered, ${refused} refused at the ack`);
  }, 60_000);
});
