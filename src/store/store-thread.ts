// The store's thread (see threaded-store.ts): opens the SQLite store and runs each method the main
// thread asks for, in order, replying with the value or the error.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteStore } from './sqlite-store.ts';
import type { StoreReply, StoreRequest } from './threaded-store.ts';

const port = parentPort!;
const reply = (m: StoreReply) => port.postMessage(m);

const { dataDir } = workerData as { dataDir: string };
let store: ReturnType<typeof openSqliteStore> | null = null;
try {
  store = openSqliteStore(dataDir);
} catch (e) {
  // Tell the main thread why, then end: nothing is listening, so the thread exits after this message.
  reply({ fatal: `cannot open the store in ${dataDir}: ${e instanceof Error ? e.message : String(e)}` });
}

if (store) serve(store);

function serve(store: ReturnType<typeof openSqliteStore>): void {
  port.on('message', async (m: StoreRequest) => {
    try {
      const fn = store[m.method] as (...args: unknown[]) => Promise<unknown>;
      reply({ id: m.id, value: await fn.apply(store, m.args) });
    } catch (e) {
      reply({ id: m.id, error: { name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) } });
    }
  });
  reply({ ready: true });
}
