// The work list behind a figure, as the office serves it: every unit's rows in one list,
// filtered by county-level division, sorted and paged. Pure: the rows come from the units
// (kit/statistics/list-rows.ts) or, for indicator 11, from the office's duplicate findings.
import type { ListRow } from '../../kit/statistics/list-rows';
import type { IndicatorKey } from '../../kit/statistics/catalog';
import type { UnitList } from './unit-fetch';

export interface WorkListEntry extends ListRow {
  unitCode: string;
}

export const SORT_KEYS = ['unit', 'id', 'plannedOn', 'inspectedOn', 'dueOn', 'publishedOn', 'workdaysLate', 'division'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** Rows of indicator 11 (found at the office): the id, and the business where the id is one. */
function officeRow(key: IndicatorKey, id: string): ListRow {
  const business = key === 'overVisitCap';
  const reason = business ? '本年度入企检查次数超过上限' : '多个单位同期检查同一企业，未合并开展';
  return { id, uscc: business ? id : null, divisionCode: null, subject: null, plannedOn: null, inspectedOn: null, dueOn: null, publishedOn: null, workdaysLate: null, reason };
}

/** Every available unit's rows, in the units' order then the unit's list order. */
export function workListEntries(key: IndicatorKey, units: readonly UnitList[], division: string | null): WorkListEntry[] {
  const entries: WorkListEntry[] = [];
  for (const unit of units) {
    if (!('list' in unit)) continue;
    const rows = unit.rows ?? unit.list.map((id) => officeRow(key, id));
    for (const row of rows) if (division === null || row.divisionCode === division) entries.push({ ...row, unitCode: unit.unitCode });
  }
  return entries;
}

function sortValue(entry: WorkListEntry, key: SortKey): string | number | null {
  switch (key) {
    case 'unit':
      return null;
    case 'division':
      return entry.divisionCode;
    default:
      return entry[key];
  }
}

/**
 * Sorted by `key` (empty values last in either direction; ties keep the list's order, so
 * paging through a sorted list is stable), then the page [offset, offset + first).
 */
export function workListPage(entries: readonly WorkListEntry[], key: SortKey, descending: boolean, offset: number, first: number): WorkListEntry[] {
  if (key === 'unit') {
    const ordered = descending ? [...entries].reverse() : entries;
    return ordered.slice(offset, offset + first);
  }
  const indexed = entries.map((entry, index) => ({ entry, index, value: sortValue(entry, key) }));
  indexed.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1;
    const order = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
    return (descending ? -order : order) || a.index - b.index;
  });
  return indexed.slice(offset, offset + first).map((item) => item.entry);
}
