// The checkpointer's thread (see checkpointer.ts): its own connection to the store's file, a
// PASSIVE checkpoint every `everyMs`, at a lower priority than the main thread.
import { setPriority } from 'node:os';
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

const { file, everyMs } = workerData as { file: string; everyMs: number };
try {
  setPriority(10);
} catch {
  // Not permitted here: run at the default priority.
}
const db = new DatabaseSync(file);
db.exec('PRAGMA busy_timeout = 5000;');
const timer = setInterval(() => {
  try {
    db.exec('PRAGMA wal_checkpoint(PASSIVE);');
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
