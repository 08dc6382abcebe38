// Done-when of issue 17: two app processes (src/slack/main.ts, as the container runs it) on one
// PostgreSQL, behind a loopback round-robin load balancer; 1,000 signed commands and events with
// Slack-style retries (a delivery that fails or is not answered is sent again, and some are
// redelivered even after their ack); one process is SIGKILLed mid-run. Checks: every acked command
// (and mention) answered exactly once, no threaded reply posted twice, every due digest posted once.

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPgStore } from '../../src/store/pg-store.ts';
import { freshSchema, postgresBackend, TEST_DATABASE_URL } from '../store/backends.ts';
import { PROCESS_SECRET, startAppProcess, type AppProcess } from './app-process.ts';
import { FakeSlack } from './fake-slack.ts';
import { sign } from './harness.ts';

const N_COMMANDS = 700;
const N_EVENTS = 300;
const N_DIGESTS = 20;

/** Round-robin over the backends, like nginx in compose.yaml: a backend that refuses the connection
 * is marked down for a while (max_fails / fail_timeout) and the request goes to the next one
 * (proxy_next_upstream error). A backend that accepted the request and then died answers 502: the
 * client, like Slack, retries. */
async function startBalancer(backends: string[]): Promise<{ base: string; server: Server }> {
  let next = 0;
  const downUntil = new Map<string, number>();
  const pick = () => {
    for (let k = 0; k < backends.length; k++) {
      const b = backends[next++ % backends.length]!;
      if ((downUntil.get(b) ?? 0) <= Date.now()) return b;
    }
    return backends[next++ % backends.length]!;
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'connection' && k !== 'content-length') headers[k] = v;
      const attempt = async (tries: number): Promise<void> => {
        const target = pick();
        try {
          const r = await fetch(`${target}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, body: chunks.length ? Buffer.concat(chunks) : null, signal: AbortSignal.timeout(3000) });
          const body = await r.text();
          res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'text/plain' });
          res.end(body);
        } catch (e) {
          const refused = (e as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
          if (refused) downUntil.set(target, Date.now() + 10_000);
          if (refused && tries > 1) return attempt(tries - 1);
          res.writeHead(502);
          res.end('bad gateway');
        }
      };
      void attempt(backends.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Deliver like Slack: signed; sent again (x-slack-retry-num, up to 3 times) while it fails or is not acked in 3 s. */
async function deliver(base: string, body: string, contentType: string, retries = 3): Promise<boolean> {
  for (let attempt = 0; attempt <= retries; attempt++) {
    const ts = Math.floor(Date.now() / 1000);
    try {
      const res = await fetch(`${base}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': contentType,
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': sign(body, ts, PROCESS_SECRET),
          ...(attempt > 0 ? { 'x-slack-retry-num': String(attempt), 'x-slack-retry-reason': 'http_error' } : {}),
        },
        body,
        signal: AbortSignal.timeout(3000),
      });
      await res.text();
      if (res.status === 200) return true;
    } catch {
      // not acked: try again
    }
    await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
  }
  return false;
}

const commandBody = (fake: FakeSlack, i: number) =>
  new URLSearchParams({
    team_id: 'T1',
    channel_id: `CK${i}`,
    user_id: 'U1',
    command: '/infercost',
    text: `${(i % 50) + 1}M requests/month 7B model p95 300ms`,
    api_app_id: 'A1',
    response_url: fake.responseUrl(`k${i}`),
    trigger_id: `trigger-kill-${i}`,
  }).toString();

const mentionTs = (i: number) => `17000${String(10000 + i)}.000100`;
const eventBody = (i: number) =>
  JSON.stringify({
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `EvKill${i}`,
    event_time: 1_700_000_000,
    event: { type: 'app_mention', user: 'U1', channel: `CE${i}`, ts: mentionTs(i), text: `<@UBOT> ${(i % 40) + 1}M requests/month 8B model` },
    authorizations: [{ enterprise_id: null, team_id: 'T1', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
  });

describe.skipIf(postgresBackend.skip)(`two replicas on PostgreSQL, one SIGKILLed mid-run${postgresBackend.skip ? ` (${postgresBackend.skip})` : ''}`, () => {
  const schema = freshSchema('infercost_kill');
  const dirs: string[] = [];
  const procs: AppProcess[] = [];
  let fake: FakeSlack;
  let lb: Server | null = null;

  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exited));
    lb?.close();
    await fake?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  });

  it('answers every acked command once, posts no threaded reply twice, and every due digest once', async () => {
    fake = new FakeSlack();
    fake.clock = () => Date.now();
    await fake.start();

    // Channels subscribed two weeks ago: this week's digest is due as soon as a replica ticks.
    const past = await openPgStore({ connectionString: TEST_DATABASE_URL, schema, now: () => new Date(Date.now() - 14 * 24 * 3600_000) });
    for (let i = 0; i < N_DIGESTS; i++) await past.subscribe({ teamId: 'T1', channelId: `CDG${i}`, weekday: 1, hour: 9, minute: 0, tz: 'UTC', createdBy: 'U1' });
    await past.close();

    const env = { DATABASE_URL: TEST_DATABASE_URL, INFERCOST_DB_SCHEMA: schema, INFERCOST_JOB_LEASE_SECONDS: '2', LOG_LEVEL: 'warn' };
    const start = async () => {
      const dir = mkdtempSync(join(tmpdir(), 'infercost-replica-'));
      dirs.push(dir);
      const p = await startAppProcess(fake, dir, { ...env, LOG_LEVEL: 'info' });
      procs.push(p);
      return p;
    };
    // Both start together (migrations under the lock).
    const [a, b] = await Promise.all([start(), start()]);
    const balancer = await startBalancer([a.base, b.base]);
    lb = balancer.server;

    const work = [
      ...Array.from({ length: N_COMMANDS }, (_, i) => ({ kind: 'command' as const, i })),
      ...Array.from({ length: N_EVENTS }, (_, i) => ({ kind: 'event' as const, i })),
    ].sort((x, y) => (x.i * 7 + (x.kind === 'event' ? 3 : 0)) % 1000 - ((y.i * 7 + (y.kind === 'event' ? 3 : 0)) % 1000));
    const acked = new Set<string>();
    let killedAt = -1;
    for (let off = 0; off < work.length; off += 50) {
      if (off >= 400 && killedAt < 0) {
        a.child.kill('SIGKILL'); // mid-run: its acked jobs are leased to it, some half done
        killedAt = off;
      }
      await Promise.all(
        work.slice(off, off + 50).map(async (w) => {
          const ok =
            w.kind === 'command'
              ? await deliver(balancer.base, commandBody(fake, w.i), 'application/x-www-form-urlencoded')
              : await deliver(balancer.base, eventBody(w.i), 'application/json');
          if (ok) acked.add(`${w.kind}:${w.i}`);
          // One in ten events is delivered again after its ack (Slack's retry after a slow ack).
          if (w.kind === 'event' && w.i % 10 === 0) await deliver(balancer.base, eventBody(w.i), 'application/json');
        }),
      );
    }
    await a.exited;

    const posts = (channel: string) => fake.messages.get(channel)?.length ?? 0;
    const ackedCommands = [...acked].filter((k) => k.startsWith('command:')).map((k) => Number(k.slice(8)));
    await fake.waitFor(() => ackedCommands.every((i) => posts(`CK${i}`) >= 1), 120_000, 'every acked command answered');
    await fake.waitFor(() => Array.from({ length: N_DIGESTS }, (_, i) => posts(`CDG${i}`)).every((n) => n >= 1), 90_000, 'every due digest posted');
    await new Promise((r) => setTimeout(r, 3000)); // any second answer has every chance to appear
    b.child.kill('SIGTERM');
    await b.exited;

    const commandsTwice = ackedCommands.filter((i) => posts(`CK${i}`) !== 1).map((i) => `CK${i}:${posts(`CK${i}`)}`);
    const repliesTwice = Array.from({ length: N_EVENTS }, (_, i) => i).filter((i) => posts(`CE${i}`) > 1).map((i) => `CE${i}:${posts(`CE${i}`)}`);
    const digestsNotOnce = Array.from({ length: N_DIGESTS }, (_, i) => i).filter((i) => posts(`CDG${i}`) !== 1).map((i) => `CDG${i}:${posts(`CDG${i}`)}`);
    const eventsAcked = [...acked].filter((k) => k.startsWith('event:')).length;
    const eventsAnswered = Array.from({ length: N_EVENTS }, (_, i) => i).filter((i) => posts(`CE${i}`) === 1).length;
    console.log(
      `two-replica kill test: killed after ${killedAt} of ${work.length} deliveries; acked ${ackedCommands.length}/${N_COMMANDS} commands, ${eventsAcked}/${N_EVENTS} events; ` +
        `commands answered ≠ once: ${commandsTwice.length}; threaded replies twice: ${repliesTwice.length}; events answered: ${eventsAnswered}; digests ≠ once: ${digestsNotOnce.length}`,
    );
    expect(ackedCommands.length).toBe(N_COMMANDS); // the survivor acked every retried one
    expect(commandsTwice).toEqual([]);
    expect(repliesTwice).toEqual([]);
    // Mentions are durable jobs too now: every acked one is answered (once, above).
    const ackedEvents = [...acked].filter((k) => k.startsWith('event:')).map((k) => Number(k.slice(6)));
    expect(ackedEvents.filter((i) => posts(`CE${i}`) !== 1).map((i) => `CE${i}:${posts(`CE${i}`)}`)).toEqual([]);
    expect(digestsNotOnce).toEqual([]);
    // The kill really was mid-run: jobs the killed replica held were taken over (a second attempt) by
    // the survivor, and none is left unfinished.
    const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await c.connect();
    const jobs = (await c.query<{ state: string; retried: string; n: string }>(`SELECT state, count(*) FILTER (WHERE attempts > 1) AS retried, count(*) AS n FROM ${schema}.jobs GROUP BY state`)).rows;
    await c.end();
    console.log(`two-replica kill test: jobs ${JSON.stringify(jobs)}`);
    // Commands are jobs; so are mentions, since issue-16's later commits (1,000 rows then).
    expect(jobs.map((r) => r.state)).toEqual(['done']);
    expect(Number(jobs[0]!.n)).toBeGreaterThanOrEqual(N_COMMANDS);
    expect(Number(jobs[0]!.retried)).toBeGreaterThan(0);
    // Every reply to a mention is in its thread.
    for (let i = 0; i < N_EVENTS; i++) for (const m of fake.messages.get(`CE${i}`) ?? []) expect(m.thread_ts).toBe(mentionTs(i));
  }, 300_000);
});
