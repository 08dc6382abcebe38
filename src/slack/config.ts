// Configuration from the environment, parsed once at start with zod. A missing or bad value stops
// the start with one readable message listing every problem, never a stack trace.

import { z } from 'zod';
import { parseKey } from './token-cipher.ts';

const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const ConfigSchema = z
  .object({
    /** Single-workspace mode: the one bot token. Without it, SLACK_CLIENT_ID… turn on multi-workspace installs. */
    SLACK_BOT_TOKEN: opt(z.string().regex(/^xoxb-/, 'must be a bot token starting with xoxb-')),
    SLACK_SIGNING_SECRET: opt(z.string().min(8, 'looks too short to be a signing secret')),
    SLACK_APP_TOKEN: opt(z.string().regex(/^xapp-/, 'must be an app-level token starting with xapp- (scope connections:write)')),
    PORT: z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a port number (0-65535)' }).int('must be a port number (0-65535)').min(0, 'must be a port number (0-65535)').max(65535, 'must be a port number (0-65535)').default(3000)),
    SLACK_API_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default('https://slack.com/api/')),
    INFERCOST_DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./data')),
    /** PostgreSQL as the shared store (several replicas); the embedded SQLite store when unset. */
    DATABASE_URL: opt(z.string().regex(/^postgres(ql)?:\/\//, 'must be a PostgreSQL URL, e.g. postgres://infercost:secret@db:5432/infercost')),
    /** The PostgreSQL schema for InferCost's tables. */
    INFERCOST_DB_SCHEMA: z.preprocess(blankToUndefined, z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be lower-case letters, digits and _ (e.g. infercost)').default('infercost')),
    LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info')),
    /** Multi-workspace mode (OAuth installs at /slack/install): the app's Client ID, Client Secret and a state secret. */
    SLACK_CLIENT_ID: opt(z.string().regex(/^\d+\.\d+$/, 'must be the Client ID from Basic Information (digits.digits)')),
    SLACK_CLIENT_SECRET: opt(z.string().min(8, 'looks too short to be a client secret')),
    SLACK_STATE_SECRET: opt(z.string().min(16, 'must be at least 16 characters (e.g. openssl rand -hex 32)')),
    /** The key bot tokens are encrypted with at rest (AES-256-GCM), and keys that may have written older rows. */
    INFERCOST_ENCRYPTION_KEY: opt(z.string().refine((v) => parseKey(v).ok, 'must be 32 random bytes as 64 hex characters (openssl rand -hex 32) or base64')),
    INFERCOST_ENCRYPTION_OLD_KEYS: opt(
      z
        .string()
        .transform((v) => v.split(',').map((k) => k.trim()).filter(Boolean))
        .refine((keys) => keys.every((k) => parseKey(k).ok), 'must be a comma-separated list of keys, each 64 hex characters or base64 of 32 bytes'),
    ),
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

export type Config = z.infer<typeof ConfigSchema> & {
  mode: 'http' | 'socket';
  /** token: one workspace, SLACK_BOT_TOKEN; oauth: any number, installed at /slack/install. */
  auth: 'token' | 'oauth';
};

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
  const oauthKeys = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'INFERCOST_ENCRYPTION_KEY'] as const;
  const oauth = !blank('SLACK_CLIENT_ID');
  const modeProblems: string[] = [];
  if (oauth) {
    for (const k of oauthKeys.filter((k) => blank(k))) modeProblems.push(`  - ${k} is required for multi-workspace installs (SLACK_CLIENT_ID is set): see docs/deploy.md`);
    if (!blank('SLACK_BOT_TOKEN')) modeProblems.push('  - SLACK_BOT_TOKEN must be unset when SLACK_CLIENT_ID is set: tokens come from each workspace\'s install');
    if (!blank('SLACK_APP_TOKEN')) modeProblems.push('  - SLACK_APP_TOKEN (Socket Mode) cannot be used with multi-workspace installs: use HTTP mode with SLACK_SIGNING_SECRET');
  } else if (blank('SLACK_BOT_TOKEN')) {
    modeProblems.push('  - SLACK_BOT_TOKEN is required: the Bot User OAuth Token (xoxb-…) from OAuth & Permissions (or set SLACK_CLIENT_ID… for multi-workspace installs)');
  }
  if (r.success && !needsSecret && modeProblems.length === 0) {
    const config = { ...r.data, mode: r.data.SLACK_APP_TOKEN ? 'socket' : 'http', auth: oauth ? 'oauth' : 'token' } as Config;
    if (!config.SLACK_API_URL.endsWith('/')) config.SLACK_API_URL += '/';
    return { ok: true, config };
  }
  const problems = r.success ? [] : r.error.issues.map((i) => `  - ${String(i.path[0] ?? 'config')} ${i.message}`);
  problems.push(...modeProblems);
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
