// Unit conversion for sizes the parser extracted ("400MB", "14 GiB"), done by mathjs on the extracted
// number and unit (never on user text). mathjs takes ~1 s to import, more than the rest of the app,
// and most descriptions carry no byte size, so it is loaded on first use (synchronously, through its
// CommonJS build) and the shell warms it in the background once it is serving.
import { createRequire } from 'node:module';

type MathUnit = (value: number, unit: string) => { toNumber(unit: string): number };

const load = createRequire(import.meta.url);
let mathUnit: MathUnit | null = null;

function unit(): MathUnit {
  mathUnit ??= (load('mathjs') as { unit: MathUnit }).unit;
  return mathUnit;
}

/**
 * Bytes per unit for the units the parser reads. value × factor is what mathjs returns for them
 * (checked on 3.2 M values, 0.1 to 1e114, for each unit), without a unit object per call; other
 * units go through mathjs.
 */
const BYTES_PER: Readonly<Record<string, number>> = { kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 };

/** `value` in `unitName` (a mathjs unit such as "MB", "GiB") as bytes. */
export function toBytes(value: number, unitName: string): number {
  const factor = Object.hasOwn(BYTES_PER, unitName) ? BYTES_PER[unitName] : undefined;
  return factor !== undefined ? value * factor : unit()(value, unitName).toNumber('B');
}

/** Load mathjs now (the shell calls this after start-up, so no request pays for it). */
export function warmUnits(): void {
  unit();
}
