// Plants duplicate visits: a business already visited in some month gets a visit from another
// unit, under one of that unit's single plans, in the same calendar month. The truth is
// computed afterwards from all tasks (truth.ts), so natural overlaps are counted too.

import { MEMBER_UNITS } from '../../config/units';
import { dayNumber, endOfMonth } from './dates';
import type { UnitDirectory } from './directories';
import type { Task } from './model';
import type { DraftPlan } from './plans';
import { Rng } from './random';
import type { TaskFactory } from './tasks';

/** Share of the businesses with tasks that get a planted overlapping visit. */
export const PLANTED_DUPLICATE_SHARE = 0.012;

export function plantDuplicates(
  rng: Rng,
  tasksByUnit: Map<string, Task[]>,
  draftsByUnit: ReadonlyMap<string, DraftPlan[]>,
  directories: ReadonlyMap<string, UnitDirectory>,
  factory: TaskFactory,
): number {
  const all = [...tasksByUnit.values()].flat();
  if (all.length === 0) return 0;
  const target = Math.max(1, Math.round(new Set(all.map((t) => t.uscc)).size * PLANTED_DUPLICATE_SHARE));
  const drawnByPlan = new Map<string, Set<string>>();
  for (const task of all) {
    const drawn = drawnByPlan.get(task.planId) ?? new Set<string>();
    drawn.add(task.uscc);
    drawnByPlan.set(task.planId, drawn);
  }
  const unitCodes = MEMBER_UNITS.map((u) => u.code);
  let planted = 0;
  for (let attempt = 0; attempt < target * 30 && planted < target; attempt++) {
    const visited = rng.pick(all);
    const monthFirst = dayNumber(`${visited.plannedOn.slice(0, 7)}-01`);
    const monthLast = dayNumber(endOfMonth(visited.plannedOn));
    for (const unitCode of rng.shuffle(unitCodes.filter((u) => u !== visited.unitCode))) {
      const directory = directories.get(unitCode);
      const index = directory?.indexOf.get(visited.uscc);
      if (!directory || index === undefined) continue;
      const fitting = (draftsByUnit.get(unitCode) ?? []).filter(
        (d) =>
          d.plan.kind === 'single' &&
          d.segments.has(directory.segmentOf[index]) &&
          d.divisions.has(directory.entries[index].divisionCode) &&
          directory.addedDay[index] <= d.drawnDay &&
          !drawnByPlan.get(d.plan.id)?.has(visited.uscc) &&
          factory.plannedDay(d, monthFirst, monthLast) >= 0,
      );
      if (fitting.length === 0) continue;
      const draft = rng.pick(fitting);
      const task = factory.create(draft, visited.uscc, factory.plannedDay(draft, monthFirst, monthLast));
      tasksByUnit.get(unitCode)?.push(task);
      const drawn = drawnByPlan.get(draft.plan.id) ?? new Set<string>();
      drawn.add(visited.uscc);
      drawnByPlan.set(draft.plan.id, drawn);
      planted++;
      break;
    }
  }
  return planted;
}
