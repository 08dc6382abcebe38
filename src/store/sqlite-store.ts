// The embedded store: Node's built-in SQLite (node:sqlite, no native addon), one file in the data
// directory, or ':memory:' for tests. Times are epoch milliseconds from the injected clock.

import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from './migrations.ts';
import type {
  Clock,
  DigestClaim,
  DigestRun,
  DigestRunKey,
  DigestSubscription,
  InstallationRecord,
  NewSubscription,
  RecentEstimate,
  SavedWorkload,
  SaveWorkloadResult,
  Store,
  ThreadKey,
  ThreadState,
} from './store.ts';
import { RECENT_LIMIT, SAVED_LIMIT, TEAM_TABLES, teamKeyPrefixes, THREAD_TTL_MS, threadKeyString } from './store.ts';
import type { ParsedWorkload } from '../core/workload.ts';
import { isValidWorkloadName, nameKey } from '../core/digest/command.ts';
import { HISTORY_LIMIT, workloadHash, type DigestSnapshot, type HistoryPoint } from '../core/digest/snapshot.ts';
import { DEFAULT_MAX_ATTEMPTS, RESPONSE_URL_TTL_MS, type EnqueueResult, type Job, type JobCounts, type JobQueue, type JobState, type NewJob } from '../jobs/job-queue.ts';

import { historyFrom, installationFrom, jobFrom, runFrom, savedFrom, snapshotFrom, subscriptionFrom, type Row } from './rows.ts';

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

/** The database with its prepared statements kept: preparing (parsing and planning the SQL) cost
 * more than running these small statements, and every command runs three or four of them. */
class Statements {
  readonly #db: DatabaseSync;
  readonly #cache = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  prepare(sql: string): StatementSync {
    let st = this.#cache.get(sql);
    if (!st) this.#cache.set(sql, (st = this.#db.prepare(sql)));
    return st;
  }

  exec(sql: string): void {
    this.#db.exec(sql);
  }

  get isOpen(): boolean {
    return this.#db.isOpen;
  }

  close(): void {
    this.#cache.clear();
    this.#db.close();
  }
}

export class SqliteStore implements Store, JobQueue {
  readonly #db: Statements;
  readonly #now: Clock;

  constructor(db: DatabaseSync, now: Clock) {
    this.#db = new Statements(db);
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

  #tx<T>(work: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const out = work();
      this.#db.exec('COMMIT');
      return out;
    } catch (e) {
      this.#db.exec('ROLLBACK');
      throw e;
    }
  }

  // ---- saved workloads -------------------------------------------------------------------------

  async saveWorkload(teamId: string, channelId: string, name: string, parsed: ParsedWorkload, userId: string): Promise<SaveWorkloadResult> {
    if (!isValidWorkloadName(name)) return { ok: false, code: 'invalid_name' };
    const key = nameKey(name);
    const now = this.#ms();
    const hash = workloadHash(parsed.workload);
    const db = this.#db;
    return this.#tx((): SaveWorkloadResult => {
      const old = db.prepare('SELECT workload_hash FROM saved_workloads WHERE team_id = ? AND channel_id = ? AND name_key = ?').get(teamId, channelId, key) as
        | { workload_hash: string }
        | undefined;
      if (!old) {
        const n = db.prepare('SELECT COUNT(*) AS n FROM saved_workloads WHERE team_id = ? AND channel_id = ?').get(teamId, channelId) as { n: number };
        if (Number(n.n) >= SAVED_LIMIT) return { ok: false, code: 'limit_reached' };
      }
      db.prepare(
        `INSERT INTO saved_workloads (team_id, channel_id, name_key, name, parsed, workload_hash, created_by, created_at, updated_by, updated_at, edited_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (team_id, channel_id, name_key) DO UPDATE SET
           name = excluded.name, parsed = excluded.parsed, workload_hash = excluded.workload_hash,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at,
           edited_at = CASE WHEN saved_workloads.workload_hash = excluded.workload_hash THEN saved_workloads.edited_at ELSE excluded.edited_at END`,
      ).run(teamId, channelId, key, name, JSON.stringify(parsed), hash, userId, now, userId, now, now);
      const row = db.prepare('SELECT * FROM saved_workloads WHERE team_id = ? AND channel_id = ? AND name_key = ?').get(teamId, channelId, key) as Row;
      return { ok: true, created: !old, edited: old !== undefined && old.workload_hash !== hash, workload: savedFrom(row) };
    });
  }

  async getWorkload(teamId: string, channelId: string, name: string): Promise<SavedWorkload | null> {
    const row = this.#db.prepare('SELECT * FROM saved_workloads WHERE team_id = ? AND channel_id = ? AND name_key = ?').get(teamId, channelId, nameKey(name)) as Row | undefined;
    return row ? savedFrom(row) : null;
  }

  async listWorkloads(teamId: string, channelId: string): Promise<SavedWorkload[]> {
    const rows = this.#db.prepare('SELECT * FROM saved_workloads WHERE team_id = ? AND channel_id = ? ORDER BY name_key').all(teamId, channelId) as Row[];
    return rows.map(savedFrom);
  }

  async forgetWorkload(teamId: string, channelId: string, name: string): Promise<boolean> {
    const key = nameKey(name);
    return this.#tx(() => {
      const r = this.#db.prepare('DELETE FROM saved_workloads WHERE team_id = ? AND channel_id = ? AND name_key = ?').run(teamId, channelId, key);
      this.#db.prepare('DELETE FROM digest_snapshots WHERE team_id = ? AND channel_id = ? AND name_key = ?').run(teamId, channelId, key);
      this.#db.prepare('DELETE FROM digest_history WHERE team_id = ? AND channel_id = ? AND name_key = ?').run(teamId, channelId, key);
      return Number(r.changes) === 1;
    });
  }

  // ---- subscriptions ---------------------------------------------------------------------------

  async subscribe(sub: NewSubscription): Promise<DigestSubscription> {
    const now = this.#ms();
    this.#db
      .prepare(
        `INSERT INTO digest_subscriptions (team_id, channel_id, weekday, hour, minute, tz, created_by, created_at, schedule_set_at, paused, paused_reason, paused_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, NULL)
         ON CONFLICT (team_id, channel_id) DO UPDATE SET
           weekday = excluded.weekday, hour = excluded.hour, minute = excluded.minute, tz = excluded.tz,
           created_by = excluded.created_by, schedule_set_at = excluded.schedule_set_at,
           paused = 0, paused_reason = NULL, paused_at = NULL`,
      )
      .run(sub.teamId, sub.channelId, sub.weekday, sub.hour, sub.minute, sub.tz, sub.createdBy, now, now);
    return (await this.getSubscription(sub.teamId, sub.channelId))!;
  }

  async getSubscription(teamId: string, channelId: string): Promise<DigestSubscription | null> {
    const row = this.#db.prepare('SELECT * FROM digest_subscriptions WHERE team_id = ? AND channel_id = ?').get(teamId, channelId) as Row | undefined;
    return row ? subscriptionFrom(row) : null;
  }

  async unsubscribe(teamId: string, channelId: string): Promise<boolean> {
    const r = this.#db.prepare('DELETE FROM digest_subscriptions WHERE team_id = ? AND channel_id = ?').run(teamId, channelId);
    return Number(r.changes) === 1;
  }

  async activeSubscriptions(): Promise<DigestSubscription[]> {
    const rows = this.#db.prepare('SELECT * FROM digest_subscriptions WHERE paused = 0 ORDER BY team_id, channel_id').all() as Row[];
    return rows.map(subscriptionFrom);
  }

  async subscriptionsCreatedBy(teamId: string, userId: string): Promise<DigestSubscription[]> {
    const rows = this.#db.prepare('SELECT * FROM digest_subscriptions WHERE team_id = ? AND created_by = ? ORDER BY paused DESC, channel_id').all(teamId, userId) as Row[];
    return rows.map(subscriptionFrom);
  }

  async pauseSubscription(teamId: string, channelId: string, reason: string): Promise<void> {
    this.#db
      .prepare('UPDATE digest_subscriptions SET paused = 1, paused_reason = ?, paused_at = ? WHERE team_id = ? AND channel_id = ?')
      .run(reason, this.#ms(), teamId, channelId);
  }

  // ---- digest runs -----------------------------------------------------------------------------

  async claimDigestRun(key: DigestRunKey, scheduledFor: number, leaseMs: number): Promise<DigestClaim | null> {
    const now = this.#ms();
    const db = this.#db;
    return this.#tx((): DigestClaim | null => {
      const inserted = db
        .prepare(
          `INSERT INTO digest_runs (team_id, channel_id, period_key, scheduled_for, status, attempts, first_claimed_at, claimed_at, updated_at)
           VALUES (?, ?, ?, ?, 'claimed', 1, ?, ?, ?)
           ON CONFLICT (team_id, channel_id, period_key) DO NOTHING`,
        )
        .run(key.teamId, key.channelId, key.periodKey, scheduledFor, now, now, now);
      if (Number(inserted.changes) === 1) return { run: this.#run(key)!, via: 'new' };
      // Take over a due retry or a claim whose lease ran out — compare-and-set on what we read.
      const prior = this.#run(key);
      if (!prior) return null;
      const due =
        (prior.status === 'waiting' && (prior.nextAttemptAt ?? 0) <= now) || (prior.status === 'claimed' && (prior.claimedAt ?? 0) <= now - leaseMs);
      if (!due) return null;
      const r = db
        .prepare(
          `UPDATE digest_runs SET status = 'claimed', attempts = attempts + 1, claimed_at = ?, next_attempt_at = NULL, updated_at = ?
           WHERE team_id = ? AND channel_id = ? AND period_key = ? AND status = ? AND attempts = ?`,
        )
        .run(now, now, key.teamId, key.channelId, key.periodKey, prior.status, prior.attempts);
      if (Number(r.changes) !== 1) return null;
      return { run: this.#run(key)!, via: prior.status === 'waiting' ? 'retry' : 'stale' };
    });
  }

  #run(key: DigestRunKey): DigestRun | null {
    const row = this.#db
      .prepare('SELECT * FROM digest_runs WHERE team_id = ? AND channel_id = ? AND period_key = ?')
      .get(key.teamId, key.channelId, key.periodKey) as Row | undefined;
    return row ? runFrom(row) : null;
  }

  async getDigestRun(key: DigestRunKey): Promise<DigestRun | null> {
    return this.#run(key);
  }

  async retryDigestRunAt(key: DigestRunKey, nextAttemptAt: number, error: string): Promise<void> {
    this.#db
      .prepare(
        `UPDATE digest_runs SET status = 'waiting', next_attempt_at = ?, last_error = ?, updated_at = ?
         WHERE team_id = ? AND channel_id = ? AND period_key = ? AND status = 'claimed'`,
      )
      .run(nextAttemptAt, error, this.#ms(), key.teamId, key.channelId, key.periodKey);
  }

  async endDigestRun(key: DigestRunKey, status: 'failed' | 'skipped' | 'superseded', error: string | null): Promise<void> {
    this.#db
      .prepare(
        `UPDATE digest_runs SET status = ?, last_error = COALESCE(?, last_error), next_attempt_at = NULL, updated_at = ?
         WHERE team_id = ? AND channel_id = ? AND period_key = ? AND status IN ('claimed', 'waiting')`,
      )
      .run(status, error, this.#ms(), key.teamId, key.channelId, key.periodKey);
  }

  async completeDigestRun(key: DigestRunKey, postedTs: string, snapshots: DigestSnapshot[]): Promise<void> {
    const now = this.#ms();
    const db = this.#db;
    this.#tx(() => {
      db.prepare(
        `UPDATE digest_runs SET status = 'posted', posted_ts = ?, next_attempt_at = NULL, updated_at = ?
         WHERE team_id = ? AND channel_id = ? AND period_key = ?`,
      ).run(postedTs, now, key.teamId, key.channelId, key.periodKey);
      db.prepare('UPDATE digest_subscriptions SET last_period_key = ? WHERE team_id = ? AND channel_id = ?').run(key.periodKey, key.teamId, key.channelId);
      this.#putSnapshots(key.teamId, key.channelId, snapshots, now);
      this.#putHistory(key, snapshots, now);
    });
  }

  /** Each snapshot's cost under the run's period (a repeat of the period replaces it), then the oldest beyond HISTORY_LIMIT go. */
  #putHistory(key: DigestRunKey, snapshots: DigestSnapshot[], now: number): void {
    const put = this.#db.prepare(
      `INSERT INTO digest_history (team_id, channel_id, name_key, period_key, name, monthly_micro_usd, taken_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (team_id, channel_id, name_key, period_key) DO UPDATE SET
         name = excluded.name, monthly_micro_usd = excluded.monthly_micro_usd, taken_at = excluded.taken_at`,
    );
    const prune = this.#db.prepare(
      `DELETE FROM digest_history WHERE team_id = ? AND channel_id = ? AND name_key = ? AND period_key NOT IN
         (SELECT period_key FROM digest_history WHERE team_id = ? AND channel_id = ? AND name_key = ? ORDER BY period_key DESC LIMIT ?)`,
    );
    for (const s of snapshots) {
      const nk = nameKey(s.name);
      put.run(key.teamId, key.channelId, nk, key.periodKey, s.name, s.monthlyMicroUsd, now);
      prune.run(key.teamId, key.channelId, nk, key.teamId, key.channelId, nk, HISTORY_LIMIT);
    }
  }

  #putSnapshots(teamId: string, channelId: string, snapshots: DigestSnapshot[], now: number): void {
    const put = this.#db.prepare(
      `INSERT INTO digest_snapshots (team_id, channel_id, name_key, name, option_id, option_name, monthly_micro_usd, prices, workload_hash, workload, catalog_fingerprint, taken_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (team_id, channel_id, name_key) DO UPDATE SET
         name = excluded.name, option_id = excluded.option_id, option_name = excluded.option_name, monthly_micro_usd = excluded.monthly_micro_usd,
         prices = excluded.prices, workload_hash = excluded.workload_hash, workload = excluded.workload,
         catalog_fingerprint = excluded.catalog_fingerprint, taken_at = excluded.taken_at`,
    );
    for (const s of snapshots) {
      put.run(
        teamId,
        channelId,
        nameKey(s.name),
        s.name,
        s.optionId,
        s.optionName,
        s.monthlyMicroUsd,
        JSON.stringify(s.prices),
        s.workloadHash,
        JSON.stringify(s.workload),
        s.catalogFingerprint,
        now,
      );
    }
  }

  async pendingDigestRuns(teamId: string, channelId: string): Promise<DigestRun[]> {
    const rows = this.#db
      .prepare(`SELECT * FROM digest_runs WHERE team_id = ? AND channel_id = ? AND status IN ('claimed', 'waiting') ORDER BY scheduled_for`)
      .all(teamId, channelId) as Row[];
    return rows.map(runFrom);
  }

  async digestSnapshots(teamId: string, channelId: string): Promise<DigestSnapshot[]> {
    const rows = this.#db.prepare('SELECT * FROM digest_snapshots WHERE team_id = ? AND channel_id = ? ORDER BY name_key').all(teamId, channelId) as Row[];
    return rows.map(snapshotFrom);
  }

  async digestHistory(teamId: string, channelId: string): Promise<HistoryPoint[]> {
    const rows = this.#db.prepare('SELECT * FROM digest_history WHERE team_id = ? AND channel_id = ? ORDER BY name_key, period_key').all(teamId, channelId) as Row[];
    return rows.map(historyFrom);
  }

  // ---- installations and a workspace's data ---------------------------------------------------

  async putInstallation(rec: InstallationRecord): Promise<void> {
    const now = this.#ms();
    this.#db
      .prepare(
        `INSERT INTO slack_installations (install_key, enterprise_id, team_id, key_id, data, installed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (install_key) DO UPDATE SET enterprise_id = excluded.enterprise_id, team_id = excluded.team_id, key_id = excluded.key_id,
           data = excluded.data, updated_at = excluded.updated_at`,
      )
      .run(rec.installKey, rec.enterpriseId, rec.teamId, rec.keyId, rec.data, now, now);
  }

  async getInstallation(installKey: string): Promise<InstallationRecord | null> {
    const row = this.#db.prepare('SELECT * FROM slack_installations WHERE install_key = ?').get(installKey) as Row | undefined;
    return row ? installationFrom(row) : null;
  }

  async deleteInstallation(installKey: string): Promise<boolean> {
    return Number(this.#db.prepare('DELETE FROM slack_installations WHERE install_key = ?').run(installKey).changes) === 1;
  }

  async deleteTeamData(teamId: string): Promise<number> {
    return this.#tx(() => {
      let n = 0;
      for (const t of TEAM_TABLES) n += Number(this.#db.prepare(`DELETE FROM ${t} WHERE team_id = ?`).run(teamId).changes);
      for (const p of teamKeyPrefixes(teamId)) n += Number(this.#db.prepare('DELETE FROM kv WHERE substr(key, 1, ?) = ?').run(p.length, p).changes);
      return n;
    });
  }

  async ping(): Promise<void> {
    this.#db.prepare('SELECT 1').get();
  }

  async purgeExpired(): Promise<number> {
    const now = this.#ms();
    const a = this.#db.prepare('DELETE FROM processed_events WHERE expires_at <= ?').run(now);
    const b = this.#db.prepare('DELETE FROM kv WHERE expires_at <= ?').run(now);
    return Number(a.changes) + Number(b.changes);
  }

  // ---- jobs (src/jobs/job-queue.ts) -------------------------------------------------------------

  async enqueueJob(j: NewJob): Promise<EnqueueResult> {
    const now = this.#ms();
    return this.#tx((): EnqueueResult => {
      const r = this.#db
        .prepare(
          `INSERT INTO jobs (key, kind, payload, team_id, channel_id, user_id, response_url, deadline, max_attempts, state, attempts, run_at, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?)
           ON CONFLICT (key) DO NOTHING`,
        )
        .run(
          j.key,
          j.kind,
          JSON.stringify(j.payload),
          j.teamId,
          j.channelId,
          j.userId,
          j.responseUrl,
          j.deadline ?? now + RESPONSE_URL_TTL_MS,
          j.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
          j.runAt ?? now,
          now,
          now,
        );
      return { created: Number(r.changes) === 1, job: this.#job(j.key)! };
    });
  }

  #job(key: string): Job | null {
    const row = this.#db.prepare('SELECT * FROM jobs WHERE key = ?').get(key) as Row | undefined;
    return row ? jobFrom(row) : null;
  }

  async claimJobs(owner: string, leaseMs: number, limit: number): Promise<Job[]> {
    const now = this.#ms();
    const rows = this.#db
      .prepare(
        `UPDATE jobs SET state = 'active', owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
         WHERE key IN (
           SELECT key FROM jobs
           WHERE (state = 'queued' AND run_at <= ?) OR (state = 'active' AND lease_until <= ?)
           ORDER BY run_at, created_at LIMIT ?)
         RETURNING *`,
      )
      .all(owner, now + leaseMs, now, now, now, limit) as Row[];
    return rows.map(jobFrom).sort((a, b) => a.runAt - b.runAt || a.createdAt - b.createdAt);
  }

  async heartbeatJobs(owner: string, leaseMs: number): Promise<number> {
    const now = this.#ms();
    const r = this.#db.prepare(`UPDATE jobs SET lease_until = ?, updated_at = ? WHERE owner = ? AND state = 'active'`).run(now + leaseMs, now, owner);
    return Number(r.changes);
  }

  #finish(key: string, owner: string, state: JobState, error: string | null, runAt: number | null, giveBack = 0): boolean {
    const r = this.#db
      .prepare(
        `UPDATE jobs SET state = ?, owner = NULL, lease_until = NULL, last_error = COALESCE(?, last_error), run_at = COALESCE(?, run_at),
           attempts = MAX(attempts - ?, 0), updated_at = ?
         WHERE key = ? AND owner = ? AND state = 'active'`,
      )
      .run(state, error, runAt, giveBack, this.#ms(), key, owner);
    return Number(r.changes) === 1;
  }

  async completeJob(key: string, owner: string): Promise<boolean> {
    return this.#finish(key, owner, 'done', null, null);
  }

  async failJob(key: string, owner: string, error: string, retryAt: number | null, opts: { countAttempt?: boolean } = {}): Promise<boolean> {
    const giveBack = retryAt !== null && opts.countAttempt === false ? 1 : 0;
    return this.#finish(key, owner, retryAt === null ? 'failed' : 'queued', error, retryAt, giveBack);
  }

  async expireJob(key: string, owner: string, reason: string): Promise<boolean> {
    return this.#finish(key, owner, 'expired', reason, null);
  }

  async releaseJobs(owner: string): Promise<number> {
    const r = this.#db
      .prepare(
        `UPDATE jobs SET state = 'queued', owner = NULL, lease_until = NULL, updated_at = ?
         WHERE owner = ? AND state = 'active'`,
      )
      .run(this.#ms(), owner);
    return Number(r.changes);
  }

  async getJob(key: string): Promise<Job | null> {
    return this.#job(key);
  }

  async unfinishedJobs(limit = 1000): Promise<Job[]> {
    const rows = this.#db.prepare(`SELECT * FROM jobs WHERE state IN ('queued', 'active') ORDER BY run_at, created_at LIMIT ?`).all(limit) as Row[];
    return rows.map(jobFrom);
  }

  async jobCounts(): Promise<JobCounts> {
    const rows = this.#db.prepare(`SELECT state, COUNT(*) AS n FROM jobs WHERE state IN ('queued', 'active') GROUP BY state`).all() as { state: string; n: number }[];
    const n = (st: string) => Number(rows.find((r) => r.state === st)?.n ?? 0);
    return { queued: n('queued'), active: n('active') };
  }

  async purgeJobs(olderThanMs: number): Promise<number> {
    const r = this.#db.prepare(`DELETE FROM jobs WHERE state IN ('done', 'failed', 'expired') AND updated_at <= ?`).run(this.#ms() - olderThanMs);
    return Number(r.changes);
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
  // WAL with synchronous=NORMAL: commits survive a crash of the process (the WAL is in the OS's
  // hands); only a power loss can drop the last few. FULL made every claim wait on the disk, a
  // quarter of a command's time under load (bench/README.md).
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
  migrate(db);
  // SQLite checkpoints the WAL after a commit once it passes 1,000 pages, which keeps it bounded
  // under sustained writes; with synchronous=NORMAL that commit then waits for fsync (10-70 ms here).
  // The app runs the store on its own thread (threaded-store.ts), so no ack waits for it.
  return new SqliteStore(db, now);
}
