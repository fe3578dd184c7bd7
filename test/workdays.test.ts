import { describe, expect, it } from 'vitest';
import chineseDays from 'chinese-days';
import {
  CALENDAR_YEARS, WorkdayCalendarError, addWorkdays, chinaDay, describeDay, isWithinWorkdays, isWorkday, workdaysBetween,
} from '../lib/workdays';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof WorkdayCalendarError ? error.code : 'other';
  }
  return undefined;
}

describe('official calendar, Spring Festival 2025 (holiday 01-28..02-04, make-up 01-26 and 02-08)', () => {
  it('knows holidays, make-up workdays and ordinary days', () => {
    expect(isWorkday('2025-01-26')).toBe(true); // Sunday, make-up workday
    expect(isWorkday('2025-01-27')).toBe(true); // Monday
    for (const day of ['2025-01-28', '2025-01-29', '2025-01-31', '2025-02-03', '2025-02-04']) {
      expect(isWorkday(day), day).toBe(false); // weekdays inside the holiday
    }
    expect(isWorkday('2025-02-05')).toBe(true);
    expect(isWorkday('2025-02-08')).toBe(true); // Saturday, make-up workday
    expect(isWorkday('2025-02-09')).toBe(false); // ordinary Sunday
    expect(isWorkday('2025-01-25')).toBe(false); // ordinary Saturday
  });

  it('counts working days across the holiday; the start day does not count', () => {
    // After Fri 01-24: 01-26, 01-27, then 02-05, 02-06, 02-07, 02-08 (Sat, make-up), 02-10.
    expect(workdaysBetween('2025-01-24', '2025-02-10')).toBe(7);
    expect(workdaysBetween('2025-01-24', '2025-01-24')).toBe(0);
    expect(workdaysBetween('2025-02-10', '2025-01-24')).toBe(-7);
    expect(addWorkdays('2025-01-24', 2)).toBe('2025-01-27');
    expect(addWorkdays('2025-01-24', 3)).toBe('2025-02-05');
    expect(addWorkdays('2025-02-05', -1)).toBe('2025-01-27');
    expect(addWorkdays('2025-01-24', 0)).toBe('2025-01-24');
  });

  it('20 working days after 2025-01-24 end on 2025-02-27 (Mon-Fri alone would give 02-21)', () => {
    expect(addWorkdays('2025-01-24', 20)).toBe('2025-02-27');
    expect(workdaysBetween('2025-01-24', '2025-02-27')).toBe(20);
    expect(isWithinWorkdays('2025-01-24', '2025-02-27', 20)).toBe(true);
    expect(isWithinWorkdays('2025-01-24', '2025-02-28', 20)).toBe(false);
  });

  it('a make-up Saturday is the 20th working day after 2025-01-06', () => {
    expect(addWorkdays('2025-01-06', 20)).toBe('2025-02-08');
    expect(isWithinWorkdays('2025-01-06', '2025-02-08', 20)).toBe(true);
    // Sunday after the deadline: still 20 working days counted, but the deadline has passed.
    expect(workdaysBetween('2025-01-06', '2025-02-09')).toBe(20);
    expect(isWithinWorkdays('2025-01-06', '2025-02-09', 20)).toBe(false);
    // Ignoring the make-up day would have moved the deadline to Monday 02-10.
    expect(isWithinWorkdays('2025-01-06', '2025-02-10', 20)).toBe(false);
  });
});

describe('official calendar, National Day 2025 (holiday 10-01..10-08, make-up 09-28 and 10-11)', () => {
  it('skips the holiday week and counts both make-up days', () => {
    expect(isWorkday('2025-09-28')).toBe(true);
    expect(isWorkday('2025-10-08')).toBe(false);
    expect(isWorkday('2025-10-11')).toBe(true);
    expect(addWorkdays('2025-09-30', 1)).toBe('2025-10-09');
    // After Fri 09-26: 09-28, 09-29, 09-30, 10-09, 10-10, 10-11.
    expect(workdaysBetween('2025-09-26', '2025-10-11')).toBe(6);
  });
});

// The State Council's notices, transcribed here by hand (not from the package), so a wrong or
// missing year in the package fails this test: 国务院办公厅关于2025年部分节假日安排的通知
// (2024-11-12) and 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04). Days off are
// inclusive ranges; make-up working days (调休上班) are listed one by one.
const NOTICES: Record<number, { off: [string, string][]; work: string[] }> = {
  2025: {
    off: [['2025-01-01', '2025-01-01'], ['2025-01-28', '2025-02-04'], ['2025-04-04', '2025-04-06'], ['2025-05-01', '2025-05-05'], ['2025-05-31', '2025-06-02'], ['2025-10-01', '2025-10-08']],
    work: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    off: [['2026-01-01', '2026-01-03'], ['2026-02-15', '2026-02-23'], ['2026-04-04', '2026-04-06'], ['2026-05-01', '2026-05-05'], ['2026-06-19', '2026-06-21'], ['2026-09-25', '2026-09-27'], ['2026-10-01', '2026-10-07']],
    work: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

describe('the State Council notices of 2025 and 2026, day by day', () => {
  it.each(Object.entries(NOTICES))('%s: every day as the notice says', (year, notice) => {
    let workdays = 0;
    for (let ms = Date.parse(`${year}-01-01T00:00:00Z`); ms <= Date.parse(`${year}-12-31T00:00:00Z`); ms += 86_400_000) {
      const day = new Date(ms).toISOString().slice(0, 10);
      const weekday = new Date(ms).getUTCDay();
      const off = notice.off.some(([from, to]) => day >= from && day <= to);
      const expected = notice.work.includes(day) || (!off && weekday >= 1 && weekday <= 5);
      expect(isWorkday(day), day).toBe(expected);
      if (expected) workdays += 1;
    }
    // 261 weekdays − weekdays off (18 in 2025, 19 in 2026) + make-up days (5, 6): 248 both years.
    expect(workdays).toBe(248);
  });

  it('describes a day: holiday with its festival, make-up working day, weekend, beyond the calendar', () => {
    expect(describeDay('2025-10-01')).toEqual({ day: '2025-10-01', kind: 'holiday', workday: false, festival: '国庆节', covered: true });
    expect(describeDay('2025-10-11')).toMatchObject({ kind: 'make_up_workday', workday: true, festival: '国庆节' }); // a Saturday
    expect(describeDay('2026-02-28')).toMatchObject({ kind: 'make_up_workday', workday: true, festival: '春节' }); // a Saturday
    expect(describeDay('2025-10-18')).toMatchObject({ kind: 'weekend', workday: false });
    expect(describeDay('2025-10-17')).toMatchObject({ kind: 'workday', workday: true });
    // Beyond the calendar's years: Monday–Friday, marked as not covered.
    expect(describeDay(`${CALENDAR_YEARS.last + 1}-03-01`)).toMatchObject({ covered: false });
  });
});

describe('days and instants', () => {
  it('takes instants in Beijing time', () => {
    expect(chinaDay('2025-02-27T17:30:00Z')).toBe('2025-02-28');
    expect(chinaDay('2025-02-27T15:59:59Z')).toBe('2025-02-27');
    expect(chinaDay('2025-02-28T01:30:00+08:00')).toBe('2025-02-28');
    expect(chinaDay(new Date('2025-01-25T16:00:00Z'))).toBe('2025-01-26');
    expect(isWorkday('2025-01-25T16:30:00Z')).toBe(true); // 00:30 on Sunday 01-26, make-up workday
  });

  it('rejects bad dates and years the calendar does not know', () => {
    expect(codeOf(() => isWorkday('2025-13-45'))).toBe('BAD_DATE');
    expect(codeOf(() => isWorkday('2025-02-30'))).toBe('BAD_DATE');
    expect(codeOf(() => chinaDay('yesterday'))).toBe('BAD_DATE');
    expect(codeOf(() => addWorkdays('2025-01-24', 1.5))).toBe('BAD_DATE');
    expect(codeOf(() => isWorkday(`${CALENDAR_YEARS.last + 1}-03-02`))).toBe('CALENDAR_NOT_COVERED');
    expect(codeOf(() => addWorkdays(`${CALENDAR_YEARS.last}-12-20`, 20))).toBe('CALENDAR_NOT_COVERED');
    expect(CALENDAR_YEARS.first).toBeLessThanOrEqual(2020);
    expect(CALENDAR_YEARS.last).toBeGreaterThanOrEqual(2025);
  });

  // The package's own isWorkday reads the same tables but is right only east of UTC.
  it.skipIf(new Date('2025-06-01T00:00:00Z').getTimezoneOffset() > 0)('agrees with chinese-days on every day of 2020–2025', () => {
    const start = Date.parse('2020-01-01T00:00:00Z');
    const end = Date.parse('2025-12-31T00:00:00Z');
    let days = 0;
    for (let ms = start; ms <= end; ms += 86_400_000) {
      const day = new Date(ms).toISOString().slice(0, 10);
      expect(isWorkday(day), day).toBe(chineseDays.isWorkday(day));
      days += 1;
    }
    expect(days).toBe(2192);
  });

  // addWorkdays and workdaysBetween read precomputed tables: they must equal a walk day by day
  // over describeDay (the calendar's own rule), from the day before the covered years to the day after.
  it('equals a day-by-day walk on every covered day, up to the calendar\'s edges', () => {
    const DAY = 86_400_000;
    const text = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const first = Date.parse(`${CALENDAR_YEARS.first}-01-01T00:00:00Z`) - DAY;
    const last = Date.parse(`${CALENDAR_YEARS.last}-12-31T00:00:00Z`) + DAY;
    const open = (ms: number) => {
      const info = describeDay(text(ms));
      if (!info.covered) throw new WorkdayCalendarError('CALENDAR_NOT_COVERED', text(ms));
      return info.workday;
    };
    const walk = (from: number, n: number) => {
      let ms = from;
      for (let left = Math.abs(n); left > 0; ) if (open((ms += n < 0 ? -DAY : DAY))) left -= 1;
      return text(ms);
    };
    const outcome = (run: () => unknown) => codeOf(run) ?? run();
    let compared = 0;
    for (let ms = first; ms <= last; ms += DAY) {
      const day = text(ms);
      for (const n of [0, 1, 20, -1, -20]) {
        expect(outcome(() => addWorkdays(day, n)), `${day} ${n}`).toBe(outcome(() => walk(ms, n)));
        compared += 1;
      }
      if (ms + 40 * DAY <= last) {
        const count = () => {
          let days = 0;
          for (let next = ms + DAY; next <= ms + 40 * DAY; next += DAY) if (open(next)) days += 1;
          return days;
        };
        expect(outcome(() => workdaysBetween(day, text(ms + 40 * DAY))), day).toBe(outcome(count));
      }
    }
    expect(compared).toBeGreaterThan(5 * 8000);
  });
});
