// chrono-node reads dates and schedules in user text. It costs ~200 ms to import and only date-bearing
// follow-ups and digest schedules need it, so it loads on first use (its CommonJS build, synchronously).
import { createRequire } from 'node:module';
import type * as Chrono from 'chrono-node';

const load = createRequire(import.meta.url);
let chrono: typeof Chrono | null = null;

export function chronoNode(): typeof Chrono {
  chrono ??= load('chrono-node') as typeof Chrono;
  return chrono;
}

export type ParsedResult = Chrono.ParsedResult;
