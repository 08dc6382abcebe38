// What listeners get besides Bolt's arguments: the store, the core's context, the root logger,
// the clock and an id source. Passed to every `register(app, services)`.

import type { Logger } from 'pino';
import type { CoreContext } from '../core/pipeline.ts';
import type { Clock, Store } from '../store/index.ts';
import type { FollowUpHandler } from './follow-ups.ts';
import type { Compute } from './compute.ts';
import type { webApi } from '@slack/bolt';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { PostGate } from './post-gate.ts';
import type { Admission } from './jobs.ts';

export interface Services {
  store: Store;
  /** The store is shared by several replicas (PostgreSQL): de-duplicate every request in it, not in memory. */
  sharedStore?: boolean;
  core: CoreContext;
  /** Runs the core (estimate, evaluate, converse): on worker threads in production, inline in tests. */
  compute: Compute;
  logger: Logger;
  now: Clock;
  /** Ids for stored estimates (the buttons carry them). */
  newId: () => string;
  /** Threaded follow-ups (issue 5); absent until that lands. */
  followUps?: FollowUpHandler | undefined;
  /** Durable jobs: listeners write every acked request here before the ack (src/jobs/job-queue.ts). */
  jobs: JobQueue;
  /** A job was written: let the runner claim it now. */
  wakeJobs(): void;
  /** Backpressure for a new command: answerable within 30 minutes? (jobs.ts admission) */
  admission(): Admission;
  /** The Web API client jobs post with: a timeout on every call, no blind retries (deliver.ts checks
   * for an earlier post instead), rate limits handed back as a later retry of the job. */
  slack: webApi.WebClient;
  /** The jobs' client for a workspace: `slack` with one workspace; with many, one with that workspace's
   * token (rejects when it is not installed). Jobs use this, never `slack` directly. */
  slackFor(teamId: string): Promise<webApi.WebClient>;
  /** The bot token's workspace, when known: events and requests from another team are ignored. */
  teamId?: string | undefined;
  /** Paces the jobs' posts per channel and for chat.postMessage as a whole (post-gate.ts). */
  postGate: PostGate;
  /** Run work after the listener returns, counted as in flight (a graceful stop waits for it). */
  background(work: () => Promise<void>): void;
}
