// The monthly trend behind the dashboard's chart, counted next to the unit's data like the
// indicators: per month of the year, tasks planned, tasks completed (by day of inspection) and
// results published (Beijing day of publication), nothing after the as-of day.
import { chinaDay } from '../../../lib/workdays';
import type { UnitStatisticsInput } from './unit-counts';

export interface MonthlyActivity {
  month: string;
  tasksPlanned: number;
  tasksCompleted: number;
  resultsPublished: number;
}

export function monthlyActivity(input: UnitStatisticsInput, year: number, asOf: string): MonthlyActivity[] {
  const months: MonthlyActivity[] = Array.from({ length: 12 }, (_, index) => ({
    month: `${year}-${String(index + 1).padStart(2, '0')}`,
    tasksPlanned: 0,
    tasksCompleted: 0,
    resultsPublished: 0,
  }));
  const bump = (day: string | undefined, field: 'tasksPlanned' | 'tasksCompleted' | 'resultsPublished'): void => {
    if (day === undefined || day > asOf || !day.startsWith(`${year}-`)) return;
    months[Number(day.slice(5, 7)) - 1][field] += 1;
  };
  const inspectedOn = new Map(input.results.map((result) => [result.taskId, result.inspectedOn]));
  for (const task of input.tasks) {
    if (task.status === 'cancelled') continue;
    bump(task.plannedOn, 'tasksPlanned');
    if (task.status === 'completed') bump(inspectedOn.get(task.id) ?? task.plannedOn, 'tasksCompleted');
    const publishedAt = input.publishedAtByTaskId.get(task.id);
    if (task.status === 'completed' && publishedAt !== undefined) bump(chinaDay(publishedAt), 'resultsPublished');
  }
  return months;
}
