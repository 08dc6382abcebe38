// Sending: post a report (or any message) where it belongs, fall back to the response_url when the
// bot cannot post there, and tell the user when Slack refuses — never silence.

import { webApi } from '@slack/bolt';
import { classicMessage, hasNewBlocks } from '../core/render/slack-limits.ts';
import { MAX_HISTORY } from '../core/converse/history.ts';
import type { Logger } from 'pino';
import type { SlackMessage } from '../core/render/block-kit.ts';
import { INVITE_HINT, problemMessage } from '../core/render/blocks.ts';
import { saveEstimate, type RenderedReport } from './estimate.ts';
import type { Services } from './services.ts';
import { classifyWebError, describeWebError, isAmbiguousPostFailure, retryAfterMs } from './web-errors.ts';
import { RetryLater } from '../jobs/runner.ts';
import type { PostGate } from './post-gate.ts';

/** Message metadata type that marks a delivery, so a post whose answer was lost is found, not repeated. */
export const DELIVERY_EVENT_TYPE = 'infercost_delivery';

export type ResponseType = 'ephemeral' | 'in_channel';
/** Bolt's respond(), or our own POST to a stored response_url. */
export type RespondFn = (payload: SlackMessage & { response_type?: ResponseType; replace_original?: boolean }) => Promise<unknown>;

/**
 * The top-level `text` is what Slack notifies with (push, desktop, the unread list). User text reaches
 * it (a workload's model name), so nothing in angle brackets may act there: no <!here>, <!channel>,
 * <!subteam^…>, no disguised link <https://evil|sso.example.com>. Only plain user mentions (<@U…>),
 * which the app writes itself, are kept; everything else is shown literally.
 */
export function notificationSafe(text: string): string {
  return text.replace(/<(?!@[UW][A-Z0-9]+>)([^<>]*)>/g, (_m, inner: string) => `&lt;${inner}&gt;`);
}

/** What a user is told when Slack refuses the bot's token (revoked, expired, app uninstalled). */
export function tokenGoneMessage(cid: string): SlackMessage {
  const text =
    "I can't post: Slack no longer accepts my access to this workspace (the app was uninstalled, or its token was revoked). Trying again won't help until a workspace admin reinstalls InferCost.";
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }, { type: 'context', elements: [{ type: 'mrkdwn', text: `Reference: \`${cid}\`` }] }] };
}

/** POST a message to a response_url (valid 30 minutes, 5 times); Bolt's respond() does the same. */
export function responseUrlPoster(url: string): RespondFn {
  return async (payload) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    if (!res.ok) throw new Error(`response_url answered ${res.status}`);
    return res;
  };
}

/** Send privately through the response_url, logging (not throwing) when that fails too. A message
 * with charts or data tables that fails is sent once more with classic blocks (invalid_blocks). */
export async function respondPrivately(respond: RespondFn | undefined, msg: SlackMessage, log: Logger): Promise<boolean> {
  if (!respond) return false;
  try {
    await respond({ response_type: 'ephemeral', replace_original: false, ...msg, text: notificationSafe(msg.text) });
    return true;
  } catch (e) {
    if (hasNewBlocks(msg.blocks)) {
      log.warn({ err: describeWebError(e) }, 'response_url refused new blocks; sending classic blocks');
      try {
        await respond({ response_type: 'ephemeral', replace_original: false, ...classicMessage(msg) });
        return true;
      } catch (e2) {
        log.error({ err: describeWebError(e2) }, 'response_url failed');
        return false;
      }
    }
    log.error({ err: describeWebError(e) }, 'response_url failed');
    return false;
  }
}

/** chat.postMessage with `msg`; on invalid_blocks, once more with classic blocks (charts, data tables). */
export async function postWithClassicFallback(
  client: webApi.WebClient,
  args: Omit<webApi.ChatPostMessageArguments, 'text' | 'blocks'> & { channel: string },
  msg: SlackMessage,
  log: Logger,
): Promise<webApi.ChatPostMessageResponse> {
  try {
    return await client.chat.postMessage({ ...args, text: msg.text, blocks: msg.blocks } as webApi.ChatPostMessageArguments);
  } catch (e) {
    if (!isInvalidBlocks(e) || !hasNewBlocks(msg.blocks)) throw e;
    log.warn({ err: describeWebError(e) }, 'new blocks refused; re-sending with classic blocks');
    const classic = classicMessage(msg);
    return client.chat.postMessage({ ...args, text: classic.text, blocks: classic.blocks } as webApi.ChatPostMessageArguments);
  }
}

/** Slack answers invalid_blocks when a workspace or client does not take a block type yet. */
function isInvalidBlocks(e: unknown): boolean {
  return e instanceof webApi.WebAPIPlatformError && (e.data.error === 'invalid_blocks' || e.data.error === 'invalid_blocks_format');
}

export interface Where {
  client: webApi.WebClient;
  log: Logger;
  cid: string;
  teamId: string;
  userId: string;
  channelId: string;
  /** Reply in this thread; unset posts at the top level. */
  threadTs?: string | undefined;
  /** Private fallback (slash commands, actions). */
  respond?: RespondFn | undefined;
  surface: 'command' | 'mention' | 'dm';
  /**
   * When the post is a durable job's: the delivery's key (carried in the message's metadata) and when
   * the job began. `recheck`: an earlier attempt may have posted already (a retry, or a job taken over
   * after a crash), so look for the key in the conversation before posting again.
   */
  delivery?: { key: string; since: number; recheck: boolean; gate?: PostGate | undefined; slotHeld?: boolean | undefined } | undefined;
}

type HistoryMessage = { ts?: string; metadata?: { event_type?: string; event_payload?: Record<string, unknown> } };

/** The ts of a message already posted under `key` in the conversation, or null (also when Slack cannot say). */
export async function findDelivery(where: Where, key: string, since: number): Promise<string | null> {
  try {
    const oldest = String(Math.floor(since / 1000) - 60);
    const r = where.threadTs
      ? await where.client.conversations.replies({ channel: where.channelId, ts: where.threadTs, oldest, include_all_metadata: true, limit: 200 })
      : await where.client.conversations.history({ channel: where.channelId, oldest, include_all_metadata: true, limit: 200 });
    const hit = ((r.messages ?? []) as HistoryMessage[]).find((m) => m.metadata?.event_type === DELIVERY_EVENT_TYPE && m.metadata.event_payload?.key === key);
    return hit?.ts ?? null;
  } catch (e) {
    // Cannot tell (no history scope, not in the channel): post; a lost report is worse than a rare repeat.
    where.log.warn({ err: describeWebError(e) }, 'could not check the conversation for an earlier post');
    return null;
  }
}

/** Post a message in the conversation; on failure, fall back or tell the user. Returns the message ts.
 * `fallback`: the private copy to send through the response_url when the bot cannot post there. */
export async function postMessage(where: Where, msg: SlackMessage, fallback?: () => Promise<SlackMessage>): Promise<string | null> {
  const d = where.delivery;
  if (d?.recheck) {
    const ts = await findDelivery(where, d.key, d.since);
    if (ts) {
      where.log.info({ delivery: d.key, ts }, 'already posted by an earlier attempt; not posted again');
      return ts;
    }
  }
  // Pacing per channel and for the method: a post that may not go now comes back later (uncounted).
  const admit = d?.slotHeld ? undefined : d?.gate?.admit(where.channelId, d.key, Date.now());
  if (admit && !admit.ok) throw new RetryLater('waiting for its turn to post in the channel', admit.waitMs, false);
  const send = async (m: SlackMessage) =>
    where.client.chat.postMessage({
      channel: where.channelId,
      ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
      text: notificationSafe(m.text),
      blocks: m.blocks,
      unfurl_links: false,
      unfurl_media: false,
      ...(d ? { metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { key: d.key } } } : {}),
    });
  try {
    let r;
    try {
      r = await send(msg);
    } catch (e) {
      // A workspace that does not take charts or data tables yet: the same message with classic blocks.
      if (!isInvalidBlocks(e) || !hasNewBlocks(msg.blocks)) throw e;
      where.log.warn({ err: describeWebError(e) }, 'new blocks refused; re-sending with classic blocks');
      r = await send(classicMessage(msg));
    }
    return r.ts ?? null;
  } catch (e) {
    const failure = classifyWebError(e);
    where.log.warn({ err: describeWebError(e), failure }, 'chat.postMessage failed');
    if (d && isAmbiguousPostFailure(e)) {
      // The answer was lost (reset, timeout, 5xx): Slack may have posted it. Look before trying again.
      const ts = await findDelivery(where, d.key, d.since);
      if (ts) {
        where.log.info({ delivery: d.key, ts }, 'the post had gone through although its answer was lost');
        return ts;
      }
      throw new RetryLater('chat.postMessage got no answer', 1000);
    }
    // Rate limited inside a job: wait for Retry-After (then paced) and post then, never discard the report.
    if (d && failure === 'rate_limited') {
      const ra = retryAfterMs(e) ?? 5000;
      throw new RetryLater('rate limited by Slack', d.gate ? d.gate.rateLimited(where.channelId, d.key, ra, Date.now()) : ra, false);
    }
    if (failure === 'auth') {
      // The token was revoked or expired: say so, and raise it for the operator.
      where.log.error({ err: describeWebError(e) }, "Slack refused the bot's token: InferCost must be reinstalled (or SLACK_BOT_TOKEN replaced)");
      const told = await respondPrivately(where.respond, tokenGoneMessage(where.cid), where.log);
      if (!told) where.log.error({ failure }, 'could not reach the user about a failed post');
      return null;
    }
    const copy =
      failure === 'cannot_post'
        ? ((fallback ? await fallback().catch(() => undefined) : undefined) ?? problemMessage('cannot_post', { correlationId: where.cid, surface: where.surface }))
        : problemMessage(failure === 'rate_limited' ? 'rate_limited' : 'internal', { correlationId: where.cid, surface: where.surface });
    const told = await respondPrivately(where.respond, copy, where.log);
    if (!told) where.log.error({ failure }, 'could not reach the user about a failed post');
    return null;
  } finally {
    if (admit?.ok) admit.release();
  }
}

/**
 * Store the workload, post the report, and remember the thread and the user's recent estimate.
 * The message comes rendered from a compute worker with `estimateId` on its buttons; the private copy
 * for a channel the bot is not in is rendered only if that fallback is needed.
 */
export async function deliverReport(s: Services, where: Where, est: { rendered: RenderedReport; estimateId: string; text: string | null }): Promise<string | null> {
  const r = est.rendered;
  const estimateId = await saveEstimate(s, { parsed: r.parsed, text: est.text }, est.estimateId, { teamId: where.teamId, channelId: where.channelId });
  const privateCopy = async () => (await s.compute.evaluateMessage(r.parsed, estimateId, INVITE_HINT)).message;
  const ts = await postMessage(where, r.message, privateCopy);
  if (ts !== null) {
    const key = { teamId: where.teamId, channelId: where.channelId, threadTs: where.threadTs ?? ts };
    // A new report in an existing thread (the modal's re-estimate) is a change "undo" can step back from.
    const prev = where.threadTs ? await s.store.getThread(key) : null;
    const history = prev ? [...(prev.history ?? []), prev.parsed].slice(-MAX_HISTORY) : undefined;
    await s.store.putThread(key, { parsed: r.parsed, text: est.text, estimateId, updatedAt: s.now().toISOString(), ...(history ? { history, hypothesis: null } : {}) });
  }
  await s.store.addRecentEstimate({
    teamId: where.teamId,
    userId: where.userId,
    text: est.text ?? '(adjusted in the modal)',
    summary: r.summary,
  });
  where.log.info({ estimateId, posted: ts !== null, recommended: r.recommendedId }, 'report delivered');
  return ts;
}

let shuttingDown = false;
/** The process is stopping: work cut off by the shutdown is left as a job for the next start, so
 * its failure is not reported to the user as "something went wrong". */
export function markShuttingDown(): void {
  shuttingDown = true;
}

/** Run a listener's work; an unexpected exception is logged with its correlation id and the user hears about it. */
export async function guarded(log: Logger, tell: (msg: SlackMessage) => Promise<unknown>, cid: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (e) {
    if (e instanceof RetryLater) throw e; // the job runs again later; nothing to tell yet
    if (shuttingDown) throw e; // cut off by the shutdown: the job is left for the next start
    log.error({ err: e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : String(e) }, 'listener failed');
    try {
      await tell(problemMessage('internal', { correlationId: cid }));
    } catch (e2) {
      log.error({ err: describeWebError(e2) }, 'could not tell the user about the failure');
    }
  }
}
