// The embedded store: idempotency claims, recent estimates, key/value expiry, thread state,
// migrations, and persistence across a reopen — all on an injected clock.

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DB_FILE, migrate, openSqliteStore, openThreadedStore, RECENT_LIMIT } from '../../src/store/index.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { workload } from './fixtures.ts';
import { BACKENDS, freshSchema, postgresBackend, TEST_DATABASE_URL } from '../store/backends.ts';
import { migratePg, openPgStore } from '../../src/store/pg-store.ts';
import { PG_MIGRATIONS } from '../../src/store/pg-migrations.ts';
import pg from 'pg';

let now = new Date('2026-11-20T10:00:00Z');
beforeEach(() => {
  now = new Date('2026-11-20T10:00:00Z');
});
const clock = () => now;
const later = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe.each(BACKENDS)('store on $name', (b) => {
  it.skipIf(b.skip)('claims an event once, and again only after it expires', async () => {
    const s = await b.open(clock);
    expect(await s.claimEvent('event:Ev1', 1000)).toBe(true);
    expect(await s.claimEvent('event:Ev1', 1000)).toBe(false);
    expect(await s.claimEvent('event:Ev2', 1000)).toBe(true);
    later(1001);
    expect(await s.claimEvent('event:Ev1', 1000)).toBe(true);
    await s.close();
  });

  it.skipIf(b.skip)('keeps the last 10 estimates per user, newest first', async () => {
    const s = await b.open(clock);
    for (let i = 0; i < 13; i++) {
      await s.addRecentEstimate({ teamId: 'T1', userId: 'U1', text: `w${i}`, summary: `s${i}` });
      later(1000);
    }
    await s.addRecentEstimate({ teamId: 'T1', userId: 'U2', text: 'other', summary: 's' });
    const recent = await s.recentEstimates('T1', 'U1');
    expect(recent).toHaveLength(RECENT_LIMIT);
    expect(recent[0]!.text).toBe('w12');
    expect(recent[9]!.text).toBe('w3');
    expect(recent[0]!.createdAt).toBe('2026-11-20T10:00:12.000Z');
    await s.close();
  });

  it.skipIf(b.skip)('expires key/value entries and thread state', async () => {
    const s = await b.open(clock);
    await s.put('k', { a: 1 }, 500);
    expect(await s.get('k')).toEqual({ a: 1 });
    const key = { teamId: 'T1', channelId: 'C1', threadTs: '1.2' };
    const state = { parsed: { workload, provenance: {}, notes: [] }, text: 'x', estimateId: 'e1', updatedAt: now.toISOString() };
    await s.putThread(key, state, 500);
    expect(await s.getThread(key)).toEqual(state);
    later(501);
    expect(await s.get('k')).toBeNull();
    expect(await s.getThread(key)).toBeNull();
    expect(await s.purgeExpired()).toBe(2);
    await s.close();
  });

  it.skipIf(b.skip)("deletes one workspace's data and installation, and nothing of another's", async () => {
    const s = await b.open(clock);
    const state = { parsed: { workload, provenance: {}, notes: [] }, text: 'x', estimateId: 'e1', updatedAt: now.toISOString() };
    for (const team of ['T1', 'T10']) {
      await s.addRecentEstimate({ teamId: team, userId: 'U1', text: 'w', summary: 's' });
      await s.putThread({ teamId: team, channelId: 'C1', threadTs: '1.2' }, state);
      await s.put(`estimate:${team}:e1`, { parsed: state.parsed, text: 'x' }, 60_000);
      await s.saveWorkload(team, 'C1', 'chatbot', state.parsed, 'U1');
      await s.subscribe({ teamId: team, channelId: 'C1', weekday: 1, hour: 9, minute: 0, tz: 'UTC', createdBy: 'U1' });
      await s.claimDigestRun({ teamId: team, channelId: 'C1', periodKey: '2026-W47' }, now.getTime(), 60_000);
      await s.completeDigestRun({ teamId: team, channelId: 'C1', periodKey: '2026-W47' }, '1.1', []);
      await s.putInstallation({ installKey: `T:${team}`, enterpriseId: null, teamId: team, keyId: 'k1', data: 'v1.k1.x.y.z' });
    }
    // T1 is a prefix of T10: only T1's rows go (7: recent, thread, estimate, workload, subscription, run, installation).
    expect(await s.deleteTeamData('T1')).toBe(7);
    expect(await s.recentEstimates('T1', 'U1')).toEqual([]);
    expect(await s.getThread({ teamId: 'T1', channelId: 'C1', threadTs: '1.2' })).toBeNull();
    expect(await s.get('estimate:T1:e1')).toBeNull();
    expect(await s.listWorkloads('T1', 'C1')).toEqual([]);
    expect(await s.getSubscription('T1', 'C1')).toBeNull();
    expect(await s.getDigestRun({ teamId: 'T1', channelId: 'C1', periodKey: '2026-W47' })).toBeNull();
    expect(await s.getInstallation('T:T1')).toBeNull();
    expect(await s.recentEstimates('T10', 'U1')).toHaveLength(1);
    expect(await s.getThread({ teamId: 'T10', channelId: 'C1', threadTs: '1.2' })).not.toBeNull();
    expect(await s.get('estimate:T10:e1')).not.toBeNull();
    expect(await s.listWorkloads('T10', 'C1')).toHaveLength(1);
    expect(await s.getInstallation('T:T10')).toMatchObject({ teamId: 'T10', keyId: 'k1' });
    expect(await s.deleteInstallation('T:T10')).toBe(true);
    expect(await s.deleteInstallation('T:T10')).toBe(false);
    await s.close();
  });
});

describe.skipIf(postgresBackend.skip)(`the PostgreSQL store${postgresBackend.skip ? ` (${postgresBackend.skip})` : ''}`, () => {
  const schemas: string[] = [];
  const admin = () => new pg.Client({ connectionString: TEST_DATABASE_URL });
  afterEach(async () => {
    const c = admin();
    await c.connect();
    for (const sc of schemas.splice(0)) await c.query(`DROP SCHEMA IF EXISTS ${sc} CASCADE`);
    await c.end();
  });

  it('replicas starting together migrate once, under the lock, and share state across a reopen', async () => {
    const schema = freshSchema();
    schemas.push(schema);
    // Eight "replicas" open the same empty schema at once: none fails, the versions are applied once.
    const stores = await Promise.all(Array.from({ length: 8 }, () => openPgStore({ connectionString: TEST_DATABASE_URL, schema, now: clock, max: 2 })));
    const c = admin();
    await c.connect();
    const { rows } = await c.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
    expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
    expect(await migratePg(c, schema)).toBe(PG_MIGRATIONS.length);
    await c.end();
    // One event claimed by eight replicas at once: exactly one wins.
    const wins = await Promise.all(stores.map((st) => st.claimEvent('event:EvRace', 60_000)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    // A period's digest claimed by eight replicas at once: exactly one wins.
    const key = { teamId: 'T1', channelId: 'C1', periodKey: '2026-W47' };
    const claims = await Promise.all(stores.map((st) => st.claimDigestRun(key, now.getTime(), 600_000)));
    expect(claims.filter((x) => x !== null)).toHaveLength(1);
    for (const st of stores) await st.close();
    const again = await openPgStore({ connectionString: TEST_DATABASE_URL, schema, now: clock });
    expect(await again.claimEvent('event:EvRace', 60_000)).toBe(false);
    expect(await again.getDigestRun(key)).toMatchObject({ status: 'claimed', attempts: 1 });
    await again.ping();
    await again.close();
  });

  it('migration 5 seeds the trend history from the last posted digest’s snapshots', async () => {
    const schema = freshSchema();
    schemas.push(schema);
    const c = admin();
    await c.connect();
    await c.query(`CREATE SCHEMA ${schema}`);
    await c.query(`SET search_path TO ${schema}`);
    await c.query('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    for (const [i, m] of PG_MIGRATIONS.slice(0, 4).entries()) {
      await c.query(m);
      await c.query('INSERT INTO schema_migrations (version) VALUES ($1)', [i + 1]);
    }
    for (const q of V4_SEED) await c.query(q);
    await c.end();
    const s = await openPgStore({ connectionString: TEST_DATABASE_URL, schema, now: clock });
    expect(await s.digestHistory('T1', 'C1')).toEqual(V4_HISTORY);
    expect(await s.digestHistory('T1', 'C2')).toEqual([]);
    await s.close();
  });

  it('rejects with a readable reason when the server is unreachable or the schema name is bad', async () => {
    // Port 1 on loopback: nothing listens there.
    await expect(openPgStore({ connectionString: 'postgres://postgres@127.0.0.1:1/test', connectionTimeoutMs: 2000 })).rejects.toThrow(/cannot open the PostgreSQL store/);
    await expect(openPgStore({ connectionString: TEST_DATABASE_URL, schema: 'x; DROP TABLE y' })).rejects.toThrow(/invalid schema name/);
  });
});

const V4_SEED = [
  `INSERT INTO digest_subscriptions (team_id, channel_id, weekday, hour, minute, tz, created_by, created_at, schedule_set_at, last_period_key)
   VALUES ('T1', 'C1', 1, 9, 0, 'UTC', 'U1', 0, 0, '2026-W47'), ('T1', 'C2', 1, 9, 0, 'UTC', 'U1', 0, 0, NULL)`,
  `INSERT INTO digest_snapshots (team_id, channel_id, name_key, name, option_id, option_name, monthly_micro_usd, prices, workload_hash, workload, catalog_fingerprint, taken_at)
   VALUES ('T1', 'C1', 'chat-bot', 'Chat-Bot', 'o', 'O', 1234000000, '[]', 'h', '{}', 'f', 1763975000000),
          ('T1', 'C2', 'other', 'other', NULL, NULL, NULL, '[]', 'h', '{}', 'f', 1763975000000)`,
];
const V4_HISTORY = [{ name: 'Chat-Bot', periodKey: '2026-W47', monthlyMicroUsd: 1_234_000_000, takenAt: new Date(1763975000000).toISOString() }];

describe('the embedded store', () => {
  it('survives a restart in its data directory, and migrates once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infercost-store-'));
    dirs.push(dir);
    const a = openSqliteStore(dir, clock);
    expect(await a.claimEvent('event:EvX', 60_000)).toBe(true);
    await a.close();
    const b = openSqliteStore(dir, clock);
    expect(await b.claimEvent('event:EvX', 60_000)).toBe(false);
    await b.close();
    const db = new DatabaseSync(join(dir, DB_FILE));
    expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(MIGRATIONS.length);
    expect(migrate(db)).toBe(MIGRATIONS.length);
    db.close();
  });

  it('migration 5 seeds the trend history from the last posted digest’s snapshots', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infercost-store-'));
    dirs.push(dir);
    const db = new DatabaseSync(join(dir, DB_FILE));
    for (const m of MIGRATIONS.slice(0, 4)) db.exec(m);
    db.exec('PRAGMA user_version = 4');
    for (const q of V4_SEED) db.exec(q);
    db.close();
    const s = openSqliteStore(dir, clock);
    expect(await s.digestHistory('T1', 'C1')).toEqual(V4_HISTORY);
    // A channel whose subscription never posted has no period to file its snapshot under.
    expect(await s.digestHistory('T1', 'C2')).toEqual([]);
    await s.close();
  });
});

describe('WAL', () => {
  it('stays bounded under sustained writes (checkpointed as it grows)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infercost-wal-'));
    dirs.push(dir);
    const s = openSqliteStore(dir, clock);
    const value = { blob: 'x'.repeat(2000) };
    for (let i = 0; i < 6000; i++) await s.put(`k${i}`, value, 60_000);
    // ~6,000 commits of a 2 KB value: unchecked, the WAL would pass 20 MB.
    expect(statSync(join(dir, `${DB_FILE}-wal`)).size).toBeLessThan(8_000_000);
    expect(await s.get<typeof value>('k5999')).toEqual(value);
    await s.close();
  });
});

describe('the store on its own thread', () => {
  it('answers every method as SqliteStore does, keeps data across a reopen, and reports errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infercost-threaded-'));
    dirs.push(dir);
    const a = await openThreadedStore(dir);
    expect(await a.claimEvent('event:T1', 60_000)).toBe(true);
    expect(await a.claimEvent('event:T1', 60_000)).toBe(false);
    await a.put('k', { n: 1, s: 'x' }, 60_000);
    expect(await a.get('k')).toEqual({ n: 1, s: 'x' });
    const saved = await a.saveWorkload('T1', 'C1', 'chatbot', { workload, provenance: {}, notes: [] }, 'U1');
    expect(saved.ok).toBe(true);
    expect((await a.listWorkloads('T1', 'C1')).map((w) => w.name)).toEqual(['chatbot']);
    await expect(a.saveWorkload('T1', 'C1', 'x'.repeat(500), { workload, provenance: {}, notes: [] }, 'U1')).resolves.toMatchObject({ ok: false });
    const snapshot = { name: 'chatbot', optionId: 'o', optionName: 'O', monthlyMicroUsd: 5_000_000, prices: [], workloadHash: 'h', workload, catalogFingerprint: 'f', takenAt: now.toISOString() };
    await a.completeDigestRun({ teamId: 'T1', channelId: 'C1', periodKey: '2026-W47' }, '1.1', [snapshot]);
    // (the threaded store runs on the real clock)
    expect(await a.digestHistory('T1', 'C1')).toEqual([{ name: 'chatbot', periodKey: '2026-W47', monthlyMicroUsd: 5_000_000, takenAt: expect.any(String) }]);
    await a.close();
    await expect(a.get('k')).rejects.toThrow(/store thread stopped/);
    const b = await openThreadedStore(dir);
    expect(await b.get('k')).toEqual({ n: 1, s: 'x' });
    expect(await b.claimEvent('event:T1', 60_000)).toBe(false);
    await b.close();
  });

  it('rejects with a readable reason when it cannot open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infercost-threaded-'));
    dirs.push(dir);
    const file = join(dir, 'not-a-dir');
    (await import('node:fs')).writeFileSync(file, 'x');
    await expect(openThreadedStore(file)).rejects.toThrow(/cannot open the store/);
  });
});
