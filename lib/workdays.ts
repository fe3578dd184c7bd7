// China's official working-day calendar (holidays and make-up workdays, 调休), for deadlines
// such as “在本次抽查任务完成后 20 个工作日内……公示”.
//
// Source: the tables shipped by the `chinese-days` package (dist/chinese-days.json, the same
// data its isWorkday() reads), 2004–2026. The years in use are checked day by day against the
// State Council's notices in test/workdays.test.ts: 国务院办公厅关于2025年部分节假日安排的通知
// (2024-11-12) and 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04). A new year's notice
// comes each November: update the package, then add its days to that test. Its functions are not used directly because they mix UTC
// parsing with local-time getters, so in time zones west of UTC they answer for the wrong
// day. Here every day is a `YYYY-MM-DD` string computed in UTC: the result never depends on
// the server's time zone.
//
// Convention (documented once, used everywhere):
// - the start day (the day of inspection) does not count;
// - workdaysBetween(a, b) counts the working days d with a < d ≤ b;
// - addWorkdays(a, n) is the n-th working day after a, so workdaysBetween(a, addWorkdays(a, n)) = n;
// - a result is on time when it is published no later than addWorkdays(inspectedOn, 20):
//   published on the 20th working day after → on time; on the next calendar day → late,
//   even if that day is a weekend (the deadline has passed).
import calendar from 'chinese-days/dist/chinese-days.json';

const HOLIDAYS: Readonly<Record<string, string>> = calendar.holidays;
const MAKE_UP_WORKDAYS: Readonly<Record<string, string>> = calendar.workdays;

const DAY_MS = 86_400_000;
/** China Standard Time, no daylight saving. */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function coveredYears(): { first: number; last: number } {
  const years = [...Object.keys(HOLIDAYS), ...Object.keys(MAKE_UP_WORKDAYS)].map((day) => Number(day.slice(0, 4)));
  return { first: Math.min(...years), last: Math.max(...years) };
}

/** The years the official calendar is known for (the package's tables). */
export const CALENDAR_YEARS: Readonly<{ first: number; last: number }> = coveredYears();

export class WorkdayCalendarError extends Error {
  constructor(
    readonly code: 'CALENDAR_NOT_COVERED' | 'BAD_DATE',
    message: string,
  ) {
    super(message);
    this.name = 'WorkdayCalendarError';
  }
}

export type DateInput = string | Date;

/**
 * The calendar day in China of a date: a `YYYY-MM-DD` string is taken as is; a full ISO
 * instant (e.g. a publication's `publishedAt`) or a Date is converted to Beijing time.
 */
export function chinaDay(input: DateInput): string {
  if (typeof input === 'string' && ISO_DAY.test(input)) {
    // Round trip: rejects 2025-02-30, which Date.parse would roll over to March.
    if (!isIsoDay(input)) throw new WorkdayCalendarError('BAD_DATE', `Not a day: ${input}`);
    return input;
  }
  const ms = typeof input === 'string' ? Date.parse(input) : input.getTime();
  if (Number.isNaN(ms)) throw new WorkdayCalendarError('BAD_DATE', `Not a date: ${String(input)}`);
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

function toMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

function fromMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function assertCovered(day: string): void {
  const year = Number(day.slice(0, 4));
  if (year < CALENDAR_YEARS.first || year > CALENDAR_YEARS.last) {
    throw new WorkdayCalendarError(
      'CALENDAR_NOT_COVERED',
      `The official holiday calendar is known for ${CALENDAR_YEARS.first}–${CALENDAR_YEARS.last}, not ${day}`,
    );
  }
}

/** Whether the text is a real calendar day written `YYYY-MM-DD`. */
export function isIsoDay(text: string): boolean {
  const ms = Date.parse(`${text}T00:00:00Z`);
  return ISO_DAY.test(text) && !Number.isNaN(ms) && fromMs(ms) === text;
}

/** Whether a day is a working day: Monday–Friday unless a holiday, plus make-up workdays. */
export function isWorkday(date: DateInput): boolean {
  const day = chinaDay(date);
  assertCovered(day);
  return describeDay(day).workday;
}

export type DayKind = 'workday' | 'make_up_workday' | 'holiday' | 'weekend';

export interface DayInfo {
  day: string;
  kind: DayKind;
  workday: boolean;
  /** The holiday's or make-up day's festival in Chinese (国庆节), when the calendar names one. */
  festival?: string;
  /** False beyond the calendar's years: then Monday–Friday are taken as the working days. */
  covered: boolean;
}

/**
 * What kind of day it is. Unlike isWorkday it answers beyond the calendar's years too (Monday–
 * Friday working, `covered: false`), for rules that must not fail on a far date.
 */
export function describeDay(date: DateInput): DayInfo {
  const day = chinaDay(date);
  const year = Number(day.slice(0, 4));
  const covered = year >= CALENDAR_YEARS.first && year <= CALENDAR_YEARS.last;
  const festival = (name: string | undefined) => name?.split(',')[1];
  if (covered && MAKE_UP_WORKDAYS[day]) return { day, kind: 'make_up_workday', workday: true, festival: festival(MAKE_UP_WORKDAYS[day]), covered };
  if (covered && HOLIDAYS[day]) return { day, kind: 'holiday', workday: false, festival: festival(HOLIDAYS[day]), covered };
  const weekday = new Date(toMs(day)).getUTCDay();
  const workday = weekday >= 1 && weekday <= 5;
  return { day, kind: workday ? 'workday' : 'weekend', workday, covered };
}

/**
 * The n-th working day after `date` (n < 0: before it); n = 0 returns the day itself.
 * Throws CALENDAR_NOT_COVERED when the walk leaves the years the calendar knows.
 */
export function addWorkdays(date: DateInput, n: number): string {
  if (!Number.isInteger(n)) throw new WorkdayCalendarError('BAD_DATE', `Not a whole number of days: ${n}`);
  let ms = toMs(chinaDay(date));
  const step = n < 0 ? -DAY_MS : DAY_MS;
  for (let left = Math.abs(n); left > 0; ) {
    ms += step;
    if (isWorkday(fromMs(ms))) left -= 1;
  }
  return fromMs(ms);
}

/** Working days d with a < d ≤ b (negative when b is before a). */
export function workdaysBetween(a: DateInput, b: DateInput): number {
  const start = chinaDay(a);
  const end = chinaDay(b);
  if (end < start) return -workdaysBetween(end, start);
  let count = 0;
  for (let ms = toMs(start) + DAY_MS; ms <= toMs(end); ms += DAY_MS) {
    if (isWorkday(fromMs(ms))) count += 1;
  }
  return count;
}

/** Whether `end` (a day or an instant, taken in Beijing time) is within n working days after `start`. */
export function isWithinWorkdays(start: DateInput, end: DateInput, n: number): boolean {
  return chinaDay(end) <= addWorkdays(start, n);
}
