// The ground truth of planted imperfections. Most lists are collected while generating; the
// duplicate visits are recomputed from the final tasks so that they are exact.

import type { GroundTruth, Plan, Task } from './model';

/**
 * Duplicate visits (重复检查), the definition the duplicate finder must match:
 * group the non-cancelled tasks by business (uscc) and calendar month of `plannedOn`.
 * In a group, a visit is one task without a jointGroupId, or all tasks sharing one
 * jointGroupId counted together as one visit. A group is a duplicate when it has 2+ visits
 * and its tasks involve 2+ distinct units. Each duplicate is reported with the ids of all
 * the group's tasks (sorted) and its distinct unit codes (sorted); the list is sorted by
 * uscc, then month.
 */
export function duplicateVisits(tasks: Iterable<Task>): GroundTruth['duplicateVisits'] {
  const groups = new Map<string, Task[]>();
  for (const task of tasks) {
    if (task.status === 'cancelled') continue;
    const key = `${task.uscc}|${task.plannedOn.slice(0, 7)}`;
    const group = groups.get(key);
    if (group) group.push(task);
    else groups.set(key, [task]);
  }
  const duplicates: GroundTruth['duplicateVisits'] = [];
  for (const [key, group] of groups) {
    if (group.length < 2) continue;
    const jointGroups = new Set<string>();
    let singleVisits = 0;
    for (const task of group) {
      if (task.jointGroupId) jointGroups.add(task.jointGroupId);
      else singleVisits++;
    }
    const unitCodes = [...new Set(group.map((t) => t.unitCode))].sort();
    if (singleVisits + jointGroups.size < 2 || unitCodes.length < 2) continue;
    const [uscc, month] = key.split('|');
    duplicates.push({ uscc, month, taskIds: group.map((t) => t.id).sort(), unitCodes });
  }
  return duplicates.sort((a, b) => (a.uscc === b.uscc ? a.month.localeCompare(b.month) : a.uscc.localeCompare(b.uscc)));
}

/** Plans made public after the deadline (Zhanjiang 2025: 2025-03-30) or never. */
export function latePlanIds(plans: Iterable<Plan>, deadline: string): string[] {
  const late: string[] = [];
  for (const plan of plans) if (!plan.publishedOn || plan.publishedOn > deadline) late.push(plan.id);
  return late.sort();
}
