// Caches that live and die with the object they describe. A report's re-runs share model profiles,
// sizing memos and fleet maps; values worked out from them (step times, layouts, keys) are kept on
// those objects themselves, under one hidden property, rather than in module-level WeakMaps.
//
// Why not WeakMaps: their keys here are short-lived objects made for one report. An entry keeps
// its value alive until the collector proves the key dead, which for a key that a scavenge has
// promoted (one that was alive when the young generation was collected mid-report) takes a full
// mark-compact. Measured on the bench corpus: ~1.2 MB promoted per scavenge with the WeakMaps, as
// good as nothing without them, and about a tenth of a report's time in the collector.

const BAG = Symbol('infercost.attached');

type Bag = Record<string, unknown>;

/** The value cached on `owner` under `key`, made by `make(owner)` on first use. Hidden from JSON,
 * spreads, `Object.keys` and equality checks (a non-enumerable symbol property). On hot paths pass
 * a function defined once (newMap, or a named module function), not an arrow written at the call:
 * an arrow is a new closure every time the call runs. */
export function attached<O extends object, T>(owner: O, key: string, make: (owner: O) => T): T {
  let bag = (owner as { [BAG]?: Bag })[BAG];
  if (bag === undefined) {
    bag = {};
    Object.defineProperty(owner, BAG, { value: bag, enumerable: false, writable: false, configurable: false });
  }
  let v = bag[key] as T | undefined;
  if (v === undefined) bag[key] = v = make(owner);
  return v;
}

/** A new empty Map: the usual `make` for attached(). */
export function newMap<K, V>(): Map<K, V> {
  return new Map<K, V>();
}
