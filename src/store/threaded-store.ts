// The store on its own thread. node:sqlite is synchronous: on the main thread every write is a
// system call on the event loop, and a write that meets a checkpoint's fsync waits 10-70 ms for the
// disk with every ack queued behind it. Store methods are asynchronous already, so production runs
// the same SqliteStore in a worker (store-thread.ts) and talks to it by messages; the main thread
// does no disk I/O. Tests use SqliteStore directly (in memory, with an injected clock).
import { Worker } from 'node:worker_threads';
import type { Store } from './store.ts';
import { JOB_QUEUE_METHODS, type JobQueue } from '../jobs/job-queue.ts';

/** Every method of Store, forwarded as is. (The check below fails to compile if one is missing.) */
const STORE_METHODS = [
  'claimEvent',
  'addRecentEstimate',
  'recentEstimates',
  'get',
  'put',
  'delete',
  'getThread',
  'putThread',
  'saveWorkload',
  'getWorkload',
  'listWorkloads',
  'forgetWorkload',
  'subscribe',
  'getSubscription',
  'unsubscribe',
  'activeSubscriptions',
  'subscriptionsCreatedBy',
  'pauseSubscription',
  'claimDigestRun',
  'getDigestRun',
  'retryDigestRunAt',
  'endDigestRun',
  'completeDigestRun',
  'pendingDigestRuns',
  'digestSnapshots',
  'digestHistory',
  'putInstallation',
  'getInstallation',
  'deleteInstallation',
  'deleteTeamData',
  'ping',
  'purgeExpired',
  'close',
] as const satisfies readonly (keyof Store)[];
const allForwarded: [Exclude<keyof Store, (typeof STORE_METHODS)[number]>] extends [never] ? true : false = true;
void allForwarded;
/** …and every method of the job contract (src/jobs/job-queue.ts), which the SQLite store implements too. */
const METHODS = [...STORE_METHODS, ...JOB_QUEUE_METHODS] as const;

export type StoreMethod = (typeof METHODS)[number];
export type StoreRequest = { id: number; method: StoreMethod; args: unknown[] };
export type StoreReply = { id: number; value?: unknown; error?: { name: string; message: string } } | { ready: true } | { fatal: string };

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/** Open the store in `dataDir` on a worker thread; rejects with the reason when it cannot open. */
export function openThreadedStore(dataDir: string): Promise<Store & JobQueue> {
  const worker = new Worker(new URL('./store-thread.ts', import.meta.url), { workerData: { dataDir } });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let dead: Error | null = null;
  const fail = (e: Error) => {
    dead ??= e;
    for (const p of pending.values()) p.reject(dead);
    pending.clear();
  };

  return new Promise<Store & JobQueue>((resolveOpen, rejectOpen) => {
    worker.on('message', (m: StoreReply) => {
      if ('ready' in m) return resolveOpen(store);
      if ('fatal' in m) {
        fail(new Error(m.fatal));
        void worker.terminate();
        return rejectOpen(new Error(m.fatal));
      }
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.error) p.reject(Object.assign(new Error(m.error.message), { name: m.error.name }));
      else p.resolve(m.value);
    });
    worker.on('error', (e) => {
      fail(e);
      rejectOpen(e);
    });
    worker.on('exit', (code) => {
      const e = new Error(`the store thread stopped (exit code ${code})`);
      fail(e);
      rejectOpen(e);
    });

    const call = (method: StoreMethod, args: unknown[]): Promise<unknown> => {
      if (dead) return Promise.reject(dead);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, method, args } satisfies StoreRequest);
      });
    };
    const store = Object.fromEntries(METHODS.map((m) => [m, (...args: unknown[]) => call(m, args)])) as unknown as Store & JobQueue;
    const close = store.close;
    store.close = async () => {
      if (dead) return;
      await close();
      await worker.terminate();
    };
  });
}
