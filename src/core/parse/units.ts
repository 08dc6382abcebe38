// Unit conversion for sizes the parser extracted ("400MB", "14 GiB"): the extracted number and one of
// the byte units extract-model.ts knows (never user text) → bytes.
//
// This was mathjs's `unit(value, unit).toNumber('B')` until 2026-12-02. mathjs held ~29 MB of live
// heap in each compute worker (~40 MB of its heap and RSS once loaded) for these nine units, which
// was the largest single item in the Slack app's memory (issue 16). The arithmetic below is mathjs's,
// step for step, so every result is the same double: mathjs stores a value in bits,
// value × (8 × prefix) (a byte is 8 bits, the prefix is 1e3, 1e6, … or 1024, 1024², …), and
// converts to bytes by dividing by 8 × 1. test/parse/units.test.ts checks it against mathjs itself
// (a dev dependency now) for random values of every unit.

/** The prefixes mathjs gives each byte unit (its BINARY_SHORT_SI and BINARY_SHORT_IEC prefixes). */
const BYTE_PREFIX: Readonly<Record<string, number>> = {
  B: 1,
  kB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 1024,
  MiB: Math.pow(1024, 2),
  GiB: Math.pow(1024, 3),
  TiB: Math.pow(1024, 4),
};

/** The byte units `toBytes` takes. */
export const BYTE_UNIT_NAMES: readonly string[] = Object.keys(BYTE_PREFIX);

/** `value` in `unitName` ("B", "kB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB") as bytes. */
export function toBytes(value: number, unitName: string): number {
  const prefix = BYTE_PREFIX[unitName];
  if (prefix === undefined) throw new Error(`Unit "${unitName}" not found.`);
  const bits = value * (8 * prefix);
  return bits / (8 * 1);
}
