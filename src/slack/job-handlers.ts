// One handler per job kind (src/jobs/job-queue.ts JobKind), wired into the runner by app.ts.
import type { JobHandlers } from './jobs.ts';
import type { Services } from './services.ts';
import { commandJobHandler } from './listeners/commands/infercost.ts';
import { actionJobHandler } from './listeners/actions/action-jobs.ts';
import { viewJobHandler } from './listeners/views/adjust-submit.ts';
import { messageJobHandler } from './listeners/events/reply-to-text.ts';

export function jobHandlers(s: Services): JobHandlers {
  return { command: commandJobHandler(s), action: actionJobHandler(s), view: viewJobHandler(s), event: messageJobHandler(s) };
}
