// "Details and all options" and "JSON file": re-run the stored workload. The details answer
// privately; the JSON goes up whole as a file (files.uploadV2) in the report's thread, and only if
// that is refused (no files:write, not in the channel) comes back privately, cut to fit a message.

import type { App, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { ACTION } from '../../ids.ts';
import { jsonMessage, problemMessage } from '../../../core/render/blocks.ts';
import { mrkdwn } from '../../../core/render/block-kit.ts';
import type { Report } from '../../../core/report.ts';
import { loadEstimate } from '../../estimate.ts';
import { guarded, respondPrivately } from '../../deliver.ts';
import { requestOf } from '../../request-context.ts';
import type { Services } from '../../services.ts';
import { describeWebError } from '../../web-errors.ts';
import { ButtonAction } from './block-action.ts';

export function registerShowReport(app: App, s: Services): void {
  app.action(ACTION.showAll, async ({ ack, body, respond, context }) => {
    await ack();
    const { log, cid } = requestOf(context);
    const p = ButtonAction.safeParse(body);
    if (!p.success) return void log.warn('unexpected action payload');
    await guarded(log, (m) => respondPrivately(respond, m, log), cid, async () => {
      const est = await loadEstimate(s, p.data.actions[0]!.value);
      const msg = est ? await s.compute.detailsMessage(est.parsed) : problemMessage('expired', { correlationId: cid });
      await respondPrivately(respond, msg, log);
    });
  });

  app.action(ACTION.showJson, async ({ ack, body, respond, client, context }) => {
    await ack();
    const { log, cid } = requestOf(context);
    const p = ButtonAction.safeParse(body);
    if (!p.success) return void log.warn('unexpected action payload');
    await guarded(log, (m) => respondPrivately(respond, m, log), cid, async () => {
      const est = await loadEstimate(s, p.data.actions[0]!.value);
      if (!est) return void (await respondPrivately(respond, problemMessage('expired', { correlationId: cid }), log));
      const report = await s.compute.evaluate(est.parsed);
      const channel = p.data.channel?.id ?? p.data.container?.channel_id;
      const threadTs = p.data.message?.thread_ts ?? p.data.message?.ts ?? p.data.container?.thread_ts ?? p.data.container?.message_ts;
      const uploaded = channel ? await uploadJson(client, log, report, channel, threadTs, p.data.user.id) : null;
      if (uploaded) {
        await respondPrivately(respond, { text: uploaded, blocks: [{ type: 'section', text: mrkdwn(uploaded) }] }, log);
      } else {
        await respondPrivately(respond, jsonMessage(report), log);
      }
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
