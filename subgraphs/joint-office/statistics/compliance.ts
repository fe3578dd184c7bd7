// The office's compliance statistics for a jurisdiction and year: the units' counts fetched in
// one graph operation, combined into per-unit, per-division and jurisdiction figures, judged
// against the jurisdiction's targets (see subgraphs/kit/statistics/scope.ts for which data is
// counted when another jurisdiction's targets are asked for).
import { ErrorCode, graphError } from '../../../lib/errors';
import { statisticsGraphError } from '../../kit/statistics/field';
import { INDICATORS, INDICATOR_KEYS, type IndicatorKey } from '../../kit/statistics/catalog';
import type { MonthlyActivity } from '../../kit/statistics/monthly';
import { statisticsScope, type StatisticsScope } from '../../kit/statistics/scope';
import { assertUnitOf } from '../../../config/jurisdictions';
import type { GraphClient } from '../graph-client';
import { statisticsTable, type StatisticsTable } from './export';
import { combineCounts, judgeCombination, type StatisticsReport, type UnitOutcome } from './indicators';
import { duplicateFiguresForYear } from '../merging/figures';
import type { GatherDeps } from '../merging/gather';
import { withDuplicateFigures } from './duplicate-figures';
import { directoryUnion, distinctSampled, withDistinctSampled, type DirectoryUnion } from './distinct-sampled';
import { fetchUnitCounts, fetchUnitLists, type FetchParts, type KeptUnits, type UnitList } from './unit-fetch';
import { DUPLICATE_KEYS, UNKNOWN_DIVISION } from '../../kit/statistics/catalog';
import { forDivision } from './division-report';

export interface ComplianceArgs {
  jurisdiction: string;
  year: number;
  asOf?: string | null;
}

/** Which part of the jurisdiction a report covers: some units, one county-level division. */
export interface ReportFilter {
  /** Null: every member unit. */
  units?: readonly string[] | null;
  division?: string | null;
}

export interface ComplianceResult {
  scope: StatisticsScope;
  report: StatisticsReport;
  /** Jurisdiction total per month (units that answered). */
  trend: MonthlyActivity[];
  /** The same of the year before. */
  trendLastYear: MonthlyActivity[];
  unitTrends: Map<string, MonthlyActivity[]>;
  table: () => StatisticsTable;
}

export function resolveScope(args: ComplianceArgs): StatisticsScope {
  try {
    return statisticsScope(args.jurisdiction, args.year, args.asOf);
  } catch (error) {
    throw statisticsGraphError(error);
  }
}

function sumTrends(trends: Iterable<MonthlyActivity[]>): MonthlyActivity[] {
  const byMonth = new Map<string, MonthlyActivity>();
  for (const trend of trends) {
    for (const month of trend) {
      const sum = byMonth.get(month.month) ?? { month: month.month, tasksPlanned: 0, tasksCompleted: 0, resultsPublished: 0 };
      sum.tasksPlanned += month.tasksPlanned;
      sum.tasksCompleted += month.tasksCompleted;
      sum.resultsPublished += month.resultsPublished;
      byMonth.set(month.month, sum);
    }
  }
  return [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month));
}

/**
 * Indicator 11 comes from the office's duplicate findings across all units (subgraphs/joint-office/
 * merging). When some unit's visits cannot be read it stays not counted, so the totals say
 * incomplete instead of showing a number that is too low.
 */
function duplicateFigures(scope: StatisticsScope, deps: StatisticsDeps) {
  const { counting } = scope;
  const options = { year: counting.year, asOf: scope.asOf, caps: { perUnitPerYear: counting.visitCap.maxVisitsPerYear, totalPerYear: counting.visitCap.totalVisitsPerYear } };
  // Kept with the findings they come from (merging/findings.ts), while the visit index stays the same.
  return duplicateFiguresForYear(deps, counting.unitCodes, options, scope.dataJurisdiction);
}

async function withDuplicates(outcomes: UnitOutcome[], scope: StatisticsScope, deps: StatisticsDeps): Promise<UnitOutcome[]> {
  let figures;
  try {
    figures = await duplicateFigures(scope, deps);
  } catch {
    return outcomes;
  }
  return outcomes.map((outcome) => {
    const unitFigures = figures.get(outcome.unitCode);
    return 'counts' in outcome && unitFigures ? { ...outcome, counts: withDuplicateFigures(outcome.counts, unitFigures) } : outcome;
  });
}

export type StatisticsDeps = GatherDeps;

/**
 * The report for these arguments. With a shared cache and the visit index, a complete report is
 * kept while no unit's data version (bumped by the units' views) and no visit changed, so a warm
 * dashboard costs no read of the units; an incomplete one (a unit syncing or down) is not kept.
 */
export async function complianceReport(graph: GraphClient, args: ComplianceArgs, parts: FetchParts, deps: StatisticsDeps, filter: ReportFilter = {}): Promise<ComplianceResult> {
  const scope = resolveScope(args);
  const checked = checkFilter(scope, filter);
  // A division's figures per unit come from the units' split by division.
  if (checked.division !== null) parts = { ...parts, divisions: true };
  const { cache, visits } = deps;
  if (!cache) return computeReport(graph, scope, parts, deps, checked);
  const all = await visits.catchUp(cache);
  if (!all) return computeReport(graph, scope, parts, deps, checked);
  const versions = new Map(scope.counting.unitCodes.map((code) => [code, all.get(code)!]));
  const slot = JSON.stringify(['report', scope.judged.code, scope.judged.year, scope.asOf, parts, checked]);
  const version = JSON.stringify([[...versions.values()], visits.index.version]);
  const units = { kept: visits, versions };
  return visits.memo(slot, version, () => computeReport(graph, scope, parts, deps, checked, units), (result) => result.report.complete);
}

interface CheckedFilter {
  units: readonly string[] | null;
  division: string | null;
}

/** UNKNOWN_UNIT for a unit of no member, BAD_INPUT for a division not of the jurisdiction. */
function checkFilter(scope: StatisticsScope, filter: ReportFilter): CheckedFilter {
  const units = filter.units ?? null;
  try {
    for (const unit of units ?? []) assertUnitOf(scope.counting, unit);
  } catch (error) {
    throw statisticsGraphError(error);
  }
  if (units !== null && units.length === 0) throw graphError(ErrorCode.BAD_INPUT, 'units must name at least one unit');
  const division = filter.division ?? null;
  checkDivision(scope, division);
  // In the jurisdiction's order, so the same selection is one kept answer.
  return { units: units && scope.counting.unitCodes.filter((code) => units.includes(code)), division };
}

export function checkDivision(scope: StatisticsScope, division: string | null): void {
  if (division !== null && !scope.judged.divisions.some((candidate) => candidate.code === division) && division !== UNKNOWN_DIVISION) {
    const known = scope.judged.divisions.map((candidate) => candidate.code).join(', ');
    throw graphError(ErrorCode.BAD_INPUT, `${division} is not a county-level division of ${scope.judged.name} (${known})`);
  }
}

async function computeReport(graph: GraphClient, scope: StatisticsScope, parts: FetchParts, deps: StatisticsDeps, filter: CheckedFilter, units?: KeptUnits): Promise<ComplianceResult> {
  const selected = filter.units ?? scope.counting.unitCodes;
  // A failed read of the directories leaves indicator 8's total uncounted (incomplete), not low.
  const noDirectories = (): DirectoryUnion => ({ divisionOf: new Map(), missing: [...selected] });
  const [counted, directories] = await Promise.all([
    fetchUnitCounts(graph, scope, parts, deps.actor, units),
    directoryUnion(graph, selected, deps.actor, deps.visits).catch(noDirectories),
  ]);
  const { monthly, monthlyLastYear } = counted;
  const outcomes = await withDuplicates(counted.outcomes, scope, deps);
  const ofSelected = outcomes.filter((outcome) => selected.includes(outcome.unitCode));
  const sampled = ofSelected.map((outcome) => ({ unitCode: outcome.unitCode, list: 'counts' in outcome ? (outcome.counts.indicators.businessesSampled.list ?? []) : undefined }));
  const combination = withDistinctSampled(combineCounts(ofSelected, scope.counting.year, selected), distinctSampled(directories, sampled, scope.dataJurisdiction));
  // Units split the data by its own divisions; the report lists the judged jurisdiction's.
  const whole = judgeCombination(combination, { ...scope.counting, divisions: scope.judged.divisions });
  whole.asOf ??= scope.asOf;
  const report = filter.division === null ? whole : forDivision(whole, ofSelected, filter.division, scope.counting);
  const ofSelection = (byUnit: Map<string, MonthlyActivity[]>) => sumTrends([...byUnit].filter(([code]) => selected.includes(code)).map(([, trend]) => trend));
  return { scope, report, trend: ofSelection(monthly), trendLastYear: ofSelection(monthlyLastYear), unitTrends: monthly, table: () => statisticsTable(report) };
}

export interface IndicatorListResult {
  scope: StatisticsScope;
  indicator: IndicatorKey;
  unitCode: string | null;
  /** Entries only of businesses in this county-level division. */
  division: string | null;
  units: UnitList[];
}

export function checkIndicator(indicator: string): IndicatorKey {
  if (!(INDICATOR_KEYS as readonly string[]).includes(indicator)) {
    throw graphError(ErrorCode.BAD_INPUT, `Unknown indicator "${indicator}"; one of ${INDICATOR_KEYS.join(', ')}`);
  }
  return indicator as IndicatorKey;
}

/** The list behind one figure: of one unit, or of the whole jurisdiction (unit null). */
/** Indicator 11's lists come from the office's duplicate findings, like its figures. */
async function duplicateLists(scope: StatisticsScope, indicator: IndicatorKey, unitCode: string | null, deps: StatisticsDeps): Promise<UnitList[]> {
  const units = unitCode === null ? scope.counting.unitCodes : [unitCode];
  let figures: Awaited<ReturnType<typeof duplicateFigures>>;
  try {
    figures = await duplicateFigures(scope, deps);
  } catch (error) {
    return units.map((code) => ({ unitCode: code, error: (error as Error).message }));
  }
  return units.map((code) => {
    const unit = figures.get(code);
    const list = (indicator === 'unmergedDuplicates' ? unit?.unmergedIds : unit?.overCapUsccs) ?? [];
    return { unitCode: code, numerator: list.length, denominator: null, list: [...list] };
  });
}

export async function indicatorList(
  graph: GraphClient,
  args: ComplianceArgs & { indicator: string; unit?: string | null; division?: string | null },
  deps: StatisticsDeps,
): Promise<IndicatorListResult> {
  const scope = resolveScope(args);
  const indicator = checkIndicator(args.indicator);
  const unitCode = args.unit ?? null;
  if (unitCode !== null) {
    try {
      assertUnitOf(scope.counting, unitCode);
    } catch (error) {
      throw statisticsGraphError(error);
    }
  }
  const division = args.division ?? null;
  checkDivision(scope, division);
  const units = DUPLICATE_KEYS.includes(indicator)
    ? await duplicateLists(scope, indicator, unitCode, deps)
    : await fetchUnitLists(graph, scope, indicator, unitCode, deps.actor);
  return { scope, indicator, unitCode, division, units: units.filter((unit) => scope.counting.unitCodes.includes(unit.unitCode)) };
}

export const indicatorDefinition = (key: IndicatorKey) => INDICATORS[key];
