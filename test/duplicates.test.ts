import { describe, expect, it } from 'vitest';
import {
  DUPLICATE_GROUPS,
  OVER_CAP,
  detectDuplicates,
  encodeCursor,
  findOverVisitCap,
  groupByKey,
  groupKey,
  paginate,
  planMerge,
  unmergedReport,
  type DetectOptions,
  type DuplicateInput,
} from '../subgraphs/joint-office/duplicates';
import { datasetFor } from '../platforms/data/generate';
import { B, codeOf, errorOf, input, merge, tasks } from './fixtures/duplicates-fixture';

const YEAR: DetectOptions = { period: { year: 2025 } };
const summary = (options: DetectOptions, data: DuplicateInput = input) =>
  detectDuplicates(data, options).map((group) => ({ uscc: group.uscc, month: group.month, taskIds: group.taskIds, unitCodes: group.unitCodes }));

describe('duplicate groups, calendar-month window', () => {
  it('finds exactly the planted groups, sorted by visits saved then credit code', () => {
    expect(summary(YEAR)).toEqual([
      { uscc: B.threeUnits, month: '2025-08', taskIds: ['T15', 'T16', 'T17'], unitCodes: ['fire', 'health', 'market'] },
      { uscc: B.twoUnitsSameMonth, month: '2025-03', taskIds: ['T01', 'T02'], unitCodes: ['health', 'market'] },
      { uscc: B.jointPlusSingle, month: '2025-04', taskIds: ['T03', 'T04', 'T05'], unitCodes: ['ecology', 'fire', 'market'] },
      { uscc: B.otherDivision, month: '2025-10', taskIds: ['T18', 'T19'], unitCodes: ['transport', 'urban'] },
    ]);
  });

  it('counts a joint inspection as one visit and ignores cancelled tasks', () => {
    const groups = detectDuplicates(input, YEAR);
    const joint = groups.find((group) => group.uscc === B.jointPlusSingle)!;
    expect(joint.visitsSaved).toBe(1);
    expect(joint.visits).toEqual([
      { date: '2025-04-10', taskIds: ['T03', 'T04'], unitCodes: ['fire', 'market'], jointGroupId: 'J1' },
      { date: '2025-04-25', taskIds: ['T05'], unitCodes: ['ecology'] },
    ]);
    expect(groups.map((group) => group.uscc)).not.toContain(B.jointAlone);
    expect(groups.map((group) => group.uscc)).not.toContain(B.cancelled);
    expect(groups.map((group) => group.uscc)).not.toContain(B.sameUnitThrice);
    expect(groups.find((group) => group.uscc === B.threeUnits)!.visitsSaved).toBe(2);
  });

  it('reports overlapping items from the catalogue and identical codes, with names', () => {
    const [, food, joint] = detectDuplicates(input, YEAR);
    expect(food.overlappingItems).toEqual([
      {
        checkKey: 'catalogue:health-food-1',
        itemCodes: ['health-food-1', 'market-food-1'],
        itemNames: ['食品经营许可情况的检查', '食品经营许可情况检查'],
        unitCodes: ['health', 'market'],
        taskIds: ['T01', 'T02'],
      },
    ]);
    // fire-1 is on the fire and ecology tasks (identical code), market-fire-1 is its equivalent.
    expect(joint.overlappingItems.map((overlap) => [overlap.checkKey, overlap.unitCodes])).toEqual([
      ['catalogue:fire-1', ['ecology', 'fire', 'market']],
    ]);
    const withoutCatalogue = detectDuplicates({ ...input, catalogue: [] }, YEAR);
    expect(withoutCatalogue[1].overlappingItems).toEqual([]);
    expect(withoutCatalogue[2].overlappingItems.map((overlap) => overlap.checkKey)).toEqual(['item:fire-1']);
  });

  it('gives the plans of each unit and the days they share', () => {
    const [, food, joint] = detectDuplicates(input, YEAR);
    expect(food.planPeriods.map((period) => period.planId)).toEqual(['P-health', 'P-market']);
    expect(food.commonPeriod).toEqual({ start: '2025-03-15', end: '2025-04-30' });
    expect(food.mergeDates).toEqual({ start: '2025-03-15', end: '2025-03-31' });
    expect(joint.commonPeriod).toBeNull();
    expect(joint.mergeDates).toBeNull();
    const boundary = detectDuplicates(input, { ...YEAR, window: { days: 1 } })[0];
    expect(boundary.mergeDates).toEqual({ start: '2025-01-31', end: '2025-02-01' });
  });

  it('keeps a group key stable across queries and changes it when the tasks change', () => {
    const key = detectDuplicates(input, YEAR)[1].key;
    expect(detectDuplicates(input, { period: { year: 2025, quarter: 1 } })[0].key).toBe(key);
    expect(key).toBe(groupKey(B.twoUnitsSameMonth, ['T01', 'T02']));
    expect(groupKey(B.twoUnitsSameMonth, ['T01', 'T03'])).not.toBe(key);
    expect(groupByKey(detectDuplicates(input, YEAR), key).uscc).toBe(B.twoUnitsSameMonth);
    expect(codeOf(() => groupByKey(detectDuplicates(input, YEAR), 'dup_unknown'))).toBe('NOT_FOUND');
  });

  it('respects month boundaries and the period', () => {
    expect(summary({ period: { year: 2025, quarter: 1 } }).map((group) => group.uscc)).toEqual([B.twoUnitsSameMonth]);
    expect(summary({ period: { year: 2025, quarter: 2 } }).map((group) => group.uscc)).toEqual([B.jointPlusSingle]);
    expect(summary({ period: { from: '2024-12-01', to: '2025-01-31' } })).toEqual([
      { uscc: B.previousYear, month: '2024-12', taskIds: ['T24', 'T25'], unitCodes: ['health', 'market'] },
    ]);
  });
});

describe('duplicate groups, day window', () => {
  it('chains visits whose gaps are at most n days', () => {
    expect(summary({ ...YEAR, window: { days: 1 } }).map((group) => group.taskIds)).toEqual([['T08', 'T09']]);
    expect(summary({ ...YEAR, window: { days: 9 } }).map((group) => group.taskIds)).toEqual([['T08', 'T09'], ['T15', 'T16']]);
    const ten = detectDuplicates(input, { ...YEAR, window: { days: 10 } });
    expect(ten.map((group) => group.taskIds)).toEqual([['T15', 'T16', 'T17'], ['T08', 'T09']]);
    expect(ten[1]).toMatchObject({ month: '2025-01', firstDate: '2025-01-31', lastDate: '2025-02-01' });
  });
});

describe('filters', () => {
  const usccsOf = (filters: DetectOptions['filters']) => detectDuplicates(input, { ...YEAR, filters }).map((group) => group.uscc);

  it('filters by unit, division (county or city) and industry prefix', () => {
    expect(usccsOf({ unitCode: 'fire' })).toEqual([B.threeUnits, B.jointPlusSingle]);
    expect(usccsOf({ divisionCode: '440803' })).toEqual([B.otherDivision]);
    expect(usccsOf({ divisionCode: '440800' })).toHaveLength(4);
    expect(usccsOf({ divisionCode: '420000' })).toEqual([]);
    expect(usccsOf({ industryPrefix: '54' })).toEqual([B.otherDivision]);
    expect(usccsOf({ industryPrefix: '62', unitCode: 'health' })).toEqual([B.threeUnits, B.twoUnitsSameMonth]);
  });

  it('refuses unknown units and malformed codes', () => {
    expect(codeOf(() => detectDuplicates(input, { ...YEAR, filters: { unitCode: 'navy' } }))).toBe('UNKNOWN_UNIT');
    expect(codeOf(() => detectDuplicates(input, { ...YEAR, filters: { divisionCode: '4408' } }))).toBe('BAD_INPUT');
    expect(codeOf(() => detectDuplicates(input, { ...YEAR, filters: { industryPrefix: 'H62' } }))).toBe('BAD_INPUT');
  });
});

describe('visit caps', () => {
  it('reports a unit over its yearly cap, only in periods holding one of the visits', () => {
    expect(findOverVisitCap(input, YEAR)).toEqual([
      { uscc: B.sameUnitThrice, unitCode: 'market', year: 2025, visits: 3, cap: 2, taskIds: ['T12', 'T13', 'T14'], divisionCode: '440802', industryCode: '6210' },
    ]);
    expect(findOverVisitCap(input, { period: { year: 2025, quarter: 1 } })).toEqual([]);
    expect(findOverVisitCap(input, { period: { year: 2025, quarter: 3 } })).toHaveLength(1);
    expect(findOverVisitCap(input, { ...YEAR, caps: { perUnitPerYear: 3 } })).toEqual([]);
  });

  it('reports the total cap, a joint visit counting once', () => {
    const found = findOverVisitCap(input, { ...YEAR, caps: { totalPerYear: 3 } });
    expect(found.map((entry) => [entry.uscc, entry.unitCode, entry.visits])).toEqual([
      [B.sameUnitThrice, 'market', 3],
      [B.fourMonths, null, 4],
    ]);
    const ecology = findOverVisitCap(input, { ...YEAR, caps: { totalPerYear: 3 }, filters: { unitCode: 'ecology' } });
    expect(ecology.map((entry) => entry.uscc)).toEqual([B.fourMonths]);
  });

  it('refuses caps that are not positive integers', () => {
    expect(codeOf(() => findOverVisitCap(input, { ...YEAR, caps: { perUnitPerYear: 0 } }))).toBe('BAD_INPUT');
    expect(codeOf(() => unmergedReport(input, { ...YEAR, caps: { totalPerYear: 1.5 } }))).toBe('BAD_INPUT');
  });
});

describe('pagination', () => {
  const groups = detectDuplicates(input, YEAR);

  it('pages with opaque cursors that survive a removed node', () => {
    const page1 = paginate(groups, { first: 2 }, DUPLICATE_GROUPS);
    expect(page1.edges.map((edge) => edge.node.uscc)).toEqual([B.threeUnits, B.twoUnitsSameMonth]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page1.totalCount).toBe(4);
    const page2 = paginate(groups, { first: 2, after: page1.pageInfo.endCursor }, DUPLICATE_GROUPS);
    expect(page2.edges.map((edge) => edge.node.uscc)).toEqual([B.jointPlusSingle, B.otherDivision]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const withoutSecond = groups.filter((group) => group.uscc !== B.twoUnitsSameMonth);
    const again = paginate(withoutSecond, { first: 5, after: page1.pageInfo.endCursor }, DUPLICATE_GROUPS);
    expect(again.edges.map((edge) => edge.node.uscc)).toEqual([B.jointPlusSingle, B.otherDivision]);
  });

  it('refuses foreign or forged cursors and bad page sizes', () => {
    const foreign = encodeCursor(OVER_CAP.name, [0, 'x', 2025, '']);
    expect(codeOf(() => paginate(groups, { after: foreign }, DUPLICATE_GROUPS))).toBe('BAD_CURSOR');
    expect(codeOf(() => paginate(groups, { after: 'not-a-cursor' }, DUPLICATE_GROUPS))).toBe('BAD_CURSOR');
    expect(codeOf(() => paginate(groups, { after: encodeCursor(DUPLICATE_GROUPS.name, ['1', 'x', 'y', 'z']) }, DUPLICATE_GROUPS))).toBe('BAD_CURSOR');
    expect(codeOf(() => paginate(groups, { first: 0 }, DUPLICATE_GROUPS))).toBe('PAGE_SIZE_TOO_LARGE');
    expect(codeOf(() => paginate(groups, { first: 101 }, DUPLICATE_GROUPS))).toBe('PAGE_SIZE_TOO_LARGE');
  });
});

describe('unmerged report', () => {
  it('counts groups, visits saved and businesses over the cap', () => {
    const report = unmergedReport(input, YEAR);
    expect(report).toMatchObject({ period: { start: '2025-01-01', end: '2025-12-31' }, windowDays: null, duplicateGroups: 4, visitsSaved: 5, businessesOverCap: 1 });
    expect(report.groups.map((group) => group.key)).toEqual(detectDuplicates(input, YEAR).map((group) => group.key));
  });

  it('drops by exactly the merged group, and a partial merge leaves the remainder', () => {
    const merged = merge(tasks, ['T01', 'T02'], '2025-03-20', 'M1');
    const after = unmergedReport({ ...input, tasks: merged }, YEAR);
    expect(after.duplicateGroups).toBe(3);
    expect(after.visitsSaved).toBe(4);
    expect(after.groups.map((group) => group.uscc)).not.toContain(B.twoUnitsSameMonth);
    const partial = unmergedReport({ ...input, tasks: merge(tasks, ['T15', 'T16'], '2025-08-10', 'M2') }, YEAR);
    const rest = partial.groups.find((group) => group.uscc === B.threeUnits)!;
    expect(rest.taskIds).toEqual(['M2-health', 'M2-market', 'T17']);
    expect(partial.visitsSaved).toBe(4);
  });

  it('refuses bad periods and windows', () => {
    expect(codeOf(() => unmergedReport(input, { period: { year: 2025, quarter: 5 as 1 } }))).toBe('BAD_INPUT');
    expect(codeOf(() => unmergedReport(input, { period: { from: '2025-03-01', to: '2025-02-01' } }))).toBe('BAD_INPUT');
    expect(codeOf(() => unmergedReport(input, { period: { from: '2025-02-30', to: '2025-03-01' } }))).toBe('BAD_INPUT');
    expect(codeOf(() => unmergedReport(input, { ...YEAR, window: { days: -1 } }))).toBe('BAD_INPUT');
    expect(codeOf(() => unmergedReport(input, { period: { year: 25 } }))).toBe('BAD_INPUT');
  });
});

describe('merge plan', () => {
  const [, food, joint] = detectDuplicates(input, YEAR);

  it('keeps each repeated check once, by the lead, and the inspectors already matched', () => {
    const plan = planMerge(food, { date: '2025-03-20', catalogue: input.catalogue });
    expect(plan.leadUnit).toBe('market');
    expect(plan.units.map((unit) => [unit.unitCode, unit.cancelTaskIds, unit.itemCodes, unit.joins])).toEqual([
      ['market', ['T01'], ['market-fire-1', 'market-food-1'], true],
      ['health', ['T02'], [], false],
    ]);
    expect(plan.dropped).toEqual([{ unitCode: 'health', itemCode: 'health-food-1', keptBy: { unitCode: 'market', itemCode: 'market-food-1' } }]);
    expect(plan.units[1].inspectorIds).toEqual(food.tasks[1].inspectorIds);
    const healthLeads = planMerge(food, { date: '2025-03-20', leadUnit: 'health', catalogue: input.catalogue });
    expect(healthLeads.units.map((unit) => unit.itemCodes)).toEqual([['health-food-1'], ['market-fire-1']]);
  });

  it('refuses a date outside a unit\'s plan, a bad date and a unit not in the group', () => {
    expect(errorOf(() => planMerge(food, { date: '2025-03-10' }))).toMatchObject({ code: 'BAD_INPUT', details: { planId: 'P-health', unitCode: 'health' } });
    expect(codeOf(() => planMerge(joint, { date: '2025-04-10' }))).toBe('BAD_INPUT');
    expect(codeOf(() => planMerge(food, { date: '2025-02-30' }))).toBe('BAD_INPUT');
    expect(codeOf(() => planMerge(food, { date: '2025-03-20', leadUnit: 'fire' }))).toBe('BAD_INPUT');
  });
});

describe('on the generator\'s test dataset', () => {
  const dataset = datasetFor('test');
  const units = Object.values(dataset.units);
  const generated = { tasks: units.flatMap((unit) => unit.tasks), plans: units.flatMap((unit) => unit.plans), catalogue: dataset.truth.equivalentItems };
  const year: DetectOptions = { period: { year: dataset.year } };

  it('finds exactly the planted duplicate visits, no more and no less', () => {
    const found = summary(year, generated);
    expect(found.length).toBeGreaterThan(10);
    const bySortOfTruth = (a: { uscc: string; month: string }, b: { uscc: string; month: string }) => (a.uscc === b.uscc ? a.month.localeCompare(b.month) : a.uscc.localeCompare(b.uscc));
    expect(found.sort(bySortOfTruth)).toEqual(dataset.truth.duplicateVisits);
  });

  it('reports nothing once every group is merged into one joint visit', () => {
    let merged = generated.tasks;
    detectDuplicates(generated, year).forEach((group, i) => {
      merged = merge(merged, group.taskIds, group.mergeDates?.start ?? group.firstDate, `MERGE-${i}`);
    });
    expect(unmergedReport({ ...generated, tasks: merged }, year)).toMatchObject({ duplicateGroups: 0, visitsSaved: 0 });
  });
});
