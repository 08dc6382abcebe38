// Which region an instance is priced in, and at what price. Without a stated region: the cloud's
// cheapest region. With one: that region, the cheapest region of a stated place or area, or, when
// the catalog has no price there, the cloud's cheapest region with a note naming it and the typical
// difference. Prices come from pricing/regional/<cloud>.json (imported from a published price list)
// and, for the instance's reference region, from pricing/dedicated.json.
import { quoteSource, type Catalog, type Instance, type Price, type RegionalPrices } from '../catalog/schema.ts';
import { regionsIn, scopeLabel, scopeOf } from '../regions.ts';
import type { Cloud } from '../workload.ts';

export interface RegionalPrice {
  price: Price;
  /** The region priced. */
  region: string;
  /** Said to the user when the region priced is not the one stated (or the stated one is an area). */
  note: string | null;
}

interface CloudIndex {
  file: RegionalPrices | null;
  /** Every region with a price for at least one of the cloud's types. */
  regions: string[];
  /** The cloud's cheapest region: lowest median price ratio to the reference region. */
  cheapest: string;
  reference: string;
}

const indexCache = new WeakMap<Catalog, Map<Cloud, CloudIndex>>();

function indexOf(catalog: Catalog, cloud: Cloud): CloudIndex | null {
  let byCloud = indexCache.get(catalog);
  if (!byCloud) indexCache.set(catalog, (byCloud = new Map()));
  const hit = byCloud.get(cloud);
  if (hit) return hit;
  const instances = catalog.dedicated.instances.filter((i) => i.cloud === cloud);
  if (instances.length === 0) return null;
  const reference = mode(instances.map((i) => i.onDemand.region));
  const file = catalog.regional.find((r) => r.cloud === cloud) ?? null;
  const regions = new Set<string>([reference]);
  const ratios = new Map<string, number[]>();
  for (const inst of instances) {
    const quotes = file?.prices[inst.type];
    if (!quotes) continue;
    const base = quotes[reference]?.[0] ?? inst.onDemand.usd;
    for (const [region, [usd]] of Object.entries(quotes)) {
      regions.add(region);
      let r = ratios.get(region);
      if (!r) ratios.set(region, (r = []));
      r.push(usd / base);
    }
  }
  let cheapest = reference;
  let best = median(ratios.get(reference) ?? [1]);
  for (const [region, r] of ratios) {
    // A region that prices under half the cloud's types is not a default anyone would pick.
    if (r.length * 2 < instances.length) continue;
    const m = median(r);
    if (m < best * 0.995) [cheapest, best] = [region, m];
  }
  const idx: CloudIndex = { file, regions: [...regions].sort(), cheapest, reference };
  byCloud.set(cloud, idx);
  return idx;
}

/** The on-demand price of an instance in a region, or null when the catalog has none there. */
export function priceIn(inst: Instance, region: string, catalog: Catalog): Price | null {
  const file = indexOf(catalog, inst.cloud)?.file;
  const q = file?.prices[inst.type]?.[region];
  if (q && file) {
    const src = quoteSource(file, q);
    return {
      usd: q[0],
      unit: 'hour',
      region,
      currency: 'USD',
      source: src.source,
      checked: src.checked,
      confidence: 'secondary',
      note: `${src.format} import of ${src.imported}`,
    };
  }
  return region === inst.onDemand.region ? inst.onDemand : null;
}

/** The price an option uses for this instance, for the workload's stated region (or none). */
export function regionalPrice(inst: Instance, stated: string | null, catalog: Catalog): RegionalPrice {
  const idx = indexOf(catalog, inst.cloud)!;
  const fallback = (): { price: Price; region: string } => {
    const p = priceIn(inst, idx.cheapest, catalog);
    if (p) return { price: p, region: idx.cheapest };
    return { price: priceIn(inst, idx.reference, catalog) ?? inst.onDemand, region: inst.onDemand.region };
  };
  if (stated === null) return { ...fallback(), note: null };
  const scope = scopeOf(stated);
  if (!scope) {
    const f = fallback();
    return { ...f, note: `region "${stated}" is not one InferCost knows; priced at ${f.region}` };
  }
  const label = scopeLabel(scope);
  const wanted = regionsIn(scope, inst.cloud, idx.regions);
  let best: { price: Price; region: string } | null = null;
  for (const region of wanted) {
    const p = priceIn(inst, region, catalog);
    if (p && (!best || p.usd < best.price.usd)) best = { price: p, region };
  }
  if (best) {
    const note = scope.kind === 'region' && scope.id === best.region ? null : `the cheapest ${inst.cloud.toUpperCase()} region for ${label} with a price: ${best.region}`;
    return { ...best, note };
  }
  const f = fallback();
  const dataThere = wanted.filter((r) => idx.regions.includes(r));
  if (wanted.length === 0) {
    return { ...f, note: `${inst.cloud.toUpperCase()} has no region for ${label} in the catalog; priced at ${f.region}` };
  }
  if (dataThere.length === 0) {
    const what = inst.cloud === 'azure' ? 'the Azure price data has no regions outside the US' : `the ${inst.cloud.toUpperCase()} price data has no rows for ${wanted.join(', ')}`;
    return { ...f, note: `${what}: ${inst.type} is priced at ${f.region}; the difference in ${label} is not known` };
  }
  const diff = typicalDifference(idx, wanted, f.region);
  const where = wanted.length === 1 && wanted[0] === label ? label : `${label} (${wanted.join(', ')})`;
  const held = idx.file?.held.find((h) => h.type === inst.type && wanted.includes(h.region));
  const why = held ? `its ${held.region} price was held back by the importer (${held.reasons[0]})` : `the price list has no ${inst.type} in ${where}`;
  return {
    ...f,
    note: `${why}: ${inst.type} is priced at ${f.region} instead${diff === null ? '' : `; other ${inst.cloud.toUpperCase()} instances typically cost ${diff} there`}`,
  };
}

/** The median ratio, over the cloud's types priced in both, of the wanted regions' price to the fallback's. */
function typicalDifference(idx: CloudIndex, wanted: string[], from: string): string | null {
  const ratios: number[] = [];
  for (const quotes of Object.values(idx.file?.prices ?? {})) {
    const base = quotes[from]?.[0];
    if (!base) continue;
    for (const r of wanted) {
      const q = quotes[r];
      if (q) ratios.push(q[0] / base);
    }
  }
  if (ratios.length === 0) return null;
  const d = median(ratios) - 1;
  const pct = Math.round(d * 100);
  return pct === 0 ? `about the same as in ${from}` : `${pct > 0 ? '+' : ''}${pct}% against ${from}`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function mode(xs: string[]): string {
  const n = new Map<string, number>();
  for (const x of xs) n.set(x, (n.get(x) ?? 0) + 1);
  return [...n.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}
