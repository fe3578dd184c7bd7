// The one store behind every department stand-in: the two meanings of a task query's year (the
// plan's year on the provincial and ecology wires, the year of plannedOn on emergency's and
// fire's), and the directory's indexes, caches and row positions across the side-door writes.
import { describe, expect, it } from 'vitest';
import type { DirectoryEntry, UnitData } from '../platforms/data/model';
import { UnitStore } from '../platforms/kit/unit-store';
import { emergencyFireDataset } from './fixtures/emergency-fire-dataset';

/** The emergency unit of the fixture, with its first 2025 task planned in January 2026. */
function unitWithLateTask(): { unit: UnitData; lateId: string } {
  const unit = emergencyFireDataset().units.emergency;
  const plans = new Map(unit.plans.map((plan) => [plan.id, plan.year]));
  const at = unit.tasks.findIndex((task) => plans.get(task.planId) === 2025);
  unit.tasks[at] = { ...unit.tasks[at], plannedOn: '2026-01-05' };
  return { unit, lateId: unit.tasks[at].id };
}

const ids = (tasks: { id: string }[]) => tasks.map((task) => task.id);

describe('UnitStore', () => {
  it("files a task under its plan's year or under the year of plannedOn, as the platform's wire says", () => {
    const { unit, lateId } = unitWithLateTask();
    const byPlan = new UnitStore(unit, { taskYear: 'plan' });
    const byDay = new UnitStore(unit, { taskYear: 'plannedOn' });
    expect(ids(byPlan.tasks({ year: 2025 }))).toContain(lateId);
    expect(byPlan.tasks({ year: 2026 })).toEqual([]);
    expect(ids(byDay.tasks({ year: 2025 }))).not.toContain(lateId);
    expect(ids(byDay.tasks({ year: 2026 }))).toEqual([lateId]);

    // A task created through the ledger is filed the same way, and its cancellation keeps it there.
    const inspectorIds = unit.inspectors.slice(1, 3).map((inspector) => inspector.id);
    const record = { externalKey: 'k1', planId: 'emergency-PL2025B', uscc: unit.directory[0].uscc, itemCodes: [unit.items[1].code], inspectorIds, plannedOn: '2026-02-01' };
    const [created] = byPlan.ledger.create([record]);
    byPlan.ledger.cancel([created.task.id]);
    expect(byPlan.tasks({ year: 2025, status: 'cancelled' }).at(-1)?.id).toBe(created.task.id);
    const [other] = byDay.ledger.create([record]);
    expect(ids(byDay.tasks({ year: 2026 }))).toEqual([lateId, other.task.id]);
  });

  it('answers directory filters in row order and keeps them and the row positions true across writes', () => {
    const unit = emergencyFireDataset().units.emergency;
    const store = new UnitStore(unit, { taskYear: 'plannedOn' });
    const scan = (keep: (entry: DirectoryEntry) => boolean) => store.data.directory.filter(keep);
    const sample = unit.directory.find((entry) => entry.tags.length > 0)!;
    const tag = sample.tags[0];
    expect(store.directory({})).toEqual(unit.directory);
    expect(store.directory({ tag })).toEqual(scan((entry) => entry.tags.includes(tag)));
    expect(store.directory({ divisionCode: sample.divisionCode, industryPrefix: sample.industryCode.slice(0, 3) })).toEqual(
      scan((entry) => entry.divisionCode === sample.divisionCode && entry.industryCode.startsWith(sample.industryCode.slice(0, 3))),
    );
    expect(store.directory({ industryPrefix: '6' })).toEqual(scan((entry) => entry.industryCode.startsWith('6')));
    expect(store.directoryPosition.get(unit.directory[5].uscc)).toBe(5);

    // A changed entry moves to the end; a removed one leaves every list and index.
    const moved = { ...unit.directory[0], tags: [...unit.directory[0].tags, '新标签'] };
    store.putDirectoryEntry(moved);
    expect(store.removeDirectoryEntry(unit.directory[1].uscc)).toBe(true);
    expect(store.removeDirectoryEntry(unit.directory[1].uscc)).toBe(false);
    expect(store.data.directory).toHaveLength(unit.directory.length - 1);
    expect(store.data.directory.at(-1)).toBe(moved);
    expect(store.directory({ tag: '新标签' })).toEqual([moved]);
    expect(store.directory({ tag })).toEqual(scan((entry) => entry.tags.includes(tag)));
    expect(store.directoryEntry(unit.directory[1].uscc)).toBeUndefined();
    store.data.directory.forEach((entry, position) => expect(store.directoryPosition.get(entry.uscc)).toBe(position));
    const logged = store.changes.page(undefined, 10_000).changes.flatMap(({ change }) => (change.kind === 'directory' ? [[change.record.uscc, change.removed]] : []));
    expect(logged.slice(-2)).toEqual([[moved.uscc, false], [unit.directory[1].uscc, true]]);
  });
});
