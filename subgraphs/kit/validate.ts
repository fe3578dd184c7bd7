// Argument checks shared by the department subgraphs; each failure is a stable error code.
import { ErrorCode, graphError } from '../../lib/errors';
import { checkCalendarDay, checkIdLength, checkYear } from '../../lib/input-checks';
import { USCC_PROBLEM_TEXT, usccProblem } from '../../lib/uscc';

export const MAX_BUSINESSES_PER_QUERY = 500;
export const MAX_PAGE_SIZE = 100;

export function checkPageSize(first: number | undefined): number {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw graphError(ErrorCode.PAGE_SIZE_TOO_LARGE, `"first" must be between 1 and ${MAX_PAGE_SIZE}, got ${size}`, { limit: MAX_PAGE_SIZE });
  }
  return size;
}

export function checkUsccs(usccs: readonly string[]): string[] {
  if (usccs.length > MAX_BUSINESSES_PER_QUERY) {
    throw graphError(ErrorCode.BAD_INPUT, `At most ${MAX_BUSINESSES_PER_QUERY} credit codes per query, got ${usccs.length}`);
  }
  for (const uscc of usccs) {
    const problem = usccProblem(uscc);
    if (problem) throw graphError(ErrorCode.INVALID_USCC, `Credit code "${uscc}" ${USCC_PROBLEM_TEXT[problem]}`, { uscc, problem });
  }
  return [...usccs];
}

export function checkDay(name: string, value: string | undefined): string | undefined {
  checkCalendarDay(name, value);
  return value;
}

/** A task filter as the platforms can take it: real days, years in range, ids of bounded length. */
export function checkTaskFilter(filter: { year?: number; planId?: string; from?: string; to?: string }): void {
  checkYear('filter.year', filter.year);
  checkIdLength('filter.planId', filter.planId);
  checkCalendarDay('filter.from', filter.from);
  checkCalendarDay('filter.to', filter.to);
}
