import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEmbeddedCatalog } from '../src/catalog/embedded.ts';
import { importVms, splitCsvLine } from '../src/core/catalog/import-vms.ts';
import { RegionalPrices } from '../src/core/catalog/schema.ts';

const catalog = loadEmbeddedCatalog();
const instances = catalog.dedicated.instances;
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const opts = { today: '2026-12-02', source: 'https://github.com/skypilot-org/skypilot-catalog', fileLabel: 'sample.csv' };

function ok(r: ReturnType<typeof importVms>) {
  if ('error' in r) throw new Error(r.error);
  return r;
}

describe('SkyPilot vms.csv importer', () => {
  it('reads quoted fields with commas inside', () => {
    expect(splitCsvLine('a,"{\'x\': 1, \'y\': 2}",3')).toEqual(['a', "{'x': 1, 'y': 2}", '3']);
  });

  it('imports only the catalog types, folds zones (spot = the zones\' median) and stamps source and date', () => {
    const r = ok(importVms(fixture('skypilot-aws-sample.csv'), instances, [], { ...opts, dataDate: '2026-11-30' }));
    expect(r.cloud).toBe('aws');
    expect(r.next.prices['g5.xlarge']!['eu-west-1']).toEqual([1.123, 0.511]);
    expect(r.next.prices['g5.xlarge']!['us-east-1']).toEqual([1.006, 0.4177]);
    expect(r.next.prices['x9.unknown']).toBeUndefined();
    expect(r.next.checked).toBe('2026-11-30');
    expect(r.next.imported).toBe('2026-12-02');
    expect(r.next.source).toBe(opts.source);
    expect(RegionalPrices.safeParse(r.next).success).toBe(true);
    // The reference-region price equals the catalog's: not a change. eu-west-1 is new.
    expect(r.changes).toEqual([{ type: 'g5.xlarge', region: 'eu-west-1', oldUsd: null, newUsd: 1.123, change: null }]);
  });

  it('holds back a change of more than 30% and spot above on-demand, with the reasons', () => {
    const r = ok(importVms(fixture('skypilot-aws-sample.csv'), instances, [], opts));
    const p5 = r.held.find((h) => h.type === 'p5.48xlarge')!;
    expect(p5.region).toBe('us-east-1');
    expect(p5.reasons.join()).toMatch(/\$98\.32\/h changes the price it replaces \(\$55\.04\/h\) by \+78\.6%, more than 30%/);
    const g5 = r.held.find((h) => h.type === 'g5.48xlarge')!;
    expect(g5.reasons.join()).toMatch(/spot \$20\.0281\/h is above on-demand \$20\.02809\/h/);
    expect(r.next.prices['p5.48xlarge']).toBeUndefined();
    expect(r.next.held.map((h) => `${h.type}@${h.region}`).sort()).toEqual(['g5.48xlarge@ap-northeast-2', 'p5.48xlarge@us-east-1']);
  });

  it('writes a held row only when accepted explicitly', () => {
    const r = ok(importVms(fixture('skypilot-aws-sample.csv'), instances, [], { ...opts, accept: new Set(['p5.48xlarge@us-east-1']) }));
    expect(r.next.prices['p5.48xlarge']!['us-east-1']).toEqual([98.32, 30.326]);
    expect(r.accepted.map((h) => h.type)).toEqual(['p5.48xlarge']);
    expect(r.held.map((h) => h.type)).toEqual(['g5.48xlarge']);
  });

  it('checks a re-import against the regional price it replaces', () => {
    const first = ok(importVms(fixture('skypilot-aws-sample.csv'), instances, [], opts)).next;
    const dearer = fixture('skypilot-aws-sample.csv').replaceAll('1.123,', '1.6,');
    const r = ok(importVms(dearer, instances, [first], opts));
    expect(r.held.find((h) => h.type === 'g5.xlarge' && h.region === 'eu-west-1')!.reasons[0]).toMatch(/\$1\.6\/h changes the price it replaces \(\$1\.123\/h\) by \+42\.5%/);
    expect(r.next.prices['g5.xlarge']!['eu-west-1']).toEqual([1.123, 0.511]);
    const small = ok(importVms(fixture('skypilot-aws-sample.csv').replaceAll('1.123,', '1.2,'), instances, [first], opts));
    expect(small.changes).toContainEqual({ type: 'g5.xlarge', region: 'eu-west-1', oldUsd: 1.123, newUsd: 1.2, change: expect.closeTo(0.0686, 3) });
  });

  it('prices a GCP GPU machine as host + accelerator rows, and holds back a region far off the family\'s spread', () => {
    const r = ok(importVms(fixture('skypilot-gcp-sample.csv'), instances, [], opts));
    expect(r.cloud).toBe('gcp');
    expect(r.next.prices['g2-standard-4']!['us-central1']![0]).toBeCloseTo(0.70683, 5);
    expect(r.next.prices['a3-highgpu-8g']!['europe-west4']![0]).toBeCloseTo(9.93306 + 101.88413, 4);
    // SkyPilot's us-central1 H100 at $4.20 a GPU: half the catalog's price, held.
    const a3 = r.held.find((h) => h.type === 'a3-highgpu-8g' && h.region === 'us-central1')!;
    expect(a3.reasons[0]).toMatch(/by -51%, more than 30%/);
    const spread = ok(importVms(fixture('skypilot-gcp-sample.csv').replace('101.88413', '40.5'), instances, [], opts));
    expect(spread.held.find((h) => h.region === 'europe-west4')!.reasons[0]).toMatch(/-42\.6% against us-central1 \(\$87\.83\/h\); GCP regions usually run -15% to \+80%/);
  });

  it('refuses a malformed file with a clear error and changes nothing', () => {
    expect(importVms(fixture('skypilot-malformed.csv'), instances, [], opts)).toEqual({ error: 'line 3: Price "1.1x" is not a non-negative number' });
    expect(importVms('InstanceType,Price\ng5.xlarge,1', instances, [], opts)).toEqual({ error: expect.stringMatching(/^not a SkyPilot vms\.csv/) });
    const short = 'InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,SpotPrice,Region\ng5.xlarge,A10G,1,4,16,1.1\n';
    expect(importVms(short, instances, [], opts)).toEqual({ error: 'line 2 has 6 fields, the header 8' });
  });

  it('the CLI prints changes and held rows, writes the regional file, and leaves it alone on a malformed file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'infercost-regional-'));
    const out = execFileSync('npx', ['infercost', 'prices', 'import', new URL('./fixtures/skypilot-aws-sample.csv', import.meta.url).pathname, '--regional-dir', dir, '--date', '2026-11-30'], { encoding: 'utf8' });
    expect(out).toMatch(/0 prices changed, 1 new \(type, region\) price, 2 held back/);
    expect(out).toMatch(/p5\.48xlarge@us-east-1: on-demand \$98\.32\/h changes the price it replaces \(\$55\.04\/h\) by \+78\.6%/);
    const written = readFileSync(join(dir, 'aws.json'), 'utf8');
    expect(JSON.parse(written).prices['g5.xlarge']['eu-west-1']).toEqual([1.123, 0.511]);
    const bad = spawnSync('npx', ['infercost', 'prices', 'import', new URL('./fixtures/skypilot-malformed.csv', import.meta.url).pathname, '--regional-dir', dir], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/line 3: Price "1\.1x" is not a non-negative number\. Nothing was changed\./);
    expect(bad.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(readFileSync(join(dir, 'aws.json'), 'utf8')).toBe(written);
  });
});

describe('the shipped regional catalog', () => {
  it('is exactly what the importer makes of the copied SkyPilot rows (pricing/regional/build.sh)', () => {
    for (const cloud of ['aws', 'gcp', 'azure'] as const) {
      const shipped = catalog.regional.find((r) => r.cloud === cloud)!;
      const text = readFileSync(new URL(`../pricing/regional/skypilot/${cloud}.csv`, import.meta.url), 'utf8');
      const r = ok(importVms(text, instances, [], { today: shipped.imported, dataDate: shipped.checked, source: shipped.source, fileLabel: `${cloud}.csv` }));
      expect(r.next.prices).toEqual(shipped.prices);
      expect(r.next.held).toEqual(shipped.held);
    }
  });

  it('holds back the rows SOURCE.md flags: AWS P4/P5 before the 2025 cut, GCP H100 at $4.20 a GPU, the odd A100 rows', () => {
    const held = (cloud: string) => catalog.regional.find((r) => r.cloud === cloud)!.held.map((h) => `${h.type}@${h.region}`);
    expect(held('aws')).toEqual(expect.arrayContaining(['p5.48xlarge@us-east-1', 'p4d.24xlarge@us-east-1', 'p4de.24xlarge@us-east-1', 'p5.48xlarge@ap-northeast-1']));
    expect(held('gcp')).toEqual(expect.arrayContaining(['a3-highgpu-8g@us-central1', 'a3-highgpu-8g@asia-northeast1', 'a2-ultragpu-1g@us-central1', 'a2-highgpu-1g@europe-west4']));
    expect(held('azure')).toEqual([]);
    // Every held row says why.
    for (const r of catalog.regional) for (const h of r.held) expect(h.reasons.length).toBeGreaterThan(0);
  });

  it('keeps the copied source rows beside their provenance', () => {
    expect(readdirSync(new URL('../pricing/regional/skypilot/', import.meta.url)).sort()).toEqual(['SOURCE.md', 'aws.csv', 'azure.csv', 'gcp.csv']);
  });
});
