// The pricing catalog shipped with InferCost (pricing/*.json), loaded once and validated with zod.
// An invalid embedded catalog is a packaging bug, not bad user input: it throws with every issue listed.
import { readFileSync } from 'node:fs';
import hardware from '../../pricing/hardware.json' with { type: 'json' };
import dedicated from '../../pricing/dedicated.json' with { type: 'json' };
import serverless from '../../pricing/serverless.json' with { type: 'json' };
import tokenApis from '../../pricing/token-apis.json' with { type: 'json' };
import mediaApis from '../../pricing/media-apis.json' with { type: 'json' };
import serving from '../../pricing/serving-baselines.json' with { type: 'json' };
import regionalAws from '../../pricing/regional/aws.json' with { type: 'json' };
import regionalGcp from '../../pricing/regional/gcp.json' with { type: 'json' };
import regionalAzure from '../../pricing/regional/azure.json' with { type: 'json' };
import { Catalog } from '../core/catalog/schema.ts';
import { KnownModels, type KnownModel } from '../core/known-models.ts';

const FILES: Record<string, string> = {
  hardware: 'pricing/hardware.json',
  dedicated: 'pricing/dedicated.json',
  serverless: 'pricing/serverless.json',
  tokenApis: 'pricing/token-apis.json',
  mediaApis: 'pricing/media-apis.json',
  serving: 'pricing/serving-baselines.json',
  regional: 'pricing/regional/',
};

/** The raw catalog as shipped, before validation. */
export const rawCatalog: unknown = { serving, hardware, dedicated, serverless, tokenApis, mediaApis, regional: [regionalAws, regionalGcp, regionalAzure] };

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

function describe(issues: readonly Issue[], fileOf: (path: readonly PropertyKey[]) => string): string[] {
  return issues.map((issue) => {
    const path = issue.path.map(String);
    const file = fileOf(issue.path);
    return `${file}: ${path.length ? path.join('.') : '(root)'}: ${issue.message}`;
  });
}

const REGIONAL_FILES = ['pricing/regional/aws.json', 'pricing/regional/gcp.json', 'pricing/regional/azure.json'];
const catalogFileOf = (path: readonly PropertyKey[]) => (path[0] === 'regional' ? (REGIONAL_FILES[Number(path[1])] ?? FILES.regional!) : (FILES[String(path[0])] ?? 'pricing/'));

let parsed: ReturnType<typeof Catalog.safeParse> | undefined;
function parseCatalog() {
  parsed ??= Catalog.safeParse(rawCatalog);
  return parsed;
}

/** Zod issues in the embedded catalog, one readable line each ("file: path: message"); empty when valid. */
export function catalogIssues(): string[] {
  const r = parseCatalog();
  return r.success ? [] : describe(r.error.issues, catalogFileOf);
}

/** The validated embedded catalog. Throws (a packaging bug) when the shipped JSON does not match the schema. */
export function loadEmbeddedCatalog(): Catalog {
  const r = parseCatalog();
  if (!r.success) {
    throw new Error(`The embedded pricing catalog is invalid (a packaging bug):\n  ${catalogIssues().join('\n  ')}`);
  }
  return r.data;
}

/** Where the known-models data lives (written separately; read at call time so a missing file fails only here). */
export const KNOWN_MODELS_URL = new URL('../../pricing/known-models.json', import.meta.url);

let knownModels: KnownModel[] | undefined;
/** The validated known-models list (pricing/known-models.json). Throws a readable Error when missing or invalid. */
export function loadKnownModels(): KnownModel[] {
  if (knownModels) return knownModels;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(KNOWN_MODELS_URL, 'utf8'));
  } catch (err) {
    throw new Error(`pricing/known-models.json could not be read (a packaging bug): ${(err as Error).message}`, { cause: err });
  }
  const r = KnownModels.safeParse(raw);
  if (!r.success) {
    const lines = describe(r.error.issues, () => 'pricing/known-models.json');
    throw new Error(`The embedded known-models data is invalid (a packaging bug):\n  ${lines.join('\n  ')}`);
  }
  knownModels = r.data;
  return knownModels;
}
