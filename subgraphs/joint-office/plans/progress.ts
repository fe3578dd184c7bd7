// Following a dispatched plan: the status of each of its tasks is read from the units'
// platforms through the graph (tasksOf), and the plan moves on:
//  - in_progress once every task is on its platform and at least one is in progress or completed;
//  - completed once every task is on its platform and each is completed or cancelled.
import type { TaskStatus } from '../../../platforms/data/model';
import type { JointPlanRecord, OfficeStore, PlanState } from '../store';
import { StoreError, StoreErrorCode } from '../store';
import { invalidState } from './errors';
import type { UnitReader } from './unit-reads';

export interface UnitProgress {
  unitCode: string;
  /** Not yet created on the platform. */
  notDispatched: number;
  pending: number;
  inProgress: number;
  completed: number;
  cancelled: number;
  /** Created, but the platform no longer shows the task. */
  missing: number;
}

export interface ProgressReport {
  plan: JointPlanRecord;
  units: UnitProgress[];
}

type Stage = 'dispatched' | 'in_progress' | 'completed';

export function decideProgress(units: readonly UnitProgress[]): Stage {
  const sum = (pick: (u: UnitProgress) => number) => units.reduce((n, u) => n + pick(u), 0);
  const total = sum((u) => u.notDispatched + u.pending + u.inProgress + u.completed + u.cancelled + u.missing);
  if (total === 0 || sum((u) => u.notDispatched + u.missing) > 0) return 'dispatched';
  if (sum((u) => u.completed + u.cancelled) === total) return 'completed';
  if (sum((u) => u.inProgress + u.completed) > 0) return 'in_progress';
  return 'dispatched';
}

const FOLLOWED: ReadonlySet<PlanState> = new Set(['dispatched', 'in_progress', 'completed']);
const ORDER: readonly Stage[] = ['dispatched', 'in_progress', 'completed'];

export async function refreshProgress(store: OfficeStore, reader: UnitReader, planId: string, actor: string): Promise<ProgressReport> {
  let plan = await store.plans.requirePlan(planId);
  if (!FOLLOWED.has(plan.state)) throw invalidState(`Plan ${planId} is ${plan.state}; progress is followed once it is dispatched`, { planId, state: plan.state });
  const tasks = await store.dispatch.listTasks(planId);
  const units: UnitProgress[] = [];
  for (const unitCode of plan.definition.participatingUnits) {
    const mine = tasks.filter((t) => t.unitCode === unitCode);
    const created = mine.filter((t) => t.platformTaskId !== null);
    const onPlatform = new Map<string, TaskStatus>();
    if (created.length > 0) {
      for (const row of await reader.tasksOf(unitCode, [...new Set(created.map((t) => t.uscc))])) onPlatform.set(row.id, row.status);
    }
    const progress: UnitProgress = { unitCode, notDispatched: mine.length - created.length, pending: 0, inProgress: 0, completed: 0, cancelled: 0, missing: 0 };
    for (const task of created) {
      const status = onPlatform.get(task.platformTaskId!);
      if (status === 'pending') progress.pending++;
      else if (status === 'in_progress') progress.inProgress++;
      else if (status === 'completed') progress.completed++;
      else if (status === 'cancelled') progress.cancelled++;
      else progress.missing++;
    }
    units.push(progress);
  }

  const target = decideProgress(units);
  // Walk the lifecycle one edge at a time; a concurrent refresh that moved first is fine.
  while (ORDER.indexOf(plan.state as Stage) < ORDER.indexOf(target)) {
    const next = ORDER[ORDER.indexOf(plan.state as Stage) + 1];
    try {
      plan = await store.plans.transitionPlan(planId, plan.state, next, actor, { expectedVersion: plan.version });
    } catch (error) {
      const raced = error instanceof StoreError && (error.code === StoreErrorCode.INVALID_STATE || error.code === StoreErrorCode.CONCURRENT_UPDATE);
      if (!raced) throw error;
      plan = await store.plans.requirePlan(planId);
    }
  }
  return { plan, units };
}
