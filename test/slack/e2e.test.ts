// End to end over loopback: the real Bolt app in HTTP mode, signed requests as Slack sends them,
// and FakeSlack standing in for the Web API and response_url. Assertions are on what was posted.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, ADJUST_FIELD, VIEW } from '../../src/slack/ids.ts';
import { BOT_TOKEN, command, eventBody, eventually, sendEvent, sendInteraction, startHarness, textOf, type Harness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});
beforeEach(() => {
  h.fake.reset();
});

type Blocks = { type: string; text?: { text: string }; elements?: { action_id?: string; value?: string }[] }[];

async function postedReport(channel = 'C1') {
  const call = await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage').find((c) => c.body.channel === channel), 8000, 'chat.postMessage');
  return call;
}

function buttonValue(blocks: Blocks, actionId: string): string {
  const actions = blocks.find((b) => b.type === 'actions');
  const v = actions?.elements?.find((e) => e.action_id === actionId)?.value;
  if (!v) throw new Error(`no ${actionId} button`);
  return v;
}

describe('slash command', () => {
  it('acks at once and posts the report in the channel', async () => {
    const cmd = command(h, '5M req/month 7B model p95 200ms');
    const res = await cmd.send();
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const call = await postedReport();
    expect(call.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    const blocks = call.body.blocks as Blocks;
    expect(blocks[0]!.type).toBe('header');
    expect(blocks[0]!.text!.text).toMatch(/^Inference cost: 5M requests\/mo/);
    const text = textOf(blocks);
    expect(text).toMatch(/\*Recommended: .+ at \$[\d,.]+\/mo\*/);
    expect(text).toMatch(/per 1K/);
    expect(text).toMatch(/Main options/);
    expect(text).toContain('Prices checked');
    expect(typeof call.body.text).toBe('string');
    expect(call.body.text as string).toMatch(/\$[\d,.]+\/mo/);
    expect(buttonValue(blocks, ACTION.adjust)).toMatch(/^est\d+$/);
    expect(blocks.length).toBeLessThanOrEqual(50);
    // nothing was sent privately
    expect(h.fake.responses.filter((r) => r.id === cmd.id)).toHaveLength(0);
    // the user's App Home lists it, and the thread has state for follow-ups
    const recent = await eventually(() => h.store.recentEstimates('T1', 'U1'), (r) => r.length > 0);
    expect(recent[0]!.text).toBe('5M req/month 7B model p95 200ms');
    const ts = (await h.fake.waitFor(() => h.fake.calls.length > 0 && h.fake.callsTo('chat.postMessage')[0], 1000)).body;
    expect(ts.channel).toBe('C1');
  });

  it('answers help privately', async () => {
    for (const text of ['help', '']) {
      const cmd = command(h, text);
      expect((await cmd.send()).status).toBe(200);
      const r = await h.fake.waitFor(() => h.fake.responses.find((x) => x.id === cmd.id), 5000, 'help response');
      expect(r.body.response_type).toBe('ephemeral');
      expect(textOf(r.body.blocks)).toContain('/infercost 5M req/month 7B model p95 200ms');
    }
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('turns bad input into friendly private copy with an example and a reference, no stack trace', async () => {
    const cmd = command(h, 'hello there, how are you');
    await cmd.send();
    const r = await h.fake.waitFor(() => h.fake.responses.find((x) => x.id === cmd.id), 5000, 'error response');
    expect(r.body.response_type).toBe('ephemeral');
    const text = textOf(r.body.blocks);
    expect(text).toContain("I couldn't estimate that.");
    expect(text).toContain('`/infercost 5M req/month 7B model p95 200ms`');
    const ref = /Reference: `([0-9a-f]{8})`/.exec(text);
    expect(ref).not.toBeNull();
    expect(text).not.toMatch(/Error|at \w+ \(|\.ts:\d+/);
    // the log has the detail under the same correlation id
    expect(h.logs.some((l) => l.includes(ref![1]!) && l.includes('not_a_workload'))).toBe(true);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('falls back to the response_url with an invite hint when the bot is not in the channel', async () => {
    h.fake.fail('chat.postMessage', { kind: 'error', error: 'not_in_channel' });
    const cmd = command(h, '5M req/month 7B model p95 200ms', { channel_id: 'C9' });
    await cmd.send();
    const r = await h.fake.waitFor(() => h.fake.responses.find((x) => x.id === cmd.id), 8000, 'fallback response');
    expect(r.body.response_type).toBe('ephemeral');
    const text = textOf(r.body.blocks);
    expect(text).toContain('/invite @InferCost');
    expect(text).toMatch(/Recommended: .+ at \$/);
  });

  it('waits out a 429 (Retry-After) and still posts', async () => {
    h.fake.fail('chat.postMessage', { kind: 'ratelimit', retryAfter: 0 });
    const cmd = command(h, '5M req/month 7B model p95 200ms');
    await cmd.send();
    await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage').length === 2, 8000, 'retried post');
    expect(h.fake.responses.filter((x) => x.id === cmd.id)).toHaveLength(0);
  });

  it('waits out repeated 429s (Retry-After, then paced) and posts once; the report is never discarded', async () => {
    h.fake.fail('chat.postMessage', { kind: 'ratelimit', retryAfter: 0 }, 4);
    const cmd = command(h, '5M req/month 7B model p95 200ms', { channel_id: 'C429' });
    await cmd.send();
    await h.fake.waitFor(() => h.fake.messages.get('C429')?.length === 1, 15_000, 'the report after the 429s');
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(5);
    expect(h.fake.responses.filter((x) => x.id === cmd.id)).toHaveLength(0);
  });
});

describe('signatures and retries', () => {
  it('refuses a forged signature with 401', async () => {
    const res = await command(h, '5M req/month 7B model p95 200ms', {}, { secret: 'not-the-secret' }).send();
    expect(res.status).toBe(401);
  });

  it('refuses a timestamp older than five minutes with 401', async () => {
    const res = await command(h, '5M req/month 7B model p95 200ms', {}, { ts: Math.floor(Date.now() / 1000) - 301 }).send();
    expect(res.status).toBe(401);
  });

  it('acks a replayed command with 200 and reports once (the job key is taken once)', async () => {
    const c = command(h, '5M req/month 7B model p95 200ms', { channel_id: 'C77' });
    expect((await c.send()).status).toBe(200);
    expect((await c.send()).status).toBe(200);
    await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage').find((x) => x.body.channel === 'C77'), 8000, 'report');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.callsTo('chat.postMessage').filter((x) => x.body.channel === 'C77')).toHaveLength(1);
    expect(h.logs.some((l) => l.includes('duplicate delivery ignored') && l.includes('command:trigger-'))).toBe(true);
  });

  it('acks a retried event with 200 and never replies twice', async () => {
    const body = eventBody({ type: 'app_mention', user: 'U1', channel: 'C1', ts: '1700000100.000100', text: '<@UBOT> 5M req/month 7B model p95 200ms', event_ts: '1700000100.000100' }, 'EvRetry1');
    expect((await sendEvent(h, body)).status).toBe(200);
    const retry = await sendEvent(h, body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    await postedReport();
    // give a second reply every chance to appear
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(h.logs.some((l) => l.includes('duplicate delivery ignored'))).toBe(true);
  });

  it('serves /healthz without a signature', async () => {
    const res = await fetch(`${h.base}/healthz`);
    expect(res.status).toBe(200);
  });

  it('never logs the bot token or the signing secret', () => {
    const all = h.logs.join('\n');
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain('test-signing-secret');
  });
});

describe('mentions and DMs', () => {
  it('answers a mention with a workload in the thread of the mention', async () => {
    await sendEvent(h, eventBody({ type: 'app_mention', user: 'U1', channel: 'C2', ts: '1700000200.000100', text: '<@UBOT> 5M req/month 7B model p95 200ms' }));
    const call = await postedReport('C2');
    expect(call.body.thread_ts).toBe('1700000200.000100');
    expect(textOf(call.body.blocks)).toMatch(/Recommended: .+ at \$/);
  });

  it('answers a DM with a workload in the DM', async () => {
    await sendEvent(
      h,
      eventBody({ type: 'message', channel_type: 'im', user: 'U1', channel: 'D1', ts: '1700000300.000100', text: 'Llama 3.1 8B, 20 rps peak, 500 tokens in and 200 out, p95 2s on AWS' }),
    );
    const call = await postedReport('D1');
    expect(call.body.thread_ts).toBeUndefined();
    expect(textOf(call.body.blocks)).toMatch(/Recommended: .+ at \$/);
  });

  it('ignores ordinary channel messages and bot messages', async () => {
    await sendEvent(h, eventBody({ type: 'message', channel_type: 'channel', user: 'U1', channel: 'C3', ts: '1700000400.000100', text: '5M req/month 7B model' }));
    await sendEvent(h, eventBody({ type: 'message', subtype: 'bot_message', bot_id: 'B2', channel_type: 'im', channel: 'D1', ts: '1700000401.000100', text: '5M req/month 7B model' }));
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('publishes App Home with recent estimates', async () => {
    await sendEvent(h, eventBody({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1700000500.000100' }));
    const call = await h.fake.waitFor(() => h.fake.callsTo('views.publish')[0], 5000, 'views.publish');
    expect(call.body.user_id).toBe('U1');
    const text = textOf((call.body.view as { blocks: unknown }).blocks);
    expect(text).toContain('Your recent estimates');
    expect(text).toContain('5M req/month 7B model p95 200ms');
  });
});

describe('buttons and the adjust modal', () => {
  async function reportFor(text: string) {
    const cmd = command(h, text);
    await cmd.send();
    const call = await postedReport();
    const ts = `${Date.now()}.000100`;
    return { cmd, blocks: call.body.blocks as Blocks, ts };
  }

  function blockAction(actionId: string, value: string, messageTs: string, responseUrl: string) {
    return {
      type: 'block_actions',
      user: { id: 'U1', username: 'ana', team_id: 'T1' },
      api_app_id: 'A1',
      token: 'legacy',
      container: { type: 'message', message_ts: messageTs, channel_id: 'C1', is_ephemeral: false },
      trigger_id: `trig-${actionId}-${messageTs}`,
      team: { id: 'T1', domain: 'fake' },
      channel: { id: 'C1', name: 'ml-costs' },
      message: { type: 'message', ts: messageTs, text: 'report' },
      response_url: responseUrl,
      actions: [{ action_id: actionId, block_id: 'infercost_report_actions', type: 'button', value, action_ts: String(Date.now() / 1000) }],
    };
  }

  it('opens the modal prefilled, and a submission posts the re-estimate in the thread', async () => {
    const { blocks, ts } = await reportFor('5M req/month 7B model p95 200ms');
    h.fake.reset();
    const res = await sendInteraction(h, blockAction(ACTION.adjust, buttonValue(blocks, ACTION.adjust), ts, h.fake.responseUrl('act1')));
    expect(res.status).toBe(200);
    const open = await h.fake.waitFor(() => h.fake.callsTo('views.open')[0], 5000, 'views.open');
    const view = open.body.view as { callback_id: string; private_metadata: string; blocks: { block_id?: string; element?: { initial_value?: string; initial_option?: { value: string } } }[] };
    expect(view.callback_id).toBe(VIEW.adjust);
    const el = (id: string) => view.blocks.find((b) => b.block_id === id)?.element;
    expect(el(ADJUST_FIELD.requestsPerMonth)?.initial_value).toBe('5000000');
    expect(el(ADJUST_FIELD.latencyMs)?.initial_value).toBe('200');
    expect(el(ADJUST_FIELD.percentile)?.initial_option?.value).toBe('95');
    expect(el(ADJUST_FIELD.model)?.initial_value).toMatch(/7B/);

    // submit with a bad value: errors on the input, nothing posted
    const values = (over: Record<string, unknown> = {}) => {
      const v: Record<string, Record<string, unknown>> = {};
      for (const b of view.blocks) {
        if (!b.block_id || !b.element) continue;
        const e = b.element as { type?: string; initial_value?: string; initial_option?: unknown; initial_options?: unknown };
        v[b.block_id] = {
          [b.block_id]:
            e.type === 'static_select'
              ? { type: e.type, selected_option: e.initial_option }
              : e.type === 'checkboxes'
                ? { type: e.type, selected_options: e.initial_options ?? [] }
                : { type: e.type, value: e.initial_value ?? null },
        };
      }
      for (const [k, val] of Object.entries(over)) v[k] = { [k]: val };
      return v;
    };
    const submission = (state: Record<string, unknown>, n: number) => ({
      type: 'view_submission',
      team: { id: 'T1', domain: 'fake' },
      user: { id: 'U1', username: 'ana', team_id: 'T1' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: `trig-view-${n}-${ts}`,
      view: { id: 'V1', type: 'modal', callback_id: VIEW.adjust, private_metadata: view.private_metadata, state: { values: state }, hash: 'h1', blocks: view.blocks },
    });
    const bad = await sendInteraction(h, submission(values({ [ADJUST_FIELD.latencyMs]: { type: 'number_input', value: '0' } }), 1));
    expect(bad.status).toBe(200);
    expect(JSON.parse(bad.text)).toMatchObject({ response_action: 'errors', errors: { [ADJUST_FIELD.latencyMs]: expect.any(String) } });

    // a good one: 10× the volume and a 1 s target → a new report in the thread
    const good = await sendInteraction(
      h,
      submission(
        values({
          [ADJUST_FIELD.requestsPerMonth]: { type: 'number_input', value: '50000000' },
          [ADJUST_FIELD.latencyMs]: { type: 'number_input', value: '1000' },
        }),
        2,
      ),
    );
    expect(good.status).toBe(200);
    expect(good.text).toBe('');
    const call = await postedReport();
    expect(call.body.thread_ts).toBe(ts);
    const text = textOf(call.body.blocks);
    expect((call.body.blocks as Blocks)[0]!.text!.text).toMatch(/50M requests\/mo .* p95 1 s/);
    expect(text).toContain('<@U1> adjusted the assumptions.');
    expect(text).toMatch(/Recommended: .+ at \$/);
  });

  it('shows all options and the JSON privately', async () => {
    const { blocks, ts } = await reportFor('5M req/month 7B model p95 200ms');
    await sendInteraction(h, blockAction(ACTION.showAll, buttonValue(blocks, ACTION.showAll), ts, h.fake.responseUrl('all1')));
    const all = await h.fake.waitFor(() => h.fake.responses.find((r) => r.id === 'all1'), 5000, 'all options');
    expect(all.body.response_type).toBe('ephemeral');
    expect((all.body.blocks as Blocks)[0]!.text!.text).toMatch(/^All \d+ options/);
    expect((all.body.blocks as Blocks).length).toBeLessThanOrEqual(50);

    await sendInteraction(h, blockAction(ACTION.showJson, buttonValue(blocks, ACTION.showJson), `${ts}1`, h.fake.responseUrl('json1')));
    const json = await h.fake.waitFor(() => h.fake.responses.find((r) => r.id === 'json1'), 5000, 'json');
    expect(textOf(json.body.blocks)).toContain('```{\n  "version": 1,');
  });

  it('says an unknown estimate has expired', async () => {
    await sendInteraction(h, blockAction(ACTION.showAll, 'est-gone', '1700000999.000100', h.fake.responseUrl('gone')));
    const r = await h.fake.waitFor(() => h.fake.responses.find((x) => x.id === 'gone'), 5000, 'expired');
    expect(textOf(r.body.blocks)).toContain('expired');
  });
});
