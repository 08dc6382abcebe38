// The Slack side of durable work (src/jobs/): what listeners write as a job before their ack, and the
// handlers that run those jobs — now, on the next start after a crash, or when a retry is due.
// A job carries ids and the user's text only; everything else is read from the store when it runs.

import type { Logger } from 'pino';
import { RESPONSE_URL_TTL_MS, type Job, type JobKind, type NewJob } from '../jobs/job-queue.ts';
import { RetryLater, type JobHandler } from '../jobs/runner.ts';
import type { SlackMessage } from '../core/render/block-kit.ts';
import { escapeMrkdwn } from '../core/render/slack-format.ts';
import { requestLogger } from './logger.ts';
import { notificationSafe, respondPrivately, responseUrlPoster, type RespondFn } from './deliver.ts';
import type { Services } from './services.ts';
import type { PostGate } from './post-gate.ts';
import { describeWebError } from './web-errors.ts';

export type EnqueueOutcome = 'accepted' | 'duplicate' | 'failed';

/** Write a job before the ack. 'failed': the store could not take it; the ack must say so. */
export async function enqueue(s: Services, job: NewJob, log: Logger): Promise<EnqueueOutcome> {
  try {
    const r = await s.jobs.enqueueJob(job);
    if (!r.created) {
      log.info({ job: job.key }, 'a request already taken as a job; not run again');
      return 'duplicate';
    }
    s.wakeJobs();
    return 'accepted';
  } catch (e) {
    log.error({ err: e instanceof Error ? e.message : String(e), job: job.key }, 'could not write the job; the user is told to try again');
    return 'failed';
  }
}

export type Admission = { kind: 'ok' } | { kind: 'busy'; minutes: number } | { kind: 'full'; minutes: number };

/** Assumed until this process has finished a few jobs and knows its own pace. */
const ASSUMED_RATE_PER_SEC = 20;
/** Past this wait, the ack says so. */
const BUSY_AFTER_SEC = 60;

/**
 * Backpressure: can a new command be answered within the response_url's 30 minutes? The wait is the
 * jobs ahead of it over this process's pace (the last minute's). Beyond 30 minutes, or beyond
 * INFERCOST_MAX_QUEUED_JOBS, it is refused at the ack (nothing queued); past a minute it is queued
 * and the ack says about how long.
 */
export function admission(load: { queued: number; ratePerSec: number | null }, maxQueued: number): Admission {
  const rate = Math.max(0.1, load.ratePerSec ?? ASSUMED_RATE_PER_SEC);
  const waitSec = load.queued / rate;
  const minutes = Math.max(1, Math.ceil(waitSec / 60));
  if (load.queued >= maxQueued || waitSec * 1000 > RESPONSE_URL_TTL_MS * 0.9) return { kind: 'full', minutes };
  if (waitSec > BUSY_AFTER_SEC) return { kind: 'busy', minutes };
  return { kind: 'ok' };
}

export function busyText(a: Exclude<Admission, { kind: 'ok' }>): string {
  return a.kind === 'busy'
    ? `I'm busy right now: your request is queued and I'll answer in about ${a.minutes} minute${a.minutes === 1 ? '' : 's'}.`
    : `I'm overloaded right now (about ${a.minutes} minutes of work queued), so I didn't take this one: nothing was queued. Please send it again later.`;
}

/** The ack's text when a job could not be written: said at once, so the user is never left waiting. */
export const NOT_TAKEN = "I couldn't take that on just now (my storage did not answer). Nothing was done; please send it again in a minute.";

export interface JobContext {
  log: Logger;
  cid: string;
  respond: RespondFn | undefined;
  /** For Where.delivery: the job's key, when it began, and whether an earlier attempt may have posted. */
  delivery: { key: string; since: number; recheck: boolean; gate: PostGate; slotHeld?: boolean };
}

/**
 * Take the job's turn to post in its channel before doing the work (the estimate), so a job that
 * must wait is handed back at once instead of computing its report again each time it comes back.
 */
export async function withPostSlot(s: Services, job: Job, ctx: JobContext, work: (ctx: JobContext) => Promise<void>): Promise<void> {
  if (!job.channelId) return work(ctx);
  const a = s.postGate.admit(job.channelId, job.key, Date.now());
  if (!a.ok) throw new RetryLater('waiting for its turn to post in the channel', a.waitMs, false);
  try {
    await work({ ...ctx, delivery: { ...ctx.delivery, slotHeld: true } });
  } finally {
    a.release();
  }
}

export function jobContext(s: Services, job: Job): JobContext {
  const cid = typeof job.payload.cid === 'string' ? job.payload.cid : job.key.slice(-8);
  const log = requestLogger(s.logger, { cid, team: job.teamId, channel: job.channelId ?? undefined, user: job.userId ?? undefined, intent: `job ${job.kind}` });
  return {
    log,
    cid,
    respond: job.responseUrl ? responseUrlPoster(job.responseUrl) : undefined,
    delivery: { key: job.key, since: job.createdAt, recheck: job.attempts > 1, gate: s.postGate },
  };
}

/** What the request was, in the user's words, for a message about it. */
function whatWasAsked(job: Job): string {
  const text = typeof job.payload.text === 'string' ? job.payload.text.trim() : '';
  if (job.kind === 'command') return text ? `\`/infercost ${escapeMrkdwn(text.slice(0, 200)).replace(/`/g, "'")}\`` : '`/infercost`';
  if (job.kind === 'view') return 'your adjusted estimate';
  if (job.kind === 'event') return text ? `your message \`${escapeMrkdwn(text.slice(0, 200)).replace(/`/g, "'")}\`` : 'your message';
  return 'your button click';
}

const at = (ms: number) => new Date(ms).toISOString().slice(11, 16) + ' UTC';

/** Tell the user privately: through the response_url while it lives, else in a DM from the bot. */
export async function tellUser(s: Services, job: Job, text: string, log: Logger): Promise<void> {
  const msg: SlackMessage = { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  if (job.responseUrl && s.now().getTime() < job.deadline && (await respondPrivately(responseUrlPoster(job.responseUrl), msg, log))) return;
  if (!job.userId) return;
  try {
    await (await s.slackFor(job.teamId)).chat.postMessage({ channel: job.userId, text: notificationSafe(msg.text), blocks: msg.blocks, unfurl_links: false, unfurl_media: false });
  } catch (e) {
    log.error({ err: describeWebError(e) }, 'could not reach the user');
  }
}

/** The parts every handler shares: the plain messages for an expired job and one that gave up. */
export function slackJobHandler(s: Services, run: (job: Job, ctx: JobContext) => Promise<void>): JobHandler {
  return {
    run: (job) => run(job, jobContext(s, job)),
    async expired(job) {
      const { log } = jobContext(s, job);
      const why = /rate limit/i.test(job.lastError ?? '')
        ? 'Slack kept rate limiting my posts in that channel for 30 minutes'
        : job.attempts > 1
          ? 'I was restarted (or Slack did not answer) before I could finish it'
          : 'I was too busy, or restarted, to get to it within 30 minutes';
      await tellUser(s, job, `Sorry: I could not answer ${whatWasAsked(job)} from ${at(job.createdAt)}: ${why}. Nothing was posted; please send it again.`, log);
    },
    async gaveUp(job, error) {
      const { log, cid } = jobContext(s, job);
      log.error({ error }, 'job gave up');
      const why = /rate limit/i.test(error) ? 'Slack kept rate limiting my posts in that channel' : 'Slack did not accept the post';
      await tellUser(s, job, `Sorry: I could not finish ${whatWasAsked(job)} from ${at(job.createdAt)} after ${job.attempts} tries (${why}). Reference: \`${cid}\`.`, log);
    },
  };
}

export type JobHandlers = Record<JobKind, JobHandler>;
