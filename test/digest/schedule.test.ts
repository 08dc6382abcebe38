// Weekly schedules: plain words read by chrono with a pinned reference date, run instants across
// daylight-saving changes (New York, Berlin, Kolkata, Tokyo), and ISO-week period keys.

import { describe, expect, it } from 'vitest';
import { describeSchedule, nextRun, parseSchedule, periodKey, previousRun, type WeeklySchedule } from '../../src/core/digest/schedule.ts';
import { formatLocal, isValidTimeZone, isoWeek, offsetMinutes, zonedInstant } from '../../src/core/digest/zoned-time.ts';

const NOW = new Date('2026-03-04T12:00:00Z'); // a Wednesday
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const sched = (weekday: number, hour: number, minute = 0): WeeklySchedule => ({ weekday, hour, minute });

describe('parseSchedule', () => {
  const table: [string, WeeklySchedule, boolean][] = [
    ['every Monday 9am', sched(1, 9), false],
    ['fridays at 4:30pm', sched(5, 16, 30), false],
    ['weekly on tuesday', sched(2, 9), true],
    ['Mondays', sched(1, 9), true],
    ['every sunday at noon', sched(0, 12), false],
    ['thu 17:00', sched(4, 17), false],
    ['every week on Wednesday at 8', sched(3, 8), false],
    ['at 9am on monday', sched(1, 9), false],
    ['Friday 4.30pm', sched(5, 16, 30), false],
    ['mon at 12am', sched(1, 0), false],
    ['Saturday at midnight', sched(6, 0), false],
  ];
  for (const [text, value, defaulted] of table) {
    it(`reads "${text}"`, () => {
      expect(parseSchedule(text, NOW)).toEqual({ ok: true, value, defaultedTime: defaulted });
    });
  }

  const negatives: [string, string][] = [
    ['sometime', 'unreadable'],
    ['', 'unreadable'],
    ['asap please', 'unreadable'],
    ['daily at 9', 'not_weekly'],
    ['every day 9am', 'not_weekly'],
    ['every 2 weeks on monday', 'not_weekly'],
    ['monthly', 'not_weekly'],
    ['biweekly on friday', 'not_weekly'],
    ['monday and friday 9am', 'several_days'],
    ['tomorrow 9am', 'no_weekday'],
    ['at 9am', 'no_weekday'],
  ];
  for (const [text, problem] of negatives) {
    it(`refuses "${text}" (${problem})`, () => {
      expect(parseSchedule(text, NOW)).toEqual({ ok: false, problem });
    });
  }

  it('describes a schedule in words', () => {
    expect(describeSchedule(sched(1, 9))).toBe('Mondays at 9:00 AM');
    expect(describeSchedule(sched(5, 16, 30))).toBe('Fridays at 4:30 PM');
    expect(describeSchedule(sched(0, 0))).toBe('Sundays at 12:00 AM');
  });
});

describe('zoned time', () => {
  it('knows offsets on both sides of a change, and half-hour zones', () => {
    expect(offsetMinutes('America/New_York', at('2026-03-08T06:59:00Z'))).toBe(-300);
    expect(offsetMinutes('America/New_York', at('2026-03-08T07:00:00Z'))).toBe(-240);
    expect(offsetMinutes('Europe/Berlin', at('2026-07-01T00:00:00Z'))).toBe(120);
    expect(offsetMinutes('Asia/Kolkata', at('2026-07-01T00:00:00Z'))).toBe(330);
    expect(offsetMinutes('Asia/Kolkata', at('2026-01-01T00:00:00Z'))).toBe(330);
  });

  it('resolves a skipped local time to the next valid minute and a repeated one to its first occurrence', () => {
    // New York, 2026-03-08: 2:00 EST jumps to 3:00 EDT; 2:30 does not exist → 3:00 EDT (07:00Z)
    expect(iso(zonedInstant('America/New_York', { year: 2026, month: 3, day: 8, hour: 2, minute: 30 }))).toBe('2026-03-08T07:00:00.000Z');
    // New York, 2026-11-01: 1:00–2:00 happens twice; 1:30 → the first (EDT, 05:30Z), not 06:30Z
    expect(iso(zonedInstant('America/New_York', { year: 2026, month: 11, day: 1, hour: 1, minute: 30 }))).toBe('2026-11-01T05:30:00.000Z');
    // Berlin, 2026-03-29: 2:00 CET → 3:00 CEST; 2:15 → 3:00 CEST (01:00Z)
    expect(iso(zonedInstant('Europe/Berlin', { year: 2026, month: 3, day: 29, hour: 2, minute: 15 }))).toBe('2026-03-29T01:00:00.000Z');
    // Berlin, 2026-10-25: 2:00–3:00 twice; 2:30 → first (CEST, 00:30Z)
    expect(iso(zonedInstant('Europe/Berlin', { year: 2026, month: 10, day: 25, hour: 2, minute: 30 }))).toBe('2026-10-25T00:30:00.000Z');
  });

  it('validates zone names', () => {
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('computes ISO weeks, including the ones that straddle a year', () => {
    expect(isoWeek({ year: 2026, month: 1, day: 1 })).toEqual({ year: 2026, week: 1 });
    expect(isoWeek({ year: 2027, month: 1, day: 1 })).toEqual({ year: 2026, week: 53 });
    expect(isoWeek({ year: 2024, month: 12, day: 30 })).toEqual({ year: 2025, week: 1 });
    expect(isoWeek({ year: 2026, month: 3, day: 9 })).toEqual({ year: 2026, week: 11 });
  });
});

describe('weekly runs across daylight-saving changes', () => {
  it('America/New_York: Monday 9am stays 9am local when the clocks spring forward', () => {
    const s = sched(1, 9);
    const tz = 'America/New_York';
    const before = nextRun(s, tz, at('2026-03-01T00:00:00Z'));
    expect(iso(before)).toBe('2026-03-02T14:00:00.000Z'); // 9:00 EST
    const after = nextRun(s, tz, before);
    expect(iso(after)).toBe('2026-03-09T13:00:00.000Z'); // 9:00 EDT: 167 hours later, not 168
    expect(after - before).toBe(167 * 3600_000);
    expect(formatLocal(tz, after)).toBe('Monday, March 9 at 9:00 AM EDT');
  });

  it('America/New_York: a run inside the skipped hour happens at 3:00, once', () => {
    const s = sched(0, 2, 30);
    const tz = 'America/New_York';
    const run = nextRun(s, tz, at('2026-03-07T12:00:00Z'));
    expect(iso(run)).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(nextRun(s, tz, run))).toBe('2026-03-15T06:30:00.000Z'); // 2:30 EDT the week after
    expect(previousRun(s, tz, at('2026-03-08T06:59:00Z'))).toBe(at('2026-03-01T07:30:00Z'));
    expect(previousRun(s, tz, run)).toBe(run);
  });

  it('America/New_York: a run inside the repeated hour happens at its first occurrence only', () => {
    const s = sched(0, 1, 30);
    const tz = 'America/New_York';
    const run = nextRun(s, tz, at('2026-10-31T12:00:00Z'));
    expect(iso(run)).toBe('2026-11-01T05:30:00.000Z'); // 1:30 EDT
    // an hour later the wall clock reads 1:30 again (EST); that is not a second run
    const second = at('2026-11-01T06:30:00Z');
    expect(previousRun(s, tz, second)).toBe(run);
    expect(periodKey(tz, run)).toBe(periodKey(tz, second));
    expect(iso(nextRun(s, tz, run))).toBe('2026-11-08T06:30:00.000Z');
  });

  it('Europe/Berlin: both changes, and Friday 4:30pm keeps its local time', () => {
    expect(iso(nextRun(sched(0, 2, 30), 'Europe/Berlin', at('2026-03-28T00:00:00Z')))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(nextRun(sched(0, 2, 30), 'Europe/Berlin', at('2026-10-24T00:00:00Z')))).toBe('2026-10-25T00:30:00.000Z');
    const fri = sched(5, 16, 30);
    expect(iso(nextRun(fri, 'Europe/Berlin', at('2026-03-21T00:00:00Z')))).toBe('2026-03-27T15:30:00.000Z'); // CET
    expect(iso(nextRun(fri, 'Europe/Berlin', at('2026-03-28T00:00:00Z')))).toBe('2026-04-03T14:30:00.000Z'); // CEST
  });

  it('Asia/Kolkata (+5:30, no DST) and Asia/Tokyo (no DST): exactly a week apart all year', () => {
    const s = sched(1, 9);
    for (const tz of ['Asia/Kolkata', 'Asia/Tokyo']) {
      let t = at('2026-01-01T00:00:00Z');
      for (let i = 0; i < 60; i++) {
        const n = nextRun(s, tz, t);
        if (i > 0) expect(n - t).toBe(7 * 24 * 3600_000);
        t = n;
      }
    }
    expect(iso(nextRun(s, 'Asia/Kolkata', at('2026-03-02T00:00:00Z')))).toBe('2026-03-02T03:30:00.000Z');
    expect(iso(nextRun(s, 'Asia/Tokyo', at('2026-03-02T00:00:00Z')))).toBe('2026-03-09T00:00:00.000Z');
  });

  it('next and previous runs agree, and every run of a year has its own period key', () => {
    for (const tz of ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
      for (const s of [sched(1, 9), sched(0, 2, 30), sched(0, 1, 30), sched(6, 23, 45)]) {
        const keys = new Set<string>();
        let t = at('2026-01-01T00:00:00Z');
        for (let i = 0; i < 53; i++) {
          const n = nextRun(s, tz, t);
          expect(n).toBeGreaterThan(t);
          expect(previousRun(s, tz, n)).toBe(n);
          expect(previousRun(s, tz, n - 1)).toBeLessThan(n);
          keys.add(periodKey(tz, n));
          t = n;
        }
        expect(keys.size).toBe(53);
      }
    }
  });

  it('period keys are ISO weeks of the local date', () => {
    // Sunday 23:30 in New York is Monday UTC: the key follows the local date
    const run = nextRun(sched(0, 23, 30), 'America/New_York', at('2026-03-01T00:00:00Z'));
    expect(iso(run)).toBe('2026-03-02T04:30:00.000Z');
    expect(periodKey('America/New_York', run)).toBe('2026-W09');
    expect(periodKey('UTC', run)).toBe('2026-W10');
  });
});
