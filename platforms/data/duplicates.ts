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
/**
 * Planted overlaps from this month on were not visited yet at the snapshot: both visits stay
 * pending (overdue), which is what the office can still merge into one visit.
 */
export const UPCOMING_FROM_MONTH = '2025-10';

export interface PlantedDuplicates {
  count: number;
  /** `${uscc}|${YYYY-MM}` of every planted overlap from UPCOMING_FROM_MONTH on: all of that business's visits that month are still to come. */
  upcoming: Set<string>;
}

export const visitMonthKey = (task: Task): string => `${task.uscc}|${task.plannedOn.slice(0, 7)}`;

export function plantDuplicates(
  rng: Rng,
  tasksByUnit: Map<string, Task[]>,
  draftsByUnit: ReadonlyMap<string, DraftPlan[]>,
  directories: ReadonlyMap<string, UnitDirectory>,
  factory: TaskFactory,
): PlantedDuplicates {
  const upcoming = new Set<string>();
  const all = [...tasksByUnit.values()].flat();
  if (all.length === 0) return { count: 0, upcoming };
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
    const visitedDay = dayNumber(visited.plannedOn);
    const upcomingMonth = visited.plannedOn.slice(0, 7) >= UPCOMING_FROM_MONTH;
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
          factory.plannedDay(d, monthFirst, monthLast) >= 0 &&
          // An overlap still to come is planted under a plan covering the visited day, so the
          // two plans share a day the office can merge the visits on.
          (!upcomingMonth || factory.plannedDay(d, visitedDay, visitedDay) >= 0),
      );
      if (fitting.length === 0) continue;
      const draft = rng.pick(fitting);
      const task = factory.create(draft, visited.uscc, factory.plannedDay(draft, monthFirst, monthLast));
      tasksByUnit.get(unitCode)?.push(task);
      if (upcomingMonth) upcoming.add(visitMonthKey(task));
      const drawn = drawnByPlan.get(draft.plan.id) ?? new Set<string>();
      drawn.add(visited.uscc);
      drawnByPlan.set(draft.plan.id, drawn);
      planted++;
      break;
    }
  }
  return { count: planted, upcoming };
}
