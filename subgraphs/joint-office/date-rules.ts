// Real dates: the office does not publish or dispatch a joint plan whose period has ended, nor
// merge duplicate visits into a day that is past or no working day in China's official calendar
// (holidays and weekends are off; make-up working days 调休 are working days; beyond the years the
// calendar knows, Monday–Friday). A caller who must may give an override with a reason: it lifts
// every date refusal of that one request and is recorded (the audit log and the record itself).
// "Today" is the office's clock (lib/clock.ts): the day in China, not UTC.
import { ErrorCode, graphError } from '../../lib/errors';
import { checkText } from '../../lib/input-checks';
import { describeDay } from '../../lib/workdays';
import type { DateOverride } from './store';

/** Longest reason of an override. */
export const MAX_REASON_LENGTH = 500;

interface Refusal {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

/**
 * The reason of an override argument, trimmed; undefined without one. BAD_INPUT when it is
 * blank, too long or holds forbidden characters, whether or not a rule needs it.
 */
export function overrideReason(override: { reason: string } | null | undefined): string | undefined {
  if (override == null) return undefined;
  const reason = checkText('override.reason', override.reason).trim();
  if (reason === '') throw graphError(ErrorCode.BAD_INPUT, 'An override needs a reason (it is recorded and published with the record)', { argument: 'override.reason' });
  if (reason.length > MAX_REASON_LENGTH) {
    throw graphError(ErrorCode.BAD_INPUT, `override.reason has ${reason.length} characters; at most ${MAX_REASON_LENGTH}`, { argument: 'override.reason', limit: MAX_REASON_LENGTH });
  }
  return reason;
}

/** Publishing or dispatching a plan: its period must not have ended (its last day is still allowed). */
export function planPeriodRefusals(plan: { id: string; definition: { periodEnd: string } }, today: string): Refusal[] {
  const { periodEnd } = plan.definition;
  if (periodEnd >= today) return [];
  return [{ code: ErrorCode.PLAN_PERIOD_ENDED, message: `The period of plan ${plan.id} ended on ${periodEnd} (today is ${today})`, details: { planId: plan.id, periodEnd } }];
}

/** Merging into `date`: not before today, and a working day. */
export function mergeDateRefusals(date: string, today: string): Refusal[] {
  const refusals: Refusal[] = [];
  if (date < today) refusals.push({ code: ErrorCode.MERGE_DATE_PAST, message: `${date} is in the past (today is ${today})`, details: { date } });
  const day = describeDay(date);
  if (!day.workday) {
    const what = day.kind === 'holiday' ? `a public holiday (${day.festival ?? '法定节假日'})` : 'a weekend day';
    refusals.push({
      code: ErrorCode.MERGE_DATE_NOT_WORKING_DAY,
      message: `${date} is ${what}, not a working day`,
      details: { date, dayKind: day.kind.toUpperCase(), ...(day.festival ? { festival: day.festival } : {}) },
    });
  }
  return refusals;
}

/**
 * Without refusals: null. With refusals and no override reason: throws the first, its extensions
 * naming every code refused. With a reason: the override to record.
 */
export function decide(refusals: readonly Refusal[], today: string, reason: string | undefined): DateOverride | null {
  if (refusals.length === 0) return null;
  const codes = refusals.map((refusal) => refusal.code);
  if (reason === undefined) {
    const [first] = refusals;
    const message = `${refusals.map((refusal) => refusal.message).join('; ')}. Give override: { reason } to go ahead (it is recorded)`;
    throw graphError(first.code, message, { ...Object.assign({}, ...refusals.map((refusal) => refusal.details)), today, codes, overridable: true });
  }
  return { codes, reason, on: today };
}
