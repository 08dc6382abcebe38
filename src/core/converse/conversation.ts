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
  optimizeAnswer,
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

/** What a thread remembers between turns: JSON-serializable, so the Slack layer can store it as is. */
export interface ConversationState {
  version: 1;
  /** The thread's current workload (after every what-if so far) with provenance. */
  parsed: ParsedWorkload;
  /** The text the thread's workload was first described with. */
  text: string | null;
  /** Follow-ups answered so far. */
  turns: number;
}

/** Accepted as input: a ConversationState, or anything shaped like the store's ThreadState. */
export type ConversationInput = Pick<ConversationState, 'parsed' | 'text'> & Partial<Pick<ConversationState, 'turns'>>;

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
  /** True when the thread's workload changed this turn (what-if, assumption change, new workload). */
  changed: boolean;
}

const INTERNAL = `Something went wrong reading that. Try e.g. "what if traffic triples?" or a new workload like "${EXAMPLE}".`;

function validState(s: ConversationInput | null | undefined): ConversationState | null {
  if (!s || typeof s !== 'object' || !s.parsed || typeof s.parsed !== 'object') return null;
  const w = Workload.safeParse(s.parsed.workload);
  if (!w.success) return null;
  return {
    version: 1,
    parsed: { workload: w.data, provenance: s.parsed.provenance ?? {}, notes: Array.isArray(s.parsed.notes) ? s.parsed.notes : [] },
    text: typeof s.text === 'string' ? s.text : null,
    turns: typeof s.turns === 'number' && Number.isFinite(s.turns) ? s.turns : 0,
  };
}

/** Answer one message in a conversation. `state` null means no workload yet: the text should be one. */
export function converse(state: ConversationInput | null, text: string, ctx: ConverseContext): Turn {
  const current = validState(state);
  try {
    return turn(current, typeof text === 'string' ? text : '', ctx);
  } catch {
    return { intent: 'unknown', state: current, answer: { text: INTERNAL }, changed: false };
  }
}

function turn(current: ConversationState | null, text: string, ctx: ConverseContext): Turn {
  const engine = { catalog: ctx.catalog, models: ctx.models };
  const c = classify(text, { intents: ctx.intents, models: ctx.models, now: ctx.now });
  const keep = (answer: Answer, intent: IntentName = c.intent): Turn => ({ intent, state: current ? { ...current, turns: current.turns + 1 } : null, answer, changed: false });
  const start = (described: ParsedWorkload, previous: Report | null): Turn => {
    // As in estimate(): a defunct platform named in the description gets its note.
    const extra = defunctNotes(text, ctx.catalog);
    const parsed = extra.length > 0 ? { ...described, notes: [...described.notes, ...extra] } : described;
    const report = evaluate(parsed, engine);
    return { intent: 'new-workload', state: { version: 1, parsed, text: text.trim(), turns: current ? current.turns + 1 : 0 }, answer: newWorkloadAnswer(report, previous), changed: true };
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
      return change(current, before, c.changes, text, ctx, 'What changed', 'what-if');
    }
    default:
      return keep(unknownAnswer(ctx.intents, true), 'unknown');
  }
}

function change(current: ConversationState, before: Report, changes: Change[], text: string, ctx: ConverseContext, heading: string, intent: IntentName): Turn {
  const applied = applyChanges(current.parsed, changes, { models: ctx.models }, text);
  if (!applied.ok) return { intent, state: { ...current, turns: current.turns + 1 }, answer: problemAnswer(applied.issues), changed: false };
  const after = evaluate(applied.value.parsed, { catalog: ctx.catalog, models: ctx.models });
  return {
    intent,
    state: { ...current, parsed: applied.value.parsed, turns: current.turns + 1 },
    answer: whatIfAnswer(before, after, applied.value.changed, applied.value.skipped, heading),
    changed: true,
  };
}

/** Growth over time: the same engine at the projected volume. The thread's workload stays as it is. */
function project(current: ConversationState, before: Report, c: Classification, text: string, ctx: ConverseContext): Turn {
  const growth = c.growth!;
  const horizon = c.horizon!;
  const factor = (1 + growth.monthlyRate) ** horizon.months;
  const volume: Change = { field: 'volume', op: 'multiply', factor, text: growth.text };
  const applied = applyChanges(current.parsed, [volume, ...c.changes], { models: ctx.models }, text);
  if (!applied.ok) return { intent: 'project', state: { ...current, turns: current.turns + 1 }, answer: problemAnswer(applied.issues), changed: false };
  const after = evaluate(applied.value.parsed, { catalog: ctx.catalog, models: ctx.models });
  const projection = { monthlyGrowth: growth.monthlyRate, months: horizon.months, date: horizon.date, factor, requestsPerMonth: applied.value.parsed.workload.requestsPerMonth, dateAssumed: horizon.assumed };
  return { intent: 'project', state: { ...current, turns: current.turns + 1 }, answer: projectAnswer(before, after, growth, horizon, projection), changed: false };
}
