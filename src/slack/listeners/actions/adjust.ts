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
import { AdjustMetadata } from '../views/adjust-metadata.ts';

export function registerAdjust(app: App, s: Services): void {
  app.action(ACTION.adjust, async ({ ack, body, client, respond, context }) => {
    await ack();
    const { log, cid } = requestOf(context);
    const p = ButtonAction.safeParse(body);
    if (!p.success) return void log.warn('unexpected action payload');
    const a = p.data;
    await guarded(log, (m) => respondPrivately(respond, m, log), cid, async () => {
      const est = await loadEstimate(s, a.team?.id ?? context.teamId ?? '', a.actions[0]!.value);
      if (!est) return void (await respondPrivately(respond, problemMessage('expired', { correlationId: cid }), log));
      const ephemeral = a.container?.is_ephemeral === true;
      const meta: AdjustMetadata = {
        e: a.actions[0]!.value,
        c: a.channel?.id ?? a.container?.channel_id ?? '',
        t: a.message?.thread_ts ?? a.message?.ts ?? a.container?.thread_ts ?? a.container?.message_ts,
        ...(ephemeral && a.response_url ? { r: a.response_url } : {}),
      };
      await client.views.open({ trigger_id: a.trigger_id, view: adjustModal(est.parsed.workload, JSON.stringify(meta)) });
    });
  });
}
