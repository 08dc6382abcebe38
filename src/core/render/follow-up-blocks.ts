// A follow-up answer in a report's thread: short text first, then (when the answer re-ran the engine)
// the buttons to see every option or the JSON of the new estimate. Pure; limits via fitMessage.
import type { Answer } from '../converse/answer.ts';
import type { Block, SlackMessage } from './block-kit.ts';
import { mrkdwn, plain } from './block-kit.ts';
import { summaryLine } from './blocks.ts';
import { ACTION } from './slack-ids.ts';
import { escapeMrkdwn } from './slack-format.ts';
import { chunkLines } from './blocks.ts';
import { fitMessage } from './slack-limits.ts';

export interface FollowUpMessageOptions {
  /** Set when the answer carries a new report the shell stored under this id (for the buttons). */
  estimateId?: string;
}

export function followUpMessage(answer: Answer, opts: FollowUpMessageOptions = {}): SlackMessage {
  // The answer's text is ours (with *bold*); only &, < and > need escaping for Slack.
  const text = escapeMrkdwn(answer.text);
  const blocks: Block[] = chunkLines(text.split('\n')).map((t) => ({ type: 'section', text: mrkdwn(t) }));
  if (answer.examples && answer.examples.length > 0) {
    blocks.push({ type: 'context', elements: [mrkdwn(`Try: ${answer.examples.slice(0, 3).map((e) => `“${escapeMrkdwn(e)}”`).join(' · ')}`)] });
  }
  if (answer.report && opts.estimateId) {
    blocks.push({
      type: 'actions',
      block_id: 'infercost_followup_actions',
      elements: [
        { type: 'button', action_id: ACTION.adjust, text: plain('Adjust assumptions'), value: opts.estimateId },
        { type: 'button', action_id: ACTION.showAll, text: plain('Show all options'), value: opts.estimateId },
        { type: 'button', action_id: ACTION.showJson, text: plain('Show JSON'), value: opts.estimateId },
      ],
    });
  }
  const fallback = answer.report ? `${summaryLine(answer.report)}: ${firstLine(answer.text)}` : firstLine(answer.text);
  return fitMessage({ text: fallback, blocks });
}

function firstLine(s: string): string {
  const line = s.split('\n')[0] ?? '';
  return line.replace(/\*/g, '').slice(0, 300);
}
