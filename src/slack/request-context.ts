// Global middleware: a correlation id and a child logger per request (team, channel, user, intent,
// event id), then de-duplication of Slack's retries and repeats. Events API deliveries, which Slack
// retries (3 times, up to 5 minutes later), are claimed in the store so the claim survives a restart
// and is shared by replicas. Commands, actions and view submissions, which Slack does not retry,
// are claimed in memory: a replayed request within the hour is still caught, and the ack of a
// command never waits on the store. With a shared store (PostgreSQL, several replicas) every key is
// claimed there, since a repeat may reach another replica (reliability.md, defect 14).

import type { App, Context } from '@slack/bolt';
import type { Logger } from 'pino';
import { correlationId, requestLogger } from './logger.ts';
import type { Services } from './services.ts';
import { EVENT_TTL_MS } from '../store/store.ts';

export interface RequestContext {
  log: Logger;
  cid: string;
}

type Body = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Body => (typeof v === 'object' && v !== null ? (v as Body) : {});

/** What kind of request this is, for the logs. */
export function intentOf(body: Body): string {
  if (str(body.command)) return `command ${String(body.command)}`;
  if (body.type === 'event_callback') return `event ${str(obj(body.event).type) ?? 'unknown'}`;
  if (body.type === 'block_actions') {
    const actions = Array.isArray(body.actions) ? body.actions : [];
    return `action ${str(obj(actions[0]).action_id) ?? 'unknown'}`;
  }
  if (body.type === 'view_submission' || body.type === 'view_closed') return `${body.type} ${str(obj(body.view).callback_id) ?? ''}`.trim();
  return str(body.type) ?? 'unknown';
}

/**
 * The key that makes a delivery unique: the event id for Events API deliveries (Slack retries
 * those), the trigger id for commands, actions and view submissions (a replayed request).
 */
export function dedupeKey(body: Body): string | null {
  if (body.type === 'event_callback') {
    const id = str(body.event_id);
    return id ? `event:${id}` : null;
  }
  const trigger = str(body.trigger_id);
  if (str(body.command) && trigger) return `command:${trigger}`;
  if (body.type === 'block_actions') {
    if (trigger) return `action:${trigger}`;
    const a = obj(Array.isArray(body.actions) ? body.actions[0] : undefined);
    const user = str(obj(body.user).id);
    return user && str(a.action_ts) ? `action:${user}:${String(a.action_id)}:${String(a.action_ts)}` : null;
  }
  if (body.type === 'view_submission' && trigger) return `view:${trigger}`;
  return null;
}

const REPLAY_TTL_MS = 3600_000;
const REPLAY_MAX = 100_000;

/** Keys seen in the last `ttlMs`, at most `max` of them (the oldest are forgotten first). */
export class RecentClaims {
  readonly #seen = new Map<string, number>();
  readonly #ttlMs: number;
  readonly #max: number;

  constructor(ttlMs: number, max: number) {
    this.#ttlMs = ttlMs;
    this.#max = max;
  }

  /** True the first time a key is seen within the TTL. */
  claim(key: string, now: number): boolean {
    // Map keeps insertion order: drop expired keys (and the oldest beyond the cap) from the front.
    for (const [k, at] of this.#seen) {
      if (at + this.#ttlMs > now && this.#seen.size < this.#max) break;
      this.#seen.delete(k);
    }
    const at = this.#seen.get(key);
    if (at !== undefined && at + this.#ttlMs > now) return false;
    this.#seen.delete(key);
    this.#seen.set(key, now);
    return true;
  }
}

export function requestOf(context: Context): RequestContext {
  return { log: context.log as Logger, cid: context.cid as string };
}

export function registerRequestContext(app: App, s: Services): void {
  app.use(async ({ body, context, next }) => {
    const b = body as unknown as Body;
    const event = obj(b.event);
    const cid = correlationId();
    context.cid = cid;
    context.log = requestLogger(s.logger, {
      cid,
      team: str(b.team_id) ?? str(obj(b.team).id) ?? context.teamId,
      channel: str(b.channel_id) ?? str(event.channel) ?? str(obj(b.channel).id),
      user: str(b.user_id) ?? str(event.user) ?? str(obj(b.user).id),
      intent: intentOf(b),
      eventId: str(b.event_id),
    });
    await next();
  });

  // One workspace per token: a request from another team (a forged or misrouted delivery) is not
  // answered with this workspace's token or data.
  app.use(async (args) => {
    const { body, context, next } = args;
    const b = body as unknown as Body;
    const team = str(b.team_id) ?? str(obj(b.team).id) ?? str(obj(b.user).team_id);
    if (s.teamId && team && team !== s.teamId && !str(b.enterprise_id) && b.is_enterprise_install !== true) {
      requestOf(context).log.warn({ team }, 'request from another workspace ignored');
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
      return;
    }
    await next();
  });

  const recent = new RecentClaims(REPLAY_TTL_MS, REPLAY_MAX);
  app.use(async (args) => {
    const { body, context, next } = args;
    const key = dedupeKey(body as unknown as Body);
    const fresh = key === null ? true : key.startsWith('event:') || s.sharedStore ? await s.store.claimEvent(key, EVENT_TTL_MS) : recent.claim(key, s.now().getTime());
    if (!fresh) {
      const { log } = requestOf(context);
      log.info({ key, retryNum: context.retryNum, retryReason: context.retryReason }, 'duplicate delivery ignored');
      // Events are acked by Bolt already; commands, actions and views must still get their 200.
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
      return;
    }
    await next();
  });
}
