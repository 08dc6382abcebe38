// Number formatting without Intl: toLocaleString costs ~30 µs a call and creating a NumberFormat
// ~10 ms at start-up. en-US grouping, fixed rules, the same output on every machine, and the same
// rounding as Intl.NumberFormat: half away from zero on the number's shortest decimal form, so
// 1.005 rounds to 1.01 (Number#toFixed works on the binary value and gives 1.00).

interface Parts {
  int: string;
  frac: string;
}

/** |x| as decimal digits, from its shortest round-trip form. */
function decimalParts(abs: number): Parts {
  const s = String(abs);
  const e = s.indexOf('e');
  if (e < 0) {
    const dot = s.indexOf('.');
    return dot < 0 ? { int: s, frac: '' } : { int: s.slice(0, dot), frac: s.slice(dot + 1) };
  }
  const mantissa = s.slice(0, e);
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const point = (dot < 0 ? mantissa.length : dot) + Number(s.slice(e + 1));
  if (point <= 0) return { int: '0', frac: '0'.repeat(-point) + digits };
  if (point >= digits.length) return { int: digits + '0'.repeat(point - digits.length), frac: '' };
  return { int: digits.slice(0, point), frac: digits.slice(point) };
}

/** Divide by 10^k (k may be negative) by moving the decimal point. */
function moveLeft(p: Parts, k: number): Parts {
  const all = p.int + p.frac;
  const point = p.int.length - k;
  if (point <= 0) return { int: '0', frac: '0'.repeat(-point) + all };
  if (point >= all.length) return { int: all + '0'.repeat(point - all.length), frac: '' };
  return { int: all.slice(0, point), frac: all.slice(point) };
}

/** Round to `digits` decimals, half away from zero. */
function roundParts(p: Parts, digits: number): Parts {
  let { int, frac } = p;
  if (frac.length > digits) {
    const up = frac.charCodeAt(digits) >= 53; // '5'
    frac = frac.slice(0, digits);
    if (up) {
      const all = increment(int + frac);
      int = all.slice(0, all.length - digits);
      frac = all.slice(all.length - digits);
    }
  }
  int = int.replace(/^0+(?=\d)/, '');
  return { int: int === '' ? '0' : int, frac };
}

function increment(d: string): string {
  const a = d.split('');
  let i = a.length - 1;
  for (; i >= 0; i--) {
    if (a[i] === '9') a[i] = '0';
    else {
      a[i] = String.fromCharCode(a[i]!.charCodeAt(0) + 1);
      break;
    }
  }
  return i < 0 ? '1' + a.join('') : a.join('');
}

function trimFrac(frac: string, minDigits: number): string {
  let end = frac.length;
  while (end > minDigits && frac.charCodeAt(end - 1) === 48) end--;
  return frac.slice(0, end).padEnd(minDigits, '0');
}

function withCommas(int: string): string {
  let head = int.length % 3 || 3;
  let out = int.slice(0, head);
  for (; head < int.length; head += 3) out += ',' + int.slice(head, head + 3);
  return out;
}

const isZero = (p: Parts) => /^0*$/.test(p.int) && /^0*$/.test(p.frac);


/**
 * |x| to `digits` decimals as Intl rounds it: on the shortest decimal form. Number#toFixed works on
 * the binary value; it agrees whenever the shortest form has more digits than are kept, except on a
 * decimal tie (the shortest form ends in a 5 just past the last digit kept: 1.005), which takes the
 * exact decimal path, as do exponent forms.
 */
function fixed(abs: number, digits: number): Parts {
  const s = String(abs);
  if (s.indexOf('e') >= 0) return roundParts(decimalParts(abs), digits);
  const dot = s.indexOf('.');
  if (dot < 0) return { int: s, frac: '' };
  const fracLen = s.length - dot - 1;
  // Short enough already: the shortest form is the exact answer (toFixed would pad binary digits).
  if (fracLen <= digits) return { int: s.slice(0, dot), frac: s.slice(dot + 1) };
  if (fracLen === digits + 1 && s.charCodeAt(s.length - 1) === 53) return roundParts(decimalParts(abs), digits);
  const f = abs.toFixed(digits);
  const d = f.indexOf('.');
  return d < 0 ? { int: f, frac: '' } : { int: f.slice(0, d), frac: f.slice(d + 1) };
}

/** 1234567.891 → "1,234,567.89" with at most `maxDigits` decimals (trailing zeros dropped down to `minDigits`). */
export function group(x: number, maxDigits = 0, minDigits = 0): string {
  if (!Number.isFinite(x)) return String(x);
  const r = fixed(Math.abs(x), maxDigits);
  const frac = trimFrac(r.frac, minDigits);
  const s = frac ? `${withCommas(r.int)}.${frac}` : withCommas(r.int);
  return x < 0 && !isZero(r) ? `-${s}` : s;
}

const COMPACT = ['', 'K', 'M', 'B', 'T'];

/** en-US compact notation with at most one decimal: 5000000 → "5M", 1500 → "1.5K", 999950 → "1M". */
export function compact(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const parts = decimalParts(Math.abs(x));
  let level = Math.min(COMPACT.length - 1, Math.floor((parts.int.replace(/^0+/, '').length - 1) / 3));
  if (level < 0) level = 0;
  let r = roundParts(moveLeft(parts, level * 3), 1);
  // Rounding can carry into the next unit (999,950 → 1,000K → 1M).
  if (r.int.length > 3 && level < COMPACT.length - 1) r = roundParts(moveLeft(parts, ++level * 3), 1);
  const frac = trimFrac(r.frac, 0);
  // Compact notation groups only from five integer digits (en's minimum grouping digits: 1000T, 15,000T).
  const int = r.int.length >= 5 ? withCommas(r.int) : r.int;
  const s = (frac ? `${int}.${frac}` : int) + COMPACT[level]!;
  return x < 0 && !isZero(r) ? `-${s}` : s;
}
