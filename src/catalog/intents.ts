// The follow-up intents shipped with InferCost (intents/*.yml), read once at startup, validated with
// zod and compiled. An invalid file is a packaging bug: it throws with every problem listed.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { compileIntents, IntentDef, IntentDefs, type IntentSet } from '../core/converse/intents.ts';

export const INTENTS_DIR = new URL('../../intents/', import.meta.url);

/** Every intents/*.yml file, parsed and validated; problems come back as readable lines. */
export function readIntentDefs(dir: URL = INTENTS_DIR): { ok: true; value: IntentDef[] } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const defs: IntentDef[] = [];
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch (err) {
    return { ok: false, problems: [`intents/: cannot be read: ${(err as Error).message}`] };
  }
  for (const file of files) {
    let raw: unknown;
    try {
      raw = (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(readFileSync(new URL(file, dir), 'utf8'));
    } catch (err) {
      problems.push(`intents/${file}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
      continue;
    }
    const r = IntentDef.safeParse(raw);
    if (!r.success) {
      for (const i of r.error.issues) problems.push(`intents/${file}: ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
      continue;
    }
    if (`${r.data.id}.yml` !== file && `${r.data.id}.yaml` !== file) problems.push(`intents/${file}: id ${r.data.id} does not match the file name`);
    defs.push(r.data);
  }
  const all = IntentDefs.safeParse(defs);
  if (!all.success) for (const i of all.error.issues) problems.push(`intents/: ${i.message}`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: defs };
}

let cached: IntentSet | undefined;

/** The compiled intents, loaded once. Throws a readable Error when a file is missing or invalid. */
export function loadIntents(): IntentSet {
  if (cached) return cached;
  const r = readIntentDefs();
  if (!r.ok) throw new Error(`The intents data is invalid (a packaging bug):\n  ${r.problems.join('\n  ')}`);
  cached = compileIntents(r.value);
  return cached;
}
