// Checks of client input shared by every subgraph. A failure is BAD_INPUT with a message that
// says what was wrong, so a client mistake never reaches a platform or the database as such.
import { ErrorCode, graphError } from './errors';

/** Longest id (ID arguments, plan ids, idempotency keys, group keys) a client may send. */
export const MAX_ID_LENGTH = 128;

/** Years the graph answers about; others are refused before any platform is asked. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

// XML 1.0 allows tab, LF, CR and U+0020..U+D7FF, U+E000..U+FFFD, U+10000..U+10FFFF. PostgreSQL
// refuses NUL in text. Refusing the union everywhere keeps both the XML platform and the office
// store safe, and no legitimate text needs these characters.
// No u flag: the regex sees UTF-16 code units, which is what lone surrogates are.
const FORBIDDEN_UNIT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot be accepted (a forbidden character and where), or null when it can. */
export function textProblem(text: string): string | null {
  const match = FORBIDDEN_UNIT.exec(text);
  if (!match) return null;
  const unit = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return `contains the character U+${unit} at position ${match.index} (control characters other than tab, CR and LF, lone surrogates, U+FFFE and U+FFFF are not allowed)`;
}

export function checkText(name: string, text: string): string {
  const problem = textProblem(text);
  if (problem) throw graphError(ErrorCode.BAD_INPUT, `"${name}" ${problem}`, { argument: name });
  return text;
}

export function checkIdLength(name: string, id: string | null | undefined): void {
  if (id != null && id.length > MAX_ID_LENGTH) {
    throw graphError(ErrorCode.BAD_INPUT, `"${name}" is ${id.length} characters long; ids have at most ${MAX_ID_LENGTH}`, { argument: name, limit: MAX_ID_LENGTH });
  }
}

export function checkYear(name: string, year: number | null | undefined): void {
  if (year != null && !(Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR)) {
    throw graphError(ErrorCode.BAD_INPUT, `"${name}" must be a year in ${MIN_YEAR}..${MAX_YEAR}, got ${year}`, { argument: name, min: MIN_YEAR, max: MAX_YEAR });
  }
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar day as YYYY-MM-DD (2025-02-30 is not: Date would roll it over). */
export function isCalendarDay(text: string): boolean {
  const match = ISO_DAY.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function checkCalendarDay(name: string, value: string | null | undefined): void {
  if (value != null && !isCalendarDay(value)) {
    throw graphError(ErrorCode.BAD_INPUT, `"${name}" must be a calendar day as YYYY-MM-DD, got "${value.slice(0, 40)}"`, { argument: name });
  }
}
