// The Department.statistics field: checks the arguments, asks the unit's statistics service and
// shapes the answer for GraphQL. Typed failures become stable error codes naming the unit.
import { GraphQLError } from 'graphql';
import { StatisticsError } from '../../../config/jurisdictions';
import { ErrorCode, graphError } from '../../../lib/errors';
import { WorkdayCalendarError } from '../../../lib/workdays';
import { forUnit } from '../for-unit';
import { INDICATOR_KEYS, type Count, type IndicatorKey } from './catalog';
import { statisticsScope } from './scope';
import type { UnitStatisticsPayload } from './service';
import type { DepartmentContext } from '../context';
import { forbidden, isOfficeOrUnit } from '../../../lib/roles';
import type { IndicatorCountType, UnitStatisticsType } from './types';

export interface StatisticsArgs {
  jurisdiction: string;
  year: number;
  asOf?: string | null;
  withLists?: boolean;
  /** With withLists: keep only this indicator's list (the click-through of one figure). */
  indicator?: string | null;
  /** Results to publish within this many working days (the office's alerts). */
  publicationsDueWithin?: number | null;
}

/** The largest horizon of publicationsDue: the publication limit itself. */
const MAX_DUE_WITHIN = 20;

/** A statistics failure as a GraphQL error with a stable code (and the unit, when known). */
export function statisticsGraphError(error: unknown, unitCode?: string): unknown {
  const unit = unitCode ? { unitCode } : {};
  if (error instanceof StatisticsError) return graphError(ErrorCode[error.code], error.message, { ...error.details, ...unit });
  if (error instanceof WorkdayCalendarError) return graphError(ErrorCode.BAD_INPUT, error.message, unit);
  return error;
}

function indicatorCount(key: IndicatorKey, count: Count, keepList: boolean): IndicatorCountType {
  return { key, numerator: count.numerator, denominator: count.denominator, list: keepList ? (count.list ?? []) : null };
}

export function toGraphStatistics(payload: UnitStatisticsPayload, keepList: (key: IndicatorKey) => boolean): UnitStatisticsType {
  const { counts } = payload;
  return {
    unitCode: counts.unitCode,
    year: counts.year,
    asOf: counts.asOf,
    indicators: INDICATOR_KEYS.map((key) => indicatorCount(key, counts.indicators[key], keepList(key))),
    divisions: Object.entries(counts.divisions).map(([code, byKey]) => ({
      code,
      indicators: INDICATOR_KEYS.filter((key) => byKey[key] !== undefined).map((key) => indicatorCount(key, byKey[key]!, false)),
    })),
    notCounted: counts.notCounted ?? [],
    monthly: payload.monthly,
    monthlyLastYear: payload.monthlyLastYear,
  };
}

export async function resolveUnitStatistics(ctx: DepartmentContext, unitCode: string, args: StatisticsArgs): Promise<UnitStatisticsType> {
  const service = ctx.statistics;
  const indicator = args.indicator ?? null;
  if (indicator !== null && !(INDICATOR_KEYS as readonly string[]).includes(indicator)) {
    throw graphError(ErrorCode.BAD_INPUT, `Unknown indicator "${indicator}"; one of ${INDICATOR_KEYS.join(', ')}`, { unitCode });
  }
  const withLists = args.withLists ?? false;
  const within = args.publicationsDueWithin ?? null;
  if (within !== null && (!Number.isInteger(within) || within < 0 || within > MAX_DUE_WITHIN)) {
    throw graphError(ErrorCode.BAD_INPUT, `publicationsDueWithin must be 0..${MAX_DUE_WITHIN} working days, got ${within}`, { unitCode });
  }
  if (within !== null && !isOfficeOrUnit(ctx.role, unitCode)) throw forbidden(`read ${unitCode}'s unpublished results`, ctx.role);
  // Counts are for anyone; the lists name officers' certificate numbers and businesses.
  if (withLists && !isOfficeOrUnit(ctx.role, unitCode)) throw forbidden(`read the lists behind ${unitCode}'s statistics`, ctx.role);
  try {
    const scope = statisticsScope(args.jurisdiction, args.year, args.asOf);
    const payload = await forUnit(unitCode, () => service.statistics(unitCode, scope, withLists));
    const answer = toGraphStatistics(payload, (key) => withLists && (indicator === null || key === indicator));
    if (withLists && indicator !== null) {
      const count = answer.indicators.find((candidate) => candidate.key === indicator)!;
      count.rows = service.listRows(unitCode, scope, indicator as IndicatorKey, count.list ?? []);
    }
    if (within !== null) answer.publicationsDue = service.publicationsDue(unitCode, scope, within);
    return answer;
  } catch (error) {
    throw statisticsGraphError(error, unitCode);
  }
}
