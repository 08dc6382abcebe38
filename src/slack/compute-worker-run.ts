// A compute worker's body (compute-worker.ts lowers the thread's priority first, then loads this):
// loads the embedded catalog, known models and intents once, then runs the pure core for each job
// the pool sends (see compute.ts).
import { parentPort } from 'node:worker_threads';
import { loadEmbeddedCatalog, loadKnownModels } from '../catalog/embedded.ts';
import { loadIntents } from '../catalog/intents.ts';
import { warmYaml } from '../core/parse/structured.ts';
import type { ComputeOp } from './compute.ts';
import { runOp } from './compute-ops.ts';

const core = { catalog: loadEmbeddedCatalog(), models: loadKnownModels() };
const intents = loadIntents();

parentPort!.on('message', (m: { id: number; op: ComputeOp }) => {
  try {
    parentPort!.postMessage({ id: m.id, value: runOp(m.op, core, intents) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});

// Load yaml now, off the main thread, so no request pays for it (it is small: ~1 MB of heap).
// chrono-node is not warmed: only a thread's projection questions ("in 6 months") need it, and it
// holds ~3 MB of live heap (~10 MB of heap while it loads) per worker for the life of the worker; the
// first such question after a start pays its import (~200 ms on this worker, never on an ack).
setImmediate(() => {
  warmYaml();
});
