// Every constraint word, honoured (the recommendation satisfies it) or refused out loud (a note names
// it and says what was used instead). Nothing stated is dropped without a word.
import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/core/pipeline.ts';
import type { Option, Report } from '../../src/core/report.ts';
import { core } from './helpers.ts';

function run(text: string): Report {
  const r = estimate(text, core);
  if (!r.ok) throw new Error(`did not parse: ${JSON.stringify(r.issues)}`);
  return r.value.report;
}
const rec = (r: Report): Option => {
  const o = r.options.find((x) => x.id === r.recommendation.optionId);
  if (!o) throw new Error(`no recommendation: ${r.recommendation.why}`);
  return o;
};

interface Row {
  text: string;
  /** The recommendation must satisfy this. */
  honoured?: (o: Option, r: Report) => boolean;
  /** Or a note must match this (refused out loud). */
  note?: RegExp;
}

const ROWS: Row[] = [
  // Compute
  { text: '500M req/month distilbert p95 200ms cpu', honoured: (o) => o.compute === 'cpu' },
  { text: '2M req/month distilbert p95 200ms on CPU', honoured: (o) => o.compute === 'cpu' },
  { text: '2M req/month distilbert p95 200ms, CPU only', honoured: (o) => o.compute === 'cpu' },
  { text: '2M req/month distilbert p95 200ms, we only have CPUs', honoured: (o) => o.compute === 'cpu' },
  { text: '2M req/month distilbert p95 200ms GPU', honoured: (o) => o.compute === 'gpu' },
  // Cloud and ownership
  { text: 'on AWS, self-hosted only, 50M req/month bert-base p95 100ms', honoured: (o) => o.cloud === 'aws' && o.kind !== 'api' },
  { text: '5M req/month 7B model p95 1s on GCP', honoured: (o) => o.cloud === 'gcp' },
  { text: '30M req/month 7B model p95 1s on Azure, self-hosted', honoured: (o) => o.cloud === 'azure' && o.kind !== 'api' },
  // Commitments
  { text: '200M req/month bert-base p95 100ms on AWS, 1-year reserved', honoured: (o) => o.components.some((c) => /1y commitment/.test(c.name)) },
  { text: '200M req/month bert-base p95 100ms on AWS, 3-year reserved instances', honoured: (o) => o.components.some((c) => /3y commitment/.test(c.name)) },
  { text: '200M req/month bert-base p95 100ms on AWS with a savings plan', honoured: (o) => o.components.some((c) => /1y commitment/.test(c.name)) },
  { text: '200M req/month bert-base p95 100ms on GCP, committed use discounts for 3 years', honoured: (o) => o.components.some((c) => /3y commitment/.test(c.name)) },
  // Instance families and hardware
  { text: '5M req/month 7B model p95 1s, g5 only', honoured: (o) => /^aws-(ec2|sagemaker|eks)-g5\./.test(o.id) },
  { text: '5M req/month 7B model p95 1s, no A100', honoured: (o) => !/A100/.test(o.hardware) },
  { text: '5M req/month 7B model p95 1s, self-hosted, no L40S', honoured: (o) => !/L40S/.test(o.hardware) && o.kind !== 'api' },
  { text: '5M req/month 7B model p95 200ms on H100', honoured: (o) => /H100/.test(o.hardware) },
  // Refused out loud
  { text: '5M req/month 7B model p95 1s on Oracle Cloud', note: /Oracle Cloud \(OCI\) is not in the price catalog.*compares AWS, GCP and Azure/ },
  { text: '5M req/month 7B model p95 1s on V100', note: /V100 is not in the price catalog.*could not be honoured/ },
  { text: '5M req/month 7B model p95 1s on CoreWeave', note: /CoreWeave is not in the price catalog/ },
  { text: '5M req/month 7B model p95 1s, on-prem only', note: /Your own hardware \("on-prem.*not in the price catalog/, honoured: (o) => o.kind !== 'api' },
];

describe('constraint words: honoured or refused with a note', () => {
  it.each(ROWS.map((r) => [r.text, r] as const))('%s', (_t, row) => {
    const r = run(row.text);
    if (row.honoured) expect(row.honoured(rec(r), r), `${rec(r).id}: ${r.recommendation.why}`).toBe(true);
    if (row.note) expect(r.notes.join('\n')).toMatch(row.note);
  });
});

describe('hybrids stay inside the stated cloud and ownership', () => {
  it.each([
    'on AWS, self-hosted only, 50M req/month bert-base p95 100ms',
    '20M req/month 7B model p95 1s on AWS',
    '20M req/month 7B model p95 1s on GCP, self-hosted only',
    '60M req/month resnet-50 on AWS',
  ])('%s', (text) => {
    const r = run(text);
    const cloud = r.workload.cloud!;
    for (const o of r.options.filter((x) => x.kind === 'hybrid' && !x.excluded)) {
      expect(o.cloud, o.id).toBe(cloud);
      expect(o.id, 'overflow on another platform').not.toMatch(/\+(runpod|modal|replicate)/);
    }
    expect(rec(r).cloud).toBe(cloud);
  });

  it('with no cloud stated, overflow never crosses from one hyperscaler to another', () => {
    const r = run('500M req/month distilbert p95 200ms cpu');
    for (const o of r.options.filter((x) => x.kind === 'hybrid')) {
      const base = o.id.replace(/^hybrid-/, '').split('-')[0];
      const overflow = o.id.split('+')[1] ?? '';
      if (/^(aws|gcp|azure)-/.test(overflow)) expect(overflow.startsWith(`${base}-`), o.id).toBe(true);
    }
  });
});

describe('hardware limits mark every other option excluded, with the reason', () => {
  it('g5 only excludes serverless, APIs and other families', () => {
    const r = run('5M req/month 7B model p95 1s, g5 only');
    const other = r.options.find((o) => o.id === 'aws-ec2-g6e.xlarge')!;
    expect(other.excluded).toBe(true);
    expect(other.reasons.join(' ')).toMatch(/you asked for g5 only/);
    expect(r.options.filter((o) => o.kind === 'api').every((o) => o.excluded)).toBe(true);
  });
  it('"CPU only on an A100" is a contradiction, not a silent pick', () => {
    const p = estimate('CPU only on an A100, 5M req/month, 7B', core);
    expect(p.ok).toBe(false);
  });
});
