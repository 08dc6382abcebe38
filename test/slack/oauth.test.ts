// Multi-workspace installs through the real app over loopback, on both store backends: the OAuth
// install (state verified against the browser's cookie), each workspace answered with its own token,
// tokens encrypted at rest, token rotation, uninstall deleting the workspace's data, and isolation:
// one workspace never reads or acts on another's estimates, threads, saved workloads or digests.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/ids.ts';
import { createDigestScheduler, digestClient } from '../../src/slack/digest-scheduler.ts';
import type { Store } from '../../src/store/index.ts';
import type { JobQueue } from '../../src/jobs/job-queue.ts';
import { BACKENDS } from '../store/backends.ts';
import { workload as fixtureWorkload } from './fixtures.ts';
import type { Call } from './fake-slack.ts';
import { command, eventually, post, sendInteraction, startHarness, textOf, type Harness } from './harness.ts';

const KEY = 'a'.repeat(64);
const OAUTH_ENV = {
  SLACK_BOT_TOKEN: '',
  SLACK_CLIENT_ID: '123.456',
  SLACK_CLIENT_SECRET: 'fake-client-secret',
  SLACK_STATE_SECRET: 'state-secret-for-tests-0123456789',
  INFERCOST_ENCRYPTION_KEY: KEY,
};
const WORKLOAD = '5M req/month 7B model p95 200ms';
const tokenOf = (c: Call) => /^Bearer (.+)$/.exec(String(c.headers.authorization ?? ''))?.[1] ?? String(c.body.token ?? '');

/** The browser's side of an install: open /slack/install, follow Slack back to the redirect with the code. */
async function install(h: Harness, code: string, o: { cookie?: boolean; state?: string } = {}): Promise<{ status: number; text: string }> {
  const page = await fetch(`${h.base}/slack/install`);
  expect(page.status).toBe(200);
  const html = await page.text();
  const authorizeUrl = /<a href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  expect(authorizeUrl).toMatch(/^https:\/\/slack\.com\/oauth\/v2\/authorize\?/);
  const url = new URL(authorizeUrl!);
  expect(url.searchParams.get('client_id')).toBe('123.456');
  expect(url.searchParams.get('scope')).toContain('chat:write');
  const state = o.state ?? url.searchParams.get('state')!;
  const cookie = (page.headers.getSetCookie().find((c) => c.startsWith('slack-app-oauth-state=')) ?? '').split(';')[0]!;
  expect(cookie).not.toBe('');
  const back = await fetch(`${h.base}/slack/oauth_redirect?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`, {
    headers: o.cookie === false ? {} : { cookie },
    redirect: 'manual',
  });
  return { status: back.status, text: await back.text() };
}

function cmd(h: Harness, team: string, text: string, channel = 'C1') {
  return command(h, text, { team_id: team, channel_id: channel, user_id: `U-${team}` });
}

/** `/infercost <text>` from a workspace; its private reply's text. */
async function privately(h: Harness, team: string, text: string, channel = 'C1'): Promise<string> {
  const c = cmd(h, team, text, channel);
  expect((await c.send()).status).toBe(200);
  const r = await h.fake.waitFor(() => h.fake.responses.find((x) => x.id === c.id), 8000, `reply to ${text}`);
  return textOf(r.body.blocks) || String(r.body.text ?? '');
}

function event(team: string, ev: Record<string, unknown>, id: string): string {
  return JSON.stringify({
    token: 'legacy',
    team_id: team,
    api_app_id: 'A1',
    event: ev,
    type: 'event_callback',
    event_id: id,
    event_time: 1_700_000_000,
    authorizations: [{ enterprise_id: null, team_id: team, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
  });
}

describe.each(BACKENDS)('multi-workspace installs on $name', (b) => {
  let h: Harness;
  let store: Store & JobQueue;
  let n = 0;
  const uniq = () => `${b.name}-${++n}`;

  beforeAll(async () => {
    if (b.skip) return;
    store = await b.open(() => new Date());
    h = await startHarness({ store, env: OAUTH_ENV });
    h.fake.installs.set('code-T1', { teamId: 'T1', botToken: 'xoxb-team-one' });
    h.fake.installs.set('code-T2', { teamId: 'T2', botToken: 'xoxb-team-two' });
    expect((await install(h, 'code-T1')).status).toBe(200);
    expect((await install(h, 'code-T2')).status).toBe(200);
  });
  afterAll(async () => {
    await h?.stop();
  });
  beforeEach(() => {
    if (!b.skip) h.fake.reset();
  });

  it.skipIf(b.skip)('installs with a verified state, stores the installation encrypted, and answers each workspace with its own token', async () => {
    const row = await store.getInstallation('T:T1');
    expect(row).toMatchObject({ teamId: 'T1', enterpriseId: null });
    expect(row!.data).toMatch(/^v1\.k[0-9a-f]{8}\./);
    expect(row!.data).not.toContain('xoxb-team-one'); // never plaintext at rest

    for (const [team, token] of [['T1', 'xoxb-team-one'], ['T2', 'xoxb-team-two']] as const) {
      h.fake.reset();
      const c = cmd(h, team, WORKLOAD);
      expect((await c.send()).status).toBe(200);
      const posted = await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage')[0], 8000, `report for ${team}`);
      expect(tokenOf(posted)).toBe(token);
      expect(textOf(posted.body.blocks)).toMatch(/Recommended: .+ at \$/);
    }
  });

  it.skipIf(b.skip)('refuses an install whose state is not this browser’s, or forged', async () => {
    h.fake.installs.set('code-T9', { teamId: 'T9', botToken: 'xoxb-team-nine' });
    const noCookie = await install(h, 'code-T9', { cookie: false });
    expect(noCookie.status).not.toBe(200);
    const forged = await install(h, 'code-T9', { state: 'forged-state' });
    expect(forged.status).not.toBe(200);
    expect(h.fake.callsTo('oauth.v2.access')).toHaveLength(0); // the code was never exchanged
    expect(await store.getInstallation('T:T9')).toBeNull();
  });

  it.skipIf(b.skip)('keeps saved workloads, digests, estimates and threads apart between workspaces', async () => {
    // Workspace 1 saves a workload and subscribes channel C1 (the same channel id in workspace 2).
    expect(await privately(h, 'T1', `save chat-bot ${WORKLOAD}`)).toContain('Saved *chat-bot*');
    expect(await privately(h, 'T1', 'digest every Monday 9am')).toContain('Subscribed');
    // Workspace 2 sees none of it, and cannot forget or unsubscribe it.
    expect(await privately(h, 'T2', 'list')).toContain('No workloads are saved in this channel');
    expect(await privately(h, 'T2', 'forget chat-bot')).not.toContain('Forgot');
    expect(await privately(h, 'T2', 'digest off')).not.toMatch(/^Unsubscribed/);
    expect((await store.listWorkloads('T1', 'C1')).map((w) => w.name)).toEqual(['chat-bot']);
    expect(await store.getSubscription('T1', 'C1')).toMatchObject({ paused: false });
    expect(await store.listWorkloads('T2', 'C1')).toEqual([]);

    // Workspace 1's report: its buttons carry an estimate id, and it starts a thread.
    h.fake.reset();
    const c = cmd(h, 'T1', WORKLOAD);
    await c.send();
    const report = await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage')[0], 8000, 'report');
    const estimateId = JSON.stringify(report.body.blocks).match(/"value":"([^"]+)"/)?.[1];
    expect(estimateId).toBeTruthy();
    const threadTs = String(report.response!.ts);
    await h.fake.waitFor(() => true);
    const click = (team: string) =>
      sendInteraction(h, {
        type: 'block_actions',
        team: { id: team, domain: team },
        user: { id: `U-${team}`, team_id: team },
        api_app_id: 'A1',
        channel: { id: 'C1' },
        container: { type: 'message', channel_id: 'C1', message_ts: threadTs },
        message: { ts: threadTs },
        response_url: h.fake.responseUrl(`click-${team}-${uniq()}`),
        trigger_id: `trigger-${uniq()}`,
        actions: [{ action_id: ACTION.showJson, block_id: 'b', value: estimateId, type: 'button', action_ts: '1' }],
      });
    // Workspace 2 clicking workspace 1's estimate id gets "expired", never the estimate.
    expect((await click('T2')).status).toBe(200);
    const theirs = await h.fake.waitFor(() => h.fake.responses.find((r) => r.id.startsWith('click-T2')), 8000, 'T2 click reply');
    expect(JSON.stringify(theirs.body)).not.toContain('requestsPerMonth');
    expect((await click('T1')).status).toBe(200);
    const ours = await h.fake.waitFor(() => h.fake.responses.find((r) => r.id.startsWith('click-T1')), 8000, 'T1 click reply');
    // Its own workspace gets the whole report as a file in the thread, uploaded with its own token.
    expect(JSON.stringify(ours.body)).toContain('infercost-report.json');
    const upload = [...h.fake.uploads.values()].find((u) => u.filename === 'infercost-report.json')!;
    expect(upload.bytes.toString('utf8')).toContain('requestsPerMonth');
    expect(h.fake.callsTo('files.getUploadURLExternal').map(tokenOf)).toEqual(['xoxb-team-one']);

    // A reply in that thread from workspace 2 (same channel id and ts) finds no thread: no answer.
    expect(await store.getThread({ teamId: 'T1', channelId: 'C1', threadTs })).not.toBeNull();
    expect(await store.getThread({ teamId: 'T2', channelId: 'C1', threadTs })).toBeNull();
    h.fake.reset();
    const reply = event('T2', { type: 'message', channel: 'C1', channel_type: 'channel', user: 'U-T2', text: 'what if traffic triples', ts: '1700009999.000100', thread_ts: threadTs }, `Ev-${uniq()}`);
    expect((await post(h.base, reply, 'application/json')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);

    // Digests: each workspace's digest is posted with its own token and lists only its workloads.
    await privately(h, 'T2', `save t2-only ${WORKLOAD}`);
    await privately(h, 'T2', 'digest every Monday 9am');
    h.fake.reset();
    const scheduler = createDigestScheduler({
      store,
      core: h.app.services.core,
      logger: h.app.services.logger,
      // A Monday 09:30 in London (users' default zone in FakeSlack): this week's digest is due.
      now: () => new Date(Date.now() + 8 * 24 * 3600 * 1000),
      client: async (team) => digestClient(await h.app.botTokenFor(team), h.fake.apiUrl),
    });
    const outcomes = await scheduler.tick();
    expect(outcomes.filter((o) => o.kind === 'posted')).toHaveLength(2);
    const posts = h.fake.callsTo('chat.postMessage');
    const byToken = new Map(posts.map((p) => [tokenOf(p), textOf(p.body.blocks)]));
    expect(byToken.get('xoxb-team-one')).toContain('chat-bot');
    expect(byToken.get('xoxb-team-one')).not.toContain('t2-only');
    expect(byToken.get('xoxb-team-two')).toContain('t2-only');
    expect(byToken.get('xoxb-team-two')).not.toContain('chat-bot');
  });

  it.skipIf(b.skip)('rotates an expiring bot token on use, and stores the new one (encrypted)', async () => {
    h.fake.installs.set('code-T3', { teamId: 'T3', botToken: 'xoxb-team-three', refreshToken: 'xoxe-1-refresh-T3', expiresIn: 3600 });
    expect((await install(h, 'code-T3')).status).toBe(200);
    h.fake.reset();
    // The token expires within two hours: the next request refreshes it first and uses the new one.
    await cmd(h, 'T3', WORKLOAD).send();
    const posted = await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage')[0], 8000, 'report for T3');
    const refresh = h.fake.callsTo('oauth.v2.access');
    expect(refresh.map((c) => c.body.grant_type)).toEqual(['refresh_token']);
    expect(tokenOf(posted)).toMatch(/^xoxb-team-three-r\d+$/);
    const row = await store.getInstallation('T:T3');
    expect(row!.data).not.toContain('xoxb-team-three');
    // The stored installation now carries the new token: the next token asked for is the same one.
    expect(await h.app.botTokenFor('T3')).toBe(tokenOf(posted));
  });

  it.skipIf(b.skip)('app_uninstalled deletes that workspace’s installation and data, and nothing of another’s', async () => {
    h.fake.installs.set('code-T4', { teamId: 'T4', botToken: 'xoxb-team-four' });
    expect((await install(h, 'code-T4')).status).toBe(200);
    expect(await privately(h, 'T4', `save four ${WORKLOAD}`)).toContain('Saved *four*');
    expect(await privately(h, 'T4', 'digest every Monday 9am')).toContain('Subscribed');
    const t1Before = (await store.listWorkloads('T1', 'C1')).length;
    // A posted digest each: the trend history is the workspace's data too.
    const snap = (name: string) => ({ name, optionId: 'o', optionName: 'O', monthlyMicroUsd: 1_000_000, prices: [], workloadHash: 'h', workload: fixtureWorkload, catalogFingerprint: 'f', takenAt: '2026-11-30T09:00:00.000Z' });
    for (const team of ['T1', 'T2', 'T4']) await store.completeDigestRun({ teamId: team, channelId: 'CTREND', periodKey: '2026-W49' }, '1.1', [snap('four')]);

    const bye = event('T4', { type: 'app_uninstalled', event_ts: '1700000000.000100' }, `Ev-${uniq()}`);
    expect((await post(h.base, bye, 'application/json')).status).toBe(200);
    await h.fake.waitFor(() => true);
    const gone = async () => (await store.getInstallation('T:T4')) === null && (await store.listWorkloads('T4', 'C1')).length === 0;
    await eventually(gone, Boolean, 10_000);
    expect(await store.getInstallation('T:T4')).toBeNull();
    expect(await store.listWorkloads('T4', 'C1')).toEqual([]);
    expect(await store.getSubscription('T4', 'C1')).toBeNull();
    await expect(h.app.botTokenFor('T4')).rejects.toThrow();
    // Workspace 1 keeps everything.
    expect(await store.getInstallation('T:T1')).not.toBeNull();
    expect(await store.listWorkloads('T1', 'C1')).toHaveLength(t1Before);
    expect(await store.digestHistory('T4', 'CTREND')).toEqual([]);
    expect(await store.digestHistory('T1', 'CTREND')).toHaveLength(1);

    // A revoked bot token (tokens_revoked) does the same; revoked user tokens alone delete nothing.
    const userOnly = event('T2', { type: 'tokens_revoked', tokens: { oauth: ['U-T2'], bot: [] } }, `Ev-${uniq()}`);
    expect((await post(h.base, userOnly, 'application/json')).status).toBe(200);
    const revoked = event('T2', { type: 'tokens_revoked', tokens: { oauth: [], bot: ['UBOT'] } }, `Ev-${uniq()}`);
    expect((await post(h.base, revoked, 'application/json')).status).toBe(200);
    await eventually(async () => (await store.getInstallation('T:T2')) === null && (await store.listWorkloads('T2', 'C1')).length === 0, Boolean, 10_000);
    expect(await store.getInstallation('T:T2')).toBeNull();
    expect(await store.listWorkloads('T2', 'C1')).toEqual([]);
    expect(await store.digestHistory('T2', 'CTREND')).toEqual([]);
    expect(await store.getInstallation('T:T1')).not.toBeNull();
    expect(await store.digestHistory('T1', 'CTREND')).toHaveLength(1);
  });
});
