// Where a workload may run: a cloud region id ("eu-west-1", "europe-west4", "westeurope"), a place
// ("Frankfurt", "Tokyo") or an area for data residency ("EU"). Each resolves, per cloud, to the
// regions that satisfy it; the engine prices each instance in the cheapest of them that has a price.
import type { Cloud } from './workload.ts';

export interface Place {
  id: string;
  /** Words that name it in text (lowercase). */
  names: string[];
  /** The cloud regions in that place, nearest first. */
  aws: string[];
  gcp: string[];
  azure: string[];
}

export const PLACES: Place[] = [
  { id: 'frankfurt', names: ['frankfurt', 'germany'], aws: ['eu-central-1'], gcp: ['europe-west3'], azure: ['germanywestcentral'] },
  { id: 'tokyo', names: ['tokyo', 'japan'], aws: ['ap-northeast-1'], gcp: ['asia-northeast1'], azure: ['japaneast'] },
  { id: 'osaka', names: ['osaka'], aws: ['ap-northeast-3'], gcp: ['asia-northeast2'], azure: ['japanwest'] },
  { id: 'ireland', names: ['ireland', 'dublin'], aws: ['eu-west-1'], gcp: [], azure: ['northeurope'] },
  { id: 'london', names: ['london', 'uk', 'united kingdom', 'britain'], aws: ['eu-west-2'], gcp: ['europe-west2'], azure: ['uksouth'] },
  { id: 'paris', names: ['paris', 'france'], aws: ['eu-west-3'], gcp: ['europe-west9'], azure: ['francecentral'] },
  { id: 'netherlands', names: ['netherlands', 'amsterdam', 'holland'], aws: [], gcp: ['europe-west4'], azure: ['westeurope'] },
  { id: 'belgium', names: ['belgium'], aws: [], gcp: ['europe-west1'], azure: [] },
  { id: 'stockholm', names: ['stockholm', 'sweden'], aws: ['eu-north-1'], gcp: [], azure: ['swedencentral'] },
  { id: 'finland', names: ['finland'], aws: [], gcp: ['europe-north1'], azure: [] },
  { id: 'milan', names: ['milan', 'italy'], aws: ['eu-south-1'], gcp: ['europe-west8'], azure: ['italynorth'] },
  { id: 'zurich', names: ['zurich', 'switzerland'], aws: ['eu-central-2'], gcp: ['europe-west6'], azure: ['switzerlandnorth'] },
  { id: 'warsaw', names: ['warsaw', 'poland'], aws: [], gcp: ['europe-central2'], azure: ['polandcentral'] },
  { id: 'seoul', names: ['seoul', 'korea'], aws: ['ap-northeast-2'], gcp: ['asia-northeast3'], azure: ['koreacentral'] },
  { id: 'singapore', names: ['singapore'], aws: ['ap-southeast-1'], gcp: ['asia-southeast1'], azure: ['southeastasia'] },
  { id: 'sydney', names: ['sydney', 'australia'], aws: ['ap-southeast-2'], gcp: ['australia-southeast1'], azure: ['australiaeast'] },
  { id: 'mumbai', names: ['mumbai', 'india'], aws: ['ap-south-1'], gcp: ['asia-south1'], azure: ['centralindia'] },
  { id: 'hong-kong', names: ['hong kong'], aws: ['ap-east-1'], gcp: ['asia-east2'], azure: ['eastasia'] },
  { id: 'sao-paulo', names: ['são paulo', 'sao paulo', 'brazil'], aws: ['sa-east-1'], gcp: ['southamerica-east1'], azure: ['brazilsouth'] },
  { id: 'virginia', names: ['virginia', 'n. virginia', 'northern virginia'], aws: ['us-east-1'], gcp: ['us-east4'], azure: ['eastus', 'eastus2'] },
  { id: 'ohio', names: ['ohio'], aws: ['us-east-2'], gcp: ['us-east5'], azure: [] },
  { id: 'oregon', names: ['oregon'], aws: ['us-west-2'], gcp: ['us-west1'], azure: [] },
  { id: 'california', names: ['california', 'n. california'], aws: ['us-west-1'], gcp: ['us-west2'], azure: ['westus'] },
  { id: 'iowa', names: ['iowa'], aws: [], gcp: ['us-central1'], azure: ['centralus'] },
  { id: 'canada', names: ['canada', 'montreal', 'montréal'], aws: ['ca-central-1'], gcp: ['northamerica-northeast1'], azure: ['canadacentral'] },
];

export interface Area {
  id: 'eu' | 'europe' | 'us' | 'asia';
  names: string[];
  label: string;
  /** Does a cloud's region belong to the area? */
  has: (cloud: Cloud, region: string) => boolean;
}

/** AWS, GCP and Azure regions in European countries outside the EU (UK, Switzerland, Norway). */
const NON_EU_EUROPE = new Set(['eu-west-2', 'eu-central-2', 'europe-west2', 'europe-west6', 'uksouth', 'ukwest', 'switzerlandnorth', 'switzerlandwest', 'norwayeast', 'norwaywest']);
const AZURE_EUROPE = new Set(['northeurope', 'westeurope', 'francecentral', 'francesouth', 'germanywestcentral', 'germanynorth', 'swedencentral', 'italynorth', 'polandcentral', 'spaincentral', 'uksouth', 'ukwest', 'switzerlandnorth', 'switzerlandwest', 'norwayeast', 'norwaywest']);
const AZURE_ASIA = new Set(['eastasia', 'southeastasia', 'japaneast', 'japanwest', 'koreacentral', 'koreasouth', 'centralindia', 'southindia', 'westindia']);

const inEurope = (cloud: Cloud, r: string) => (cloud === 'aws' ? r.startsWith('eu-') : cloud === 'gcp' ? r.startsWith('europe-') : AZURE_EUROPE.has(r));

export const AREAS: Area[] = [
  {
    id: 'eu',
    names: ['eu', 'the eu', 'european union', 'eu only', 'eu-only', 'in the eu'],
    label: 'the EU',
    has: (cloud, r) => inEurope(cloud, r) && !NON_EU_EUROPE.has(r),
  },
  { id: 'europe', names: ['europe', 'european'], label: 'Europe', has: inEurope },
  {
    id: 'us',
    names: ['us', 'usa', 'the us', 'united states', 'north america'],
    label: 'the US',
    has: (cloud, r) => (cloud === 'azure' ? /(^|[a-z])(us|us\d)$/.test(r) && !r.startsWith('australia') : r.startsWith('us-')),
  },
  {
    id: 'asia',
    names: ['asia', 'apac', 'asia-pacific', 'asia pacific'],
    label: 'Asia-Pacific',
    has: (cloud, r) => (cloud === 'aws' ? r.startsWith('ap-') : cloud === 'gcp' ? r.startsWith('asia-') || r.startsWith('australia-') : AZURE_ASIA.has(r) || r.startsWith('australia')),
  },
];

/** Which cloud a region id belongs to, by its shape. */
export function cloudOfRegion(region: string): Cloud | null {
  if (/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) return 'aws';
  if (/^[a-z]+-[a-z]+\d{1,2}$/.test(region)) return 'gcp';
  if (/^[a-z]+\d?$/.test(region) && !AREAS.some((a) => a.id === region) && !PLACES.some((p) => p.id === region)) return 'azure';
  return null;
}

export type RegionScope =
  | { kind: 'region'; id: string; cloud: Cloud; place: Place | null }
  | { kind: 'place'; place: Place }
  | { kind: 'area'; area: Area };

/** Read a workload's `region` value: a region id, a place id or an area id. */
export function scopeOf(value: string): RegionScope | null {
  const v = value.toLowerCase();
  const area = AREAS.find((a) => a.id === v);
  if (area) return { kind: 'area', area };
  const place = PLACES.find((p) => p.id === v);
  if (place) return { kind: 'place', place };
  const cloud = cloudOfRegion(v);
  if (!cloud) return null;
  return { kind: 'region', id: v, cloud, place: PLACES.find((p) => p[cloud].includes(v)) ?? null };
}

/** Describe the scope in words for notes: "eu-west-1", "Frankfurt", "the EU". */
export function scopeLabel(s: RegionScope): string {
  if (s.kind === 'region') return s.id;
  if (s.kind === 'place') return s.place.names[0]!.replace(/\b\w/g, (c) => c.toUpperCase());
  return s.area.label;
}

/**
 * The regions of `cloud` that satisfy the scope, given the regions that cloud has prices for:
 * a region of that cloud is itself; a place is its regions; an area is every priced region in it.
 * A region of another cloud is read as its place (eu-central-1 → Frankfurt → europe-west3), else as
 * its area. Empty when the cloud has nothing there.
 */
export function regionsIn(scope: RegionScope, cloud: Cloud, priced: readonly string[]): string[] {
  if (scope.kind === 'region') {
    if (scope.cloud === cloud) return [scope.id];
    if (scope.place && scope.place[cloud].length > 0) return scope.place[cloud];
    const area = AREAS.find((a) => a.id !== 'europe' && a.has(scope.cloud, scope.id));
    return area ? priced.filter((r) => area.has(cloud, r)) : [];
  }
  if (scope.kind === 'place') return scope.place[cloud];
  return priced.filter((r) => scope.area.has(cloud, r));
}

/** Is an option's priced region inside the workload's stated region, place or area? */
export function inScope(optionRegion: string | null, stated: string): boolean {
  if (optionRegion === null || optionRegion === 'global') return false;
  const scope = scopeOf(stated);
  if (!scope) return optionRegion === stated;
  const cloud = cloudOfRegion(optionRegion);
  if (!cloud) return false;
  if (scope.kind === 'region') return optionRegion === scope.id;
  if (scope.kind === 'place') return scope.place[cloud].includes(optionRegion);
  return scope.area.has(cloud, optionRegion);
}
