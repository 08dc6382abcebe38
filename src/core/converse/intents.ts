// Follow-up intents as data (intents/*.yml): the zod schema every file is validated against at load,
// and the compiler that turns one validated set into ready regexes, once. The core receives the
// compiled set as an argument; reading the files is the shell's job (src/catalog/intents.ts).
import { z } from 'zod';
import { alt } from '../parse/regex.ts';

export const INTENT_IDS = ['what-if', 'compare', 'explain', 'optimize', 'assumptions', 'project', 'save', 'new-workload', 'help', 'undo', 'adopt'] as const;
export const IntentId = z.enum(INTENT_IDS);
export type IntentId = z.infer<typeof IntentId>;
/** What the classifier returns: one of the intents, or `unknown` (answered honestly). */
export type IntentName = IntentId | 'unknown';

export const SLOT_TYPES = ['number', 'multiplier', 'percent', 'rate', 'model', 'precision', 'latency', 'cloud', 'tokens', 'boolean', 'option', 'options', 'date', 'name', 'field', 'text'] as const;

export const SlotDef = z.object({
  name: z.string().min(1),
  type: z.enum(SLOT_TYPES),
  description: z.string().min(1),
});

/** A loose reference to report options: a phrase people type → exact option ids or id prefixes. */
export const OptionAlias = z
  .object({
    phrase: z.string().min(1),
    ids: z.array(z.string().min(1)).default([]),
    prefixes: z.array(z.string().min(1)).default([]),
  })
  .refine((o) => o.ids.length + o.prefixes.length > 0, 'an option alias needs ids or prefixes');
export type OptionAlias = z.infer<typeof OptionAlias>;

const PLACEHOLDER = /<<([a-zA-Z][\w-]*)>>/g;

export const IntentDef = z
  .object({
    id: IntentId,
    description: z.string().min(1),
    /** Higher is tried first when several intents' triggers match. */
    priority: z.number().int().min(0).max(1000),
    examples: z.array(z.string().min(1)).min(3),
    counterExamples: z.array(z.string().min(1)).default([]),
    slots: z.array(SlotDef).default([]),
    /** Regex sources (case-insensitive); any match is a cue for the intent. `<<name>>` expands to a phrase list. */
    triggers: z.array(z.string().min(1)).default([]),
    /** Regex sources that rule the intent out even when a trigger matched. */
    vetoes: z.array(z.string().min(1)).default([]),
    /** Named word lists; regexes are built from them longest first. */
    phrases: z.record(z.string(), z.array(z.string().min(1)).min(1)).default({}),
    /** Named numbers: multiplier words ("triple": 3), months per period ("week": 0.23). */
    numbers: z.record(z.string(), z.number()).default({}),
    options: z.array(OptionAlias).default([]),
  })
  .strict()
  .superRefine((d, ctx) => {
    for (const [key, list] of [['triggers', d.triggers], ['vetoes', d.vetoes]] as const) {
      list.forEach((src, i) => {
        for (const m of src.matchAll(PLACEHOLDER)) {
          const name = m[1] ?? '';
          if (!(name in d.phrases) && name !== 'multipliers') ctx.addIssue({ code: 'custom', path: [key, i], message: `unknown phrase list <<${name}>>` });
        }
        try {
          new RegExp(expand(src, d.phrases, d.numbers), 'iu');
        } catch (e) {
          ctx.addIssue({ code: 'custom', path: [key, i], message: `not a valid regex: ${(e as Error).message}` });
        }
      });
    }
  });
export type IntentDef = z.infer<typeof IntentDef>;

/** The whole intents/ directory: one file per intent, every intent present exactly once. */
export const IntentDefs = z.array(IntentDef).superRefine((defs, ctx) => {
  const seen = new Set<string>();
  for (const d of defs) {
    if (seen.has(d.id)) ctx.addIssue({ code: 'custom', message: `intent ${d.id} is defined twice` });
    seen.add(d.id);
  }
  for (const id of INTENT_IDS) if (!seen.has(id)) ctx.addIssue({ code: 'custom', message: `intent ${id} is missing` });
});

function expand(src: string, phrases: Record<string, string[]>, numbers: Record<string, number>): string {
  return src.replace(PLACEHOLDER, (_, name: string) => (name === 'multipliers' ? alt(Object.keys(numbers)) : alt(phrases[name] ?? ['(?!)'])));
}

/** One intent, ready to match: regexes compiled once. */
export interface CompiledIntent {
  def: IntentDef;
  triggers: RegExp[];
  vetoes: RegExp[];
  /** Each phrase list as a whole-word regex (global, for scanning). */
  phrases: Record<string, RegExp>;
}

export interface IntentSet {
  /** By priority, highest first. */
  list: CompiledIntent[];
  byId: Record<IntentId, CompiledIntent>;
  /** Every option alias (from all intents), longest phrase first, and one regex that finds them. */
  optionAliases: OptionAlias[];
  optionRe: RegExp;
}

/** A phrase list as a whole-word regex. Spaces in a phrase match runs of spaces, dashes or underscores. */
export function phraseRe(words: Iterable<string>, flags = 'giu'): RegExp {
  return new RegExp(`(?<![\\w])${alt(words)}(?![\\w])`, flags);
}

/** Compile a validated set. Throws only on data that bypassed validation (a packaging bug). */
export function compileIntents(defs: IntentDef[]): IntentSet {
  const list = [...defs]
    .sort((a, b) => b.priority - a.priority)
    .map((def) => ({
      def,
      triggers: def.triggers.map((s) => new RegExp(expand(s, def.phrases, def.numbers), 'iu')),
      vetoes: def.vetoes.map((s) => new RegExp(expand(s, def.phrases, def.numbers), 'iu')),
      phrases: Object.fromEntries(Object.entries(def.phrases).map(([k, v]) => [k, phraseRe(v)])),
    }));
  const byId = Object.fromEntries(list.map((c) => [c.def.id, c])) as Record<IntentId, CompiledIntent>;
  for (const id of INTENT_IDS) if (!byId[id]) throw new Error(`intent ${id} is missing`);
  const optionAliases = defs.flatMap((d) => d.options).sort((a, b) => b.phrase.length - a.phrase.length);
  const optionRe = optionAliases.length > 0 ? phraseRe(optionAliases.map((o) => o.phrase)) : /(?!)/g;
  return { list, byId, optionAliases, optionRe };
}

/** Does the text cue this intent (a trigger matches and no veto does)? */
export function cues(intent: CompiledIntent, text: string): boolean {
  return intent.triggers.some((r) => r.test(text)) && !intent.vetoes.some((r) => r.test(text));
}
