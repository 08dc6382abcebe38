// Wall-clock time in an IANA time zone, from Intl alone (no clock, no tz database of our own).
// The one rule for local times that do not exist or exist twice: a time skipped by a spring-forward
// change resolves to the next valid minute (the instant of the change); a time repeated by a
// fall-back change resolves to its first occurrence.

const MINUTE = 60_000;
const DAY = 24 * 3600_000;

export interface LocalDateTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export interface LocalParts extends LocalDateTime {
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** True for an IANA zone name Intl knows ("Europe/Berlin", "UTC"). */
export function isValidTimeZone(tz: string): boolean {
  if (tz.trim() === '') return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading in `tz` at instant `ms`. */
export function localParts(tz: string, ms: number): LocalParts {
  const out: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(ms)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  const year = out.year!;
  const month = out.month!;
  const day = out.day!;
  const hour = out.hour! % 24;
  return { year, month, day, hour, minute: out.minute!, second: out.second!, weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() };
}

/** The zone's offset from UTC at instant `ms`, in minutes (New York in winter: −300; Kolkata: +330). */
export function offsetMinutes(tz: string, ms: number): number {
  const p = localParts(tz, ms);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / MINUTE);
}

/** The instant a wall-clock time in `tz` happens (gap → next valid minute, overlap → first occurrence). */
export function zonedInstant(tz: string, t: LocalDateTime): number {
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  const before = offsetMinutes(tz, wall - DAY);
  const after = offsetMinutes(tz, wall + DAY);
  const valid = [...new Set([before, after])]
    .map((o) => wall - o * MINUTE)
    .filter((ms) => offsetMinutes(tz, ms) * MINUTE === wall - ms)
    .sort((a, b) => a - b);
  if (valid.length > 0) return valid[0]!;
  // A gap: the wall time never shows on the clock. Find the change (minute precision): before it
  // the old offset holds, from it the new one; the change is the next valid minute.
  let lo = wall - after * MINUTE;
  let hi = wall - before * MINUTE;
  if (hi < lo) [lo, hi] = [hi, lo];
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetMinutes(tz, mid) === after) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** A calendar date `days` after (or before) the given one. */
export function addDays(t: { year: number; month: number; day: number }, days: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(t.year, t.month - 1, t.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO 8601 week of a calendar date: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(t: { year: number; month: number; day: number }): { year: number; week: number } {
  const date = Date.UTC(t.year, t.month - 1, t.day);
  const mondayBased = (new Date(date).getUTCDay() + 6) % 7;
  const thursday = date + (3 - mondayBased) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  return { year, week: 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY)) };
}

const longFormatters = new Map<string, Intl.DateTimeFormat>();

/** "Monday, March 9 at 9:00 AM EDT": an instant as a reader in `tz` would say it. */
export function formatLocal(tz: string, ms: number): string {
  let f = longFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
    longFormatters.set(tz, f);
  }
  const parts = f.formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')}, ${get('month')} ${get('day')} at ${get('hour')}:${get('minute')} ${get('dayPeriod')} ${get('timeZoneName')}`.replace(/\s+/g, ' ').trim();
}
