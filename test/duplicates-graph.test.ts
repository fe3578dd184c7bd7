// Duplicate inspections through the real gateway: the groups found through the graph are the
// generator's planted ones; merging a group replaces its tasks on the platforms, drops the
// unmerged count by exactly one group, and a second merge changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetFor } from '../platforms/data/generate';
import { department, startTestSystem, type TestSystem } from './helpers/system';
import { errorCode } from './helpers/joint-plans';
import { DUPLICATES, MERGE, REPORT, allGroups, call, ok, plantVisits, tasksOfBusiness, unvisitedBusinesses } from './helpers/duplicates';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.close();
});

const YEAR = { year: 2025 };
const truth = datasetFor('test').truth.duplicateVisits;
const summary = (group: { uscc: string; month: string; taskIds: string[]; unitCodes: string[] }) => ({
  uscc: group.uscc,
  month: group.month,
  taskIds: group.taskIds,
  unitCodes: group.unitCodes,
});
const byBusinessMonth = (a: { uscc: string; month: string }, b: { uscc: string; month: string }) =>
  a.uscc === b.uscc ? a.month.localeCompare(b.month) : a.uscc.localeCompare(b.uscc);

describe('finding duplicate visits through the graph', () => {
  it('finds exactly the generator’s duplicate visits of the sample year, sorted by visits saved', async () => {
    const groups = await allGroups<Parameters<typeof summary>[0] & { visitsSaved: number }>(system, YEAR, 20);
    expect(groups.map(summary).sort(byBusinessMonth)).toEqual(truth.map(summary));
    expect(groups.length).toBe(truth.length);
    const saved = groups.map((group) => group.visitsSaved);
    expect(saved).toEqual([...saved].sort((a, b) => b - a));
  });

  it('narrows by unit, division, industry and quarter', async () => {
    const market = await ok(system, DUPLICATES, { period: YEAR, filter: { unitCode: 'market' }, first: 100 });
    const expected = truth.filter((group) => group.unitCodes.includes('market'));
    expect(market.duplicateVisits.totalCount).toBe(expected.length);
    // Division and industry come from the credit registry, looked up for the businesses found.
    const enterprises = new Map(datasetFor('test').enterprises.map((e) => [e.uscc, e]));
    const chikan = truth.filter((group) => enterprises.get(group.uscc)!.divisionCode === '440802');
    const inChikan = await ok(system, DUPLICATES, { period: YEAR, filter: { divisionCode: '440802' }, first: 100 });
    expect(inChikan.duplicateVisits.edges.map((edge: { node: { uscc: string } }) => edge.node.uscc).sort()).toEqual(chikan.map((group) => group.uscc).sort());
    const industry = enterprises.get(truth[0].uscc)!.industryCode.slice(0, 2);
    const sameIndustry = truth.filter((group) => enterprises.get(group.uscc)!.industryCode.startsWith(industry));
    expect((await ok(system, DUPLICATES, { period: YEAR, filter: { industryPrefix: industry }, first: 100 })).duplicateVisits.totalCount).toBe(sameIndustry.length);
    const q3 = await ok(system, DUPLICATES, { period: { year: 2025, quarter: 3 }, first: 100 });
    expect(q3.duplicateVisits.totalCount).toBe(truth.filter((group) => group.month >= '2025-07' && group.month <= '2025-09').length);
  });

  it('totalCount and visitsSaved describe the filtered set, for every filter', async () => {
    // Independently from the dataset: a group saves (visits − 1), a joint inspection being one
    // visit; it can still be merged when none of its tasks started and its plans and month share a day.
    const dataset = datasetFor('test');
    const tasks = new Map(Object.values(dataset.units).flatMap((unit) => unit.tasks).map((task) => [task.id, task]));
    const plans = new Map(Object.values(dataset.units).flatMap((unit) => unit.plans).map((plan) => [plan.id, plan]));
    const enterprises = new Map(dataset.enterprises.map((e) => [e.uscc, e]));
    const saved = (group: (typeof truth)[number]) => {
      const own = group.taskIds.map((id) => tasks.get(id)!);
      return own.filter((task) => !task.jointGroupId).length + new Set(own.map((task) => task.jointGroupId).filter(Boolean)).size - 1;
    };
    const mergeable = (group: (typeof truth)[number]) => {
      const own = group.taskIds.map((id) => tasks.get(id)!);
      const last = new Date(Date.UTC(Number(group.month.slice(0, 4)), Number(group.month.slice(5, 7)), 0)).toISOString().slice(0, 10);
      const start = [`${group.month}-01`, ...own.map((task) => plans.get(task.planId)!.periodStart)].sort().at(-1)!;
      const end = [last, ...own.map((task) => plans.get(task.planId)!.periodEnd)].sort()[0];
      return own.every((task) => task.status === 'pending') && start <= end;
    };
    const industry = enterprises.get(truth[0].uscc)!.industryCode.slice(0, 2);
    const cases: [Record<string, unknown>, (group: (typeof truth)[number]) => boolean][] = [
      [{ mergeable: true }, mergeable],
      [{ mergeable: false }, (group) => !mergeable(group)],
      [{ unitCode: 'market' }, (group) => group.unitCodes.includes('market')],
      [{ divisionCode: '440802' }, (group) => enterprises.get(group.uscc)!.divisionCode === '440802'],
      [{ industryPrefix: industry }, (group) => enterprises.get(group.uscc)!.industryCode.startsWith(industry)],
      [{ unitCode: 'market', mergeable: false }, (group) => group.unitCodes.includes('market') && !mergeable(group)],
    ];
    const whole = (await ok(system, DUPLICATES, { period: YEAR, first: 1 })).duplicateVisits;
    expect(whole.visitsSaved).toBe(truth.reduce((sum, group) => sum + saved(group), 0));
    for (const [filter, keep] of cases) {
      const expected = truth.filter(keep);
      const answer = (await ok(system, DUPLICATES, { period: YEAR, filter, first: 1 })).duplicateVisits;
      expect(answer.totalCount, JSON.stringify(filter)).toBe(expected.length);
      expect(answer.visitsSaved, JSON.stringify(filter)).toBe(expected.reduce((sum, group) => sum + saved(group), 0));
    }
  });

  it('answers the report with the same count; only the office may ask', async () => {
    const report = await ok(system, REPORT, { period: YEAR });
    expect(report.duplicateReport.duplicateGroups).toBe(truth.length);
    expect(report.duplicateReport.groups).toHaveLength(truth.length);
    expect(report.duplicateReport.businessesOverCap).toBeGreaterThan(0);
    const denied = await system.query(REPORT, { role: department('market'), variables: { period: YEAR } });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a bad period, filter and page size with stable codes', async () => {
    expect(errorCode(await call(system, DUPLICATES, { period: { year: 2025, quarter: 5 } }))).toBe('BAD_INPUT');
    expect(errorCode(await call(system, DUPLICATES, { period: {} }))).toBe('BAD_INPUT');
    expect(errorCode(await call(system, DUPLICATES, { period: YEAR, filter: { unitCode: 'nobody' } }))).toBe('UNKNOWN_UNIT');
    expect(errorCode(await call(system, DUPLICATES, { period: YEAR, first: 1000 }))).toBe('PAGE_SIZE_TOO_LARGE');
  });
});

describe('Department.visits: a unit’s tasks of a period in columns', () => {
  const VISITS = `query ($from: String!, $to: String!) { department(code: "market") { visits(from: $from, to: $to) { count taskIds usccs statuses } } }`;

  it('answers every task of the unit in the period, for the office and the unit itself only', async () => {
    const market = datasetFor('test').units.market.tasks.filter((task) => task.plannedOn.startsWith('2025-0'));
    const data = await ok(system, VISITS, { from: '2025-01-01', to: '2025-09-30' });
    expect(data.department.visits.count).toBe(market.length);
    expect([...data.department.visits.taskIds].sort()).toEqual(market.map((task) => task.id).sort());
    expect((await system.query(VISITS, { role: department('market'), variables: { from: '2025-01-01', to: '2025-01-31' } })).errors).toBeUndefined();
    const other = await system.query(VISITS, { role: department('health'), variables: { from: '2025-01-01', to: '2025-01-31' } });
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(errorCode(await call(system, VISITS, { from: '2025-01-01', to: '2028-01-01' }))).toBe('BAD_INPUT');
    expect(errorCode(await call(system, VISITS, { from: '2025-02-30', to: '2025-03-01' }))).toBe('BAD_INPUT');
  });
});

describe('merging the top group', () => {
  const uscc = unvisitedBusinesses()[0];
  const planted = [
    { unitCode: 'market', plannedOn: '2025-12-02' },
    { unitCode: 'health', plannedOn: '2025-12-04' },
    { unitCode: 'market', plannedOn: '2025-12-08' },
    { unitCode: 'fire', plannedOn: '2025-12-10' },
  ];

  it('replaces the originals with one joint task per unit, drops the unmerged count by one group, and is idempotent', async () => {
    const taskIds = await plantVisits(system, uscc, planted, 'top');
    const before = (await ok(system, REPORT, { period: YEAR })).duplicateReport;
    expect(before.duplicateGroups).toBe(truth.length + 1);

    const [top] = (await ok(system, DUPLICATES, { period: YEAR, first: 1 })).duplicateVisits.edges.map((edge: { node: any }) => edge.node);
    expect(top).toMatchObject({ uscc, month: '2025-12', taskIds, unitCodes: ['fire', 'health', 'market'], visitsSaved: 3, mergeable: true });
    expect(top.mergeDates).toEqual({ start: '2025-12-01', end: '2025-12-15' });

    const merged = (await ok(system, MERGE, { key: top.key, date: '2025-12-12', lead: 'market' })).mergeDuplicateGroup;
    expect(merged).toMatchObject({ state: 'APPLIED', jointDate: '2025-12-12', leadUnit: 'market', jointGroupId: merged.id });
    expect(merged.units.map((unit: { unitCode: string; done: boolean }) => [unit.unitCode, unit.done])).toEqual([
      ['market', true],
      ['fire', true],
      ['health', true],
    ]);
    expect(merged.units.find((unit: { unitCode: string }) => unit.unitCode === 'market').originalTaskIds).toHaveLength(2);
    expect(merged.auditTrail.map((entry: { action: string }) => entry.action)).toEqual(expect.arrayContaining(['merge.created', 'merge.step', 'merge.applied']));

    const tasks = await tasksOfBusiness(system, uscc, ['market', 'health', 'fire']);
    const live = tasks.filter((task) => task.status !== 'cancelled');
    expect(tasks.filter((task) => taskIds.includes(task.id)).every((task) => task.status === 'cancelled')).toBe(true);
    expect(live.map((task) => task.unitCode).sort()).toEqual(['fire', 'health', 'market']);
    expect(live.every((task) => task.jointGroupId === merged.id && task.plannedOn === '2025-12-12')).toBe(true);
    expect(live.map((task) => task.id).sort()).toEqual(merged.units.map((unit: { jointTaskId: string }) => unit.jointTaskId).sort());

    const after = (await ok(system, REPORT, { period: YEAR })).duplicateReport;
    expect(after.duplicateGroups).toBe(before.duplicateGroups - 1);
    expect(after.visitsSaved).toBe(before.visitsSaved - top.visitsSaved);
    expect(after.appliedMerges).toBe(before.appliedMerges + 1);

    // Again: GROUP_ALREADY_MERGED, and the platforms hold exactly the same tasks.
    const again = await call(system, MERGE, { key: top.key, date: '2025-12-12' });
    expect(errorCode(again)).toBe('GROUP_ALREADY_MERGED');
    expect(await tasksOfBusiness(system, uscc, ['market', 'health', 'fire'])).toEqual(tasks);
    expect((await ok(system, REPORT, { period: YEAR })).duplicateReport.duplicateGroups).toBe(after.duplicateGroups);
  });
});
