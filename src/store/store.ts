// The one interface every backend implements: the embedded SQLite store today, PostgreSQL later.
// Methods are async so a networked backend fits the same shape.

import type { ParsedWorkload } from '../core/workload.ts';

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

  /** Delete expired rows; returns how many went. */
  purgeExpired(): Promise<number>;
  close(): Promise<void>;
}

export const RECENT_LIMIT = 10;
export const THREAD_TTL_MS = 30 * 24 * 3600 * 1000;
export const EVENT_TTL_MS = 24 * 3600 * 1000;

export type Clock = () => Date;

export function threadKeyString(k: ThreadKey): string {
  return `thread:${k.teamId}:${k.channelId}:${k.threadTs}`;
}
