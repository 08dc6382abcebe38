// Where the pure core runs for the Slack app. A report takes a few milliseconds of CPU; on the event
// loop that would hold up every other request's ack, so the app runs the core on worker threads
// (INFERCOST_WORKERS, default: one per spare core, at a lower priority) and keeps the main thread for
// HTTP, signatures and Slack calls. Tests and INFERCOST_WORKERS=0 run it inline. Same functions either way.
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { ConversationInput, Turn } from '../core/converse/conversation.ts';
import type { IntentSet } from '../core/converse/intents.ts';
import type { Digest, DigestInput } from '../core/digest/compose.ts';
import type { CoreContext } from '../core/pipeline.ts';
import type { Report } from '../core/report.ts';
import type { ParsedWorkload } from '../core/workload.ts';
import type { RenderedOutcome, RenderedReport } from './estimate.ts';
import type { SlackMessage } from '../core/render/block-kit.ts';

export interface Compute {
  /** Text → help, issues or the report already rendered as a Slack message with `estimateId` on its buttons. */
  estimateMessage(text: string, estimateId: string, requestedBy?: string): Promise<RenderedOutcome>;
  evaluate(parsed: ParsedWorkload): Promise<Report>;
  /** "Details and all options" for a workload, rendered. */
  detailsMessage(parsed: ParsedWorkload): Promise<SlackMessage>;
  /** A workload → its report rendered as a Slack message (optionally with a first line). */
  evaluateMessage(parsed: ParsedWorkload, estimateId: string, preface?: string): Promise<RenderedReport>;
  converse(state: ConversationInput | null, text: string, now: Date): Promise<Turn>;
  /** Compose a channel's digest (re-prices each saved workload). */
  digest(items: DigestInput[], takenAt: string): Promise<Digest>;
  close(): Promise<void>;
}

export type ComputeOp =
  | { op: 'estimate-message'; text: string; estimateId: string; requestedBy?: string | undefined }
  | { op: 'evaluate'; parsed: ParsedWorkload }
  | { op: 'details-message'; parsed: ParsedWorkload }
  | { op: 'evaluate-message'; parsed: ParsedWorkload; estimateId: string; preface?: string | undefined }
  | { op: 'converse'; state: ConversationInput | null; text: string; now: string }
  | { op: 'digest'; items: DigestInput[]; takenAt: string };

/**
 * The core run on this thread (tests, INFERCOST_WORKERS=0). The core (compute-ops.ts: the parser, the
 * engine, the renderer) is imported with the first operation, so a process whose core runs on the
 * workers never loads it here.
 */
export function inlineCompute(core: CoreContext, intents: IntentSet): Compute {
  let ops: Promise<typeof import('./compute-ops.ts')> | null = null;
  const run = <T>(op: ComputeOp) => (ops ??= import('./compute-ops.ts')).then((m) => m.runOp(op, core, intents) as T);
  return {
    estimateMessage: (text, estimateId, requestedBy) => run<RenderedOutcome>({ op: 'estimate-message', text, estimateId, requestedBy }),
    evaluate: (parsed) => run<Report>({ op: 'evaluate', parsed }),
    detailsMessage: (parsed) => run<SlackMessage>({ op: 'details-message', parsed }),
    evaluateMessage: (parsed, estimateId, preface) => run<RenderedReport>({ op: 'evaluate-message', parsed, estimateId, preface }),
    converse: (state, text, now) => run<Turn>({ op: 'converse', state, text, now: now.toISOString() }),
    digest: (items, takenAt) => run<Digest>({ op: 'digest', items, takenAt }),
    close: async () => {},
  };
}

interface Job {
  id: number;
  op: ComputeOp;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Job | null;
}

/** Each compute worker's semi-space size (its new space is twice this). */
export const WORKER_SEMI_SPACE_MB = 16;

/**
 * The pool size when INFERCOST_WORKERS is unset: one worker per spare core (at least one). One per
 * core was tried: reports came faster (174/s against 147/s on 2 cores) but the extra worker took
 * CPU from the acks (p99 at 200 commands/s 34 ms against 22 ms), and the ack is what Slack times.
 */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * A fixed pool of workers, each with the embedded catalog loaded once; jobs queue in order.
 * `nice`: the workers' scheduling priority (Linux nice values are per thread). Slack wants the ack
 * within 3 s and the report may follow a moment later, so under load the main thread's acks win the
 * CPU: at nice 10 a busy worker gets about a tenth of a core the main thread needs.
 */
export function workerCompute(size: number, onError: (e: Error) => void = () => {}, nice = 0, deferStart = false): Compute & { start(): void } {
  const url = new URL('./compute-worker.ts', import.meta.url);
  const queue: Job[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  const spawn = (): Slot => {
    // The young generation: a report allocates a few MB of short-lived objects. With 8 MB semi-spaces
    // (16 MB of new space) a report took 7 ms of CPU, with 4 MB 10-11 ms, with 16 MB 5-6 ms (800
    // reports on one worker, alternated, process CPU time, 2026-12-02): the smaller sizes promote
    // each report's objects to the old generation. So 16 MB semi-spaces, as a cap too (without one V8
    // grew them further under load and kept them: RSS 624 against 493 MB at 10k commands). V8's
    // --max-semi-space-size flag overrides maxYoungGenerationSizeMb for every isolate created while it
    // is set; npm start sets 4 for the main thread (and the store's thread, created before this pool),
    // so it is set to the workers' size here: isolates read it when they are created, and the main
    // thread's young generation stays as it was configured. The old generation cap only guards
    // against a runaway input; a worker that hits it is replaced. (resourceLimits' young generation,
    // ~3 semi-spaces, says the same; the flag set here takes precedence.)
    setFlagsFromString(`--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`);
    const slot: Slot = {
      worker: new Worker(url, { workerData: { nice }, resourceLimits: { maxYoungGenerationSizeMb: 3 * WORKER_SEMI_SPACE_MB, maxOldGenerationSizeMb: 256 } }),
      busy: null,
    };
    slot.worker.on('message', (m: { id: number; value?: unknown; error?: string }) => {
      const job = slot.busy;
      slot.busy = null;
      if (job && job.id === m.id) {
        if (m.error !== undefined) job.reject(new Error(m.error));
        else job.resolve(m.value);
      }
      pump();
    });
    const fail = (e: Error) => {
      onError(e);
      const job = slot.busy;
      slot.busy = null;
      job?.reject(e);
      if (closed) return;
      // Replace the dead worker so one bad job cannot take the app down.
      const i = slots.indexOf(slot);
      if (i >= 0) slots[i] = spawn();
      pump();
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => {
      if (!closed && code !== 0) fail(new Error(`compute worker exited with code ${code}`));
    });
    return slot;
  };

  const pump = () => {
    for (const slot of slots) {
      if (slot.busy || queue.length === 0) continue;
      const job = queue.shift()!;
      slot.busy = job;
      slot.worker.postMessage({ id: job.id, op: job.op });
    }
  };

  // `deferStart`: the workers are spawned by start() or the first job, whichever comes first (the app
  // starts them once it is listening, so loading the core does not compete with its start).
  let started = false;
  const start = () => {
    if (started || closed) return;
    started = true;
    for (let i = 0; i < Math.max(1, size); i++) slots.push(spawn());
    pump();
  };
  if (!deferStart) start();

  const run = <T>(op: ComputeOp): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (closed) return reject(new Error('compute pool closed'));
      queue.push({ id: nextId++, op, resolve: resolve as (v: unknown) => void, reject });
      if (!started) start();
      pump();
    });

  return {
    start,
    estimateMessage: (text, estimateId, requestedBy) => run<RenderedOutcome>({ op: 'estimate-message', text, estimateId, requestedBy }),
    evaluate: (parsed) => run<Report>({ op: 'evaluate', parsed }),
    detailsMessage: (parsed) => run<SlackMessage>({ op: 'details-message', parsed }),
    evaluateMessage: (parsed, estimateId, preface) => run<RenderedReport>({ op: 'evaluate-message', parsed, estimateId, preface }),
    converse: (state, text, now) => run<Turn>({ op: 'converse', state, text, now: now.toISOString() }),
    digest: (items, takenAt) => run<Digest>({ op: 'digest', items, takenAt }),
    async close() {
      closed = true;
      for (const j of queue.splice(0)) j.reject(new Error('compute pool closed'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
