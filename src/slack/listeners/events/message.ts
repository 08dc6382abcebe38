// Message events. In a DM: a workload gets a report (a reply in a DM thread stays in that thread).
// In channels and private channels: only thread replies matter, and only to the follow-up handler
// (issue 5); the bot never answers ordinary channel chatter. Mentions are handled by app_mention.

import type { App } from '@slack/bolt';
import { z } from 'zod';
import { stripMentions } from '../../estimate.ts';
import { requestOf } from '../../request-context.ts';
import type { Services } from '../../services.ts';
import { replyToTextLater } from './reply-to-text.ts';

export const UserMessage = z.object({
  type: z.literal('message'),
  subtype: z.undefined().optional(),
  bot_id: z.undefined().optional(),
  user: z.string().min(1),
  channel: z.string().min(1),
  channel_type: z.enum(['im', 'channel', 'group', 'mpim', 'app_home']),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
  text: z.string().default(''),
});

export function registerMessage(app: App, s: Services): void {
  app.event('message', async ({ event, body, client, context }) => {
    const p = UserMessage.safeParse(event);
    if (!p.success) return; // edits, deletions, joins, bot messages: not ours
    const { log, cid } = requestOf(context);
    const m = p.data;
    const teamId = context.teamId ?? (body as { team_id?: string }).team_id ?? '';
    const inThread = m.thread_ts !== undefined && m.thread_ts !== m.ts;
    const text = stripMentions(m.text, context.botUserId);
    // A channel message that mentions the bot also arrives as app_mention; answer it once, there.
    if (m.channel_type !== 'im' && context.botUserId && m.text.includes(`<@${context.botUserId}`)) return;

    if (inThread && s.followUps) {
      const thread = { teamId, channelId: m.channel, threadTs: m.thread_ts! };
      const state = await s.store.getThread(thread);
      const surface = m.channel_type === 'im' ? ('dm' as const) : ('thread' as const);
      if (state && (await s.followUps.handle({ thread, state, userId: m.user, text, ts: m.ts, surface }, { client, log, cid }))) return;
    }
    if (m.channel_type !== 'im') return;
    // In a channel a mention arrives twice (message + app_mention); DMs never carry app_mention.
    const where = { client, log, cid, teamId, userId: m.user, channelId: m.channel, threadTs: inThread ? m.thread_ts : undefined, surface: 'dm' as const };
    // Written as a durable job; the runner answers it (on the next start, if this process dies).
    await replyToTextLater(s, where, text, m.ts);
  });
}
