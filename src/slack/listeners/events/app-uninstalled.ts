// The app was removed from a workspace (app_uninstalled), or its bot token was revoked
// (tokens_revoked with bot tokens): delete that workspace's installation and everything stored for
// it (estimates, threads, saved workloads, digests). Bolt skips authorization for these two events,
// since the tokens are already gone.
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { installKeyOf } from '../../installation-store.ts';
import { requestOf } from '../../request-context.ts';
import type { Services } from '../../services.ts';

const Envelope = z.object({
  team_id: z.string().min(1),
  enterprise_id: z.string().nullish(),
  is_enterprise_install: z.boolean().nullish(),
});
const Revoked = z.object({ tokens: z.object({ oauth: z.array(z.string()).nullish(), bot: z.array(z.string()).nullish() }) });

async function forget(s: Services, body: unknown, reason: string, log: ReturnType<typeof requestOf>['log']): Promise<void> {
  const b = Envelope.safeParse(body);
  if (!b.success) return void log.warn({ reason }, 'uninstall event without a team id: nothing deleted');
  const key = installKeyOf({ isEnterpriseInstall: b.data.is_enterprise_install ?? false, enterpriseId: b.data.enterprise_id ?? undefined, teamId: b.data.team_id });
  const installation = key ? await s.store.deleteInstallation(key) : false;
  const rows = await s.store.deleteTeamData(b.data.team_id);
  log.info({ reason, team: b.data.team_id, installation, rows }, "workspace's data deleted");
}

export function registerAppUninstalled(app: App, s: Services): void {
  app.event('app_uninstalled', async ({ body, context }) => {
    await forget(s, body, 'app_uninstalled', requestOf(context).log);
  });
  app.event('tokens_revoked', async ({ event, body, context }) => {
    const { log } = requestOf(context);
    const r = Revoked.safeParse(event);
    // Only the bot's token matters: InferCost keeps no user tokens.
    if (!r.success || (r.data.tokens.bot ?? []).length === 0) return void log.info('user tokens revoked: nothing stored for them');
    await forget(s, body, 'tokens_revoked', log);
  });
}
