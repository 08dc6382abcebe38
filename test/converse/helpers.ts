import { loadEmbeddedCatalog, loadKnownModels } from '../../src/catalog/embedded.ts';
import { loadIntents } from '../../src/catalog/intents.ts';
import type { ConverseContext } from '../../src/core/converse/conversation.ts';
import { parseWorkload } from '../../src/core/parse/index.ts';
import type { ParsedWorkload } from '../../src/core/workload.ts';

/** A pinned reference date: projections count months from here. */
export const NOW = new Date('2026-11-29T12:00:00Z');

export const ctx: ConverseContext = { catalog: loadEmbeddedCatalog(), models: loadKnownModels(), intents: loadIntents(), now: NOW };

export function parsed(text: string): ParsedWorkload {
  const r = parseWorkload(text, { models: ctx.models });
  if (!r.ok) throw new Error(`fixture does not parse: ${text}: ${r.issues[0]?.message}`);
  return r.value;
}

export function at(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}
