import type { App } from '@slack/bolt';
import type { Services } from '../../services.ts';
import { registerAppMention } from './app-mention.ts';
import { registerMessage } from './message.ts';
import { registerAppHomeOpened } from './app-home-opened.ts';
import { registerAppUninstalled } from './app-uninstalled.ts';

export function register(app: App, s: Services): void {
  registerAppMention(app, s);
  registerMessage(app, s);
  registerAppHomeOpened(app, s);
  registerAppUninstalled(app, s);
}
