// Weekly digest schedules: plain words → {weekday, hour, minute} (read by chrono with a reference
// date passed in), the run instants of that local time in an IANA zone across daylight-saving
// changes, and the period key that makes each week's digest happen exactly once.

import { chronoNode } from '../dates.ts';
import { addDays, isoWeek, localParts, zonedInstant } from './zoned-time.ts';

export interface WeeklySchedule {
  /** 0 = Sunday … 6 = Saturday (chrono's and Date's numbering). */
  weekday: number;
  hour: number;
  minute: number;
}

/** Why a schedule could not be read; the shell maps each to fixed copy with an example. */
export type ScheduleProblem = 'unreadable' | 'no_weekday' | 'several_days' | 'not_weekly';

export type ScheduleResult = { ok: true; value: WeeklySchedule; defaultedTime: boolean } | { ok: false; problem: ScheduleProblem };

export const DEFAULT_HOUR = 9;
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

const NOT_WEEKLY = /\b(daily|every\s*day|each\s*day|every\s+(?:week\s*)?day|weekdays|every\s+weekday|hourly|monthly|every\s+month|yearly|annually|bi-?weekly|fortnightly|every\s+(?:other|\d+|two|three|four)\s+(?:weeks?|days?|months?))\b/i;
const PLURAL_DAY = /\b(sun|mon|tues|wednes|thurs|fri|satur)days\b/gi;

/** Read a weekly schedule: "every Monday 9am", "fridays at 4:30pm", "weekly on tuesday" (→ 9:00). */
export function parseSchedule(text: string, now: Date): ScheduleResult {
  const t = text.trim().replace(PLURAL_DAY, '$1day').replace(/\bnoon\b/i, '12pm').replace(/\bmidnight\b/i, '12am');
  if (t === '' || t.length > 200) return { ok: false, problem: 'unreadable' };
  if (NOT_WEEKLY.test(t)) return { ok: false, problem: 'not_weekly' };
  const results = chronoNode().parse(t, { instant: now, timezone: 0 }, { forwardDate: true });
  if (results.length === 0) return { ok: false, problem: 'unreadable' };
  const weekdays = new Set<number>();
  let hour: number | null = null;
  let minute = 0;
  let dated = false;
  for (const r of results) {
    const c = r.start;
    if (c.isCertain('weekday')) weekdays.add(c.get('weekday')!);
    if (c.isCertain('day') || c.isCertain('month')) dated = true;
    if (hour === null && c.isCertain('hour')) {
      hour = c.get('hour')!;
      minute = c.isCertain('minute') ? (c.get('minute') ?? 0) : 0;
    }
  }
  if (weekdays.size > 1) return { ok: false, problem: 'several_days' };
  const [weekday] = [...weekdays];
  if (weekday === undefined) return { ok: false, problem: dated || hour !== null ? 'no_weekday' : 'unreadable' };
  return { ok: true, value: { weekday, hour: hour ?? DEFAULT_HOUR, minute }, defaultedTime: hour === null };
}

/** "9:00 AM", "4:30 PM", "12:00 AM". */
export function clockTime(s: { hour: number; minute: number }): string {
  const h12 = s.hour % 12 === 0 ? 12 : s.hour % 12;
  return `${h12}:${String(s.minute).padStart(2, '0')} ${s.hour < 12 ? 'AM' : 'PM'}`;
}

/** "Mondays at 9:00 AM". */
export function describeSchedule(s: WeeklySchedule): string {
  return `${WEEKDAYS[s.weekday]}s at ${clockTime(s)}`;
}

/** The run on one local date: its wall time resolved in the zone (gap → next valid minute, overlap → first). */
function runOn(s: WeeklySchedule, tz: string, date: { year: number; month: number; day: number }): number {
  return zonedInstant(tz, { ...date, hour: s.hour, minute: s.minute });
}

/** The first run strictly after `afterMs`. */
export function nextRun(s: WeeklySchedule, tz: string, afterMs: number): number {
  const here = localParts(tz, afterMs);
  const ahead = (s.weekday - here.weekday + 7) % 7;
  for (let k = ahead; k <= ahead + 14; k += 7) {
    const at = runOn(s, tz, addDays(here, k));
    if (at > afterMs) return at;
  }
  throw new Error('unreachable: a weekly schedule always runs within three weeks');
}

/** The latest run at or before `atMs` (the one a scheduler catching up after downtime posts). */
export function previousRun(s: WeeklySchedule, tz: string, atMs: number): number {
  const here = localParts(tz, atMs);
  const back = (here.weekday - s.weekday + 7) % 7;
  for (let k = back; k <= back + 14; k += 7) {
    const at = runOn(s, tz, addDays(here, -k));
    if (at <= atMs) return at;
  }
  throw new Error('unreachable: a weekly schedule ran within the last three weeks');
}

/**
 * The period a run belongs to: the ISO week of its local date in the subscription's zone, e.g.
 * "2026-W10". One digest per channel per period; a schedule or zone changed mid-week does not make a
 * second one that week.
 */
export function periodKey(tz: string, runMs: number): string {
  const w = isoWeek(localParts(tz, runMs));
  return `${w.year}-W${String(w.week).padStart(2, '0')}`;
}
