// Slack ids, defined once in src/core/render/slack-ids.ts (so pure builders can use them) and
// re-exported here for listeners.
export * from '../core/render/slack-ids.ts';
