// Refiners: facts → one Workload with provenance. Resolves average vs peak, known model vs stated
// size, conflicting statements (→ `contradiction`), ranges (→ `out_of_range`), and fills every
// missing field with a default and its reason.
import type { Issue, Result } from '../result.ts';
import { fail, ok } from '../result.ts';
import type { Cloud, ModelKind, Origin, ParsedWorkload, Precision, Provenance, TrafficPattern } from '../workload.ts';
import { BYTES_PER_PARAM, MAX_REQUESTS_PER_MONTH, SECONDS_PER_MONTH, SPEECH_BASELINE_BEAMS, Workload } from '../workload.ts';
import type { Fact, FactOf, FactType, Span } from './facts.ts';
import { ASYNC_LATENCY, DEFAULT_LATENCY, DEFAULT_REQUESTS_PER_USER_PER_DAY, DEFAULT_TOKENS, EXAMPLE, PEAK_TO_AVERAGE, SUPPORTED_PERCENTILES, WORKDAYS_PER_MONTH } from './vocabulary.ts';

const stated = (span: Span, why?: string): Origin => (why ? { source: 'stated', span, why } : { source: 'stated', span });
const inferred = (span: Span | undefined, why: string): Origin => (span ? { source: 'inferred', span, why } : { source: 'inferred', why });
const defaulted = (why: string): Origin => ({ source: 'defaulted', why });

/** Two readings of the same quantity agree when within 25 % (rounding, "about"). */
const close = (a: number, b: number, tol = 0.25) => Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b));

export function fmt(n: number): string {
  const abs = Math.abs(n);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
  for (const [v, s] of units) if (abs >= v) return `${+(n / v).toPrecision(3)}${s}`;
  return `${+n.toPrecision(3)}`;
}

const quote = (s: Span) => `"${s.text.trim()}"`;

function contradiction(field: string, a: Span, b: Span, what: string): Issue {
  return {
    code: 'contradiction',
    field,
    text: `${a.text} / ${b.text}`,
    message: `${quote(a)} and ${quote(b)} disagree about ${what}. Keep one, e.g. "${EXAMPLE}".`,
  };
}

function outOfRange(field: string, span: Span | undefined, message: string): Issue {
  return { code: 'out_of_range', field, ...(span ? { text: span.text } : {}), message: `${message} Example: "${EXAMPLE}".` };
}

export interface RefineInput {
  facts: Fact[];
  /** Issues found before refining (structured input). */
  issues: Issue[];
}

/** all(type): the facts of that type, in order (a new array each call), grouped in one pass. */
function factsByType(facts: readonly Fact[]): <T extends FactType>(t: T) => FactOf<T>[] {
  const groups = new Map<FactType, Fact[]>();
  for (const f of facts) {
    const g = groups.get(f.type);
    if (g) g.push(f);
    else groups.set(f.type, [f]);
  }
  return <T extends FactType>(t: T): FactOf<T>[] => (groups.get(t)?.slice() ?? []) as FactOf<T>[];
}

export function refine({ facts, issues: early }: RefineInput): Result<ParsedWorkload> {
  const issues: Issue[] = [...early];
  const notes: string[] = [];
  const prov: Provenance = {};
  const all = factsByType(facts);
  for (const f of all('issue')) issues.push(f.issue);

  // ── Traffic pattern and async ───────────────────────────────────────────────────────────────
  const patterns = all('pattern');
  let pattern: TrafficPattern | null = null;
  if (patterns[0]) {
    pattern = patterns[0].value;
    prov.pattern = stated(patterns[0].span);
    const other = patterns.find((p) => p.value !== pattern);
    if (other) notes.push(`Both ${quote(patterns[0].span)} and ${quote(other.span)} describe the traffic; using ${pattern}.`);
  } else if (all('users')[0]?.workdays && !all('peak-to-average')[0]) {
    const u = all('users')[0]!;
    pattern = 'business-hours';
    prov.pattern = inferred(u.span, `${u.noun} are people at work: their traffic follows business hours`);
  } else prov.pattern = defaulted('no traffic pattern stated');

  const asyncFacts = all('async');
  let asyncOk = false;
  if (asyncFacts[0]) {
    asyncOk = asyncFacts[0].value;
    prov.asyncOk = stated(asyncFacts[0].span);
  } else if (pattern === 'nightly-batch' && patterns[0]) {
    asyncOk = true;
    prov.asyncOk = inferred(patterns[0].span, 'a nightly batch can wait for its answers');
  } else prov.asyncOk = defaulted('answers are needed right away unless the text says batch, async or offline');

  // ── Volume: average vs peak ─────────────────────────────────────────────────────────────────
  const rates = [...all('rate'), ...ratesFromUsersAndTokens(all, issues, notes)];
  for (const r of rates) {
    if (!(r.perSecond > 0)) issues.push(outOfRange('requestsPerMonth', r.span, `The request volume ${quote(r.span)} must be more than zero.`));
  }
  const valid = rates.filter((r) => r.perSecond > 0);
  const avgs = valid.filter((r) => r.role === 'avg' || (r.role === 'bare' && r.period >= 86400));
  const peaks: { fact: FactOf<'rate'>; why?: string }[] = valid.filter((r) => r.role === 'peak').map((fact) => ({ fact }));
  const bares = valid.filter((r) => r.role === 'bare' && r.period < 86400);
  let avg: FactOf<'rate'> | null = avgs[0] ?? null;
  let avgWhy: string | undefined = avg?.why;
  let avgSource: 'stated' | 'inferred' = avg?.periodAssumed ? 'inferred' : 'stated';
  for (const other of avgs.slice(1)) {
    if (avg && !close(other.perSecond, avg.perSecond)) issues.push(contradiction('requestsPerMonth', avg.span, other.span, 'the request volume'));
  }
  for (const b of bares) {
    if (!avg) {
      avg = b;
      avgSource = 'inferred';
      avgWhy = 'a bare rate is read as the average';
      continue;
    }
    if (close(b.perSecond, avg.perSecond)) continue;
    if (b.perSecond > avg.perSecond) peaks.push({ fact: b, why: `a per-${b.period === 1 ? 'second' : b.period === 60 ? 'minute' : 'hour'} rate above the stated average is read as the peak` });
    else issues.push(contradiction('requestsPerMonth', avg.span, b.span, 'the request volume'));
  }
  const peak = peaks[0] ?? null;
  for (const other of peaks.slice(1)) {
    if (peak && !close(other.fact.perSecond, peak.fact.perSecond)) issues.push(contradiction('peakRps', peak.fact.span, other.fact.span, 'the peak rate'));
  }

  // ── Peak-to-average ────────────────────────────────────────────────────────────────────────
  const p2aFact = all('peak-to-average')[0] ?? null;
  const def = PEAK_TO_AVERAGE[pattern ?? 'unknown'];
  let avgPerSecond: number | null = avg ? avg.perSecond : null;
  let peakRps: number | null = null;
  let peakToAverage = def.factor;
  if (avg) {
    prov.requestsPerMonth = avgSource === 'stated' ? stated(avg.span, avgWhy) : inferred(avg.span, avgWhy ?? 'read as the average');
  }
  if (peak && avgPerSecond !== null && avg) {
    peakRps = peak.fact.perSecond;
    peakToAverage = peakRps / avgPerSecond;
    prov.peakRps = peak.why ? inferred(peak.fact.span, peak.why) : stated(peak.fact.span);
    prov.peakToAverage = inferred(peak.fact.span, `peak ${fmt(peakRps)} rps ÷ average ${fmt(avgPerSecond)} rps`);
    if (peakToAverage < 1 && !close(peakRps, avgPerSecond, 0.05)) {
      issues.push(contradiction('peakRps', avg.span, peak.fact.span, 'traffic: the peak is below the average'));
    }
    peakToAverage = Math.max(1, peakToAverage);
    if (peakToAverage > 1000) issues.push(outOfRange('peakToAverage', peak.fact.span, `A peak ${fmt(peakToAverage)}× the average is more than I can model (at most 1000×).`));
  } else if (peak) {
    peakRps = peak.fact.perSecond;
    if (p2aFact) {
      peakToAverage = p2aFact.value;
      prov.peakToAverage = stated(p2aFact.span);
    } else prov.peakToAverage = defaulted(def.why);
    avgPerSecond = peakRps / peakToAverage;
    prov.peakRps = stated(peak.fact.span);
    prov.requestsPerMonth = inferred(peak.fact.span, `only a peak was given: average = peak ÷ ${+peakToAverage.toFixed(2)} (${prov.peakToAverage.why ?? 'stated factor'})`);
  } else if (avgPerSecond !== null && avg) {
    if (p2aFact) {
      peakToAverage = p2aFact.value;
      prov.peakToAverage = stated(p2aFact.span);
    } else prov.peakToAverage = defaulted(def.why);
    peakRps = avgPerSecond * peakToAverage;
    prov.peakRps = inferred(avg.span, `average ${fmt(avgPerSecond)} rps × peak-to-average ${+peakToAverage.toFixed(2)}`);
  }
  const requestsPerMonth = avgPerSecond !== null ? avgPerSecond * SECONDS_PER_MONTH : null;
  if (requestsPerMonth !== null && requestsPerMonth > MAX_REQUESTS_PER_MONTH) {
    issues.push(outOfRange('requestsPerMonth', avg?.span ?? peak?.fact.span, `${fmt(requestsPerMonth)} requests a month is more than I can believe (at most 10^13).`));
  }

  // ── Model ──────────────────────────────────────────────────────────────────────────────────
  const knowns = all('known-model');
  const known = knowns[0] ?? null;
  for (const k of knowns.slice(1)) {
    if (known && k.model.id !== known.model.id) issues.push(contradiction('model.name', known.span, k.span, 'the model (one model per estimate)'));
  }
  const paramsFacts = all('params');
  for (const p of paramsFacts) {
    if (!(p.value > 0)) issues.push(outOfRange('model.params', p.span, `The parameter count ${quote(p.span)} must be more than zero.`));
    else if (p.value > 1e13) issues.push(outOfRange('model.params', p.span, `${quote(p.span)} parameters is more than any model has (at most 10^13).`));
  }
  const paramsFact = paramsFacts.find((p) => p.value > 0) ?? null;
  for (const p of paramsFacts.slice(1)) {
    if (paramsFact && p.value > 0 && !close(p.value, paramsFact.value)) issues.push(contradiction('model.params', paramsFact.span, p.span, 'the parameter count'));
  }
  if (known && paramsFact && !close(known.model.params, paramsFact.value)) {
    issues.push(contradiction('model.params', known.span, paramsFact.span, `the model size (${known.model.name} has ${fmt(known.model.params)} parameters)`));
  }
  const sizeFacts = all('size');
  for (const s of sizeFacts) {
    if (!(s.bytes > 0)) issues.push(outOfRange('model.sizeBytes', s.span, `The model size ${quote(s.span)} must be more than zero.`));
    else if (s.bytes > 1e14) issues.push(outOfRange('model.sizeBytes', s.span, `${quote(s.span)} is larger than any model (at most 100 TB).`));
  }
  const sizeFact = sizeFacts.find((s) => s.bytes > 0) ?? null;
  for (const s of sizeFacts.slice(1)) {
    if (sizeFact && s.bytes > 0 && !close(s.bytes, sizeFact.bytes)) issues.push(contradiction('model.sizeBytes', sizeFact.span, s.span, 'the model size'));
  }
  const nameFact = all('model-name')[0] ?? null;

  // Kind
  let kind: ModelKind = 'unknown';
  const kinds = all('kind');
  const tokenFacts = [...all('tokens-in'), ...all('tokens-out'), ...all('tokens-total')];
  if (known) {
    kind = known.model.kind;
    prov['model.kind'] = inferred(known.span, `${known.model.name} is a${/^[aeiou]/.test(kind) ? 'n' : ''} ${kind} model (known models)`);
  } else if (kinds[0]) {
    kind = kinds[0].value;
    prov['model.kind'] = stated(kinds[0].span);
  } else if (tokenFacts[0]) {
    kind = 'llm';
    prov['model.kind'] = inferred(tokenFacts[0].span, 'input and output tokens describe a generative language model');
  } else if (paramsFact && paramsFact.value >= 1e9) {
    kind = 'llm';
    prov['model.kind'] = inferred(paramsFact.span, 'a model of a billion parameters or more with no other hint is read as an LLM');
  } else prov['model.kind'] = defaulted('nothing in the text says what kind of model this is');

  // Precision
  const precisions = all('precision');
  const statedPrecisions = precisions.filter((p) => !p.why);
  let precision: Precision;
  const firstPrecision = statedPrecisions[0] ?? precisions[0];
  if (firstPrecision) {
    precision = firstPrecision.value;
    prov['model.precision'] = firstPrecision.why ? inferred(firstPrecision.span, firstPrecision.why) : stated(firstPrecision.span);
    const other = statedPrecisions.find((p) => p.value !== precision);
    if (other) issues.push(contradiction('model.precision', firstPrecision.span, other.span, 'the precision'));
  } else if (known) {
    precision = known.model.defaultPrecision;
    prov['model.precision'] = inferred(known.span, `${known.model.name} weights ship in ${precision}`);
  } else {
    precision = kind === 'llm' || kind === 'diffusion' ? 'fp16' : 'fp32';
    prov['model.precision'] = defaulted(
      precision === 'fp16' ? `${kind === 'llm' ? 'LLMs' : 'diffusion models'} are served in fp16 by default` : 'models other than LLMs are served in fp32 by default',
    );
  }
  const bpp = BYTES_PER_PARAM[precision];

  // Params and size
  let params: number | null = null;
  let sizeBytes: number | null = null;
  if (paramsFact) {
    params = paramsFact.value;
    prov['model.params'] = stated(paramsFact.span);
  } else if (known) {
    params = known.model.params;
    prov['model.params'] = inferred(known.span, `${known.model.name} has ${fmt(params)} parameters (${known.model.architecture ? 'config.json' : 'model card'})`);
  }
  if (sizeFact) {
    sizeBytes = sizeFact.bytes;
    prov['model.sizeBytes'] = stated(sizeFact.span);
    if (params === null) {
      params = sizeBytes / bpp;
      prov['model.params'] = inferred(sizeFact.span, `${fmt(sizeBytes)}B of weights at ${bpp} bytes per parameter (${precision})`);
    }
  } else if (params !== null) {
    sizeBytes = params * bpp;
    const from = paramsFact?.span ?? known?.span;
    prov['model.sizeBytes'] = inferred(from, `${fmt(params)} parameters × ${bpp} bytes (${precision})`);
  }
  if (known) prov['model.name'] = stated(known.span);
  else if (nameFact) prov['model.name'] = stated(nameFact.span);
  else prov['model.name'] = defaulted('no model name given; sized from the stated parameters or size');

  if (params === null || sizeBytes === null) {
    if (nameFact) {
      issues.push({
        code: 'unknown_model',
        field: 'model.name',
        text: nameFact.name,
        message: `I don't know the model "${nameFact.name}". Give its parameter count or size, e.g. "params: 7B" or "${EXAMPLE}".`,
      });
    } else {
      issues.push({
        code: 'missing_model',
        field: 'model',
        message: `I couldn't tell which model. Name a known model or give its size, e.g. "${EXAMPLE}" (also "llama-3-8b", "350M params", "400MB model").`,
      });
    }
  }

  // Tokens
  let tokens: { input: number; output: number } | null = null;
  if (kind === 'llm') {
    const ins = all('tokens-in');
    const outs = all('tokens-out');
    const total = all('tokens-total')[0];
    for (const [list, what] of [[ins, 'input tokens'], [outs, 'output tokens']] as const) {
      const first = list[0];
      for (const o of list.slice(1)) if (first && o.value !== first.value && o.span.start !== first.span.start) issues.push(contradiction('tokens', first.span, o.span, `the ${what}`));
    }
    const i = ins[0];
    const o = outs[0];
    if (i && o) {
      tokens = { input: i.value, output: o.value };
      prov.tokens = stated(i.span.start <= o.span.start ? { start: i.span.start, end: Math.max(i.span.end, o.span.end), text: '' } : o.span);
      const sp = prov.tokens.span;
      if (sp && sp.text === '') prov.tokens = stated({ ...sp, text: i.span.start === o.span.start ? i.span.text : `${i.span.text} … ${o.span.text}` });
    } else if (i || o) {
      tokens = { input: i?.value ?? DEFAULT_TOKENS.input, output: o?.value ?? DEFAULT_TOKENS.output };
      prov.tokens = inferred((i ?? o)?.span, i ? `output tokens not given: ${DEFAULT_TOKENS.output}, a typical chat answer` : `input tokens not given: ${DEFAULT_TOKENS.input}, a typical chat prompt`);
    } else if (total) {
      const input = Math.max(1, Math.round((total.value * 5) / 7));
      tokens = { input, output: Math.max(0, total.value - input) };
      prov.tokens = inferred(total.span, 'a total per request is split 5:2 between input and output, like a typical chat turn');
    } else {
      tokens = { input: DEFAULT_TOKENS.input, output: DEFAULT_TOKENS.output };
      prov.tokens = defaulted(DEFAULT_TOKENS.why);
    }
    if (tokens.input < 1 || tokens.input > 10_000_000) issues.push(outOfRange('tokens', (i ?? total)?.span, `Input tokens must be between 1 and 10,000,000.`));
    if (tokens.output < 0 || tokens.output > 1_000_000) issues.push(outOfRange('tokens', (o ?? total)?.span, `Output tokens must be between 0 and 1,000,000.`));
  } else {
    prov.tokens = defaulted('tokens per request apply only to generative language models');
    if (tokenFacts.length > 0) notes.push(`Token counts were ignored: a ${kind} model is not sized by tokens.`);
  }

  // ── Latency ────────────────────────────────────────────────────────────────────────────────
  // A batch job's "done within 4 hours" is its completion window, not a per-request latency.
  const jobContext = asyncOk || pattern === 'nightly-batch';
  const windowFact = jobContext ? (all('latency').find((l) => l.ms >= 600_000 && l.ms <= 730 * 3_600_000) ?? null) : null;
  const lats = all('latency').filter((l) => l !== windowFact);
  for (const l of lats) {
    if (!(l.ms >= 1)) issues.push(outOfRange('latency.ms', l.span, `A latency target of ${quote(l.span)} is under 1 ms, which no served model meets.`));
    else if (l.ms > 3_600_000) issues.push(outOfRange('latency.ms', l.span, `A latency target of ${quote(l.span)} is over an hour; say "async" or "batch" instead.`));
  }
  const okLats = lats.filter((l) => l.ms >= 1 && l.ms <= 3_600_000);
  const primary = okLats.find((l) => l.percentile !== null) ?? okLats[0] ?? null;
  const defLat = asyncOk ? ASYNC_LATENCY : DEFAULT_LATENCY[kind];
  let percentile: 50 | 90 | 95 | 99 = defLat.percentile;
  let ms = defLat.ms;
  if (primary) {
    ms = primary.ms;
    prov['latency.ms'] = stated(primary.span, primary.why);
    const pct = primary.percentile ?? 95;
    for (const other of okLats) {
      if (other === primary) continue;
      const op = other.percentile ?? 95;
      if (op === pct && !close(other.ms, primary.ms, 0.01)) issues.push(contradiction('latency', primary.span, other.span, `the p${pct} latency`));
      else if (op !== pct) notes.push(`Only one latency target is used: ${quote(primary.span)}; ${quote(other.span)} was not used.`);
    }
    if (primary.percentile === null) {
      percentile = 95;
      prov['latency.percentile'] = inferred(primary.span, 'a latency target without a percentile is read as p95');
    } else {
      const supported = SUPPORTED_PERCENTILES.find((p) => p >= (primary.percentile ?? 95)) ?? 99;
      percentile = supported;
      if (supported !== primary.percentile) {
        prov['latency.percentile'] = inferred(primary.span, `p${primary.percentile} is not supported (50, 90, 95, 99); using p${supported}`);
        notes.push(`p${primary.percentile} is estimated as p${supported}: only p50, p90, p95 and p99 are modelled.`);
      } else prov['latency.percentile'] = stated(primary.span);
    }
  } else {
    prov['latency.ms'] = defaulted(defLat.why);
    prov['latency.percentile'] = defaulted(defLat.why);
  }
  // What it measures
  let measures: 'e2e' | 'ttft';
  const measureFacts = [...(primary?.measures ? [{ value: primary.measures, span: primary.span }] : []), ...all('measures')];
  if (kind === 'llm') {
    const m = measureFacts[0];
    if (asyncOk && !primary) {
      measures = 'e2e';
      prov['latency.measures'] = defaulted('batch/async work is measured end to end');
    } else if (m) {
      measures = m.value;
      prov['latency.measures'] = stated(m.span);
    } else if (primary) {
      measures = 'ttft';
      prov['latency.measures'] = inferred(primary.span, 'for LLMs a latency target is read as time to first token unless the text says end to end');
    } else {
      measures = 'ttft';
      prov['latency.measures'] = defaulted('for LLMs the default target is time to first token');
    }
  } else {
    measures = 'e2e';
    prov['latency.measures'] = primary ? inferred(primary.span, 'for models other than LLMs latency is end to end') : defaulted('for models other than LLMs latency is end to end');
    if (measureFacts.some((m) => m.value === 'ttft')) notes.push('Time to first token applies only to LLMs; the target is read as end to end.');
  }

  // ── Batch job ──────────────────────────────────────────────────────────────────────────────
  // A periodic batch (nightly, weekly, "done within 4 hours") is priced as a job: items per run,
  // runs a month, and the window each run must finish in. Its peak is the rate that finishes a run
  // inside the window, so serverless options see the burst and always-on fleets are sized for it.
  let job: { itemsPerRun: number; runsPerMonth: number; windowHours: number; spot: boolean } | null = null;
  const volumePeriod = avg?.period ?? null;
  // "offline" or "batch" work stated with a daily, weekly or monthly volume is a job too; plain
  // "async OK" is a queue the answers may wait in for seconds or minutes, not a job.
  const offlineWords = asyncFacts.some((a) => /offline|batch/i.test(a.span.text));
  if (jobContext && requestsPerMonth !== null && (pattern === 'nightly-batch' || windowFact || offlineWords) && (volumePeriod === null || volumePeriod >= 86400)) {
    const patternText = patterns[0]?.span.text.toLowerCase() ?? '';
    const nightlyWord = /night|daily|once a day|overnight/.test(patternText);
    const period = volumePeriod !== null && volumePeriod < SECONDS_PER_MONTH ? volumePeriod : nightlyWord ? 86400 : SECONDS_PER_MONTH;
    const runsPerMonth = SECONDS_PER_MONTH / period;
    const itemsPerRun = requestsPerMonth / runsPerMonth;
    const windowHours = windowFact ? windowFact.ms / 3_600_000 : period <= 86400 ? 8 : 24;
    const every = period === 86400 ? 'every day' : period === 7 * 86400 ? 'every week' : 'once a month';
    job = { itemsPerRun, runsPerMonth, windowHours: Math.min(windowHours, period / 3600), spot: !all('spot').some((x) => !x.value) };
    const whyWindow = windowFact ? `finished within ${+windowHours.toFixed(2)} h (${quote(windowFact.span)})` : `no completion window given: assumed ${windowHours} h (${period <= 86400 ? 'overnight' : 'within a day'}); say "done within N hours" to change it`;
    prov.job = inferred((windowFact ?? patterns[0] ?? avg)?.span, `a batch job: ${fmt(itemsPerRun)} items ${every} (${+runsPerMonth.toFixed(2)} runs a month), ${whyWindow}`);
    const runRps = itemsPerRun / (job.windowHours * 3600);
    const avgRps = requestsPerMonth / SECONDS_PER_MONTH;
    peakRps = Math.max(runRps, avgRps);
    peakToAverage = Math.min(1000, Math.max(1, peakRps / avgRps));
    peakRps = avgRps * peakToAverage;
    prov.peakRps = inferred(windowFact?.span ?? avg?.span, `a run of ${fmt(itemsPerRun)} items finished within ${+job.windowHours.toFixed(2)} h goes at ${fmt(runRps)} items/s while it runs`);
    prov.peakToAverage = inferred(windowFact?.span ?? avg?.span, `the job runs ${+job.windowHours.toFixed(2)} h of every ${+(period / 3600).toFixed(0)} h`);
  } else if (windowFact) {
    notes.push(`${quote(windowFact.span)} was read as a completion window, but the volume is a continuous rate, not a periodic batch; it is served as async traffic.`);
  }

  // ── Constraints ────────────────────────────────────────────────────────────────────────────
  const regions = all('region');
  const region = regions[0] ?? null;
  for (const r of regions.slice(1)) if (region && r.value !== region.value) notes.push(`Several regions named; using ${region.value}.`);
  prov.region = region ? stated(region.span, region.why) : defaulted('no region named');
  const dataResidency = Boolean(region && /^data residency/.test(region.why ?? ''));
  if (dataResidency && region) prov.dataResidency = stated(region.span, 'options not priced in that region are excluded');

  const clouds = all('cloud');
  const distinctClouds = [...new Set(clouds.map((c) => c.value))];
  let cloud: Cloud | null = null;
  if (distinctClouds.length === 1 && clouds[0]) {
    cloud = clouds[0].value;
    prov.cloud = stated(clouds[0].span);
  } else if (distinctClouds.length > 1) {
    notes.push(`Several clouds named (${distinctClouds.join(', ')}); all of them are compared.`);
    prov.cloud = defaulted(`several clouds named (${distinctClouds.join(', ')}); none is pinned`);
  } else if (region?.cloud) {
    cloud = region.cloud;
    prov.cloud = inferred(region.span, `${region.value} is a${region.cloud === 'aws' || region.cloud === 'azure' ? 'n' : ''} ${region.cloud.toUpperCase()} region`);
  } else prov.cloud = defaulted('no cloud named; all clouds are compared');
  if (region?.cloud && cloud && distinctClouds.length === 1 && region.cloud !== cloud && clouds[0]) {
    issues.push(contradiction('region', clouds[0].span, region.span, `the cloud (${region.value} is a ${region.cloud} region)`));
  }

  // Hardware limits: families and accelerators to use only, or to avoid.
  const hwFacts = all('hardware');
  const hardware = { only: [...new Set(hwFacts.filter((h) => h.mode === 'only').map((h) => h.value))], exclude: [...new Set(hwFacts.filter((h) => h.mode === 'exclude').map((h) => h.value))] };
  for (const v of hardware.only) if (hardware.exclude.includes(v)) issues.push(contradiction('hardware', hwFacts.find((h) => h.value === v && h.mode === 'only')!.span, hwFacts.find((h) => h.value === v && h.mode === 'exclude')!.span, `whether to use ${v}`));
  prov.hardware = hwFacts[0] ? stated(hwFacts[0].span) : defaulted('no instance family or accelerator named; every hardware type in the catalog is compared');

  if (!prov.job) prov.job = defaulted('requests are served as they arrive, not as a scheduled batch job');

  // Commitment: how dedicated capacity is bought.
  const commits = all('commitment');
  const commit = commits.find((c) => !c.why) ?? commits[0] ?? null;
  for (const c of commits) if (commit && !c.why && !commit.why && c.value !== commit.value) issues.push(contradiction('serving.commitment', commit.span, c.span, 'the commitment term'));
  const commitment: 'none' | '1y' | '3y' = commit?.value ?? 'none';
  prov['serving.commitment'] = commit ? (commit.why ? inferred(commit.span, commit.why) : stated(commit.span)) : defaulted('no commitment stated; dedicated capacity is priced on demand (committed prices are shown beside it at high volume)');

  // Clouds the catalog does not price: said out loud, never silently dropped.
  for (const u of all('unpriced-cloud')) {
    const instead = cloud ? `${cloud.toUpperCase()} (also named)` : 'AWS, GCP and Azure, and the serverless GPU and API providers it lists';
    const msg = `${u.name} is not in the price catalog, so it is not priced; this report compares ${instead} instead.`;
    if (!notes.includes(msg)) notes.push(msg);
  }

  const computes = all('compute').filter((c) => c.value !== 'neutral');
  let computeConstraint: 'cpu' | 'gpu' | null = null;
  const cpu = computes.find((c) => c.value === 'cpu');
  const gpu = computes.find((c) => c.value === 'gpu');
  if (cpu && gpu) issues.push(contradiction('computeConstraint', cpu.span, gpu.span, 'the hardware (CPU only vs a GPU)'));
  const compute = computes[0];
  const CPU_FAMILIES = ['c6i', 'c7i', 'c7g', 'm6i', 'n2'];
  const gpuOnly = hwFacts.find((h) => h.mode === 'only' && !CPU_FAMILIES.includes(h.value));
  if (cpu && gpuOnly && !gpu) issues.push(contradiction('computeConstraint', cpu.span, gpuOnly.span, 'the hardware (CPU only vs an accelerator)'));
  if (compute && (compute.value === 'cpu' || compute.value === 'gpu')) {
    computeConstraint = compute.value;
    prov.computeConstraint = stated(compute.span);
  } else if (hardware.only.length > 0 && hwFacts[0]) {
    const allCpu = hardware.only.every((v) => CPU_FAMILIES.includes(v));
    const anyCpu = hardware.only.some((v) => CPU_FAMILIES.includes(v));
    if (allCpu || !anyCpu) {
      computeConstraint = allCpu ? 'cpu' : 'gpu';
      const hf = hwFacts.find((h) => h.mode === 'only')!;
      prov.computeConstraint = inferred(hf.span, `${hardware.only.join(', ')} ${allCpu ? 'is CPU-only hardware' : 'is accelerator hardware'}`);
    } else prov.computeConstraint = defaulted('the named hardware mixes CPU and GPU types; either may be chosen among them');
  } else prov.computeConstraint = defaulted('no CPU or GPU constraint stated; the cheapest option that meets the target is chosen');

  const budgets = all('budget');
  let budgetUsdPerMonth: number | null = null;
  for (const b of budgets) if (!(b.usdPerMonth > 0)) issues.push(outOfRange('budgetUsdPerMonth', b.span, `The budget ${quote(b.span)} must be more than zero.`));
  const budget = budgets.find((b) => b.usdPerMonth > 0);
  for (const b of budgets) if (budget && b.usdPerMonth > 0 && !close(b.usdPerMonth, budget.usdPerMonth, 0.01)) issues.push(contradiction('budgetUsdPerMonth', budget.span, b.span, 'the budget'));
  if (budget) {
    budgetUsdPerMonth = budget.usdPerMonth;
    prov.budgetUsdPerMonth = budget.why ? inferred(budget.span, budget.why) : stated(budget.span);
  } else prov.budgetUsdPerMonth = defaulted('no budget given');

  const caches = all('cache');
  let cacheHitRate = 0;
  for (const c of caches) if (c.rate < 0 || c.rate > 0.99) issues.push(outOfRange('cacheHitRate', c.span, `A cache hit rate of ${quote(c.span)} must be between 0 and 99%.`));
  const cache = caches.find((c) => c.rate >= 0 && c.rate <= 0.99);
  for (const c of caches) if (cache && c.rate >= 0 && c.rate <= 0.99 && Math.abs(c.rate - cache.rate) > 0.005) issues.push(contradiction('cacheHitRate', cache.span, c.span, 'the cache hit rate'));
  if (cache) {
    cacheHitRate = cache.rate;
    prov.cacheHitRate = stated(cache.span);
  } else prov.cacheHitRate = defaulted('no caching stated; every request is computed');

  const spots = all('spot');
  let spotOk = false;
  const spotYes = spots.find((s) => s.value);
  const spotNo = spots.find((s) => !s.value);
  if (spotYes && spotNo) issues.push(contradiction('spotOk', spotYes.span, spotNo.span, 'spot instances'));
  if (spots[0]) {
    spotOk = spots[0].value;
    prov.spotOk = stated(spots[0].span);
  } else prov.spotOk = defaulted('spot capacity not mentioned; on-demand prices are used');

  const selfHosted = all('self-hosted');
  let selfHostedOnly = false;
  let selfHostedReason: string | null = null;
  const sh = selfHosted.find((s) => s.value) ?? selfHosted[0];
  if (sh) {
    selfHostedOnly = sh.value;
    selfHostedReason = sh.value ? (selfHosted.find((s) => s.reason)?.reason ?? sh.span.text.slice(0, 200)) || null : null;
    prov.selfHostedOnly = stated(sh.span);
    const own = selfHosted.find((x) => /on[- ]?prem|own hardware|own gpus|air[- ]gapped/i.test(x.span.text));
    if (own) notes.push(`Your own hardware (${quote(own.span)}) is not in the price catalog; the self-hosted options priced here are cloud instances and serverless containers.`);
  } else prov.selfHostedOnly = defaulted('nothing rules out hosted APIs');

  // Serving stack: later words refine earlier ones ("Triton, max batch 16"); no conflicts are raised.
  const servingFacts = all('serving');
  const serving = { runtime: null as 'pytorch' | 'optimized' | null, dynamicBatching: null as boolean | null, maxBatch: null as number | null, stack: null as string | null };
  for (const f of servingFacts) {
    if (f.runtime) serving.runtime = f.runtime;
    if (f.stack) serving.stack = serving.stack && serving.stack !== f.stack ? `${serving.stack} + ${f.stack}`.slice(0, 40) : f.stack;
    if (f.dynamicBatching !== undefined && (serving.dynamicBatching === null || f.maxBatch !== undefined)) serving.dynamicBatching = f.dynamicBatching;
    if (f.maxBatch !== undefined) serving.maxBatch = f.maxBatch;
  }
  if (servingFacts[0]) prov.serving = stated(servingFacts[0].span);

  // Image generation: steps and resolution, read only for diffusion models.
  const imageFacts = kind === 'diffusion' ? all('image') : [];
  let image: { steps: number | null; width: number | null; height: number | null } | null = null;
  for (const f of imageFacts) {
    image ??= { steps: null, width: null, height: null };
    if (f.steps !== undefined) image.steps = f.steps;
    if (f.width !== undefined) image.width = f.width;
    if (f.height !== undefined) image.height = f.height;
  }
  if (imageFacts[0]) prov.image = stated(imageFacts[0].span);

  // Speech: audio per request, read only for speech models.
  const audio = kind === 'speech' ? all('audio')[0] : undefined;
  const audioSeconds = audio ? audio.seconds : null;
  if (audio) prov.audioSeconds = stated(audio.span);
  // Speech: beams the decoder keeps ("beam 5", "greedy"); the last said wins.
  const beam = kind === 'speech' ? all('beam').at(-1) : undefined;
  const beamSize = beam ? beam.beams : null;
  if (beam) prov['serving.beamSize'] = stated(beam.span);
  else if (kind === 'speech') prov['serving.beamSize'] = defaulted(`beam ${SPEECH_BASELINE_BEAMS}, faster-whisper's default (say "greedy decoding" or "beam 1" to change it)`);

  // ── Verdict ────────────────────────────────────────────────────────────────────────────────
  if (requestsPerMonth === null && rates.length === 0 && !issues.some((i) => i.code === 'missing_volume')) {
    issues.push({
      code: 'missing_volume',
      field: 'requestsPerMonth',
      message: `I couldn't find a request volume. Say how many requests, e.g. "${EXAMPLE}" (also "20 rps", "100k requests/day").`,
    });
  }
  if (issues.length > 0) return fail(...dedupe(issues));

  const candidate = {
    requestsPerMonth,
    peakRps,
    peakToAverage,
    pattern,
    model: {
      name: known ? known.model.name : nameFact ? nameFact.name : null,
      knownId: known ? known.model.id : null,
      params,
      sizeBytes,
      precision,
      kind,
    },
    tokens,
    latency: { percentile, ms, measures },
    cloud,
    computeConstraint,
    budgetUsdPerMonth,
    cacheHitRate,
    spotOk,
    region: region ? region.value.slice(0, 64) : null,
    dataResidency,
    asyncOk,
    selfHostedOnly,
    selfHostedReason,
    hardware,
    job,
    image,
    audioSeconds,
    serving: { ...serving, precisionStated: prov['model.precision']?.source === 'stated', autoscaling: false, commitment, pruned: false, beamSize },
  };
  const parsed = Workload.safeParse(candidate);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    const field = i ? i.path.join('.') : undefined;
    return fail({ code: 'out_of_range', ...(field ? { field } : {}), message: `${field ?? 'A value'} is out of range: ${i?.message ?? 'invalid'}. Example: "${EXAMPLE}".` });
  }
  return ok({ workload: parsed.data, provenance: prov, notes });
}

/**
 * Volumes stated as people or tokens, turned into request rates with the conversion as the reason:
 * users × requests per user per period ("50k DAU, 10 messages per user per day"), and tokens per
 * period ÷ tokens per request ("1B tokens per month"). Only used when no request volume is stated.
 */
function ratesFromUsersAndTokens(all: <T extends FactType>(t: T) => FactOf<T>[], issues: Issue[], notes: string[]): FactOf<'rate'>[] {
  const stated = all('rate');
  const users = all('users')[0];
  const perUser = all('per-user')[0];
  const tokenVolume = all('token-volume')[0];
  const audioVolume = all('audio-volume')[0];
  if (audioVolume && stated.length === 0 && !users) {
    // Audio per request: stated ("5-minute calls") or one 30 s clip, the window Whisper transcribes.
    const audio = all('audio')[0];
    const perRequest = audio?.seconds ?? 30;
    const perMonth = (audioVolume.audioSecondsPerSecond * SECONDS_PER_MONTH) / perRequest;
    const how = audio ? `${quote(audio.span)} (${perRequest} s a request)` : `one 30 s clip a request (Whisper's window; say "5-minute calls" to change it)`;
    const why = `${quote(audioVolume.span)} ÷ ${how} = ${fmt(perMonth)} requests a month`;
    return [{ type: 'rate', perSecond: perMonth / SECONDS_PER_MONTH, period: audioVolume.period, role: 'avg', periodAssumed: true, span: audioVolume.span, why }];
  }
  const unit = (period: number) => (period === 86400 ? 'day' : period === 7 * 86400 ? 'week' : period === 3600 ? 'hour' : period === 60 ? 'minute' : period === 1 ? 'second' : 'month');
  if (perUser && !users && stated.length === 0) {
    issues.push({
      code: 'missing_volume',
      field: 'requestsPerMonth',
      text: perUser.span.text,
      message: `${quote(perUser.span)} says how often each user sends a request, but not how many users there are. Add the users, e.g. "50k daily active users, 10 messages per user per day".`,
    });
    return [];
  }
  if (users) {
    if (stated.length > 0) {
      notes.push(`${quote(users.span)} was not used for the volume: the stated request volume ${quote(stated[0]!.span)} was.`);
      return [];
    }
    const period = perUser?.period ?? 86400;
    const perUserPerPeriod = perUser ? perUser.perSecond * period : DEFAULT_REQUESTS_PER_USER_PER_DAY;
    const per = `${fmt(perUserPerPeriod)} per user per ${unit(period)}`;
    const said = perUser ? `${quote(perUser.span)}` : `an assumed ${per} (no requests per user given; say "N messages per user per day" to change it)`;
    // Staff work business days: "30 queries a day" is per working day.
    const workdays = users.workdays && period === 86400;
    const perMonth = users.count * perUserPerPeriod * (workdays ? WORKDAYS_PER_MONTH : SECONDS_PER_MONTH / period);
    const who =
      users.active === 'monthly' || users.active === 'weekly'
        ? `; assumes every ${users.active} active user sends that many each ${unit(period)}, so fewer active days means less`
        : users.active === null && !workdays
          ? '; assumes every user is active each ' + unit(period)
          : '';
    const why = `${fmt(users.count)} ${users.noun} × ${said} = ${fmt(perMonth)} requests a month${workdays ? ` (${+WORKDAYS_PER_MONTH.toFixed(1)} working days a month)` : ''}${who}`;
    return [{ type: 'rate', perSecond: perMonth / SECONDS_PER_MONTH, period: SECONDS_PER_MONTH, role: 'avg', periodAssumed: true, span: users.span, why }];
  }
  if (tokenVolume && stated.length === 0) {
    const kind = all('known-model')[0]?.model.kind ?? all('kind')[0]?.value ?? 'llm';
    const ti = all('tokens-in')[0]?.value;
    const to = all('tokens-out')[0]?.value;
    const tt = all('tokens-total')[0]?.value;
    const generative = kind === 'llm' || kind === 'unknown';
    let perRequest: number;
    let how: string;
    if (ti !== undefined || to !== undefined) {
      perRequest = (ti ?? DEFAULT_TOKENS.input) + (generative ? (to ?? DEFAULT_TOKENS.output) : 0);
      how = `${perRequest} tokens a request (the stated input${generative ? ' and output' : ''} tokens)`;
    } else if (tt !== undefined) {
      perRequest = tt;
      how = `the stated ${tt} tokens a request`;
    } else if (generative) {
      perRequest = DEFAULT_TOKENS.input + DEFAULT_TOKENS.output;
      how = `${perRequest} tokens a request (${DEFAULT_TOKENS.why}; say "N tokens per request" to change it)`;
    } else {
      perRequest = 128;
      how = '128 tokens a request (a short passage; say "N tokens per request" to change it)';
    }
    const perMonth = (tokenVolume.perSecond * SECONDS_PER_MONTH) / Math.max(1, perRequest);
    const why = `${quote(tokenVolume.span)} ÷ ${how} = ${fmt(perMonth)} requests a month`;
    return [{ type: 'rate', perSecond: perMonth / SECONDS_PER_MONTH, period: tokenVolume.period, role: 'avg', periodAssumed: true, span: tokenVolume.span, why }];
  }
  if (tokenVolume) notes.push(`${quote(tokenVolume.span)} was not used for the volume: the stated request volume ${quote(stated[0]!.span)} was.`);
  return [];
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.code}|${i.field ?? ''}|${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
