// The published JSON Schemas (draft-07), generated from the zod schemas: the report
// (report-schema.ts) and the Workload (workload.ts). Pure: `npm run schema` writes them to schema/,
// and test/schema.test.ts fails when the checked-in files are out of date.
import { z } from 'zod';
import { ReportSchema } from './report-schema.ts';
import { Workload } from './workload.ts';

export function jsonSchemas(): Record<'report.schema.json' | 'workload.schema.json', object> {
  const report = z.toJSONSchema(ReportSchema, { target: 'draft-7', io: 'output', unrepresentable: 'any' });
  // The Workload as the engine takes it; --file and --jsonl also accept a subset (the rest is inferred).
  const workload = z.toJSONSchema(Workload, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
  return {
    'report.schema.json': { ...report, title: 'InferCost report' },
    'workload.schema.json': { ...workload, title: 'InferCost workload' },
  };
}

/** A schema file's text: two-space JSON and a final newline, so diffs stay small. */
export function schemaText(schema: object): string {
  return JSON.stringify(schema, null, 2) + '\n';
}
