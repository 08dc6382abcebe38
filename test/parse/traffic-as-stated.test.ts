// Traffic as people state it: users × requests per user, tokens per period, every night, weekly,
// bursts, batch windows, commitments and hardware words. Each conversion is an assumption with its
// reason (inferred provenance with a why), never a silent reading.
import { describe, expect, it } from 'vitest';
import { parseWorkload } from '../../src/core/parse/index.ts';
import { assumptionsOf, SECONDS_PER_MONTH } from '../../src/core/workload.ts';
import { models } from './models.ts';

const DAYS = 730 / 24;
const WORKDAYS = (DAYS * 5) / 7;

function parse(t: string) {
  const r = parseWorkload(t, { models });
  if (!r.ok) throw new Error(`did not parse: ${JSON.stringify(r.issues)}`);
  return r.value;
}
const near = (a: number, b: number) => expect(Math.abs(a - b) / b).toBeLessThan(1e-6);

describe('users × requests per user', () => {
  it.each([
    ['chatbot, 50k users, 10 messages per user per day, llama 3 8b', 50_000 * 10 * DAYS],
    ['50k daily active users, 10 requests per user per day, 7B', 50_000 * 10 * DAYS],
    ['50k DAU, 10 messages/user/day, 7B', 50_000 * 10 * DAYS],
    ['each user sends 10 messages a day, 50k DAU, 7B', 50_000 * 10 * DAYS],
    ['2k seats, 30 queries a day each, llama 3 8b', 2_000 * 30 * WORKDAYS],
    ['10k MAU, 20 requests per user per month, 7B', 10_000 * 20],
    ['we run a chatbot, about 50k users, llama 3 8b', 50_000 * 10 * DAYS],
  ])('%s', (t, rpm) => {
    const p = parse(t);
    near(p.workload.requestsPerMonth, rpm);
    const a = assumptionsOf(p).find((x) => x.field === 'requestsPerMonth');
    expect(a?.why).toMatch(/×/);
  });

  it('chatbot, 50k users, 10 messages per user per day is never 10 requests a month', () => {
    expect(parse('chatbot, 50k users, 10 messages per user per day, llama 3 8b').workload.requestsPerMonth).toBeGreaterThan(1e7);
  });

  it('an assumed rate per user says so and how to change it', () => {
    const a = assumptionsOf(parse('we run a chatbot, about 50k users, llama 3 8b')).find((x) => x.field === 'requestsPerMonth');
    expect(a?.why).toMatch(/an assumed 10 per user per day.*say "N messages per user per day"/);
  });

  it('seats work business days: the pattern is business hours, inferred', () => {
    const p = parse('2k seats, 30 queries a day each, llama 3 8b');
    expect(p.workload.pattern).toBe('business-hours');
    expect(p.provenance.pattern?.source).toBe('inferred');
  });

  it('a stated request volume wins over a user count, with a note', () => {
    const p = parse('5M req/month, 50k users, 7B');
    expect(p.workload.requestsPerMonth).toBe(5e6);
    expect(p.notes.join(' ')).toMatch(/"50k users" was not used/);
  });
});

describe('tokens per period', () => {
  it('1B tokens per month ÷ 700 tokens a request', () => {
    const p = parse('mixtral 8x7b int4, 1B tokens per month');
    near(p.workload.requestsPerMonth, 1e9 / 700);
    expect(assumptionsOf(p).find((x) => x.field === 'requestsPerMonth')?.why).toMatch(/1B tokens per month.*÷ 700 tokens a request/);
  });
  it('uses the stated tokens per request', () => {
    near(parse('500M tokens a day, 1000 input and 250 output tokens, llama 3 8b').workload.requestsPerMonth, (500e6 * DAYS) / 1250);
  });
});

describe('periods and bursts', () => {
  it('every night is per day, not per month', () => {
    near(parse('Embed 10M documents every night with bge-base').workload.requestsPerMonth, 10e6 * DAYS);
  });
  it('weekly', () => {
    near(parse('embed 2M docs weekly with bge-base').workload.requestsPerMonth, (2e6 * SECONDS_PER_MONTH) / (7 * 86400));
  });
  it('10x spikes at 9am set the peak to 10× the average', () => {
    const w = parse('5M req/month 7B, 10x spikes at 9am').workload;
    expect(w.peakToAverage).toBe(10);
  });
  it('peaks at 5x the average', () => {
    expect(parse('5M req/month 7B, peaks at 5x the average').workload.peakToAverage).toBe(5);
  });
});

describe('batch jobs', () => {
  it('nightly batch of 10M embeddings, done within 4 hours', () => {
    const p = parse('nightly batch of 10M embeddings with bge-base, done within 4 hours');
    expect(p.workload.job).toEqual({ itemsPerRun: 10e6, runsPerMonth: DAYS, windowHours: 4, spot: true });
    near(p.workload.peakRps, 10e6 / (4 * 3600));
    expect(p.workload.asyncOk).toBe(true);
    expect(p.provenance.job?.why).toMatch(/finished within 4 h/);
  });
  it('every night with no window: 8 h assumed, said so', () => {
    const p = parse('Embed 10M documents every night with bge-base');
    expect(p.workload.job?.windowHours).toBe(8);
    expect(p.provenance.job?.why).toMatch(/assumed 8 h/);
  });
  it('offline or batch work with a daily or weekly volume is a job; plain async OK is not', () => {
    expect(parse('offline: embed 10M docs a day with bge-base').workload.job?.itemsPerRun).toBe(10e6);
    expect(parse('batch inference, 2M images a week, resnet-50').workload.job?.runsPerMonth).toBeCloseTo(730 / 168, 6);
    expect(parse('bge-base 10M docs a day, async ok').workload.job).toBeNull();
  });
  it('async traffic at a steady rate is not a job', () => {
    expect(parse('bge-base, 20 rps, async ok').workload.job).toBeNull();
  });
});

describe('constraint words in the parser', () => {
  it.each([
    ['1M req/month 7B, 1-year reserved', '1y'],
    ['1M req/month 7B, 3-year reserved instances', '3y'],
    ['1M req/month 7B, reserved for 3 years', '3y'],
    ['1M req/month 7B, 3-year', '3y'],
    ['1M req/month 7B with a savings plan', '1y'],
    ['1M req/month 7B, committed use discounts', '1y'],
    ['1M req/month 7B, no commitment', 'none'],
    ['1M req/month 7B, no long-term commitment', 'none'],
    ["1M req/month 7B, we can't do reserved instances", 'none'],
  ])('%s → commitment %s', (t, c) => {
    expect(parse(t).workload.serving.commitment).toBe(c);
  });

  it.each([
    ['1M req/month 7B, g5 only', { only: ['g5'], exclude: [] }, 'gpu'],
    ['1M req/month 7B, no A100', { only: [], exclude: ['a100'] }, null],
    ['1M req/month 7B on H100', { only: ['h100'], exclude: [] }, 'gpu'],
    ['1M req/month bert on c7g only', { only: ['c7g'], exclude: [] }, 'cpu'],
  ])('%s', (t, hw, cc) => {
    const w = parse(t).workload;
    expect(w.hardware).toEqual(hw);
    expect(w.computeConstraint).toBe(cc);
  });

  it.each([
    ['500M req/month distilbert p95 200ms cpu', 'cpu'],
    ['1M req/month bert, we only have CPUs', 'cpu'],
    ['1M req/month 7B GPU', 'gpu'],
    ['1M req/month bert-base, 8 vCPU', null],
    ['1M req/month bert-base, cpu-bound preprocessing', null],
    ['1M req/month bert-base, 4 cpu and 16GB', null],
  ])('%s → compute %s', (t, cc) => {
    expect(parse(t).workload.computeConstraint).toBe(cc);
  });

  it('a cloud the catalog does not price gets a note', () => {
    expect(parse('1M req/month 7B on Oracle Cloud').notes.join(' ')).toMatch(/Oracle Cloud \(OCI\) is not in the price catalog/);
  });
});

describe('structured input carries the constraints too', () => {
  it.each([
    ['requestsPerMonth: 5000000\nmodel: llama-3-8b\nhardware: g5\ncommitment: 3y', { only: ['g5'], exclude: [] }, '3y'],
    ['requestsPerMonth: 5000000\nmodel: llama-3-8b\ngpu: A100\nreserved: 1 year', { only: ['a100'], exclude: [] }, '1y'],
    ['requestsPerMonth: 5000000\nmodel: llama-3-8b\ncommitment: none', { only: [], exclude: [] }, 'none'],
  ])('%s', (t, hw, commit) => {
    const w = parse(t).workload;
    expect(w.hardware).toEqual(hw);
    expect(w.serving.commitment).toBe(commit);
  });
});
