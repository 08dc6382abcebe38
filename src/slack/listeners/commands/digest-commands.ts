// /infercost save | list | forget | digest …: saved workloads and the channel's weekly digest.
// Every reply is private except `digest now`, which posts the preview in the channel.

import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { DigestCommand } from '../../../core/digest/command.ts';
import { parseSchedule } from '../../../core/digest/schedule.ts';
import {
  badTimeZoneMessage,
  digestMessage,
  forgetMessage,
  forgetUsageMessage,
  savedListMessage,
  savedMessage,
  saveIssuesMessage,
  saveUsageMessage,
  scheduleProblemMessage,
  subscribedMessage,
  subscriptionStatusMessage,
  unsubscribedMessage,
} from '../../../core/render/digest-blocks.ts';
import type { SlackMessage } from '../../../core/render/block-kit.ts';
import { SAVED_LIMIT } from '../../../store/store.ts';
import { postMessage, respondPrivately, type RespondFn, type Where } from '../../deliver.ts';
import { channelDigest, scheduleLabel, subscriptionView, userTimeZone } from '../../digest.ts';
import type { Services } from '../../services.ts';
import { describeWebError } from '../../web-errors.ts';

export interface CommandWhere {
  client: webApi.WebClient;
  respond: RespondFn;
  log: Logger;
  cid: string;
  teamId: string;
  userId: string;
  channelId: string;
  /** The job's delivery key, so `digest now` is posted once even if its job runs again. */
  delivery?: Where['delivery'];
}

export async function runDigestCommand(s: Services, w: CommandWhere, cmd: DigestCommand): Promise<void> {
  const say = (m: SlackMessage) => respondPrivately(w.respond, m, w.log);
  const { store } = s;
  // Digests are composed on the compute workers too (ten `list`s on this thread held an ack 3.4 s).
  const compose = (items: Parameters<typeof s.compute.digest>[0], takenAt: string) => s.compute.digest(items, takenAt);
  switch (cmd.kind) {
    case 'save_usage':
      return void (await say(saveUsageMessage(cmd.problem, cmd.name)));
    case 'save': {
      // Parsed and priced on the compute workers, never on this thread (a long save held acks back).
      const out = await s.compute.estimateMessage(cmd.workload, s.newId());
      if (out.kind !== 'rendered') {
        const issues = out.kind === 'issues' ? out.issues : [{ code: 'not_a_workload' as const, message: 'not a workload' }];
        return void (await say(saveIssuesMessage(cmd.name, issues, w.cid)));
      }
      const parsed = out.parsed;
      const r = await store.saveWorkload(w.teamId, w.channelId, cmd.name, parsed, w.userId);
      if (!r.ok) return void (await say(saveUsageMessage(r.code === 'invalid_name' ? 'bad_name' : 'limit_reached', cmd.name, SAVED_LIMIT)));
      const sub = await store.getSubscription(w.teamId, w.channelId);
      w.log.info({ name: r.workload.name, created: r.created, edited: r.edited }, 'workload saved');
      return void (await say(savedMessage(r.workload.name, r, await s.compute.evaluate(parsed), sub !== null && !sub.paused)));
    }
    case 'list':
      return void (await say(savedListMessage(await channelDigest(store, s.core, w.teamId, w.channelId, s.now(), compose))));
    case 'forget_usage':
      return void (await say(forgetUsageMessage()));
    case 'forget': {
      const found = await store.forgetWorkload(w.teamId, w.channelId, cmd.name);
      const remaining = found ? [] : (await store.listWorkloads(w.teamId, w.channelId)).map((x) => x.name);
      return void (await say(forgetMessage(cmd.name, found, remaining)));
    }
    case 'digest_show': {
      const sub = await store.getSubscription(w.teamId, w.channelId);
      const saved = await store.listWorkloads(w.teamId, w.channelId);
      const tz = sub ? await readerZone(w) : null;
      return void (await say(subscriptionStatusMessage(sub ? subscriptionView(sub, s.now(), tz) : null, saved.length)));
    }
    case 'digest_off':
      return void (await say(unsubscribedMessage(await store.unsubscribe(w.teamId, w.channelId))));
    case 'digest_set': {
      const parsed = parseSchedule(cmd.schedule, s.now());
      if (!parsed.ok) return void (await say(scheduleProblemMessage(parsed.problem, cmd.schedule)));
      const tz = await readerZone(w);
      if (!tz) return void (await say(badTimeZoneMessage()));
      const sub = await store.subscribe({ teamId: w.teamId, channelId: w.channelId, ...parsed.value, tz, createdBy: w.userId });
      const saved = await store.listWorkloads(w.teamId, w.channelId);
      w.log.info({ weekday: sub.weekday, hour: sub.hour, minute: sub.minute, tz }, 'digest subscribed');
      return void (await say(subscribedMessage(subscriptionView(sub, s.now(), tz), { defaultedTime: parsed.defaultedTime, savedCount: saved.length })));
    }
    case 'digest_now': {
      const sub = await store.getSubscription(w.teamId, w.channelId);
      const digest = await channelDigest(store, s.core, w.teamId, w.channelId, s.now(), compose);
      const msg = digestMessage(digest, { preview: true, channelId: w.channelId, scheduleLabel: sub && !sub.paused ? scheduleLabel(sub) : null });
      const ts = await postMessage({ ...w, surface: 'command' }, msg);
      w.log.info({ posted: ts !== null, workloads: digest.entries.length }, 'digest preview');
      return;
    }
  }
}

async function readerZone(w: CommandWhere): Promise<string | null> {
  try {
    return await userTimeZone(w.client, w.userId);
  } catch (e) {
    w.log.warn({ err: describeWebError(e) }, 'users.info failed');
    return null;
  }
}
