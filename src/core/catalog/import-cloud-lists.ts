// Readers for the clouds' own published price lists, feeding the same checks and merge as the
// SkyPilot importer (import-vms.ts):
//   - the AWS Price List bulk offer file for EC2 (https://pricing.us-east-1.amazonaws.com/offers/v1.0/
//     aws/AmazonEC2/current/<region>/index.json): products + terms.OnDemand; Linux, shared tenancy, no
//     pre-installed software, capacity status "Used". It has no spot prices.
//   - the Azure Retail Prices API's JSON pages (https://prices.azure.com/api/retail/prices?...): Items of
//     serviceName "Virtual Machines", type "Consumption", per hour; Windows and Low Priority meters are
//     left out, "Spot" meters give the spot price. One page, or an array of pages.
// Pure: the shell reads the file and passes the parsed JSON.
import type { Instance } from './schema.ts';
import type { ImportError, VmRow, VmRows } from './import-vms.ts';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

export function isAwsOffer(data: unknown): boolean {
  return isObj(data) && typeof data.offerCode === 'string' && isObj(data.products) && isObj(data.terms);
}

export function isAzureRetail(data: unknown): boolean {
  const page = Array.isArray(data) ? data[0] : data;
  return isObj(page) && Array.isArray(page.Items) && ('BillingCurrency' in page || 'NextPageLink' in page || 'Count' in page);
}

export function readAwsOffer(data: unknown, instances: Instance[]): VmRows | ImportError {
  if (!isAwsOffer(data)) return { error: 'not an AWS Price List offer file: expected "offerCode", "products" and "terms"' };
  const d = data as Obj;
  if (d.offerCode !== 'AmazonEC2') return { error: `an AWS offer file for ${String(d.offerCode)}, not AmazonEC2` };
  const onDemand = (d.terms as Obj).OnDemand;
  if (!isObj(onDemand)) return { error: 'the offer file has no terms.OnDemand section' };
  const wanted = new Set(instances.filter((i) => i.cloud === 'aws').map((i) => i.type));
  const rows = new Map<string, VmRow>();
  const skipped: string[] = [];
  let read = 0;
  for (const [sku, p] of Object.entries(d.products as Obj)) {
    read++;
    if (!isObj(p) || !isObj(p.attributes)) return { error: `products.${sku} has no attributes` };
    const a = p.attributes as Record<string, unknown>;
    if (p.productFamily !== 'Compute Instance' || typeof a.instanceType !== 'string' || !wanted.has(a.instanceType)) continue;
    if (a.operatingSystem !== 'Linux' || a.tenancy !== 'Shared' || (a.preInstalledSw ?? 'NA') !== 'NA' || (a.capacitystatus ?? 'Used') !== 'Used') continue;
    if (a.licenseModel !== undefined && a.licenseModel !== 'No License required') continue;
    const region = typeof a.regionCode === 'string' ? a.regionCode : null;
    if (!region) return { error: `products.${sku} (${a.instanceType}) has no regionCode` };
    const terms = onDemand[sku];
    const usd = isObj(terms) ? hourlyUsd(terms) : null;
    if (usd === null) {
      skipped.push(`${a.instanceType} ${region}: no hourly on-demand USD price for SKU ${sku}`);
      continue;
    }
    if (typeof usd === 'string') return { error: `terms.OnDemand.${sku}: ${usd}` };
    rows.set(`${a.instanceType}@${region}`, { type: a.instanceType, region, usd, spotUsd: null });
  }
  const pub = typeof d.publicationDate === 'string' && /^\d{4}-\d{2}-\d{2}/.test(d.publicationDate) ? d.publicationDate.slice(0, 10) : undefined;
  return { format: 'aws-offer', cloud: 'aws', rows: [...rows.values()], rowsRead: read, skipped, ...(pub ? { dataDate: pub } : {}) };
}

/** The hourly USD price of an offer term ({ "SKU.TERM": { priceDimensions: { …: { unit: "Hrs", pricePerUnit: { USD } } } } }). */
function hourlyUsd(terms: Obj): number | null | string {
  for (const term of Object.values(terms)) {
    if (!isObj(term) || !isObj(term.priceDimensions)) continue;
    for (const dim of Object.values(term.priceDimensions)) {
      if (!isObj(dim) || dim.unit !== 'Hrs' || !isObj(dim.pricePerUnit)) continue;
      const text = dim.pricePerUnit.USD;
      const usd = typeof text === 'string' ? Number(text) : NaN;
      if (!Number.isFinite(usd) || usd < 0) return `pricePerUnit.USD "${String(text)}" is not a non-negative number`;
      if (usd > 0) return Number(usd.toPrecision(8));
    }
  }
  return null;
}

export function readAzureRetail(data: unknown, instances: Instance[]): VmRows | ImportError {
  if (!isAzureRetail(data)) return { error: 'not an Azure Retail Prices API page: expected an "Items" array' };
  const pages = (Array.isArray(data) ? data : [data]) as Obj[];
  const wanted = new Set(instances.filter((i) => i.cloud === 'azure').map((i) => i.type));
  const od = new Map<string, number>();
  const spot = new Map<string, number>();
  let read = 0;
  for (const [pi, page] of pages.entries()) {
    if (!isObj(page) || !Array.isArray(page.Items)) return { error: `page ${pi + 1} has no "Items" array` };
    for (const [ii, it] of (page.Items as unknown[]).entries()) {
      read++;
      const where = `page ${pi + 1}, item ${ii + 1}`;
      if (!isObj(it)) return { error: `${where} is not an object` };
      if (it.serviceName !== 'Virtual Machines' || it.type !== 'Consumption' || it.unitOfMeasure !== '1 Hour') continue;
      if (typeof it.armSkuName !== 'string' || !wanted.has(it.armSkuName)) continue;
      const names = `${String(it.productName ?? '')} ${String(it.skuName ?? '')} ${String(it.meterName ?? '')}`;
      if (/windows/i.test(names) || /low priority/i.test(names)) continue;
      if ((it.currencyCode ?? 'USD') !== 'USD') return { error: `${where}: currency ${String(it.currencyCode)}, not USD (ask the API with currencyCode='USD')` };
      const usd = it.retailPrice;
      if (typeof usd !== 'number' || !Number.isFinite(usd) || usd < 0) return { error: `${where}: retailPrice ${JSON.stringify(usd)} is not a non-negative number` };
      if (typeof it.armRegionName !== 'string' || it.armRegionName === '') return { error: `${where}: armRegionName is missing` };
      const key = `${it.armSkuName}@${it.armRegionName}`;
      (/spot/i.test(names) ? spot : od).set(key, usd);
    }
  }
  const rows: VmRow[] = [];
  const skipped: string[] = [];
  for (const [key, usd] of od) {
    const [type, region] = key.split('@') as [string, string];
    rows.push({ type, region, usd, spotUsd: spot.get(key) ?? null });
  }
  for (const key of spot.keys()) if (!od.has(key)) skipped.push(`${key.replace('@', ' ')}: a Spot price but no pay-as-you-go price`);
  return { format: 'azure-retail', cloud: 'azure', rows, rowsRead: read, skipped };
}
