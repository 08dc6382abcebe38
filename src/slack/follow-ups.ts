// The seam for threaded follow-ups (issue 5). Event listeners hand a thread reply to the handler
// when the thread has stored state; returning false means "not mine" and the listener carries on
// (a DM thread reply is then read as a new workload; a channel thread reply is ignored).

import type { Logger } from 'pino';
import type { webApi } from '@slack/bolt';
import type { ThreadKey, ThreadState } from '../store/index.ts';

export interface FollowUpMessage {
  thread: ThreadKey;
  state: ThreadState;
  userId: string;
  text: string;
  ts: string;
  surface: 'thread' | 'dm' | 'mention';
}

export interface FollowUpTools {
  client: webApi.WebClient;
  log: Logger;
  cid: string;
}

export interface FollowUpHandler {
  handle(message: FollowUpMessage, tools: FollowUpTools): Promise<boolean>;
}
