// /infercost <workload>: written as a durable job, then acked; the job estimates and posts the
// report in the channel. help or nothing: usage, privately. Bad input: friendly copy with an example,
// privately. save | list | forget | digest …: saved workloads and the weekly digest (digest-commands.ts).

import type { App } from '@slack/bolt';
import { z } from 'zod';
import { COMMAND } from '../../ids.ts';
import { helpMessage, issuesMessage, problemMessage } from '../../../core/render/blocks.ts';
import { deliverReport, guarded, respondPrivately } from '../../deliver.ts';
import { requestOf } from '../../request-context.ts';
import type { Services } from '../../services.ts';
import { parseDigestCommand } from '../../../core/digest/command.ts';
import { runDigestCommand } from './digest-commands.ts';
import { busyText, enqueue, NOT_TAKEN, slackJobHandler, withPostSlot } from '../../jobs.ts';
import type { JobHandler } from '../../../jobs/runner.ts';

export const CommandPayload = z.object({
  text: z.string().default(''),
  team_id: z.string().min(1),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  response_url: z.string().url(),
  trigger_id: z.string().optional(),
});

/** What a command job carries (JSON in the store). */
export const CommandJob = z.object({ text: z.string(), cid: z.string(), estimateId: z.string() });

export function registerInfercostCommand(app: App, s: Services): void {
  app.command(COMMAND, async ({ command, ack, respond, context }) => {
    const { log, cid } = requestOf(context);
    const p = CommandPayload.safeParse(command);
    if (!p.success) {
      await ack();
      log.warn({ issues: p.error.issues.map((i) => i.path.join('.')) }, 'unexpected command payload');
      await respondPrivately(respond, problemMessage('invalid_payload', { correlationId: cid }), log);
      return;
    }
    const c = p.data;
    // Backpressure: beyond what can be answered within the response_url's 30 minutes, say so now.
    const room = s.admission();
    if (room.kind === 'full') {
      log.warn({ minutes: room.minutes }, 'overloaded: command refused at the ack');
      await ack({ response_type: 'ephemeral', text: busyText(room) });
      return;
    }
    // Written before the ack: once Slack shows the user their command was received, a crash or a
    // deploy cannot lose it (the next start runs it). The job holds the text and ids, not Bolt's objects.
    const outcome = await enqueue(
      s,
      {
        key: `command:${c.trigger_id ?? `${c.team_id}:${c.user_id}:${cid}`}`,
        kind: 'command',
        payload: { text: c.text, cid, estimateId: s.newId() } satisfies CommandJob,
        teamId: c.team_id,
        channelId: c.channel_id,
        userId: c.user_id,
        responseUrl: c.response_url,
      },
      log,
    );
    if (outcome === 'failed') await ack({ response_type: 'ephemeral', text: NOT_TAKEN });
    else if (room.kind === 'busy' && outcome === 'accepted') await ack({ response_type: 'ephemeral', text: busyText(room) });
    else await ack();
  });
}

type CommandJob = z.infer<typeof CommandJob>;

/** Runs a command job: a report, help, bad input, or a save/list/forget/digest subcommand. */
export function commandJobHandler(s: Services): JobHandler {
  return slackJobHandler(s, (job, jobCtx) => withPostSlot(s, job, jobCtx, async (ctx) => {
    const { log, cid, respond } = ctx;
    const p = CommandJob.safeParse(job.payload);
    if (!p.success || !job.channelId || !job.userId) {
      log.error('a command job that cannot be read; dropped');
      return;
    }
    const { text, estimateId } = p.data;
    const where = {
      client: await s.slackFor(job.teamId),
      log,
      cid,
      teamId: job.teamId,
      userId: job.userId,
      channelId: job.channelId,
      respond,
      surface: 'command' as const,
      delivery: ctx.delivery,
    };
    const sub = parseDigestCommand(text);
    if (sub) {
      await guarded(log, (m) => respondPrivately(respond, m, log), cid, () => runDigestCommand(s, { ...where, respond: respond! }, sub));
      return;
    }
    await guarded(log, (m) => respondPrivately(respond, m, log), cid, async () => {
      const outcome = await s.compute.estimateMessage(text, estimateId, job.userId ?? undefined);
      if (outcome.kind === 'help') {
        await respondPrivately(respond, helpMessage('command'), log);
      } else if (outcome.kind === 'issues') {
        log.info({ issues: outcome.issues }, 'could not estimate the input');
        await respondPrivately(respond, issuesMessage(outcome.issues, { surface: 'command', correlationId: cid }), log);
      } else {
        await deliverReport(s, where, { rendered: outcome, estimateId, text: text.trim() });
      }
    });
  }));
}
