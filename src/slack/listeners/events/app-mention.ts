// @InferCost <workload> in a channel: the report goes in the thread of the mention.
// A mention inside a thread with stored state goes to the follow-up handler first (issue 5).

import type { App } from '@slack/bolt';
import { z } from 'zod';
import { stripMentions } from '../../estimate.ts';
import { requestOf } from '../../request-context.ts';
import type { Services } from '../../services.ts';
import { replyToTextLater } from './reply-to-text.ts';

export const MentionEvent = z.object({
  user: z.string().min(1),
  channel: z.string().min(1),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
  text: z.string().default(''),
  bot_id: z.string().optional(),
});

export function registerAppMention(app: App, s: Services): void {
  app.event('app_mention', async ({ event, body, client, context }) => {
    const { log, cid } = requestOf(context);
    const p = MentionEvent.safeParse(event);
    if (!p.success || p.data.bot_id) return;
    const e = p.data;
    const teamId = context.teamId ?? (body as { team_id?: string }).team_id ?? '';
    const text = stripMentions(e.text, context.botUserId);
    if (e.thread_ts && s.followUps) {
      const thread = { teamId, channelId: e.channel, threadTs: e.thread_ts };
      const state = await s.store.getThread(thread);
      if (state && (await s.followUps.handle({ thread, state, userId: e.user, text, ts: e.ts, surface: 'mention' }, { client, log, cid }))) return;
    }
    const where = { client, log, cid, teamId, userId: e.user, channelId: e.channel, threadTs: e.thread_ts ?? e.ts, surface: 'mention' as const };
    // Written as a durable job; the runner answers it (on the next start, if this process dies).
    await replyToTextLater(s, where, text, e.ts);
  });
}
