// Stated hardware limits ("g5 only", "no A100", "on H100"): which instance family and accelerators
// an option runs on, read from the catalog by the option's id and hardware label, and whether the
// option is inside the limits. A limit the catalog cannot serve at all is dropped with a note by
// `servableHardware`, never silently.
import type { Catalog, Instance } from '../catalog/schema.ts';
import type { Option } from '../report.ts';
import type { Workload } from '../workload.ts';

export interface OptionHardware {
  /** Instance family ("g5", "a2") for options on a cloud instance type; null otherwise. */
  family: string | null;
  /** Accelerator ids it runs on ([] = CPU only); null when not disclosed (hosted APIs). */
  accelerators: string[] | null;
  /** True when part of the traffic runs somewhere other than the instance family (hybrid overflow). */
  mixed: boolean;
}

export function familyOf(type: string): string {
  const t = type.toLowerCase().replace(/^ml\./, '');
  return t.includes('.') ? t.split('.')[0]! : t.includes('-') ? t.split('-')[0]! : t;
}

const instanceCache = new WeakMap<Catalog, Map<string, Instance>>();

/** The catalog instance an option id ends with ("aws-ec2-g5.xlarge", "job-aws-ec2-g5.xlarge"). */
export function instanceOfId(id: string, cat: Catalog): Instance | null {
  let byType = instanceCache.get(cat);
  if (!byType) {
    byType = new Map(cat.dedicated.instances.map((i) => [`${i.cloud}:${i.type.toLowerCase()}`, i]));
    instanceCache.set(cat, byType);
  }
  const base = id.replace(/^hybrid-/, '').split('+')[0]!;
  for (const [key, inst] of byType) {
    const [cloud, type] = key.split(':') as [string, string];
    if (base.endsWith(`-${type}`) && base.includes(`${cloud}-`)) return inst;
  }
  return null;
}

function acceleratorsIn(label: string, cat: Catalog): string[] {
  return cat.hardware.accelerators.filter((a) => label.includes(`× ${a.name} (`)).map((a) => a.id);
}

export function optionHardware(o: Option, cat: Catalog): OptionHardware {
  if (o.kind === 'api') return { family: null, accelerators: null, mixed: false };
  if (o.kind === 'serverless') return { family: null, accelerators: o.compute === 'cpu' ? [] : acceleratorsIn(o.hardware, cat), mixed: false };
  const inst = instanceOfId(o.id, cat);
  const own = inst ? (inst.accelerator ? [inst.accelerator.id] : []) : acceleratorsIn(o.hardware, cat);
  if (o.kind === 'hybrid') return { family: inst ? familyOf(inst.type) : null, accelerators: [...new Set([...own, ...acceleratorsIn(o.hardware, cat)])], mixed: true };
  return { family: inst ? familyOf(inst.type) : null, accelerators: own, mixed: false };
}

/** Does an accelerator id answer to a name the user wrote ("a100" → a100-40gb, a100-80gb; "a10" → a10, a10g)? */
export function acceleratorMatches(id: string, name: string): boolean {
  return id === name || id.startsWith(`${name}-`) || (name === 'a10' && id === 'a10g');
}

const isFamily = (v: string, cat: Catalog) => cat.dedicated.instances.some((i) => familyOf(i.type) === v);
const isAccelerator = (v: string, cat: Catalog) => cat.hardware.accelerators.some((a) => acceleratorMatches(a.id, v));

/** Why the option breaks the hardware limits, or null when it is inside them. */
export function hardwareViolation(o: Option, w: Workload, cat: Catalog): string | null {
  const { only, exclude } = w.hardware;
  if (only.length === 0 && exclude.length === 0) return null;
  const hw = optionHardware(o, cat);
  for (const v of exclude) {
    if (hw.family === v) return `a ${v} instance; you ruled out ${v}`;
    if (hw.accelerators?.some((a) => acceleratorMatches(a, v))) return `runs on ${v.toUpperCase()}; you ruled out ${v.toUpperCase()}`;
  }
  if (only.length === 0) return null;
  const ok = only.some((v) =>
    isFamily(v, cat)
      ? hw.family === v && !hw.mixed
      : hw.accelerators !== null && hw.accelerators.length > 0 && hw.accelerators.every((a) => acceleratorMatches(a, v)),
  );
  if (ok) return null;
  const wanted = only.join(' or ');
  if (hw.accelerators === null) return `a hosted API on hardware it does not disclose; you asked for ${wanted} only`;
  if (hw.mixed) return `its overflow runs outside ${wanted}; you asked for ${wanted} only`;
  const has = hw.family ?? (hw.accelerators.length > 0 ? hw.accelerators.join(', ') : 'CPU');
  return `runs on ${has}; you asked for ${wanted} only`;
}

/** Drop the hardware names the catalog has nothing for, with a note naming each and what was done instead. */
export function servableHardware(w: Workload, cat: Catalog): { w: Workload; notes: string[] } {
  const notes: string[] = [];
  const known = (v: string) => isFamily(v, cat) || isAccelerator(v, cat);
  const only = w.hardware.only.filter(known);
  const exclude = w.hardware.exclude.filter(known);
  for (const v of w.hardware.only.filter((x) => !known(x))) {
    notes.push(`${v.toUpperCase()} is not in the price catalog (no priced instance or platform offers it), so "${v} only" could not be honoured${only.length > 0 ? `; the other hardware you named (${only.join(', ')}) is used` : '; every hardware type in the catalog is compared instead'}.`);
  }
  for (const v of w.hardware.exclude.filter((x) => !known(x))) notes.push(`No priced option runs on ${v.toUpperCase()}, so ruling it out changes nothing.`);
  if (notes.length === 0) return { w, notes };
  return { w: { ...w, hardware: { only, exclude } }, notes };
}
