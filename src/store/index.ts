export type {
  Store,
  RecentEstimate,
  ThreadKey,
  ThreadState,
  Clock,
  SavedWorkload,
  SaveWorkloadResult,
  DigestSubscription,
  NewSubscription,
  DigestRun,
  DigestRunKey,
  DigestRunStatus,
  DigestClaim,
  InstallationRecord,
} from './store.ts';
export { RECENT_LIMIT, THREAD_TTL_MS, EVENT_TTL_MS, SAVED_LIMIT, threadKeyString } from './store.ts';
export { openSqliteStore, SqliteStore, migrate, DB_FILE } from './sqlite-store.ts';
export { openThreadedStore } from './threaded-store.ts';
