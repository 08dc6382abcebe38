// Versioned schema for the embedded store. PRAGMA user_version records how many migrations ran;
// each migration runs once, in order, inside a transaction. Append new ones; never edit old ones.

export const MIGRATIONS: readonly string[] = [
  // 1: idempotency keys, recent estimates per user, key/value with expiry
  `
  CREATE TABLE processed_events (
    key        TEXT    PRIMARY KEY,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX processed_events_expires_at ON processed_events (expires_at);

  CREATE TABLE recent_estimates (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id    TEXT    NOT NULL,
    user_id    TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    summary    TEXT    NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX recent_estimates_user ON recent_estimates (team_id, user_id, created_at);

  CREATE TABLE kv (
    key        TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX kv_expires_at ON kv (expires_at);
  `,
];
