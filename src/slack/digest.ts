// Shell helpers shared by the digest scheduler, the /infercost subcommands and App Home: load a
// channel's saved workloads, snapshots and cost history and compose the digest (pure), describe a
// subscription in a reader's zone, read a user's time zone from Slack.

import type { webApi } from '@slack/bolt';
import type { CoreContext } from '../core/pipeline.ts';
import type { Digest, DigestInput } from '../core/digest/compose.ts';
import { nameKey } from '../core/digest/command.ts';
import type { CostPoint } from '../core/digest/snapshot.ts';
import { describeSchedule, nextRun } from '../core/digest/schedule.ts';
import { formatLocal, isValidTimeZone } from '../core/digest/zoned-time.ts';
import type { SubscriptionView } from '../core/render/digest-blocks.ts';
import type { DigestSubscription, Store } from '../store/index.ts';

/** Composes a digest from the channel's items: inline by default, or on the compute workers. (Inline
 * imports the engine on first use: the app always passes the workers' compose, so the main thread
 * never loads it.) */
export type ComposeFn = (items: DigestInput[], takenAt: string) => Promise<Digest>;

export async function channelDigest(store: Store, core: CoreContext, teamId: string, channelId: string, takenAt: Date, compose?: ComposeFn): Promise<Digest> {
  const [saved, snapshots, history] = await Promise.all([
    store.listWorkloads(teamId, channelId),
    store.digestSnapshots(teamId, channelId),
    store.digestHistory(teamId, channelId),
  ]);
  const byName = new Map(snapshots.map((s) => [nameKey(s.name), s]));
  const pointsOf = new Map<string, CostPoint[]>();
  for (const p of history) {
    const k = nameKey(p.name);
    const list = pointsOf.get(k) ?? [];
    list.push({ periodKey: p.periodKey, monthlyMicroUsd: p.monthlyMicroUsd, takenAt: p.takenAt });
    pointsOf.set(k, list);
  }
  const items: DigestInput[] = saved.map((w) => ({
    name: w.name,
    parsed: w.parsed,
    snapshot: byName.get(nameKey(w.name)) ?? null,
    history: pointsOf.get(nameKey(w.name)) ?? [],
  }));
  return compose ? compose(items, takenAt.toISOString()) : (await import('../core/digest/compose.ts')).composeDigest(items, core, takenAt.toISOString());
}

export const scheduleOf = (s: DigestSubscription) => ({ weekday: s.weekday, hour: s.hour, minute: s.minute });

export function scheduleLabel(s: DigestSubscription): string {
  return `${describeSchedule(scheduleOf(s))} (${s.tz})`;
}

/** A subscription in words, its next run shown in `readerTz` (the subscription's own zone when unknown). */
export function subscriptionView(s: DigestSubscription, now: Date, readerTz: string | null = null): SubscriptionView {
  const tz = readerTz && isValidTimeZone(readerTz) ? readerTz : s.tz;
  return {
    channelId: s.channelId,
    scheduleLabel: scheduleLabel(s),
    nextRunLabel: s.paused ? null : formatLocal(tz, nextRun(scheduleOf(s), s.tz, now.getTime())),
    createdBy: s.createdBy,
    paused: s.paused,
    pausedReason: s.pausedReason,
  };
}

/** The user's IANA zone from users.info, or null when Slack does not say (or the call fails). */
export async function userTimeZone(client: webApi.WebClient, userId: string): Promise<string | null> {
  const r = await client.users.info({ user: userId });
  const tz = (r.user as { tz?: string } | undefined)?.tz;
  return tz && isValidTimeZone(tz) ? tz : null;
}
