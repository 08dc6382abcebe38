// How fresh the catalog's prices are: every dated price grouped by the source it was read from, and
// the rows older than the freshness limit (90 days). Pure: the caller passes today's date.
import { quoteSource, type Catalog } from './schema.ts';

export const STALE_AFTER_DAYS = 90;

export interface DatedRow {
  /** Where in the catalog: "dedicated g5.xlarge onDemand", "regional aws g5.xlarge@eu-west-1". */
  where: string;
  checked: string;
}

export interface SourceFreshness {
  source: string;
  /** The catalog part(s) citing it: "dedicated", "serverless", "token-apis", "regional aws". */
  parts: string[];
  rows: number;
  oldest: string;
  newest: string;
  /** Rows older than STALE_AFTER_DAYS on the given day. */
  stale: DatedRow[];
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Every dated price or fact in the catalog, by source. */
export function sourceFreshness(catalog: Catalog, today: string): SourceFreshness[] {
  const by = new Map<string, SourceFreshness>();
  const add = (part: string, source: string, where: string, checked: string) => {
    let s = by.get(source);
    if (!s) by.set(source, (s = { source, parts: [], rows: 0, oldest: checked, newest: checked, stale: [] }));
    if (!s.parts.includes(part)) s.parts.push(part);
    s.rows++;
    if (checked < s.oldest) s.oldest = checked;
    if (checked > s.newest) s.newest = checked;
    if (daysBetween(checked, today) > STALE_AFTER_DAYS) s.stale.push({ where, checked });
  };
  const walk = (part: string, x: unknown, path: string) => {
    if (Array.isArray(x)) x.forEach((v, i) => walk(part, v, `${path}[${labelOf(v) ?? i}]`));
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (typeof o.source === 'string' && typeof o.checked === 'string') add(part, o.source, path, o.checked);
      for (const [k, v] of Object.entries(o)) if (v && typeof v === 'object') walk(part, v, path ? `${path}.${k}` : k);
    }
  };
  walk('dedicated', catalog.dedicated, 'dedicated');
  walk('serverless', catalog.serverless, 'serverless');
  walk('token-apis', catalog.tokenApis, 'token-apis');
  walk('hardware', catalog.hardware, 'hardware');
  for (const r of catalog.regional) {
    for (const [t, regions] of Object.entries(r.prices)) {
      for (const [g, q] of Object.entries(regions)) {
        const src = quoteSource(r, q);
        add(`regional ${r.cloud}`, src.source, `regional ${r.cloud} ${t}@${g}`, src.checked);
      }
    }
  }
  return [...by.values()].sort((a, b) => a.oldest.localeCompare(b.oldest) || a.source.localeCompare(b.source));
}

function labelOf(v: unknown): string | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  for (const k of ['type', 'id', 'provider', 'slug']) {
    if (typeof o[k] === 'string') return k === 'provider' && typeof o.model === 'string' ? `${o[k]} ${o.model}` : (o[k] as string);
  }
  return null;
}
