// A compute worker: loads the embedded catalog, known models and intents once, then runs the pure
// core for each job the pool sends (see compute.ts).
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { loadEmbeddedCatalog, loadKnownModels } from '../catalog/embedded.ts';
import { loadIntents } from '../catalog/intents.ts';
import { warmUnits } from '../core/parse/units.ts';
import { chronoNode } from '../core/dates.ts';
import { runOp, type ComputeOp } from './compute.ts';

// Lower this thread's priority (on Linux, setpriority on the calling thread changes only that thread).
const nice = (workerData as { nice?: number } | null)?.nice ?? 0;
if (nice > 0) {
  try {
    setPriority(nice);
  } catch {
    // Not permitted here (some containers): run at the default priority.
  }
}

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
  warmUnits();
  chronoNode();
});
