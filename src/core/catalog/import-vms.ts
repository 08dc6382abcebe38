// `infercost prices import <vms.csv>`: regional VM prices from the SkyPilot catalog's vms.csv
// (github.com/skypilot-org/skypilot-catalog, catalogs/v*/{aws,gcp,azure}/vms.csv). Pure: the shell
// reads the files, passes today's date and writes pricing/regional/<cloud>.json.
//
// Only instance types already in pricing/dedicated.json are imported (nothing is invented), and every
// row is sanity-checked before it may replace a price. A row is held back, with its reasons, when:
//   - its spot price is above its on-demand price;
//   - it changes the price it replaces (the regional price already shipped, or for the instance's
//     reference region the catalog's own price) by more than 30 %;
//   - its region is far off the family's usual spread: more than 15 % below the type's price in the
//     reference region (us-east-1, us-central1 and eastus are each cloud's cheapest regions), or
//     above it by more than the cloud's dearest regions do (AWS sa-east-1 +70 %, price-audit.md §7;
//     GCP me-central2 +60 % in the SkyPilot rows; Azure's US regions within +30 %), with a margin.
// A held row is written only when accepted explicitly (`--accept TYPE@REGION` or `--accept-held`).
import { quoteSource, type HeldRow, type Instance, type RegionalPrices, type RegionalQuote, type RegionalSource } from './schema.ts';
import type { Cloud } from '../workload.ts';

export const MAX_CHANGE = 0.3;
/** The family's usual spread, as a ratio to the reference region's price: [below, above]. */
export const USUAL_SPREAD: Record<Cloud, [number, number]> = { aws: [0.85, 1.8], gcp: [0.85, 1.8], azure: [0.85, 1.5] };

export const SKYPILOT_COLUMNS = ['InstanceType', 'AcceleratorName', 'AcceleratorCount', 'vCPUs', 'MemoryGiB', 'Price', 'SpotPrice', 'Region'] as const;

/** Our accelerator ids → the names SkyPilot's GCP accelerator rows use. */
const GCP_ACCELERATOR: Record<string, string> = { l4: 'L4', 'a100-40gb': 'A100', 'a100-80gb': 'A100-80GB', h100: 'H100', t4: 'T4', v100: 'V100' };

export interface VmRow {
  type: string;
  region: string;
  usd: number;
  spotUsd: number | null;
}

export interface VmChange {
  type: string;
  region: string;
  oldUsd: number | null;
  newUsd: number;
  /** Relative change against the price it replaces; null for a new (type, region). */
  change: number | null;
}

export interface VmImportOptions {
  today: string;
  /** The date of the data (defaults to today). */
  dataDate?: string;
  /** The source address stamped on the file. */
  source: string;
  fileLabel: string;
  /** "type@region" keys accepted despite a failed sanity check. */
  accept?: ReadonlySet<string>;
  acceptAllHeld?: boolean;
}

export interface VmImportResult {
  format: VmFormat;
  cloud: Cloud;
  next: RegionalPrices;
  changes: VmChange[];
  /** Rows held back in this import, with why. */
  held: HeldRow[];
  /** Held rows written anyway because they were accepted. */
  accepted: HeldRow[];
  /** Catalog instance types of this cloud the file has no row for. */
  missingTypes: string[];
  /** Rows skipped for another reason (no accelerator price for a GCP region, a malformed number). */
  skipped: string[];
  /** Data rows read. */
  rowsRead: number;
}

export type ImportError = { error: string };

export type VmFormat = 'skypilot-vms' | 'aws-offer' | 'azure-retail';

/** What a format's reader hands to the common checks: one row per (type, region) of the catalog's types. */
export interface VmRows {
  format: VmFormat;
  cloud: Cloud;
  rows: VmRow[];
  rowsRead: number;
  skipped: string[];
  /** The data's own date when the file says it (AWS publicationDate). */
  dataDate?: string;
}

/** Is this text a SkyPilot vms.csv? Looks only at the header. */
export function isSkyPilotCsv(text: string): boolean {
  const header = text.slice(0, 400).split(/\r?\n/, 1)[0] ?? '';
  const cols = splitCsvLine(header);
  return SKYPILOT_COLUMNS.every((c) => cols.includes(c));
}

/** One CSV line → fields (RFC 4180 quoting: "a,b" and "" inside quotes). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

interface RawRow {
  line: number;
  type: string;
  accelerator: string;
  acceleratorCount: number | null;
  region: string;
  usd: number;
  spotUsd: number | null;
}

function readCsv(text: string): RawRow[] | ImportError {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) return { error: 'the file has a header but no data rows' };
  const header = splitCsvLine(lines[0]!);
  const missing = SKYPILOT_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) return { error: `not a SkyPilot vms.csv: the header lacks ${missing.join(', ')}` };
  const col = (name: string) => header.indexOf(name);
  const [iType, iAcc, iCount, iPrice, iSpot, iRegion] = ['InstanceType', 'AcceleratorName', 'AcceleratorCount', 'Price', 'SpotPrice', 'Region'].map(col) as [number, number, number, number, number, number];
  const rows: RawRow[] = [];
  for (let n = 1; n < lines.length; n++) {
    const f = splitCsvLine(lines[n]!);
    const where = `line ${n + 1}`;
    if (f.length !== header.length) return { error: `${where} has ${f.length} fields, the header ${header.length}` };
    const region = f[iRegion]!.trim();
    const type = f[iType]!.trim();
    const accelerator = f[iAcc]!.trim();
    if (!region) return { error: `${where}: the Region is empty` };
    if (!type && !accelerator) return { error: `${where}: neither an InstanceType nor an AcceleratorName` };
    const usd = Number(f[iPrice]);
    if (f[iPrice]!.trim() === '' || !Number.isFinite(usd) || usd < 0) return { error: `${where}: Price "${f[iPrice]}" is not a non-negative number` };
    const spotText = f[iSpot]!.trim();
    const spot = spotText === '' ? null : Number(spotText);
    if (spot !== null && (!Number.isFinite(spot) || spot < 0)) return { error: `${where}: SpotPrice "${spotText}" is not a non-negative number` };
    const countText = f[iCount]!.trim();
    const count = countText === '' ? null : Number(countText);
    if (count !== null && !Number.isFinite(count)) return { error: `${where}: AcceleratorCount "${countText}" is not a number` };
    rows.push({ line: n + 1, type, accelerator, acceleratorCount: count, region, usd, spotUsd: spot });
  }
  return rows;
}

/** Which cloud a vms.csv describes, from its region names. */
function cloudOf(rows: RawRow[]): Cloud | null {
  const votes: Record<Cloud, number> = { aws: 0, gcp: 0, azure: 0 };
  for (const r of rows.slice(0, 200)) {
    if (/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(r.region)) votes.aws++;
    else if (/^[a-z]+-[a-z]+\d+$/.test(r.region)) votes.gcp++;
    else if (/^[a-z]+\d?$/.test(r.region)) votes.azure++;
  }
  const best = (Object.entries(votes) as [Cloud, number][]).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : null;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number) => Number(x.toPrecision(8));

/** Region rows of the catalog's types: zones folded (on-demand: the first zone's; spot: the zones' median). */
function regionRows(rows: RawRow[], cloud: Cloud, instances: Instance[], skipped: string[]): VmRow[] | ImportError {
  const wanted = new Map(instances.filter((i) => i.cloud === cloud).map((i) => [i.type, i]));
  // GCP GPU machines: the host row plus the accelerator row for the same region.
  const accel = new Map<string, RawRow>();
  if (cloud === 'gcp') for (const r of rows) if (!r.type && r.accelerator) accel.set(`${r.accelerator}×${r.acceleratorCount}@${r.region}`, r);
  const groups = new Map<string, { type: string; region: string; usd: number[]; spot: number[] }>();
  for (const r of rows) {
    const inst = r.type ? wanted.get(r.type) : undefined;
    if (!inst) continue;
    let usd = r.usd;
    let spot = r.spotUsd;
    if (cloud === 'gcp' && inst.accelerator && !r.accelerator) {
      const name = GCP_ACCELERATOR[inst.accelerator.id];
      const a = name ? accel.get(`${name}×${inst.accelerator.count}@${r.region}`) : undefined;
      if (!a) {
        skipped.push(`${r.type} ${r.region}: the file has the host price but no ${name ?? inst.accelerator.id} ×${inst.accelerator.count} accelerator price for that region`);
        continue;
      }
      usd += a.usd;
      spot = spot === null || a.spotUsd === null ? null : spot + a.spotUsd;
    }
    const key = `${r.type}@${r.region}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { type: r.type, region: r.region, usd: [], spot: [] }));
    g.usd.push(usd);
    if (spot !== null) g.spot.push(spot);
  }
  return [...groups.values()].map((g) => ({ type: g.type, region: g.region, usd: round(g.usd[0]!), spotUsd: g.spot.length ? round(median(g.spot)) : null }));
}

export function importVms(text: string, instances: Instance[], current: RegionalPrices[], opts: VmImportOptions): VmImportResult | ImportError {
  if (!isSkyPilotCsv(text)) return { error: `not a SkyPilot vms.csv: the first line must name the columns ${SKYPILOT_COLUMNS.join(', ')}` };
  const raw = readCsv(text);
  if ('error' in raw) return raw;
  const cloud = cloudOf(raw);
  if (!cloud) return { error: 'cannot tell which cloud the regions belong to (expected names like us-east-1, us-central1 or eastus)' };
  const skipped: string[] = [];
  const rows = regionRows(raw, cloud, instances, skipped);
  if ('error' in rows) return rows;
  return mergeVmRows({ format: 'skypilot-vms', cloud, rows, rowsRead: raw.length, skipped }, instances, current, opts);
}

/** The checks and the merge every VM price format shares. */
export function mergeVmRows(input: VmRows, instances: Instance[], current: RegionalPrices[], opts: VmImportOptions): VmImportResult | ImportError {
  const { cloud, rows, skipped, format } = input;
  const ours = instances.filter((i) => i.cloud === cloud);
  if (rows.length === 0) return { error: `no row of the file is an instance type the catalog has for ${cloud.toUpperCase()} (${ours.slice(0, 3).map((i) => i.type).join(', ')}, …); nothing changed` };
  const before = current.find((c) => c.cloud === cloud);
  const checked = opts.dataDate ?? input.dataDate ?? opts.today;
  // Rows this import does not replace keep their own source and date: when the source or date
  // changes, the previous import becomes an "earlier" source the kept rows point at.
  const earlier: RegionalSource[] = [];
  const prices: RegionalPrices['prices'] = {};
  if (before) {
    const same = before.source === opts.source && before.checked === checked && before.format === format;
    const indexOf = (src: RegionalSource): number | undefined => {
      if (same && src.source === opts.source && src.checked === checked && src.format === format) return undefined;
      let i = earlier.findIndex((e) => e.source === src.source && e.checked === src.checked && e.format === src.format);
      if (i < 0) i = earlier.push(src) - 1;
      return i + 1;
    };
    for (const [t, regions] of Object.entries(before.prices)) {
      for (const [g, q] of Object.entries(regions)) {
        const k = indexOf(quoteSource(before, q));
        (prices[t] ??= {})[g] = k === undefined ? [q[0], q[1]] : [q[0], q[1], k];
      }
    }
  }
  const keptHeld = (before?.held ?? []).filter((h) => !rows.some((r) => r.type === h.type && r.region === h.region));
  const byType = new Map(ours.map((i) => [i.type, i]));
  const [below, above] = USUAL_SPREAD[cloud];
  const changes: VmChange[] = [];
  const held: HeldRow[] = [];
  const accepted: HeldRow[] = [];
  for (const r of rows) {
    const inst = byType.get(r.type)!;
    const ref = inst.onDemand;
    const prev = prices[r.type]?.[r.region]?.[0] ?? (r.region === ref.region ? ref.usd : null);
    const reasons: string[] = [];
    if (r.spotUsd !== null && r.spotUsd > r.usd) reasons.push(`spot $${r.spotUsd}/h is above on-demand $${r.usd}/h`);
    const change = prev === null ? null : (r.usd - prev) / prev;
    if (change !== null && Math.abs(change) > MAX_CHANGE) reasons.push(`on-demand $${r.usd}/h changes the price it replaces ($${prev}/h) by ${signedPct(change)}, more than ${Math.round(MAX_CHANGE * 100)}%`);
    if (r.region !== ref.region) {
      const ratio = r.usd / ref.usd;
      if (ratio < below || ratio > above) {
        reasons.push(`$${r.usd}/h is ${signedPct(ratio - 1)} against ${ref.region} ($${ref.usd}/h); ${cloud.toUpperCase()} regions usually run ${signedPct(below - 1)} to ${signedPct(above - 1)}`);
      }
    }
    if (reasons.length > 0) {
      const h: HeldRow = { type: r.type, region: r.region, usd: r.usd, spotUsd: r.spotUsd, reasons };
      if (opts.acceptAllHeld || opts.accept?.has(`${r.type}@${r.region}`)) accepted.push(h);
      else {
        held.push(h);
        continue;
      }
    }
    if (prev === null || Math.abs(prev - r.usd) > 1e-9) changes.push({ type: r.type, region: r.region, oldUsd: prev, newUsd: r.usd, change });
    (prices[r.type] ??= {})[r.region] = [r.usd, r.spotUsd];
  }
  const missingTypes = ours.filter((i) => !rows.some((r) => r.type === i.type)).map((i) => i.type);
  const next: RegionalPrices = {
    cloud,
    format,
    source: opts.source,
    checked,
    imported: opts.today,
    note: `imported from ${opts.fileLabel} (${format}) with \`infercost prices import\` on ${opts.today}; on-demand is the region's Linux price${format === 'skypilot-vms' ? ', spot the median of its zones at the time the list was generated' : format === 'azure-retail' ? ', spot the Spot meter' : '; the offer file has no spot prices'}`,
    prices: sortPrices(prices),
    earlier,
    held: [...keptHeld, ...held],
  };
  return { format, cloud, next, changes, held, accepted, missingTypes, skipped, rowsRead: input.rowsRead };
}

function sortPrices(p: RegionalPrices['prices']): RegionalPrices['prices'] {
  const out: RegionalPrices['prices'] = {};
  for (const t of Object.keys(p).sort()) {
    const regions: Record<string, RegionalQuote> = {};
    for (const r of Object.keys(p[t]!).sort()) regions[r] = p[t]![r]!;
    out[t] = regions;
  }
  return out;
}

export function signedPct(x: number): string {
  const v = Math.round(x * 1000) / 10;
  if (v === 0 && x !== 0) return x > 0 ? '+<0.1%' : '-<0.1%';
  return `${v > 0 ? '+' : ''}${v}%`;
}
