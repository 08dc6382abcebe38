// App Home: what InferCost does, examples, the user's digest subscriptions (paused ones say why) and
// the user's recent estimates from the store.

import type { webApi } from '@slack/bolt';
import { homeView } from '../core/render/blocks.ts';
import { homeSubscriptionBlocks } from '../core/render/digest-blocks.ts';
import type { Store } from '../store/index.ts';
import { subscriptionView } from './digest.ts';

export async function publishHome(client: webApi.WebClient, store: Store, teamId: string, userId: string, now: Date = new Date()): Promise<void> {
  const [recent, subs] = await Promise.all([store.recentEstimates(teamId, userId), store.subscriptionsCreatedBy(teamId, userId)]);
  const digests = homeSubscriptionBlocks(subs.map((sub) => subscriptionView(sub, now, sub.tz)));
  const view = homeView(
    recent.map((r) => ({ text: r.text, summary: r.summary, createdAt: r.createdAt })),
    digests,
  );
  await client.views.publish({ user_id: userId, view });
}
