// The Bolt app. HTTP mode by default: one endpoint, POST /slack/events, for commands, events and
// interactivity, plus GET /healthz and /readyz; Socket Mode when SLACK_APP_TOKEN is set.

import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { App, HTTPReceiver, type CustomRoute } from '@slack/bolt';
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { CoreContext } from '../core/pipeline.ts';
import type { Clock, Store } from '../store/index.ts';
import type { Config } from './config.ts';
import type { FollowUpHandler } from './follow-ups.ts';
import type { IntentSet } from '../core/converse/intents.ts';
import { createFollowUpHandler } from './thread-follow-ups.ts';
import { inlineCompute, type Compute } from './compute.ts';
import { loadIntents } from '../catalog/intents.ts';
import { boltLogger } from './logger.ts';
import { registerRequestContext } from './request-context.ts';
import type { Services } from './services.ts';
import { register as registerCommands } from './listeners/commands/index.ts';
import { register as registerEvents } from './listeners/events/index.ts';
import { register as registerActions } from './listeners/actions/index.ts';
import { register as registerViews } from './listeners/views/index.ts';
import { createInstallationStore, NoInstallationError, type StoredInstallations } from './installation-store.ts';
import { oauthReceiverOptions } from './oauth.ts';
import { createTokenCipher } from './token-cipher.ts';

export const EVENTS_PATH = '/slack/events';

/** Web API retries: a few, with backoff; a 429 additionally waits its Retry-After. Tests pass faster ones. */
export const DEFAULT_RETRY: webApi.RetryOptions = { retries: 4, factor: 2, minTimeout: 1000, maxTimeout: 20_000, randomize: true };

export interface AppDeps {
  store: Store;
  core: CoreContext;
  logger: Logger;
  now?: Clock;
  newId?: () => string;
  retryConfig?: webApi.RetryOptions;
  /** Known bot ids skip Bolt's auth.test call (main resolves them once at start). */
  botIdentity?: { botId: string; botUserId: string };
  followUps?: FollowUpHandler;
  /** The follow-up intents (loadIntents()), or a function that loads them when first needed; with
   * them, thread replies are answered by the conversation engine. */
  intents?: IntentSet | (() => IntentSet);
  /** Where the core runs; inline on this thread unless given (main.ts passes a worker pool). */
  compute?: Compute;
  /** More readiness checks for /readyz besides the store (e.g. the job engine); each rejects when not ready. */
  readinessChecks?: Record<string, () => Promise<void>>;
  /** The store is shared by replicas (PostgreSQL): every request is de-duplicated in it. */
  sharedStore?: boolean;
}

/** How long /readyz waits for one check before calling it unreachable. */
export const READY_CHECK_TIMEOUT_MS = 2000;

/** Run the readiness checks at once, each with a timeout: name → 'ok' or why not. */
export async function runReadinessChecks(checks: Record<string, () => Promise<void>>, timeoutMs = READY_CHECK_TIMEOUT_MS): Promise<{ ok: boolean; checks: Record<string, string> }> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, string]> => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
      });
      try {
        return [name, await Promise.race([check().then(() => 'ok'), timeout])];
      } catch (e) {
        return [name, `unreachable: ${e instanceof Error ? e.message || e.name : String(e)}`.slice(0, 200)];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ok: entries.every(([, v]) => v === 'ok'), checks: Object.fromEntries(entries) };
}

export interface InferCostApp {
  app: App;
  receiver: HTTPReceiver | null;
  services: Services;
  /** Multi-workspace mode: the workspaces' installations (their tokens), for work outside a request. */
  installations: StoredInstallations | null;
  /** The bot token for a workspace, outside a request (digests): the installation's, refreshed if it is
   * about to expire (token rotation), or SLACK_BOT_TOKEN in single-workspace mode. Rejects when not installed. */
  botTokenFor(teamId: string): Promise<string>;
  /** Start listening; resolves to the bound port in HTTP mode (0 asks for an ephemeral port). */
  start(port?: number): Promise<{ port: number | null }>;
  /** Stop accepting requests, wait for in-flight work (up to `drainMs`), and stop. */
  stop(drainMs?: number): Promise<void>;
  inflight(): number;
}

/** Register every listener group. Also used by the manifest test with a recording stand-in for App. */
export function registerListeners(app: App, s: Services): void {
  registerRequestContext(app, s);
  registerCommands(app, s);
  registerEvents(app, s);
  registerActions(app, s);
  registerViews(app, s);
}

export function createApp(config: Config, deps: AppDeps): InferCostApp {
  const services: Services = {
    store: deps.store,
    sharedStore: deps.sharedStore ?? false,
    core: deps.core,
    logger: deps.logger,
    now: deps.now ?? (() => new Date()),
    newId: deps.newId ?? (() => randomUUID().replace(/-/g, '').slice(0, 20)),
    followUps: deps.followUps,
    compute: deps.compute ?? inlineCompute(deps.core, typeof deps.intents === 'function' ? deps.intents() : (deps.intents ?? loadIntents())),
    background(work) {
      inflight++;
      void work()
        .catch((e: unknown) => deps.logger.error({ err: e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : String(e) }, 'background work failed'))
        .finally(() => inflight--);
    },
  };
  if (!services.followUps && deps.intents) services.followUps = createFollowUpHandler(() => services);
  let draining = false;
  let inflight = 0;
  const json = (status: number, body: unknown): CustomRoute['handler'] => (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const customRoutes: CustomRoute[] = [
    { path: '/healthz', method: ['GET'], handler: (req, res) => json(200, { ok: true })(req, res) },
    // Liveness: the event loop answers. Never the database, or a database blip restarts every replica.
    // Readiness: not draining, and the store (and the job engine, when there is one) answer.
    {
      path: '/readyz',
      method: ['GET'],
      handler: (req, res) => {
        if (draining) return json(503, { ok: false, draining: true })(req, res);
        void runReadinessChecks({ store: () => deps.store.ping(), ...deps.readinessChecks }).then((r) => json(r.ok ? 200 : 503, r)(req, res));
      },
    },
  ];
  const logger = boltLogger(deps.logger);
  const clientOptions = { slackApiUrl: config.SLACK_API_URL, retryConfig: deps.retryConfig ?? DEFAULT_RETRY, logger };
  const identity = deps.botIdentity ?? {};

  let receiver: HTTPReceiver | null = null;
  let app: App;
  let installations: StoredInstallations | null = null;
  if (config.auth === 'oauth') {
    // Any number of workspaces: each request is authorized with its workspace's token (config.ts
    // allows OAuth in HTTP mode only).
    const cipher = createTokenCipher(config.INFERCOST_ENCRYPTION_KEY!, config.INFERCOST_ENCRYPTION_OLD_KEYS ?? []);
    installations = createInstallationStore(deps.store, cipher, deps.logger.child({ component: 'installations' }));
    receiver = new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET!,
      endpoints: EVENTS_PATH,
      customRoutes,
      logger,
      bodyLimit: '1mb',
      ...oauthReceiverOptions(config, installations),
    });
    app = new App({ receiver, logger, clientOptions });
  } else if (config.mode === 'socket') {
    app = new App({
      token: config.SLACK_BOT_TOKEN,
      socketMode: true,
      appToken: config.SLACK_APP_TOKEN!,
      customRoutes,
      installerOptions: { port: config.PORT },
      logger,
      clientOptions,
      ...identity,
    });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET!,
      endpoints: EVENTS_PATH,
      customRoutes,
      logger,
      bodyLimit: '1mb',
    });
    app = new App({ token: config.SLACK_BOT_TOKEN, receiver, logger, clientOptions, ...identity });
  }

  app.use(async ({ next }) => {
    inflight++;
    try {
      await next();
    } finally {
      inflight--;
    }
  });
  registerListeners(app, services);
  app.error(async (error) => {
    deps.logger.error({ err: { name: error.name, message: error.message, code: error.code } }, 'unhandled Bolt error');
  });

  return {
    app,
    receiver,
    services,
    installations,
    async botTokenFor(teamId) {
      if (config.auth === 'token') return config.SLACK_BOT_TOKEN!;
      const installed = await installations!.forTeam(teamId);
      const auth = await receiver!.installer!.authorize({
        teamId,
        enterpriseId: installed?.enterprise?.id,
        isEnterpriseInstall: false,
      });
      if (!auth.botToken) throw new NoInstallationError(`no bot token for ${teamId}`);
      return auth.botToken;
    },
    inflight: () => inflight,
    async start(port = config.PORT) {
      const started = (await app.start(port)) as unknown;
      const server = started as Server | undefined;
      if (server && typeof server.address === 'function') {
        server.keepAliveTimeout = 65_000;
        server.headersTimeout = 66_000;
        const addr = server.address();
        return { port: typeof addr === 'object' && addr ? addr.port : null };
      }
      return { port: null };
    },
    async stop(drainMs = 10_000) {
      draining = true;
      await app.stop();
      const deadline = Date.now() + drainMs;
      while (inflight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    },
  };
}
