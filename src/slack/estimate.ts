// Shell helpers around the core: keep the parsed workload behind a short id so buttons and the modal
// can re-run it later, and the shapes of what the core's runs return. Running the pipeline on text
// is in estimate-run.ts, loaded only where the core runs (the compute workers, or inline in tests
// and with INFERCOST_WORKERS=0): this module is on the main thread, and imports only types from the core.

import type { SlackMessage } from '../core/render/block-kit.ts';
import type { Report } from '../core/report.ts';
import type { Issue } from '../core/result.ts';
import type { ParsedWorkload } from '../core/workload.ts';
import type { Services } from './services.ts';

export type Outcome =
  | { kind: 'help' }
  | { kind: 'issues'; issues: Issue[] }
  | { kind: 'report'; parsed: ParsedWorkload; report: Report };

export const HELP_WORDS = /^(help|usage|\?|examples?)$/i;

/** A report rendered where it was computed: the message and the few facts the shell keeps, so the
 * full report (100+ priced options) never crosses from a worker to the main thread. */
export interface RenderedReport {
  parsed: ParsedWorkload;
  message: SlackMessage;
  /** One line for App Home's recent estimates. */
  summary: string;
  recommendedId: string | null;
}

export type RenderedOutcome = Exclude<Outcome, { kind: 'report' }> | ({ kind: 'rendered' } & RenderedReport);

export interface StoredEstimate {
  parsed: ParsedWorkload;
  text: string | null;
  /** The workspace and conversation the estimate was made in: its buttons work only there. */
  teamId?: string;
  channelId?: string;
}

/** Where an estimate may be used: its team, and its channel when the caller knows it. */
export interface EstimateScope {
  teamId: string;
  channelId?: string | null | undefined;
}

export const ESTIMATE_TTL_MS = 30 * 24 * 3600 * 1000;
/** Estimates are stored under their workspace, so a button from one workspace never reads another's
 * (and uninstalling deletes them: store.teamKeyPrefixes). */
const key = (teamId: string, id: string): string => `estimate:${teamId}:${id}`;

export async function saveEstimate(s: Services, e: StoredEstimate, id = s.newId(), scope?: EstimateScope): Promise<string> {
  const bound: StoredEstimate = { ...e, ...(scope ? { teamId: scope.teamId, ...(scope.channelId ? { channelId: scope.channelId } : {}) } : {}) };
  await s.store.put(scope ? key(scope.teamId, id) : `estimate:${id}`, bound, ESTIMATE_TTL_MS);
  return id;
}

/** The stored estimate, or null when it is gone or belongs to another team or channel. */
export async function loadEstimate(s: Services, id: string, scope: EstimateScope): Promise<StoredEstimate | null> {
  // Estimates stored before they were kept per workspace (`estimate:<id>`) are still read until they
  // expire, under the same team and channel checks.
  const e = (await s.store.get<StoredEstimate>(key(scope.teamId, id))) ?? (await s.store.get<StoredEstimate>(`estimate:${id}`));
  if (!e) return null;
  if (e.teamId !== undefined && e.teamId !== scope.teamId) return null;
  if (e.channelId !== undefined && scope.channelId && e.channelId !== scope.channelId) return null;
  return e;
}

/** Remove the bot's own mention (and any leading mentions) from a message's text. */
export function stripMentions(text: string, botUserId?: string): string {
  const own = botUserId ? new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g') : null;
  const t = own ? text.replace(own, ' ') : text;
  return t.replace(/^\s*(?:<@[A-Z0-9]+(?:\|[^>]*)?>\s*)+/, '').trim();
}
