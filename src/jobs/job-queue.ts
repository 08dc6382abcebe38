// The job contract (issue 16): every request the app acks — a /infercost command, a button, a modal
// submission — is written here as a job before its ack, and run from here, so a crash, OOM or
// deploy never silently drops acked work. Embedded mode keeps jobs in the SQLite store (on its
// thread, sqlite-store.ts); the production backend (issue 17) puts the same contract on PostgreSQL /
// pg-boss. Everything is async and JSON-only so a networked backend fits the same shape.
//
// Life of a job:
//   enqueueJob  → 'queued'  (the key is the idempotency key: a repeat of the same key is a no-op)
//   claimJobs   → 'active'  (leased to one owner until leaseUntil; attempts + 1)
//   heartbeat   → keeps an owner's leases alive while it runs them
//   completeJob → 'done'    | failJob → 'queued' again at retryAt, or 'failed'
//   expireJob   → 'expired' (too old to answer: the user was told instead)
//   releaseJobs → an owner's active jobs back to 'queued' at shutdown, for the next process (attempt kept)
// A job whose owner died (SIGKILL) keeps its lease until leaseUntil, then claimJobs takes it over.
// Finished jobs are kept JOB_RETENTION_MS so a replayed request (same key) is still recognised.

/** What a job is for; the runner has one handler per kind. */
export type JobKind = 'command' | 'action' | 'view' | 'event';

export type JobState = 'queued' | 'active' | 'done' | 'failed' | 'expired';

export interface NewJob {
  /** Idempotency key, unique per request: "command:<trigger_id>", "action:<trigger_id>", "view:<trigger_id>",
   * "message:<team>:<channel>:<ts>" (a mention or DM to answer). */
  key: string;
  kind: JobKind;
  /** Handler input (JSON). Never a token. */
  payload: Record<string, unknown>;
  teamId: string;
  channelId: string | null;
  userId: string | null;
  /** Slack's response_url for the request, if any (valid 30 minutes, 5 uses). */
  responseUrl: string | null;
  /** Epoch ms after which the job should not run but be expired (the user told plainly): default createdAt + 30 min. */
  deadline?: number;
  /** Attempts before the job fails for good. Default 5. */
  maxAttempts?: number;
  /** Epoch ms; default now. */
  runAt?: number;
}

export interface Job extends Required<Omit<NewJob, 'runAt'>> {
  state: JobState;
  /** Claims so far (the current one included). */
  attempts: number;
  runAt: number;
  owner: string | null;
  leaseUntil: number | null;
  createdAt: number;
  lastError: string | null;
}

export interface EnqueueResult {
  /** false: a job with this key already exists (a replay, or Slack's retry): do not run it again. */
  created: boolean;
  job: Job;
}

export interface JobCounts {
  queued: number;
  active: number;
}

export interface JobQueue {
  /** Insert a job unless its key exists (INSERT … ON CONFLICT DO NOTHING). Resolves once durable. */
  enqueueJob(job: NewJob): Promise<EnqueueResult>;
  /**
   * Lease up to `limit` jobs to `owner` for `leaseMs`: queued jobs that are due (oldest first) and
   * active jobs whose lease ran out (their owner died). Each claim adds one attempt.
   */
  claimJobs(owner: string, leaseMs: number, limit: number): Promise<Job[]>;
  /** Extend every lease `owner` holds to now + leaseMs; returns how many. */
  heartbeatJobs(owner: string, leaseMs: number): Promise<number>;
  /** Finish a job the owner holds. false: it no longer holds it (the lease was taken over). */
  completeJob(key: string, owner: string): Promise<boolean>;
  /**
   * A failed attempt: back to 'queued' at `retryAt`, or 'failed' for good when retryAt is null.
   * `countAttempt: false` (default true): the job only waited its turn (a rate limit, pacing), so its
   * attempt is given back (attempts - 1) and it does not run out of attempts by waiting.
   */
  failJob(key: string, owner: string, error: string, retryAt: number | null, opts?: { countAttempt?: boolean }): Promise<boolean>;
  /** Give up on a job because it is too old to answer (past its deadline). */
  expireJob(key: string, owner: string, reason: string): Promise<boolean>;
  /**
   * Shutdown: put every job `owner` holds back in the queue, due now. The attempt stays counted: the
   * job may have posted already, so the next run looks before posting (attempts > 1).
   */
  releaseJobs(owner: string): Promise<number>;
  getJob(key: string): Promise<Job | null>;
  /** Jobs not finished (queued or active), oldest first: what a start has to resume. */
  unfinishedJobs(limit?: number): Promise<Job[]>;
  /** For backpressure: how many are waiting and running. */
  jobCounts(): Promise<JobCounts>;
  /** Delete finished jobs older than `olderThanMs`; returns how many. */
  purgeJobs(olderThanMs: number): Promise<number>;
}

/** The response_url lives 30 minutes; a job not started by then cannot answer through it. */
export const RESPONSE_URL_TTL_MS = 30 * 60_000;
export const DEFAULT_MAX_ATTEMPTS = 5;
/** How long finished jobs (and so their keys) are kept: a replay within a day is recognised. */
export const JOB_RETENTION_MS = 24 * 3600_000;
/** Method names of JobQueue, for forwarding (threaded-store.ts). */
export const JOB_QUEUE_METHODS = [
  'enqueueJob',
  'claimJobs',
  'heartbeatJobs',
  'completeJob',
  'failJob',
  'expireJob',
  'releaseJobs',
  'getJob',
  'unfinishedJobs',
  'jobCounts',
  'purgeJobs',
] as const satisfies readonly (keyof JobQueue)[];
const allJobMethods: [Exclude<keyof JobQueue, (typeof JOB_QUEUE_METHODS)[number]>] extends [never] ? true : false = true;
void allJobMethods;
