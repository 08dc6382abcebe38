// The digest's "List all saved workloads" button: the channel's saved workloads, priced now, privately.

import type { App } from '@slack/bolt';
import { ACTION } from '../../ids.ts';
import { savedListMessage } from '../../../core/render/digest-blocks.ts';
import { guarded, respondPrivately } from '../../deliver.ts';
import { channelDigest } from '../../digest.ts';
import { requestOf } from '../../request-context.ts';
import type { Services } from '../../services.ts';
import { ButtonAction } from './block-action.ts';

export function registerListWorkloads(app: App, s: Services): void {
  app.action(ACTION.listWorkloads, async ({ ack, body, respond, context }) => {
    await ack();
    const { log, cid } = requestOf(context);
    const p = ButtonAction.safeParse(body);
    const teamId = p.success ? (p.data.team?.id ?? context.teamId) : undefined;
    if (!p.success || !teamId) return void log.warn('unexpected action payload');
    const channelId = p.data.channel?.id ?? p.data.actions[0]!.value;
    await guarded(log, (m) => respondPrivately(respond, m, log), cid, async () => {
      await respondPrivately(respond, savedListMessage(await channelDigest(s.store, s.core, teamId, channelId, s.now())), log);
    });
  });
}
