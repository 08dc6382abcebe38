// A compute worker's body (compute-worker.ts lowers the thread's priority first, then loads this):
// loads the embedded catalog, known models and intents once, then runs the pure core for each job
// the pool sends (see compute.ts).
import { parentPort } from 'node:worker_threads';
import { loadEmbeddedCatalog, loadKnownModels } from '../catalog/embedded.ts';
import { loadIntents } from '../catalog/intents.ts';
import { warmYaml } from '../core/parse/structured.ts';
import { chronoNode } from '../core/dates.ts';
import { runOp, type ComputeOp } from './compute.ts';

const core = { catalog: loadEmbeddedCatalog(), models: loadKnownModels() };
const intents = loadIntents();

parentPort!.on('message', (m: { id: number; op: ComputeOp }) => {
  try {
    parentPort!.postMessage({ id: m.id, value: runOp(m.op, core, intents) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});

// Load the lazily imported libraries now, off the main thread, so no request pays for them.
setImmediate(() => {
  warmYaml();
  chronoNode();
});
