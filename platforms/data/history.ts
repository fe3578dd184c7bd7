// A year of one place's history for every unit: plans, drawn tasks (single and joint), planted
// duplicate visits (in the data year), then final task ids in date order.

import { MEMBER_UNITS } from '../../config/units';
import type { UnitDirectory } from './directories';
import { candidates, drawEntries, samplingRate } from './draws';
import { plantDuplicates, visitMonthKey } from './duplicates';
import type { InspectorPool } from './inspectors';
import { drawJoint, jointPlans } from './joint';
import type { Enterprise, Item, Task } from './model';
import { batchStream, singlePlans, type DraftPlan, type PlanYear } from './plans';
import { idTag } from './places';
import { Rng } from './random';
import { TaskFactory } from './tasks';

export interface History {
  drafts: Map<string, DraftPlan[]>;
  tasks: Map<string, Task[]>;
  plantedDuplicates: number;
  /** Tasks of planted overlaps still to come at the snapshot (they stay pending). */
  upcoming: Set<Task>;
}

function drawSingles(rng: Rng, drafts: DraftPlan[], directory: UnitDirectory, enterprises: readonly Enterprise[], factory: TaskFactory): Task[] {
  const pools = drafts.map((draft) => candidates(draft, directory));
  const size = directory.entries.length;
  const unitTarget = Math.round(size * samplingRate(size));
  const weights = pools.map((pool) => pool.length * (0.5 + rng.next()));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const tasks: Task[] = [];
  drafts.forEach((draft, i) => {
    const pool = pools[i];
    if (pool.length === 0 || totalWeight === 0) return;
    const target = Math.max(1, Math.min(Math.round((unitTarget * weights[i]) / totalWeight), Math.floor(pool.length * 0.6)));
    for (const entry of drawEntries(rng, draft, directory, enterprises, pool, target)) {
      tasks.push(factory.create(draft, directory.entries[entry].uscc, factory.plannedDay(draft)));
    }
  });
  return tasks;
}

/** Orders a unit's tasks by day (then plan, business) and gives them their readable ids. */
function assignTaskIds(unitCode: string, batch: PlanYear, tasks: Task[]): void {
  tasks.sort((a, b) => a.plannedOn.localeCompare(b.plannedOn) || a.planId.localeCompare(b.planId) || a.uscc.localeCompare(b.uscc));
  tasks.forEach((task, i) => {
    task.id = `${unitCode}-${idTag(batch.place)}T${batch.year}-${String(i + 1).padStart(6, '0')}`;
  });
}

export function generateHistory(
  seed: number,
  batch: PlanYear,
  enterprises: readonly Enterprise[],
  directories: ReadonlyMap<string, UnitDirectory>,
  itemsByUnit: ReadonlyMap<string, Item[]>,
  pools: ReadonlyMap<string, InspectorPool>,
  options: { plantDuplicates: boolean },
): History {
  const rng = new Rng(seed, batchStream(batch, 'history'));
  const allItems = new Map([...itemsByUnit.values()].flat().map((item) => [item.code, item]));
  const factory = new TaskFactory(seed, batchStream(batch, 'tasks'), pools, allItems);
  const drafts = new Map<string, DraftPlan[]>();
  const tasks = new Map<string, Task[]>();
  for (const unit of MEMBER_UNITS) {
    const directory = directories.get(unit.code);
    if (!directory) continue;
    drafts.set(unit.code, singlePlans(rng, batch, directory, itemsByUnit.get(unit.code) ?? []));
    tasks.set(unit.code, []);
  }
  for (const [unitCode, unitDrafts] of drafts) {
    const directory = directories.get(unitCode);
    if (directory) tasks.get(unitCode)?.push(...drawSingles(rng, unitDrafts, directory, enterprises, factory));
  }
  const planCounts = new Map([...drafts].map(([unitCode, unitDrafts]) => [unitCode, unitDrafts.length]));
  const nextNumber = (unitCode: string) => {
    const number = (planCounts.get(unitCode) ?? 0) + 1;
    planCounts.set(unitCode, number);
    return number;
  };
  let groupSerial = 0;
  const nextGroupId = () => `J${batch.year}-${idTag(batch.place)}${String(++groupSerial).padStart(5, '0')}`;
  for (const joint of jointPlans(rng, batch, directories, nextNumber)) {
    for (const [unitCode, copy] of joint.copies) drafts.get(unitCode)?.push(copy);
    for (const task of drawJoint(rng, joint, directories, factory, nextGroupId)) tasks.get(task.unitCode)?.push(task);
  }
  const planted = options.plantDuplicates ? plantDuplicates(rng, tasks, drafts, directories, factory) : { count: 0, upcoming: new Set<string>() };
  for (const [unitCode, unitTasks] of tasks) assignTaskIds(unitCode, batch, unitTasks);
  const upcoming = new Set([...tasks.values()].flat().filter((task) => planted.upcoming.has(visitMonthKey(task))));
  return { drafts, tasks, plantedDuplicates: planted.count, upcoming };
}
