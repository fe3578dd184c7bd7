// Planned dates of a joint plan: one date per drawn business, shared by all its units (one
// joint visit), spread evenly and deterministically over the period.
//
// Days = the official working days of the period (China's holiday calendar with make-up
// workdays, lib/workdays.ts); for years the calendar does not cover, Monday–Friday; if the
// period holds no such day at all, every day of it. With k drawn businesses in draw order
// (credit-code order) and w days, business i is planned on Days[⌊i × w / k⌋].
import { describeDay } from '../../../lib/workdays';

const DAY_MS = 86_400_000;

function everyDay(start: string, end: string): string[] {
  const days: string[] = [];
  for (let ms = Date.parse(`${start}T00:00:00Z`); ms <= Date.parse(`${end}T00:00:00Z`); ms += DAY_MS) days.push(new Date(ms).toISOString().slice(0, 10));
  return days;
}

export function inspectionDays(periodStart: string, periodEnd: string): string[] {
  const days = everyDay(periodStart, periodEnd);
  const working = days.filter((day) => describeDay(day).workday);
  return working.length > 0 ? working : days;
}

/** The planned day of each of `count` businesses, in their order. */
export function spreadDates(count: number, periodStart: string, periodEnd: string): string[] {
  const days = inspectionDays(periodStart, periodEnd);
  return Array.from({ length: count }, (_, i) => days[Math.floor((i * days.length) / count)]);
}
