import type { App } from '@slack/bolt';
import { publishHome } from '../../app-home.ts';
import { requestOf } from '../../request-context.ts';
import type { Services } from '../../services.ts';
import { describeWebError } from '../../web-errors.ts';

export function registerAppHomeOpened(app: App, s: Services): void {
  app.event('app_home_opened', async ({ event, body, client, context }) => {
    if (event.tab !== 'home') return;
    const { log } = requestOf(context);
    const teamId = context.teamId ?? (body as { team_id?: string }).team_id ?? '';
    try {
      await publishHome(client, s.store, teamId, event.user, s.now());
    } catch (e) {
      log.error({ err: describeWebError(e) }, 'views.publish failed');
    }
  });
}
