// Shared by the mention and DM listeners: read a workload from a message and answer in the thread.

import type { SlackMessage } from '../../../core/render/block-kit.ts';
import { helpMessage, issuesMessage } from '../../../core/render/blocks.ts';
import { deliverReport, guarded, postMessage, type Where } from '../../deliver.ts';
import type { Services } from '../../services.ts';

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
