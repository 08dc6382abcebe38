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

/** `value` in `unitName` (a mathjs unit such as "MB", "GiB") as bytes. */
export function toBytes(value: number, unitName: string): number {
  return unit()(value, unitName).toNumber('B');
}

/** Load mathjs now (the shell calls this after start-up, so no request pays for it). */
export function warmUnits(): void {
  unit();
}
