import { z } from 'zod';

/**
 * The adjust modal's private_metadata: ids only. Where the re-estimate goes (team, user, channel,
 * thread, a private response_url) is kept in the store under `k` when the modal opens, and the
 * submission is checked against it: metadata naming another channel or URL is never followed.
 */
export const AdjustMetadata = z.object({
  /** estimate id */
  e: z.string().min(1).max(200),
  /** key of the stored adjust context (adjustContextKey) */
  k: z.string().min(1).max(100),
});
export type AdjustMetadata = z.infer<typeof AdjustMetadata>;

/** What the click knew, stored for the submission. */
export interface AdjustContext {
  estimateId: string;
  teamId: string;
  userId: string;
  channelId: string;
  threadTs?: string;
  /** The click's response_url, when the original report was private. */
  responseUrl?: string;
}

export const adjustContextKey = (k: string) => `adjust:${k}`;
/** Long enough to fill in the modal. */
export const ADJUST_CONTEXT_TTL_MS = 6 * 3600_000;
