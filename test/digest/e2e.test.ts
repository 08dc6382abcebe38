// End to end over loopback: the real Bolt app, signed slash commands, FakeSlack for the Web API.
// Save two workloads, subscribe in the user's time zone, `digest now`, and check the digest's blocks
// as posted (names, costs, total) against the engine's own numbers.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadEmbeddedCatalog, loadKnownModels } from '../../src/catalog/embedded.ts';
import { cents } from '../../src/core/engine/money.ts';
import { estimate } from '../../src/core/pipeline.ts';
import { formatMonthly } from '../../src/core/render/slack-format.ts';
import { ACTION } from '../../src/slack/ids.ts';
import { command, sendInteraction, startHarness, textOf, type Harness } from '../slack/harness.ts';

let h: Harness;
const core = { catalog: loadEmbeddedCatalog(), models: loadKnownModels() };
const CHAT = '5M req/month 7B model p95 200ms';
const CLASSIFIER = 'BERT-base classifier, 100M requests a month, steady traffic, CPU only, p95 300ms';

beforeAll(async () => {
  h = await startHarness();
  h.fake.userTz.set('U1', 'America/New_York');
});
afterAll(async () => {
  await h?.stop();
});
beforeEach(() => {
  h.fake.reset();
});

/** Send `/infercost <text>` and return the private reply's text. */
async function privately(text: string): Promise<{ text: string; body: Record<string, unknown> }> {
  const cmd = command(h, text);
  expect((await cmd.send()).status).toBe(200);
  const r = await h.fake.waitFor(() => h.fake.responses.find((x) => x.id === cmd.id), 8000, `reply to ${text}`);
  expect(r.body.response_type).toBe('ephemeral');
  return { text: textOf(r.body.blocks), body: r.body };
}

function monthlyOf(text: string): { name: string; micro: number } {
  const r = estimate(text, core);
  if (!r.ok) throw new Error('fixture');
  const rep = r.value.report;
  const rec = rep.options.find((o) => o.id === rep.recommendation.optionId)!;
  return { name: rec.name, micro: rec.monthlyMicroUsd! };
}

describe('saved workloads and the digest, end to end', () => {
  it('save, list, subscribe, show, digest now: the posted digest has the names, costs and total', async () => {
    const saved = await privately(`save chat-bot ${CHAT}`);
    expect(saved.text).toContain('Saved *chat-bot* for this channel.');
    expect(saved.text).toContain('/infercost digest every Monday 9am');
    expect((await privately(`save classifier ${CLASSIFIER}`)).text).toContain('Saved *classifier* for this channel.');

    // a bad workload gets the friendly error, and nothing is saved
    const bad = await privately('save broken hello there, how are you');
    expect(bad.text).toContain("I couldn't estimate that.");
    expect(bad.text).toContain('Nothing was saved.');
    expect((await h.store.listWorkloads('T1', 'C1')).map((w) => w.name)).toEqual(['chat-bot', 'classifier']);

    const chat = monthlyOf(CHAT);
    const cls = monthlyOf(CLASSIFIER);
    const total = formatMonthly(cents(chat.micro + cls.micro));

    const list = await privately('list');
    expect(list.text).toContain('Saved workloads in this channel (2)');
    expect(list.text).toContain(`*chat-bot*: Recommended: ${chat.name} at *${formatMonthly(cents(chat.micro))}*`);
    expect(list.text).toContain(`*Channel total: ${total}* across 2 saved workloads.`);

    // an unreadable schedule: a clear message with an example, nothing subscribed
    const unreadable = await privately('digest sometime');
    expect(unreadable.text).toBe("I couldn't read `sometime` as a weekly schedule. Try: `/infercost digest every Monday 9am`");
    expect(await h.store.getSubscription('T1', 'C1')).toBeNull();

    const sub = await privately('digest every Monday 9am');
    expect(sub.text).toContain('Subscribed: this channel gets a cost digest *Mondays at 9:00 AM (America/New_York)*.');
    expect(sub.text).toMatch(/First one: Monday, \w+ \d+ at 9:00 AM E[SD]T\./);
    expect(h.fake.callsTo('users.info')[0]!.body.user).toBe('U1');
    expect(await h.store.getSubscription('T1', 'C1')).toMatchObject({ weekday: 1, hour: 9, minute: 0, tz: 'America/New_York', createdBy: 'U1', paused: false });

    const show = await privately('digest');
    expect(show.text).toContain("This channel's digest: *Mondays at 9:00 AM (America/New_York)*, set by <@U1>.");
    expect(show.text).toMatch(/Next digest: Monday, \w+ \d+ at 9:00 AM E[SD]T \(your time\)\./);

    h.fake.reset();
    const now = command(h, 'digest now');
    await now.send();
    const call = await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage').find((c) => c.body.channel === 'C1'), 8000, 'digest post');
    const blocks = call.body.blocks as { type: string; text?: { text: string } }[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Inference cost digest (preview)' } });
    const text = textOf(blocks);
    expect(text).toContain(`*Channel total: ${total}* across 2 saved workloads.`);
    expect(text).toContain(`*chat-bot* · Recommended: ${chat.name} at *${formatMonthly(cents(chat.micro))}*`);
    expect(text).toContain(`*classifier* · Recommended: ${cls.name} at *${formatMonthly(cents(cls.micro))}*`);
    const [dearer, cheaper] = chat.micro >= cls.micro ? ['*chat-bot*', '*classifier*'] : ['*classifier*', '*chat-bot*'];
    expect(text.indexOf(dearer)).toBeLessThan(text.indexOf(cheaper)); // most expensive first
    expect(text).toContain('New: first digest with this workload.');
    expect(text).toContain('*Biggest savings*');
    expect(text).toContain('Digest: Mondays at 9:00 AM (America/New_York)');
    expect(call.body.text).toBe(`Inference cost digest (preview): ${total} across 2 saved workloads`);
    expect(blocks.length).toBeLessThanOrEqual(50);
    // a preview is not the week's digest: no run claimed, no snapshots taken
    expect(await h.store.digestSnapshots('T1', 'C1')).toEqual([]);
    expect(h.fake.responses.filter((r) => r.id === now.id)).toHaveLength(0);
  });

  it('the list button answers privately with every saved workload', async () => {
    await sendInteraction(h, {
      type: 'block_actions',
      user: { id: 'U1', username: 'ana', team_id: 'T1' },
      api_app_id: 'A1',
      token: 'legacy',
      container: { type: 'message', message_ts: '1700000900.000100', channel_id: 'C1', is_ephemeral: false },
      trigger_id: 'trig-list-1',
      team: { id: 'T1', domain: 'fake' },
      channel: { id: 'C1', name: 'ml-costs' },
      message: { type: 'message', ts: '1700000900.000100', text: 'digest' },
      response_url: h.fake.responseUrl('list1'),
      actions: [{ action_id: ACTION.listWorkloads, block_id: 'infercost_digest_actions', type: 'button', value: 'C1', action_ts: '1700000901.000100' }],
    });
    const r = await h.fake.waitFor(() => h.fake.responses.find((x) => x.id === 'list1'), 8000, 'list');
    expect(r.body.response_type).toBe('ephemeral');
    expect(textOf(r.body.blocks)).toContain('Saved workloads in this channel (2)');
  });

  it('forget, digest off, and the usage errors', async () => {
    expect((await privately('forget classifier')).text).toContain("Forgot *classifier*. It won't appear in this channel's digests.");
    expect((await privately('forget nope')).text).toContain('No saved workload is named `nope` in this channel. Saved here: `chat-bot`.');
    expect((await privately('save')).text).toContain('/infercost save chat-bot 5M req/month 7B model p95 200ms');
    expect((await privately('save chat-bot')).text).toContain('Describe the workload to save as *chat-bot*');
    expect((await privately('digest daily at 9')).text).toContain('Digests are weekly');
    expect((await privately('digest off')).text).toContain("Stopped this channel's weekly digest.");
    expect(await h.store.getSubscription('T1', 'C1')).toBeNull();
    expect((await privately('digest')).text).toContain('This channel has no weekly digest.');
    // the estimate path is untouched
    const help = await privately('help');
    expect(help.text).toContain('/infercost digest every Monday 9am');
    expect(help.text).toContain('/infercost 5M req/month 7B model p95 200ms');
  });
});
