// Turns one cluster of visits into a reported duplicate group: its tasks, the items two or
// more units would each check, the plans' periods (a merge date must lie in all of them) and a
// key that stays the same across queries while the group's tasks do.
import { createHash } from 'node:crypto';
import type { Plan, Task } from '../../../platforms/data/model';
import { checkKeyOf, type CatalogueIndex } from './catalogue-index';
import { intersect, isoDayOf } from './period';
import type { BusinessInfo, DateRange, DuplicateGroup, GroupTask, ItemOverlap, PlanPeriod, Visit } from './types';

export interface GroupContext {
  catalogue: CatalogueIndex;
  plansById: ReadonlyMap<string, Plan>;
  itemNames: ReadonlyMap<string, string>;
  businesses?: ReadonlyMap<string, BusinessInfo>;
}

/** Stable id of a group: the same business and the same tasks give the same key. */
export function groupKey(uscc: string, sortedTaskIds: readonly string[]): string {
  const digest = createHash('sha256').update(`${uscc}|${sortedTaskIds.join(',')}`).digest('hex');
  return `dup_${digest.slice(0, 24)}`;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Checks carried by tasks of two or more units: catalogue-equivalent items or identical codes. */
export function overlappingItems(tasks: readonly Task[], context: GroupContext): ItemOverlap[] {
  // First pass without allocating per check: most checks of a group belong to one unit only.
  const firstUnit = new Map<string, string>();
  const shared = new Set<string>();
  for (const task of tasks) {
    for (const code of task.itemCodes) {
      const key = checkKeyOf(context.catalogue, code);
      const unit = firstUnit.get(key);
      if (unit === undefined) firstUnit.set(key, task.unitCode);
      else if (unit !== task.unitCode) shared.add(key);
    }
  }
  if (shared.size === 0) return [];
  const byCheck = new Map<string, { codes: Set<string>; units: Set<string>; taskIds: Set<string> }>();
  for (const task of tasks) {
    for (const code of task.itemCodes) {
      const key = checkKeyOf(context.catalogue, code);
      if (!shared.has(key)) continue;
      let entry = byCheck.get(key);
      if (!entry) {
        entry = { codes: new Set(), units: new Set(), taskIds: new Set() };
        byCheck.set(key, entry);
      }
      entry.codes.add(code);
      entry.units.add(task.unitCode);
      entry.taskIds.add(task.id);
    }
  }
  const overlaps: ItemOverlap[] = [];
  for (const [checkKey, entry] of byCheck) {
    const itemCodes = [...entry.codes].sort();
    overlaps.push({
      checkKey,
      itemCodes,
      itemNames: itemCodes.map((code) => context.itemNames.get(code) ?? code),
      unitCodes: [...entry.units].sort(),
      taskIds: [...entry.taskIds].sort(),
    });
  }
  return overlaps.sort((a, b) => compareIds(a.checkKey, b.checkKey));
}

function planPeriodsOf(tasks: readonly Task[], plansById: ReadonlyMap<string, Plan>): PlanPeriod[] {
  const periods = new Map<string, PlanPeriod>();
  for (const task of tasks) {
    const plan = plansById.get(task.planId);
    if (!plan || periods.has(plan.id)) continue;
    periods.set(plan.id, { planId: plan.id, unitCode: task.unitCode, start: plan.periodStart, end: plan.periodEnd });
  }
  return [...periods.values()].sort((a, b) => compareIds(a.unitCode, b.unitCode) || compareIds(a.planId, b.planId));
}

function toGroupTask(task: Task): GroupTask {
  const out: GroupTask = {
    id: task.id, unitCode: task.unitCode, planId: task.planId, plannedOn: task.plannedOn, status: task.status,
    itemCodes: [...task.itemCodes], inspectorIds: [...task.inspectorIds],
  };
  if (task.jointGroupId) out.jointGroupId = task.jointGroupId;
  return out;
}

/** The days of the window a group was found in: its calendar month, or first to last date. */
function windowSpan(visits: readonly Visit[], monthWindow: boolean): DateRange {
  const first = visits[0].date;
  if (!monthWindow) return { start: first, end: visits[visits.length - 1].date };
  const year = Number(first.slice(0, 4));
  const month = Number(first.slice(5, 7));
  return { start: `${first.slice(0, 7)}-01`, end: isoDayOf(Date.UTC(year, month, 1) / 86_400_000 - 1) };
}

/** The full group for visits already known to be a duplicate (2+ visits, 2+ units). */
export function buildGroup(visits: readonly Visit[], unitCodes: string[], context: GroupContext, monthWindow = true): DuplicateGroup {
  const uscc = visits[0].uscc;
  const tasks = visits.flatMap((visit) => visit.tasks).sort((a, b) => compareIds(a.id, b.id));
  const taskIds = tasks.map((task) => task.id);
  const planPeriods = planPeriodsOf(tasks, context.plansById);
  const business = context.businesses?.get(uscc);
  const commonPeriod = intersect(planPeriods);
  const group: DuplicateGroup = {
    key: groupKey(uscc, taskIds),
    uscc,
    month: visits[0].date.slice(0, 7),
    firstDate: visits[0].date,
    lastDate: visits[visits.length - 1].date,
    taskIds,
    unitCodes,
    visits: visits.map((visit) => ({
      date: visit.date,
      taskIds: visit.tasks.map((task) => task.id),
      unitCodes: [...visit.unitCodes],
      ...(visit.jointGroupId ? { jointGroupId: visit.jointGroupId } : {}),
    })),
    tasks: tasks.map(toGroupTask),
    overlappingItems: overlappingItems(tasks, context),
    visitsSaved: visits.length - 1,
    planPeriods,
    commonPeriod,
    mergeDates: commonPeriod && intersect([commonPeriod, windowSpan(visits, monthWindow)]),
  };
  if (business) {
    group.divisionCode = business.divisionCode;
    group.industryCode = business.industryCode;
  }
  return group;
}
