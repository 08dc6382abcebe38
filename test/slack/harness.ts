// Starts the real app (HTTP mode) on an ephemeral port against FakeSlack, and sends requests signed
// exactly as Slack signs them.

import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import { loadIntents } from '../../src/catalog/intents.ts';
import { loadEmbeddedCatalog, loadKnownModels } from '../../src/catalog/embedded.ts';
import { createApp, type AppDeps, type InferCostApp, type JobOptions } from '../../src/slack/app.ts';
import type { GateOptions } from '../../src/slack/post-gate.ts';
import { loadConfig } from '../../src/slack/config.ts';
import { createLogger } from '../../src/slack/logger.ts';
import { openSqliteStore, type Store } from '../../src/store/index.ts';
import type { JobQueue } from '../../src/jobs/job-queue.ts';
import { FakeSlack } from './fake-slack.ts';

export const SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-token-123';

export interface Harness {
  fake: FakeSlack;
  app: InferCostApp;
  store: Store & JobQueue;
  base: string;
  logs: string[];
  /** Stop the app (not the store) and start a new one on the same store, as a restart does. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** The store (default: a fresh in-memory SQLite store); the harness closes it on stop. */
  store?: Store & JobQueue;
  /** More environment for the configuration (a blank value removes a default, e.g. SLACK_BOT_TOKEN: ''). */
  env?: Record<string, string>;
  readinessChecks?: AppDeps['readinessChecks'];
  sharedStore?: boolean;
  jobOptions?: Partial<JobOptions>;
  gate?: Partial<GateOptions>;
  teamId?: string;
  maxQueuedJobs?: number;
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const fake = new FakeSlack();
  await fake.start();
  const cfg = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'debug', PORT: '0', ...o.env });
  if (!cfg.ok) throw new Error(cfg.message);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString('utf8'));
      cb();
    },
  });
  const logger = createLogger('debug', sink);
  const store = o.store ?? openSqliteStore(':memory:');
  let n = 0;
  const core = { catalog: loadEmbeddedCatalog(), models: loadKnownModels() };
  const intents = loadIntents();
  const make = () =>
    createApp(cfg.config, {
      store,
      core,
      logger,
      newId: () => `est${++n}`,
      intents,
      retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 20, factor: 1 },
      ...(o.jobOptions ? { jobOptions: o.jobOptions } : {}),
      ...(o.gate ? { gate: o.gate } : {}),
      ...(o.teamId ? { teamId: o.teamId } : {}),
      ...(o.readinessChecks ? { readinessChecks: o.readinessChecks } : {}),
      ...(o.sharedStore ? { sharedStore: true } : {}),
      ...(o.maxQueuedJobs ? { maxQueuedJobs: o.maxQueuedJobs } : {}),
    });
  const app = make();
  const { port } = await app.start(0);
  const h: Harness = {
    fake,
    app,
    store,
    base: `http://127.0.0.1:${port}`,
    logs,
    async restart() {
      await h.app.stop(2000);
      h.app = make();
      h.base = `http://127.0.0.1:${(await h.app.start(0)).port}`;
    },
    async stop() {
      await h.app.stop(2000);
      await store.close();
      await fake.stop();
    },
  };
  return h;
}

export function sign(body: string, ts: number, secret = SECRET): string {
  return 'v0=' + createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
}

export interface SendOptions {
  ts?: number;
  secret?: string;
  signature?: string;
  headers?: Record<string, string>;
}

export async function post(base: string, body: string, contentType: string, o: SendOptions = {}): Promise<{ status: number; text: string }> {
  const ts = o.ts ?? Math.floor(Date.now() / 1000);
  const res = await fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': o.signature ?? sign(body, ts, o.secret),
      ...o.headers,
    },
    body,
  });
  return { status: res.status, text: await res.text() };
}

let trigger = 0;
export function command(h: Harness, text: string, extra: Record<string, string> = {}, o: SendOptions = {}) {
  const id = `cmd${++trigger}`;
  const body = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T1',
    team_domain: 'fake',
    channel_id: 'C1',
    channel_name: 'ml-costs',
    user_id: 'U1',
    user_name: 'ana',
    command: '/infercost',
    text,
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: h.fake.responseUrl(id),
    trigger_id: `trigger-${id}`,
    ...extra,
  }).toString();
  return { id, send: () => post(h.base, body, 'application/x-www-form-urlencoded', o), sendTo: (base: string) => post(base, body, 'application/x-www-form-urlencoded', o) };
}

let eventN = 0;
export function eventBody(event: Record<string, unknown>, eventId = `Ev${++eventN}`): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: 'T1',
    api_app_id: 'A1',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: 1_700_000_000,
    authorizations: [{ enterprise_id: null, team_id: 'T1', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
  });
}

export function sendEvent(h: Harness, body: string, o: SendOptions = {}) {
  return post(h.base, body, 'application/json', o);
}

export function sendInteraction(h: Harness, payload: Record<string, unknown>, o: SendOptions = {}) {
  return post(h.base, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', o);
}

/** All mrkdwn/plain text in a list of blocks, for assertions. */
export function textOf(blocks: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return out.join('\n');
}

/** Re-read until `ok` holds (or the time is up) and return the last value: the store is written
 * after a message is posted, so a test that has seen the post may read the store a moment early. */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let v = await read();
  while (!ok(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    v = await read();
  }
  return v;
}
