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

// Days are looked up in tables built once for the calendar's years (statistics and duplicate
// detection ask about every task's dates at city scale: walking day by day was a tenth of their
// CPU). Valid `YYYY-MM-DD` texts are remembered, so a day is parsed once.
const knownDays = new Map<string, number>();
/** The China day of instants met (publications' `publishedAt`), each converted once. */
const instantDays = new Map<string, string>();
const KNOWN_DAYS_LIMIT = 200_000;

/** Milliseconds of a valid `YYYY-MM-DD` (UTC midnight), or NaN. */
function dayMs(text: string): number {
  const known = knownDays.get(text);
  if (known !== undefined) return known;
  if (!ISO_DAY.test(text)) return Number.NaN;
  const ms = Date.parse(`${text}T00:00:00Z`);
  // Round trip: rejects 2025-02-30, which Date.parse would roll over to March.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) return Number.NaN;
  if (knownDays.size < KNOWN_DAYS_LIMIT) knownDays.set(text, ms);
  return ms;
}

/**
 * The calendar day in China of a date: a `YYYY-MM-DD` string is taken as is; a full ISO
 * instant (e.g. a publication's `publishedAt`) or a Date is converted to Beijing time.
 */
export function chinaDay(input: DateInput): string {
  if (typeof input === 'string' && input.length === 10 && !Number.isNaN(dayMs(input))) return input;
  if (typeof input === 'string' && ISO_DAY.test(input)) throw new WorkdayCalendarError('BAD_DATE', `Not a day: ${input}`);
  const known = typeof input === 'string' ? instantDays.get(input) : undefined;
  if (known !== undefined) return known;
  const ms = typeof input === 'string' ? Date.parse(input) : input.getTime();
  if (Number.isNaN(ms)) throw new WorkdayCalendarError('BAD_DATE', `Not a date: ${String(input)}`);
  const day = new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
  if (typeof input === 'string' && instantDays.size < KNOWN_DAYS_LIMIT) instantDays.set(input, day);
  return day;
}

function toMs(day: string): number {
  return dayMs(day);
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
  return !Number.isNaN(dayMs(text));
}

/** Whether a day is a working day: Monday–Friday unless a holiday, plus make-up workdays. */
export function isWorkday(date: DateInput): boolean {
  const day = chinaDay(date);
  assertCovered(day);
  return TABLE.workday[(toMs(day) - TABLE.firstMs) / DAY_MS] === 1;
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

/** The covered years day by day: whether each is a working day, and the working days so far. */
const TABLE = (() => {
  const firstMs = Date.parse(`${CALENDAR_YEARS.first}-01-01T00:00:00Z`);
  const days = (Date.parse(`${CALENDAR_YEARS.last + 1}-01-01T00:00:00Z`) - firstMs) / DAY_MS;
  const workday = new Uint8Array(days);
  /** Working days among the table's days 0..i. */
  const through = new Uint16Array(days);
  /** Table index of the k-th working day (k from 0). */
  const nth: number[] = [];
  for (let i = 0, count = 0; i < days; i++) {
    const day = fromMs(firstMs + i * DAY_MS);
    const weekday = new Date(firstMs + i * DAY_MS).getUTCDay();
    const open = MAKE_UP_WORKDAYS[day] ? true : HOLIDAYS[day] ? false : weekday >= 1 && weekday <= 5;
    if (open) {
      workday[i] = 1;
      nth.push(i);
      count += 1;
    }
    through[i] = count;
  }
  return { firstMs, days, workday, through, nth };
})();

/**
 * Working days from the table's start up to and including `day`, and whether it is one. The day
 * just before or after the covered years counts too (a walk from it stays inside them);
 * anything further out is CALENDAR_NOT_COVERED.
 */
function position(day: string): { upTo: number; workday: number } {
  const index = (toMs(day) - TABLE.firstMs) / DAY_MS;
  if (index === -1) return { upTo: 0, workday: 0 };
  if (index === TABLE.days) return { upTo: TABLE.nth.length, workday: 0 };
  assertCovered(day);
  return { upTo: TABLE.through[index], workday: TABLE.workday[index] };
}

/** Working days up to and including a covered `day`. */
function workdaysThrough(day: string): number {
  assertCovered(day);
  return TABLE.through[(toMs(day) - TABLE.firstMs) / DAY_MS];
}

function notCovered(from: string, n: number): never {
  throw new WorkdayCalendarError(
    'CALENDAR_NOT_COVERED',
    `The official holiday calendar is known for ${CALENDAR_YEARS.first}–${CALENDAR_YEARS.last}: ${Math.abs(n)} working days ${n < 0 ? 'before' : 'after'} ${from} leave it`,
  );
}

/**
 * The n-th working day after `date` (n < 0: before it); n = 0 returns the day itself.
 * Throws CALENDAR_NOT_COVERED when the walk leaves the years the calendar knows.
 */
export function addWorkdays(date: DateInput, n: number): string {
  if (!Number.isInteger(n)) throw new WorkdayCalendarError('BAD_DATE', `Not a whole number of days: ${n}`);
  const day = chinaDay(date);
  if (n === 0) return day;
  // The n-th working day after the day is number upTo + n (from 1) in the table.
  const { upTo, workday } = position(day);
  const k = n > 0 ? upTo + n - 1 : upTo - workday + n;
  if (k < 0 || k >= TABLE.nth.length) notCovered(day, n);
  return fromMs(TABLE.firstMs + TABLE.nth[k] * DAY_MS);
}

/** Working days d with a < d ≤ b (negative when b is before a). */
export function workdaysBetween(a: DateInput, b: DateInput): number {
  const start = chinaDay(a);
  const end = chinaDay(b);
  if (end < start) return -workdaysBetween(end, start);
  if (end === start) return 0;
  return workdaysThrough(end) - position(start).upTo;
}

/** Whether `end` (a day or an instant, taken in Beijing time) is within n working days after `start`. */
export function isWithinWorkdays(start: DateInput, end: DateInput, n: number): boolean {
  return chinaDay(end) <= addWorkdays(start, n);
}
