// The core's side of compute.ts: one operation run with the parser, the engine and the renderer.
// Imported by the compute workers (compute-worker-run.ts) and, on the first operation, by the inline
// runner (inlineCompute); never at start on the main thread, which only sends operations.
import { converse } from '../core/converse/conversation.ts';
import type { IntentSet } from '../core/converse/intents.ts';
import { composeDigest } from '../core/digest/compose.ts';
import type { CoreContext } from '../core/pipeline.ts';
import type { ComputeOp } from './compute.ts';
import { reevaluate, runRenderedDetails, runRenderedEstimate, runRenderedEvaluation } from './estimate-run.ts';

/** Run one operation with the core; shared by the inline runner and the worker. */
export function runOp(op: ComputeOp, core: CoreContext, intents: IntentSet): unknown {
  switch (op.op) {
    case 'estimate-message':
      return runRenderedEstimate(op.text, op.estimateId, core, op.requestedBy);
    case 'evaluate':
      return reevaluate(op.parsed, core);
    case 'details-message':
      return runRenderedDetails(op.parsed, core);
    case 'evaluate-message':
      return runRenderedEvaluation(op.parsed, op.estimateId, core, op.preface);
    case 'converse':
      return converse(op.state, op.text, { ...core, intents, now: new Date(op.now) });
    case 'digest':
      return composeDigest(op.items, core, op.takenAt);
  }
}

