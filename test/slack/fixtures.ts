// Hand-made Reports for the Block Kit goldens: fixed numbers, independent of the pricing data.

import type { Option, Report } from '../../src/core/report.ts';
import type { Workload } from '../../src/core/workload.ts';

export function option(id: string, over: Partial<Option> = {}): Option {
  return {
    id,
    name: id,
    kind: 'dedicated',
    provider: 'aws',
    cloud: 'aws',
    compute: 'gpu',
    hardware: '1× NVIDIA A10G (24 GB)',
    instances: 1,
    feasible: true,
    meetsLatency: true,
    excluded: false,
    reasons: [],
    region: null,
    latencyMs: 150,
    e2eLatencyMs: 150,
    monthlyUsd: 1000,
    monthlyMicroUsd: 1_000_000_000,
    per1kUsd: 0.2,
    components: [],
    utilization: 0.4,
    sizing: 'sized for the peak',
    notes: [],
    providerNotes: [],
    ...over,
  };
}

export const workload: Workload = {
  requestsPerMonth: 5_000_000,
  peakRps: 5.7,
  peakToAverage: 3,
  pattern: null,
  model: { name: null, knownId: null, params: 7e9, sizeBytes: 14e9, precision: 'fp16', kind: 'llm' },
  tokens: { input: 500, output: 200 },
  latency: { percentile: 95, ms: 200, measures: 'ttft' },
  cloud: null,
  computeConstraint: null,
  budgetUsdPerMonth: 1500,
  cacheHitRate: 0,
  spotOk: false,
  region: null,
  dataResidency: false,
  asyncOk: false,
  selfHostedOnly: false,
  selfHostedReason: null,
  hardware: { only: [], exclude: [] },
  job: null,
  image: null,
  audioSeconds: null,
  serving: { runtime: 'pytorch', dynamicBatching: false, maxBatch: null, stack: null, precisionStated: false, autoscaling: false, commitment: 'none', pruned: false, beamSize: null },
};

export function report(over: Partial<Report> = {}): Report {
  const options = [
    option('aws-ec2-g5.xlarge', { name: 'AWS g5.xlarge', monthlyUsd: 1234.5, per1kUsd: 0.2469, latencyMs: 180 }),
    option('runpod-l40s', { name: 'RunPod L40S', provider: 'runpod', cloud: null, hardware: '1× NVIDIA L40S (48 GB)', monthlyUsd: 612.4, per1kUsd: 0.1225, latencyMs: 120 }),
    option('gcp-g2-standard-4', { name: 'GCP g2-standard-4', provider: 'gcp', cloud: 'gcp', hardware: '1× NVIDIA L4 (24 GB)', instances: 2, monthlyUsd: 1480, per1kUsd: 0.296, latencyMs: 190 }),
    option('api-together-7b', { name: 'Together 7B (API)', kind: 'api', provider: 'together', cloud: null, hardware: 'hosted API', instances: 0, monthlyUsd: 420.25, per1kUsd: 0.08405, latencyMs: 240, meetsLatency: false }),
    option('aws-lambda', { name: 'AWS Lambda', kind: 'serverless', compute: 'cpu', hardware: 'Lambda 10,240 MB (6 vCPU)', instances: 0, feasible: false, meetsLatency: false, latencyMs: null, monthlyUsd: null, per1kUsd: null, reasons: ['a 14 GB model does not fit in 10 GB of memory'] }),
    option('azure-nc4as-t4', { name: 'Azure NC4as T4 v3', provider: 'azure', cloud: 'azure', hardware: '1× NVIDIA T4 (16 GB)', excluded: true, reasons: ['you asked for AWS & <GCP> only'], monthlyUsd: 380, per1kUsd: 0.076, latencyMs: 400, meetsLatency: false }),
  ];
  return {
    version: 1,
    workload: {
      requestsPerMonth: workload.requestsPerMonth,
      peakRps: workload.peakRps,
      peakToAverage: 3,
      pattern: null,
      model: { name: null, knownId: null, params: 7e9, sizeBytes: 14e9, precision: 'fp16', kind: 'llm' },
      tokens: { input: 500, output: 200 },
      latency: { percentile: 95, ms: 200, measures: 'ttft' },
      cloud: null,
      computeConstraint: null,
      budgetUsdPerMonth: 1500,
      cacheHitRate: 0,
      spotOk: false,
      region: null,
      dataResidency: false,
      asyncOk: false,
      selfHostedOnly: false,
      hardware: { only: [], exclude: [] },
      job: null,
      serving: { commitment: 'none' },
      provenance: {},
    },
    assumptions: [
      { field: 'peakToAverage', value: 3, why: 'no peak given; typical for business traffic' },
      { field: 'tokens', value: { input: 500, output: 200 }, why: 'typical chat request' },
      { field: 'model.precision', value: 'fp16', why: 'the weights ship in fp16' },
    ],
    notes: [],
    tier: 'medium',
    tierAdvice: 'At this volume a dedicated GPU usually beats per-request pricing.',
    compute: 'gpu',
    computeRule: { rule: 'llm-gpu', why: 'a 7B LLM needs a GPU to meet 200 ms' },
    options,
    recommendation: { optionId: 'runpod-l40s', runnerUpId: 'aws-ec2-g5.xlarge', why: 'Cheapest option that meets p95 200 ms to first token.', closestOnly: false },
    suggestions: [
      { id: 'int8', title: 'Serve int8 weights', monthlyUsdSaved: 204.13, newOptionId: 'runpod-l40s', newMonthlyUsd: 408.27, caveats: ['check quality on your eval set'], change: 'precision fp16 → int8' },
      { id: 'cache', title: 'Cache 30% of answers', monthlyUsdSaved: 150, newOptionId: null, newMonthlyUsd: 462.4, caveats: [], change: 'cache hit rate 0 → 30%' },
      { id: 'none', title: 'Nothing to save', monthlyUsdSaved: 0, newOptionId: null, newMonthlyUsd: null, caveats: [], change: '' },
    ],
    breakEven: null,
    tierOptions: { usual: 'hybrid', hybrid: null, hybridNote: null, committed: [] },
    pricesChecked: { oldest: '2026-09-01', newest: '2026-11-20' },
    servingBaseline: { compute: 'gpu', id: 'gpu-llm', label: 'continuous batching with paged KV cache (vLLM, TensorRT-LLM, SGLang or TGI)', runtime: 'optimized', dynamicBatching: true, maxBatch: 256, precision: 'fp16', stated: false, source: 'https://github.com/vllm-project/vllm-project.github.io/blob/4577c6ac65d828f8f2ba8a9311c81d64875b9b82/_posts/2023-06-20-vllm.md' },
    oldestPriceUsed: { checked: '2026-09-01', item: 'g5.xlarge on-demand', optionId: 'aws-ec2-g5.xlarge', source: 'https://aws.amazon.com/ec2/pricing/on-demand/' },
    regions: { stated: null, priced: { aws: 'us-east-1', gcp: 'us-central1' } },
    ...over,
  };
}

/** A report far beyond Slack's limits: 200 options with long names and reasons. */
export function hugeReport(): Report {
  const long = 'Very Long Provider Name With Many Words '.repeat(4);
  const options = Array.from({ length: 200 }, (_, i) =>
    option(`opt-${String(i).padStart(3, '0')}`, {
      name: `${long}#${i}`,
      hardware: `${i}× accelerator with a very long description `.repeat(3),
      monthlyUsd: 100 + i,
      feasible: i % 3 !== 0,
      meetsLatency: i % 2 === 0,
      excluded: i % 7 === 0,
      reasons: i % 3 === 0 ? ['does not fit '.repeat(20), 'second reason '.repeat(10)] : [],
    }),
  );
  return report({
    options,
    recommendation: { optionId: 'opt-002', runnerUpId: null, why: 'because '.repeat(500), closestOnly: false },
    assumptions: Array.from({ length: 40 }, (_, i) => ({ field: 'peakToAverage' as const, value: i, why: 'x'.repeat(200) })),
    notes: Array.from({ length: 30 }, () => 'note '.repeat(50)),
    suggestions: Array.from({ length: 30 }, (_, i) => ({ id: `s${i}`, title: 'Suggestion '.repeat(30), monthlyUsdSaved: i + 1, newOptionId: null, newMonthlyUsd: 1, caveats: [], change: '' })),
  });
}
