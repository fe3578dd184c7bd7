// Indicator 11 (duplicate visits left unmerged, businesses over the visit cap) is found by the
// duplicates module at the office, across units, not next to one unit's data. A department
// subgraph then counts everything else and marks 11 `notCounted`; the office merges the
// module's per-unit figures in here before combining.
import type { Count, UnitCounts } from '../../kit/statistics/catalog';
import { DUPLICATE_KEYS } from '../../kit/statistics/catalog';
import type { DuplicateFigures } from '../../kit/statistics/unit-counts';
import { StatisticsError } from '../../../config/jurisdictions';

function plain(numerator: number, list: readonly string[] | undefined, includeLists: boolean): Count {
  if (!Number.isInteger(numerator) || numerator < 0) {
    throw new StatisticsError('BAD_INPUT', `Duplicate figures must be whole numbers ≥ 0, got ${numerator}`);
  }
  return includeLists ? { numerator, denominator: null, list: [...(list ?? [])].sort() } : { numerator, denominator: null };
}

/** A copy of `counts` with indicator 11 taken from the duplicates module (unit and divisions). */
export function withDuplicateFigures(counts: UnitCounts, figures: DuplicateFigures, includeLists = false): UnitCounts {
  const divisions: UnitCounts['divisions'] = {};
  for (const [division, divisionCounts] of Object.entries(counts.divisions)) {
    const { unmergedDuplicates: _u, overVisitCap: _o, ...rest } = divisionCounts;
    divisions[division] = rest;
  }
  for (const [division, byDivision] of Object.entries(figures.byDivision ?? {})) {
    divisions[division] = {
      ...divisions[division],
      unmergedDuplicates: plain(byDivision.unmergedDuplicates, [], includeLists),
      overVisitCap: plain(byDivision.overVisitCap, [], includeLists),
    };
  }
  const notCounted = (counts.notCounted ?? []).filter((key) => !DUPLICATE_KEYS.includes(key));
  const out: UnitCounts = {
    ...counts,
    indicators: {
      ...counts.indicators,
      unmergedDuplicates: plain(figures.unmergedDuplicates, figures.unmergedIds, includeLists),
      overVisitCap: plain(figures.overVisitCap, figures.overCapUsccs, includeLists),
    },
    divisions,
  };
  if (notCounted.length > 0) out.notCounted = notCounted;
  else delete out.notCounted;
  return out;
}
