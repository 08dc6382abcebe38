import { z } from 'zod';

/** The adjust modal's private_metadata: short keys, far under Slack's 3,000 characters. */
export const AdjustMetadata = z.object({
  /** estimate id */
  e: z.string().min(1).max(200),
  /** channel to post the adjusted report in */
  c: z.string(),
  /** thread to post it in (the original report's) */
  t: z.string().optional(),
  /** response_url, when the original was private (the bot could not post in the channel) */
  r: z.string().url().optional(),
});
export type AdjustMetadata = z.infer<typeof AdjustMetadata>;
