// A report narrowed to one county-level division: the total is the division's figures and each
// unit's figures are its own counts within that division (the units' split by the division of
// the business). Indicators that do not split by division (item list, roster, plans) have no
// figure within a division and are left out.
import type { JurisdictionConfig } from '../../../config/jurisdictions';
import { INDICATORS, INDICATOR_KEYS } from '../../kit/statistics/catalog';
import type { StatisticsReport, UnitOutcome } from './indicators';
import { judgeCount } from './targets';

const SPLIT_KEYS = INDICATOR_KEYS.filter((key) => INDICATORS[key].splitsByDivision);

export function forDivision(report: StatisticsReport, outcomes: readonly UnitOutcome[], division: string, config: JurisdictionConfig): StatisticsReport {
  const area = report.divisions.find((candidate) => candidate.code === division);
  if (!area) return report;
  const byUnit = new Map(outcomes.map((outcome) => [outcome.unitCode, outcome]));
  const units = report.units.map((unit) => {
    const outcome = byUnit.get(unit.code);
    if (!unit.available || !outcome || !('counts' in outcome)) return unit;
    const counts = outcome.counts.divisions[division] ?? {};
    const notCounted = outcome.counts.notCounted ?? [];
    const figures = SPLIT_KEYS.map((key) => {
      const count = counts[key] ?? { numerator: 0, denominator: INDICATORS[key].denominatorLabel === null ? null : 0 };
      const uncounted = notCounted.includes(key) ? { uncountedUnits: [unit.code] } : {};
      return judgeCount(key, { numerator: count.numerator, denominator: count.denominator, ...uncounted }, config.targets[key], true);
    });
    return { ...unit, figures };
  });
  return { ...report, units, divisions: [area], total: { ...area, scope: 'jurisdiction' } };
}
