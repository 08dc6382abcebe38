// A compute worker thread (see compute.ts). It lowers its own scheduling priority before it loads
// anything, so even loading the core (the parser, the engine, the catalog) yields the CPU to the main
// thread's acks; on Linux, setpriority on the calling thread changes only that thread.
import { setPriority } from 'node:os';
import { workerData } from 'node:worker_threads';

const nice = (workerData as { nice?: number } | null)?.nice ?? 0;
if (nice > 0) {
  try {
    setPriority(nice);
  } catch {
    // Not permitted here (some containers): run at the default priority.
  }
}
await import('./compute-worker-run.ts');
