// The store backends every store test runs against: the embedded SQLite store always, and
// PostgreSQL when a server answers on TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
// Each test run gets its own fresh schema, dropped at the end, so parallel runs never collide.
// When PostgreSQL is unreachable its tests are skipped and the reason is printed once.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { openSqliteStore, type Clock, type Store } from '../../src/store/index.ts';
import { openPgStore } from '../../src/store/pg-store.ts';
import type { JobQueue } from '../../src/jobs/job-queue.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';

async function probe(): Promise<string | null> {
  const c = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return null;
  } catch (e) {
    return e instanceof Error ? e.message || e.name : String(e);
  } finally {
    await c.end().catch(() => {});
  }
}

const unreachable = process.env.INFERCOST_SKIP_PG === '1' ? null : await probe();
/** Why the PostgreSQL tests are skipped, or null when they run. */
export const pgSkipReason: string | null =
  process.env.INFERCOST_SKIP_PG === '1'
    ? 'PostgreSQL tests skipped: INFERCOST_SKIP_PG=1.'
    : unreachable === null
      ? null
      : `PostgreSQL tests skipped: ${TEST_DATABASE_URL} unreachable (${unreachable}). Start it (see README, "Tests with PostgreSQL") to run them.`;
if (pgSkipReason && process.env.INFERCOST_REQUIRE_PG === '1') throw new Error(`INFERCOST_REQUIRE_PG=1 (CI) but ${pgSkipReason}`);
if (pgSkipReason) process.stderr.write(`${pgSkipReason}\n`);

/** A schema name of its own for each test file's run: infercost_test_<pid>_<random>. */
export function freshSchema(prefix = 'infercost_test'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

const schemas: string[] = [];
afterAll(async () => {
  if (schemas.length === 0) return;
  const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await c.connect();
  for (const s of schemas.splice(0)) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await c.end();
});

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** Why this backend's tests are skipped (it is unreachable), or null. */
  skip: string | null;
  /** A store with no rows in it, on the given clock. */
  open(clock: Clock): Promise<Store & JobQueue>;
}

export const sqliteBackend: Backend = { name: 'sqlite', skip: null, open: async (clock) => openSqliteStore(':memory:', clock) };

export const postgresBackend: Backend = {
  name: 'postgres',
  skip: pgSkipReason,
  async open(clock) {
    // A fresh schema per store, so each test starts empty (as ':memory:' does).
    const schema = freshSchema();
    schemas.push(schema);
    return openPgStore({ connectionString: TEST_DATABASE_URL, schema, now: clock, max: 4 });
  },
};

export const BACKENDS: Backend[] = [sqliteBackend, postgresBackend];
