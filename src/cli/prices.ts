// `infercost prices import <file>`: the shell around core/catalog/import-prices.ts — read the file,
// update pricing/token-apis.json (validated before writing), print what changed and by how much.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importPrices } from '../core/catalog/import-prices.ts';
import { TokenApis } from '../core/catalog/schema.ts';

const CATALOG = fileURLToPath(new URL('../../pricing/token-apis.json', import.meta.url));
const MAX_BYTES = 100 * 1024 * 1024;

export function runPricesImport(args: string[], out: (s: string) => void, err: (s: string) => void, today: string): number {
  const dryRun = args.includes('--dry-run');
  const catalogIdx = args.indexOf('--catalog');
  const catalogPath = catalogIdx >= 0 ? args[catalogIdx + 1] : CATALOG;
  const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--catalog');
  if (!file || !catalogPath) {
    err('usage: infercost prices import <litellm-or-models.dev.json> [--dry-run] [--catalog pricing/token-apis.json]\n');
    return 2;
  }
  let data: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    if (text.length > MAX_BYTES) throw new Error('file larger than 100 MB');
    data = JSON.parse(text);
  } catch (e) {
    err(`infercost: cannot read ${file} as JSON: ${(e as Error).message}\n`);
    return 2;
  }
  const current = TokenApis.safeParse(JSON.parse(readFileSync(catalogPath, 'utf8')));
  if (!current.success) {
    err(`infercost: ${catalogPath} is not a valid token API catalog\n`);
    return 1;
  }
  const r = importPrices(current.data.models, data, today, basename(file));
  if ('error' in r) {
    err(`infercost: ${file}: ${r.error}\n`);
    return 2;
  }
  const next = TokenApis.safeParse({ ...current.data, models: r.rows });
  if (!next.success) {
    err(`infercost: the imported prices do not validate: ${next.error.issues[0]?.message}\n`);
    return 1;
  }
  out(`Read ${basename(file)} (${r.format}): ${r.matched} of ${r.rows.length} catalog rows found, ${r.changes.length} price${r.changes.length === 1 ? '' : 's'} changed.\n`);
  for (const c of r.changes) {
    const pct = c.change === null ? 'new' : `${c.change > 0 ? '+' : ''}${(c.change * 100).toFixed(1)}%`;
    out(`  ${c.provider.padEnd(10)} ${c.model.padEnd(52)} ${c.field.padEnd(11)} ${c.oldUsd === null ? '—' : `$${c.oldUsd}`} → $${c.newUsd} per 1M tokens (${pct})\n`);
  }
  if (r.unmatched.length > 0) out(`  not in the file (kept as they were): ${r.unmatched.length} rows\n`);
  if (dryRun) {
    out('Dry run: nothing written.\n');
    return 0;
  }
  writeFileSync(catalogPath, JSON.stringify(next.data, null, 2) + '\n');
  out(`Updated ${catalogPath}.\n`);
  return 0;
}
