import { describe, expect, it } from 'vitest';
import { attached, newMap } from '../../src/core/engine/attached.ts';

describe('attached: caches kept on the object they describe', () => {
  it('makes the value once per owner and key, from the owner', () => {
    const owner = { a: 1 };
    let made = 0;
    const make = (o: { a: number }) => {
      made++;
      return o.a + 1;
    };
    expect(attached(owner, 'x', make)).toBe(2);
    expect(attached(owner, 'x', make)).toBe(2);
    expect(made).toBe(1);
    expect(attached(owner, 'y', make)).toBe(2);
    expect(made).toBe(2);
    expect(attached({ a: 5 }, 'x', make)).toBe(6);
  });

  it('is invisible to JSON, keys, spreads and equality', () => {
    const owner = { a: 1, b: [2] };
    const m = attached(owner, 'm', newMap<string, number>);
    m.set('k', 1);
    expect(JSON.stringify(owner)).toBe('{"a":1,"b":[2]}');
    expect(Object.keys(owner)).toEqual(['a', 'b']);
    expect({ ...owner }).toEqual({ a: 1, b: [2] });
    expect(owner).toEqual({ a: 1, b: [2] });
    expect(attached(owner, 'm', newMap<string, number>).get('k')).toBe(1);
  });

  it('works on Maps (sizing memos and fleet maps are Maps)', () => {
    const memo = new Map<string, number>([['a', 1]]);
    attached(memo, 'scopes', newMap<string, number>).set('s', 2);
    expect([...memo]).toEqual([['a', 1]]);
    expect(attached(memo, 'scopes', newMap<string, number>).get('s')).toBe(2);
  });
});
