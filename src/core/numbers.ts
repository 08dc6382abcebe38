// Number formatting without Intl: toLocaleString costs ~30 µs a call, which dominated the engine's
// time. en-US grouping, fixed rules, the same output on every machine.

/** 1234567.891 → "1,234,567.89" with at most `maxDigits` decimals (trailing zeros dropped unless `minDigits`). */
export function group(x: number, maxDigits = 0, minDigits = 0): string {
  if (!Number.isFinite(x)) return String(x);
  const neg = x < 0;
  const [int, fracRaw = ''] = Math.abs(x).toFixed(maxDigits).split('.');
  let frac = fracRaw;
  frac = frac.replace(/0+$/, '');
  while (frac.length < minDigits) frac += '0';
  let out = '';
  for (let i = int!.length; i > 0; i -= 3) out = int!.slice(Math.max(0, i - 3), i) + (out ? ',' + out : '');
  const s = frac ? `${out}.${frac}` : out;
  return neg && s !== '0' ? `-${s}` : s;
}
