// Moves SQLite's WAL checkpoints off the main thread. A checkpoint copies the write-ahead log into
// the database file and, with synchronous=NORMAL, waits for the disk (fsync): run automatically
// after a commit, it stalled that commit ~20 ms about once in every hundred commands, and the
// stall held up every ack queued behind it (bench: store p99 17.6 ms → 0.1 ms without it). Here the
// main connection never checkpoints; a worker thread with its own connection runs a PASSIVE
// checkpoint (never blocks writers or readers) every second.
import { Worker } from 'node:worker_threads';

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, everyMs = 1000): Checkpointer {
  const worker = new Worker(new URL('./checkpoint-worker.ts', import.meta.url), { workerData: { file, everyMs } });
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
