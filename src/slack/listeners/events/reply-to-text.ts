// Shared by the mention and DM listeners: a workload in a message is written as a durable job (kind
// 'event'), and the job reads it and answers in the thread.

import { z } from 'zod';
import type { SlackMessage } from '../../../core/render/block-kit.ts';
import { helpMessage, issuesMessage } from '../../../core/render/blocks.ts';
import { deliverReport, guarded, postMessage, type Where } from '../../deliver.ts';
import type { Services } from '../../services.ts';
import { enqueue, slackJobHandler, withPostSlot } from '../../jobs.ts';
import type { JobHandler } from '../../../jobs/runner.ts';

export async function replyToText(s: Services, where: Where & { surface: 'mention' | 'dm' }, text: string): Promise<void> {
  const say = (m: SlackMessage) => postMessage(where, m);
  await guarded(where.log, say, where.cid, async () => {
    const estimateId = s.newId();
    const outcome = await s.compute.estimateMessage(text, estimateId);
    if (outcome.kind === 'help') {
      await say(helpMessage(where.surface));
    } else if (outcome.kind === 'issues') {
      where.log.info({ issues: outcome.issues }, 'could not estimate the input');
      await say(issuesMessage(outcome.issues, { surface: where.surface, correlationId: where.cid }));
    } else {
      await deliverReport(s, where, { rendered: outcome, estimateId, text });
    }
  });
}

/** What a message job carries (JSON in the store). */
export const MessageJob = z.object({
  text: z.string(),
  cid: z.string(),
  estimateId: z.string(),
  ts: z.string(),
  threadTs: z.string().optional(),
  surface: z.enum(['mention', 'dm']),
});
type MessageJob = z.infer<typeof MessageJob>;

/**
 * Write the reply to a mention or DM as a job. Slack has acked the event already (Bolt acks events
 * before listeners run), so the job is written right after; Slack's retries of the event are
 * de-duplicated by event id, and the job key makes a second delivery of the same message a no-op.
 * If the store cannot take it, the reply runs in this process as before.
 */
export async function replyToTextLater(s: Services, where: Where & { surface: 'mention' | 'dm' }, text: string, ts: string): Promise<void> {
  const payload: MessageJob = { text, cid: where.cid, estimateId: s.newId(), ts, ...(where.threadTs ? { threadTs: where.threadTs } : {}), surface: where.surface };
  const outcome = await enqueue(
    s,
    { key: `message:${where.teamId}:${where.channelId}:${ts}`, kind: 'event', payload, teamId: where.teamId, channelId: where.channelId, userId: where.userId, responseUrl: null },
    where.log,
  );
  if (outcome === 'failed') s.background(() => replyToText(s, where, text));
}

export function messageJobHandler(s: Services): JobHandler {
  return slackJobHandler(s, (job, jobCtx) =>
    withPostSlot(s, job, jobCtx, async ({ log, cid, delivery }) => {
      const p = MessageJob.safeParse(job.payload);
      if (!p.success || !job.channelId || !job.userId) return void log.error('a message job that cannot be read; dropped');
      const j = p.data;
      const where = { client: s.slack, log, cid, teamId: job.teamId, userId: job.userId, channelId: job.channelId, threadTs: j.threadTs, surface: j.surface, delivery };
      const say = (m: SlackMessage) => postMessage(where, m);
      await guarded(log, say, cid, async () => {
        const outcome = await s.compute.estimateMessage(j.text, j.estimateId);
        if (outcome.kind === 'help') {
          await say(helpMessage(j.surface));
        } else if (outcome.kind === 'issues') {
          log.info({ issues: outcome.issues }, 'could not estimate the input');
          await say(issuesMessage(outcome.issues, { surface: j.surface, correlationId: cid }));
        } else {
          await deliverReport(s, where, { rendered: outcome, estimateId: j.estimateId, text: j.text });
        }
      });
    }),
  );
}
