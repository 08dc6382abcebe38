import type { App } from '@slack/bolt';
import type { Services } from '../../services.ts';
import { registerAdjustSubmit } from './adjust-submit.ts';

export function register(app: App, s: Services): void {
  registerAdjustSubmit(app, s);
}
