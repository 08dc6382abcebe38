// The workload parser: free text (or a structured block) → a validated Workload with provenance.
// A chrono-style pipeline: ordered extractors each claim spans of the text, then refiners resolve
// peaks, conflicts and defaults. Pure: no I/O, no clock, no environment; never throws.
import type { KnownModel } from '../known-models.ts';
import type { Issue, Result } from '../result.ts';
import { fail } from '../result.ts';
import type { ParsedWorkload } from '../workload.ts';
import { extractAsync, extractBudget, extractCache, extractCloud, extractCommitment, extractCompute, extractHardware, extractPattern, extractRegion, extractSelfHosted, extractSpot, extractUnpricedCloud } from './extract-constraints.ts';
import { extractLatency, extractMeasures } from './extract-latency.ts';
import { extractKind, extractKnownModels, extractParamsAndSize, extractPrecision } from './extract-model.ts';
import { extractNoise } from './extract-noise.ts';
import { extractAudio, extractBeam, extractImage, extractServing } from './extract-serving.ts';
import { extractTokens } from './extract-tokens.ts';
import { extractAudioVolume, extractBursts, extractTokenVolume, extractTraffic, extractUsers } from './extract-traffic.ts';
import type { Extractor, Fact } from './facts.ts';
import { refine } from './refine.ts';
import { fallbackFacts, readStructured } from './structured.ts';
import { keepOnly, maskSpans } from './text.ts';
import { EXAMPLE } from './vocabulary.ts';

export { matchModel } from './match-model.ts';

/** Longest accepted input, in characters (20 KB). */
export const MAX_INPUT_CHARS = 20 * 1024;

/** Order matters: earlier extractors claim text so later ones cannot misread it. */
export const PIPELINE: { extract: Extractor; claims: boolean }[] = [
  { extract: extractRegion, claims: true },
  { extract: extractKnownModels, claims: true },
  { extract: extractHardware, claims: true },
  { extract: extractNoise, claims: true },
  { extract: extractServing, claims: true },
  { extract: extractUnpricedCloud, claims: true },
  { extract: extractCommitment, claims: true },
  { extract: extractImage, claims: true },
  { extract: extractAudio, claims: true },
  { extract: extractBeam, claims: true },
  { extract: extractKind, claims: false },
  { extract: extractLatency, claims: true },
  { extract: extractMeasures, claims: true },
  { extract: extractBudget, claims: true },
  { extract: extractCache, claims: true },
  { extract: extractBursts, claims: true },
  { extract: extractUsers, claims: true },
  { extract: extractAudioVolume, claims: true },
  { extract: extractTokenVolume, claims: true },
  { extract: extractTokens, claims: true },
  { extract: extractPrecision, claims: true },
  { extract: extractSelfHosted, claims: true },
  { extract: extractSpot, claims: true },
  { extract: extractAsync, claims: false },
  { extract: extractPattern, claims: false },
  { extract: extractTraffic, claims: true },
  { extract: extractParamsAndSize, claims: true },
  { extract: extractCompute, claims: true },
  { extract: extractCloud, claims: true },
];

/** Facts that make a text a workload description at all. */
const WORKLOAD_FACTS = new Set<Fact['type']>(['rate', 'known-model', 'params', 'size', 'latency', 'tokens-in', 'tokens-out', 'tokens-total', 'model-name', 'peak-to-average', 'issue', 'users', 'per-user', 'token-volume', 'audio-volume']);

function runPipeline(text: string, masked: string, models: KnownModel[]): Fact[] {
  return runExtractors(text, masked, models, PIPELINE).facts;
}

/** Run extractors in order; each one's facts claim their text (blanked in `masked`) when it claims. */
export function runExtractors(text: string, masked: string, models: KnownModel[], pipeline: readonly { extract: Extractor; claims: boolean }[]): { facts: Fact[]; masked: string } {
  const facts: Fact[] = [];
  let current = masked;
  for (const { extract, claims } of pipeline) {
    const found = extract({ text, masked: current, models });
    facts.push(...found);
    if (claims && found.length > 0) current = maskSpans(current, found.map((f) => f.span));
  }
  return { facts, masked: current };
}

export function parseWorkload(text: string, ctx: { models: KnownModel[] }): Result<ParsedWorkload> {
  try {
    return parse(text, ctx.models);
  } catch {
    return fail({ code: 'not_a_workload', message: `I could not read that as a workload. Describe traffic and a model, e.g. "${EXAMPLE}".` });
  }
}

function parse(raw: unknown, models: KnownModel[]): Result<ParsedWorkload> {
  if (typeof raw !== 'string' || raw.trim() === '') {
    return fail({ code: 'empty_input', message: `Describe a workload, e.g. "${EXAMPLE}".` });
  }
  if (raw.length > MAX_INPUT_CHARS) {
    return fail({ code: 'input_too_long', message: `That is ${raw.length} characters; I read at most ${MAX_INPUT_CHARS}. Describe the workload in a line, e.g. "${EXAMPLE}".` });
  }
  // Control characters become spaces (same length, so spans still index the original text).
  const text = raw.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
  const early: Issue[] = [];
  let facts: Fact[];
  const structured = readStructured(text, models ?? []);
  if (structured) {
    const tooLong = structured.issues.find((i) => i.code === 'input_too_long');
    if (tooLong) return fail(tooLong);
    early.push(...structured.issues);
    const visible = keepOnly(text, structured.regions);
    const found = structured.regions.length > 0 ? runPipeline(raw, visible, models ?? []) : [];
    // Facts typed in the block win over anything read from its text values.
    facts = [...structured.facts, ...found];
    const fb = fallbackFacts({ text: raw }, structured.regions, facts);
    facts.push(...fb.facts);
    early.push(...fb.issues);
  } else {
    facts = runPipeline(raw, text, models ?? []);
  }
  if (early.length === 0 && !facts.some((f) => WORKLOAD_FACTS.has(f.type))) {
    return fail({
      code: 'not_a_workload',
      message: `That doesn't look like a workload description. Say how much traffic and which model, e.g. "${EXAMPLE}".`,
    });
  }
  return refine({ facts, issues: early });
}
