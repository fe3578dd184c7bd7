// Visits: the door openings a business sees. One non-cancelled task is one visit, and all the
// tasks sharing a jointGroupId (of one business) are one visit together. A merge cancels the
// original tasks and creates joint tasks under one jointGroupId, so merged groups collapse into
// a single visit and stop being reported without any special case.
import type { Task } from '../../../platforms/data/model';
import { epochDay } from './period';
import type { DateRange, Visit } from './types';

function byDateThenTask(a: Visit, b: Visit): number {
  if (a.day !== b.day) return a.day - b.day;
  const left = a.tasks[0].id;
  const right = b.tasks[0].id;
  return left < right ? -1 : left > right ? 1 : 0;
}

function distinctSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/**
 * The visits of each business whose tasks are planned within `range` (inclusive), each
 * business's list sorted by date. Single pass over the tasks; a joint visit's date is the
 * earliest plannedOn of its tasks.
 */
export function collectVisits(tasks: readonly Task[], range: DateRange): Map<string, Visit[]> {
  const byBusiness = new Map<string, Visit[]>();
  const jointVisits = new Map<string, Visit>();
  for (const task of tasks) {
    if (task.status === 'cancelled') continue;
    const date = task.plannedOn;
    if (date < range.start || date > range.end) continue;
    let jointKey: string | undefined;
    if (task.jointGroupId) {
      jointKey = `${task.uscc}\u0000${task.jointGroupId}`;
      const joint = jointVisits.get(jointKey);
      if (joint) {
        joint.tasks.push(task);
        if (date < joint.date) joint.date = date;
        continue;
      }
    }
    const visit: Visit = { uscc: task.uscc, date, day: 0, tasks: [task], unitCodes: [], jointGroupId: task.jointGroupId };
    if (jointKey) jointVisits.set(jointKey, visit);
    const list = byBusiness.get(task.uscc);
    if (list) list.push(visit);
    else byBusiness.set(task.uscc, [visit]);
  }
  for (const visits of byBusiness.values()) {
    for (const visit of visits) {
      visit.day = epochDay(visit.date);
      if (visit.tasks.length === 1) {
        visit.unitCodes = [visit.tasks[0].unitCode];
      } else {
        visit.tasks.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        visit.unitCodes = distinctSorted(visit.tasks.map((task) => task.unitCode));
      }
    }
    if (visits.length > 1) visits.sort(byDateThenTask);
  }
  return byBusiness;
}

/** Runs of visits that fall in one window: calendar months, or chains with gaps ≤ `days`. */
export function clusterVisits(visits: readonly Visit[], days: number | null): Visit[][] {
  const clusters: Visit[][] = [];
  let current: Visit[] = [];
  for (const visit of visits) {
    const previous = current[current.length - 1];
    const together =
      previous !== undefined &&
      (days === null ? previous.date.slice(0, 7) === visit.date.slice(0, 7) : visit.day - previous.day <= days);
    if (!together && current.length > 0) {
      clusters.push(current);
      current = [];
    }
    current.push(visit);
  }
  if (current.length > 0) clusters.push(current);
  return clusters;
}

/** Distinct units of some visits, sorted. */
export function unitsOf(visits: readonly Visit[]): string[] {
  if (visits.length === 1) return visits[0].unitCodes;
  return distinctSorted(visits.flatMap((visit) => visit.unitCodes));
}
