// "Show all options" and "Show JSON": re-run the stored workload and answer privately.

import type { App } from '@slack/bolt';
import { ACTION } from '../../ids.ts';
import { allOptionsMessage, jsonMessage, problemMessage } from '../../../core/render/blocks.ts';
import { loadEstimate } from '../../estimate.ts';
import { guarded, respondPrivately } from '../../deliver.ts';
import { requestOf } from '../../request-context.ts';
import type { Services } from '../../services.ts';
import { ButtonAction } from './block-action.ts';

export function registerShowReport(app: App, s: Services): void {
  for (const [actionId, render] of [
    [ACTION.showAll, allOptionsMessage],
    [ACTION.showJson, jsonMessage],
  ] as const) {
    app.action(actionId, async ({ ack, body, respond, context }) => {
      await ack();
      const { log, cid } = requestOf(context);
      const p = ButtonAction.safeParse(body);
      if (!p.success) return void log.warn('unexpected action payload');
      await guarded(log, (m) => respondPrivately(respond, m, log), cid, async () => {
        const est = await loadEstimate(s, p.data.team?.id ?? context.teamId ?? '', p.data.actions[0]!.value);
        const msg = est ? render(await s.compute.evaluate(est.parsed)) : problemMessage('expired', { correlationId: cid });
        await respondPrivately(respond, msg, log);
      });
    });
  }
}
