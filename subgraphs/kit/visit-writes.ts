// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
// The visit, written by the unit's inspectors on the unit's own platform: `<platform>CheckIn`
// with the task's inspection code (凭码检查), `<platform>RecordResult` per item,
// `<platform>PublishResult` to the credit system (公示), `<platform>RecordFollowUp` of each
// problem found; and `<platform>TaskByInspectionCode`, how the office finds the task of a code
// for the business's page. Only a department token of the task's unit writes (the office
// supervises, it does not inspect). Each refusal has its own code; the platform checks the
// same rules again. Every write is read back through the unit's change feed before it answers.
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { findUnit } from '../../config/units';
import { ErrorCode, graphError } from '../../lib/errors';
import { normalizeInspectionCode } from '../../lib/inspection-code';
import { forbidden, isOfficeOrUnit, type Role } from '../../lib/roles';
import { addWorkdays, chinaDay, isIsoDay } from '../../lib/workdays';
import type { Conclusion as ConclusionValue, Finding, FollowUp, Result, Task } from '../../platforms/data/model';
import type { DepartmentContext } from './context';
import { forUnit } from './for-unit';
import type { TaskWriteSpec } from './task-writes';
import { Conclusion, FollowUpAction, FollowUpType, TaskType } from './types/task';
import { ItemResultInput, ResultPublicationType } from './types/visit-inputs';
import type { UnitView } from './views/unit-view';

/** Working days after the planned day a check-in is accepted when the platform does not hold the task's plan (joint plans, merges). */
export const CHECK_IN_WINDOW_WORKDAYS = 10;
const MAX_TEXT = 2000;

const CONCLUSION_TEXT: Record<ConclusionValue, string> = {
  no_problem: '未发现问题',
  problem_found: '发现问题',
  not_found: '通过登记的住所无法联系',
  closed: '已注销或停业',
};

const badInput = (message: string, extensions: Record<string, unknown> = {}) => graphError(ErrorCode.BAD_INPUT, message, extensions);

function today(): string {
  return chinaDay(new Date());
}

function day(value: string | null | undefined, name: string): string {
  if (value == null) return today();
  if (!isIsoDay(value)) throw badInput(`${name} must be a day as YYYY-MM-DD, got "${value}"`);
  if (value > today()) throw badInput(`${name} ${value} is in the future`);
  return value;
}

function text(value: string, name: string): string {
  if (value.trim() === '' || value.length > MAX_TEXT) throw badInput(`${name} must be 1..${MAX_TEXT} characters`);
  return value;
}

/** The findings of a result given per item: every item of the task once, problems numbered F01, F02, … */
export function findingsOf(task: Task, items: readonly ItemResultInput[]): Finding[] {
  const given = new Set<string>();
  for (const item of items) {
    if (!task.itemCodes.includes(item.itemCode)) throw badInput(`Item ${item.itemCode} is not an item of task ${task.id}`, { itemCode: item.itemCode });
    if (given.has(item.itemCode)) throw badInput(`Item ${item.itemCode} is given twice`, { itemCode: item.itemCode });
    given.add(item.itemCode);
  }
  const missing = task.itemCodes.filter((code) => !given.has(code));
  if (missing.length > 0) throw badInput(`Every item of the task needs its result; missing: ${missing.join(', ')}`, { itemCodes: missing });
  const findings: Finding[] = [];
  for (const code of task.itemCodes) {
    for (const problem of items.find((item) => item.itemCode === code)!.problems) {
      findings.push({ code: `F${String(findings.length + 1).padStart(2, '0')}`, itemCode: code, description: text(problem, 'A problem') });
    }
  }
  return findings;
}

/** The text published in the credit system (公示内容). */
export function publicationSummary(unitCode: string, task: Task, result: Result): string {
  const unit = findUnit(unitCode)?.name ?? unitCode;
  const findings = result.findings.map((finding, index) => `${index + 1}. ${finding.description}`).join('；');
  return `${unit}“双随机、一公开”抽查结果（任务 ${task.id}，检查日期 ${result.inspectedOn}）：${CONCLUSION_TEXT[result.conclusion]}${findings ? `。问题：${findings}` : ''}`;
}

export function visitWritesResolver(spec: TaskWriteSpec) {
  const served = new Set(spec.unitCodes);
  const prefix = spec.createTasksMutation.replace(/CreateTasks$/, '');

  /** The unit's own inspectors, through a department token of the unit. */
  function authorize(role: Role, unitCode: string): void {
    if (!served.has(unitCode)) {
      throw graphError(ErrorCode.UNKNOWN_UNIT, `Unit "${unitCode}" is not served here; known units: ${[...served].join(', ')}`, { unitCode });
    }
    if (role.kind !== 'department' || role.unitCode !== unitCode) throw forbidden(`write the visits of unit ${unitCode} (a department token of the unit is needed)`, role);
  }

  function taskOf(view: UnitView, taskId: string): Task {
    const task = view.task(taskId);
    if (!task) throw graphError(ErrorCode.NOT_FOUND, `Unit ${view.unitCode} has no task ${taskId}`, { taskId });
    return task;
  }

  /** After a write: the unit's view (and the publications) read at once, so statistics count it. */
  async function readBack<T>(ctx: DepartmentContext, unitCode: string, answer: T): Promise<T> {
    await ctx.statistics.refresh(unitCode).catch(() => undefined);
    return answer;
  }

  @Resolver()
  class VisitWritesResolver {
    @Query(() => TaskType, { name: `${prefix}TaskByInspectionCode`, nullable: true, description: 'The task of an inspection code (office or the unit); null when no task of the unit has it' })
    taskByInspectionCode(@Ctx() ctx: DepartmentContext, @Arg('unitCode', () => ID) unitCode: string, @Arg('code', () => String) code: string): Task | null {
      if (!served.has(unitCode)) throw graphError(ErrorCode.UNKNOWN_UNIT, `Unit "${unitCode}" is not served here`, { unitCode });
      if (!isOfficeOrUnit(ctx.role, unitCode)) throw forbidden(`look up the inspection codes of unit ${unitCode}`, ctx.role);
      const normalized = normalizeInspectionCode(code);
      return normalized === null ? null : (ctx.statistics.readyView(unitCode).taskByCode(normalized) ?? null);
    }

    @Mutation(() => TaskType, { name: `${prefix}CheckIn`, description: '凭码检查: an inspector of the task checks in at the business with its inspection code; the task is in progress from then' })
    async checkIn(
      @Ctx() ctx: DepartmentContext,
      @Arg('unitCode', () => ID) unitCode: string,
      @Arg('taskId', () => ID) taskId: string,
      @Arg('inspectionCode', () => String) inspectionCode: string,
      @Arg('uscc', () => String, { description: 'The business the inspectors are at' }) uscc: string,
      @Arg('inspectorId', () => ID) inspectorId: string,
      @Arg('on', () => String, { nullable: true, description: 'Day of the visit (default today; never in the future)' }) on?: string | null,
    ): Promise<Task> {
      authorize(ctx.role, unitCode);
      const view = ctx.statistics.readyView(unitCode);
      const task = taskOf(view, taskId);
      if (task.uscc !== uscc) throw graphError(ErrorCode.WRONG_BUSINESS, `Task ${taskId} is not a visit of business ${uscc}`, { taskId });
      const code = normalizeInspectionCode(inspectionCode);
      if (code === null || code !== task.inspectionCode) throw graphError(ErrorCode.WRONG_CODE, `That is not the inspection code of task ${taskId}`, { taskId });
      if (!task.inspectorIds.includes(inspectorId)) throw graphError(ErrorCode.INSPECTOR_NOT_ON_TASK, `Inspector ${inspectorId} is not on task ${taskId}`, { taskId, inspectorId });
      const visitDay = on == null ? today() : on;
      if (!isIsoDay(visitDay)) throw badInput(`on must be a day as YYYY-MM-DD, got "${visitDay}"`);
      const plan = view.plan(task.planId);
      const lastDay = plan?.periodEnd ?? addWorkdays(task.plannedOn, CHECK_IN_WINDOW_WORKDAYS);
      if (visitDay < task.plannedOn || visitDay > lastDay || visitDay > today()) {
        throw graphError(ErrorCode.OUTSIDE_PERIOD, `Task ${taskId} is open for check-in from ${task.plannedOn} to ${lastDay} (and not in the future), not on ${visitDay}`, {
          taskId,
          from: task.plannedOn,
          to: lastDay,
        });
      }
      if (task.status === 'cancelled' || task.status === 'completed') throw graphError(ErrorCode.INVALID_STATE, `Task ${taskId} is ${task.status}`, { taskId, status: task.status });
      const checkedIn = await forUnit(unitCode, () => ctx.platform.checkIn(unitCode, { taskId, inspectionCode: code, uscc, inspectorId, on: visitDay }));
      return readBack(ctx, unitCode, checkedIn);
    }

    @Mutation(() => TaskType, { name: `${prefix}RecordResult`, description: 'The result of a checked-in task, per item (every item once); the task is completed' })
    async recordResult(
      @Ctx() ctx: DepartmentContext,
      @Arg('unitCode', () => ID) unitCode: string,
      @Arg('taskId', () => ID) taskId: string,
      @Arg('items', () => [ItemResultInput]) items: ItemResultInput[],
      @Arg('inspectedOn', () => String, { nullable: true, description: 'Default today; not before the check-in, never in the future' }) inspectedOn?: string | null,
      @Arg('conclusion', () => Conclusion, { nullable: true, description: 'Only NOT_FOUND or CLOSED (business not found, closed); otherwise derived from the problems' })
      conclusion?: Conclusion | null,
    ): Promise<Task> {
      authorize(ctx.role, unitCode);
      const task = taskOf(ctx.statistics.readyView(unitCode), taskId);
      if (task.status !== 'in_progress') throw graphError(ErrorCode.INVALID_STATE, `Task ${taskId} is ${task.status}: a result follows a check-in, once`, { taskId, status: task.status });
      const visitDay = day(inspectedOn, 'inspectedOn');
      if (visitDay < (task.checkedInOn ?? task.plannedOn)) throw badInput(`inspectedOn ${visitDay} is before the check-in on ${task.checkedInOn}`);
      let findings: Finding[] = [];
      let outcome: ConclusionValue;
      if (conclusion === Conclusion.NOT_FOUND || conclusion === Conclusion.CLOSED) {
        if (items.some((item) => item.problems.length > 0)) throw badInput(`A ${conclusion} conclusion has no problems`);
        outcome = conclusion;
      } else {
        if (conclusion != null) throw badInput('conclusion is derived from the problems; give only NOT_FOUND or CLOSED');
        findings = findingsOf(task, items);
        outcome = findings.length > 0 ? 'problem_found' : 'no_problem';
      }
      const answer = await forUnit(unitCode, () => ctx.platform.recordResult(unitCode, { taskId, inspectedOn: visitDay, conclusion: outcome, findings }));
      return readBack(ctx, unitCode, answer.task);
    }

    @Mutation(() => ResultPublicationType, { name: `${prefix}PublishResult`, description: '公示: publishes the task’s result in the credit information system (again: the same publication)' })
    async publishResult(@Ctx() ctx: DepartmentContext, @Arg('unitCode', () => ID) unitCode: string, @Arg('taskId', () => ID) taskId: string): Promise<ResultPublicationType> {
      authorize(ctx.role, unitCode);
      const task = taskOf(ctx.statistics.readyView(unitCode), taskId);
      const [result] = await forUnit(unitCode, () => ctx.platform.results(unitCode, [taskId]));
      if (!result) throw graphError(ErrorCode.INVALID_STATE, `Task ${taskId} has no result to publish yet`, { taskId });
      let published;
      try {
        published = await ctx.credit.publish({ uscc: task.uscc, unitCode, taskId, summary: publicationSummary(unitCode, task, result) });
      } catch (error) {
        const refused = error as { toGraphQLError?: () => Error };
        throw typeof refused.toGraphQLError === 'function' ? refused.toGraphQLError() : error;
      }
      const { publication, created } = published;
      return readBack(ctx, unitCode, { id: publication.id, taskId, publishedAt: publication.publishedAt, summary: publication.summary, created });
    }

    @Mutation(() => FollowUpType, { name: `${prefix}RecordFollowUp`, description: '后续处置 of one problem found (once per finding)' })
    async recordFollowUp(
      @Ctx() ctx: DepartmentContext,
      @Arg('unitCode', () => ID) unitCode: string,
      @Arg('taskId', () => ID) taskId: string,
      @Arg('findingCode', () => String) findingCode: string,
      @Arg('action', () => FollowUpAction) action: FollowUpAction,
      @Arg('note', () => String) note: string,
      @Arg('handledOn', () => String, { nullable: true, description: 'Default today; not before the inspection, never in the future' }) handledOn?: string | null,
    ): Promise<FollowUp> {
      authorize(ctx.role, unitCode);
      taskOf(ctx.statistics.readyView(unitCode), taskId);
      const [result] = await forUnit(unitCode, () => ctx.platform.results(unitCode, [taskId]));
      if (!result) throw graphError(ErrorCode.INVALID_STATE, `Task ${taskId} has no result yet`, { taskId });
      if (!result.findings.some((finding) => finding.code === findingCode)) {
        throw graphError(ErrorCode.NOT_FOUND, `Task ${taskId} has no finding ${findingCode}; its findings: ${result.findings.map((f) => f.code).join(', ') || 'none'}`, { taskId, findingCode });
      }
      const handled = day(handledOn, 'handledOn');
      if (handled < result.inspectedOn) throw badInput(`handledOn ${handled} is before the inspection on ${result.inspectedOn}`);
      const followUp = await forUnit(unitCode, () =>
        ctx.platform.recordFollowUp(unitCode, { taskId, findingCode, action: action as unknown as FollowUp['action'], handledOn: handled, note: text(note, 'note') }),
      );
      return readBack(ctx, unitCode, followUp);
    }
  }

  return VisitWritesResolver;
}
