// The adjust modal's submission: validate (errors shown on the inputs), write the re-run as a durable
// job, close the modal; the job re-runs the engine on the adjusted workload and posts the new report
// in the original report's thread.

import type { App } from '@slack/bolt';
import { z } from 'zod';
import { VIEW, ADJUST_FIELD } from '../../ids.ts';
import { loadEstimate, saveEstimate } from '../../estimate.ts';
import { INVITE_HINT } from '../../../core/render/blocks.ts';
import { readAdjustments, ViewStateValues } from '../../adjust-input.ts';
import { deliverReport, respondPrivately } from '../../deliver.ts';
import { requestOf } from '../../request-context.ts';
import type { Services } from '../../services.ts';
import { enqueue, NOT_TAKEN, slackJobHandler, withPostSlot } from '../../jobs.ts';
import type { JobHandler } from '../../../jobs/runner.ts';
import type { ParsedWorkload } from '../../../core/workload.ts';
import { AdjustMetadata, adjustContextKey, type AdjustContext } from './adjust-metadata.ts';

function parseMetadata(raw: string): AdjustMetadata | null {
  try {
    return AdjustMetadata.parse(JSON.parse(raw));
  } catch {
    return null;
  }
}

/** What an adjust job carries (JSON in the store). */
export const ViewJob = z.object({
  cid: z.string(),
  estimateId: z.string(),
  parsed: z.custom<ParsedWorkload>((v) => typeof v === 'object' && v !== null),
  text: z.string().nullable(),
  preface: z.string(),
  threadTs: z.string().optional(),
  /** Answer privately (the original report was private). */
  private: z.boolean(),
});
type ViewJob = z.infer<typeof ViewJob>;

export function registerAdjustSubmit(app: App, s: Services): void {
  app.view(VIEW.adjust, async ({ ack, body, view, context }) => {
    const { log, cid } = requestOf(context);
    const meta = parseMetadata(view.private_metadata);
    const values = ViewStateValues.safeParse(view.state.values);
    const teamId = body.team?.id ?? context.teamId ?? '';
    const userId = body.user.id;
    // Only ids come in the metadata; where to post comes from the store, for this team and user.
    const stored = meta ? await s.store.get<AdjustContext>(adjustContextKey(meta.k)) : null;
    const at = stored && stored.teamId === teamId && stored.userId === userId && stored.estimateId === meta?.e ? stored : null;
    const est = meta && at ? await loadEstimate(s, meta.e, { teamId, channelId: at.channelId }) : null;
    if (!meta || !values.success || !at || !est) {
      log.warn({ meta: meta !== null, context: at !== null, values: values.success, estimate: est !== null }, 'adjust submission cannot be used');
      await ack({ response_action: 'errors', errors: { [ADJUST_FIELD.requestsPerMonth]: `This estimate has expired; close this and run it again (ref ${cid}).` } });
      return;
    }
    const adjusted = readAdjustments(values.data, est.parsed, s.core.models);
    if (!adjusted.ok) {
      await ack({ response_action: 'errors', errors: adjusted.errors as Record<string, string> });
      return;
    }
    const preface = adjusted.changed.length > 0 ? `<@${userId}> adjusted the assumptions.` : `<@${userId}> re-ran the estimate.`;
    const outcome = await enqueue(
      s,
      {
        key: `view:${(body as { trigger_id?: string }).trigger_id ?? `${view.id}:${cid}`}`,
        kind: 'view',
        payload: { cid, estimateId: s.newId(), parsed: adjusted.parsed, text: est.text, preface, ...(at.threadTs ? { threadTs: at.threadTs } : {}), private: at.responseUrl !== undefined } satisfies ViewJob,
        teamId,
        channelId: at.channelId,
        userId,
        responseUrl: at.responseUrl ?? null,
      },
      log,
    );
    if (outcome === 'failed') {
      await ack({ response_action: 'errors', errors: { [ADJUST_FIELD.requestsPerMonth]: NOT_TAKEN } });
      return;
    }
    await ack();
  });
}

export function viewJobHandler(s: Services): JobHandler {
  return slackJobHandler(s, (job, jobCtx) => withPostSlot(s, job, jobCtx, async ({ log, cid, respond, delivery }) => {
    const p = ViewJob.safeParse(job.payload);
    if (!p.success || !job.userId || !job.channelId) return void log.error('an adjust job that cannot be read; dropped');
    const j = p.data;
    if (j.private) {
      // The original was private: answer privately again.
      const rendered = await s.compute.evaluateMessage(j.parsed, j.estimateId, `${j.preface}\n${INVITE_HINT}`);
      await saveEstimate(s, { parsed: j.parsed, text: j.text }, j.estimateId, { teamId: job.teamId, channelId: job.channelId });
      await respondPrivately(respond, rendered.message, log);
      return;
    }
    const where = { client: await s.slackFor(job.teamId), log, cid, teamId: job.teamId, userId: job.userId, channelId: job.channelId, threadTs: j.threadTs, respond, surface: 'command' as const, delivery };
    const rendered = await s.compute.evaluateMessage(j.parsed, j.estimateId, j.preface);
    await deliverReport(s, where, { rendered, estimateId: j.estimateId, text: j.text });
  }));
}
