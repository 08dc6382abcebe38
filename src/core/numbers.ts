// Number formatting without Intl: toLocaleString costs ~30 µs a call, which dominated the engine's
// time. en-US grouping, fixed rules, the same output on every machine.

/** 1234567.891 → "1,234,567.89" with at most `maxDigits` decimals (trailing zeros dropped down to `minDigits`). */
export function group(x: number, maxDigits = 0, minDigits = 0): string {
  if (!Number.isFinite(x)) return String(x);
  const fixed = Math.abs(x).toFixed(maxDigits);
  const dot = fixed.indexOf('.');
  const int = dot < 0 ? fixed : fixed.slice(0, dot);
  let end = dot < 0 ? 0 : fixed.length - dot - 1;
  while (end > minDigits && fixed.charCodeAt(dot + end) === 48) end--;
  const frac = end > 0 ? fixed.slice(dot + 1, dot + 1 + end) : '';
  let head = int.length % 3 || 3;
  let out = int.slice(0, head);
  for (; head < int.length; head += 3) out += ',' + int.slice(head, head + 3);
  const s = frac ? `${out}.${frac}` : out;
  return x < 0 && s !== '0' ? `-${s}` : s;
}
