// Threaded follow-ups (issue 5): a reply in an InferCost report's thread, a DM thread or a mention in
// a thread is answered by the conversation engine against the thread's current workload; the thread
// state (and a saved workload for "save this as …") is written back. Thin: converse() does the work,
// through the compute pool.
import { followUpMessage } from '../core/render/follow-up-blocks.ts';
import { saveEstimate } from './estimate.ts';
import { postMessage } from './deliver.ts';
import type { FollowUpHandler } from './follow-ups.ts';
import type { Services } from './services.ts';

export function createFollowUpHandler(getServices: () => Services): FollowUpHandler {
  return {
    async handle(msg, tools) {
      const s = getServices();
      const turn = await s.compute.converse(msg.state, msg.text, s.now());
      // People talk to each other in a report's thread: stay quiet unless the message is for us.
      if (turn.intent === 'unknown' && msg.surface === 'thread') return false;
      const log = tools.log.child({ intent: turn.intent });
      // The workload the answer is about (the thread's, or a what-if's copy) gets stored so the answer's
      // buttons (all options, JSON, adjust) re-run exactly that.
      const estimateId = turn.subject && turn.answer.report ? await saveEstimate(s, { parsed: turn.subject, text: turn.state?.text ?? null }, s.newId(), { teamId: msg.thread.teamId, channelId: msg.thread.channelId }) : undefined;
      if (turn.answer.action?.type === 'save' && turn.state) {
        await s.store.saveWorkload(msg.thread.teamId, msg.thread.channelId, turn.answer.action.name, turn.state.parsed, msg.userId);
      }
      const where = {
        client: tools.client,
        log,
        cid: tools.cid,
        teamId: msg.thread.teamId,
        userId: msg.userId,
        channelId: msg.thread.channelId,
        threadTs: msg.thread.threadTs,
        surface: msg.surface === 'dm' ? ('dm' as const) : ('mention' as const),
      };
      await postMessage(where, followUpMessage(turn.answer, estimateId ? { estimateId } : {}));
      // What-ifs leave the workload but move the hypothesis "let's go with that" keeps; undo needs the history.
      if (turn.state) {
        const { parsed, text, history, hypothesis } = turn.state;
        await s.store.putThread(msg.thread, { parsed, text, history, hypothesis, estimateId: turn.changed && estimateId ? estimateId : msg.state.estimateId, updatedAt: s.now().toISOString() });
      }
      log.info({ changed: turn.changed, recommended: turn.answer.report?.recommendation.optionId ?? null }, 'follow-up answered');
      return true;
    },
  };
}
