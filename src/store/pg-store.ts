// The shared store: PostgreSQL, used when DATABASE_URL is set, so several replicas share one state.
// Same tables, same semantics and the same injected clock as the embedded store (times are epoch
// milliseconds from the clock, not the database's now()). Claims that must hold across replicas are
// single statements (INSERT … ON CONFLICT) or row-locked transactions.

import pg from 'pg';
import { PG_MIGRATIONS } from './pg-migrations.ts';
import { historyFrom, installationFrom, jobFrom, recentFrom, runFrom, savedFrom, snapshotFrom, subscriptionFrom, type Row } from './rows.ts';
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

type Queryable = Pick<pg.PoolClient, 'query'>;

/** A schema name we put into SQL ourselves: letters, digits and underscores only. */
const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;
/** First half of the advisory lock key for migrations; the second is the schema's hash. */
const MIGRATION_LOCK = 0x1c_05_70_01;

export interface PgStoreOptions {
  connectionString: string;
  /** Schema for InferCost's tables (created if missing). Default `infercost`. */
  schema?: string;
  now?: Clock;
  /** Pool size per replica. */
  max?: number;
  /** Give up connecting after this long (readiness and start report it). */
  connectionTimeoutMs?: number;
}

/**
 * Apply the migrations not yet applied, in one transaction under an advisory lock on the schema:
 * replicas starting together queue on the lock, and each finds the versions the first one applied.
 * Returns the schema's version.
 */
export async function migratePg(db: Queryable, schema: string): Promise<number> {
  if (!SCHEMA_RE.test(schema)) throw new Error(`invalid schema name "${schema}" (use lower-case letters, digits and _)`);
  await db.query('BEGIN');
  try {
    await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATION_LOCK, schema]);
    await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await db.query(`SET LOCAL search_path TO ${schema}`);
    await db.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const { rows } = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    let version = Number(rows[0]?.v ?? 0);
    for (; version < PG_MIGRATIONS.length; version++) {
      await db.query(PG_MIGRATIONS[version]!);
      await db.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version + 1]);
    }
    await db.query('COMMIT');
    return version;
  } catch (e) {
    await db.query('ROLLBACK').catch(() => {});
    throw e;
  }
}

export class PgStore implements Store, JobQueue {
  readonly #pool: pg.Pool;
  readonly #now: Clock;
  readonly schema: string;

  constructor(pool: pg.Pool, schema: string, now: Clock) {
    this.#pool = pool;
    this.schema = schema;
    this.#now = now;
  }

  #ms(): number {
    return this.#now().getTime();
  }

  async #rows(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.#pool.query(sql, params)).rows as Row[];
  }

  async #count(sql: string, params: unknown[]): Promise<number> {
    return (await this.#pool.query(sql, params)).rowCount ?? 0;
  }

  async #tx<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.#pool.connect();
    try {
      await c.query('BEGIN');
      const out = await work(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  // ---- installations and a workspace's data ---------------------------------------------------

  async putInstallation(rec: InstallationRecord): Promise<void> {
    const now = this.#ms();
    await this.#pool.query(
      `INSERT INTO slack_installations (install_key, enterprise_id, team_id, key_id, data, installed_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (install_key) DO UPDATE SET enterprise_id = excluded.enterprise_id, team_id = excluded.team_id, key_id = excluded.key_id,
         data = excluded.data, updated_at = excluded.updated_at`,
      [rec.installKey, rec.enterpriseId, rec.teamId, rec.keyId, rec.data, now],
    );
  }

  async getInstallation(installKey: string): Promise<InstallationRecord | null> {
    const rows = await this.#rows('SELECT * FROM slack_installations WHERE install_key = $1', [installKey]);
    return rows[0] ? installationFrom(rows[0]) : null;
  }

  async deleteInstallation(installKey: string): Promise<boolean> {
    return (await this.#count('DELETE FROM slack_installations WHERE install_key = $1', [installKey])) === 1;
  }

  async deleteTeamData(teamId: string): Promise<number> {
    return this.#tx(async (c) => {
      let n = 0;
      for (const t of TEAM_TABLES) n += (await c.query(`DELETE FROM ${t} WHERE team_id = $1`, [teamId])).rowCount ?? 0;
      for (const p of teamKeyPrefixes(teamId)) n += (await c.query('DELETE FROM kv WHERE substr(key, 1, $1) = $2', [p.length, p])).rowCount ?? 0;
      return n;
    });
  }

  // ---- jobs (src/jobs/job-queue.ts) -------------------------------------------------------------

  async enqueueJob(j: NewJob): Promise<EnqueueResult> {
    const now = this.#ms();
    // Insert, or read the existing one, in one round trip: a repeat of the key changes nothing.
    const rows = await this.#rows(
      `WITH ins AS (
         INSERT INTO jobs (key, kind, payload, team_id, channel_id, user_id, response_url, deadline, max_attempts, state, attempts, run_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'queued', 0, $10, $11, $11)
         ON CONFLICT (key) DO NOTHING
         RETURNING *, true AS created)
       SELECT * FROM ins
       UNION ALL
       SELECT *, false AS created FROM jobs WHERE key = $1 AND NOT EXISTS (SELECT 1 FROM ins)`,
      [j.key, j.kind, JSON.stringify(j.payload), j.teamId, j.channelId, j.userId, j.responseUrl, j.deadline ?? now + RESPONSE_URL_TTL_MS, j.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, j.runAt ?? now, now],
    );
    if (rows[0]) return { created: rows[0].created === true, job: jobFrom(rows[0]) };
    // The row was inserted by a concurrent transaction not yet visible to this statement's snapshot.
    const again = await this.getJob(j.key);
    if (!again) throw new Error(`job ${j.key} was neither inserted nor found`);
    return { created: false, job: again };
  }

  async claimJobs(owner: string, leaseMs: number, limit: number): Promise<Job[]> {
    const now = this.#ms();
    // SKIP LOCKED: replicas claiming at once take different jobs instead of waiting on each other.
    const rows = await this.#rows(
      `UPDATE jobs SET state = 'active', owner = $1, lease_until = $2, attempts = attempts + 1, updated_at = $3
       WHERE key IN (
         SELECT key FROM jobs
         WHERE (state = 'queued' AND run_at <= $3) OR (state = 'active' AND lease_until <= $3)
         ORDER BY run_at, created_at, seq LIMIT $4
         FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [owner, now + leaseMs, now, limit],
    );
    return rows
      .sort((a, b) => Number(a.run_at) - Number(b.run_at) || Number(a.created_at) - Number(b.created_at) || Number(a.seq) - Number(b.seq))
      .map(jobFrom);
  }

  async heartbeatJobs(owner: string, leaseMs: number): Promise<number> {
    const now = this.#ms();
    return this.#count(`UPDATE jobs SET lease_until = $1, updated_at = $2 WHERE owner = $3 AND state = 'active'`, [now + leaseMs, now, owner]);
  }

  async #finish(key: string, owner: string, state: JobState, error: string | null, runAt: number | null, giveBack = 0): Promise<boolean> {
    const n = await this.#count(
      `UPDATE jobs SET state = $1, owner = NULL, lease_until = NULL, last_error = COALESCE($2, last_error), run_at = COALESCE($3, run_at),
         attempts = GREATEST(attempts - $7, 0), updated_at = $4
       WHERE key = $5 AND owner = $6 AND state = 'active'`,
      [state, error, runAt, this.#ms(), key, owner, giveBack],
    );
    return n === 1;
  }

  async completeJob(key: string, owner: string): Promise<boolean> {
    return this.#finish(key, owner, 'done', null, null);
  }

  /** countAttempt false (with a retryAt): the job only waited its turn (a 429, pacing): the attempt is given back. */
  async failJob(key: string, owner: string, error: string, retryAt: number | null, opts: { countAttempt?: boolean } = {}): Promise<boolean> {
    const giveBack = retryAt !== null && opts.countAttempt === false ? 1 : 0;
    return this.#finish(key, owner, retryAt === null ? 'failed' : 'queued', error, retryAt, giveBack);
  }

  async expireJob(key: string, owner: string, reason: string): Promise<boolean> {
    return this.#finish(key, owner, 'expired', reason, null);
  }

  async releaseJobs(owner: string): Promise<number> {
    return this.#count(
      `UPDATE jobs SET state = 'queued', owner = NULL, lease_until = NULL, updated_at = $1
       WHERE owner = $2 AND state = 'active'`,
      [this.#ms(), owner],
    );
  }

  async getJob(key: string): Promise<Job | null> {
    const rows = await this.#rows('SELECT * FROM jobs WHERE key = $1', [key]);
    return rows[0] ? jobFrom(rows[0]) : null;
  }

  async unfinishedJobs(limit = 1000): Promise<Job[]> {
    return (await this.#rows(`SELECT * FROM jobs WHERE state IN ('queued', 'active') ORDER BY run_at, created_at, seq LIMIT $1`, [limit])).map(jobFrom);
  }

  async jobCounts(): Promise<JobCounts> {
    const rows = await this.#rows(`SELECT state, COUNT(*) AS n FROM jobs WHERE state IN ('queued', 'active') GROUP BY state`);
    const n = (st: string) => Number(rows.find((r) => r.state === st)?.n ?? 0);
    return { queued: n('queued'), active: n('active') };
  }

  async purgeJobs(olderThanMs: number): Promise<number> {
    return this.#count(`DELETE FROM jobs WHERE state IN ('done', 'failed', 'expired') AND updated_at <= $1`, [this.#ms() - olderThanMs]);
  }

  /** A cheap round trip, for readiness. */
  async ping(): Promise<void> {
    await this.#pool.query('SELECT 1');
  }

  async claimEvent(key: string, ttlMs: number): Promise<boolean> {
    const now = this.#ms();
    const n = await this.#count(
      `INSERT INTO processed_events (key, expires_at) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE processed_events.expires_at <= $3`,
      [key, now + ttlMs, now],
    );
    return n === 1;
  }

  async addRecentEstimate(e: Omit<RecentEstimate, 'createdAt'>): Promise<void> {
    await this.#tx(async (c) => {
      await c.query('INSERT INTO recent_estimates (team_id, user_id, text, summary, created_at) VALUES ($1, $2, $3, $4, $5)', [e.teamId, e.userId, e.text, e.summary, this.#ms()]);
      await c.query(
        `DELETE FROM recent_estimates WHERE team_id = $1 AND user_id = $2 AND id NOT IN
           (SELECT id FROM recent_estimates WHERE team_id = $1 AND user_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3)`,
        [e.teamId, e.userId, RECENT_LIMIT],
      );
    });
  }

  async recentEstimates(teamId: string, userId: string, limit = RECENT_LIMIT): Promise<RecentEstimate[]> {
    const rows = await this.#rows(
      `SELECT team_id, user_id, text, summary, created_at FROM recent_estimates
       WHERE team_id = $1 AND user_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3`,
      [teamId, userId, limit],
    );
    return rows.map(recentFrom);
  }

  async get<T>(key: string): Promise<T | null> {
    const rows = await this.#rows('SELECT value FROM kv WHERE key = $1 AND expires_at > $2', [key, this.#ms()]);
    return rows[0] ? (JSON.parse(String(rows[0].value)) as T) : null;
  }

  async put(key: string, value: unknown, ttlMs: number): Promise<void> {
    await this.#pool.query(
      `INSERT INTO kv (key, value, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
      [key, JSON.stringify(value), this.#ms() + ttlMs],
    );
  }

  async delete(key: string): Promise<void> {
    await this.#pool.query('DELETE FROM kv WHERE key = $1', [key]);
  }

  async getThread(key: ThreadKey): Promise<ThreadState | null> {
    return this.get<ThreadState>(threadKeyString(key));
  }

  async putThread(key: ThreadKey, state: ThreadState, ttlMs = THREAD_TTL_MS): Promise<void> {
    await this.put(threadKeyString(key), state, ttlMs);
  }

  // ---- saved workloads -------------------------------------------------------------------------

  async saveWorkload(teamId: string, channelId: string, name: string, parsed: ParsedWorkload, userId: string): Promise<SaveWorkloadResult> {
    if (!isValidWorkloadName(name)) return { ok: false, code: 'invalid_name' };
    const key = nameKey(name);
    const now = this.#ms();
    const hash = workloadHash(parsed.workload);
    return this.#tx(async (c): Promise<SaveWorkloadResult> => {
      // One saver per channel at a time, so two replicas cannot both pass the limit check.
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`saved:${teamId}:${channelId}`]);
      const old = (await c.query('SELECT workload_hash FROM saved_workloads WHERE team_id = $1 AND channel_id = $2 AND name_key = $3', [teamId, channelId, key])).rows[0] as
        | { workload_hash: string }
        | undefined;
      if (!old) {
        const n = (await c.query('SELECT COUNT(*) AS n FROM saved_workloads WHERE team_id = $1 AND channel_id = $2', [teamId, channelId])).rows[0] as { n: string };
        if (Number(n.n) >= SAVED_LIMIT) return { ok: false, code: 'limit_reached' };
      }
      const row = (
        await c.query(
          `INSERT INTO saved_workloads (team_id, channel_id, name_key, name, parsed, workload_hash, created_by, created_at, updated_by, updated_at, edited_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $8, $8)
           ON CONFLICT (team_id, channel_id, name_key) DO UPDATE SET
             name = excluded.name, parsed = excluded.parsed, workload_hash = excluded.workload_hash,
             updated_by = excluded.updated_by, updated_at = excluded.updated_at,
             edited_at = CASE WHEN saved_workloads.workload_hash = excluded.workload_hash THEN saved_workloads.edited_at ELSE excluded.edited_at END
           RETURNING *`,
          [teamId, channelId, key, name, JSON.stringify(parsed), hash, userId, now],
        )
      ).rows[0] as Row;
      return { ok: true, created: !old, edited: old !== undefined && old.workload_hash !== hash, workload: savedFrom(row) };
    });
  }

  async getWorkload(teamId: string, channelId: string, name: string): Promise<SavedWorkload | null> {
    const rows = await this.#rows('SELECT * FROM saved_workloads WHERE team_id = $1 AND channel_id = $2 AND name_key = $3', [teamId, channelId, nameKey(name)]);
    return rows[0] ? savedFrom(rows[0]) : null;
  }

  async listWorkloads(teamId: string, channelId: string): Promise<SavedWorkload[]> {
    // COLLATE "C": the same byte order as SQLite's, whatever the database's locale.
    return (await this.#rows('SELECT * FROM saved_workloads WHERE team_id = $1 AND channel_id = $2 ORDER BY name_key COLLATE "C"', [teamId, channelId])).map(savedFrom);
  }

  async forgetWorkload(teamId: string, channelId: string, name: string): Promise<boolean> {
    const key = nameKey(name);
    return this.#tx(async (c) => {
      const r = await c.query('DELETE FROM saved_workloads WHERE team_id = $1 AND channel_id = $2 AND name_key = $3', [teamId, channelId, key]);
      await c.query('DELETE FROM digest_snapshots WHERE team_id = $1 AND channel_id = $2 AND name_key = $3', [teamId, channelId, key]);
      await c.query('DELETE FROM digest_history WHERE team_id = $1 AND channel_id = $2 AND name_key = $3', [teamId, channelId, key]);
      return r.rowCount === 1;
    });
  }

  // ---- subscriptions ---------------------------------------------------------------------------

  async subscribe(sub: NewSubscription): Promise<DigestSubscription> {
    const now = this.#ms();
    const rows = await this.#rows(
      `INSERT INTO digest_subscriptions (team_id, channel_id, weekday, hour, minute, tz, created_by, created_at, schedule_set_at, paused, paused_reason, paused_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, 0, NULL, NULL)
       ON CONFLICT (team_id, channel_id) DO UPDATE SET
         weekday = excluded.weekday, hour = excluded.hour, minute = excluded.minute, tz = excluded.tz,
         created_by = excluded.created_by, schedule_set_at = excluded.schedule_set_at,
         paused = 0, paused_reason = NULL, paused_at = NULL
       RETURNING *`,
      [sub.teamId, sub.channelId, sub.weekday, sub.hour, sub.minute, sub.tz, sub.createdBy, now],
    );
    return subscriptionFrom(rows[0]!);
  }

  async getSubscription(teamId: string, channelId: string): Promise<DigestSubscription | null> {
    const rows = await this.#rows('SELECT * FROM digest_subscriptions WHERE team_id = $1 AND channel_id = $2', [teamId, channelId]);
    return rows[0] ? subscriptionFrom(rows[0]) : null;
  }

  async unsubscribe(teamId: string, channelId: string): Promise<boolean> {
    return (await this.#count('DELETE FROM digest_subscriptions WHERE team_id = $1 AND channel_id = $2', [teamId, channelId])) === 1;
  }

  async activeSubscriptions(): Promise<DigestSubscription[]> {
    return (await this.#rows('SELECT * FROM digest_subscriptions WHERE paused = 0 ORDER BY team_id COLLATE "C", channel_id COLLATE "C"')).map(subscriptionFrom);
  }

  async subscriptionsCreatedBy(teamId: string, userId: string): Promise<DigestSubscription[]> {
    return (await this.#rows('SELECT * FROM digest_subscriptions WHERE team_id = $1 AND created_by = $2 ORDER BY paused DESC, channel_id COLLATE "C"', [teamId, userId])).map(
      subscriptionFrom,
    );
  }

  async pauseSubscription(teamId: string, channelId: string, reason: string): Promise<void> {
    await this.#pool.query('UPDATE digest_subscriptions SET paused = 1, paused_reason = $1, paused_at = $2 WHERE team_id = $3 AND channel_id = $4', [
      reason,
      this.#ms(),
      teamId,
      channelId,
    ]);
  }

  // ---- digest runs -----------------------------------------------------------------------------

  async claimDigestRun(key: DigestRunKey, scheduledFor: number, leaseMs: number): Promise<DigestClaim | null> {
    const now = this.#ms();
    const k = [key.teamId, key.channelId, key.periodKey];
    return this.#tx(async (c): Promise<DigestClaim | null> => {
      const inserted = await c.query(
        `INSERT INTO digest_runs (team_id, channel_id, period_key, scheduled_for, status, attempts, first_claimed_at, claimed_at, updated_at)
         VALUES ($1, $2, $3, $4, 'claimed', 1, $5, $5, $5)
         ON CONFLICT (team_id, channel_id, period_key) DO NOTHING
         RETURNING *`,
        [...k, scheduledFor, now],
      );
      if (inserted.rows[0]) return { run: runFrom(inserted.rows[0] as Row), via: 'new' };
      // Take over a due retry or a claim whose lease ran out; the row lock makes one replica win.
      const priorRow = (await c.query('SELECT * FROM digest_runs WHERE team_id = $1 AND channel_id = $2 AND period_key = $3 FOR UPDATE', k)).rows[0] as Row | undefined;
      if (!priorRow) return null;
      const prior = runFrom(priorRow);
      const due =
        (prior.status === 'waiting' && (prior.nextAttemptAt ?? 0) <= now) || (prior.status === 'claimed' && (prior.claimedAt ?? 0) <= now - leaseMs);
      if (!due) return null;
      const updated = await c.query(
        `UPDATE digest_runs SET status = 'claimed', attempts = attempts + 1, claimed_at = $4, next_attempt_at = NULL, updated_at = $4
         WHERE team_id = $1 AND channel_id = $2 AND period_key = $3 RETURNING *`,
        [...k, now],
      );
      return { run: runFrom(updated.rows[0] as Row), via: prior.status === 'waiting' ? 'retry' : 'stale' };
    });
  }

  async getDigestRun(key: DigestRunKey): Promise<DigestRun | null> {
    const rows = await this.#rows('SELECT * FROM digest_runs WHERE team_id = $1 AND channel_id = $2 AND period_key = $3', [key.teamId, key.channelId, key.periodKey]);
    return rows[0] ? runFrom(rows[0]) : null;
  }

  async retryDigestRunAt(key: DigestRunKey, nextAttemptAt: number, error: string): Promise<void> {
    await this.#pool.query(
      `UPDATE digest_runs SET status = 'waiting', next_attempt_at = $1, last_error = $2, updated_at = $3
       WHERE team_id = $4 AND channel_id = $5 AND period_key = $6 AND status = 'claimed'`,
      [nextAttemptAt, error, this.#ms(), key.teamId, key.channelId, key.periodKey],
    );
  }

  async endDigestRun(key: DigestRunKey, status: 'failed' | 'skipped' | 'superseded', error: string | null): Promise<void> {
    await this.#pool.query(
      `UPDATE digest_runs SET status = $1, last_error = COALESCE($2, last_error), next_attempt_at = NULL, updated_at = $3
       WHERE team_id = $4 AND channel_id = $5 AND period_key = $6 AND status IN ('claimed', 'waiting')`,
      [status, error, this.#ms(), key.teamId, key.channelId, key.periodKey],
    );
  }

  async completeDigestRun(key: DigestRunKey, postedTs: string, snapshots: DigestSnapshot[]): Promise<void> {
    const now = this.#ms();
    await this.#tx(async (c) => {
      await c.query(
        `UPDATE digest_runs SET status = 'posted', posted_ts = $1, next_attempt_at = NULL, updated_at = $2
         WHERE team_id = $3 AND channel_id = $4 AND period_key = $5`,
        [postedTs, now, key.teamId, key.channelId, key.periodKey],
      );
      await c.query('UPDATE digest_subscriptions SET last_period_key = $1 WHERE team_id = $2 AND channel_id = $3', [key.periodKey, key.teamId, key.channelId]);
      for (const s of snapshots) {
        await c.query(
          `INSERT INTO digest_snapshots (team_id, channel_id, name_key, name, option_id, option_name, monthly_micro_usd, prices, workload_hash, workload, catalog_fingerprint, taken_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           ON CONFLICT (team_id, channel_id, name_key) DO UPDATE SET
             name = excluded.name, option_id = excluded.option_id, option_name = excluded.option_name, monthly_micro_usd = excluded.monthly_micro_usd,
             prices = excluded.prices, workload_hash = excluded.workload_hash, workload = excluded.workload,
             catalog_fingerprint = excluded.catalog_fingerprint, taken_at = excluded.taken_at`,
          [
            key.teamId,
            key.channelId,
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
          ],
        );
        // Its cost under the run's period (a repeat of the period replaces it); the oldest beyond HISTORY_LIMIT go.
        const nk = nameKey(s.name);
        await c.query(
          `INSERT INTO digest_history (team_id, channel_id, name_key, period_key, name, monthly_micro_usd, taken_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (team_id, channel_id, name_key, period_key) DO UPDATE SET
             name = excluded.name, monthly_micro_usd = excluded.monthly_micro_usd, taken_at = excluded.taken_at`,
          [key.teamId, key.channelId, nk, key.periodKey, s.name, s.monthlyMicroUsd, now],
        );
        await c.query(
          `DELETE FROM digest_history WHERE team_id = $1 AND channel_id = $2 AND name_key = $3 AND period_key NOT IN
             (SELECT period_key FROM digest_history WHERE team_id = $1 AND channel_id = $2 AND name_key = $3 ORDER BY period_key COLLATE "C" DESC LIMIT $4)`,
          [key.teamId, key.channelId, nk, HISTORY_LIMIT],
        );
      }
    });
  }

  async pendingDigestRuns(teamId: string, channelId: string): Promise<DigestRun[]> {
    return (
      await this.#rows(`SELECT * FROM digest_runs WHERE team_id = $1 AND channel_id = $2 AND status IN ('claimed', 'waiting') ORDER BY scheduled_for`, [teamId, channelId])
    ).map(runFrom);
  }

  async digestSnapshots(teamId: string, channelId: string): Promise<DigestSnapshot[]> {
    return (await this.#rows('SELECT * FROM digest_snapshots WHERE team_id = $1 AND channel_id = $2 ORDER BY name_key COLLATE "C"', [teamId, channelId])).map(snapshotFrom);
  }

  async digestHistory(teamId: string, channelId: string): Promise<HistoryPoint[]> {
    return (
      await this.#rows('SELECT * FROM digest_history WHERE team_id = $1 AND channel_id = $2 ORDER BY name_key COLLATE "C", period_key COLLATE "C"', [teamId, channelId])
    ).map(historyFrom);
  }

  async purgeExpired(): Promise<number> {
    const now = this.#ms();
    const a = await this.#count('DELETE FROM processed_events WHERE expires_at <= $1', [now]);
    const b = await this.#count('DELETE FROM kv WHERE expires_at <= $1', [now]);
    return a + b;
  }

  #closed = false;
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}

/** Connect, migrate (under the lock) and return the store; rejects with a readable reason. */
export async function openPgStore(o: PgStoreOptions): Promise<PgStore> {
  const schema = o.schema ?? 'infercost';
  if (!SCHEMA_RE.test(schema)) throw new Error(`invalid schema name "${schema}" (use lower-case letters, digits and _)`);
  const pool = new pg.Pool({
    connectionString: o.connectionString,
    max: o.max ?? 10,
    connectionTimeoutMillis: o.connectionTimeoutMs ?? 10_000,
    options: `-c search_path=${schema}`,
    application_name: 'infercost',
  });
  // An idle client's error (the server restarted) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  try {
    const c = await pool.connect();
    try {
      await migratePg(c, schema);
    } finally {
      c.release();
    }
  } catch (e) {
    await pool.end().catch(() => {});
    throw new Error(`cannot open the PostgreSQL store: ${e instanceof Error ? e.message || e.name : String(e)}`, { cause: e });
  }
  return new PgStore(pool, schema, o.now ?? (() => new Date()));
}
