// Dispatch: create a plan's tasks on each unit's own platform, through the graph
// (`<platform>CreateTasks`, idempotent on externalKey = the task key). Each unit goes alone,
// so one platform down holds back only its own tasks: they stay waiting (the failed attempt
// recorded) and are retried later, by the retry worker or by dispatching again. A task the
// platform created but whose answer was lost comes back as `existed` on the retry, under
// the same id, so nothing is created twice.
import { findUnit } from '../../../config/units';
import type { JointPlanRecord, OfficeStore, PlanState, PlanTaskRecord } from '../store';
import { StoreError, StoreErrorCode } from '../store';
import type { GraphClient } from '../graph-client';
import { jointGroupIdOf } from './draw-plan';
import { invalidState } from './errors';
import { decide, planPeriodRefusals } from '../date-rules';

/** Tasks per CreateTasks call: within every platform's batch limit (emergency takes 50). */
export const TASKS_PER_CALL = 50;

export interface UnitDispatchOutcome {
  unitCode: string;
  created: number;
  /** Tasks still waiting after this attempt. */
  waiting: number;
  error: string | null;
}

interface CreatedTask {
  externalKey: string;
  existed: boolean;
  task: { id: string };
}

function taskInput(task: PlanTaskRecord) {
  return {
    externalKey: task.taskKey,
    planId: task.planId,
    uscc: task.uscc,
    itemCodes: task.items,
    inspectorIds: task.inspectorIds,
    plannedOn: task.plannedOn,
    jointGroupId: jointGroupIdOf(task.planId, task.uscc),
  };
}

/** Sends the unit's waiting tasks of the plan; stops at the first failed call. */
export async function dispatchUnit(store: OfficeStore, graph: GraphClient, planId: string, unitCode: string, actor: string): Promise<UnitDispatchOutcome> {
  const waiting = await store.dispatch.tasksWaiting(planId, unitCode);
  const platform = findUnit(unitCode)?.platform;
  if (!platform) throw new Error(`Unit ${unitCode} has no platform`);
  const mutation = `mutation ($unit: ID!, $tasks: [NewTaskInput!]!) {
    created: ${platform}CreateTasks(unitCode: $unit, tasks: $tasks) { externalKey existed task { id } }
  }`;
  let created = 0;
  for (let at = 0; at < waiting.length; at += TASKS_PER_CALL) {
    const batch = waiting.slice(at, at + TASKS_PER_CALL);
    let error: string | null = null;
    let answer: CreatedTask[] | null = null;
    try {
      const result = await graph.query<{ created: CreatedTask[] | null }>(mutation, { unit: unitCode, tasks: batch.map(taskInput) }, actor);
      answer = result.data?.created ?? null;
      if (result.errors.length > 0 || !answer) {
        const first = result.errors[0];
        error = `${first?.extensions?.code ?? 'NO_DATA'}: ${first?.message ?? 'no answer'}`;
      }
    } catch (thrown) {
      error = (thrown as Error).message;
    }
    if (error !== null || !answer) {
      for (const task of batch) await store.dispatch.markFailed(task.taskKey, error ?? 'no answer', actor);
      return { unitCode, created, waiting: waiting.length - created, error };
    }
    const keys = new Set(batch.map((task) => task.taskKey));
    for (const entry of answer) {
      if (!keys.has(entry.externalKey)) continue;
      await store.dispatch.markCreated(entry.externalKey, entry.task.id, actor);
      created++;
    }
  }
  return { unitCode, created, waiting: waiting.length - created, error: null };
}

const DISPATCHABLE: ReadonlySet<PlanState> = new Set(['published', 'dispatched', 'in_progress']);

/**
 * Moves a published plan to dispatched (once; a concurrent call that lost the race carries on)
 * and returns it. INVALID_STATE before publication or after completion.
 *
 * Dates: the decision to dispatch is taken here, on the move to dispatched: PLAN_PERIOD_ENDED
 * when the period is over, unless an override reason is given (recorded). Once dispatched, the
 * tasks are owed to the units: finishing the dispatch (a unit whose platform was down, by the
 * retry worker or by dispatching again) is never refused because the period ended meanwhile.
 */
export async function markDispatched(store: OfficeStore, planId: string, actor: string, dates: { today: string; reason?: string }): Promise<JointPlanRecord> {
  let plan = await store.plans.requirePlan(planId);
  if (!DISPATCHABLE.has(plan.state)) {
    throw invalidState(`Plan ${planId} is ${plan.state}; only a published plan can be dispatched`, { planId, state: plan.state });
  }
  if (plan.state === 'published') {
    const override = decide(planPeriodRefusals(plan, dates.today), dates.today, dates.reason);
    try {
      plan = await store.plans.transitionPlan(planId, 'published', 'dispatched', actor, {
        expectedVersion: plan.version,
        patch: override ? { dispatchOverride: override } : undefined,
        dateOverride: override ? { step: 'dispatch', ...override } : undefined,
      });
    } catch (error) {
      const raced = error instanceof StoreError && (error.code === StoreErrorCode.INVALID_STATE || error.code === StoreErrorCode.CONCURRENT_UPDATE);
      if (!raced) throw error;
      plan = await store.plans.requirePlan(planId);
    }
  }
  return plan;
}
