// Every Slack identifier InferCost uses, defined once: the slash command, action_ids, callback_ids
// and the adjust modal's block ids. Builders, listeners and the manifest test all import these.
// (src/slack/ids.ts re-exports this module; it lives in the core so pure builders can use it.)

export const COMMAND = '/infercost';
export const BOT_NAME = 'InferCost';

export const ACTION = {
  adjust: 'infercost_adjust',
  showAll: 'infercost_show_all',
  showJson: 'infercost_show_json',
  /** The digest's "List all saved workloads" button. */
  listWorkloads: 'infercost_list_workloads',
} as const;

export const VIEW = {
  adjust: 'infercost_adjust_modal',
} as const;

/** Block ids of the adjust modal's inputs; each input's action_id is the same string. */
export const ADJUST_FIELD = {
  requestsPerMonth: 'adj_requests_per_month',
  peakRps: 'adj_peak_rps',
  model: 'adj_model',
  precision: 'adj_precision',
  percentile: 'adj_percentile',
  latencyMs: 'adj_latency_ms',
  tokensIn: 'adj_tokens_in',
  tokensOut: 'adj_tokens_out',
  cloud: 'adj_cloud',
  flags: 'adj_flags',
  cacheHitPercent: 'adj_cache_hit_percent',
  budget: 'adj_budget',
} as const;
export type AdjustField = (typeof ADJUST_FIELD)[keyof typeof ADJUST_FIELD];

/** Values of the modal's checkboxes. */
export const ADJUST_FLAG = { cpuOnly: 'cpu_only', spotOk: 'spot_ok' } as const;

/** The value of the cloud select meaning "any cloud". */
export const ANY_CLOUD = 'any';
