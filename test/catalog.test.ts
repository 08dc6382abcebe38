// The pricing catalog: it validates, every price is sourced and dated, references resolve, and the
// guide's pricing table is reproduced from catalog prices (or explicitly marked stale).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import guideReference from '../pricing/guide-reference.json' with { type: 'json' };
import { catalogIssues, KNOWN_MODELS_URL, loadEmbeddedCatalog, loadKnownModels, rawCatalog } from '../src/catalog/embedded.ts';
import type { Catalog, Price, TieredPrice } from '../src/core/catalog/schema.ts';

type Found = { path: string; value: Record<string, unknown> };

/** Every object in the tree that looks like a Price (usd + currency) or a TieredPrice (tiers + currency). */
function findPrices(node: unknown, path = '$', out: Found[] = []): Found[] {
  if (Array.isArray(node)) {
    node.forEach((v, i) => findPrices(v, `${path}[${i}]`, out));
  } else if (node !== null && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    if ('currency' in obj && ('usd' in obj || 'tiers' in obj)) out.push({ path, value: obj });
    for (const [k, v] of Object.entries(obj)) findPrices(v, `${path}.${k}`, out);
  }
  return out;
}

/** Every object carrying a `source` (prices, Sourced facts, defunct entries). */
function findSourced(node: unknown, path = '$', out: Found[] = []): Found[] {
  if (Array.isArray(node)) {
    node.forEach((v, i) => findSourced(v, `${path}[${i}]`, out));
  } else if (node !== null && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    if ('source' in obj) out.push({ path, value: obj });
    for (const [k, v] of Object.entries(obj)) findSourced(v, `${path}.${k}`, out);
  }
  return out;
}

const isHttpUrl = (s: unknown) => {
  if (typeof s !== 'string') return false;
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
};
const TODAY = new Date().toISOString().slice(0, 10);

describe('embedded pricing catalog', () => {
  it('validates against the schema', () => {
    expect(catalogIssues()).toEqual([]);
    expect(() => loadEmbeddedCatalog()).not.toThrow();
  });

  const catalog: Catalog = loadEmbeddedCatalog();
  const prices = findPrices(catalog);

  it('has prices in every part', () => {
    expect(prices.length).toBeGreaterThan(100);
    for (const part of ['dedicated', 'serverless', 'tokenApis', 'mediaApis']) {
      expect(prices.some((p) => p.path.startsWith(`$.${part}.`)), part).toBe(true);
    }
  });

  it('gives every price (and every sourced fact) a source address and a checked date', () => {
    const bad: string[] = [];
    for (const { path, value } of [...prices, ...findSourced(catalog)]) {
      if (!isHttpUrl(value.source)) bad.push(`${path}: source ${String(value.source)}`);
      const checked = value.checked;
      if (typeof checked !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(checked) || checked > TODAY) bad.push(`${path}: checked ${String(checked)}`);
    }
    for (const { path, value } of prices) {
      if (!['official', 'secondary', 'derived', 'unverified'].includes(String(value.confidence))) bad.push(`${path}: confidence`);
      if (value.currency !== 'USD') bad.push(`${path}: currency`);
      if (typeof value.unit !== 'string' || value.unit.length === 0) bad.push(`${path}: unit`);
    }
    expect(bad).toEqual([]);
  });

  it('has no zero price unless it is a documented free item', () => {
    const bad: string[] = [];
    for (const { path, value } of prices) {
      const amounts = 'tiers' in value ? (value as unknown as TieredPrice).tiers.map((t) => t.usd) : [(value as unknown as Price).usd];
      const note = typeof value.note === 'string' ? value.note : '';
      if (amounts.some((a) => a === 0) && !/\bfree\b|no (extra )?charge/i.test(note)) bad.push(path);
    }
    expect(bad).toEqual([]);
  });

  it('keeps the raw JSON free of NaN-like or negative numbers', () => {
    const bad = findPrices(rawCatalog).filter(({ value }) => typeof value.usd === 'number' && !(value.usd >= 0 && Number.isFinite(value.usd)));
    expect(bad.map((b) => b.path)).toEqual([]);
  });

  it('resolves every instance cpu and accelerator to hardware.json', () => {
    const cpus = new Set(catalog.hardware.cpus.map((c) => c.id));
    const accels = new Set(catalog.hardware.accelerators.map((a) => a.id));
    const bad: string[] = [];
    for (const i of catalog.dedicated.instances) {
      if (!cpus.has(i.cpu)) bad.push(`${i.type}: cpu ${i.cpu}`);
      if (i.accelerator && !accels.has(i.accelerator.id)) bad.push(`${i.type}: accelerator ${i.accelerator.id}`);
    }
    for (const g of catalog.serverless.gpu) {
      for (const h of g.hardware) if (h.accelerator !== null && !accels.has(h.accelerator)) bad.push(`${g.provider}/${h.slug}: ${h.accelerator}`);
    }
    expect(bad).toEqual([]);
  });

  it('has unique ids', () => {
    const dupes = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);
    expect(dupes(catalog.hardware.accelerators.map((a) => a.id))).toEqual([]);
    expect(dupes(catalog.hardware.cpus.map((c) => c.id))).toEqual([]);
    expect(dupes(catalog.dedicated.instances.map((i) => `${i.cloud}/${i.type}`))).toEqual([]);
    expect(dupes(catalog.serverless.cpu.map((s) => s.id))).toEqual([]);
    expect(dupes(catalog.serverless.gpu.map((s) => s.provider))).toEqual([]);
    expect(dupes(catalog.tokenApis.models.map((m) => `${m.provider}/${m.model}`))).toEqual([]);
    expect(dupes(catalog.dedicated.terms.map((t) => t.cloud))).toEqual([]);
  });

  it('has terms for every cloud with an instance, and sane ranges', () => {
    const clouds = new Set(catalog.dedicated.instances.map((i) => i.cloud));
    for (const c of clouds) expect(catalog.dedicated.terms.some((t) => t.cloud === c), c).toBe(true);
    for (const t of catalog.dedicated.terms) {
      for (const r of [t.spotDiscount, t.commit1yDiscount, t.commit3yDiscount]) {
        expect(r.min).toBeLessThanOrEqual(r.typical);
        expect(r.typical).toBeLessThanOrEqual(r.max);
        expect(r.max).toBeLessThan(1);
      }
      if (t.managedMarkup) expect(t.managedMarkup.min).toBeGreaterThanOrEqual(1);
    }
  });

  it('points defunct products at alternatives that exist', () => {
    const ids = new Set([...catalog.serverless.gpu.map((g) => g.provider), ...catalog.serverless.cpu.map((c) => c.id)]);
    for (const d of catalog.serverless.defunct) for (const a of d.alternatives) expect(ids.has(a), `${d.id} → ${a}`).toBe(true);
  });

  it.skipIf(!existsSync(KNOWN_MODELS_URL))('matches every token API weightsId to pricing/known-models.json', () => {
    const known = loadKnownModels();
    const ids = new Set(known.flatMap((m) => [m.id, m.weightsId].filter((x): x is string => typeof x === 'string')));
    const missing = [...new Set(catalog.tokenApis.models.map((m) => m.weightsId))].filter((w) => !ids.has(w));
    expect(missing).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The guide's pricing table, recomputed from catalog prices.

type Profile =
  | { kind: 'serverless-memory'; option: string; memoryGB: number; secondsPerRequest: number; gateway?: string }
  | { kind: 'serverless-vcpu'; option: string; vcpu: number; memoryGiB: number; secondsPerRequest: number; concurrency: number }
  | { kind: 'instance-hour'; cloud: string; type: string }
  | { kind: 'gpu-second'; provider: string; slug: string };
interface GuideRow { service: string; guideFigure: number; guideUnit: string; reproduces: boolean; profile: Profile; note: string }

/** Per-request prices are stored per 1M requests (or per request); convert to dollars per request. */
function perRequestUsd(p: { usd: number; unit: string } | undefined): number {
  if (!p) return 0;
  if (p.unit === '1M requests') return p.usd / 1e6;
  if (p.unit === 'request') return p.usd;
  throw new Error(`unexpected request unit ${p.unit}`);
}
function firstTierPerRequest(t: TieredPrice): number {
  return perRequestUsd({ usd: t.tiers[0]!.usd, unit: t.unit });
}

function recompute(catalog: Catalog, p: Profile): number {
  switch (p.kind) {
    case 'serverless-memory': {
      const s = catalog.serverless.cpu.find((o) => o.id === p.option)!;
      const gw = p.gateway ? catalog.serverless.gateways.find((g) => g.id === p.gateway)! : undefined;
      const perReq = perRequestUsd(s.perRequest) + p.memoryGB * p.secondsPerRequest * s.perGbSecond!.usd + (gw?.perRequest ? firstTierPerRequest(gw.perRequest) : 0);
      return perReq * 1000;
    }
    case 'serverless-vcpu': {
      const s = catalog.serverless.cpu.find((o) => o.id === p.option)!;
      const compute = (p.vcpu * s.perVcpuSecond!.usd + p.memoryGiB * s.perGibSecond!.usd) * p.secondsPerRequest / p.concurrency;
      return (perRequestUsd(s.perRequest) + compute) * 1000;
    }
    case 'instance-hour':
      return catalog.dedicated.instances.find((i) => i.cloud === p.cloud && i.type === p.type)!.onDemand.usd;
    case 'gpu-second':
      return catalog.serverless.gpu.find((g) => g.provider === p.provider)!.hardware.find((h) => h.slug === p.slug)!.perSecond.usd;
  }
}

describe("the guide's pricing table", () => {
  const catalog = loadEmbeddedCatalog();
  const rows = guideReference.rows as GuideRow[];

  it('covers all six rows of the guide', () => {
    expect(rows.map((r) => r.service)).toEqual([
      'AWS SageMaker Serverless', 'AWS Lambda + API Gateway', 'Google Cloud Run', 'EC2 c6i.xlarge (CPU)', 'EC2 g5.xlarge (GPU)', 'Replicate (GPU)',
    ]);
  });

  for (const row of rows) {
    it(`${row.service}: ${row.reproduces ? 'reproduces' : 'is marked stale against'} $${row.guideFigure}/${row.guideUnit}`, () => {
      const computed = recompute(catalog, row.profile);
      const ratio = computed / row.guideFigure;
      if (row.reproduces) {
        expect(Math.abs(ratio - 1), `computed ${computed}`).toBeLessThanOrEqual(0.02);
      } else {
        expect(Math.abs(ratio - 1), `computed ${computed}`).toBeGreaterThan(0.02);
        expect(row.note).toMatch(/stale/i);
      }
    });
  }

  it('hand-checks the serverless formulas', () => {
    const lambda = catalog.serverless.cpu.find((o) => o.id === 'aws-lambda')!;
    expect(lambda.perRequest!.usd).toBe(0.2);
    expect(lambda.perGbSecond!.usd).toBe(0.0000166667);
    // Lambda 2 GB x 1.39 s + REST $3.50/M + requests $0.20/M, per 1K requests
    expect(0.0002 + 2 * 1.39 * 0.0000166667 * 1000 + 0.0035).toBeCloseTo(0.05, 3);
    // SageMaker Serverless 2 GB x 5 s
    expect(2 * 5 * 0.00002 * 1000).toBeCloseTo(0.2, 6);
    // Cloud Run 1 vCPU + 2 GiB x 1.37 s + $0.40/M
    expect((1.37 * 0.000024 + 2 * 1.37 * 0.0000025 + 0.0000004) * 1000).toBeCloseTo(0.04, 3);
  });

  it('notes the stale Replicate figure on the A100 row', () => {
    const a100 = catalog.serverless.gpu.find((g) => g.provider === 'replicate')!.hardware.find((h) => h.slug === 'gpu-a100-large')!;
    expect(a100.perSecond.note).toMatch(/0\.0023/);
  });
});
