// The checkpointer's thread (see checkpointer.ts): its own connection to the store's file and a
// lower priority than the main thread. A checkpoint's fsync can still hold up the main thread's
// next WAL write for 10–70 ms (the file system serializes them), so it checkpoints when the store
// has been quiet for a moment (no commit by another connection since the last look), and at least
// every `maxWaitMs` under sustained load, so the WAL stays bounded.
import { setPriority } from 'node:os';
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

const { file, everyMs, maxWaitMs } = workerData as { file: string; everyMs: number; maxWaitMs: number };
try {
  setPriority(10);
} catch {
  // Not permitted here: run at the default priority.
}
const db = new DatabaseSync(file);
db.exec('PRAGMA busy_timeout = 5000;');
const version = db.prepare('PRAGMA data_version');
const dataVersion = () => Number((version.get() as { data_version: number }).data_version);

let seen = dataVersion();
// Commits made before this thread started are not counted by data_version: assume some are pending.
let pendingSince: number | null = Date.now();
const timer = setInterval(() => {
  try {
    const v = dataVersion();
    const now = Date.now();
    if (v !== seen) {
      // Commits since the last look: wait for a quiet tick, unless they have kept coming too long.
      seen = v;
      pendingSince ??= now;
      if (now - pendingSince < maxWaitMs) return;
    } else if (pendingSince === null) return;
    db.exec('PRAGMA wal_checkpoint(PASSIVE);');
    pendingSince = null;
  } catch {
    // Busy or locked: the next tick tries again.
  }
}, everyMs);
parentPort!.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort!.close();
});
