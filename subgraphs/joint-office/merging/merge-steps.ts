// Applying a recorded merge on the units' platforms, through the graph, step by step:
//   1. every unit that still checks something creates its joint task (externalKey
//      `${mergeId}/${unit}`, jointGroupId = merge id, the unit's original plan) — idempotent;
//   2. only when every joint task exists, each unit's original tasks are cancelled.
// Each done step is recorded in the merge (MergesRepo), each failed one audited, so at any time
// the business keeps its old visits until the merged visit exists: never neither; after
// recovery `resume` finishes the rest: never both. A unit whose every item another unit checks
// only cancels; its step names the lead's joint task, the one that does its checks.
import { findUnit } from '../../../config/units';
import type { GatherDeps } from './gather';
import { isStepComplete, writeAudit, type MergeRecord, type OfficeStore } from '../store';

/** A merge gathers like the findings (GatherDeps) and records its steps in the store. */
export type MergeDeps = GatherDeps & { store: OfficeStore };

export interface StepFailure {
  unitCode: string;
  phase: 'create' | 'cancel';
  error: string;
}

export interface MergeOutcome {
  merge: MergeRecord;
  /** Steps that failed in this attempt (empty when the merge is applied). */
  failures: StepFailure[];
}

interface Answer<T> {
  value: T | null;
  error: string | null;
}

async function call<T>(deps: MergeDeps, query: string, variables: Record<string, unknown>, pick: (data: Record<string, unknown>) => T | undefined): Promise<Answer<T>> {
  try {
    const answer = await deps.graph.query<Record<string, unknown>>(query, variables, deps.actor);
    const value = answer.data ? pick(answer.data) : undefined;
    if (answer.errors.length === 0 && value != null) return { value, error: null };
    const first = answer.errors[0];
    return { value: null, error: `${first?.extensions?.code ?? 'NO_DATA'}: ${first?.message ?? 'no answer'}` };
  } catch (error) {
    return { value: null, error: (error as Error).message };
  }
}

function platformOf(unitCode: string): string {
  const platform = findUnit(unitCode)?.platform;
  if (!platform) throw new Error(`Unit ${unitCode} has no platform`);
  return platform;
}

export const itemsOf = (merge: MergeRecord, unitCode: string): string[] => merge.items.filter((ref) => ref.unitCode === unitCode).map((ref) => ref.itemCode);

async function fail(deps: MergeDeps, merge: MergeRecord, failure: StepFailure): Promise<StepFailure> {
  await writeAudit(deps.store.db, { actor: deps.actor, action: 'merge.step_failed', entity: 'merge', entityId: merge.id, before: null, after: failure });
  return failure;
}

/** The plan of the unit's original tasks: the joint task stays counted under it. */
async function originalPlan(deps: MergeDeps, merge: MergeRecord, unitCode: string): Promise<Answer<string>> {
  const query = `query ($c: ID!, $u: [ID!]!) { department(code: $c) { tasksOf(usccs: $u) { id planId } } }`;
  const originals = new Set(merge.originalTaskIds[unitCode] ?? []);
  type Data = { department: { tasksOf: { id: string; planId: string }[] | null } | null };
  const found = await call(deps, query, { c: unitCode, u: [merge.uscc] }, (data) => (data as Data).department?.tasksOf ?? undefined);
  if (!found.value) return { value: null, error: found.error };
  const task = found.value.find((candidate) => originals.has(candidate.id));
  return task ? { value: task.planId, error: null } : { value: null, error: `NOT_FOUND: no original task of ${unitCode} left on its platform` };
}

async function createJointTask(deps: MergeDeps, merge: MergeRecord, unitCode: string): Promise<MergeRecord | StepFailure> {
  const plan = await originalPlan(deps, merge, unitCode);
  if (!plan.value) return fail(deps, merge, { unitCode, phase: 'create', error: plan.error ?? 'no plan' });
  const mutation = `mutation ($c: ID!, $t: [NewTaskInput!]!) { created: ${platformOf(unitCode)}CreateTasks(unitCode: $c, tasks: $t) { existed task { id } } }`;
  const task = {
    externalKey: `${merge.id}/${unitCode}`,
    planId: plan.value,
    uscc: merge.uscc,
    itemCodes: itemsOf(merge, unitCode),
    inspectorIds: merge.inspectors[unitCode] ?? [],
    plannedOn: merge.jointDate,
    jointGroupId: merge.id,
  };
  type Created = { task: { id: string } }[];
  const created = await call(deps, mutation, { c: unitCode, t: [task] }, (data) => (data.created as Created | null)?.[0]?.task.id);
  if (!created.value) return fail(deps, merge, { unitCode, phase: 'create', error: created.error ?? 'no answer' });
  return deps.store.merges.recordStep(merge.id, unitCode, { createdTaskId: created.value }, deps.actor);
}

async function cancelOriginals(deps: MergeDeps, merge: MergeRecord, unitCode: string): Promise<MergeRecord | StepFailure> {
  const mutation = `mutation ($c: ID!, $ids: [ID!]!) { cancelled: ${platformOf(unitCode)}CancelTasks(unitCode: $c, taskIds: $ids) { id status } }`;
  const ids = merge.originalTaskIds[unitCode] ?? [];
  const done = await call(deps, mutation, { c: unitCode, ids }, (data) => data.cancelled as { id: string }[] | null);
  if (!done.value) return fail(deps, merge, { unitCode, phase: 'cancel', error: done.error ?? 'no answer' });
  const covering = merge.steps[unitCode]?.createdTaskId ?? merge.steps[merge.units[0]]?.createdTaskId;
  return deps.store.merges.recordStep(merge.id, unitCode, { cancelled: true, createdTaskId: covering }, deps.actor);
}

/** Runs the steps still missing, each unit on its own; applies the merge when all are done. */
export async function runSteps(deps: MergeDeps, start: MergeRecord): Promise<MergeOutcome> {
  let merge = start;
  const failures: StepFailure[] = [];
  const settle = (results: (MergeRecord | StepFailure)[]) => {
    for (const result of results) {
      if ('unitCode' in result && 'phase' in result) failures.push(result);
      else if (result.version > merge.version) merge = result;
    }
  };
  const creating = merge.units.filter((unit) => itemsOf(merge, unit).length > 0 && !merge.steps[unit]?.createdTaskId);
  settle(await Promise.all(creating.map((unit) => createJointTask(deps, merge, unit))));
  // Cancel nothing until the merged visit exists for every unit that joins it.
  if (failures.length > 0) return { merge: (await deps.store.merges.get(merge.id)) ?? merge, failures };
  merge = (await deps.store.merges.get(merge.id)) ?? merge;
  const cancelling = merge.units.filter((unit) => !merge.steps[unit]?.cancelled);
  for (const unit of cancelling) settle([await cancelOriginals(deps, merge, unit)]);
  merge = (await deps.store.merges.get(merge.id)) ?? merge;
  if (failures.length === 0 && merge.state === 'pending' && merge.units.every((unit) => isStepComplete(merge.steps[unit]))) {
    merge = await deps.store.merges.markApplied(merge.id, deps.actor);
  }
  return { merge, failures };
}
