// Reading the adjust modal back: the submitted values, merged into the stored workload, validated
// with the Workload zod schema. Errors come back per input block for `response_action: 'errors'`.
// Fields the user left alone keep their provenance (so they still show as assumptions); changed
// fields become "stated". A changed model name is resolved by the core's own parser.
// (When issue 5 adds the core's "apply a delta to a workload", this should call it instead.)

import { createRequire } from 'node:module';
import { z } from 'zod';
import type { KnownModel } from '../core/known-models.ts';
import { modelFieldValue, numberValue } from '../core/render/adjust-modal.ts';
import { ADJUST_FIELD, ADJUST_FLAG, ANY_CLOUD, type AdjustField } from './ids.ts';
import {
  BYTES_PER_PARAM,
  Cloud,
  Percentile,
  Precision,
  SECONDS_PER_MONTH,
  Workload,
  type FieldPath,
  type ParsedWorkload,
  type Provenance,
} from '../core/workload.ts';

const StateValue = z.object({
  type: z.string(),
  value: z.string().nullable().optional(),
  selected_option: z.object({ value: z.string() }).nullable().optional(),
  selected_options: z.array(z.object({ value: z.string() })).optional(),
});
export const ViewStateValues = z.record(z.string(), z.record(z.string(), StateValue));
export type ViewStateValues = z.infer<typeof ViewStateValues>;

export type AdjustResult = { ok: true; parsed: ParsedWorkload; changed: FieldPath[] } | { ok: false; errors: Partial<Record<AdjustField, string>> };

function field(values: ViewStateValues, id: AdjustField): z.infer<typeof StateValue> | undefined {
  return values[id]?.[id];
}

function text(values: ViewStateValues, id: AdjustField): string {
  return (field(values, id)?.value ?? '').trim();
}

function selected(values: ViewStateValues, id: AdjustField): string | undefined {
  return field(values, id)?.selected_option?.value;
}

const ZOD_PATH_TO_FIELD: [RegExp, AdjustField][] = [
  [/^requestsPerMonth/, ADJUST_FIELD.requestsPerMonth],
  [/^(peakRps|peakToAverage)/, ADJUST_FIELD.peakRps],
  [/^model\.precision/, ADJUST_FIELD.precision],
  [/^model/, ADJUST_FIELD.model],
  [/^latency\.percentile/, ADJUST_FIELD.percentile],
  [/^latency/, ADJUST_FIELD.latencyMs],
  [/^tokens\.output/, ADJUST_FIELD.tokensOut],
  [/^tokens/, ADJUST_FIELD.tokensIn],
  [/^cloud/, ADJUST_FIELD.cloud],
  [/^cacheHitRate/, ADJUST_FIELD.cacheHitPercent],
  [/^budget/, ADJUST_FIELD.budget],
  [/^(computeConstraint|spotOk)/, ADJUST_FIELD.flags],
];

function zodErrors(issues: z.core.$ZodIssue[]): Partial<Record<AdjustField, string>> {
  const errors: Partial<Record<AdjustField, string>> = {};
  for (const i of issues) {
    const path = i.path.map(String).join('.');
    const id = ZOD_PATH_TO_FIELD.find(([re]) => re.test(path))?.[1] ?? ADJUST_FIELD.requestsPerMonth;
    errors[id] ??= friendlyZod(i);
  }
  return errors;
}

function friendlyZod(i: z.core.$ZodIssue): string {
  if (i.code === 'too_small') return `Must be at least ${String(i.minimum)}.`;
  if (i.code === 'too_big') return `Must be at most ${String(i.maximum)}.`;
  return 'This value is not valid.';
}

/** Resolve a model the user typed (a name or a size) with the core's parser. The parser is required
 * here, when a submission changes the model (require of an ES module is synchronous in Node 24), not
 * imported: this module is on the main thread, where nothing else needs the parser. */
function resolveModel(modelText: string, models: KnownModel[]): ParsedWorkload | null {
  const { parseWorkload } = createRequire(import.meta.url)('../core/parse/index.ts') as typeof import('../core/parse/index.ts');
  const r = parseWorkload(`model: ${modelText.replace(/\n/g, ' ')}\nrequestsPerMonth: 1000000`, { models });
  return r.ok ? r.value : null;
}

export function readAdjustments(values: ViewStateValues, original: ParsedWorkload, models: KnownModel[]): AdjustResult {
  const before = original.workload;
  const w: Workload = structuredClone(before);
  const provenance: Provenance = { ...original.provenance };
  const changed = new Set<FieldPath>();
  const errors: Partial<Record<AdjustField, string>> = {};
  const stated = (f: FieldPath) => {
    provenance[f] = { source: 'stated' };
    changed.add(f);
  };
  const num = (id: AdjustField, required: boolean): number | null | undefined => {
    const t = text(values, id);
    if (t === '') {
      if (required) errors[id] = 'Please enter a number.';
      return null;
    }
    const n = Number(t.replace(/,/g, ''));
    if (!Number.isFinite(n)) {
      errors[id] = 'Please enter a number.';
      return undefined;
    }
    return n;
  };
  const differs = (a: number, b: number) => numberValue(a) !== numberValue(b);

  // volume and peak: keep the peak-to-average ratio when only the volume changes
  const rpm = num(ADJUST_FIELD.requestsPerMonth, true);
  const peak = num(ADJUST_FIELD.peakRps, true);
  if (typeof rpm === 'number' && typeof peak === 'number') {
    const volumeChanged = differs(rpm, before.requestsPerMonth);
    const peakChanged = differs(peak, before.peakRps);
    if (volumeChanged) {
      w.requestsPerMonth = rpm;
      stated('requestsPerMonth');
    }
    const average = w.requestsPerMonth / SECONDS_PER_MONTH;
    if (peakChanged) {
      if (peak < average) errors[ADJUST_FIELD.peakRps] = `The peak can't be below the average rate (${numberValue(Math.round(average * 100) / 100)} rps).`;
      w.peakRps = peak;
      w.peakToAverage = peak / average;
      stated('peakRps');
      provenance.peakToAverage = { source: 'inferred', why: 'from the peak and monthly volume you set' };
    } else if (volumeChanged) {
      w.peakRps = average * w.peakToAverage;
      provenance.peakRps = { source: 'inferred', why: `the same ${numberValue(Math.round(w.peakToAverage * 100) / 100)}× peak-to-average ratio as before` };
    }
  }

  // model and precision
  const modelText = text(values, ADJUST_FIELD.model);
  if (modelText === '') errors[ADJUST_FIELD.model] = 'Give a model name or a size such as "7B".';
  else if (modelText !== modelFieldValue(before)) {
    const resolved = resolveModel(modelText, models);
    if (!resolved) errors[ADJUST_FIELD.model] = `I don't recognise that model. Try a name such as "Llama 3.1 8B" or a size such as "7B".`;
    else {
      w.model = resolved.workload.model;
      for (const f of ['model.name', 'model.params', 'model.sizeBytes', 'model.precision', 'model.kind'] as const) {
        if (resolved.provenance[f]) provenance[f] = resolved.provenance[f];
      }
      stated('model.name');
      if (w.tokens === null && resolved.workload.tokens !== null) {
        w.tokens = resolved.workload.tokens;
        if (resolved.provenance.tokens) provenance.tokens = resolved.provenance.tokens;
      }
    }
  }
  const precision = Precision.safeParse(selected(values, ADJUST_FIELD.precision));
  if (precision.success && precision.data !== w.model.precision) {
    const old = w.model.precision;
    w.model.precision = precision.data;
    w.model.sizeBytes = w.model.params !== null ? w.model.params * BYTES_PER_PARAM[precision.data] : (w.model.sizeBytes * BYTES_PER_PARAM[precision.data]) / BYTES_PER_PARAM[old];
    stated('model.precision');
  }

  // latency
  const percentile = Percentile.safeParse(Number(selected(values, ADJUST_FIELD.percentile)));
  if (percentile.success && percentile.data !== before.latency.percentile) {
    w.latency.percentile = percentile.data;
    stated('latency.percentile');
  }
  const ms = num(ADJUST_FIELD.latencyMs, true);
  if (typeof ms === 'number' && differs(ms, before.latency.ms)) {
    w.latency.ms = ms;
    stated('latency.ms');
  }

  // tokens (only shown for generative models)
  if (before.tokens !== null && w.tokens !== null) {
    const tin = num(ADJUST_FIELD.tokensIn, true);
    const tout = num(ADJUST_FIELD.tokensOut, true);
    if (typeof tin === 'number' && typeof tout === 'number' && (tin !== before.tokens.input || tout !== before.tokens.output)) {
      w.tokens = { input: tin, output: tout };
      stated('tokens');
    }
  }

  // cloud and constraints
  const cloudValue = selected(values, ADJUST_FIELD.cloud);
  const cloud = cloudValue === undefined || cloudValue === ANY_CLOUD ? null : Cloud.safeParse(cloudValue).data ?? null;
  if (cloud !== before.cloud) {
    w.cloud = cloud;
    stated('cloud');
  }
  const flags = new Set((field(values, ADJUST_FIELD.flags)?.selected_options ?? []).map((o) => o.value));
  const cpuOnly = flags.has(ADJUST_FLAG.cpuOnly);
  if (cpuOnly !== (before.computeConstraint === 'cpu')) {
    w.computeConstraint = cpuOnly ? 'cpu' : before.computeConstraint === 'cpu' ? null : before.computeConstraint;
    stated('computeConstraint');
  }
  const spot = flags.has(ADJUST_FLAG.spotOk);
  if (spot !== before.spotOk) {
    w.spotOk = spot;
    stated('spotOk');
  }

  const cache = num(ADJUST_FIELD.cacheHitPercent, true);
  if (typeof cache === 'number' && differs(cache / 100, before.cacheHitRate)) {
    w.cacheHitRate = cache / 100;
    stated('cacheHitRate');
  }
  const budget = num(ADJUST_FIELD.budget, false);
  if (budget !== undefined && budget !== before.budgetUsdPerMonth) {
    w.budgetUsdPerMonth = budget;
    stated('budgetUsdPerMonth');
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const checked = Workload.safeParse(w);
  if (!checked.success) return { ok: false, errors: zodErrors(checked.error.issues) };
  return { ok: true, parsed: { workload: checked.data, provenance, notes: original.notes }, changed: [...changed] };
}
