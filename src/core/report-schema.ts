// The JSON report's contract as a zod schema, so a JSON Schema can be generated from it
// (schema/report.schema.json, `npm run schema`). It mirrors the Report interface in report.ts field
// for field; a compile-time check below fails the typecheck when the two drift apart, and
// test/schema.test.ts validates real reports against the generated file.
import { z } from 'zod';
import type { Report } from './report.ts';
import { Cloud, TrafficPattern } from './workload.ts';

const FIELD_PATHS = [
  'requestsPerMonth', 'peakRps', 'peakToAverage', 'pattern', 'model.name', 'model.params', 'model.sizeBytes', 'model.precision', 'model.kind',
  'tokens', 'latency.percentile', 'latency.ms', 'latency.measures', 'cloud', 'computeConstraint', 'budgetUsdPerMonth', 'cacheHitRate', 'spotOk',
  'region', 'dataResidency', 'asyncOk', 'selfHostedOnly', 'serving', 'hardware', 'job', 'serving.commitment', 'image', 'audioSeconds',
  'serving.beamSize',
] as const;
const FieldPathSchema = z.enum(FIELD_PATHS);

const money = z.number().nullable();

export const CostComponentSchema = z.strictObject({
  name: z.string(),
  quantity: z.number(),
  unit: z.string(),
  unitPriceUsd: z.number(),
  monthlyUsd: money.describe('null when the unit price is unknown: never shown as $0'),
  monthlyMicroUsd: z.number().int().nullable().describe('integer micro-dollars; an option’s cost is the exact sum of these'),
  source: z.string().optional(),
  checked: z.string().optional(),
  confidence: z.string().optional(),
});

export const OptionSchema = z.strictObject({
  id: z.string().describe('stable id scripts rely on, e.g. "aws-ec2-g5.xlarge"'),
  name: z.string(),
  kind: z.enum(['serverless', 'dedicated', 'hybrid', 'api', 'job']).describe('job: a batch job priced by the instance-hours one run needs'),
  provider: z.string(),
  cloud: Cloud.nullable(),
  compute: z.enum(['cpu', 'gpu']),
  hardware: z.string(),
  instances: z.number(),
  feasible: z.boolean(),
  meetsLatency: z.boolean(),
  excluded: z.boolean(),
  reasons: z.array(z.string()),
  latencyMs: z.number().nullable(),
  e2eLatencyMs: z.number().nullable(),
  monthlyUsd: money,
  monthlyMicroUsd: z.number().int().nullable(),
  per1kUsd: money,
  components: z.array(CostComponentSchema),
  utilization: z.number().nullable(),
  sizing: z.string(),
  overflowShare: z.number().optional().describe('hybrids: the share of requests (0–1) that overflow to the serverless part'),
  matchedBy: z.enum(['weights', 'size']).optional(),
  notes: z.array(z.string()),
  providerNotes: z.array(z.string()),
  region: z.string().nullable().describe('the region the option is priced in ("eu-west-1"; "global" for providers without regions)'),
});

const CloudPickSchema = z.strictObject({ optionId: z.string(), name: z.string(), monthlyUsd: z.number() });

export const WorkloadJsonSchema = z.strictObject({
  requestsPerMonth: z.number(),
  peakRps: z.number(),
  peakToAverage: z.number(),
  pattern: TrafficPattern.nullable(),
  model: z.strictObject({
    name: z.string().nullable(),
    knownId: z.string().nullable(),
    params: z.number().nullable(),
    sizeBytes: z.number(),
    precision: z.string(),
    kind: z.string(),
  }),
  tokens: z.strictObject({ input: z.number(), output: z.number() }).nullable(),
  latency: z.strictObject({ percentile: z.number(), ms: z.number(), measures: z.enum(['e2e', 'ttft']) }),
  cloud: Cloud.nullable(),
  computeConstraint: z.enum(['cpu', 'gpu']).nullable(),
  budgetUsdPerMonth: z.number().nullable(),
  cacheHitRate: z.number(),
  spotOk: z.boolean(),
  region: z.string().nullable(),
  dataResidency: z.boolean(),
  asyncOk: z.boolean(),
  selfHostedOnly: z.boolean(),
  hardware: z.strictObject({ only: z.array(z.string()), exclude: z.array(z.string()) }).describe('instance families or accelerators the answer must use or avoid'),
  job: z
    .strictObject({ itemsPerRun: z.number(), runsPerMonth: z.number(), windowHours: z.number(), spot: z.boolean() })
    .nullable()
    .describe('a periodic batch job; null for online traffic'),
  serving: z.strictObject({ commitment: z.enum(['none', '1y', '3y']) }),
  provenance: z.partialRecord(FieldPathSchema, z.strictObject({ source: z.string(), text: z.string().optional(), why: z.string().optional() })),
});

export const ReportSchema = z
  .strictObject({
    version: z.literal(1).describe('report format version; bumped only on breaking changes'),
    workload: WorkloadJsonSchema,
    assumptions: z.array(z.strictObject({ field: FieldPathSchema, value: z.unknown(), why: z.string() })),
    notes: z.array(z.string()),
    tier: z.enum(['low', 'medium', 'high']),
    tierAdvice: z.string(),
    compute: z.enum(['cpu', 'gpu']),
    computeRule: z.strictObject({ rule: z.string(), why: z.string() }),
    options: z.array(OptionSchema),
    recommendation: z.strictObject({
      optionId: z.string().nullable(),
      runnerUpId: z.string().nullable(),
      why: z.string(),
      closestOnly: z.boolean().describe('nothing meets the target; optionId or runnerUpId is the closest option'),
      byCloud: z
        .strictObject({ aws: CloudPickSchema.nullable(), gcp: CloudPickSchema.nullable(), azure: CloudPickSchema.nullable() })
        .optional()
        .describe('when no cloud was stated: the cheapest option meeting the target on each cloud'),
    }),
    suggestions: z.array(
      z.strictObject({
        id: z.string(),
        title: z.string(),
        monthlyUsdSaved: z.number(),
        newOptionId: z.string().nullable(),
        newMonthlyUsd: money,
        caveats: z.array(z.string()),
        change: z.string(),
      }),
    ),
    breakEven: z
      .strictObject({
        selfHostedOptionId: z.string(),
        apiOptionId: z.string(),
        requestsPerMonth: z.number().nullable(),
        cheaperNow: z.enum(['self-hosted', 'api']),
        summary: z.string(),
        alternative: z.strictObject({ apiOptionId: z.string(), requestsPerMonth: z.number() }).nullable().optional(),
      })
      .nullable(),
    tierOptions: z.strictObject({
      usual: z.enum(['serverless', 'hybrid', 'dedicated']),
      hybrid: z
        .strictObject({ optionId: z.string(), name: z.string(), monthlyUsd: z.number(), overflowShare: z.number(), feasible: z.boolean(), excluded: z.boolean() })
        .nullable(),
      hybridNote: z.string().nullable(),
      committed: z.array(z.strictObject({ optionId: z.string(), name: z.string(), onDemandUsd: z.number(), commit1yUsd: z.number(), commit3yUsd: z.number() })),
    }),
    pricesChecked: z.strictObject({ oldest: z.string(), newest: z.string() }),
    servingBaseline: z
      .strictObject({
        compute: z.enum(['cpu', 'gpu']),
        id: z.string(),
        label: z.string(),
        runtime: z.enum(['pytorch', 'optimized']),
        dynamicBatching: z.boolean(),
        maxBatch: z.number(),
        precision: z.string(),
        stated: z.boolean(),
        source: z.string(),
      })
      .describe('how the model is assumed to be served on the recommendation’s compute (pricing/serving-baselines.json), or as the text stated'),
    oldestPriceUsed: z.strictObject({ checked: z.string(), item: z.string(), optionId: z.string(), source: z.string() }).nullable(),
    regions: z.strictObject({
      stated: z.string().nullable(),
      priced: z.strictObject({ aws: z.string().optional(), gcp: z.string().optional(), azure: z.string().optional() }),
    }),
  })
  .describe('An InferCost report: `infercost --json`, one line of `infercost --jsonl`, the Slack "JSON file"');

// Drift check (types only): the schema's type and the Report interface must be assignable both ways.
type FromSchema = z.infer<typeof ReportSchema>;
export type ReportSchemaMatches = [FromSchema] extends [Report] ? ([Report] extends [FromSchema] ? true : 'Report has fields the schema lacks') : 'the schema has fields Report lacks';
const matches: ReportSchemaMatches = true;
void matches;
