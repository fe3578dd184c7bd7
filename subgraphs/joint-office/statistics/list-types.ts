// GraphQL of the list behind a figure (the console's work lists): every entry with its unit,
// business (an Enterprise reference: the gateway fetches the name from the credit subgraph),
// division, days and reason; filtered by division, sorted and paged through to its end.
import { builder } from '../builder';
import { ErrorCode, graphError } from '../../../lib/errors';
import { findUnit } from '../../../config/units';
import { divisionName } from '../../../config/divisions';
import type { IndicatorListResult } from './compliance';
import { indicatorDefinition } from './compliance';
import { EnterpriseRef } from '../merging/graph-types';
import type { UnitList } from './unit-fetch';
import { SORT_KEYS, workListEntries, workListPage, type SortKey, type WorkListEntry } from './work-list';

/** Entries returned at most per page; `offset` pages through the rest. */
export const MAX_LIST_ENTRIES = 2000;

export const IndicatorListEntryType = builder.objectRef<WorkListEntry>('IndicatorListEntry').implement({
  fields: (t) => ({
    unitCode: t.exposeID('unitCode'),
    unitName: t.string({ resolve: (entry) => findUnit(entry.unitCode)?.name ?? entry.unitCode }),
    id: t.exposeString('id', { description: 'Task id, item code, certificate number, plan id, credit code or taskId/findingCode' }),
    uscc: t.exposeString('uscc', { nullable: true, description: 'Credit code of the business concerned' }),
    business: t.field({ type: EnterpriseRef, nullable: true, description: 'The business (name etc. from the credit subgraph)', resolve: (entry) => (entry.uscc ? { uscc: entry.uscc } : null) }),
    divisionCode: t.exposeString('divisionCode', { nullable: true }),
    divisionName: t.string({ nullable: true, resolve: (entry) => (entry.divisionCode ? divisionName(entry.divisionCode) : null) }),
    subject: t.exposeString('subject', { nullable: true, description: 'Item, plan or officer name, or the finding' }),
    plannedOn: t.exposeString('plannedOn', { nullable: true }),
    inspectedOn: t.exposeString('inspectedOn', { nullable: true }),
    dueOn: t.exposeString('dueOn', { nullable: true, description: 'Last day allowed' }),
    publishedOn: t.exposeString('publishedOn', { nullable: true }),
    workdaysLate: t.exposeInt('workdaysLate', { nullable: true, description: 'Working days past dueOn; null when not late' }),
    reason: t.exposeString('reason', { description: 'Why the entry is listed (Chinese)' }),
  }),
});

const SortEnum = builder.enumType('WorkListSort', {
  values: Object.fromEntries(SORT_KEYS.map((key) => [key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase(), { value: key }])) as Record<string, { value: SortKey }>,
});

const available = (units: UnitList[]) => units.filter((unit): unit is Extract<UnitList, { list: string[] }> => 'list' in unit);

/** The filtered entries of a result, built once per result. */
const entriesCache = new WeakMap<IndicatorListResult, WorkListEntry[]>();
function entriesOf(result: IndicatorListResult): WorkListEntry[] {
  let entries = entriesCache.get(result);
  if (!entries) entriesCache.set(result, (entries = workListEntries(result.indicator, result.units, result.division)));
  return entries;
}

export const IndicatorListType = builder.objectRef<IndicatorListResult>('IndicatorList').implement({
  fields: (t) => ({
    indicator: t.string({ resolve: (r) => r.indicator }),
    label: t.string({ resolve: (r) => indicatorDefinition(r.indicator).label }),
    listLabel: t.string({ description: 'What the list holds (Chinese)', resolve: (r) => indicatorDefinition(r.indicator).listLabel }),
    listOf: t.string({ description: 'gap: what keeps the figure from 100%; numerator: what was counted', resolve: (r) => indicatorDefinition(r.indicator).listOf }),
    unitCode: t.id({ nullable: true, description: 'Null: every unit of the jurisdiction', resolve: (r) => r.unitCode }),
    division: t.id({ nullable: true, description: 'The county-level division the entries are filtered by', resolve: (r) => r.division }),
    numerator: t.int({ description: 'Of the units (not filtered by division)', resolve: (r) => available(r.units).reduce((sum, unit) => sum + unit.numerator, 0) }),
    denominator: t.int({
      nullable: true,
      resolve: (r) => (indicatorDefinition(r.indicator).denominatorLabel === null ? null : available(r.units).reduce((sum, unit) => sum + (unit.denominator ?? 0), 0)),
    }),
    complete: t.boolean({ resolve: (r) => r.units.every((unit) => 'list' in unit) }),
    missingUnits: t.stringList({ resolve: (r) => r.units.filter((unit) => !('list' in unit)).map((unit) => unit.unitCode) }),
    totalCount: t.int({ description: 'Entries in the list (after the division filter)', resolve: (r) => entriesOf(r).length }),
    entries: t.field({
      type: [IndicatorListEntryType],
      description: `A page of entries: at most first (1..${MAX_LIST_ENTRIES}) from offset, sorted by sortBy (default: by unit, as listed)`,
      args: {
        first: t.arg.int({ required: false, defaultValue: 500 }),
        offset: t.arg.int({ required: false, defaultValue: 0 }),
        sortBy: t.arg({ type: SortEnum, required: false }),
        descending: t.arg.boolean({ required: false, defaultValue: false }),
      },
      resolve: (r, args) => {
        const first = args.first ?? 500;
        const offset = args.offset ?? 0;
        if (!Number.isInteger(first) || first < 1 || first > MAX_LIST_ENTRIES) {
          throw graphError(ErrorCode.PAGE_SIZE_TOO_LARGE, `"first" must be between 1 and ${MAX_LIST_ENTRIES}, got ${first}`, { limit: MAX_LIST_ENTRIES });
        }
        if (!Number.isInteger(offset) || offset < 0) throw graphError(ErrorCode.BAD_INPUT, `"offset" must be a whole number ≥ 0, got ${offset}`);
        return workListPage(entriesOf(r), args.sortBy ?? 'unit', args.descending ?? false, offset, first);
      },
    }),
  }),
});
