// The one pipeline every way in shares: text → Workload → Report. Pure and synchronous: the catalog
// and known models come in as arguments; nothing here reads files, the clock or the environment.
import type { Catalog } from './catalog/schema.ts';
import type { KnownModel } from './known-models.ts';
import type { Report } from './report.ts';
import type { Result } from './result.ts';
import type { ParsedWorkload } from './workload.ts';
import { parseWorkload } from './parse/index.ts';
import { evaluate } from './engine/evaluate.ts';
import { defunctNotes } from './catalog/defunct.ts';

export interface CoreContext {
  catalog: Catalog;
  models: KnownModel[];
}

export interface Estimate {
  parsed: ParsedWorkload;
  report: Report;
}

/** Parse a description and evaluate it. Bad input comes back as issues, never as an exception. */
export function estimate(text: string, ctx: CoreContext): Result<Estimate> {
  const result = parseWorkload(text, { models: ctx.models });
  if (!result.ok) return result;
  const extra = defunctNotes(text, ctx.catalog);
  const parsed = extra.length > 0 ? { ...result.value, notes: [...result.value.notes, ...extra] } : result.value;
  return { ok: true, value: { parsed, report: evaluate(parsed, ctx) } };
}

export { evaluate };
