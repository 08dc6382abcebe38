// Global middleware: a correlation id and a child logger per request (team, channel, user, intent,
// event id), then de-duplication of Slack's retries and repeats, persisted in the store.

import type { App, Context } from '@slack/bolt';
import type { Logger } from 'pino';
import { correlationId, requestLogger } from './logger.ts';
import type { Services } from './services.ts';
import { EVENT_TTL_MS } from '../store/index.ts';

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

  app.use(async (args) => {
    const { body, context, next } = args;
    const key = dedupeKey(body as unknown as Body);
    if (key !== null && !(await s.store.claimEvent(key, EVENT_TTL_MS))) {
      const { log } = requestOf(context);
      log.info({ key, retryNum: context.retryNum, retryReason: context.retryReason }, 'duplicate delivery ignored');
      // Events are acked by Bolt already; commands, actions and views must still get their 200.
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
      return;
    }
    await next();
  });
}
