// GraphQL of the list behind a figure (the dashboard's click-through).
import { builder } from '../builder';
import { ErrorCode, graphError } from '../../../lib/errors';
import { findUnit } from '../../../config/units';
import type { IndicatorListResult } from './compliance';
import { indicatorDefinition } from './compliance';
import type { UnitList } from './unit-fetch';

/** Entries returned at most; totalCount says how many there are. */
export const MAX_LIST_ENTRIES = 2000;

interface Entry {
  unitCode: string;
  id: string;
}

const EntryType = builder.objectRef<Entry>('IndicatorListEntry').implement({
  fields: (t) => ({
    unitCode: t.exposeID('unitCode'),
    unitName: t.string({ resolve: (entry) => findUnit(entry.unitCode)?.name ?? entry.unitCode }),
    id: t.exposeString('id', { description: 'Task id, item code, certificate number, plan id, credit code or taskId/findingCode' }),
  }),
});

const available = (units: UnitList[]) => units.filter((unit): unit is Extract<UnitList, { list: string[] }> => 'list' in unit);
const entriesOf = (result: IndicatorListResult): Entry[] =>
  available(result.units).flatMap((unit) => unit.list.map((id) => ({ unitCode: unit.unitCode, id })));

export const IndicatorListType = builder.objectRef<IndicatorListResult>('IndicatorList').implement({
  fields: (t) => ({
    indicator: t.string({ resolve: (r) => r.indicator }),
    label: t.string({ resolve: (r) => indicatorDefinition(r.indicator).label }),
    listLabel: t.string({ description: 'What the list holds (Chinese)', resolve: (r) => indicatorDefinition(r.indicator).listLabel }),
    listOf: t.string({ description: 'gap: what keeps the figure from 100%; numerator: what was counted', resolve: (r) => indicatorDefinition(r.indicator).listOf }),
    unitCode: t.id({ nullable: true, description: 'Null: every unit of the jurisdiction', resolve: (r) => r.unitCode }),
    numerator: t.int({ resolve: (r) => available(r.units).reduce((sum, unit) => sum + unit.numerator, 0) }),
    denominator: t.int({
      nullable: true,
      resolve: (r) => (indicatorDefinition(r.indicator).denominatorLabel === null ? null : available(r.units).reduce((sum, unit) => sum + (unit.denominator ?? 0), 0)),
    }),
    complete: t.boolean({ resolve: (r) => r.units.every((unit) => 'list' in unit) }),
    missingUnits: t.stringList({ resolve: (r) => r.units.filter((unit) => !('list' in unit)).map((unit) => unit.unitCode) }),
    totalCount: t.int({ resolve: (r) => entriesOf(r).length }),
    entries: t.field({
      type: [EntryType],
      description: `At most first (1..${MAX_LIST_ENTRIES}) entries`,
      args: { first: t.arg.int({ required: false, defaultValue: 500 }) },
      resolve: (r, args) => {
        const first = args.first ?? 500;
        if (!Number.isInteger(first) || first < 1 || first > MAX_LIST_ENTRIES) {
          throw graphError(ErrorCode.PAGE_SIZE_TOO_LARGE, `"first" must be between 1 and ${MAX_LIST_ENTRIES}, got ${first}`, { limit: MAX_LIST_ENTRIES });
        }
        return entriesOf(r).slice(0, first);
      },
    }),
  }),
});
