// Merging a duplicate group into one joint visit (综合查一次): find the group again on current
// data, check the request, plan the visit (duplicates/planMerge: date, union of items without
// repeated checks, the inspectors each unit matched), record it once per group, then apply it
// on the platforms (merge-steps.ts). A second merge of a pending group resumes it; of an
// applied one it is GROUP_ALREADY_MERGED. One attempt per merge runs at a time in a process.
import { ErrorCode, graphError } from '../../../lib/errors';
import { detectDuplicates, planMerge, type DuplicateGroup, type PeriodInput, type WindowInput } from '../duplicates';
import { isIsoDay } from '../duplicates/period';
import type { DateOverride, MergeRecord, NewMerge, OfficeStore } from '../store';
import { decide, mergeDateRefusals } from '../date-rules';
import { gatherInput } from './findings';
import { runSteps, type MergeDeps, type MergeOutcome } from './merge-steps';

export interface MergeRequest {
  groupKey: string;
  date: string;
  /** Default: the unit of the group's first visit (谁发起、谁牵头). */
  leadUnit?: string;
  /** Where to find the group; default the calendar year of `date`. */
  period?: PeriodInput;
  /** The window the group was found with; default the calendar month. */
  window?: WindowInput;
  /** The office's today (its clock), for the date rules. */
  today: string;
  /** The override's reason (checked, date-rules.overrideReason): lifts MERGE_DATE_PAST / _NOT_WORKING_DAY. */
  overrideReason?: string;
}

const running = new WeakMap<OfficeStore, Map<string, Promise<MergeOutcome>>>();

/** Applies what is missing of a pending merge; an applied merge is returned as it is. */
export function resumeMerge(deps: MergeDeps, id: string): Promise<MergeOutcome> {
  let byId = running.get(deps.store);
  if (!byId) running.set(deps.store, (byId = new Map()));
  let attempt = byId.get(id);
  if (!attempt) {
    attempt = (async () => {
      const merge = await deps.store.merges.get(id);
      if (!merge) throw graphError(ErrorCode.NOT_FOUND, `No merge ${id}`, { mergeId: id });
      if (merge.state === 'applied') return { merge, failures: [] };
      return runSteps(deps, merge);
    })().finally(() => byId.delete(id));
    byId.set(id, attempt);
  }
  return attempt;
}

function alreadyMerged(merge: MergeRecord) {
  return graphError(ErrorCode.GROUP_ALREADY_MERGED, `Group ${merge.groupKey} was merged by ${merge.id} on ${merge.appliedAt}`, {
    groupKey: merge.groupKey,
    mergeId: merge.id,
  });
}

/** The request's problems, each with its own code, before anything is written. */
export function checkRequest(group: DuplicateGroup, request: MergeRequest): void {
  if (request.leadUnit !== undefined && !group.unitCodes.includes(request.leadUnit)) {
    throw graphError(ErrorCode.UNIT_NOT_IN_GROUP, `Unit ${request.leadUnit} is not in group ${group.key} (units: ${group.unitCodes.join(', ')})`, {
      unitCode: request.leadUnit,
      unitCodes: group.unitCodes,
    });
  }
  const started = group.tasks.filter((task) => task.status !== 'pending');
  if (started.length > 0) {
    throw graphError(ErrorCode.GROUP_NOT_MERGEABLE, `Visits of group ${group.key} already started or took place: ${started.map((task) => `${task.id} (${task.status})`).join(', ')}`, {
      taskIds: started.map((task) => task.id),
    });
  }
  for (const period of group.planPeriods) {
    if (request.date < period.start || request.date > period.end) {
      throw graphError(ErrorCode.DATE_OUTSIDE_PERIOD, `${request.date} is outside plan ${period.planId} of ${period.unitCode} (${period.start}..${period.end})`, {
        ...period,
        date: request.date,
        commonPeriod: group.commonPeriod,
      });
    }
  }
}

export function newMergeOf(group: DuplicateGroup, request: MergeRequest, catalogue: readonly (readonly string[])[], dateOverride: DateOverride | null = null): NewMerge {
  const plan = planMerge(group, { date: request.date, leadUnit: request.leadUnit, catalogue });
  return {
    dateOverride,
    groupKey: group.key,
    uscc: group.uscc,
    jointDate: plan.date,
    // The lead first: the merge record has no lead field of its own.
    units: plan.units.map((unit) => unit.unitCode),
    items: plan.units.flatMap((unit) => unit.itemCodes.map((itemCode) => ({ unitCode: unit.unitCode, itemCode }))),
    inspectors: Object.fromEntries(plan.units.filter((unit) => unit.joins).map((unit) => [unit.unitCode, unit.inspectorIds])),
    originalTaskIds: Object.fromEntries(plan.units.map((unit) => [unit.unitCode, unit.cancelTaskIds])),
  };
}

export async function mergeDuplicateGroup(deps: MergeDeps, request: MergeRequest): Promise<MergeOutcome> {
  const existing = await existingMerge(deps, request.groupKey);
  if (existing) return existing;
  if (!isIsoDay(request.date)) throw graphError(ErrorCode.BAD_INPUT, `date must be a day as YYYY-MM-DD, got "${request.date}"`, { date: request.date });
  const period = request.period ?? { year: Number(request.date.slice(0, 4)) };
  // The merge acts on the units' current tasks: their feeds are read first.
  const input = await gatherInput(deps, period, true);
  const group = detectDuplicates(input, { period, window: request.window }).find((candidate) => candidate.key === request.groupKey);
  if (!group) {
    throw graphError(ErrorCode.UNKNOWN_GROUP, `No unmerged duplicate group ${request.groupKey} in ${JSON.stringify(period)}; list them with duplicateVisits`, {
      groupKey: request.groupKey,
    });
  }
  return mergeGroup(deps, group, request, input.catalogue ?? []);
}

/**
 * Merges a group found on current data (a duplicate group, or a proposal of matching before the
 * visit): checks the request (its date against the plans, then against today and the official
 * calendar, date-rules.ts), records the merge once per group key, applies it. A merge already
 * recorded is resumed, not checked again: its date was accepted when it was recorded.
 */
export async function mergeGroup(deps: MergeDeps, group: DuplicateGroup, request: MergeRequest, catalogue: readonly (readonly string[])[]): Promise<MergeOutcome> {
  checkRequest(group, request);
  const dateOverride = decide(mergeDateRefusals(request.date, request.today), request.today, request.overrideReason);
  const { merge, created } = await deps.store.merges.create(newMergeOf(group, request, catalogue, dateOverride), deps.actor);
  // Another caller recorded this group first: carry on with theirs.
  if (!created && merge.state === 'applied') throw alreadyMerged(merge);
  return resumeMerge(deps, merge.id);
}

/** An applied merge of this key is GROUP_ALREADY_MERGED; a pending one is resumed; else undefined. */
export async function existingMerge(deps: MergeDeps, groupKey: string): Promise<MergeOutcome | undefined> {
  const existing = await deps.store.merges.getByGroupKey(groupKey);
  if (existing?.state === 'applied') throw alreadyMerged(existing);
  return existing ? resumeMerge(deps, existing.id) : undefined;
}
