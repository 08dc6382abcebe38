// The Slack app's process (started by main.ts): load the configuration, open the store, resolve the
// bot's identity, start the app, and shut down gracefully on SIGTERM/SIGINT.

import { existsSync } from 'node:fs';
import { defaultWorkerCount, workerCompute } from './compute.ts';
import { createRequire } from 'node:module';
// The store's thread module, not store/index.ts: the SQLite store itself (node:sqlite, migrations) runs
// on that thread and need not load here.
import { openThreadedStore } from '../store/threaded-store.ts';
import type { Store } from '../store/index.ts';
import { loadConfig } from './config.ts';
import { authTest, type AuthResult } from './auth-test.ts';
import type { CoreContext } from '../core/pipeline.ts';
import { pino } from 'pino';
import { boltLogger, createLogger } from './logger.ts';
import { createApp } from './app.ts';
import { keepRunningOnUnhandledRejections } from './hardening.ts';
import { JOB_RETENTION_MS, type JobQueue } from '../jobs/job-queue.ts';
import { createDigestScheduler, digestClient } from './digest-scheduler.ts';

function lazyCore(): CoreContext {
  let loaded: CoreContext | null = null;
  // Loaded on first use (require of an ES module is synchronous in Node 24): the catalog's zod
  // schemas take a while to build, and this thread rarely needs them.
  const load = (): CoreContext => {
    if (!loaded) {
      const embedded = createRequire(import.meta.url)('../catalog/embedded.ts') as typeof import('../catalog/embedded.ts');
      loaded = { catalog: embedded.loadEmbeddedCatalog(), models: embedded.loadKnownModels() };
    }
    return loaded;
  };
  return {
    get catalog() {
      return load().catalog;
    },
    get models() {
      return load().models;
    },
  };
}

/** `early.store`: the store main.ts began opening before this module loaded, for INFERCOST_DATA_DIR. */
export async function startServer(early: { store?: Promise<Store & JobQueue>; dataDir?: string; auth?: Promise<AuthResult>; authFor?: string } = {}): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(loaded.message + '\n');
    process.exit(2);
  }
  const config = loaded.config;
  // Asynchronous log writes: a synchronous write per line put the disk on the ack path (pino's default
  // destination writes synchronously). pino flushes what is buffered when the process exits.
  const logger = createLogger(config.LOG_LEVEL, pino.destination({ dest: 1, sync: false }));
  keepRunningOnUnhandledRejections(logger);

  // With compute workers, this thread needs the catalog only for a few paths (saving a workload, a
  // channel's digest list, the modal): it is loaded on first use, so the start does not wait for it.
  const core = lazyCore();
  // The store runs on its own thread (threaded-store.ts): no disk I/O on the event loop. It opens
  // while the token is checked.
  // With DATABASE_URL it is PostgreSQL instead, shared by every replica (migrated under a lock).
  const opening = config.DATABASE_URL
    ? import('../store/pg-store.ts').then(({ openPgStore }) => openPgStore({ connectionString: config.DATABASE_URL!, schema: config.INFERCOST_DB_SCHEMA }) as Promise<Store & JobQueue>)
    : early.store && early.dataDir === config.INFERCOST_DATA_DIR
      ? early.store
      : openThreadedStore(config.INFERCOST_DATA_DIR);
  opening.catch(() => {}); // reported below, once the token check is done

  // Single workspace: check the token once, with a readable message, and learn the bot's ids and
  // workspace (main.ts has usually sent the request already, while the modules loaded). Many
  // workspaces: each request is authorized with its workspace's installation instead.
  let botIdentity: { botId: string; botUserId: string } | undefined;
  let teamId: string | undefined;
  if (config.auth === 'token') {
    const token = config.SLACK_BOT_TOKEN!;
    let auth = await (early.auth && early.authFor === `${config.SLACK_API_URL}\u0000${token}` ? early.auth : authTest(config.SLACK_API_URL, token));
    // Slack not answering (a slow network at start, an outage) is not a refused token: retry a few times.
    const retries = 5; // 2 + 4 + 8 + 16 + 30 s: about a minute
    for (let i = 1; !auth.ok && auth.transient && i <= retries; i++) {
      const wait = Math.min(30, 2 ** i);
      process.stderr.write(`Slack did not answer auth.test (${auth.error}); trying again in ${wait} s (${i}/${retries}).\n`);
      await new Promise((r) => setTimeout(r, wait * 1000));
      auth = await authTest(config.SLACK_API_URL, token);
    }
    if (!auth.ok) {
      process.stderr.write(
        auth.transient
          ? `InferCost cannot start: Slack did not answer auth.test (${auth.error}) after ${retries + 1} tries.\nCheck the network and SLACK_API_URL (${config.SLACK_API_URL}); the token itself was not refused.\n`
          : `InferCost cannot start: Slack refused SLACK_BOT_TOKEN (auth.test: ${auth.error}).\n` +
              'Check the Bot User OAuth Token (xoxb-…) under OAuth & Permissions, and that the app is installed.\n',
      );
      await opening.then((st) => st.close()).catch(() => {});
      process.exit(2);
    }
    botIdentity = { botId: auth.botId, botUserId: auth.botUserId };
    teamId = auth.teamId;
  }
  let store: Store & JobQueue;
  try {
    store = await opening;
  } catch (e) {
    const hint = config.DATABASE_URL ? 'Check DATABASE_URL (the server, the user and its password, the database name).' : 'Check INFERCOST_DATA_DIR (a writable directory).';
    process.stderr.write(`InferCost cannot start: ${e instanceof Error ? e.message : String(e)}\n${hint}\n`);
    process.exit(2);
  }

  // The core runs on worker threads so a report's few milliseconds of CPU never delay another ack.
  const workers = config.INFERCOST_WORKERS ?? defaultWorkerCount();
  // The workers load the intents themselves; this thread needs them only to compute inline (required
  // then, not imported: the intents' module brings the parser's vocabulary).
  const loadIntents = () => (createRequire(import.meta.url)('../catalog/intents.ts') as typeof import('../catalog/intents.ts')).loadIntents();
  const intents = workers > 0 ? loadIntents : loadIntents();
  const compute = workers > 0 ? workerCompute(workers, (e) => logger.error({ err: e.message }, 'compute worker failed'), config.INFERCOST_WORKER_NICE, true) : undefined;
  const app = createApp(config, { store, sharedStore: Boolean(config.DATABASE_URL), core, logger, ...(botIdentity ? { botIdentity } : {}), intents, ...(teamId ? { teamId } : {}), ...(compute ? { compute } : {}) });
  const { port } = await app.start();
  // Listening: now start the compute workers (each loads the parser, the engine and the catalog,
  // ~1 s of CPU, below this thread's priority). A command that arrives first is acked at once; its
  // report waits for the first worker. This thread loads the catalog only when a path needs it.
  setImmediate(() => compute?.start());
  logger.info({ mode: config.mode, auth: config.auth, port, store: config.DATABASE_URL ? `postgres (schema ${config.INFERCOST_DB_SCHEMA})` : 'sqlite', dataDir: config.INFERCOST_DATA_DIR, computeWorkers: workers, workerNice: config.INFERCOST_WORKER_NICE }, 'InferCost is running');

  // Weekly digests (issue 6): its own client, so 429s come back to the scheduler with their Retry-After.
  const digests = createDigestScheduler({
    store,
    core,
    logger,
    now: () => new Date(),
    client:
      config.auth === 'token'
        ? digestClient(config.SLACK_BOT_TOKEN!, config.SLACK_API_URL, boltLogger(logger), config.SLACK_API_TIMEOUT_SECONDS * 1000)
        : async (team) => digestClient(await app.botTokenFor(team), config.SLACK_API_URL, boltLogger(logger), config.SLACK_API_TIMEOUT_SECONDS * 1000),
    ...(compute ? { compose: (items, takenAt) => compute.digest(items, takenAt) } : {}),
  });
  digests.start();

  const purge = setInterval(() => {
    store.purgeExpired().catch((e: unknown) => logger.warn({ err: String(e) }, 'purge failed'));
    store.purgeJobs(JOB_RETENTION_MS).catch((e: unknown) => logger.warn({ err: String(e) }, 'purging finished jobs failed'));
  }, 3600_000);
  purge.unref();

  let stopping = false;
  // SIGTERM (a deploy, a scale-down): stop taking requests (/readyz answers 503), let running jobs
  // finish for INFERCOST_SHUTDOWN_GRACE_SECONDS, leave the rest queued for the next start, and exit.
  // `npm start` execs node, so the signal sent to npm reaches this process.
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const grace = config.INFERCOST_SHUTDOWN_GRACE_SECONDS * 1000;
    logger.info({ signal, graceMs: grace }, 'shutting down');
    clearInterval(purge);
    const t0 = Date.now();
    await Promise.all([digests.stop(), app.stop(grace)]);
    logger.info({ ms: Date.now() - t0 }, 'stopped taking work; unfinished jobs are queued for the next start');
    await compute?.close();
    await store.close();
    logger.info('stopped');
    logger.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
