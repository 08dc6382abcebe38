// App Home: what InferCost does, examples, and the user's recent estimates from the store.

import type { webApi } from '@slack/bolt';
import { homeView } from '../core/render/blocks.ts';
import type { Store } from '../store/index.ts';

export async function publishHome(client: webApi.WebClient, store: Store, teamId: string, userId: string): Promise<void> {
  const recent = await store.recentEstimates(teamId, userId);
  const view = homeView(recent.map((r) => ({ text: r.text, summary: r.summary, createdAt: r.createdAt })));
  await client.views.publish({ user_id: userId, view });
}
