// The published JSON Schemas (schema/*.schema.json): generated from the zod schemas, checked in,
// and real reports and workloads validate against them (ajv). Out of date → run `npm run schema`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { loadEmbeddedCatalog, loadKnownModels } from '../src/catalog/embedded.ts';
import { jsonSchemas, schemaText } from '../src/core/json-schemas.ts';
import { estimate } from '../src/core/pipeline.ts';

const core = { catalog: loadEmbeddedCatalog(), models: loadKnownModels() };
const file = (name: string) => JSON.parse(readFileSync(new URL(`../schema/${name}`, import.meta.url), 'utf8')) as object;
const WORKLOADS = [
  '5M req/month 7B model p95 200ms',
  'bert-base classifier, 2M requests a day, p99 50ms, CPU only',
  'llama-3-8b, 20 rps peak, 500 in / 200 out tokens, p95 TTFT 300ms, on GCP',
  '405B model 100 rps p99 2s spot ok',
  'distilbert 300K req/month p95 100ms budget $200/month',
];

describe('JSON Schema', () => {
  it.each(Object.entries(jsonSchemas()))('schema/%s is up to date (npm run schema)', (name, schema) => {
    expect(readFileSync(new URL(`../schema/${name}`, import.meta.url), 'utf8')).toBe(schemaText(schema));
  });

  it('real reports validate against schema/report.schema.json, and a wrong one does not', () => {
    const validate = new Ajv({ allErrors: true }).compile(file('report.schema.json'));
    for (const text of WORKLOADS) {
      const r = estimate(text, core);
      if (!r.ok) throw new Error(`${text} must estimate`);
      const json = JSON.parse(JSON.stringify(r.value.report)) as Record<string, unknown>;
      expect(validate(json), `${text}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
    const r = estimate(WORKLOADS[0]!, core);
    if (!r.ok) throw new Error('parse');
    const bad = JSON.parse(JSON.stringify(r.value.report)) as Record<string, unknown>;
    bad.version = 2;
    expect(validate(bad)).toBe(false);
    delete bad.version;
    expect(validate({ ...bad, version: 1, surprise: true })).toBe(false);
  });

  it('the CLI’s --json output validates', () => {
    const validate = new Ajv({ allErrors: true }).compile(file('report.schema.json'));
    const bin = new URL('../bin/infercost.js', import.meta.url).pathname;
    const out = spawnSync(process.execPath, [bin, '--json', WORKLOADS[2]!], { encoding: 'utf8' });
    expect(out.status).toBe(0);
    expect(validate(JSON.parse(out.stdout)), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('parsed workloads validate against schema/workload.schema.json', () => {
    const validate = new Ajv({ allErrors: true }).compile(file('workload.schema.json'));
    for (const text of WORKLOADS) {
      const r = estimate(text, core);
      if (!r.ok) throw new Error('parse');
      expect(validate(JSON.parse(JSON.stringify(r.value.parsed.workload))), `${text}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
    expect(validate({ requestsPerMonth: -1 })).toBe(false);
  });
});
