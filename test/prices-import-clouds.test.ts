// Importers for the clouds' own price lists: the AWS Price List EC2 offer file and the Azure Retail
// Prices API's JSON pages, through the same checks as the SkyPilot importer.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEmbeddedCatalog } from '../src/catalog/embedded.ts';
import { isAwsOffer, isAzureRetail, readAwsOffer, readAzureRetail } from '../src/core/catalog/import-cloud-lists.ts';
import { mergeVmRows } from '../src/core/catalog/import-vms.ts';
import { quoteSource } from '../src/core/catalog/schema.ts';

const instances = loadEmbeddedCatalog().dedicated.instances;
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as unknown;
const opts = { today: '2026-12-02', source: 'https://prices.example/list', fileLabel: 'sample.json' };
const cli = (file: string, dir: string) => spawnSync('npx', ['infercost', 'prices', 'import', new URL(`./fixtures/${file}`, import.meta.url).pathname, '--regional-dir', dir], { encoding: 'utf8' });

describe('AWS Price List offer file', () => {
  it('keeps Linux, shared, no-software, used-capacity Compute Instance rows of catalog types, dated by publicationDate', () => {
    const data = fixture('aws-offer-sample.json');
    expect(isAwsOffer(data)).toBe(true);
    const rows = readAwsOffer(data, instances);
    if ('error' in rows) throw new Error(rows.error);
    expect(rows.dataDate).toBe('2026-11-20');
    expect(rows.rows.sort((a, b) => a.region.localeCompare(b.region))).toEqual([
      { type: 'g5.xlarge', region: 'ap-northeast-1', usd: 1.459, spotUsd: null },
      { type: 'g5.xlarge', region: 'eu-west-1', usd: 1.123, spotUsd: null },
      { type: 'p5.48xlarge', region: 'us-east-1', usd: 55.04, spotUsd: null },
    ]);
    const r = mergeVmRows(rows, instances, [], opts);
    if ('error' in r) throw new Error(r.error);
    expect(r.next.format).toBe('aws-offer');
    expect(r.next.checked).toBe('2026-11-20');
    expect(r.next.prices['g5.xlarge']).toEqual({ 'ap-northeast-1': [1.459, null], 'eu-west-1': [1.123, null] });
    expect(r.held).toEqual([]);
  });

  it('a malformed offer file: a clear error, nothing written', () => {
    expect(readAwsOffer(fixture('aws-offer-malformed.json'), instances)).toEqual({ error: 'terms.OnDemand.AAA1: pricePerUnit.USD "one dollar" is not a non-negative number' });
    expect(readAwsOffer({ offerCode: 'AmazonS3', products: {}, terms: {} }, instances)).toEqual({ error: 'an AWS offer file for AmazonS3, not AmazonEC2' });
    const dir = mkdtempSync(join(tmpdir(), 'infercost-aws-'));
    writeFileSync(join(dir, 'aws.json'), readFileSync(new URL('../pricing/regional/aws.json', import.meta.url)));
    const before = readFileSync(join(dir, 'aws.json'), 'utf8');
    const bad = cli('aws-offer-malformed.json', dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('infercost: ' + new URL('./fixtures/aws-offer-malformed.json', import.meta.url).pathname + ': terms.OnDemand.AAA1: pricePerUnit.USD "one dollar" is not a non-negative number. Nothing was changed.\n');
    expect(readFileSync(join(dir, 'aws.json'), 'utf8')).toBe(before);
  });
});

describe('Azure Retail Prices API pages', () => {
  it('takes pay-as-you-go Linux hours and the Spot meter, skips Windows and Low Priority; a region outside the US is now priced', () => {
    const data = fixture('azure-retail-sample.json');
    expect(isAzureRetail(data)).toBe(true);
    const rows = readAzureRetail([data], instances);
    if ('error' in rows) throw new Error(rows.error);
    expect(rows.rows.sort((a, b) => a.type.localeCompare(b.type) || a.region.localeCompare(b.region))).toEqual([
      { type: 'Standard_NC24ads_A100_v4', region: 'eastus', usd: 3.673, spotUsd: null },
      { type: 'Standard_NC24ads_A100_v4', region: 'westeurope', usd: 4.04, spotUsd: null },
      { type: 'Standard_NV36ads_A10_v5', region: 'westeurope', usd: 3.52, spotUsd: 0.88 },
    ]);
    const shipped = loadEmbeddedCatalog().regional;
    const r = mergeVmRows(rows, instances, shipped, opts);
    if ('error' in r) throw new Error(r.error);
    expect(r.next.prices['Standard_NV36ads_A10_v5']!['westeurope']).toEqual([3.52, 0.88]);
    // The US rows already shipped are kept, and keep their own source and date (an "earlier" import).
    const azure = shipped.find((x) => x.cloud === 'azure')!;
    expect(r.next.prices['Standard_NV36ads_A10_v5']!['eastus']).toEqual([3.2, 0.8, 1]);
    expect(r.next.earlier).toEqual([{ format: 'skypilot-vms', source: azure.source, checked: azure.checked, imported: azure.imported }]);
    expect(quoteSource(r.next, r.next.prices['Standard_NV36ads_A10_v5']!['eastus']!).source).toBe(azure.source);
    expect(quoteSource(r.next, r.next.prices['Standard_NV36ads_A10_v5']!['westeurope']!).source).toBe(opts.source);
    expect(r.changes).toContainEqual({ type: 'Standard_NV36ads_A10_v5', region: 'westeurope', oldUsd: null, newUsd: 3.52, change: null });
  });

  it('a malformed page: a clear error, nothing written', () => {
    expect(readAzureRetail(fixture('azure-retail-malformed.json'), instances)).toEqual({ error: 'page 1, item 5: retailPrice "4.04" is not a non-negative number' });
    expect(isAzureRetail({ Items: 'none' })).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'infercost-azure-'));
    const bad = cli('azure-retail-malformed.json', dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/page 1, item 5: retailPrice "4\.04" is not a non-negative number\. Nothing was changed\.\n$/);
    expect(() => readFileSync(join(dir, 'azure.json'))).toThrow();
  });
});
