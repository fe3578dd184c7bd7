// Periods and dates: a query's period resolved to inclusive ISO bounds, and day arithmetic on
// `YYYY-MM-DD` strings (UTC, so no time zone shifts a day).
import { badInput } from './errors';
import type { DateRange, PeriodInput, WindowInput } from './types';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export interface ResolvedPeriod extends DateRange {
  /** Calendar years the period touches; visit caps are counted over whole years. */
  years: number[];
}

export function isIsoDay(value: string): boolean {
  const match = ISO_DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const digit = (text: string, at: number) => text.charCodeAt(at) - 48;

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` day (shape guaranteed by the caller). Arithmetic on
 * character codes (days-from-civil, proleptic Gregorian): it runs once per visit, so no
 * substrings and no Date objects.
 */
export function epochDay(isoDay: string): number {
  let year = digit(isoDay, 0) * 1000 + digit(isoDay, 1) * 100 + digit(isoDay, 2) * 10 + digit(isoDay, 3);
  const month = digit(isoDay, 5) * 10 + digit(isoDay, 6);
  const day = digit(isoDay, 8) * 10 + digit(isoDay, 9);
  if (month <= 2) year -= 1;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

export function isoDayOf(epoch: number): string {
  return new Date(epoch * MS_PER_DAY).toISOString().slice(0, 10);
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 1900 || year > 2999) throw badInput(`year ${year} is out of range 1900..2999`);
}

export function resolvePeriod(period: PeriodInput): ResolvedPeriod {
  if ('from' in period) {
    if (!isIsoDay(period.from) || !isIsoDay(period.to)) {
      throw badInput(`period dates must be valid YYYY-MM-DD days (got ${period.from} .. ${period.to})`);
    }
    if (period.from > period.to) throw badInput(`period is reversed: ${period.from} is after ${period.to}`);
    const first = Number(period.from.slice(0, 4));
    const last = Number(period.to.slice(0, 4));
    const years: number[] = [];
    for (let year = first; year <= last; year++) years.push(year);
    return { start: period.from, end: period.to, years };
  }
  checkYear(period.year);
  if (period.quarter === undefined) return { start: `${period.year}-01-01`, end: `${period.year}-12-31`, years: [period.year] };
  const quarter = period.quarter;
  if (![1, 2, 3, 4].includes(quarter)) throw badInput(`quarter must be 1..4 (got ${quarter})`);
  const firstMonth = (quarter - 1) * 3 + 1;
  const start = `${period.year}-${String(firstMonth).padStart(2, '0')}-01`;
  const nextQuarter = Date.UTC(period.year, firstMonth - 1 + 3, 1) / MS_PER_DAY;
  return { start, end: isoDayOf(nextQuarter - 1), years: [period.year] };
}

/** The window as a number of days, or null for the calendar-month window. */
export function windowDays(window: WindowInput | undefined): number | null {
  if (window === undefined || window === 'month') return null;
  const days = window.days;
  if (!Number.isInteger(days) || days < 0 || days > 366) throw badInput(`window days must be an integer in 0..366 (got ${days})`);
  return days;
}

/** The days all ranges share, or null when they share none (or there are no ranges). */
export function intersect(ranges: readonly DateRange[]): DateRange | null {
  if (ranges.length === 0) return null;
  let start = ranges[0].start;
  let end = ranges[0].end;
  for (const range of ranges) {
    if (range.start > start) start = range.start;
    if (range.end < end) end = range.end;
  }
  return start <= end ? { start, end } : null;
}
