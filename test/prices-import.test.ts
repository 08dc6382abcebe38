import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEmbeddedCatalog } from '../src/catalog/embedded.ts';
import { importPrices } from '../src/core/catalog/import-prices.ts';

const rows = loadEmbeddedCatalog().tokenApis.models;
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('infercost prices import', () => {
  it('reads LiteLLM per-token prices, updates matching rows and reports each change', () => {
    const r = importPrices(rows, fixture('litellm-sample.json'), '2026-12-01', 'litellm-sample.json');
    if ('error' in r) throw new Error(r.error);
    expect(r.format).toBe('litellm');
    expect(r.matched).toBe(3);
    const together = r.rows.find((x) => x.provider === 'together' && x.weightsId === 'llama-3.1-8b')!;
    expect(together.inputPer1M.usd).toBe(0.2);
    expect(together.inputPer1M.checked).toBe('2026-12-01');
    const change = r.changes.find((c) => c.provider === 'together' && c.field === 'input')!;
    expect(change.oldUsd).toBe(0.18);
    expect(change.change).toBeCloseTo(0.1111, 3);
    // Unchanged prices are not reported as changes; rows missing from the file are kept.
    expect(r.changes.some((c) => c.provider === 'groq')).toBe(false);
    expect(r.rows.length).toBe(rows.length);
  });

  it('reads models.dev per-1M prices', () => {
    const r = importPrices(rows, fixture('models-dev-sample.json'), '2026-12-01', 'api.json');
    if ('error' in r) throw new Error(r.error);
    expect(r.format).toBe('models.dev');
    expect(r.changes).toContainEqual(expect.objectContaining({ provider: 'groq', field: 'input', oldUsd: 0.05, newUsd: 0.06 }));
  });

  it('refuses a file in neither format', () => {
    expect(importPrices(rows, { hello: 'world' }, '2026-12-01', 'x.json')).toEqual({ error: expect.stringMatching(/LiteLLM|models.dev/) });
  });

  it('the CLI writes the catalog it is given and prints the changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'infercost-'));
    const catalog = join(dir, 'token-apis.json');
    copyFileSync(new URL('../pricing/token-apis.json', import.meta.url), catalog);
    const out = execFileSync('npx', ['infercost', 'prices', 'import', new URL('./fixtures/litellm-sample.json', import.meta.url).pathname, '--catalog', catalog], { encoding: 'utf8' });
    expect(out).toMatch(/3 of \d+ catalog rows found, 4 prices changed/);
    expect(out).toMatch(/\+11\.1%/);
    const written = JSON.parse(readFileSync(catalog, 'utf8'));
    expect(written.models.find((m: { provider: string; weightsId: string }) => m.provider === 'together' && m.weightsId === 'llama-3.1-8b').inputPer1M.usd).toBe(0.2);
  });
});
