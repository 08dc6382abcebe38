// The Bolt app. HTTP mode by default: one endpoint, POST /slack/events, for commands, events and
// interactivity, plus GET /healthz and /readyz; Socket Mode when SLACK_APP_TOKEN is set.

import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import type { Server } from 'node:http';
import { App, HTTPReceiver, webApi as slackWebApi, type CustomRoute } from '@slack/bolt';
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { CoreContext } from '../core/pipeline.ts';
import type { Clock, Store } from '../store/index.ts';
import type { Config } from './config.ts';
import type { FollowUpHandler } from './follow-ups.ts';
import type { IntentSet } from '../core/converse/intents.ts';
import { createFollowUpHandler } from './thread-follow-ups.ts';
import { inlineCompute, type Compute } from './compute.ts';
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
import type { JobQueue } from '../jobs/job-queue.ts';
import { createJobRunner, type JobRunner } from '../jobs/runner.ts';
import { jobHandlers } from './job-handlers.ts';
import { admission } from './jobs.ts';
import { markShuttingDown } from './deliver.ts';
import { rejectNonObjectBodies } from './hardening.ts';
import { PostGate, type GateOptions } from './post-gate.ts';

/** The shipped intents, read on this thread only when the core runs here (no compute workers): required
 * then, not imported, since their module brings the parser's vocabulary. */
const loadIntents = (): IntentSet => (createRequire(import.meta.url)('../catalog/intents.ts') as typeof import('../catalog/intents.ts')).loadIntents();

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
  /** Backpressure bound (default: INFERCOST_MAX_QUEUED_JOBS). */
  maxQueuedJobs?: number;
  /** The workspace the bot token belongs to: requests from any other team are ignored. */
  teamId?: string;
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
  /** The durable job queue; the store's own when it implements the contract (the SQLite store does). */
  jobs?: JobQueue;
  jobOptions?: Partial<JobOptions>;
  /** Pacing of the jobs' posts (post-gate.ts); tests shorten it. */
  gate?: Partial<GateOptions>;
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


export interface JobOptions {
  /** Jobs run at once by this process. */
  concurrency: number;
  /** A job's lease: how long a killed process's jobs wait before another start takes them over. */
  leaseMs: number;
  /** Unique per process. */
  owner: string;
  /** Timeout of every Web API call the jobs make. */
  webTimeoutMs: number;
}

export const DEFAULT_JOB_OPTIONS: Omit<JobOptions, 'owner'> = { concurrency: 32, leaseMs: 30_000, webTimeoutMs: 10_000 };

function isJobQueue(x: unknown): x is JobQueue {
  return typeof x === 'object' && x !== null && typeof (x as JobQueue).enqueueJob === 'function';
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
  /** Stop accepting requests, let running jobs finish (up to `drainMs`), leave the rest queued, and stop. */
  stop(drainMs?: number): Promise<void>;
  inflight(): number;
  runner: JobRunner;
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
  rejectNonObjectBodies();
  const jobs = deps.jobs ?? (isJobQueue(deps.store) ? deps.store : null);
  if (!jobs) throw new Error('createApp needs a job queue (deps.jobs, or a store that implements JobQueue)');
  const jobOpt: JobOptions = {
    ...DEFAULT_JOB_OPTIONS,
    concurrency: config.INFERCOST_JOB_CONCURRENCY,
    leaseMs: config.INFERCOST_JOB_LEASE_SECONDS * 1000,
    webTimeoutMs: config.SLACK_API_TIMEOUT_SECONDS * 1000,
    owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    ...deps.jobOptions,
  };
  const logger = boltLogger(deps.logger);
  const retryConfig = deps.retryConfig ?? DEFAULT_RETRY;
  // The jobs' own client: a timeout on every call; no retries inside the client (a retried post whose
  // first answer was lost is posted twice; deliver.ts looks for it first, then the job retries); a
  // 429 comes back at once as an error, so the job is rescheduled at Retry-After instead of holding
  // a slot. Separate from Bolt's client, so hung posts never queue views.open behind them.
  const jobClientOptions = { slackApiUrl: config.SLACK_API_URL, logger, timeout: jobOpt.webTimeoutMs, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };
  // With many workspaces there is no one token: `slack` has none (a call through it fails, never
  // posts to the wrong workspace) and jobs ask slackFor(team) for their workspace's client.
  const slack = new slackWebApi.WebClient(config.auth === 'token' ? config.SLACK_BOT_TOKEN : undefined, jobClientOptions);
  const teamClients = new Map<string, webApi.WebClient>();
  async function botTokenFor(teamId: string): Promise<string> {
    if (config.auth === 'token') return config.SLACK_BOT_TOKEN!;
    const installed = await installations!.forTeam(teamId);
    // authorize() refreshes a token about to expire (token rotation) and stores the new one.
    const auth = await receiver!.installer!.authorize({ teamId, enterpriseId: installed?.enterprise?.id, isEnterpriseInstall: false });
    if (!auth.botToken) throw new NoInstallationError(`no bot token for ${teamId}`);
    return auth.botToken;
  }
  async function slackFor(teamId: string): Promise<webApi.WebClient> {
    if (config.auth === 'token') return slack;
    const token = await botTokenFor(teamId);
    let client = teamClients.get(token);
    if (!client) {
      if (teamClients.size >= 1000) teamClients.clear(); // rotated tokens leave old entries behind
      teamClients.set(token, (client = new slackWebApi.WebClient(token, jobClientOptions)));
    }
    return client;
  }
  let runner: JobRunner | null = null;
  const services: Services = {
    slackFor,
    jobs,
    slack,
    teamId: deps.teamId,
    postGate: new PostGate(deps.gate),
    wakeJobs: () => {
      runner?.noteEnqueued();
      runner?.wake();
    },
    admission: () => (runner ? admission(runner.load(), deps.maxQueuedJobs ?? config.INFERCOST_MAX_QUEUED_JOBS) : { kind: 'ok' }),
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
        void runReadinessChecks({ store: () => deps.store.ping(), jobs: async () => void (await jobs.jobCounts()), ...deps.readinessChecks }).then((r) => json(r.ok ? 200 : 503, r)(req, res));
      },
    },
  ];
  const jobRunner = createJobRunner({
    queue: jobs,
    handlers: jobHandlers(services),
    logger: deps.logger,
    owner: jobOpt.owner,
    concurrency: jobOpt.concurrency,
    leaseMs: jobOpt.leaseMs,
  });
  runner = jobRunner;
  const clientOptions = { slackApiUrl: config.SLACK_API_URL, retryConfig, logger, timeout: jobOpt.webTimeoutMs };
  const identity = deps.botIdentity ?? {};

  let receiver: HTTPReceiver | null = null;
  let app: App;
  let installations: StoredInstallations | null = null;
  // HTTP mode, with one token or with OAuth installs: the same signed endpoint, routes and body limit.
  const httpReceiverOptions = { signingSecret: config.SLACK_SIGNING_SECRET!, endpoints: EVENTS_PATH, customRoutes, logger, bodyLimit: '1mb' };
  if (config.auth === 'oauth') {
    // Any number of workspaces: each request is authorized with its workspace's token (config.ts
    // allows OAuth in HTTP mode only).
    const cipher = createTokenCipher(config.INFERCOST_ENCRYPTION_KEY!, config.INFERCOST_ENCRYPTION_OLD_KEYS ?? []);
    installations = createInstallationStore(deps.store, cipher, deps.logger.child({ component: 'installations' }));
    receiver = new HTTPReceiver({ ...httpReceiverOptions, ...oauthReceiverOptions(config, installations) });
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
    receiver = new HTTPReceiver(httpReceiverOptions);
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
    botTokenFor,
    inflight: () => inflight + jobRunner.running(),
    runner: jobRunner,
    async start(port = config.PORT) {
      const started = (await app.start(port)) as unknown;
      // Jobs left by an earlier process (queued at its shutdown, or held when it was killed) run now.
      jobRunner.start();
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
      const deadline = Date.now() + drainMs;
      await app.stop();
      // Requests being acked write their jobs first; then the runner finishes what it can in the
      // grace period and leaves the rest queued for the next start.
      while (inflight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await jobRunner.stop(Math.max(0, deadline - Date.now()));
      // What is still running is in the queue again; if it fails as the process goes, nobody is told.
      markShuttingDown();
    },
  };
}
