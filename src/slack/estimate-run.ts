// Running the core for the Slack shell: the pipeline on text (help and bad input as values) and a
// report rendered where it is computed. Loaded only where the core runs: the compute workers
// (compute-ops.ts), or inline (tests, INFERCOST_WORKERS=0); the main thread imports estimate.ts's
// types and store helpers instead, without the parser, the engine or the renderer.

import { reachTarget } from '../core/advice/reach-target.ts';
import { estimate, evaluate } from '../core/pipeline.ts';
import type { SlackMessage } from '../core/render/block-kit.ts';
import { allOptionsMessage, reportMessage, summaryLine } from '../core/render/blocks.ts';
import type { CoreContext } from '../core/pipeline.ts';
import type { Report } from '../core/report.ts';
import type { ParsedWorkload } from '../core/workload.ts';
import { HELP_WORDS, type Outcome, type RenderedOutcome, type RenderedReport } from './estimate.ts';

/** Text → outcome. `text` is what the user typed, with any mention of the bot already removed. */
export function runEstimate(text: string, core: CoreContext): Outcome {
  const t = text.trim();
  if (t === '' || HELP_WORDS.test(t)) return { kind: 'help' };
  const r = estimate(t, core);
  if (!r.ok) return { kind: 'issues', issues: r.issues };
  return { kind: 'report', parsed: r.value.parsed, report: r.value.report };
}

function renderReport(parsed: ParsedWorkload, report: Report, estimateId: string, core: CoreContext, preface?: string, requestedBy?: string): RenderedReport {
  // Nothing meets the target: the same priced levers the CLI shows (core/advice).
  const advice = reachTarget(parsed, report, core);
  return {
    parsed,
    message: reportMessage(report, { estimateId, advice, ...(preface ? { preface } : {}), ...(requestedBy ? { requestedBy } : {}) }),
    summary: summaryLine(report),
    recommendedId: report.recommendation.optionId,
  };
}

/** Text → help, issues or the rendered report message (its buttons carry `estimateId`). */
export function runRenderedEstimate(text: string, estimateId: string, core: CoreContext, requestedBy?: string): RenderedOutcome {
  const o = runEstimate(text, core);
  return o.kind === 'report' ? { kind: 'rendered', ...renderReport(o.parsed, o.report, estimateId, core, undefined, requestedBy) } : o;
}

/** A stored or adjusted workload → its rendered report message (its buttons carry `estimateId`). */
export function runRenderedEvaluation(parsed: ParsedWorkload, estimateId: string, core: CoreContext, preface?: string): RenderedReport {
  return renderReport(parsed, evaluate(parsed, core), estimateId, core, preface);
}

/** "Details and all options" for a stored workload, rendered where it is computed (with the priced
 * levers when nothing meets the target, as in the report). */
export function runRenderedDetails(parsed: ParsedWorkload, core: CoreContext): SlackMessage {
  const report = evaluate(parsed, core);
  return allOptionsMessage(report, reachTarget(parsed, report, core));
}

export function reevaluate(parsed: ParsedWorkload, core: CoreContext): Report {
  return evaluate(parsed, core);
}
