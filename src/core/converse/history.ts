// How much of a thread's history is kept: a module of its own, so the Slack shell's main thread can
// read it (deliver.ts trims a thread's history) without loading the conversation, the parser and the engine.

/** Workloads kept for "undo" (the first one is always kept, for "reset"). */
export const MAX_HISTORY = 8;
