// Threaded follow-ups end to end over loopback: a reply in a report's thread gets a threaded answer
// with numbers re-evaluated by the same engine; the bot's own messages, other bots, unrelated
// threads and retried deliveries get no reply.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadEmbeddedCatalog, loadKnownModels } from '../../src/catalog/embedded.ts';
import { evaluate } from '../../src/core/engine/evaluate.ts';
import { atVolume } from '../../src/core/engine/break-even.ts';
import { estimate } from '../../src/core/pipeline.ts';
import { usd } from '../../src/core/render/format.ts';
import { command, eventBody, eventually, sendEvent, startHarness, textOf, type Harness } from './harness.ts';

let h: Harness;
const core = { catalog: loadEmbeddedCatalog(), models: loadKnownModels() };

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});
beforeEach(() => h.fake.reset());

const settle = () => new Promise((r) => setTimeout(r, 400));

function reply(channel: string, threadTs: string, text: string, extra: Record<string, unknown> = {}, eventId?: string) {
  return eventBody({ type: 'message', channel_type: 'channel', user: 'U2', channel, ts: `${Date.now() / 1000}`, thread_ts: threadTs, text, ...extra }, eventId);
}

describe('threaded follow-ups', () => {
  it('answers "what if traffic triples?" in the thread with the re-evaluated cost', async () => {
    const rootTs = await threadRoot('5M req/month 7B model p95 200ms', 'C10');
    await sendEvent(h, reply('C10', rootTs, 'what if traffic triples?'));
    const answer = await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage').find((c) => c.body.thread_ts === rootTs), 8000, 'threaded answer');
    const text = textOf(answer.body.blocks);
    // The same engine on the tripled workload gives the number the thread shows.
    const base = estimate('5M req/month 7B model p95 200ms', core);
    if (!base.ok) throw new Error('guide example must parse');
    const tripled = evaluate({ ...base.value.parsed, workload: atVolume(base.value.parsed.workload, 15e6) }, core);
    const rec = tripled.options.find((o) => o.id === tripled.recommendation.optionId)!;
    expect(text).toContain(usd(rec.monthlyUsd).replace(/\.\d\d$/, ''));
    expect(text).toMatch(/15M|triple|×3/i);
    expect(text).toContain('relative to 5M/month');
    // A what-if is hypothetical: the thread keeps 5M and remembers the what-if for "let's go with that".
    const key = { teamId: 'T1', channelId: 'C10', threadTs: rootTs };
    const state = await eventually(() => h.store.getThread(key), (t) => t?.hypothesis?.parsed.workload.requestsPerMonth === 15e6);
    expect(state?.parsed.workload.requestsPerMonth).toBe(5e6);
  });

  it('a conversation people steer: what-ifs do not compound, undo goes back, compare does not switch', async () => {
    const rootTs = await threadRoot('5M req/month 7B model p95 200ms', 'C14');
    const key = { teamId: 'T1', channelId: 'C14', threadTs: rootTs };
    const answers = () => h.fake.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === rootTs);
    const ask = async (text: string): Promise<string> => {
      const n = answers().length;
      await sendEvent(h, reply('C14', rootTs, text));
      const a = await h.fake.waitFor(() => answers()[n], 8000, `answer to "${text}"`);
      // The thread is written after the answer is posted: wait for it before the next turn.
      await eventually(() => h.store.getThread(key), (t) => t !== null && t.updatedAt !== last);
      last = (await h.store.getThread(key))!.updatedAt;
      return textOf(a.body.blocks);
    };
    let last = (await h.store.getThread(key))!.updatedAt;
    const base = estimate('5M req/month 7B model p95 200ms', core);
    if (!base.ok) throw new Error('guide example must parse');
    const at = (w: Parameters<typeof evaluate>[0]['workload']) => {
      const r = evaluate({ ...base.value.parsed, workload: w }, core);
      return usd(r.options.find((o) => o.id === r.recommendation.optionId)!.monthlyUsd).replace(/\.\d\d$/, '');
    };
    const tripled = at(atVolume(base.value.parsed.workload, 15e6));

    // Two identical what-ifs both answer 15M (5M → 15M, not 15M → 45M).
    for (let i = 0; i < 2; i++) {
      const t = await ask('what if traffic triples?');
      expect(t).toContain('5M → 15M requests a month');
      expect(t).toContain(tripled);
      expect(t).not.toContain('45M');
    }
    expect((await h.store.getThread(key))!.parsed.workload.requestsPerMonth).toBe(5e6);

    // A kept change, then undo restores the previous workload.
    const switched = await ask('switch to int8');
    expect(switched).toMatch(/From now on/);
    expect((await h.store.getThread(key))!.parsed.workload.model.precision).toBe('int8');
    const undone = await ask('undo');
    expect(undone).toMatch(/Undone/);
    expect((await h.store.getThread(key))!.parsed.workload).toEqual(base.value.parsed.workload);

    // "compare with GCP" answers side by side; the next answer is still on any cloud.
    const compared = await ask('compare with GCP');
    expect(compared).toMatch(/Side by side/);
    expect(compared).toContain(at({ ...base.value.parsed.workload, cloud: 'gcp' }));
    expect(compared).toContain(at(base.value.parsed.workload));
    expect((await h.store.getThread(key))!.parsed.workload.cloud).toBeNull();
    const next = await ask('what if traffic doubles?');
    expect(next).not.toMatch(/GCP/);
    expect(next).toContain(at(atVolume(base.value.parsed.workload, 10e6)));

    // "let's go with that" keeps the last what-if (10M); "reset" goes back to the first workload.
    await ask("let's go with that");
    expect((await h.store.getThread(key))!.parsed.workload.requestsPerMonth).toBe(10e6);
    await ask('reset');
    expect((await h.store.getThread(key))!.parsed.workload).toEqual(base.value.parsed.workload);
  });

  it('answers "why not Lambda?" with the reason', async () => {
    const rootTs = await threadRoot('5M req/month 7B model p95 200ms', 'C11');
    await sendEvent(h, reply('C11', rootTs, 'why not Lambda?'));
    const answer = await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage').find((c) => c.body.thread_ts === rootTs), 8000, 'threaded answer');
    expect(textOf(answer.body.blocks)).toMatch(/Lambda/);
    expect(textOf(answer.body.blocks)).toMatch(/10 GB|memory|fit/i);
  });

  it('stays quiet for chatter, its own messages, other bots, unrelated threads and retries', async () => {
    const rootTs = await threadRoot('5M req/month 7B model p95 200ms', 'C12');
    h.fake.reset();
    await sendEvent(h, reply('C12', rootTs, 'lol, see you at lunch'));
    await sendEvent(h, reply('C12', rootTs, 'what if traffic doubles?', { bot_id: 'BSELF', user: 'UBOT' }));
    await sendEvent(h, reply('C12', rootTs, 'what if traffic doubles?', { subtype: 'bot_message', bot_id: 'B2' }));
    await sendEvent(h, reply('C12', '1699999999.000100', 'what if traffic doubles?'));
    await settle();
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
    const body = reply('C12', rootTs, 'and with int8?', {}, 'EvThreadRetry');
    await sendEvent(h, body);
    await sendEvent(h, body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage')[0], 8000, 'answer');
    await settle();
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('"save this as <name>" keeps the workload for the channel', async () => {
    const rootTs = await threadRoot('2M req/month llama-3-8b p95 500ms', 'C13');
    await sendEvent(h, reply('C13', rootTs, 'save this as chatbot'));
    await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage').find((c) => c.body.thread_ts === rootTs), 8000, 'answer');
    const saved = await h.store.getWorkload('T1', 'C13', 'chatbot');
    expect(saved?.parsed.workload.requestsPerMonth).toBe(2e6);
  });
});

/** Post a report with /infercost in `channel` and return its ts: the thread root. */
async function threadRoot(text: string, channel: string): Promise<string> {
  await command(h, text, { channel_id: channel }).send();
  const call = await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage').find((c) => c.body.channel === channel && c.response), 8000, 'report');
  const ts = String(call.response!.ts);
  await h.fake.waitFor(() => stored.has(ts) || (void h.store.getThread({ teamId: 'T1', channelId: channel, threadTs: ts }).then((t) => t && stored.add(ts)), false), 3000, 'thread state');
  return ts;
}
const stored = new Set<string>();
