// What-if slots → a changed Workload. Only the workload changes; the engine prices it (evaluate).
// Every changed field's provenance says it was stated in the thread; fields derived from it (peak
// from volume, size from precision) are marked inferred with the reason, so assumptions stay true.
import { scopeOf } from '../regions.ts';
import { atVolume } from '../engine/break-even.ts';
import { bytes, compact } from '../render/format.ts';
import type { KnownModel } from '../known-models.ts';
import { ASYNC_LATENCY, DEFAULT_LATENCY, DEFAULT_TOKENS, PEAK_TO_AVERAGE } from '../parse/vocabulary.ts';
import type { Result } from '../result.ts';
import { fail, ok } from '../result.ts';
import { BYTES_PER_PARAM, type FieldPath, type Origin, type ParsedWorkload, type Provenance, SECONDS_PER_MONTH, Workload } from '../workload.ts';
import type { Change } from './slots.ts';

export interface Applied {
  parsed: ParsedWorkload;
  /** One line per change, in words: "traffic ×3: 5M → 15M requests a month". */
  changed: string[];
  /** Changes that could not apply, said plainly ("tokens apply only to LLMs"). */
  skipped: string[];
}

const EXAMPLE_CHANGE = 'what if traffic triples?';

function pct(x: number): string {
  return `${+(x * 100).toFixed(1)}%`;
}

function latencyText(l: Workload['latency']): string {
  return `p${l.percentile} ${l.ms >= 1000 ? `${+(l.ms / 1000).toFixed(2)} s` : `${+l.ms.toFixed(1)} ms`}${l.measures === 'ttft' ? ' TTFT' : ''}`;
}

export function modelText(m: Workload['model']): string {
  const size = m.params !== null ? `${compact(m.params)} parameters` : bytes(m.sizeBytes);
  return m.name ? `${m.name} (${size}, ${m.precision})` : `a ${m.params !== null ? compact(m.params) : bytes(m.sizeBytes)} model (${m.precision})`;
}

/** Apply the changes in order to a copy of the workload. Never throws; an impossible result is an issue. */
export function applyChanges(parsed: ParsedWorkload, changes: Change[], ctx: { models: KnownModel[] }, quote: string): Result<Applied> {
  try {
    return apply(parsed, changes, ctx, quote);
  } catch (e) {
    return fail({ code: 'invalid_field', message: `I could not apply that change (${e instanceof Error ? e.message : 'error'}). Try e.g. "${EXAMPLE_CHANGE}".` });
  }
}

function apply(parsed: ParsedWorkload, changes: Change[], ctx: { models: KnownModel[] }, quote: string): Result<Applied> {
  let w: Workload = structuredClone(parsed.workload);
  const prov: Provenance = structuredClone(parsed.provenance);
  const said = `changed in the thread: "${quote.trim().slice(0, 120)}"`;
  const stated = (f: FieldPath, extra?: string) => {
    prov[f] = { source: 'stated', why: extra ? `${said} (${extra})` : said } satisfies Origin;
  };
  const inferred = (f: FieldPath, why: string) => {
    prov[f] = { source: 'inferred', why: `${why} (${said})` } satisfies Origin;
  };
  const changed: string[] = [];
  const skipped: string[] = [];
  const precisionChangedHere = changes.some((c) => c.field === 'precision');
  const peakStated = changes.some((c) => c.field === 'peak');

  const setVolume = (requestsPerMonth: number, how: string) => {
    const before = w.requestsPerMonth;
    w = atVolume(w, requestsPerMonth);
    stated('requestsPerMonth');
    inferred('peakRps', `average × peak-to-average ${+w.peakToAverage.toFixed(2)}`);
    changed.push(`traffic ${how}: ${compact(before)} → ${compact(w.requestsPerMonth)} requests a month`);
  };

  for (const c of changes) {
    switch (c.field) {
      case 'volume':
        if (c.op === 'multiply') setVolume(w.requestsPerMonth * c.factor, `×${+c.factor.toFixed(3)}`);
        else setVolume(c.requestsPerMonth, `set to ${compact(c.requestsPerMonth)}`);
        break;
      case 'peak': {
        const avgRps = w.requestsPerMonth / SECONDS_PER_MONTH;
        const before = w.peakRps;
        w = { ...w, peakRps: c.peakRps, peakToAverage: Math.max(1, c.peakRps / avgRps) };
        if (c.peakRps < avgRps) skipped.push(`a peak of ${+c.peakRps.toFixed(2)} rps is below the average ${+avgRps.toFixed(2)} rps; the peak is taken as the average`);
        w.peakRps = Math.max(w.peakRps, avgRps);
        stated('peakRps');
        inferred('peakToAverage', `peak ${+c.peakRps.toFixed(2)} rps ÷ average ${+avgRps.toFixed(2)} rps`);
        changed.push(`peak: ${+before.toFixed(2)} → ${+w.peakRps.toFixed(2)} requests a second`);
        break;
      }
      case 'model': {
        const before = modelText(w.model);
        const known = c.knownId ? (ctx.models.find((m) => m.id === c.knownId) ?? null) : null;
        const keepPrecision = precisionChangedHere || prov['model.precision']?.source === 'stated';
        const precision = keepPrecision ? w.model.precision : known ? known.defaultPrecision : w.model.precision;
        const oldKind = w.model.kind;
        let kind = known?.kind ?? c.kind ?? w.model.kind;
        if (!known && kind === 'unknown' && (c.params ?? 0) >= 1e9) kind = 'llm';
        let params = known?.params ?? c.params;
        let sizeBytes = c.sizeBytes ?? (params !== null ? params * BYTES_PER_PARAM[precision] : null);
        if (params === null && sizeBytes !== null) params = sizeBytes / BYTES_PER_PARAM[precision];
        if (params === null || sizeBytes === null) {
          skipped.push(`"${c.text}" does not say how big the model is`);
          break;
        }
        sizeBytes = Math.max(1, sizeBytes);
        w = { ...w, model: { name: known?.name ?? c.name, knownId: known?.id ?? null, params, sizeBytes, precision, kind } };
        stated('model.name');
        if (known) inferred('model.params', `${known.name} has ${compact(known.params)} parameters (known models)`);
        else stated('model.params');
        inferred('model.sizeBytes', `${compact(params)} parameters × ${BYTES_PER_PARAM[precision]} bytes (${precision})`);
        if (!keepPrecision && known) inferred('model.precision', `${known.name} weights ship in ${precision}`);
        if (kind !== oldKind) inferred('model.kind', known ? `${known.name} is a${/^[aeiou]/.test(kind) ? 'n' : ''} ${kind} model (known models)` : 'a model of a billion parameters or more is read as an LLM');
        if (kind === 'llm' && w.tokens === null) {
          w.tokens = { input: DEFAULT_TOKENS.input, output: DEFAULT_TOKENS.output };
          prov.tokens = { source: 'defaulted', why: DEFAULT_TOKENS.why };
        }
        if (kind !== 'llm' && w.tokens !== null) {
          w.tokens = null;
          prov.tokens = { source: 'defaulted', why: 'tokens per request apply only to generative language models' };
        }
        if (kind !== oldKind) resetLatencyForKind(w, prov);
        changed.push(`model: ${before} → ${modelText(w.model)}`);
        break;
      }
      case 'precision': {
        const from = w.model.precision;
        if (from === c.value) {
          skipped.push(`the model is already ${c.value}`);
          break;
        }
        const ratio = BYTES_PER_PARAM[c.value] / BYTES_PER_PARAM[from];
        w = { ...w, model: { ...w.model, precision: c.value, sizeBytes: w.model.sizeBytes * ratio } };
        stated('model.precision');
        inferred('model.sizeBytes', `${w.model.params !== null ? compact(w.model.params) : '?'} parameters × ${BYTES_PER_PARAM[c.value]} bytes (${c.value})`);
        changed.push(`precision: ${from} → ${c.value} (weights ${bytes(w.model.sizeBytes)})`);
        break;
      }
      case 'latency': {
        const before = latencyText(w.latency);
        const measures = w.model.kind === 'llm' ? (c.measures ?? w.latency.measures) : 'e2e';
        w = { ...w, latency: { percentile: c.percentile ?? w.latency.percentile, ms: c.ms ?? w.latency.ms, measures } };
        if (c.ms !== null) stated('latency.ms');
        if (c.percentile !== null) stated('latency.percentile');
        if (c.measures !== null) stated('latency.measures');
        changed.push(`latency target: ${before} → ${latencyText(w.latency)}`);
        break;
      }
      case 'cloud': {
        if (c.placeOnly && c.region) {
          const was = w.region ?? 'none';
          w = { ...w, region: c.region, dataResidency: c.residency ?? false };
          stated('region');
          changed.push(`region: ${was} → ${c.region}${c.residency ? ' (data must stay there)' : ''}`);
          break;
        }
        const before = w.cloud ? w.cloud.toUpperCase() : 'any cloud';
        // A place or area (tokyo, eu) applies to every cloud; a region id belongs to one.
        const keep = w.region !== null && scopeOf(w.region)?.kind !== 'region';
        w = { ...w, cloud: c.value, region: c.region ?? (keep || (c.value !== null && w.cloud === c.value) ? w.region : null) };
        if (w.region === null) w = { ...w, dataResidency: false };
        if (c.value === null) prov.cloud = { source: 'stated', why: `${said}: every cloud is compared` };
        else stated('cloud');
        if (c.region) stated('region');
        else if (w.region === null) prov.region = { source: 'defaulted', why: 'no region named' };
        changed.push(`cloud: ${before} → ${w.cloud ? w.cloud.toUpperCase() : 'any cloud'}${c.region ? ` (${c.region})` : ''}`);
        break;
      }
      case 'tokens': {
        if (w.model.kind !== 'llm' || w.tokens === null) {
          skipped.push('tokens per request apply only to generative language models; this model is not sized by tokens');
          break;
        }
        const before = `${w.tokens.input} in / ${w.tokens.output} out`;
        w = { ...w, tokens: { input: c.input ?? w.tokens.input, output: c.output ?? w.tokens.output } };
        stated('tokens');
        changed.push(`tokens per request: ${before} → ${w.tokens!.input} in / ${w.tokens!.output} out`);
        break;
      }
      case 'cacheHitRate':
        changed.push(`cache hit rate: ${pct(w.cacheHitRate)} → ${pct(c.value)}`);
        w = { ...w, cacheHitRate: c.value };
        stated('cacheHitRate');
        break;
      case 'spotOk':
        changed.push(`spot capacity: ${w.spotOk ? 'allowed' : 'not allowed'} → ${c.value ? 'allowed' : 'not allowed'}`);
        w = { ...w, spotOk: c.value };
        stated('spotOk');
        break;
      case 'computeConstraint':
        changed.push(`hardware: ${w.computeConstraint ? `${w.computeConstraint.toUpperCase()} only` : 'CPU or GPU'} → ${c.value ? `${c.value.toUpperCase()} only` : 'CPU or GPU'}`);
        w = { ...w, computeConstraint: c.value };
        stated('computeConstraint');
        break;
      case 'selfHostedOnly':
        changed.push(`hosting: ${w.selfHostedOnly ? 'self-hosted only' : 'hosted APIs allowed'} → ${c.value ? 'self-hosted only' : 'hosted APIs allowed'}`);
        w = { ...w, selfHostedOnly: c.value, selfHostedReason: c.value ? c.text.slice(0, 200) : null };
        stated('selfHostedOnly');
        break;
      case 'budgetUsdPerMonth':
        changed.push(`budget: ${w.budgetUsdPerMonth === null ? 'none' : `$${Math.round(w.budgetUsdPerMonth)}/month`} → ${c.value === null ? 'none' : `$${Math.round(c.value)}/month`}`);
        w = { ...w, budgetUsdPerMonth: c.value };
        stated('budgetUsdPerMonth');
        break;
      case 'pattern': {
        const before = w.pattern ?? 'unstated';
        w = { ...w, pattern: c.value };
        stated('pattern');
        if (!peakStated && prov.peakToAverage?.source !== 'stated') {
          const def = PEAK_TO_AVERAGE[c.value];
          w = { ...w, peakToAverage: def.factor, peakRps: (w.requestsPerMonth / SECONDS_PER_MONTH) * def.factor };
          inferred('peakToAverage', def.why);
          inferred('peakRps', `average × peak-to-average ${def.factor}`);
        }
        changed.push(`traffic pattern: ${before} → ${c.value} (peak ${+w.peakToAverage.toFixed(2)}× the average)`);
        break;
      }
      case 'asyncOk': {
        changed.push(`answers: ${w.asyncOk ? 'may wait (batch/async)' : 'needed right away'} → ${c.value ? 'may wait (batch/async)' : 'needed right away'}`);
        const latencyDefaulted = prov['latency.ms']?.source === 'defaulted';
        w = { ...w, asyncOk: c.value };
        stated('asyncOk');
        if (latencyDefaulted) resetLatencyForKind(w, prov);
        break;
      }
    }
  }
  if (changed.length === 0) {
    return fail({ code: 'invalid_field', message: skipped.length > 0 ? `Nothing changed: ${skipped.join('; ')}.` : `I did not see what to change. Try e.g. "${EXAMPLE_CHANGE}".` });
  }
  const checked = Workload.safeParse(w);
  if (!checked.success) {
    const i = checked.error.issues[0];
    const field = i ? i.path.join('.') : 'a value';
    return fail({ code: 'out_of_range', field, message: `That change puts ${field} out of range (${i?.message ?? 'invalid'}). Try a smaller change, e.g. "${EXAMPLE_CHANGE}".` });
  }
  return ok({ parsed: { workload: checked.data, provenance: prov, notes: parsed.notes }, changed, skipped });
}

/** A defaulted latency target follows the model kind and async setting; a stated one stays. */
function resetLatencyForKind(w: Workload, prov: Provenance): void {
  const defaulted = prov['latency.ms']?.source === 'defaulted';
  const kind = w.model.kind;
  if (defaulted) {
    const def = w.asyncOk ? ASYNC_LATENCY : DEFAULT_LATENCY[kind];
    w.latency = { percentile: def.percentile, ms: def.ms, measures: kind === 'llm' && !w.asyncOk ? 'ttft' : 'e2e' };
    prov['latency.ms'] = { source: 'defaulted', why: def.why };
    prov['latency.percentile'] = { source: 'defaulted', why: def.why };
  } else if (kind !== 'llm') w.latency = { ...w.latency, measures: 'e2e' };
  prov['latency.measures'] = kind === 'llm' ? (prov['latency.measures'] ?? { source: 'defaulted', why: 'for LLMs the default target is time to first token' }) : { source: 'inferred', why: 'for models other than LLMs latency is end to end' };
}
