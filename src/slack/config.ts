// Configuration from the environment, parsed once at start with zod. A missing or bad value stops
// the start with one readable message listing every problem, never a stack trace.

import { z } from 'zod';

const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const ConfigSchema = z
  .object({
    SLACK_BOT_TOKEN: z.preprocess(
      blankToUndefined,
      z.string({ error: 'is required: the Bot User OAuth Token (xoxb-…) from OAuth & Permissions' }).regex(/^xoxb-/, 'must be a bot token starting with xoxb-'),
    ),
    SLACK_SIGNING_SECRET: opt(z.string().min(8, 'looks too short to be a signing secret')),
    SLACK_APP_TOKEN: opt(z.string().regex(/^xapp-/, 'must be an app-level token starting with xapp- (scope connections:write)')),
    PORT: z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a port number (0-65535)' }).int('must be a port number (0-65535)').min(0, 'must be a port number (0-65535)').max(65535, 'must be a port number (0-65535)').default(3000)),
    SLACK_API_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default('https://slack.com/api/')),
    INFERCOST_DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./data')),
    LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info')),
    /** Worker threads that run the estimates; 0 runs them on the main thread. Default: one per spare core (compute.ts). */
    INFERCOST_WORKERS: opt(z.coerce.number({ error: 'must be a whole number (0 runs estimates on the main thread)' }).int('must be a whole number').min(0, 'must be 0 or more').max(64, 'must be at most 64')),
    /** Scheduling priority of the worker threads (Linux nice, 0-19): acks first, reports a moment later. */
    INFERCOST_WORKER_NICE: z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a whole number from 0 to 19' }).int('must be a whole number from 0 to 19').min(0, 'must be 0 to 19').max(19, 'must be 0 to 19').default(10)),
    /** Jobs (acked requests) one process runs at once; the rest wait in the store. */
    INFERCOST_JOB_CONCURRENCY: z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a whole number from 1 to 1000' }).int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(32)),
    /** Backpressure: beyond this many waiting jobs (or more than 30 minutes of work), new commands are refused politely. */
    INFERCOST_MAX_QUEUED_JOBS: z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a whole number (at least 100)' }).int('must be a whole number').min(100, 'must be at least 100').default(50_000)),
    /** How long a job stays leased to a process that stopped answering (killed) before another start takes it over. */
    INFERCOST_JOB_LEASE_SECONDS: z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a number of seconds (1-600)' }).min(1, 'must be at least 1 second').max(600, 'must be at most 600 seconds').default(30)),
    /** On SIGTERM: how long to finish running jobs before leaving the rest queued for the next start. */
    INFERCOST_SHUTDOWN_GRACE_SECONDS: z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a number of seconds (0-3600)' }).min(0, 'must be 0 or more').max(3600, 'must be at most 3600').default(20)),
    /** Timeout of every Slack Web API call. */
    SLACK_API_TIMEOUT_SECONDS: z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a number of seconds (1-120)' }).min(1, 'must be at least 1 second').max(120, 'must be at most 120 seconds').default(10)),
  });

export type Config = z.infer<typeof ConfigSchema> & { mode: 'http' | 'socket' };

export const CONFIG_KEYS = Object.keys(ConfigSchema.shape) as (keyof typeof ConfigSchema.shape)[];

export type ConfigResult = { ok: true; config: Config } | { ok: false; message: string };

/** Parse the environment. Only the schema's keys are read. */
export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  const picked = Object.fromEntries(CONFIG_KEYS.map((k) => [k, env[k]]));
  const r = ConfigSchema.safeParse(picked);
  const blank = (k: string) => blankToUndefined(env[k]) === undefined;
  const needsSecret = blank('SLACK_APP_TOKEN') && blank('SLACK_SIGNING_SECRET');
  const secretProblem =
    '  - SLACK_SIGNING_SECRET is required in HTTP mode: the Signing Secret from Basic Information (or set SLACK_APP_TOKEN for Socket Mode)';
  if (r.success && !needsSecret) {
    const config = { ...r.data, mode: r.data.SLACK_APP_TOKEN ? 'socket' : 'http' } as Config;
    if (!config.SLACK_API_URL.endsWith('/')) config.SLACK_API_URL += '/';
    return { ok: true, config };
  }
  const problems = r.success ? [] : r.error.issues.map((i) => `  - ${String(i.path[0] ?? 'config')} ${i.message}`);
  if (needsSecret) problems.push(secretProblem);
  return { ok: false, message: configHelp(problems) };
}

export function configHelp(problems: string[]): string {
  return [
    'InferCost cannot start the Slack app: the configuration is incomplete.',
    '',
    ...problems,
    '',
    'To get these values, create the Slack app from the manifest:',
    '  1. https://api.slack.com/apps → Create New App → From an app manifest → paste manifest.yml.',
    '  2. Install it to your workspace; copy the Bot User OAuth Token (xoxb-…) into SLACK_BOT_TOKEN.',
    '  3. Basic Information → Signing Secret → SLACK_SIGNING_SECRET (HTTP mode), or create an',
    '     app-level token with connections:write → SLACK_APP_TOKEN (Socket Mode, for local development).',
    'Copy .env.example to .env and fill it in; docs/slack.md has the details.',
    '',
    'No Slack account? The CLI works without one: npm run cli -- "5M req/month 7B model p95 200ms"',
  ].join('\n');
}
