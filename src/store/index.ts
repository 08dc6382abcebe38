export type { Store, RecentEstimate, ThreadKey, ThreadState, Clock } from './store.ts';
export { RECENT_LIMIT, THREAD_TTL_MS, EVENT_TTL_MS, threadKeyString } from './store.ts';
export { openSqliteStore, SqliteStore, migrate, DB_FILE } from './sqlite-store.ts';
