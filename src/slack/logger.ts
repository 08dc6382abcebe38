// One pino logger for the app, with tokens, secrets and authorization headers redacted; a child
// per request carries team, channel, user, intent, event id and a correlation id.

import { pino, type Logger, type DestinationStream } from 'pino';
import { randomBytes } from 'node:crypto';
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';

export const REDACT_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  '*.SLACK_BOT_TOKEN',
  '*.SLACK_SIGNING_SECRET',
  '*.SLACK_APP_TOKEN',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'INFERCOST_ENCRYPTION_KEY',
  'INFERCOST_ENCRYPTION_OLD_KEYS',
  'DATABASE_URL',
  '*.SLACK_CLIENT_SECRET',
  '*.SLACK_STATE_SECRET',
  '*.INFERCOST_ENCRYPTION_KEY',
  '*.INFERCOST_ENCRYPTION_OLD_KEYS',
  '*.DATABASE_URL',
  'refreshToken',
  '*.refreshToken',
  'client_secret',
  '*.client_secret',
  'authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-slack-signature"]',
  '*.headers["x-slack-signature"]',
  'response_url',
  '*.response_url',
  'responseUrl',
  '*.responseUrl',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      name: 'infercost',
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Belt and braces: scrub anything that looks like a Slack token from free-text messages.
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>,
          );
        },
      },
    },
    destination,
  );
}

/** Remove Slack tokens from free text. */
export function scrub(text: string): string {
  return text.replace(/\bx(?:ox[abposre]|app)[-.][A-Za-z0-9.-]+/g, '[redacted]');
}

/** A short id shown to the user and written to every log line about their request. */
export function correlationId(): string {
  return randomBytes(4).toString('hex');
}

export interface RequestFields {
  team?: string | undefined;
  channel?: string | undefined;
  user?: string | undefined;
  intent?: string | undefined;
  eventId?: string | undefined;
  cid: string;
}

export function requestLogger(root: Logger, fields: RequestFields): Logger {
  return root.child(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
}

/** Bolt's and the WebClient's logs go through pino too (and so through the redaction). */
export function boltLogger(root: Logger): BoltLogger {
  const log = root.child({ component: 'bolt' });
  let level: LogLevel = LogLevel.INFO;
  const text = (msg: unknown[]): string => scrub(msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' '));
  return {
    debug: (...msg) => log.debug(text(msg)),
    info: (...msg) => log.info(text(msg)),
    warn: (...msg) => log.warn(text(msg)),
    error: (...msg) => log.error(text(msg)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
