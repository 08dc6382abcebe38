import type { App } from '@slack/bolt';
import type { Services } from '../../services.ts';
import { registerAdjust } from './adjust.ts';
import { registerShowReport } from './show-report.ts';
import { registerListWorkloads } from './list-workloads.ts';

export function register(app: App, s: Services): void {
  registerAdjust(app, s);
  registerShowReport(app, s);
  registerListWorkloads(app, s);
}
