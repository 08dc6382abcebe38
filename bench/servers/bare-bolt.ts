// The reference: a bare Bolt app that only acks /infercost, with the same receiver settings as
// InferCost (HTTPReceiver, /slack/events, /healthz, 1 MB body limit, same keep-alive timeouts) and
// the same Web API stand-in. Configured from the same environment variables as src/slack/main.ts.

import './guard.ts';
import type { Server } from 'node:http';
import { App, HTTPReceiver } from '@slack/bolt';

const env = process.env;
const receiver = new HTTPReceiver({
  signingSecret: env.SLACK_SIGNING_SECRET ?? '',
  endpoints: '/slack/events',
  customRoutes: [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true }));
      },
    },
  ],
  bodyLimit: '1mb',
});
const app = new App({ token: env.SLACK_BOT_TOKEN, receiver, clientOptions: { slackApiUrl: env.SLACK_API_URL } });
app.command('/infercost', async ({ ack }) => {
  await ack();
});

const server = (await app.start(Number(env.PORT ?? 3000))) as unknown as Server;
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
