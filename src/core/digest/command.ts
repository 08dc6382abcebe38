// The /infercost subcommands for saved workloads and digests, read from the command text. Anything
// else is left to the estimate path (`/infercost <workload>`), so existing behaviour is unchanged.

export type DigestCommand =
  | { kind: 'save'; name: string; workload: string }
  | { kind: 'save_usage'; problem: 'missing_name' | 'missing_workload' | 'bad_name'; name: string | null }
  | { kind: 'list' }
  | { kind: 'forget'; name: string }
  | { kind: 'forget_usage' }
  | { kind: 'digest_show' }
  | { kind: 'digest_off' }
  | { kind: 'digest_now' }
  | { kind: 'digest_set'; schedule: string };

export const NAME_MAX = 40;
const NAME = /^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u;

/** A saved workload's name: one word of letters, digits, '.', '_' or '-', at most 40 characters. */
export function isValidWorkloadName(name: string): boolean {
  return name.length > 0 && name.length <= NAME_MAX && NAME.test(name);
}

/** The key names are unique by: case does not make a second workload. */
export const nameKey = (name: string): string => name.normalize('NFC').toLowerCase();

/** null when the text is not one of these subcommands. */
export function parseDigestCommand(text: string): DigestCommand | null {
  const t = text.trim();
  const m = /^(\S+)(?:\s+([\s\S]*))?$/.exec(t);
  if (!m) return null;
  const verb = m[1]!.toLowerCase();
  const rest = (m[2] ?? '').trim();
  switch (verb) {
    case 'list':
    case 'saved':
      return rest === '' ? { kind: 'list' } : null;
    case 'save': {
      if (rest === '') return { kind: 'save_usage', problem: 'missing_name', name: null };
      const [, rawName = '', workload = ''] = /^(\S+)\s*([\s\S]*)$/.exec(rest) ?? [];
      const name = rawName.replace(/^["'“‘]|["'”’:]$/g, '');
      if (!isValidWorkloadName(name)) return { kind: 'save_usage', problem: 'bad_name', name: rawName };
      if (workload.trim() === '') return { kind: 'save_usage', problem: 'missing_workload', name };
      return { kind: 'save', name, workload: workload.trim() };
    }
    case 'forget':
    case 'unsave':
    case 'delete':
    case 'remove':
      return rest === '' ? { kind: 'forget_usage' } : { kind: 'forget', name: rest.replace(/^["'“‘]|["'”’]$/g, '') };
    case 'digest': {
      const r = rest.toLowerCase();
      if (r === '' || r === 'status' || r === 'show') return { kind: 'digest_show' };
      if (['off', 'stop', 'cancel', 'unsubscribe', 'none'].includes(r)) return { kind: 'digest_off' };
      if (['now', 'preview', 'test'].includes(r)) return { kind: 'digest_now' };
      return { kind: 'digest_set', schedule: rest };
    }
    default:
      return null;
  }
}
