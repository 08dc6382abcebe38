// Rows of the store's tables → the Store's types. Shared by the SQLite and PostgreSQL backends, whose
// tables have the same columns (PostgreSQL returns BIGINT as a string, hence Number() everywhere).

import type { ParsedWorkload } from '../core/workload.ts';
import type { DigestSnapshot, HistoryPoint } from '../core/digest/snapshot.ts';
import type { Job, JobKind, JobState } from '../jobs/job-queue.ts';
import type { DigestRun, DigestRunStatus, DigestSubscription, InstallationRecord, RecentEstimate, SavedWorkload } from './store.ts';

export type Row = Record<string, unknown>;
const iso = (ms: unknown): string => new Date(Number(ms)).toISOString();
const isoOrNull = (ms: unknown): string | null => (ms === null || ms === undefined ? null : iso(ms));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function savedFrom(r: Row): SavedWorkload {
  return {
    teamId: String(r.team_id),
    channelId: String(r.channel_id),
    name: String(r.name),
    parsed: JSON.parse(String(r.parsed)) as ParsedWorkload,
    createdBy: String(r.created_by),
    createdAt: iso(r.created_at),
    updatedBy: String(r.updated_by),
    updatedAt: iso(r.updated_at),
    editedAt: iso(r.edited_at),
  };
}

export function subscriptionFrom(r: Row): DigestSubscription {
  return {
    teamId: String(r.team_id),
    channelId: String(r.channel_id),
    weekday: Number(r.weekday),
    hour: Number(r.hour),
    minute: Number(r.minute),
    tz: String(r.tz),
    createdBy: String(r.created_by),
    createdAt: iso(r.created_at),
    scheduleSetAt: iso(r.schedule_set_at),
    paused: Number(r.paused) === 1,
    pausedReason: strOrNull(r.paused_reason),
    pausedAt: isoOrNull(r.paused_at),
    lastPeriodKey: strOrNull(r.last_period_key),
  };
}

export function runFrom(r: Row): DigestRun {
  return {
    teamId: String(r.team_id),
    channelId: String(r.channel_id),
    periodKey: String(r.period_key),
    scheduledFor: Number(r.scheduled_for),
    status: String(r.status) as DigestRunStatus,
    attempts: Number(r.attempts),
    firstClaimedAt: Number(r.first_claimed_at),
    claimedAt: numOrNull(r.claimed_at),
    nextAttemptAt: numOrNull(r.next_attempt_at),
    postedTs: strOrNull(r.posted_ts),
    lastError: strOrNull(r.last_error),
  };
}

export function snapshotFrom(r: Row): DigestSnapshot {
  return {
    name: String(r.name),
    optionId: strOrNull(r.option_id),
    optionName: strOrNull(r.option_name),
    monthlyMicroUsd: numOrNull(r.monthly_micro_usd),
    prices: JSON.parse(String(r.prices)) as DigestSnapshot['prices'],
    workloadHash: String(r.workload_hash),
    workload: JSON.parse(String(r.workload)) as DigestSnapshot['workload'],
    catalogFingerprint: String(r.catalog_fingerprint),
    takenAt: iso(r.taken_at),
  };
}

export function historyFrom(r: Row): HistoryPoint {
  return { name: String(r.name), periodKey: String(r.period_key), monthlyMicroUsd: numOrNull(r.monthly_micro_usd), takenAt: iso(r.taken_at) };
}

export function recentFrom(r: Row): RecentEstimate {
  return { teamId: String(r.team_id), userId: String(r.user_id), text: String(r.text), summary: String(r.summary), createdAt: iso(r.created_at) };
}

export function installationFrom(r: Row): InstallationRecord {
  return {
    installKey: String(r.install_key),
    enterpriseId: strOrNull(r.enterprise_id),
    teamId: strOrNull(r.team_id),
    keyId: String(r.key_id),
    data: String(r.data),
    installedAt: iso(r.installed_at),
    updatedAt: iso(r.updated_at),
  };
}

export function jobFrom(r: Row): Job {
  return {
    key: String(r.key),
    kind: String(r.kind) as JobKind,
    payload: JSON.parse(String(r.payload)) as Record<string, unknown>,
    teamId: String(r.team_id),
    channelId: strOrNull(r.channel_id),
    userId: strOrNull(r.user_id),
    responseUrl: strOrNull(r.response_url),
    deadline: Number(r.deadline),
    maxAttempts: Number(r.max_attempts),
    state: String(r.state) as JobState,
    attempts: Number(r.attempts),
    runAt: Number(r.run_at),
    owner: strOrNull(r.owner),
    leaseUntil: numOrNull(r.lease_until),
    createdAt: Number(r.created_at),
    lastError: strOrNull(r.last_error),
  };
}
