import type { App } from '@slack/bolt';
import type { Services } from '../../services.ts';
import { registerInfercostCommand } from './infercost.ts';

export function register(app: App, s: Services): void {
  registerInfercostCommand(app, s);
}
