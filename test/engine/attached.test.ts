import { describe, expect, it } from 'vitest';
import { cachedMap, mapCaches, profileCaches, withProfileCaches } from '../../src/core/engine/attached.ts';
import { contextFor } from '../../src/core/engine/price-options.ts';
import { core, llm7b } from './helpers.ts';

describe('caches kept on the object they describe', () => {
  it('a profile has its caches from birth, one object per profile, invisible to JSON, keys, spreads and equality', () => {
    const m = contextFor(llm7b(5e6), { ...core, memo: cachedMap() }).gpu.m;
    const c = profileCaches(m);
    expect(profileCaches(m)).toBe(c);
    c.keys = { sizing: 's', fit: 'f' };
    expect(Object.keys(m)).not.toContain('keys');
    expect(JSON.stringify(m)).not.toContain('"s"');
    const copy = { ...m };
    expect(Object.getOwnPropertySymbols(copy)).toEqual([]);
    expect(copy).toEqual(m);
  });

  it('profiles made elsewhere get their caches on first use, and one shape for every profile', () => {
    const bare = { ...contextFor(llm7b(5e6), { ...core, memo: cachedMap() }).gpu.m };
    expect(profileCaches(bare)).toBe(profileCaches(bare));
    const born = withProfileCaches({ ...bare });
    expect(Object.keys(profileCaches(born))).toEqual(Object.keys(profileCaches(bare)));
  });

  it('a Map keeps its caches beside its entries', () => {
    const memo = cachedMap<string, number>();
    memo.set('a', 1);
    mapCaches(memo).fitScopes = new Map();
    expect([...memo]).toEqual([['a', 1]]);
    expect(mapCaches(memo).fitScopes).toBeInstanceOf(Map);
    const plain = new Map<string, number>();
    expect(mapCaches(plain)).toBe(mapCaches(plain));
  });
});
