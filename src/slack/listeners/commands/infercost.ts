// /infercost <workload>: ack at once, then estimate and post the report in the channel.
// help or nothing: usage, privately. Bad input: friendly copy with an example, privately.
// save | list | forget | digest …: saved workloads and the weekly digest (digest-commands.ts).

import type { App, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import { COMMAND } from '../../ids.ts';
import { helpMessage, issuesMessage, problemMessage } from '../../../core/render/blocks.ts';
import { deliverReport, guarded, respondPrivately, responseUrlPoster } from '../../deliver.ts';
import { requestOf } from '../../request-context.ts';
import type { Services } from '../../services.ts';
import { parseDigestCommand } from '../../../core/digest/command.ts';
import { runDigestCommand } from './digest-commands.ts';

export const CommandPayload = z.object({
  text: z.string().default(''),
  team_id: z.string().min(1),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  response_url: z.string().url(),
});

export function registerInfercostCommand(app: App, s: Services): void {
  app.command(COMMAND, async ({ command, ack, respond, client, context }) => {
    await ack();
    const { log, cid } = requestOf(context);
    const p = CommandPayload.safeParse(command);
    if (!p.success) {
      log.warn({ issues: p.error.issues.map((i) => i.path.join('.')) }, 'unexpected command payload');
      await respondPrivately(respond, problemMessage('invalid_payload', { correlationId: cid }), log);
      return;
    }
    const c = p.data;
    const sub = parseDigestCommand(c.text);
    if (sub) {
      await guarded(log, (m) => respondPrivately(respond, m, log), cid, () =>
        runDigestCommand(s, { client, respond, log, cid, teamId: c.team_id, userId: c.user_id, channelId: c.channel_id }, sub),
      );
      return;
    }
    // The report may wait for a compute worker under load. The listener returns now, so the wait
    // holds only this job, not Bolt's request objects (they keep the HTTP request and response
    // alive): a queue of thousands stayed ~60 KB a command and made every young-generation GC
    // copy it (20-40 ms pauses on the event loop).
    const job: ReportJob = { text: c.text, cid, log, client, responseUrl: c.response_url, teamId: c.team_id, userId: c.user_id, channelId: c.channel_id };
    s.background(() => estimateAndDeliver(s, job));
  });
}

interface ReportJob {
  text: string;
  cid: string;
  log: Logger;
  client: webApi.WebClient;
  responseUrl: string;
  teamId: string;
  userId: string;
  channelId: string;
}

/** Estimate on a worker and post the report; help and bad input are answered privately. */
async function estimateAndDeliver(s: Services, j: ReportJob): Promise<void> {
  const { log, cid } = j;
  const respond = responseUrlPoster(j.responseUrl);
  await guarded(log, (m) => respondPrivately(respond, m, log), cid, async () => {
    const estimateId = s.newId();
    const outcome = await s.compute.estimateMessage(j.text, estimateId, j.userId);
    if (outcome.kind === 'help') {
      await respondPrivately(respond, helpMessage('command'), log);
    } else if (outcome.kind === 'issues') {
      log.info({ issues: outcome.issues }, 'could not estimate the input');
      await respondPrivately(respond, issuesMessage(outcome.issues, { surface: 'command', correlationId: cid }), log);
    } else {
      const where = { client: j.client, log, cid, teamId: j.teamId, userId: j.userId, channelId: j.channelId, respond, surface: 'command' as const };
      await deliverReport(s, where, { rendered: outcome, estimateId, text: j.text.trim() });
    }
  });
}
