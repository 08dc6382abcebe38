// The embedded store: Node's built-in SQLite (node:sqlite, no native addon), one file in the data
// directory, or ':memory:' for tests. Times are epoch milliseconds from the injected clock.

import { DatabaseSync } from 'node:sqlite';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from './migrations.ts';
import type { Clock, RecentEstimate, Store, ThreadKey, ThreadState } from './store.ts';
import { RECENT_LIMIT, THREAD_TTL_MS, threadKeyString } from './store.ts';

export const DB_FILE = 'infercost.sqlite';

export function migrate(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  let version = row.user_version;
  for (; version < MIGRATIONS.length; version++) {
    db.exec('BEGIN');
    try {
      db.exec(MIGRATIONS[version]!);
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (e) {
      db.exec('ROLLBACK');
      throw e;
    }
  }
  return version;
}

export class SqliteStore implements Store {
  readonly #db: DatabaseSync;
  readonly #now: Clock;

  constructor(db: DatabaseSync, now: Clock) {
    this.#db = db;
    this.#now = now;
  }

  #ms(): number {
    return this.#now().getTime();
  }

  async claimEvent(key: string, ttlMs: number): Promise<boolean> {
    const now = this.#ms();
    const r = this.#db
      .prepare(
        `INSERT INTO processed_events (key, expires_at) VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE processed_events.expires_at <= ?`,
      )
      .run(key, now + ttlMs, now);
    return Number(r.changes) === 1;
  }

  async addRecentEstimate(e: Omit<RecentEstimate, 'createdAt'>): Promise<void> {
    const db = this.#db;
    db.exec('BEGIN');
    try {
      db.prepare('INSERT INTO recent_estimates (team_id, user_id, text, summary, created_at) VALUES (?, ?, ?, ?, ?)').run(
        e.teamId,
        e.userId,
        e.text,
        e.summary,
        this.#ms(),
      );
      db.prepare(
        `DELETE FROM recent_estimates WHERE team_id = ? AND user_id = ? AND id NOT IN
           (SELECT id FROM recent_estimates WHERE team_id = ? AND user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?)`,
      ).run(e.teamId, e.userId, e.teamId, e.userId, RECENT_LIMIT);
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  }

  async recentEstimates(teamId: string, userId: string, limit = RECENT_LIMIT): Promise<RecentEstimate[]> {
    const rows = this.#db
      .prepare(
        `SELECT team_id, user_id, text, summary, created_at FROM recent_estimates
         WHERE team_id = ? AND user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
      )
      .all(teamId, userId, limit) as { team_id: string; user_id: string; text: string; summary: string; created_at: number }[];
    return rows.map((r) => ({
      teamId: r.team_id,
      userId: r.user_id,
      text: r.text,
      summary: r.summary,
      createdAt: new Date(r.created_at).toISOString(),
    }));
  }

  async get<T>(key: string): Promise<T | null> {
    const row = this.#db.prepare('SELECT value FROM kv WHERE key = ? AND expires_at > ?').get(key, this.#ms()) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : null;
  }

  async put(key: string, value: unknown, ttlMs: number): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
      )
      .run(key, JSON.stringify(value), this.#ms() + ttlMs);
  }

  async delete(key: string): Promise<void> {
    this.#db.prepare('DELETE FROM kv WHERE key = ?').run(key);
  }

  async getThread(key: ThreadKey): Promise<ThreadState | null> {
    return this.get<ThreadState>(threadKeyString(key));
  }

  async putThread(key: ThreadKey, state: ThreadState, ttlMs = THREAD_TTL_MS): Promise<void> {
    await this.put(threadKeyString(key), state, ttlMs);
  }

  async purgeExpired(): Promise<number> {
    const now = this.#ms();
    const a = this.#db.prepare('DELETE FROM processed_events WHERE expires_at <= ?').run(now);
    const b = this.#db.prepare('DELETE FROM kv WHERE expires_at <= ?').run(now);
    return Number(a.changes) + Number(b.changes);
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }
}

/** Open (creating and migrating) the store in `dataDir`, or in memory for ':memory:'. */
export function openSqliteStore(dataDir: string, now: Clock = () => new Date()): SqliteStore {
  let location = ':memory:';
  if (dataDir !== ':memory:') {
    mkdirSync(dataDir, { recursive: true });
    location = join(dataDir, DB_FILE);
  }
  const db = new DatabaseSync(location);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;');
  migrate(db);
  return new SqliteStore(db, now);
}
