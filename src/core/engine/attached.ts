// Caches that live and die with the object they describe. A report's re-runs share model profiles,
// sizing memos and fleet maps; values worked out from them (step times, layouts, keys) are kept on
// those objects themselves, under one hidden property holding a cache object of fixed shape, rather
// than in module-level WeakMaps.
//
// Why not WeakMaps: their keys here are short-lived objects made for one report. An entry keeps
// its value alive until the collector proves the key dead, which for a key that a scavenge has
// promoted (one that was alive when the young generation was collected mid-report) takes a full
// mark-compact. Measured on the bench corpus: ~1.2 MB promoted per scavenge with the WeakMaps, as
// good as nothing without them, and about a tenth of a report's time in the collector.
//
// Why fixed shapes: a property added to an object later changes its hidden class, and caches
// added lazily, in whatever order a report needs them, made the sites that read them polymorphic
// (some bench runs 40% slower than others). Owners get their cache object when they are made
// (withCaches), and a cache object declares every field up front.
import type { ServerlessCpu } from '../catalog/schema.ts';
import type { Accelerator } from '../catalog/schema.ts';
import type { LlmTimes } from './capacity.ts';
import type { Shape } from './options/serverless-cpu.ts';
import type { FitScope } from './options/common.ts';
import type { ModelProfile } from './model-profile.ts';

const PROFILE = Symbol('infercost.profileCaches');
const MAP = Symbol('infercost.mapCaches');

/** What is cached per model profile (one per model, precision and shape of request in a report). */
export class ProfileCaches {
  llmTimesGpu: Map<Accelerator, Map<number, LlmTimes>> | null = null;
  llmTimesGpuEager: Map<Accelerator, Map<number, LlmTimes>> | null = null;
  keys: { sizing: string; fit: string } | null = null;
  serverlessCpuShapes: Map<ServerlessCpu, Map<string, Shape[]>> | null = null;
}

/** What is cached per Map a report keeps (its sizing memo, its profiles, a sizing's fleets). */
export class MapCaches {
  /** On the sizing memo: fit scopes by memory footprint. */
  fitScopes: Map<string, FitScope> | null = null;
  /** On the profiles map: the last profiles found for a workload's model objects. */
  recent: RecentProfile[] | null = null;
  /** On a sizing's fleets: batch-job throughputs and hybrid replica capacities by device. */
  jobThroughput: Map<string, { rps: number; latencyS: number }> | null = null;
  maxRpsPerReplica: Map<string, number> | null = null;
}

/** A profile found for a workload's model objects (compared by identity). */
export interface RecentProfile {
  model: unknown;
  precision: string;
  tokens: unknown;
  image: unknown;
  audioSeconds: number | null;
  pruned: boolean;
  beamSize: number | null;
  m: ModelProfile;
}

function define<T>(owner: object, key: symbol, value: T): T {
  Object.defineProperty(owner, key, { value, enumerable: false, writable: false, configurable: false });
  return value;
}

/** The profile's caches (made with the profile by modelProfile; made here for one built elsewhere).
 * Hidden from JSON, spreads, Object.keys and equality checks (a non-enumerable symbol property). */
export function profileCaches(m: ModelProfile): ProfileCaches {
  return (m as { [PROFILE]?: ProfileCaches })[PROFILE] ?? define(m, PROFILE, new ProfileCaches());
}

/** The Map's caches (made with it by cachedMap; made here for one made elsewhere). */
export function mapCaches(owner: Map<unknown, unknown>): MapCaches {
  return (owner as { [MAP]?: MapCaches })[MAP] ?? define(owner, MAP, new MapCaches());
}

/** A profile with its cache object from birth. */
export function withProfileCaches<T extends ModelProfile>(m: T): T {
  define(m, PROFILE, new ProfileCaches());
  return m;
}

/** A new Map with its cache object from birth. */
export function cachedMap<K, V>(): Map<K, V> {
  const m = new Map<K, V>();
  define(m, MAP, new MapCaches());
  return m;
}
