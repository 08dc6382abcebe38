// The follow-up conversation engine: (state, utterance) → (intent, new state, answer). Pure and
// synchronous: the catalog, known models, compiled intents and `now` come in as arguments. Every
// number is the engine's: what-ifs, assumption changes and projections re-run `evaluate` on a
// changed Workload. Never throws; bad input gets a clear message with an example.
import type { Catalog } from '../catalog/schema.ts';
import { evaluate } from '../engine/evaluate.ts';
import type { KnownModel } from '../known-models.ts';
import { parseWorkload } from '../parse/index.ts';
import { EXAMPLE } from '../parse/vocabulary.ts';
import type { Report } from '../report.ts';
import { type ParsedWorkload, Workload } from '../workload.ts';
import {
  type Answer,
  assumptionsAnswer,
  compareAnswer,
  explainAnswer,
  helpAnswer,
  newWorkloadAnswer,
  adoptAnswer,
  nothingToUndoAnswer,
  optimizeAnswer,
  restoredAnswer,
  scenarioCompareAnswer,
  workloadWords,
  problemAnswer,
  projectAnswer,
  saveAnswer,
  unknownAnswer,
  whatIfAnswer,
} from './answer.ts';
import { applyChanges } from './apply.ts';
import { defunctNotes } from '../catalog/defunct.ts';
import { type Classification, classify } from './classify.ts';
import type { IntentName, IntentSet } from './intents.ts';
import type { Change, OptionMention } from './slots.ts';
import { MAX_HISTORY } from './history.ts';

/** The last what-if: what "let's go with that" keeps and "and with int8?" builds on. */
export interface Hypothesis {
  parsed: ParsedWorkload;
  /** What it changed, one line each, from the thread's workload. */
  changed: string[];
}

/** What a thread remembers between turns: JSON-serializable, so the Slack layer can store it as is. */
export interface ConversationState {
  version: 1;
  /** The thread's current workload with provenance. What-ifs leave it as it is; "switch to…",
   * "assume…", "let's go with that", "undo" and "reset" change it. */
  parsed: ParsedWorkload;
  /** The text the thread's workload was first described with. */
  text: string | null;
  /** Follow-ups answered so far. */
  turns: number;
  /** Earlier workloads, oldest first; index 0 is the thread's first one. "undo" pops the last. */
  history: ParsedWorkload[];
  /** The last what-if, or null. Never the thread's workload until adopted. */
  hypothesis: Hypothesis | null;
}

/** Accepted as input: a ConversationState, or anything shaped like the store's ThreadState. */
export type ConversationInput = Pick<ConversationState, 'parsed' | 'text'> & Partial<Pick<ConversationState, 'turns' | 'history' | 'hypothesis'>>;

export { MAX_HISTORY };

function remember(history: ParsedWorkload[], parsed: ParsedWorkload): ParsedWorkload[] {
  const next = [...history, parsed];
  return next.length > MAX_HISTORY ? [next[0]!, ...next.slice(next.length - MAX_HISTORY + 1)] : next;
}

function validParsed(p: unknown): ParsedWorkload | null {
  if (!p || typeof p !== 'object') return null;
  const x = p as Partial<ParsedWorkload>;
  const w = Workload.safeParse(x.workload);
  if (!w.success) return null;
  return { workload: w.data, provenance: x.provenance ?? {}, notes: Array.isArray(x.notes) ? x.notes : [] };
}

export interface ConverseContext {
  catalog: Catalog;
  models: KnownModel[];
  intents: IntentSet;
  /** The reference date for projections ("in June"). */
  now: Date;
}

export interface Turn {
  intent: IntentName;
  /** The state to keep for the next turn (null while there is no workload yet). */
  state: ConversationState | null;
  answer: Answer;
  /** True when the thread's workload changed this turn (a kept change, undo, reset, new workload). */
  changed: boolean;
  /** The workload the answer's report is about: the thread's, or a hypothetical one (null without a report). */
  subject: ParsedWorkload | null;
}

const INTERNAL = `Something went wrong reading that. Try e.g. "what if traffic triples?" or a new workload like "${EXAMPLE}".`;

function validState(s: ConversationInput | null | undefined): ConversationState | null {
  if (!s || typeof s !== 'object') return null;
  const parsed = validParsed(s.parsed);
  if (!parsed) return null;
  const history = Array.isArray(s.history) ? s.history.map(validParsed).filter((p): p is ParsedWorkload => p !== null).slice(-MAX_HISTORY) : [];
  const hp = s.hypothesis && typeof s.hypothesis === 'object' ? validParsed(s.hypothesis.parsed) : null;
  const changed = hp && Array.isArray(s.hypothesis?.changed) ? s.hypothesis.changed.filter((c): c is string => typeof c === 'string') : [];
  return {
    version: 1,
    parsed,
    text: typeof s.text === 'string' ? s.text : null,
    turns: typeof s.turns === 'number' && Number.isFinite(s.turns) ? s.turns : 0,
    history,
    hypothesis: hp ? { parsed: hp, changed } : null,
  };
}

/** Answer one message in a conversation. `state` null means no workload yet: the text should be one. */
export function converse(state: ConversationInput | null, text: string, ctx: ConverseContext): Turn {
  const current = validState(state);
  try {
    return turn(current, typeof text === 'string' ? text : '', ctx);
  } catch {
    return { intent: 'unknown', state: current, answer: { text: INTERNAL }, changed: false, subject: null };
  }
}

function turn(current: ConversationState | null, text: string, ctx: ConverseContext): Turn {
  const engine = { catalog: ctx.catalog, models: ctx.models };
  const c = classify(text, { intents: ctx.intents, models: ctx.models, now: ctx.now });
  const keep = (answer: Answer, intent: IntentName = c.intent): Turn => ({ intent, state: current ? { ...current, turns: current.turns + 1 } : null, answer, changed: false, subject: answer.report && current ? current.parsed : null });
  const start = (described: ParsedWorkload, previous: Report | null): Turn => {
    // As in estimate(): a defunct platform named in the description gets its note.
    const extra = defunctNotes(text, ctx.catalog);
    const parsed = extra.length > 0 ? { ...described, notes: [...described.notes, ...extra] } : described;
    const report = evaluate(parsed, engine);
    const state: ConversationState = { version: 1, parsed, text: text.trim(), turns: current ? current.turns + 1 : 0, history: current ? remember(current.history, current.parsed) : [], hypothesis: null };
    return { intent: 'new-workload', state, answer: newWorkloadAnswer(report, previous), changed: true, subject: parsed };
  };

  if (!current) {
    if (c.intent === 'help') return keep(helpAnswer(ctx.intents, false));
    const p = c.workload ? { ok: true as const, value: c.workload } : parseWorkload(text, { models: ctx.models });
    if (p.ok) return start(p.value, null);
    const first = p.issues[0];
    // Gaps in a workload description get the parser's own message; anything else, an honest "not a workload".
    if (first && first.code !== 'not_a_workload' && first.code !== 'empty_input') return keep({ ...problemAnswer(p.issues) }, 'unknown');
    return keep(unknownAnswer(ctx.intents, false, first?.message), 'unknown');
  }

  const before = evaluate(current.parsed, engine);
  switch (c.intent) {
    case 'undo':
      return restore(current, before, c.reset, ctx);
    case 'adopt':
      return adopt(current, before, ctx);
    case 'help':
      return keep(helpAnswer(ctx.intents, true));
    case 'save':
      return keep(saveAnswer(before, c.name));
    case 'new-workload':
      if (c.workload) return start(c.workload, before);
      return keep({ text: `Sure: describe the new workload, e.g. "${EXAMPLE}".${c.workloadProblem ? ` (${c.workloadProblem})` : ''}` });
    case 'explain':
      return keep(explainAnswer(before, c.mentions));
    case 'compare':
      if (c.mentions.length === 0 && c.changes.length > 0) return compareScenario(current, before, c.changes, text, ctx);
      return keep(compareAnswer(before, c.mentions));
    case 'optimize':
      return keep(optimizeAnswer(before));
    case 'assumptions':
      if (c.mode === 'change') return change(current, before, c.changes, text, ctx, 'Assumption changed', 'assumptions');
      return keep(assumptionsAnswer(before));
    case 'project':
      return project(current, before, c, text, ctx);
    case 'what-if': {
      // "what about an API?" when APIs are already allowed: show the best API option instead.
      const only = c.changes.length === 1 ? c.changes[0] : undefined;
      if (only?.field === 'selfHostedOnly' && only.value === current.parsed.workload.selfHostedOnly) {
        const mention: OptionMention = { text: only.text, start: 0, alias: null, hardware: null, kind: only.value ? null : 'api', compute: null, kubernetes: false };
        if (!only.value) return keep(explainAnswer(before, [mention]), 'explain');
        return keep({ text: `The estimate already excludes hosted APIs (${current.parsed.workload.selfHostedReason ?? 'self-hosted only'}). Ask "what about an API?" to compare with them.` });
      }
      if (c.commit) return change(current, before, c.changes, text, ctx, 'Changed', 'what-if');
      return whatIf(current, before, c.changes, c.stack, text, ctx);
    }
    default:
      return keep(unknownAnswer(ctx.intents, true), 'unknown');
  }
}

/** A change that sticks ("switch to…", "assume…"): the thread's workload changes; "undo" goes back. */
function change(current: ConversationState, before: Report, changes: Change[], text: string, ctx: ConverseContext, heading: string, intent: IntentName): Turn {
  const applied = applyChanges(current.parsed, changes, { models: ctx.models }, text);
  if (!applied.ok) return { intent, state: { ...current, turns: current.turns + 1 }, answer: problemAnswer(applied.issues), changed: false, subject: null };
  const after = evaluate(applied.value.parsed, { catalog: ctx.catalog, models: ctx.models });
  return {
    intent,
    state: { ...current, parsed: applied.value.parsed, turns: current.turns + 1, history: remember(current.history, current.parsed), hypothesis: null },
    answer: whatIfAnswer(before, after, applied.value.changed, applied.value.skipped, heading, { hypothetical: false, relativeTo: workloadWords(before.workload) }),
    changed: true,
    subject: applied.value.parsed,
  };
}

/** A what-if: the same engine on a changed copy of the thread's workload (or of the last what-if,
 * for "and with int8?"). The thread's workload stays as it was; the result is kept as the
 * hypothesis "let's go with that" adopts. */
function whatIf(current: ConversationState, before: Report, changes: Change[], stack: boolean, text: string, ctx: ConverseContext): Turn {
  const engine = { catalog: ctx.catalog, models: ctx.models };
  const onto = stack && current.hypothesis ? current.hypothesis : null;
  const from = onto ? onto.parsed : current.parsed;
  const applied = applyChanges(from, changes, { models: ctx.models }, text);
  if (!applied.ok) return { intent: 'what-if', state: { ...current, turns: current.turns + 1 }, answer: problemAnswer(applied.issues), changed: false, subject: null };
  const base = onto ? evaluate(onto.parsed, engine) : before;
  const after = evaluate(applied.value.parsed, engine);
  const framing = { hypothetical: true, relativeTo: workloadWords(base.workload), ...(onto ? { threadWorkload: workloadWords(before.workload) } : {}) };
  return {
    intent: 'what-if',
    state: { ...current, turns: current.turns + 1, hypothesis: { parsed: applied.value.parsed, changed: [...(onto?.changed ?? []), ...applied.value.changed] } },
    answer: whatIfAnswer(base, after, applied.value.changed, applied.value.skipped, 'What if', framing),
    changed: false,
    subject: applied.value.parsed,
  };
}

/** "compare with GCP": best now and best under the change, side by side; the workload stays. */
function compareScenario(current: ConversationState, before: Report, changes: Change[], text: string, ctx: ConverseContext): Turn {
  const applied = applyChanges(current.parsed, changes, { models: ctx.models }, text);
  if (!applied.ok) return { intent: 'compare', state: { ...current, turns: current.turns + 1 }, answer: problemAnswer(applied.issues), changed: false, subject: null };
  const after = evaluate(applied.value.parsed, { catalog: ctx.catalog, models: ctx.models });
  return {
    intent: 'compare',
    state: { ...current, turns: current.turns + 1, hypothesis: { parsed: applied.value.parsed, changed: applied.value.changed } },
    answer: scenarioCompareAnswer(before, after, applied.value.changed),
    changed: false,
    subject: applied.value.parsed,
  };
}

/** "let's go with that": the last what-if becomes the thread's workload. */
function adopt(current: ConversationState, before: Report, ctx: ConverseContext): Turn {
  const h = current.hypothesis;
  if (!h) return { intent: 'adopt', state: { ...current, turns: current.turns + 1 }, answer: { text: `There is no what-if to keep yet. Ask one first, e.g. "what if traffic triples?", then say "let's go with that".` }, changed: false, subject: null };
  const after = evaluate(h.parsed, { catalog: ctx.catalog, models: ctx.models });
  return {
    intent: 'adopt',
    state: { ...current, parsed: h.parsed, turns: current.turns + 1, history: remember(current.history, current.parsed), hypothesis: null },
    answer: adoptAnswer(before, after, h.changed),
    changed: true,
    subject: h.parsed,
  };
}

/** "undo" steps back one kept change; "reset" / "start over" go back to the thread's first workload. */
function restore(current: ConversationState, before: Report, reset: boolean, ctx: ConverseContext): Turn {
  const target = reset ? current.history[0] : current.history[current.history.length - 1];
  if (!target) return { intent: 'undo', state: { ...current, turns: current.turns + 1, hypothesis: null }, answer: nothingToUndoAnswer(before, reset, current.hypothesis !== null), changed: false, subject: null };
  // A reset can itself be undone; an undo is not remembered (it would undo itself).
  const history = reset ? remember(current.history, current.parsed) : current.history.slice(0, -1);
  const after = evaluate(target, { catalog: ctx.catalog, models: ctx.models });
  return {
    intent: 'undo',
    state: { ...current, parsed: target, turns: current.turns + 1, history, hypothesis: null },
    answer: restoredAnswer(before, after, reset),
    changed: true,
    subject: target,
  };
}

/** Growth over time: the same engine at the projected volume. The thread's workload stays as it is. */
function project(current: ConversationState, before: Report, c: Classification, text: string, ctx: ConverseContext): Turn {
  const growth = c.growth!;
  const horizon = c.horizon!;
  const factor = (1 + growth.monthlyRate) ** horizon.months;
  const volume: Change = { field: 'volume', op: 'multiply', factor, text: growth.text };
  const applied = applyChanges(current.parsed, [volume, ...c.changes], { models: ctx.models }, text);
  if (!applied.ok) return { intent: 'project', state: { ...current, turns: current.turns + 1 }, answer: problemAnswer(applied.issues), changed: false, subject: null };
  const after = evaluate(applied.value.parsed, { catalog: ctx.catalog, models: ctx.models });
  const projection = { monthlyGrowth: growth.monthlyRate, months: horizon.months, date: horizon.date, factor, requestsPerMonth: applied.value.parsed.workload.requestsPerMonth, dateAssumed: horizon.assumed };
  return { intent: 'project', state: { ...current, turns: current.turns + 1 }, answer: { ...projectAnswer(before, after, growth, horizon, projection), hypothetical: true }, changed: false, subject: applied.value.parsed };
}
