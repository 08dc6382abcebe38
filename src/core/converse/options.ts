// Resolve loose option mentions ("lambda", "g5", "replicate a100", "serverless") against a report's
// options. No regexes here: mentions were found with the compiled intents; this only filters the
// report's option list (about a hundred entries) per mention.
import type { Option, Report } from '../report.ts';
import type { OptionMention } from './slots.ts';

const PLAIN_VM = /-(?:ec2|gce|vm)-/;

function usable(o: Option): boolean {
  return o.feasible && !o.excluded && o.monthlyUsd !== null;
}

function cost(o: Option): number {
  return o.monthlyUsd ?? Number.POSITIVE_INFINITY;
}

/** Does an option run on this hardware (instance type, family or GPU)? 2 = by id, 1 = by its hardware text, 0 = no. */
function hardwareScore(o: Option, hw: string): number {
  const id = o.id.toLowerCase();
  if (id.endsWith(`-${hw}`)) return 3;
  const segments = id.split(/[-+]/);
  if (segments.some((s) => s === hw || s === `${hw}s` || s.startsWith(`${hw}.`))) return 2;
  if (hw.includes('_') && id.includes(hw)) return 2;
  const words = o.hardware.toLowerCase().split(/[^a-z0-9_.]+/);
  if (words.includes(hw)) return 1;
  return 0;
}

function matches(o: Option, m: OptionMention): boolean {
  if (m.alias) {
    const id = o.id.toLowerCase();
    if (!m.alias.ids.includes(id) && !m.alias.prefixes.some((p) => id.startsWith(p))) return false;
  }
  if (m.kind && o.kind !== m.kind) return false;
  if (m.compute && o.compute !== m.compute) return false;
  if (m.kubernetes && !/-(?:eks|gke|aks)-/.test(o.id)) return false;
  return true;
}

/** The option a mention most likely means in this report, or null when the report has none like it. */
export function resolveMention(m: OptionMention, report: Report): Option | null {
  let pool = report.options.filter((o) => matches(o, m));
  if (m.hardware) {
    const hw = m.hardware;
    const scored = pool.map((o) => ({ o, s: hardwareScore(o, hw) })).filter((x) => x.s > 0);
    const top = Math.max(0, ...scored.map((x) => x.s));
    const narrowed = scored.filter((x) => x.s === top).map((x) => x.o);
    // "replicate a100" with no Replicate A100 in the report: fall back to Replicate alone.
    if (narrowed.length > 0) pool = narrowed;
    else if (!m.alias) return null;
  }
  if (pool.length === 0) return null;
  // An exact id named in the alias wins (e.g. "cloud run" → gcp-cloud-run, not the GPU variant).
  if (m.alias && m.alias.ids.length > 0) {
    const exact = m.alias.ids.map((id) => pool.find((o) => o.id === id)).find((o) => o !== undefined);
    if (exact) return exact;
  }
  // A bare family ("g5") means the plain VM of that family, not SageMaker or Kubernetes on it.
  if (m.hardware && !m.alias) {
    const vms = pool.filter((o) => PLAIN_VM.test(o.id));
    if (vms.length > 0) pool = vms;
  }
  const ranked = [...pool].sort((a, b) => Number(usable(b)) - Number(usable(a)) || cost(a) - cost(b) || a.id.localeCompare(b.id));
  return ranked[0] ?? null;
}

export interface Resolved {
  mention: OptionMention;
  option: Option | null;
}

/** Every mention resolved, duplicates (two mentions of the same option) dropped. */
export function resolveMentions(mentions: OptionMention[], report: Report): Resolved[] {
  const out: Resolved[] = [];
  const seen = new Set<string>();
  for (const mention of mentions) {
    const option = resolveMention(mention, report);
    if (option && seen.has(option.id)) continue;
    if (option) seen.add(option.id);
    out.push({ mention, option });
  }
  return out;
}
