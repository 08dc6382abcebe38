// Web API failures, sorted into what the user should be told.

import { webApi } from '@slack/bolt';

export type WebFailure = 'cannot_post' | 'rate_limited' | 'auth' | 'other';

/** Errors that mean the bot's token no longer works: retrying, or "try again in a minute", cannot help. */
export const AUTH_GONE = new Set(['invalid_auth', 'token_revoked', 'token_expired', 'account_inactive', 'not_authed', 'app_uninstalled']);

/** Errors that mean "the bot cannot post in this conversation". */
export const CANNOT_POST = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'cannot_reply_to_message',
  'ekm_access_denied',
  'team_access_not_granted',
  'access_denied',
]);

export function classifyWebError(e: unknown): WebFailure {
  if (e instanceof webApi.WebAPIPlatformError) {
    if (CANNOT_POST.has(e.data.error)) return 'cannot_post';
    if (AUTH_GONE.has(e.data.error)) return 'auth';
    if (e.data.error === 'ratelimited' || e.data.error === 'rate_limited') return 'rate_limited';
    return 'other';
  }
  if (e instanceof webApi.WebAPIRateLimitedError) return 'rate_limited';
  // After its retries the WebClient wraps the last 429 in a request error.
  if (e instanceof webApi.WebAPIRequestError && /rate limit/i.test(e.original.message)) return 'rate_limited';
  if (e instanceof webApi.WebAPIHTTPError && e.statusCode === 429) return 'rate_limited';
  return 'other';
}

/** What is safe to log about a Web API error (no request bodies, no tokens). */
export function describeWebError(e: unknown): Record<string, unknown> {
  if (e instanceof webApi.WebAPIPlatformError) return { kind: 'platform', error: e.data.error };
  if (e instanceof webApi.WebAPIRateLimitedError) return { kind: 'rate_limited', retryAfter: e.retryAfter };
  if (e instanceof webApi.WebAPIHTTPError) return { kind: 'http', status: e.statusCode };
  if (e instanceof webApi.WebAPIRequestError) return { kind: 'request', message: e.original.message };
  if (e instanceof Error) return { kind: e.name, message: e.message };
  return { kind: 'unknown' };
}

/**
 * A post whose outcome is unknown: the connection dropped or timed out, or Slack answered 5xx, so the
 * message may have been posted. Trying again blindly would post it twice.
 */
export function isAmbiguousPostFailure(e: unknown): boolean {
  if (e instanceof webApi.WebAPIRequestError) return !/rate limit/i.test(e.original.message);
  if (e instanceof webApi.WebAPIHTTPError) return e.statusCode >= 500;
  if (e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError' || /timeout|ECONNRESET|socket hang up/i.test(e.message))) return true;
  return false;
}

/** Retry-After of a rate-limited call, in ms, when Slack said. */
export function retryAfterMs(e: unknown): number | null {
  if (e instanceof webApi.WebAPIRateLimitedError) return Math.max(1, e.retryAfter) * 1000;
  if (e instanceof webApi.WebAPIHTTPError && e.statusCode === 429) {
    const ra = Number(e.headers['retry-after']);
    return Number.isFinite(ra) && ra > 0 ? ra * 1000 : null;
  }
  return null;
}
