// Report and digest buttons that answer privately ("Show all options", "Show JSON", "List all saved
// workloads"): written as a job before the ack, run by the job runner (the engine on the compute
// workers, never on this thread), answered through the click's response_url.

import type { App } from '@slack/bolt';
import { z } from 'zod';
import { ACTION } from '../../ids.ts';
import { allOptionsMessage, jsonMessage, problemMessage } from '../../../core/render/blocks.ts';
import { savedListMessage } from '../../../core/render/digest-blocks.ts';
import { loadEstimate } from '../../estimate.ts';
import { guarded, respondPrivately } from '../../deliver.ts';
import { channelDigest } from '../../digest.ts';
import { requestOf } from '../../request-context.ts';
import type { Services } from '../../services.ts';
import { enqueue, NOT_TAKEN, slackJobHandler } from '../../jobs.ts';
import type { JobHandler } from '../../../jobs/runner.ts';
import { ButtonAction } from './block-action.ts';

const JOB_ACTIONS = [ACTION.showAll, ACTION.showJson, ACTION.listWorkloads] as const;
export const ActionJob = z.object({ action: z.enum(JOB_ACTIONS), value: z.string(), cid: z.string() });
type ActionJob = z.infer<typeof ActionJob>;

export function registerActionJobs(app: App, s: Services): void {
  for (const actionId of JOB_ACTIONS) {
    app.action(actionId, async ({ ack, body, respond, context }) => {
      const { log, cid } = requestOf(context);
      const p = ButtonAction.safeParse(body);
      const teamId = p.success ? (p.data.team?.id ?? context.teamId) : undefined;
      if (!p.success || !teamId) {
        await ack();
        log.warn('unexpected action payload');
        return void (await respondPrivately(respond, problemMessage('invalid_payload', { correlationId: cid }), log));
      }
      const a = p.data;
      const outcome = await enqueue(
        s,
        {
          key: `action:${a.trigger_id}`,
          kind: 'action',
          payload: { action: actionId, value: a.actions[0]!.value, cid } satisfies ActionJob,
          teamId,
          channelId: a.channel?.id ?? a.container?.channel_id ?? null,
          userId: a.user.id,
          responseUrl: a.response_url ?? null,
        },
        log,
      );
      await ack();
      if (outcome === 'failed') await respondPrivately(respond, { text: NOT_TAKEN, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: NOT_TAKEN } }] }, log);
    });
  }
}

export function actionJobHandler(s: Services): JobHandler {
  return slackJobHandler(s, async (job, { log, cid, respond }) => {
    const p = ActionJob.safeParse(job.payload);
    if (!p.success) return void log.error('an action job that cannot be read; dropped');
    const { action, value } = p.data;
    await guarded(log, (m) => respondPrivately(respond, m, log), cid, async () => {
      if (action === ACTION.listWorkloads) {
        // Only the channel the button was clicked in.
        if (!job.channelId) return void (await respondPrivately(respond, problemMessage('invalid_payload', { correlationId: cid }), log));
        const digest = await channelDigest(s.store, s.core, job.teamId, job.channelId, s.now(), (items, takenAt) => s.compute.digest(items, takenAt));
        return void (await respondPrivately(respond, savedListMessage(digest), log));
      }
      const est = await loadEstimate(s, value, { teamId: job.teamId, channelId: job.channelId });
      const render = action === ACTION.showAll ? allOptionsMessage : jsonMessage;
      const msg = est ? render(await s.compute.evaluate(est.parsed)) : problemMessage('expired', { correlationId: cid });
      await respondPrivately(respond, msg, log);
    });
  });
}
