// `infercost prices import <file>`: the shell around core/catalog/import-prices.ts (token-API prices
// from LiteLLM or models.dev JSON) and core/catalog/import-vms.ts (regional VM prices from the
// SkyPilot catalog's vms.csv). Read the file, detect the format, validate the result with zod before
// writing, print what changed and by how much, and what was held back and why.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importPrices } from '../core/catalog/import-prices.ts';
import { importVms, isSkyPilotCsv, mergeVmRows, signedPct, type ImportError, type VmImportOptions, type VmImportResult, type VmRows } from '../core/catalog/import-vms.ts';
import { isAwsOffer, isAzureRetail, readAwsOffer, readAzureRetail } from '../core/catalog/import-cloud-lists.ts';
import { Dedicated, RegionalPrices, TokenApis, type Catalog, type Instance } from '../core/catalog/schema.ts';
import { daysBetween, sourceFreshness, STALE_AFTER_DAYS } from '../core/catalog/freshness.ts';

const PRICING = fileURLToPath(new URL('../../pricing/', import.meta.url));
const CATALOG = join(PRICING, 'token-apis.json');
const MAX_BYTES = 100 * 1024 * 1024;

export const PRICES_USAGE = `usage:
  infercost prices import <file> [--dry-run]
      <file>: a LiteLLM model_prices_and_context_window.json or models.dev api.json (token-API prices),
              a SkyPilot catalog vms.csv (regional VM prices for AWS, GCP or Azure),
              an AWS Price List EC2 offer file (index.json) or Azure Retail Prices API pages (JSON)
      --catalog FILE        token-API catalog to update (default pricing/token-apis.json)
      --regional-dir DIR    where regional VM prices are written (default pricing/regional)
      --dedicated FILE      the instance catalog to match against (default pricing/dedicated.json)
      --source URL          the file's published address, stamped on the prices
      --date YYYY-MM-DD     the date of the data (default: today)
      --accept TYPE@REGION  write a row the sanity checks held back (repeatable)
      --accept-held         write every held row
      --verbose             list every new (type, region) price, not only changes
  infercost prices status [--now YYYY-MM-DD]
      each price source with its date, and the rows older than 90 days
example: infercost prices import vms.csv --source https://github.com/skypilot-org/skypilot-catalog --date 2026-12-02 --dry-run
`;

interface Flags {
  file: string | null;
  dryRun: boolean;
  verbose: boolean;
  acceptHeld: boolean;
  accept: Set<string>;
  values: Map<string, string>;
  error: string | null;
}

const VALUE_FLAGS = ['--catalog', '--regional-dir', '--dedicated', '--source', '--date', '--accept', '--now'];

export function parsePriceFlags(args: string[]): Flags {
  const f: Flags = { file: null, dryRun: false, verbose: false, acceptHeld: false, accept: new Set(), values: new Map(), error: null };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--dry-run') f.dryRun = true;
    else if (a === '--verbose') f.verbose = true;
    else if (a === '--accept-held') f.acceptHeld = true;
    else if (VALUE_FLAGS.includes(a)) {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) f.error = `${a} needs a value`;
      else if (a === '--accept') {
        if (!/^[^@\s]+@[^@\s]+$/.test(v)) f.error = `--accept takes TYPE@REGION, e.g. --accept p5.48xlarge@us-east-1`;
        f.accept.add(v);
      } else f.values.set(a, v);
    } else if (a.startsWith('--')) f.error = `unknown option ${a}`;
    else if (f.file === null) f.file = a;
    else f.error = `one file at a time (got ${f.file} and ${a})`;
  }
  const date = f.values.get('--date');
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) f.error = `--date takes YYYY-MM-DD, e.g. --date 2026-12-02`;
  const source = f.values.get('--source');
  if (source !== undefined && !/^https?:\/\/\S+$/.test(source)) f.error = `--source takes the file's address, e.g. --source https://github.com/skypilot-org/skypilot-catalog`;
  return f;
}

export function runPricesImport(args: string[], out: (s: string) => void, err: (s: string) => void, today: string): number {
  const flags = parsePriceFlags(args);
  if (flags.error || !flags.file) {
    err(`infercost: ${flags.error ?? 'which file?'}\n${PRICES_USAGE}`);
    return 2;
  }
  const file = flags.file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
    if (text.length > MAX_BYTES) throw new Error('file larger than 100 MB');
  } catch (e) {
    err(`infercost: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 2;
  }
  if (!text.trimStart().startsWith('{') && !text.trimStart().startsWith('[')) {
    if (isSkyPilotCsv(text)) return importVmFile((instances, current, opts) => importVms(text, instances, current, opts), 'SkyPilot vms.csv', DEFAULT_SOURCE, file, flags, out, err, today);
    err(`infercost: ${file}: not a format InferCost reads. Expected a SkyPilot vms.csv (header InstanceType,…,Price,SpotPrice,Region,…), a LiteLLM model_prices_and_context_window.json, a models.dev api.json, an AWS Price List EC2 offer file or Azure Retail Prices API pages.\n`);
    return 2;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    err(`infercost: cannot read ${file} as JSON: ${(e as Error).message}\n`);
    return 2;
  }
  if (isAwsOffer(data)) return importVmFile((instances, current, opts) => merge(readAwsOffer(data, instances), instances, current, opts), 'AWS Price List offer file', 'https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/index.json', file, flags, out, err, today);
  if (isAzureRetail(data)) return importVmFile((instances, current, opts) => merge(readAzureRetail(data, instances), instances, current, opts), 'Azure Retail Prices API', 'https://prices.azure.com/api/retail/prices', file, flags, out, err, today);
  const catalogPath = flags.values.get('--catalog') ?? CATALOG;
  const current = TokenApis.safeParse(JSON.parse(readFileSync(catalogPath, 'utf8')));
  if (!current.success) {
    err(`infercost: ${catalogPath} is not a valid token API catalog\n`);
    return 1;
  }
  const r = importPrices(current.data.models, data, today, basename(file));
  if ('error' in r) {
    err(`infercost: ${file}: ${r.error} (nor an AWS Price List offer file or Azure Retail Prices API page). Nothing was changed.\n`);
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
  if (flags.dryRun) {
    out('Dry run: nothing written.\n');
    return 0;
  }
  writeFileSync(catalogPath, JSON.stringify(next.data, null, 2) + '\n');
  out(`Updated ${catalogPath}.\n`);
  return 0;
}

const CLOUD_LABEL: Record<string, string> = { aws: 'AWS', gcp: 'GCP', azure: 'Azure' };
const DEFAULT_SOURCE = 'https://github.com/skypilot-org/skypilot-catalog';

type VmImport = (instances: Instance[], current: RegionalPrices[], opts: VmImportOptions) => VmImportResult | ImportError;

function merge(rows: VmRows | ImportError, instances: Instance[], current: RegionalPrices[], opts: VmImportOptions): VmImportResult | ImportError {
  return 'error' in rows ? rows : mergeVmRows(rows, instances, current, opts);
}

function importVmFile(run: VmImport, formatName: string, defaultSource: string, file: string, flags: Flags, out: (s: string) => void, err: (s: string) => void, today: string): number {
  const dedicatedPath = flags.values.get('--dedicated') ?? join(PRICING, 'dedicated.json');
  const dir = flags.values.get('--regional-dir') ?? join(PRICING, 'regional');
  const dedicated = Dedicated.safeParse(JSON.parse(readFileSync(dedicatedPath, 'utf8')));
  if (!dedicated.success) {
    err(`infercost: ${dedicatedPath} is not a valid instance catalog\n`);
    return 1;
  }
  const current: RegionalPrices[] = [];
  for (const cloud of ['aws', 'gcp', 'azure']) {
    let raw: string;
    try {
      raw = readFileSync(join(dir, `${cloud}.json`), 'utf8');
    } catch {
      continue; // no regional prices for this cloud yet
    }
    const parsed = RegionalPrices.safeParse(JSON.parse(raw));
    if (!parsed.success) {
      err(`infercost: ${join(dir, `${cloud}.json`)} is not a valid regional price file: ${parsed.error.issues[0]?.message}\n`);
      return 1;
    }
    current.push(parsed.data);
  }
  const r = run(dedicated.data.instances, current, {
    today,
    dataDate: flags.values.get('--date'),
    source: flags.values.get('--source') ?? defaultSource,
    fileLabel: basename(file),
    accept: flags.accept,
    acceptAllHeld: flags.acceptHeld,
  });
  if ('error' in r) {
    err(`infercost: ${file}: ${r.error}. Nothing was changed.\n`);
    return 2;
  }
  const valid = RegionalPrices.safeParse(r.next);
  if (!valid.success) {
    err(`infercost: the imported prices do not validate (${valid.error.issues[0]?.path.join('.')}: ${valid.error.issues[0]?.message}). Nothing was changed.\n`);
    return 1;
  }
  const fresh = r.changes.filter((c) => c.oldUsd === null);
  const changed = r.changes.filter((c) => c.oldUsd !== null);
  const types = new Set(Object.keys(r.next.prices)).size;
  out(`Read ${basename(file)} (${formatName}, ${r.cloud.toUpperCase()}): ${r.rowsRead} rows; ${types} catalog instance types priced in ${new Set(Object.values(r.next.prices).flatMap((x) => Object.keys(x))).size} regions.\n`);
  out(`  ${changed.length} price${changed.length === 1 ? '' : 's'} changed, ${fresh.length} new (type, region) price${fresh.length === 1 ? '' : 's'}, ${r.held.length} held back, ${r.accepted.length} accepted despite a check.\n`);
  for (const c of changed) out(`  ${c.type.padEnd(26)} ${c.region.padEnd(24)} $${c.oldUsd}/h → $${c.newUsd}/h (${signedPct(c.change!)})\n`);
  if (flags.verbose) for (const c of fresh) out(`  ${c.type.padEnd(26)} ${c.region.padEnd(24)} new: $${c.newUsd}/h\n`);
  if (r.held.length > 0) {
    out(`Held back (not written; accept one with --accept TYPE@REGION, all with --accept-held):\n`);
    for (const h of r.held) out(`  ${h.type}@${h.region}: ${h.reasons.join('; ')}\n`);
  }
  for (const h of r.accepted) out(`  accepted ${h.type}@${h.region} despite: ${h.reasons.join('; ')}\n`);
  if (r.missingTypes.length > 0) out(`  catalog types with no row in the file (kept as they were): ${r.missingTypes.join(', ')}\n`);
  for (const s of r.skipped) out(`  skipped: ${s}\n`);
  if (flags.dryRun) {
    out('Dry run: nothing written.\n');
    return 0;
  }
  mkdirSync(dir, { recursive: true });
  const target = join(dir, `${r.cloud}.json`);
  writeFileSync(target, compactJson(valid.data));
  out(`Updated ${target} (source ${valid.data.source}, data of ${valid.data.checked}).\n`);
  return 0;
}

/** JSON with each [on-demand, spot] pair on one line, so a diff shows one line per changed price. */
export function compactJson(data: unknown): string {
  return (
    JSON.stringify(data, null, 1)
      .replace(/\[\n\s*([-\d.e]+|null),\n\s*([-\d.e]+|null)\n\s*\]/g, '[$1, $2]')
      .replace(/\[\n\s*([-\d.e]+|null),\n\s*([-\d.e]+|null),\n\s*(\d+)\n\s*\]/g, '[$1, $2, $3]') + '\n'
  );
}

/** `infercost prices status`: each source with its data date, and the rows older than 90 days. */
export function runPricesStatus(args: string[], catalog: Catalog, out: (s: string) => void, err: (s: string) => void, today: string): number {
  const flags = parsePriceFlags(args);
  const now = flags.values.get('--now') ?? today;
  if (flags.error || flags.file || !/^\d{4}-\d{2}-\d{2}$/.test(now)) {
    err(`infercost: ${flags.error ?? (flags.file ? `unexpected ${flags.file}` : '--now takes YYYY-MM-DD')}\n${PRICES_USAGE}`);
    return 2;
  }
  const sources = sourceFreshness(catalog, now);
  const stale = sources.reduce((n, s) => n + s.stale.length, 0);
  const rows = sources.reduce((n, s) => n + s.rows, 0);
  out(`Prices on ${now}: ${rows} dated rows from ${sources.length} sources; ${stale} older than ${STALE_AFTER_DAYS} days.\n`);
  for (const r of catalog.regional) {
    out(`  regional ${CLOUD_LABEL[r.cloud]}: ${r.format} data of ${r.checked} (imported ${r.imported}), ${Object.keys(r.prices).length} types, ${r.held.length} rows held back — ${r.source}\n`);
  }
  out(`Sources (oldest data first):\n`);
  for (const s of sources) {
    const age = daysBetween(s.oldest, now);
    out(`  ${s.oldest === s.newest ? s.oldest : `${s.oldest}…${s.newest}`}  ${String(s.rows).padStart(4)} row${s.rows === 1 ? ' ' : 's'}  ${age > STALE_AFTER_DAYS ? `STALE (${age} days)  ` : ''}${s.parts.join(', ')}  ${s.source}\n`);
  }
  if (stale > 0) {
    out(`Rows older than ${STALE_AFTER_DAYS} days:\n`);
    for (const s of sources) for (const r of s.stale) out(`  ${r.checked}  ${r.where}  (${s.source})\n`);
  }
  const retired = catalog.tokenApis.models.filter((m) => m.retired);
  if (retired.length > 0) {
    out(`Retired (never recommended without saying so):\n`);
    for (const m of retired) out(`  ${m.providerName} ${m.model}: retired ${m.retired!.on} (${m.retired!.source})\n`);
  }
  return 0;
}
