// Runs the durable jobs (job-queue.ts) of this process: claims what it has room for, keeps the leases
// alive while it works, and records how each job ended. At most `concurrency` jobs are in memory;
// the rest wait in the store, so a backlog costs disk, not RSS, and survives a crash. On start it
// claims at once: jobs a previous process left queued (released at shutdown) run immediately, and
// jobs it held when it was killed run as soon as their lease runs out.

import type { Logger } from 'pino';
import type { Job, JobKind, JobQueue } from './job-queue.ts';

/** Thrown by a handler to have the job tried again later (a 429's Retry-After, a Slack outage). */
export class RetryLater extends Error {
  readonly afterMs: number;
  /** false: the job waited its turn (pacing, a 429) and did not fail; the attempt is not counted. */
  readonly countAttempt: boolean;
  constructor(message: string, afterMs: number, countAttempt = true) {
    super(message);
    this.name = 'RetryLater';
    this.afterMs = afterMs;
    this.countAttempt = countAttempt;
  }
}

export interface JobHandler {
  run(job: Job): Promise<void>;
  /** The job is past its deadline (its response_url is gone): tell the user plainly instead. */
  expired(job: Job): Promise<void>;
  /** The job failed for good after its attempts: tell the user. */
  gaveUp(job: Job, error: string): Promise<void>;
}

export interface JobRunnerOptions {
  queue: JobQueue;
  handlers: Record<JobKind, JobHandler>;
  logger: Logger;
  /** Who holds the leases: unique per process. */
  owner: string;
  /** Jobs run at once by this process. */
  concurrency: number;
  leaseMs: number;
  /** How often to look for due retries and stale leases, besides the wake-ups of new jobs. */
  pollMs?: number;
  now?: () => number;
  /** Wait before retry `attempt` (1-based) of a job that threw. */
  backoffMs?: (attempt: number) => number;
}

export interface JobRunner {
  start(): void;
  /** A job was enqueued: claim it now if there is room. */
  wake(): void;
  /** Jobs running in this process. */
  running(): number;
  /** For backpressure: jobs waiting (as last counted, plus those enqueued since) and jobs finished per second over the last minute. */
  load(): { queued: number; ratePerSec: number | null };
  /** A job was enqueued (counts toward load() until the next count from the store). */
  noteEnqueued(): void;
  /**
   * Stop claiming; let the running jobs finish for up to `graceMs`; then put what is left back in the
   * queue for the next process. Resolves to how many were released.
   */
  stop(graceMs: number): Promise<number>;
}

const errText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).slice(0, 500);

export function createJobRunner(o: JobRunnerOptions): JobRunner {
  const now = o.now ?? Date.now;
  const backoff = o.backoffMs ?? ((n: number) => Math.min(60_000, 1000 * 2 ** (n - 1)));
  const log = o.logger.child({ component: 'jobs' });
  const running = new Map<string, Promise<void>>();
  let started = false;
  let stopping = false;
  let pumping = false;
  let again = false;
  let poll: NodeJS.Timeout | null = null;
  let beat: NodeJS.Timeout | null = null;
  const retryTimers = new Set<NodeJS.Timeout>();
  /** Finish times of the last minute's jobs (bounded ring). */
  const finished: number[] = [];
  let head = 0;
  let queued = 0;
  let counter: NodeJS.Timeout | null = null;
  const countQueued = () =>
    o.queue
      .jobCounts()
      .then((c) => void (queued = c.queued))
      .catch(() => {});

  /** Claim again when a retry falls due (sooner than the next poll). */
  function retryAt(waitMs: number): void {
    if (stopping) return;
    const t = setTimeout(() => {
      retryTimers.delete(t);
      void pump();
    }, waitMs + 5);
    t.unref();
    retryTimers.add(t);
  }

  async function runOne(job: Job): Promise<void> {
    const h = o.handlers[job.kind];
    const jlog = log.child({ job: job.key, kind: job.kind, attempt: job.attempts });
    try {
      if (!h) {
        await o.queue.failJob(job.key, o.owner, `no handler for ${job.kind}`, null);
        return void jlog.error('job of an unknown kind failed');
      }
      if (now() > job.deadline) {
        await h.expired(job).catch((e: unknown) => jlog.error({ err: errText(e) }, 'could not tell the user a job expired'));
        await o.queue.expireJob(job.key, o.owner, 'past its deadline: the response_url had expired');
        return void jlog.warn({ ageMs: now() - job.createdAt }, 'job expired before it could run; the user was told');
      }
      if (job.attempts > job.maxAttempts) {
        await h.gaveUp(job, job.lastError ?? 'too many attempts').catch((e: unknown) => jlog.error({ err: errText(e) }, 'could not tell the user a job failed'));
        await o.queue.failJob(job.key, o.owner, `gave up after ${job.attempts - 1} attempts`, null);
        return void jlog.error('job gave up after its attempts');
      }
      await h.run(job);
      if (!(await o.queue.completeJob(job.key, o.owner))) jlog.warn('job finished after its lease was taken over');
      finished.push(now());
    } catch (e) {
      const counted = !(e instanceof RetryLater && !e.countAttempt);
      const last = counted && job.attempts >= job.maxAttempts;
      const wait = e instanceof RetryLater ? e.afterMs : backoff(job.attempts);
      if (counted) jlog.warn({ err: errText(e), retryInMs: last ? null : wait }, 'job attempt failed');
      else jlog.debug({ reason: errText(e), retryInMs: wait }, 'job waits its turn');
      try {
        if (last) {
          await h?.gaveUp(job, errText(e)).catch((e2: unknown) => jlog.error({ err: errText(e2) }, 'could not tell the user a job failed'));
          await o.queue.failJob(job.key, o.owner, errText(e), null);
        } else {
          await o.queue.failJob(job.key, o.owner, errText(e), now() + wait, { countAttempt: counted });
          retryAt(wait);
        }
      } catch (e2) {
        jlog.error({ err: errText(e2) }, 'could not record a failed job; its lease will run out and it will run again');
      }
    }
  }

  async function pump(): Promise<void> {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        const room = o.concurrency - running.size;
        if (stopping || room <= 0) break;
        const jobs = await o.queue.claimJobs(o.owner, o.leaseMs, room);
        for (const job of jobs) {
          const p = runOne(job).finally(() => {
            running.delete(job.key);
            if (!stopping) void pump();
          });
          running.set(job.key, p);
        }
        if (jobs.length === room) again = true; // there may be more waiting
        // Yield to I/O between rounds: with an in-process store every step resolves at once, and a
        // round of jobs that hand themselves back must not keep acks off the event loop.
        if (again) await new Promise((r) => setImmediate(r));
      } while (again && !stopping);
    } catch (e) {
      log.error({ err: errText(e) }, 'could not claim jobs; trying again shortly');
    } finally {
      pumping = false;
    }
  }

  return {
    start() {
      if (started) return;
      started = true;
      const pollMs = o.pollMs ?? Math.max(250, Math.min(5000, Math.floor(o.leaseMs / 2)));
      poll = setInterval(() => void pump(), pollMs);
      poll.unref();
      beat = setInterval(() => {
        if (running.size === 0) return;
        o.queue.heartbeatJobs(o.owner, o.leaseMs).catch((e: unknown) => log.warn({ err: errText(e) }, 'job heartbeat failed'));
      }, Math.max(100, Math.floor(o.leaseMs / 3)));
      beat.unref();
      counter = setInterval(() => void countQueued(), 2000);
      counter.unref();
      void countQueued();
      void pump();
    },
    load() {
      const t = now();
      while (head < finished.length && finished[head]! < t - 60_000) head++;
      if (head > 10_000) {
        finished.splice(0, head);
        head = 0;
      }
      const n = finished.length - head;
      const span = n > 0 ? Math.max(5_000, t - finished[head]!) : 0;
      return { queued, ratePerSec: n >= 5 ? (n * 1000) / span : null };
    },
    noteEnqueued() {
      queued++;
    },
    wake() {
      if (started && !stopping) void pump();
    },
    running: () => running.size,
    async stop(graceMs) {
      stopping = true;
      if (poll) clearInterval(poll);
      for (const t of retryTimers) clearTimeout(t);
      retryTimers.clear();
      const deadline = now() + graceMs;
      while (running.size > 0 && now() < deadline) {
        await Promise.race([Promise.allSettled([...running.values()]), new Promise((r) => setTimeout(r, Math.max(10, deadline - now())))]);
      }
      if (beat) clearInterval(beat);
      if (counter) clearInterval(counter);
      const left = running.size;
      const released = await o.queue.releaseJobs(o.owner);
      if (left > 0 || released > 0) log.info({ unfinished: left, released }, 'shutdown: unfinished jobs left in the queue for the next start');
      return released;
    },
  };
}
