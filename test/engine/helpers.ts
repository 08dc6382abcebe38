// Shared fixtures for engine tests: the embedded catalog and known models, and a workload builder.
import { loadEmbeddedCatalog, loadKnownModels } from '../../src/catalog/embedded.ts';
import type { EngineContext } from '../../src/core/engine/evaluate.ts';
import { SECONDS_PER_MONTH, Workload, type ParsedWorkload } from '../../src/core/workload.ts';

export const core: EngineContext = { catalog: loadEmbeddedCatalog(), models: loadKnownModels() };

type Input = Parameters<typeof Workload.parse>[0];

export function workload(over: Partial<Record<Exclude<keyof Workload, 'requestsPerMonth'>, unknown>> & { requestsPerMonth: number }): Workload {
  const peakToAverage = (over.peakToAverage as number | undefined) ?? 2;
  return Workload.parse({
    peakRps: ((over.requestsPerMonth as number) / SECONDS_PER_MONTH) * peakToAverage,
    peakToAverage,
    latency: { percentile: 95, ms: 200, measures: 'e2e' },
    model: { name: null, params: 1.1e8, sizeBytes: 4.4e8, precision: 'fp32', kind: 'encoder' },
    ...over,
  } as Input);
}

export function parsed(w: Workload): ParsedWorkload {
  return { workload: w, provenance: {}, notes: [] };
}

export const llm7b = (requestsPerMonth: number, over: Partial<Record<Exclude<keyof Workload, 'requestsPerMonth'>, unknown>> = {}) =>
  workload({
    requestsPerMonth,
    model: { name: null, params: 7e9, sizeBytes: 14e9, precision: 'fp16', kind: 'llm' },
    tokens: { input: 500, output: 200 },
    latency: { percentile: 95, ms: 200, measures: 'ttft' },
    ...over,
  });
