// Judging a combined count against a jurisdiction's target. Comparisons are done on whole
// numbers (numerator × 100 ≥ percent × denominator), so 15% of 20 is exactly 3, never 2.9999.
import type { Comparison, IndicatorTarget } from '../../../config/jurisdictions';
import { INDICATORS, type IndicatorKey } from '../../kit/statistics/catalog';

export type FigureStatus =
  /** The figure meets its target. */
  | 'pass'
  | 'fail'
  /** The jurisdiction sets no target for this indicator. */
  | 'not_applicable'
  /** Nothing to judge yet (denominator 0: no findings, no result due...). */
  | 'no_data'
  /** A total over units of which some did not answer: shown, but not judged. */
  | 'incomplete';

/** An entry of the list behind a figure, named by the unit it comes from. */
export interface ListEntry {
  unitCode: string;
  id: string;
}

export interface CombinedCount {
  numerator: number;
  denominator: number | null;
  list?: ListEntry[];
  /** Units whose count of this indicator is missing (UnitCounts.notCounted). */
  uncountedUnits?: string[];
}

export interface IndicatorFigure {
  key: IndicatorKey;
  label: string;
  numerator: number;
  /** null for plain counts (indicator 11). */
  denominator: number | null;
  /** numerator / denominator (0..1); the count itself for plain counts; null when 0/0. */
  value: number | null;
  target: IndicatorTarget | null;
  status: FigureStatus;
  /** Units that could not count this indicator: the figure is then `incomplete`. */
  uncountedUnits?: string[];
  /** What the list holds (Chinese), and the list itself when lists were requested. */
  listLabel: string;
  list?: ListEntry[];
}

function meets(comparison: Comparison, numerator: number, denominator: number | null): boolean {
  switch (comparison.kind) {
    case 'atMost':
      return numerator <= comparison.count;
    case 'all':
      return numerator === denominator;
    case 'atLeast':
      return denominator !== null && numerator * 100 >= comparison.percent * denominator;
  }
}

export function judgeCount(
  key: IndicatorKey,
  count: CombinedCount,
  target: IndicatorTarget | undefined,
  complete: boolean,
): IndicatorFigure {
  const definition = INDICATORS[key];
  const { numerator, denominator } = count;
  const value = denominator === null ? numerator : denominator > 0 ? numerator / denominator : null;
  let status: FigureStatus;
  if (!target) status = 'not_applicable';
  else if (!complete || (count.uncountedUnits?.length ?? 0) > 0) status = 'incomplete';
  else if (value === null || (denominator === null && target.comparison.kind !== 'atMost')) status = 'no_data';
  else status = meets(target.comparison, numerator, denominator) ? 'pass' : 'fail';

  const figure: IndicatorFigure = {
    key,
    label: definition.label,
    numerator,
    denominator,
    value,
    target: target ?? null,
    status,
    listLabel: definition.listLabel,
  };
  if (count.list) figure.list = count.list;
  if (count.uncountedUnits?.length) figure.uncountedUnits = count.uncountedUnits;
  return figure;
}
