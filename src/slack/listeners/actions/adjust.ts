// "Adjust assumptions": open the modal prefilled with the stored workload. views.open must happen
// within 3 s of the click, so nothing slow runs before it.

import type { App } from '@slack/bolt';
import { ACTION } from '../../ids.ts';
import { adjustModal } from '../../../core/render/adjust-modal.ts';
import { problemMessage } from '../../../core/render/blocks.ts';
import { loadEstimate } from '../../estimate.ts';
import { guarded, respondPrivately } from '../../deliver.ts';
import { requestOf } from '../../request-context.ts';
import type { Services } from '../../services.ts';
import { ButtonAction } from './block-action.ts';
import { ADJUST_CONTEXT_TTL_MS, adjustContextKey, type AdjustContext, type AdjustMetadata } from '../views/adjust-metadata.ts';

export function registerAdjust(app: App, s: Services): void {
  app.action(ACTION.adjust, async ({ ack, body, client, respond, context }) => {
    await ack();
    const { log, cid } = requestOf(context);
    const p = ButtonAction.safeParse(body);
    if (!p.success) return void log.warn('unexpected action payload');
    const a = p.data;
    const teamId = a.team?.id ?? context.teamId;
    const channelId = a.channel?.id ?? a.container?.channel_id;
    if (!teamId || !channelId) return void log.warn('adjust click without a team or channel');
    await guarded(log, (m) => respondPrivately(respond, m, log), cid, async () => {
      const estimateId = a.actions[0]!.value;
      const est = await loadEstimate(s, estimateId, { teamId, channelId });
      if (!est) return void (await respondPrivately(respond, problemMessage('expired', { correlationId: cid }), log));
      const ephemeral = a.container?.is_ephemeral === true;
      const threadTs = a.message?.thread_ts ?? a.message?.ts ?? a.container?.thread_ts ?? a.container?.message_ts;
      const ctx: AdjustContext = {
        estimateId,
        teamId,
        userId: a.user.id,
        channelId,
        ...(threadTs ? { threadTs } : {}),
        ...(ephemeral && a.response_url ? { responseUrl: a.response_url } : {}),
      };
      const k = s.newId();
      const meta: AdjustMetadata = { e: estimateId, k };
      // The modal first (the trigger lives 3 s); the context is stored meanwhile, long before a submission.
      await Promise.all([
        client.views.open({ trigger_id: a.trigger_id, view: adjustModal(est.parsed.workload, JSON.stringify(meta)) }),
        s.store.put(adjustContextKey(k), ctx, ADJUST_CONTEXT_TTL_MS),
      ]);
    });
  });
}
