// Two app instances on one PostgreSQL store, as two replicas behind a load balancer: a command, an
// action or an event that reaches both (a retry, a replay) is answered once (reliability.md,
// defect 14: de-duplication used to be per process).

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgStore } from '../../src/store/pg-store.ts';
import { freshSchema, postgresBackend, TEST_DATABASE_URL } from '../store/backends.ts';
import { command, eventBody, post, sendEvent, startHarness, type Harness } from './harness.ts';

describe.skipIf(postgresBackend.skip)(`two replicas on one PostgreSQL store${postgresBackend.skip ? ` (${postgresBackend.skip})` : ''}`, () => {
  const schema = freshSchema();
  let a: Harness;
  let b: Harness;

  beforeAll(async () => {
    a = await startHarness({ store: await openPgStore({ connectionString: TEST_DATABASE_URL, schema, max: 4 }), sharedStore: true });
    b = await startHarness({ store: await openPgStore({ connectionString: TEST_DATABASE_URL, schema, max: 4 }), sharedStore: true });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  });

  const posts = () => a.fake.callsTo('chat.postMessage').length + b.fake.callsTo('chat.postMessage').length;

  it('answers a command delivered to both replicas once', async () => {
    const cmd = command(a, '5M req/month 7B model p95 200ms');
    // The same signed request (same trigger id) to each replica, at once.
    const [ra, rb] = await Promise.all([cmd.send(), cmd.sendTo(b.base)]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    await a.fake.waitFor(() => posts() >= 1, 8000, 'the report');
    await new Promise((r) => setTimeout(r, 500));
    expect(posts()).toBe(1);
  });

  it('answers an event delivered to both replicas (a Slack retry landing elsewhere) once', async () => {
    const ev = eventBody({ type: 'app_mention', user: 'U1', channel: 'C9', ts: '1700000900.000100', text: '<@UBOT> 5M req/month 7B model p95 200ms' }, 'EvReplica1');
    const before = posts();
    const [ra, rb] = await Promise.all([sendEvent(a, ev), post(b.base, ev, 'application/json', { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    await a.fake.waitFor(() => posts() >= before + 1, 8000, 'the reply');
    await new Promise((r) => setTimeout(r, 500));
    expect(posts()).toBe(before + 1);
  });
});
