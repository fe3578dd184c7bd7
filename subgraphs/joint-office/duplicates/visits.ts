// Visits: the door openings a business sees. One non-cancelled task is one visit, and all the
// tasks sharing a jointGroupId (of one business) are one visit together. A merge cancels the
// original tasks and creates joint tasks under one jointGroupId, so merged groups collapse into
// a single visit and stop being reported without any special case. A joint visit is dated by
// its earliest task (the generator's truth groups tasks by their own month; the two agree as long
// as one joint inspection is not spread over two months, which a door opening never is).
import type { Task } from '../../../platforms/data/model';
import { epochDay } from './period';
import type { DateRange, Visit } from './types';

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byId = (a: Task, b: Task): number => compareIds(a.id, b.id);
/** By day, then by the smallest task id, so the order does not depend on the input's. */
const byDayThenTask = (a: Visit, b: Visit): number => a.day - b.day || compareIds(a.tasks[0].id, b.tasks[0].id);

/**
 * Sorts a business's visits. Most businesses have a handful, where insertion sort on numbers
 * beats the general sort's set-up cost; long lists use the general sort.
 */
function sortVisits(visits: Visit[]): void {
  if (visits.length > 24) {
    visits.sort(byDayThenTask);
    return;
  }
  for (let i = 1; i < visits.length; i++) {
    const visit = visits[i];
    let j = i - 1;
    while (j >= 0 && byDayThenTask(visits[j], visit) > 0) {
      visits[j + 1] = visits[j];
      j--;
    }
    visits[j + 1] = visit;
  }
}

/** Shared one-unit lists: most visits are one task, and allocating a list for each is waste. */
const singleUnit = new Map<string, readonly string[]>();
function unitList(unitCode: string): readonly string[] {
  let list = singleUnit.get(unitCode);
  if (!list) singleUnit.set(unitCode, (list = [unitCode]));
  return list;
}

/** The visits of one business, sorted by date; a joint visit is dated by its earliest task. */
function visitsOf(tasks: readonly Task[]): Visit[] {
  const visits: Visit[] = [];
  let joint: Map<string, Visit> | undefined;
  for (const task of tasks) {
    const day = epochDay(task.plannedOn);
    if (task.jointGroupId) {
      joint ??= new Map();
      const visit = joint.get(task.jointGroupId);
      if (visit) {
        visit.tasks.push(task);
        if (day < visit.day) {
          visit.day = day;
          visit.date = task.plannedOn;
        }
        if (!visit.unitCodes.includes(task.unitCode)) visit.unitCodes = [...visit.unitCodes, task.unitCode].sort();
        continue;
      }
    }
    const visit: Visit = { uscc: task.uscc, date: task.plannedOn, day, tasks: [task], unitCodes: unitList(task.unitCode), jointGroupId: task.jointGroupId };
    if (task.jointGroupId) joint!.set(task.jointGroupId, visit);
    visits.push(visit);
  }
  if (joint) for (const visit of joint.values()) visit.tasks.sort(byId);
  sortVisits(visits);
  return visits;
}

/**
 * The visits of each business whose tasks are planned within `range` (inclusive), each list
 * sorted by date. Businesses with fewer than `minVisits` visits are left out (neither a
 * duplicate nor a cap needs a business seen once). One pass over the tasks with a Map.
 */
export function collectVisits(tasks: readonly Task[], range: DateRange, minVisits = 1): Map<string, Visit[]> {
  // A business's first task is stored bare; a list is made only when a second one arrives.
  const byBusiness = new Map<string, Task | Task[]>();
  for (const task of tasks) {
    if (task.status === 'cancelled') continue;
    const date = task.plannedOn;
    if (date < range.start || date > range.end) continue;
    const seen = byBusiness.get(task.uscc);
    if (seen === undefined) byBusiness.set(task.uscc, task);
    else if (Array.isArray(seen)) seen.push(task);
    else byBusiness.set(task.uscc, [seen, task]);
  }
  const visits = new Map<string, Visit[]>();
  for (const [uscc, seen] of byBusiness) {
    if (!Array.isArray(seen)) {
      if (minVisits <= 1) visits.set(uscc, visitsOf([seen]));
      continue;
    }
    const list = visitsOf(seen);
    if (list.length >= minVisits) visits.set(uscc, list);
  }
  return visits;
}

/** Whether two `YYYY-MM-DD` days share year and month; compares characters, no substrings. */
function sameMonth(a: string, b: string): boolean {
  for (let i = 0; i < 7; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

/**
 * Calls `each(start, end)` for the index bounds of every run of visits that falls in one window:
 * the same calendar month (days null), or chains whose consecutive visits are at most `days`
 * apart. A callback rather than a list: this runs for every business of every query.
 */
export function forEachCluster(visits: readonly Visit[], days: number | null, each: (start: number, end: number) => void): void {
  let start = 0;
  for (let i = 1; i <= visits.length; i++) {
    const together =
      i < visits.length &&
      (days === null ? sameMonth(visits[i].date, visits[i - 1].date) : visits[i].day - visits[i - 1].day <= days);
    if (!together) {
      each(start, i);
      start = i;
    }
  }
}

/** Whether the visits in [start, end) involve two or more units; no allocation. */
export function hasTwoUnits(visits: readonly Visit[], start: number, end: number): boolean {
  const first = visits[start].unitCodes[0];
  for (let i = start; i < end; i++) for (const unit of visits[i].unitCodes) if (unit !== first) return true;
  return false;
}

/** Distinct units of some visits, sorted. */
export function unitsOf(visits: readonly Visit[]): string[] {
  return [...new Set(visits.flatMap((visit) => visit.unitCodes))].sort();
}
