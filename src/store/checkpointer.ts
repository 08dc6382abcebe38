// Moves SQLite's WAL checkpoints off the main thread. A checkpoint copies the write-ahead log into
// the database file and, with synchronous=NORMAL, waits for the disk (fsync): run automatically
// after a commit, it stalled that commit ~20 ms about once in every hundred commands, and the
// stall held up every ack queued behind it (bench: store p99 17.6 ms → 0.5 ms without it). Here the
// main connection never checkpoints; a worker thread with its own connection runs PASSIVE
// checkpoints (they never block writers or readers) when the store is quiet (checkpoint-worker.ts).
import { Worker } from 'node:worker_threads';

export interface Checkpointer {
  stop(): Promise<void>;
}

/** `everyMs`: how often it looks for commits; `maxWaitMs`: the longest it waits for a quiet moment. */
export function startCheckpointer(file: string, everyMs = 250, maxWaitMs = 30_000): Checkpointer {
  const worker = new Worker(new URL('./checkpoint-worker.ts', import.meta.url), { workerData: { file, everyMs, maxWaitMs } });
  worker.unref();
  // A failed checkpointer leaves the WAL growing until the store closes (which checkpoints); it
  // must not take the app down.
  worker.on('error', () => {});
  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
        setTimeout(() => void worker.terminate(), 2000).unref();
      });
      return stopped;
    },
  };
}
