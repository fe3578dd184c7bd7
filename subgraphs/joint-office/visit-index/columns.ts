// A unit's tasks as aligned columns (Department.visits and visitChanges answer them so): far
// cheaper for the gateway than a list of objects. Index i of every column is one task.
import type { Task, TaskStatus } from '../../../platforms/data/model';

export interface VisitColumns {
  unitCode: string;
  taskIds: string[];
  planIds: string[];
  usccs: string[];
  plannedOn: string[];
  statuses: string[];
  itemCodes: string[][];
  inspectorIds: string[][];
  jointGroupIds: (string | null)[];
}

export function fromColumns(columns: VisitColumns): Task[] {
  const tasks: Task[] = new Array(columns.taskIds.length);
  for (let i = 0; i < tasks.length; i++) {
    const task: Task = {
      id: columns.taskIds[i],
      planId: columns.planIds[i],
      unitCode: columns.unitCode,
      uscc: columns.usccs[i],
      itemCodes: columns.itemCodes[i],
      inspectorIds: columns.inspectorIds[i],
      plannedOn: columns.plannedOn[i],
      status: columns.statuses[i] as TaskStatus,
    };
    const joint = columns.jointGroupIds[i];
    if (joint) task.jointGroupId = joint;
    tasks[i] = task;
  }
  return tasks;
}

