// Versioned schema for the PostgreSQL store: the same tables and columns as the embedded store's
// (migrations.ts), in PostgreSQL's types. schema_migrations records which versions ran; every
// replica runs migrate() at start, and an advisory lock taken inside the migrating transaction makes
// replicas that start together wait for one another instead of racing (reliability.md, defect 10).
// Append new ones; never edit old ones.

export const PG_MIGRATIONS: readonly string[] = [
  // 1: idempotency keys, recent estimates per user, key/value with expiry
  `
  CREATE TABLE processed_events (
    key        TEXT   PRIMARY KEY,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX processed_events_expires_at ON processed_events (expires_at);

  CREATE TABLE recent_estimates (
    id         BIGSERIAL PRIMARY KEY,
    team_id    TEXT   NOT NULL,
    user_id    TEXT   NOT NULL,
    text       TEXT   NOT NULL,
    summary    TEXT   NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX recent_estimates_user ON recent_estimates (team_id, user_id, created_at);

  CREATE TABLE kv (
    key        TEXT   PRIMARY KEY,
    value      TEXT   NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX kv_expires_at ON kv (expires_at);
  `,
  // 2: saved workloads, weekly digest subscriptions, digest runs (the exactly-once claim), snapshots
  `
  CREATE TABLE saved_workloads (
    team_id       TEXT   NOT NULL,
    channel_id    TEXT   NOT NULL,
    name_key      TEXT   NOT NULL,
    name          TEXT   NOT NULL,
    parsed        TEXT   NOT NULL,
    workload_hash TEXT   NOT NULL,
    created_by    TEXT   NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_by    TEXT   NOT NULL,
    updated_at    BIGINT NOT NULL,
    edited_at     BIGINT NOT NULL,
    PRIMARY KEY (team_id, channel_id, name_key)
  );

  CREATE TABLE digest_subscriptions (
    team_id         TEXT    NOT NULL,
    channel_id      TEXT    NOT NULL,
    weekday         INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    hour            INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    minute          INTEGER NOT NULL CHECK (minute BETWEEN 0 AND 59),
    tz              TEXT    NOT NULL,
    created_by      TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    schedule_set_at BIGINT  NOT NULL,
    paused          INTEGER NOT NULL DEFAULT 0,
    paused_reason   TEXT,
    paused_at       BIGINT,
    last_period_key TEXT,
    PRIMARY KEY (team_id, channel_id)
  );
  CREATE INDEX digest_subscriptions_creator ON digest_subscriptions (team_id, created_by);

  CREATE TABLE digest_runs (
    team_id          TEXT    NOT NULL,
    channel_id       TEXT    NOT NULL,
    period_key       TEXT    NOT NULL,
    scheduled_for    BIGINT  NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('claimed', 'waiting', 'posted', 'failed', 'skipped', 'superseded')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    first_claimed_at BIGINT  NOT NULL,
    claimed_at       BIGINT,
    next_attempt_at  BIGINT,
    posted_ts        TEXT,
    last_error       TEXT,
    updated_at       BIGINT  NOT NULL,
    PRIMARY KEY (team_id, channel_id, period_key)
  );
  CREATE INDEX digest_runs_status ON digest_runs (team_id, channel_id, status);

  CREATE TABLE digest_snapshots (
    team_id             TEXT   NOT NULL,
    channel_id          TEXT   NOT NULL,
    name_key            TEXT   NOT NULL,
    name                TEXT   NOT NULL,
    option_id           TEXT,
    option_name         TEXT,
    monthly_micro_usd   BIGINT,
    prices              TEXT   NOT NULL,
    workload_hash       TEXT   NOT NULL,
    workload            TEXT   NOT NULL,
    catalog_fingerprint TEXT   NOT NULL,
    taken_at            BIGINT NOT NULL,
    PRIMARY KEY (team_id, channel_id, name_key)
  );
  `,
  // 3: durable jobs (src/jobs/job-queue.ts): every acked request, until it is answered. Replicas
  // claim them with FOR UPDATE SKIP LOCKED, so each job is leased to one of them at a time.
  `
  CREATE TABLE jobs (
    key           TEXT    PRIMARY KEY,
    kind          TEXT    NOT NULL,
    payload       TEXT    NOT NULL,
    team_id       TEXT    NOT NULL,
    channel_id    TEXT,
    user_id       TEXT,
    response_url  TEXT,
    deadline      BIGINT  NOT NULL,
    max_attempts  INTEGER NOT NULL,
    state         TEXT    NOT NULL CHECK (state IN ('queued', 'active', 'done', 'failed', 'expired')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    run_at        BIGINT  NOT NULL,
    owner         TEXT,
    lease_until   BIGINT,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL,
    last_error    TEXT,
    -- insertion order, to break ties of run_at and created_at (SQLite's rowid does it there)
    seq           BIGSERIAL
  );
  CREATE INDEX jobs_due ON jobs (state, run_at);
  CREATE INDEX jobs_owner ON jobs (owner, state);
  CREATE INDEX jobs_finished ON jobs (state, updated_at);
  `,
  // 4: Slack installations (multi-workspace OAuth): one row per workspace or org-wide install; the
  // installation (with its tokens) is an AES-256-GCM envelope written by the app, never plaintext.
  `
  CREATE TABLE slack_installations (
    install_key   TEXT    PRIMARY KEY,
    enterprise_id TEXT,
    team_id       TEXT,
    key_id        TEXT    NOT NULL,
    data          TEXT    NOT NULL,
    installed_at  BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
  );
  CREATE INDEX slack_installations_team ON slack_installations (team_id);
  CREATE INDEX slack_installations_key_id ON slack_installations (key_id);
  `,
  // 5: the trend chart's history (issue 15): each saved workload's cost at every posted digest, the
  // last 12 periods kept per workload (the store prunes on write). Seeded from the snapshots of the
  // last posted digest, whose period is the subscription's last_period_key.
  `
  CREATE TABLE digest_history (
    team_id           TEXT    NOT NULL,
    channel_id        TEXT    NOT NULL,
    name_key          TEXT    NOT NULL,
    period_key        TEXT    NOT NULL,
    name              TEXT    NOT NULL,
    monthly_micro_usd BIGINT,
    taken_at          BIGINT  NOT NULL,
    PRIMARY KEY (team_id, channel_id, name_key, period_key)
  );
  INSERT INTO digest_history (team_id, channel_id, name_key, period_key, name, monthly_micro_usd, taken_at)
    SELECT s.team_id, s.channel_id, s.name_key, d.last_period_key, s.name, s.monthly_micro_usd, s.taken_at
    FROM digest_snapshots s JOIN digest_subscriptions d ON d.team_id = s.team_id AND d.channel_id = s.channel_id
    WHERE d.last_period_key IS NOT NULL;
  `,
];
