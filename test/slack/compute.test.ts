// The worker pool runs the same core as the inline runner and gives the same answers.
import { afterAll, describe, expect, it } from 'vitest';
import { loadEmbeddedCatalog, loadKnownModels } from '../../src/catalog/embedded.ts';
import { loadIntents } from '../../src/catalog/intents.ts';
import { estimate } from '../../src/core/pipeline.ts';
import { reportMessage } from '../../src/core/render/blocks.ts';
import { inlineCompute, workerCompute } from '../../src/slack/compute.ts';

const core = { catalog: loadEmbeddedCatalog(), models: loadKnownModels() };
const inline = inlineCompute(core, loadIntents());
const pool = workerCompute(2);
afterAll(() => pool.close());

describe('compute pool', () => {
  it('estimates and renders on worker threads exactly as inline', async () => {
    const texts = ['5M req/month 7B model p95 200ms', 'bert-base 2M requests a day p99 50ms', 'hello there', 'help'];
    const [a, b] = await Promise.all([Promise.all(texts.map((t) => pool.estimateMessage(t, 'est1'))), Promise.all(texts.map((t) => inline.estimateMessage(t, 'est1')))]);
    expect(a).toEqual(b);
    expect(a[0]!.kind).toBe('rendered');
    expect(a[2]!.kind).toBe('issues');
    expect(a[3]!.kind).toBe('help');
    // The message is the report the pipeline computes, rendered with the estimate id on its buttons.
    const direct = estimate(texts[0]!, core);
    if (!direct.ok || a[0]!.kind !== 'rendered') throw new Error('expected a report');
    expect(a[0]!.message).toEqual(reportMessage(direct.value.report, { estimateId: 'est1' }));
    expect(a[0]!.recommendedId).toBe(direct.value.report.recommendation.optionId);
    expect(JSON.stringify(a[0]!.message)).toContain('est1');
  });

  it('evaluates and converses on worker threads', async () => {
    const first = await pool.estimateMessage('5M req/month 7B model p95 200ms', 'est2');
    if (first.kind !== 'rendered') throw new Error('expected a report');
    const again = await pool.evaluate(first.parsed);
    expect(again.recommendation.optionId).toBe(first.recommendedId);
    const now = new Date('2026-11-29T12:00:00Z');
    const turn = await pool.converse({ parsed: first.parsed, text: null }, 'what if traffic triples?', now);
    expect(turn.intent).toBe('what-if');
    // A what-if is about a changed copy; the thread keeps its workload.
    expect(turn.subject?.workload.requestsPerMonth).toBe(15e6);
    expect(turn.state?.parsed.workload.requestsPerMonth).toBe(5e6);
    expect(turn).toEqual(await inline.converse({ parsed: first.parsed, text: null }, 'what if traffic triples?', now));
    // "Details and all options" renders on a worker exactly as inline (with the data table).
    const details = await pool.detailsMessage(first.parsed);
    expect(details).toEqual(await inline.detailsMessage(first.parsed));
    expect(details.blocks.some((b) => b.type === 'data_table')).toBe(true);
  });

  it('composes digests on worker threads exactly as inline', async () => {
    const first = await inline.estimateMessage('2M req/month llama-3-8b p95 500ms', 'est3');
    if (first.kind !== 'rendered') throw new Error('expected a report');
    const items = [{ name: 'chatbot', parsed: first.parsed, snapshot: null }];
    expect(await pool.digest(items, '2026-11-29T09:00:00.000Z')).toEqual(await inline.digest(items, '2026-11-29T09:00:00.000Z'));
  });

  it('with a deferred start, spawns its workers on start() or the first job', async () => {
    const p = workerCompute(1, () => {}, 0, true);
    const first = await p.estimateMessage('help', 'est5');
    expect(first.kind).toBe('help');
    p.start(); // already started: no second set of workers
    expect((await p.estimateMessage('5M req/month 7B model p95 200ms', 'est6')).kind).toBe('rendered');
    await p.close();
  });

  it('refuses work after close', async () => {
    const p = workerCompute(1);
    await p.close();
    await expect(p.estimateMessage('5M req/month 7B model', 'est4')).rejects.toThrow(/closed/);
  });
});
