// The newcomer's path of the README on the sample year as generated: list the duplicate visits
// that can still be merged, merge the top one, see the platforms' tasks replaced and the
// unmerged count drop by exactly that group.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetFor } from '../platforms/data/generate';
import { DUPLICATES, MERGE, REPORT, ok, tasksOfBusiness, workdaysIn } from './helpers/duplicates';
import { startTestSystem, type TestSystem } from './helpers/system';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.close();
});

const YEAR = { year: 2025 };

/** Indicator 11 of the jurisdiction: a group counts once for every unit in it. */
async function unmergedIndicator(): Promise<number> {
  const data = await ok(system, `{ complianceStatistics(jurisdiction: "440800", year: 2025) { total { figures { key numerator } } } }`, {});
  return data.complianceStatistics.total.figures.find((figure: { key: string }) => figure.key === 'unmergedDuplicates').numerator;
}

describe('merging a duplicate visit of the sample year', () => {
  it('the generator leaves some overlaps not yet visited, and only those are mergeable', async () => {
    const dataset = datasetFor('test');
    const status = new Map(Object.values(dataset.units).flatMap((unit) => unit.tasks).map((task) => [task.id, task.status]));
    const pendingGroups = dataset.truth.duplicateVisits.filter((group) => group.taskIds.every((id) => status.get(id) === 'pending'));
    expect(pendingGroups.length).toBeGreaterThan(0);

    const mergeable = await ok(system, DUPLICATES, { period: YEAR, filter: { mergeable: true }, first: 100 });
    const listed = mergeable.duplicateVisits.edges.map((edge: any) => edge.node);
    expect(listed.length).toBeGreaterThan(0);
    // Mergeable: not one visit started, and the units' plans share a day in the window.
    const pendingKeys = new Set(pendingGroups.map((group) => group.taskIds.join()));
    for (const group of listed) {
      expect(pendingKeys.has([...group.taskIds].sort().join())).toBe(true);
      expect(group.mergeable).toBe(true);
      expect(group.mergeDates.start <= group.mergeDates.end).toBe(true);
    }

    const done = await ok(system, DUPLICATES, { period: YEAR, filter: { mergeable: false }, first: 100 });
    expect(done.duplicateVisits.totalCount + listed.length).toBe(dataset.truth.duplicateVisits.length);
  });

  it('merges the top mergeable group: one joint task per unit, originals cancelled, one group fewer', async () => {
    const before = (await ok(system, REPORT, { period: YEAR })).duplicateReport;
    const indicatorBefore = await unmergedIndicator();
    const [top] = (await ok(system, DUPLICATES, { period: YEAR, filter: { mergeable: true }, first: 1 })).duplicateVisits.edges.map((edge: any) => edge.node);

    // The first working day the group can be merged on (a day off is MERGE_DATE_NOT_WORKING_DAY).
    const [date] = workdaysIn(top.mergeDates);
    const merge = (await ok(system, MERGE, { key: top.key, date })).mergeDuplicateGroup;
    expect(merge.state).toBe('APPLIED');

    const tasks = await tasksOfBusiness(system, top.uscc, top.unitCodes);
    const originals = tasks.filter((task) => top.taskIds.includes(task.id));
    expect(originals.every((task) => task.status === 'cancelled')).toBe(true);
    const joint = tasks.filter((task) => task.jointGroupId === merge.jointGroupId);
    expect(joint.map((task) => task.unitCode).sort()).toEqual([...top.unitCodes].sort());
    expect(new Set(joint.map((task) => task.plannedOn))).toEqual(new Set([date]));

    const after = (await ok(system, REPORT, { period: YEAR })).duplicateReport;
    expect(after.duplicateGroups).toBe(before.duplicateGroups - 1);
    expect(after.visitsSaved).toBe(before.visitsSaved - top.visitsSaved);
    // The statistics' indicator 11 was cached before the merge; the merge's task writes retire it.
    expect(await unmergedIndicator()).toBe(indicatorBefore - top.unitCodes.length);
  });
});
