// The Slack app's process (started by main.ts): load the configuration, open the store, resolve the
// bot's identity, start the app, and shut down gracefully on SIGTERM/SIGINT.

import { existsSync } from 'node:fs';
import { defaultWorkerCount, workerCompute } from './compute.ts';
import { loadEmbeddedCatalog, loadKnownModels } from '../catalog/embedded.ts';
import { openThreadedStore, type Store } from '../store/index.ts';
import { loadConfig } from './config.ts';
import type { CoreContext } from '../core/pipeline.ts';
import { pino } from 'pino';
import { boltLogger, createLogger } from './logger.ts';
import { loadIntents } from '../catalog/intents.ts';
import { createApp } from './app.ts';
import { createDigestScheduler, digestClient } from './digest-scheduler.ts';
import { webApi } from '@slack/bolt';

function lazyCore(): CoreContext {
  let loaded: CoreContext | null = null;
  const load = (): CoreContext => (loaded ??= { catalog: loadEmbeddedCatalog(), models: loadKnownModels() });
  return {
    get catalog() {
      return load().catalog;
    },
    get models() {
      return load().models;
    },
  };
}

async function main(): Promise<void> {
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

  // With compute workers, this thread needs the catalog only for a few paths (saving a workload, a
  // channel's digest list, the modal): it is loaded on first use or just after the app is listening,
  // whichever comes first, so the start does not wait for it.
  const core = lazyCore();
  // The store runs on its own thread (threaded-store.ts): no disk I/O on the event loop. It opens
  // while the token is checked.
  const opening = openThreadedStore(config.INFERCOST_DATA_DIR);
  opening.catch(() => {}); // reported below, once the token check is done

  // Check the token once, with a readable message, and learn the bot's ids.
  const client = new webApi.WebClient(config.SLACK_BOT_TOKEN, { slackApiUrl: config.SLACK_API_URL, retryConfig: { retries: 2 } });
  let botIdentity: { botId: string; botUserId: string };
  try {
    const auth = await client.auth.test();
    botIdentity = { botId: String(auth.bot_id), botUserId: String(auth.user_id) };
  } catch (e) {
    const code = e instanceof webApi.WebAPIPlatformError ? e.data.error : e instanceof Error ? e.message : String(e);
    process.stderr.write(
      `InferCost cannot start: Slack refused SLACK_BOT_TOKEN (auth.test: ${code}).\n` +
        'Check the Bot User OAuth Token (xoxb-…) under OAuth & Permissions, and that the app is installed.\n',
    );
    await opening.then((st) => st.close()).catch(() => {});
    process.exit(2);
  }
  let store: Store;
  try {
    store = await opening;
  } catch (e) {
    process.stderr.write(`InferCost cannot start: ${e instanceof Error ? e.message : String(e)}\nCheck INFERCOST_DATA_DIR (a writable directory).\n`);
    process.exit(2);
  }

  // The core runs on worker threads so a report's few milliseconds of CPU never delay another ack.
  const workers = config.INFERCOST_WORKERS ?? defaultWorkerCount();
  // The workers load the intents themselves; this thread needs them only to compute inline.
  const intents = workers > 0 ? () => loadIntents() : loadIntents();
  const compute = workers > 0 ? workerCompute(workers, (e) => logger.error({ err: e.message }, 'compute worker failed'), config.INFERCOST_WORKER_NICE) : undefined;
  const app = createApp(config, { store, core, logger, botIdentity, intents, ...(compute ? { compute } : {}) });
  const { port } = await app.start();
  setImmediate(() => core.catalog);
  logger.info({ mode: config.mode, port, dataDir: config.INFERCOST_DATA_DIR, computeWorkers: workers, workerNice: config.INFERCOST_WORKER_NICE }, 'InferCost is running');

  // Weekly digests (issue 6): its own client, so 429s come back to the scheduler with their Retry-After.
  const digests = createDigestScheduler({
    store,
    core,
    logger,
    now: () => new Date(),
    client: digestClient(config.SLACK_BOT_TOKEN, config.SLACK_API_URL, boltLogger(logger)),
    ...(compute ? { compose: (items, takenAt) => compute.digest(items, takenAt) } : {}),
  });
  digests.start();

  const purge = setInterval(() => {
    store.purgeExpired().catch((e: unknown) => logger.warn({ err: String(e) }, 'purge failed'));
  }, 3600_000);
  purge.unref();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    clearInterval(purge);
    await digests.stop();
    await app.stop(10_000);
    await compute?.close();
    await store.close();
    logger.info('stopped');
    logger.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(`InferCost failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
