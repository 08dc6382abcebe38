// Hostile payloads (issue 16): bodies that are not objects, other workspaces, estimate ids and modal
// metadata that point elsewhere, and user text that would act in a notification.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, VIEW } from '../../src/slack/ids.ts';
import { notificationSafe } from '../../src/slack/deliver.ts';
import { command, eventBody, eventually, post, sendEvent, sendInteraction, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ teamId: 'T1' });
});
afterAll(() => h.stop());
beforeEach(() => h.fake.reset());

async function report(channel: string): Promise<{ estimateId: string; ts: string }> {
  const c = command(h, '5M req/month 7B model p95 200ms', { channel_id: channel });
  await c.send();
  const call = await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage').find((x) => x.body.channel === channel), 8000, 'report');
  const estimateId = JSON.stringify(call.body.blocks).match(/"value":"(est\d+)"/)![1]!;
  await eventually(() => h.store.get(`estimate:${estimateId}`), (v) => v !== null);
  return { estimateId, ts: String(call.response?.ts) };
}

function click(actionId: string, value: string, o: { team?: string; channel?: string; user?: string; ts?: string; id?: string } = {}) {
  const ts = o.ts ?? '1700000000.000100';
  return {
    type: 'block_actions',
    user: { id: o.user ?? 'U1', team_id: o.team ?? 'T1' },
    api_app_id: 'A1',
    container: { type: 'message', message_ts: ts, channel_id: o.channel ?? 'C1', is_ephemeral: false },
    trigger_id: `trig-${o.id ?? Math.random()}`,
    team: { id: o.team ?? 'T1' },
    channel: { id: o.channel ?? 'C1' },
    message: { type: 'message', ts },
    response_url: h.fake.responseUrl(o.id ?? 'click'),
    actions: [{ action_id: actionId, block_id: 'b', type: 'button', value, action_ts: String(Date.now() / 1000) }],
  };
}

describe('bodies that are not objects', () => {
  it('get a 400 and the process keeps serving', async () => {
    for (const [body, type] of [
      ['null', 'application/json'],
      ['[]', 'application/json'],
      ['123', 'application/json'],
      ['"text"', 'application/json'],
      ['payload=null', 'application/x-www-form-urlencoded'],
      ['payload=%5B%5D', 'application/x-www-form-urlencoded'],
    ] as const) {
      expect((await post(h.base, body, type)).status, body).toBe(400);
    }
    expect((await command(h, 'help').send()).status).toBe(200);
    expect((await fetch(`${h.base}/healthz`)).status).toBe(200);
  });

  it('a request stamped more than five minutes ahead is refused like a stale one', async () => {
    const future = Math.floor(Date.now() / 1000) + 3600;
    expect((await command(h, 'help', {}, { ts: future }).send()).status).toBe(400);
    expect((await command(h, 'help', {}, { ts: Math.floor(Date.now() / 1000) + 60 }).send()).status).toBe(200);
  });
});

describe('another workspace', () => {
  it('gets no answer to a mention', async () => {
    const mention = JSON.parse(eventBody({ type: 'app_mention', user: 'U9', channel: 'C9', ts: '1700000300.000100', text: '<@UBOT> 5M req/month 7B model', event_ts: '1700000300.000100' })) as Record<string, unknown>;
    mention.team_id = 'T2';
    expect((await sendEvent(h, JSON.stringify(mention))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
    expect(h.logs.some((l) => l.includes('request from another workspace ignored'))).toBe(true);
  });
});

describe('estimate ids', () => {
  it('are bound to their channel: Show JSON from another channel says expired', async () => {
    const { estimateId } = await report('CBOUND');
    await sendInteraction(h, click(ACTION.showJson, estimateId, { channel: 'COTHER', id: 'json-other' }));
    const r = await h.fake.waitFor(() => h.fake.responses.find((x) => x.id === 'json-other'), 8000, 'answer');
    expect(JSON.stringify(r.body)).toMatch(/expired/);
    await sendInteraction(h, click(ACTION.showJson, estimateId, { channel: 'CBOUND', id: 'json-same' }));
    const ok = await h.fake.waitFor(() => h.fake.responses.find((x) => x.id === 'json-same'), 8000, 'answer');
    expect(JSON.stringify(ok.body)).not.toMatch(/has expired/);
  });
});

describe('the adjust modal', () => {
  it('carries only ids, and a submission cannot redirect the report to another channel or URL', async () => {
    const { estimateId, ts } = await report('CMODAL');
    await sendInteraction(h, click(ACTION.adjust, estimateId, { channel: 'CMODAL', ts, id: 'adj' }));
    const open = await h.fake.waitFor(() => h.fake.callsTo('views.open')[0], 5000, 'views.open');
    const view = open.body.view as { private_metadata: string; blocks: unknown[] };
    const meta = JSON.parse(view.private_metadata) as Record<string, string>;
    expect(Object.keys(meta).sort()).toEqual(['e', 'k']);
    const submit = (metadata: string, user = 'U1') =>
      sendInteraction(h, {
        type: 'view_submission',
        team: { id: 'T1' },
        user: { id: user, team_id: 'T1' },
        api_app_id: 'A1',
        trigger_id: `trig-sub-${Math.random()}`,
        view: { id: 'V1', type: 'modal', callback_id: VIEW.adjust, private_metadata: metadata, state: { values: {} }, hash: 'h', blocks: view.blocks },
      });
    // A tampered metadata (old shape naming a channel and a URL), or another user's modal: refused on the form.
    const tampered = await submit(JSON.stringify({ e: estimateId, c: 'CEVIL', r: 'http://127.0.0.1:9/ssrf' }));
    expect(tampered.text).toContain('"response_action":"errors"');
    const otherUser = await submit(view.private_metadata, 'U2');
    expect(otherUser.text).toContain('"response_action":"errors"');
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === 'CEVIL')).toHaveLength(0);
  });
});

describe('notification text', () => {
  it('never carries a broadcast or a disguised link from user text', () => {
    expect(notificationSafe('Llama <!here> FREE GPUs <https://evil.example/login|sso.example.com>')).toBe(
      'Llama &lt;!here&gt; FREE GPUs &lt;https://evil.example/login|sso.example.com&gt;',
    );
    expect(notificationSafe('<@U123> adjusted the assumptions. <!channel> <!subteam^S1>')).toBe('<@U123> adjusted the assumptions. &lt;!channel&gt; &lt;!subteam^S1&gt;');
  });

  it('of a posted report with a YAML model name full of mentions stays inert', async () => {
    const yaml = 'model:\n  name: "<!here> FREE GPUs <https://evil.example/login|sso.example.com>"\n  params: 7B\nrequests_per_month: 5000000';
    const c = command(h, yaml, { channel_id: 'CYAML' });
    await c.send();
    const sent = await h.fake.waitFor(
      () => h.fake.callsTo('chat.postMessage').find((x) => x.body.channel === 'CYAML') ?? h.fake.responses.find((r) => r.id === c.id),
      8000,
      'an answer',
    );
    const text = String('body' in sent ? (sent.body as { text?: unknown }).text : '');
    expect(text).not.toContain('<!here>');
    expect(text).not.toContain('<https://evil');
  });
});

describe('a revoked token', () => {
  it('is not "try again in a minute": the user hears the app must be reinstalled, and the operator an error', async () => {
    h.fake.fail('chat.postMessage', { kind: 'error', error: 'token_revoked' });
    const c = command(h, '5M req/month 7B model p95 200ms', { channel_id: 'CREVOKED' });
    await c.send();
    const r = await h.fake.waitFor(() => h.fake.responses.find((x) => x.id === c.id), 8000, 'the answer');
    expect(JSON.stringify(r.body)).toContain('reinstalls InferCost');
    expect(JSON.stringify(r.body)).not.toContain('try again in a minute');
    expect(h.logs.some((l) => l.includes('"level":50') && l.includes('must be reinstalled'))).toBe(true);
  });
});
