// Multi-workspace installs with Bolt's built-in OAuth (@slack/oauth's InstallProvider, inside Bolt's
// HTTPReceiver): "Add to Slack" at /slack/install, Slack sends the installer back to
// /slack/oauth_redirect, the state is a JWT signed with SLACK_STATE_SECRET and bound to the browser
// by a cookie (stateless, so any replica can finish an install another began), and the installation
// goes to our store, encrypted. Bolt then authorizes every request with that workspace's token.

import type { HTTPReceiverOptions } from '@slack/bolt';
import type { Config } from './config.ts';
import type { StoredInstallations } from './installation-store.ts';

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

/** The bot scopes an install asks for; manifest.yml lists the same (a test checks). */
export const BOT_SCOPES = ['commands', 'chat:write', 'app_mentions:read', 'channels:history', 'groups:history', 'im:history', 'users:read', 'files:write'] as const;

/** The HTTPReceiver options that turn on the install pages and per-workspace authorization. */
export function oauthReceiverOptions(config: Config, installationStore: StoredInstallations): Partial<HTTPReceiverOptions> {
  return {
    clientId: config.SLACK_CLIENT_ID!,
    clientSecret: config.SLACK_CLIENT_SECRET!,
    stateSecret: config.SLACK_STATE_SECRET!,
    scopes: [...BOT_SCOPES],
    installationStore,
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      stateVerification: true,
      // The token exchange and auth.test go where the Web API does (tests point it at a stand-in).
      clientOptions: { slackApiUrl: config.SLACK_API_URL },
    },
  };
}
