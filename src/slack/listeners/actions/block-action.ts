// What every report button carries, validated once.

import { z } from 'zod';

export const ButtonAction = z.object({
  trigger_id: z.string().min(1),
  user: z.object({ id: z.string().min(1) }),
  team: z.object({ id: z.string().min(1) }).nullable().optional(),
  channel: z.object({ id: z.string().min(1) }).optional(),
  container: z
    .object({ message_ts: z.string().optional(), thread_ts: z.string().optional(), is_ephemeral: z.boolean().optional(), channel_id: z.string().optional() })
    .optional(),
  message: z.object({ ts: z.string(), thread_ts: z.string().optional() }).optional(),
  response_url: z.string().url().optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().min(1).max(200) })).min(1),
});
export type ButtonAction = z.infer<typeof ButtonAction>;
