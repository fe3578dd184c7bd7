// Day arithmetic on ISO `YYYY-MM-DD` strings, using UTC day numbers. Day strings are cached so
// hundreds of thousands of records share a few thousand string instances.

const MS_PER_DAY = 86_400_000;
const cache = new Map<number, string>();
const numbers = new Map<string, number>();

/** Days since 1970-01-01 of an ISO day (the first 10 characters of an ISO string). */
export function dayNumber(iso: string): number {
  const day = iso.length === 10 ? iso : iso.slice(0, 10);
  let number = numbers.get(day);
  if (number === undefined) {
    const parsed = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
    if (Number.isNaN(parsed)) throw new Error(`not an ISO day: ${iso}`);
    number = Math.round(parsed / MS_PER_DAY);
    numbers.set(day, number);
  }
  return number;
}

export function isoDay(day: number): string {
  let text = cache.get(day);
  if (text === undefined) {
    text = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    cache.set(day, text);
  }
  return text;
}

export function addDays(iso: string, days: number): string {
  return isoDay(dayNumber(iso) + days);
}

/** `YYYY-MM` of an ISO day or instant. */
export function monthOf(iso: string): string {
  return iso.slice(0, 7);
}

/** The later of two ISO days. */
export function maxDay(a: string, b: string): string {
  return a > b ? a : b;
}

export function minDay(a: string, b: string): string {
  return a < b ? a : b;
}

/** Last day of the month of an ISO day. */
export function endOfMonth(iso: string): string {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  return isoDay(Math.round(Date.UTC(year, month, 0) / MS_PER_DAY));
}
