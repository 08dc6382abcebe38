import type { App } from '@slack/bolt';
import type { Services } from '../../services.ts';
import { registerAdjust } from './adjust.ts';
import { registerActionJobs } from './action-jobs.ts';

export function register(app: App, s: Services): void {
  registerAdjust(app, s);
  registerActionJobs(app, s);
}
