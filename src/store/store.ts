// The one interface every backend implements: the embedded SQLite store (sqlite-store.ts, the default)
// and PostgreSQL (pg-store.ts, when DATABASE_URL is set).
// Methods are async so a networked backend fits the same shape.

import type { ParsedWorkload } from '../core/workload.ts';
import type { DigestSnapshot, HistoryPoint } from '../core/digest/snapshot.ts';

export interface RecentEstimate {
  teamId: string;
  userId: string;
  text: string;
  summary: string;
  /** ISO timestamp from the store's clock. */
  createdAt: string;
}

/** A thread InferCost answered in: (team, channel, thread root ts). */
export interface ThreadKey {
  teamId: string;
  channelId: string;
  threadTs: string;
}

/** What a thread's conversation is about (issue 5 reads and updates it on follow-ups). */
export interface ThreadState {
  parsed: ParsedWorkload;
  /** The text the thread started from, when there was one. */
  text: string | null;
  /** The estimate the thread's latest report was rendered from. */
  estimateId: string;
  updatedAt: string;
  /** Earlier workloads for "undo" / "reset", oldest first (issue 15; absent in older rows). */
  history?: ParsedWorkload[];
  /** The last what-if, which "let's go with that" keeps (issue 15; absent in older rows). */
  hypothesis?: { parsed: ParsedWorkload; changed: string[] } | null;
}

/** A workload kept under a name for a channel (issue 6): listed, and re-priced in every digest. */
export interface SavedWorkload {
  teamId: string;
  channelId: string;
  /** As the user wrote it; unique per channel regardless of case. */
  name: string;
  parsed: ParsedWorkload;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  /** When the workload itself last changed (saving the same workload again does not move it). */
  editedAt: string;
}

export type SaveWorkloadResult =
  | { ok: true; created: boolean; edited: boolean; workload: SavedWorkload }
  | { ok: false; code: 'invalid_name' | 'limit_reached' };

/** A channel's weekly digest: a local time in an IANA zone. */
export interface DigestSubscription {
  teamId: string;
  channelId: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  hour: number;
  minute: number;
  tz: string;
  createdBy: string;
  createdAt: string;
  /** When the current schedule was set: runs before it are not owed. */
  scheduleSetAt: string;
  paused: boolean;
  pausedReason: string | null;
  pausedAt: string | null;
  /** The last period whose digest was posted. */
  lastPeriodKey: string | null;
}

export type NewSubscription = Pick<DigestSubscription, 'teamId' | 'channelId' | 'weekday' | 'hour' | 'minute' | 'tz' | 'createdBy'>;

/**
 * claimed: someone is posting it now (until its lease runs out); waiting: a retry is due at
 * nextAttemptAt; posted: done; failed: gave up; skipped: the channel could not take it (paused);
 * superseded: a newer period came before a retry succeeded.
 */
export type DigestRunStatus = 'claimed' | 'waiting' | 'posted' | 'failed' | 'skipped' | 'superseded';

export interface DigestRunKey {
  teamId: string;
  channelId: string;
  /** "2026-W10": the period this run is the one digest of. */
  periodKey: string;
}

export interface DigestRun extends DigestRunKey {
  /** Epoch ms of the scheduled run. */
  scheduledFor: number;
  status: DigestRunStatus;
  /** Claims so far (each claim is one attempt to post). */
  attempts: number;
  firstClaimedAt: number;
  claimedAt: number | null;
  nextAttemptAt: number | null;
  postedTs: string | null;
  lastError: string | null;
}

/** A claim won: `via` says whether the row was new, a due retry, or a stale claim (its claimer died). */
export interface DigestClaim {
  run: DigestRun;
  via: 'new' | 'retry' | 'stale';
}

/** A workspace's (or an org-wide) Slack installation, as the app stored it: `data` is encrypted. */
export interface InstallationRecord {
  /** `T:<team id>` for a workspace install, `E:<enterprise id>` for an org-wide one. */
  installKey: string;
  enterpriseId: string | null;
  teamId: string | null;
  /** The encryption key's id (so rotation can tell which rows still use an old key). */
  keyId: string;
  data: string;
  installedAt?: string;
  updatedAt?: string;
}

export interface Store {
  /** Idempotency: true the first time `key` is claimed within `ttlMs`, false on every repeat. */
  claimEvent(key: string, ttlMs: number): Promise<boolean>;

  /** Remember an estimate for the user's App Home; only the latest `RECENT_LIMIT` are kept. */
  addRecentEstimate(e: Omit<RecentEstimate, 'createdAt'>): Promise<void>;
  recentEstimates(teamId: string, userId: string, limit?: number): Promise<RecentEstimate[]>;

  /** Generic JSON value with expiry. */
  get<T>(key: string): Promise<T | null>;
  put(key: string, value: unknown, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;

  getThread(key: ThreadKey): Promise<ThreadState | null>;
  putThread(key: ThreadKey, state: ThreadState, ttlMs?: number): Promise<void>;

  /** Saved workloads (issue 6). `saveWorkload` adds or replaces by name; the thread layer calls it for "save this as <name>". */
  saveWorkload(teamId: string, channelId: string, name: string, parsed: ParsedWorkload, userId: string): Promise<SaveWorkloadResult>;
  getWorkload(teamId: string, channelId: string, name: string): Promise<SavedWorkload | null>;
  /** A channel's saved workloads, by name. */
  listWorkloads(teamId: string, channelId: string): Promise<SavedWorkload[]>;
  /** false when there was none by that name. */
  forgetWorkload(teamId: string, channelId: string, name: string): Promise<boolean>;

  /** Subscribe (or reschedule) a channel; resubscribing un-pauses it. */
  subscribe(sub: NewSubscription): Promise<DigestSubscription>;
  getSubscription(teamId: string, channelId: string): Promise<DigestSubscription | null>;
  unsubscribe(teamId: string, channelId: string): Promise<boolean>;
  /** Every subscription that is not paused, for the scheduler. */
  activeSubscriptions(): Promise<DigestSubscription[]>;
  subscriptionsCreatedBy(teamId: string, userId: string): Promise<DigestSubscription[]>;
  pauseSubscription(teamId: string, channelId: string, reason: string): Promise<void>;

  /**
   * The exactly-once claim of a period's digest: inserted if new (INSERT … ON CONFLICT DO NOTHING), or
   * taken over when a retry is due or the previous claim's lease ran out. null: someone else has it,
   * or it is finished.
   */
  claimDigestRun(key: DigestRunKey, scheduledFor: number, leaseMs: number): Promise<DigestClaim | null>;
  getDigestRun(key: DigestRunKey): Promise<DigestRun | null>;
  /** Release a claim to be retried at `nextAttemptAt`. */
  retryDigestRunAt(key: DigestRunKey, nextAttemptAt: number, error: string): Promise<void>;
  /** Finish a run without a post. */
  endDigestRun(key: DigestRunKey, status: 'failed' | 'skipped' | 'superseded', error: string | null): Promise<void>;
  /**
   * In one transaction: the run is posted (with its message ts), the subscription's lastPeriodKey, the
   * new snapshots, and each snapshot's cost in the history under the run's period (the last
   * HISTORY_LIMIT periods per workload are kept).
   */
  completeDigestRun(key: DigestRunKey, postedTs: string, snapshots: DigestSnapshot[]): Promise<void>;
  /** Older runs of the channel still waiting for a retry. */
  pendingDigestRuns(teamId: string, channelId: string): Promise<DigestRun[]>;
  /** The last digest's snapshot of each saved workload, by name key. */
  digestSnapshots(teamId: string, channelId: string): Promise<DigestSnapshot[]>;
  /** Each saved workload's cost at the posted digests kept (HISTORY_LIMIT a workload), by name key, oldest period first. */
  digestHistory(teamId: string, channelId: string): Promise<HistoryPoint[]>;

  /** Add or replace an installation (a token rotation replaces it whole). */
  putInstallation(rec: InstallationRecord): Promise<void>;
  getInstallation(installKey: string): Promise<InstallationRecord | null>;
  deleteInstallation(installKey: string): Promise<boolean>;
  /** Everything stored for a workspace: estimates, threads, saved workloads, digests, its installation. Returns rows deleted. */
  deleteTeamData(teamId: string): Promise<number>;

  /** A cheap round trip to the database, for readiness (/readyz); rejects when it is unreachable. */
  ping(): Promise<void>;

  /** Delete expired rows; returns how many went. */
  purgeExpired(): Promise<number>;
  close(): Promise<void>;
}

export const RECENT_LIMIT = 10;
export const THREAD_TTL_MS = 30 * 24 * 3600 * 1000;
export const EVENT_TTL_MS = 24 * 3600 * 1000;
/** Saved workloads per channel. */
export const SAVED_LIMIT = 100;

export type Clock = () => Date;

/** kv key prefixes that belong to one workspace (deleteTeamData removes them). */
export function teamKeyPrefixes(teamId: string): string[] {
  return [`thread:${teamId}:`, `estimate:${teamId}:`];
}

/** Tables whose rows carry a team_id (deleteTeamData removes them). */
export const TEAM_TABLES = ['jobs', 'recent_estimates', 'saved_workloads', 'digest_subscriptions', 'digest_runs', 'digest_snapshots', 'digest_history', 'slack_installations'] as const;

export function threadKeyString(k: ThreadKey): string {
  return `thread:${k.teamId}:${k.channelId}:${k.threadTs}`;
}
