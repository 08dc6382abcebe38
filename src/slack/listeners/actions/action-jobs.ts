// Report and digest buttons ("Details and all options", "JSON file", "List all saved workloads"):
// written as a job before the ack, run by the job runner (the engine on the compute workers, never on
// this thread). The details and the list answer privately through the click's response_url; the JSON
// goes up whole as a file (files.uploadV2) in the report's thread, and only if that is refused (no
// files:write, not in the channel) comes back privately, cut to fit a message.

import type { App, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ACTION } from '../../ids.ts';
import { jsonMessage, problemMessage } from '../../../core/render/blocks.ts';
import { savedListMessage } from '../../../core/render/digest-blocks.ts';
import { mrkdwn } from '../../../core/render/block-kit.ts';
import type { Report } from '../../../core/report.ts';
import { describeWebError } from '../../web-errors.ts';
import { loadEstimate } from '../../estimate.ts';
import { guarded, respondPrivately } from '../../deliver.ts';
import { channelDigest } from '../../digest.ts';
import { requestOf } from '../../request-context.ts';
import type { Services } from '../../services.ts';
import { enqueue, NOT_TAKEN, slackJobHandler } from '../../jobs.ts';
import type { JobHandler } from '../../../jobs/runner.ts';
import { ButtonAction } from './block-action.ts';

const JOB_ACTIONS = [ACTION.showAll, ACTION.showJson, ACTION.listWorkloads] as const;
export const ActionJob = z.object({ action: z.enum(JOB_ACTIONS), value: z.string(), cid: z.string(), threadTs: z.string().optional() });
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
      const threadTs = a.message?.thread_ts ?? a.message?.ts ?? a.container?.thread_ts ?? a.container?.message_ts;
      const outcome = await enqueue(
        s,
        {
          key: `action:${a.trigger_id}`,
          kind: 'action',
          payload: { action: actionId, value: a.actions[0]!.value, cid, ...(threadTs ? { threadTs } : {}) } satisfies ActionJob,
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
      if (!est) return void (await respondPrivately(respond, problemMessage('expired', { correlationId: cid }), log));
      if (action === ACTION.showAll) return void (await respondPrivately(respond, await s.compute.detailsMessage(est.parsed), log));
      const report = await s.compute.evaluate(est.parsed);
      const uploaded = job.channelId && job.userId ? await uploadJson(await s.slackFor(job.teamId), log, report, job.channelId, p.data.threadTs, job.userId) : null;
      await respondPrivately(respond, uploaded ? { text: uploaded, blocks: [{ type: 'section', text: mrkdwn(uploaded) }] } : jsonMessage(report), log);
    });
  });
}

/** The whole report as infercost-report.json in the thread; the line to tell the user, or null. */
async function uploadJson(client: webApi.WebClient, log: Logger, report: Report, channel: string, threadTs: string | undefined, userId: string): Promise<string | null> {
  const json = JSON.stringify(report, null, 2) + '\n';
  try {
    const file = { filename: 'infercost-report.json', title: 'InferCost report (JSON)', content: json };
    const comment = `<@${userId}> asked for the full report as JSON (format version ${report.version}).`;
    await (threadTs
      ? client.filesUploadV2({ ...file, channel_id: channel, thread_ts: threadTs, initial_comment: comment })
      : client.filesUploadV2({ ...file, channel_id: channel, initial_comment: comment }));
    return `Uploaded *infercost-report.json* (${Math.ceil(Buffer.byteLength(json) / 1024)} KB, every option and its price source) to the report's thread.`;
  } catch (e) {
    log.warn({ err: describeWebError(e) }, 'files.uploadV2 failed; answering with the JSON in a message');
    return null;
  }
}
