// Office side: combines the units' counts into figures per unit, per county-level division and
// for the whole jurisdiction, and judges them against the jurisdiction's targets.
// Totals are sums of counts (Σ numerators / Σ denominators), never averages of ratios (indicator
// 8 is then made distinct across units: distinct-sampled.ts). A unit
// that did not answer is listed as missing and every total it would feed is marked incomplete.
import { findUnit } from '../../../config/units';
import { StatisticsError, assertUnitOf, type JurisdictionConfig } from '../../../config/jurisdictions';
import { INDICATORS, INDICATOR_KEYS, UNKNOWN_DIVISION, type IndicatorKey, type UnitCounts } from '../../kit/statistics/catalog';
import { DATA_JURISDICTIONS } from '../../../config/divisions';
import { judgeCount, type CombinedCount, type IndicatorFigure } from './targets';

/** How far a unit's view is while it is first built (its statistics answer SYNCING until then). */
export interface SyncProgress {
  applied: number;
  remaining: number;
}

/** What the office got from one unit's subgraph: its counts, or why there are none. */
export type UnitOutcome = { unitCode: string; counts: UnitCounts } | { unitCode: string; error: string; syncing?: SyncProgress };

export interface MissingUnit {
  unitCode: string;
  name: string;
  reason: string;
  /** Set while the unit's view is still being built: not an outage, figures come once it is. */
  syncing: SyncProgress | null;
}

export type CombinedCounts = Partial<Record<IndicatorKey, CombinedCount>>;

/** Target-free sums, reusable against any jurisdiction's targets. */
export interface Combination {
  year: number;
  asOf: string | null;
  /** Selected units in order, with the counts of those that answered. */
  units: { unitCode: string; counts: CombinedCounts | null }[];
  divisions: Map<string, CombinedCounts>;
  total: CombinedCounts;
  missingUnits: MissingUnit[];
}

export interface FigureGroup {
  scope: 'unit' | 'division' | 'jurisdiction';
  code: string;
  name: string;
  /** false when some selected unit did not answer (never for a unit's own group). */
  complete: boolean;
  missingUnits: string[];
  figures: IndicatorFigure[];
}

export interface StatisticsReport {
  jurisdiction: { code: string; name: string };
  year: number;
  asOf: string | null;
  complete: boolean;
  missingUnits: MissingUnit[];
  /** Every selected unit in the configuration's order; `available` false for missing ones. */
  units: (FigureGroup & { available: boolean })[];
  divisions: FigureGroup[];
  total: FigureGroup;
}

function addInto(
  into: CombinedCounts,
  key: IndicatorKey,
  unitCode: string,
  count: UnitCounts['indicators'][IndicatorKey],
  uncounted: boolean,
): void {
  const sum = (into[key] ??= { numerator: 0, denominator: count.denominator === null ? null : 0 });
  if (uncounted) (sum.uncountedUnits ??= []).push(unitCode);
  sum.numerator += count.numerator;
  if (count.denominator !== null) sum.denominator = (sum.denominator ?? 0) + count.denominator;
  if (count.list) (sum.list ??= []).push(...count.list.map((id) => ({ unitCode, id })));
}

/** Sums the units' counts; `unitCodes` is the selection in display order (default: every outcome). */
export function combineCounts(outcomes: readonly UnitOutcome[], year: number, unitCodes?: readonly string[]): Combination {
  const byUnit = new Map(outcomes.map((outcome) => [outcome.unitCode, outcome]));
  const selected = unitCodes ?? outcomes.map((outcome) => outcome.unitCode);
  const combination: Combination = { year, asOf: null, units: [], divisions: new Map(), total: {}, missingUnits: [] };

  for (const unitCode of selected) {
    const outcome = byUnit.get(unitCode);
    if (!outcome || 'error' in outcome) {
      const reason = outcome && 'error' in outcome ? outcome.error : 'no answer';
      const syncing = (outcome && 'error' in outcome && outcome.syncing) || null;
      combination.missingUnits.push({ unitCode, name: findUnit(unitCode)?.name ?? unitCode, reason, syncing });
      combination.units.push({ unitCode, counts: null });
      continue;
    }
    const { counts } = outcome;
    if (counts.unitCode !== unitCode) throw new StatisticsError('BAD_INPUT', `Counts of ${counts.unitCode} filed under ${unitCode}`);
    if (counts.year !== year) throw new StatisticsError('BAD_INPUT', `Counts of ${unitCode} are for ${counts.year}, not ${year}`);
    combination.asOf ??= counts.asOf;
    const own: CombinedCounts = {};
    const uncounted = (key: IndicatorKey): boolean => counts.notCounted?.includes(key) ?? false;
    for (const key of INDICATOR_KEYS) {
      addInto(own, key, unitCode, counts.indicators[key], uncounted(key));
      addInto(combination.total, key, unitCode, counts.indicators[key], uncounted(key));
    }
    for (const [division, divisionCounts] of Object.entries(counts.divisions)) {
      const into = combination.divisions.get(division) ?? {};
      combination.divisions.set(division, into);
      for (const key of INDICATOR_KEYS) {
        // An uncounted indicator marks every division the unit has figures in.
        const count = divisionCounts[key] ?? (uncounted(key) ? counts.indicators[key] : undefined);
        if (count && INDICATORS[key].splitsByDivision) addInto(into, key, unitCode, count, uncounted(key));
      }
    }
    combination.units.push({ unitCode, counts: own });
  }
  return combination;
}

function figures(counts: CombinedCounts, config: JurisdictionConfig, complete: boolean): IndicatorFigure[] {
  return INDICATOR_KEYS.filter((key) => counts[key] !== undefined).map((key) =>
    judgeCount(key, counts[key]!, config.targets[key], complete),
  );
}

/** Zero counts of the indicators that split by division: a division without data. */
function emptyDivision(): CombinedCounts {
  const keys = INDICATOR_KEYS.filter((key) => INDICATORS[key].splitsByDivision);
  return Object.fromEntries(keys.map((key) => [key, { numerator: 0, denominator: INDICATORS[key].denominatorLabel === null ? null : 0 }]));
}

/**
 * Judges a combination against a jurisdiction's targets (the year is not checked here). The
 * divisions listed are the jurisdiction's own, in its order, with zeros where the data has none:
 * another jurisdiction's districts are never shown as its divisions. The data's "division
 * unknown" bucket is listed only when the data is the jurisdiction's own (`ownData`).
 */
export function judgeCombination(combination: Combination, config: JurisdictionConfig, ownData = DATA_JURISDICTIONS.includes(config.code)): StatisticsReport {
  const complete = combination.missingUnits.length === 0;
  const missing = combination.missingUnits.map((unit) => unit.unitCode);
  const divisions = config.divisions.map((division) => ({ ...division, counts: combination.divisions.get(division.code) ?? emptyDivision() }));
  const unknown = combination.divisions.get(UNKNOWN_DIVISION);
  if (ownData && unknown) divisions.push({ code: UNKNOWN_DIVISION, name: '区划未知', counts: unknown });

  return {
    jurisdiction: { code: config.code, name: config.name },
    year: combination.year,
    asOf: combination.asOf,
    complete,
    missingUnits: combination.missingUnits,
    units: combination.units.map(({ unitCode, counts }) => ({
      scope: 'unit' as const,
      code: unitCode,
      name: findUnit(unitCode)?.name ?? unitCode,
      available: counts !== null,
      complete: counts !== null,
      missingUnits: counts === null ? [unitCode] : [],
      figures: counts === null ? [] : figures(counts, config, true),
    })),
    divisions: divisions.map(({ code, name, counts }) => ({
      scope: 'division' as const,
      code,
      name,
      complete,
      missingUnits: missing,
      figures: figures(counts, config, complete),
    })),
    total: {
      scope: 'jurisdiction',
      code: config.code,
      name: config.name,
      complete,
      missingUnits: missing,
      figures: figures(combination.total, config, complete),
    },
  };
}

/**
 * The statistics of a jurisdiction and year: checks the selection against the jurisdiction's
 * member units (UNKNOWN_UNIT) and the counts against the year, then combines and judges.
 */
export function buildStatisticsReport(
  config: JurisdictionConfig,
  outcomes: readonly UnitOutcome[],
  unitCodes: readonly string[] = config.unitCodes,
): StatisticsReport {
  for (const unitCode of [...unitCodes, ...outcomes.map((outcome) => outcome.unitCode)]) assertUnitOf(config, unitCode);
  return judgeCombination(combineCounts(outcomes, config.year, unitCodes), config);
}

/** One unit's figures from a report; UNKNOWN_UNIT when the unit is not in it. */
export function unitStatistics(report: StatisticsReport, unitCode: string): StatisticsReport['units'][number] {
  const unit = report.units.find((candidate) => candidate.code === unitCode);
  if (!unit) throw new StatisticsError('UNKNOWN_UNIT', `${unitCode} is not in this report`, { unitCode });
  return unit;
}
