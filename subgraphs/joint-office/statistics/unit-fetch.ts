// The office's reads of the units' counts: ONE operation through the federated graph for all
// units (departments { code statistics(...) }); the gateway fetches each department subgraph in
// parallel and only counts cross it. A unit whose subgraph or platform failed comes back as a
// null with an error naming it (extensions.unitCode), or naming its subgraph.
import { MEMBER_UNITS } from '../../../config/units';
import { ErrorCode, graphError } from '../../../lib/errors';
import { INDICATOR_KEYS, type Count, type IndicatorCounts, type IndicatorKey, type UnitCounts } from '../../kit/statistics/catalog';
import type { MonthlyActivity } from '../../kit/statistics/monthly';
import type { StatisticsScope } from '../../kit/statistics/scope';
import type { GraphClient, GraphError } from '../graph-client';
import type { OfficeVisits } from '../visit-index/runtime';
import type { SyncProgress, UnitOutcome } from './indicators';
import type { ListRow } from '../../kit/statistics/list-rows';

interface WireCount {
  key: string;
  numerator: number;
  denominator: number | null;
  list?: string[] | null;
  rows?: ListRow[] | null;
}

interface WireStatistics {
  unitCode: string;
  year: number;
  asOf: string;
  notCounted: string[];
  indicators: WireCount[];
  divisions?: { code: string; indicators: WireCount[] }[];
  monthly?: MonthlyActivity[];
  monthlyLastYear?: MonthlyActivity[];
}

const COUNTS = 'key numerator denominator';
// Divisions and months cross the gateway only when the office's caller asked for them. The one
// list that comes along is indicator 8's (sampled businesses): the office needs the sets to
// count distinct businesses across units (distinct-sampled.ts).
const STATISTICS_FIELDS = `unitCode year asOf notCounted indicators { ${COUNTS} list }
    divisions @include(if: $withDivisions) { code indicators { ${COUNTS} } }
    monthly @include(if: $withMonthly) { month tasksPlanned tasksCompleted resultsPublished }
    monthlyLastYear @include(if: $withMonthly) { month tasksPlanned tasksCompleted resultsPublished }`;

export const UNIT_STATISTICS_QUERY = `query OfficeUnitStatistics($jurisdiction: ID!, $year: Int!, $asOf: String, $withDivisions: Boolean!, $withMonthly: Boolean!) {
  departments { code statistics(jurisdiction: $jurisdiction, year: $year, asOf: $asOf, withLists: true, indicator: "businessesSampled") { ${STATISTICS_FIELDS} } }
}`;

const ONE_UNIT_STATISTICS_QUERY = `query OfficeOneUnitStatistics($code: ID!, $jurisdiction: ID!, $year: Int!, $asOf: String, $withDivisions: Boolean!, $withMonthly: Boolean!) {
  department(code: $code) { code statistics(jurisdiction: $jurisdiction, year: $year, asOf: $asOf, withLists: true, indicator: "businessesSampled") { ${STATISTICS_FIELDS} } }
}`;

export const ROW_FIELDS = 'id uscc divisionCode subject plannedOn inspectedOn dueOn publishedOn workdaysLate reason';
const LIST_FIELDS = `unitCode indicators { ${COUNTS} list rows { ${ROW_FIELDS} } }`;
export const UNIT_LIST_QUERY = `query OfficeUnitList($unit: ID!, $jurisdiction: ID!, $year: Int!, $asOf: String, $indicator: String) {
  department(code: $unit) { code statistics(jurisdiction: $jurisdiction, year: $year, asOf: $asOf, withLists: true, indicator: $indicator) { ${LIST_FIELDS} } }
}`;
export const ALL_LISTS_QUERY = `query OfficeUnitLists($jurisdiction: ID!, $year: Int!, $asOf: String, $indicator: String) {
  departments { code statistics(jurisdiction: $jurisdiction, year: $year, asOf: $asOf, withLists: true, indicator: $indicator) { ${LIST_FIELDS} } }
}`;

function toCounts(wire: readonly WireCount[]): Partial<IndicatorCounts> {
  const out: Partial<IndicatorCounts> = {};
  for (const count of wire) {
    if (!(INDICATOR_KEYS as readonly string[]).includes(count.key)) continue;
    const value: Count = { numerator: count.numerator, denominator: count.denominator };
    if (count.list) value.list = count.list;
    out[count.key as IndicatorKey] = value;
  }
  return out;
}

export function toUnitCounts(wire: WireStatistics): UnitCounts {
  const indicators = toCounts(wire.indicators);
  for (const key of INDICATOR_KEYS) {
    if (!indicators[key]) throw graphError(ErrorCode.BAD_INPUT, `Unit ${wire.unitCode} returned no count for ${key}`);
  }
  const counts: UnitCounts = {
    unitCode: wire.unitCode,
    year: wire.year,
    asOf: wire.asOf,
    indicators: indicators as IndicatorCounts,
    divisions: Object.fromEntries((wire.divisions ?? []).map((division) => [division.code, toCounts(division.indicators)])),
  };
  if (wire.notCounted.length > 0) counts.notCounted = wire.notCounted as IndicatorKey[];
  return counts;
}

/** Why a unit has no counts: the error naming it, or naming its subgraph (the units of that platform). */
export function unitErrors(errors: readonly GraphError[]): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const error of errors) {
    const unitCode = error.extensions?.unitCode;
    const subgraph = error.extensions?.subgraph;
    const units = typeof unitCode === 'string' ? [unitCode] : MEMBER_UNITS.filter((unit) => unit.platform === subgraph).map((unit) => unit.code);
    const code = typeof error.extensions?.code === 'string' ? `${error.extensions.code}: ` : '';
    for (const unit of units) if (!reasons.has(unit)) reasons.set(unit, `${code}${error.message}`);
  }
  return reasons;
}

/** Progress of the units whose views are still being built (errors coded SYNCING). */
export function unitSyncing(errors: readonly GraphError[]): Map<string, SyncProgress> {
  const syncing = new Map<string, SyncProgress>();
  for (const error of errors) {
    const { code, unitCode, applied, remaining } = error.extensions ?? {};
    if (code === ErrorCode.SYNCING && typeof unitCode === 'string') syncing.set(unitCode, { applied: Number(applied) || 0, remaining: Number(remaining) || 0 });
  }
  return syncing;
}

/** A statistics error of the departments that applies to every unit (bad input) is the caller's error. */
function rethrowInputError(errors: readonly GraphError[]): void {
  const input = errors.find((error) => ['UNKNOWN_JURISDICTION', 'NO_DATA_FOR_YEAR', 'BAD_INPUT', 'FORBIDDEN'].includes(String(error.extensions?.code)));
  if (input) throw graphError(input.extensions!.code as ErrorCode, input.message);
}

type DepartmentAnswer = { code: string; statistics: WireStatistics | null };

function outcomesOf(departments: readonly DepartmentAnswer[], errors: readonly GraphError[]): UnitOutcome[] {
  rethrowInputError(errors);
  const reasons = unitErrors(errors);
  const syncing = unitSyncing(errors);
  return departments.map((department) =>
    department.statistics
      ? { unitCode: department.code, counts: toUnitCounts(department.statistics) }
      : { unitCode: department.code, error: reasons.get(department.code) ?? 'no answer', syncing: syncing.get(department.code) },
  );
}

export interface FetchedCounts {
  outcomes: UnitOutcome[];
  monthly: Map<string, MonthlyActivity[]>;
  monthlyLastYear: Map<string, MonthlyActivity[]>;
}

function monthsOf(departments: readonly DepartmentAnswer[]): Pick<FetchedCounts, 'monthly' | 'monthlyLastYear'> {
  const monthly = new Map<string, MonthlyActivity[]>();
  const monthlyLastYear = new Map<string, MonthlyActivity[]>();
  for (const { code, statistics } of departments) {
    if (statistics?.monthly) monthly.set(code, statistics.monthly);
    if (statistics?.monthlyLastYear) monthlyLastYear.set(code, statistics.monthlyLastYear);
  }
  return { monthly, monthlyLastYear };
}

function variables(scope: StatisticsScope): Record<string, unknown> {
  return { jurisdiction: scope.judged.code, year: scope.judged.year, asOf: scope.asOf };
}

export interface FetchParts {
  divisions: boolean;
  monthly: boolean;
}

/** Where the office keeps each unit's answer, under the unit's data version. */
export interface KeptUnits {
  kept: OfficeVisits;
  versions: ReadonlyMap<string, string>;
}

/**
 * Every unit's counts (with indicator 8's list). With kept units, each unit's answer is kept
 * under its data version, and only the units whose data changed are asked again (one small
 * operation each), so a write costs the gateway one unit's answer, not eighteen.
 */
export async function fetchUnitCounts(graph: GraphClient, scope: StatisticsScope, parts: FetchParts, actor?: string, units?: KeptUnits): Promise<FetchedCounts> {
  const vars = { ...variables(scope), withDivisions: parts.divisions, withMonthly: parts.monthly };
  if (units) return fetchUnitByUnit(graph, vars, actor, units);
  const answer = await graph.query<{ departments: DepartmentAnswer[] }>(UNIT_STATISTICS_QUERY, vars, actor);
  if (!answer.data) throw graphError(ErrorCode.SUBGRAPH_UNAVAILABLE, `No statistics from the graph: ${answer.errors.map((e) => e.message).join('; ')}`);
  return { outcomes: outcomesOf(answer.data.departments, answer.errors), ...monthsOf(answer.data.departments) };
}

async function fetchUnitByUnit(graph: GraphClient, vars: Record<string, unknown>, actor: string | undefined, units: KeptUnits): Promise<FetchedCounts> {
  type Answer = { department: DepartmentAnswer | null; errors: GraphError[] };
  const answers = await Promise.all(
    [...units.versions].map(([code, version]) =>
      units.kept.memo(
        JSON.stringify(['unit-statistics', code, vars]),
        version,
        async (): Promise<Answer> => {
          const answer = await graph.query<{ department: DepartmentAnswer | null }>(ONE_UNIT_STATISTICS_QUERY, { ...vars, code }, actor);
          return { department: answer.data?.department ?? { code, statistics: null }, errors: answer.errors };
        },
        (answer) => answer.department?.statistics != null,
      ),
    ),
  );
  const departments = answers.map((answer) => answer.department!);
  return { outcomes: outcomesOf(departments, answers.flatMap((answer) => answer.errors)), ...monthsOf(departments) };
}

/** The list behind one indicator of one unit, or why it is missing. */
export type UnitList = { unitCode: string; numerator: number; denominator: number | null; list: string[]; rows?: ListRow[] } | { unitCode: string; error: string };

type ListAnswer = { code: string; statistics: { unitCode: string; indicators: WireCount[] } | null };

function listsOf(departments: readonly ListAnswer[], errors: readonly GraphError[], indicator: IndicatorKey): UnitList[] {
  rethrowInputError(errors);
  const reasons = unitErrors(errors);
  return departments.map((department) => {
    const count = department.statistics?.indicators.find((candidate) => candidate.key === indicator);
    if (!count) return { unitCode: department.code, error: reasons.get(department.code) ?? 'no answer' };
    return { unitCode: department.code, numerator: count.numerator, denominator: count.denominator, list: count.list ?? [], rows: count.rows ?? undefined };
  });
}

/** The lists behind one indicator, of one unit or (unit null) of every unit. */
export async function fetchUnitLists(graph: GraphClient, scope: StatisticsScope, indicator: IndicatorKey, unit: string | null, actor?: string): Promise<UnitList[]> {
  const vars = { ...variables(scope), indicator };
  if (unit === null) {
    const answer = await graph.query<{ departments: ListAnswer[] }>(ALL_LISTS_QUERY, vars, actor);
    if (!answer.data) throw graphError(ErrorCode.SUBGRAPH_UNAVAILABLE, `No lists from the graph: ${answer.errors.map((e) => e.message).join('; ')}`);
    return listsOf(answer.data.departments, answer.errors, indicator);
  }
  const answer = await graph.query<{ department: ListAnswer | null }>(UNIT_LIST_QUERY, { ...vars, unit }, actor);
  return listsOf([answer.data?.department ?? { code: unit, statistics: null }], answer.errors, indicator);
}
