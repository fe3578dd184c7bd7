// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
// The write path of a department subgraph: `${platform}CreateTasks` and `${platform}CancelTasks`,
// named after the platform so that the root fields of the four department subgraphs never
// collide in the supergraph. Only the office or the unit itself may write a unit's tasks. Both
// are idempotent on the platform (per externalKey; cancelling twice is fine), so a client that
// got an error or no answer simply repeats the same call.
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { ErrorCode, graphError } from '../../lib/errors';
import { forbidden, isOfficeOrUnit, type Role } from '../../lib/roles';
import type { Task } from '../../platforms/data/model';
import type { DepartmentContext } from './context';
import { forUnit } from './for-unit';
import type { CreatedTask, NewTask } from './platform';
import { CreatedTaskType, NewTaskInput } from './types/task-inputs';
import { TaskType } from './types/task';
import { checkUsccs } from './validate';

/** Most tasks (or task ids) in one mutation; adapters split them further to the platform's batch size. */
export const MAX_TASKS_PER_WRITE = 500;
export const MAX_EXTERNAL_KEY_LENGTH = 256;
/** The legal minimum of officers per inspection (《行政处罚法》第四十二条). */
export const MIN_INSPECTORS = 2;

export interface TaskWriteSpec {
  createTasksMutation: string;
  cancelTasksMutation: string;
  unitCodes: readonly string[];
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

const badInput = (message: string, extensions: Record<string, unknown> = {}) => graphError(ErrorCode.BAD_INPUT, message, extensions);

function isCalendarDay(value: string): boolean {
  const time = ISO_DAY.test(value) ? Date.parse(value) : Number.NaN;
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

function checkCount(what: string, count: number): void {
  if (count === 0) throw badInput(`Give at least one ${what}`);
  if (count > MAX_TASKS_PER_WRITE) throw badInput(`At most ${MAX_TASKS_PER_WRITE} ${what}s per call, got ${count}`);
}

/** After a write: the unit's view reads its feed at once (the write shows in ≤ 1 s), then the answer passes through. */
function statisticsChanged<T>(ctx: DepartmentContext, unitCode: string): (answer: T) => Promise<T> {
  return async (answer) => {
    // The write happened: a feed that cannot be read now is read at the next interval.
    await ctx.statistics.refresh(unitCode).catch(() => undefined);
    return answer;
  };
}

/** Checks each input and returns the platform's NewTask records; the first problem fails the call. */
export function checkNewTasks(inputs: readonly NewTaskInput[]): NewTask[] {
  checkCount('task', inputs.length);
  return inputs.map((input, index) => {
    const at = { index, externalKey: input.externalKey };
    const key = input.externalKey;
    if (key.trim() === '' || key.length > MAX_EXTERNAL_KEY_LENGTH) throw badInput(`tasks[${index}].externalKey must be 1..${MAX_EXTERNAL_KEY_LENGTH} characters`, at);
    if (input.planId.trim() === '') throw badInput(`tasks[${index}].planId is empty`, at);
    checkUsccs([input.uscc]);
    if (!isCalendarDay(input.plannedOn)) throw badInput(`tasks[${index}].plannedOn must be a day as YYYY-MM-DD, got "${input.plannedOn}"`, at);
    const itemCodes = [...new Set(input.itemCodes)];
    if (itemCodes.length === 0 || itemCodes.some((code) => code.trim() === '')) throw badInput(`tasks[${index}] needs at least one item code, none empty`, at);
    const inspectorIds = [...new Set(input.inspectorIds)];
    if (inspectorIds.length < MIN_INSPECTORS || inspectorIds.some((id) => id.trim() === '')) {
      throw badInput(`tasks[${index}] needs at least ${MIN_INSPECTORS} different inspectors, got ${inspectorIds.length}`, at);
    }
    const task: NewTask = { externalKey: key, planId: input.planId, uscc: input.uscc, itemCodes, inspectorIds, plannedOn: input.plannedOn };
    if (input.jointGroupId != null) {
      if (input.jointGroupId.trim() === '') throw badInput(`tasks[${index}].jointGroupId is empty`, at);
      task.jointGroupId = input.jointGroupId;
    }
    return task;
  });
}

export function checkTaskIds(taskIds: readonly string[]): string[] {
  checkCount('task id', taskIds.length);
  if (taskIds.some((id) => id.trim() === '')) throw badInput('A task id is empty');
  return [...new Set(taskIds)];
}

/** Builds the resolver class of one department subgraph (type-graphql metadata is global, so one class per spec). */
export function taskWritesResolver(spec: TaskWriteSpec) {
  const served = new Set(spec.unitCodes);

  /** The unit must be served here, and the caller the office or that unit. */
  function authorize(role: Role, unitCode: string): void {
    if (!served.has(unitCode)) {
      throw graphError(ErrorCode.UNKNOWN_UNIT, `Unit "${unitCode}" is not served here; known units: ${[...served].join(', ')}`, { unitCode });
    }
    if (!isOfficeOrUnit(role, unitCode)) throw forbidden(`write the tasks of unit ${unitCode}`, role);
  }

  @Resolver()
  class TaskWritesResolver {
    @Mutation(() => [CreatedTaskType], {
      name: spec.createTasksMutation,
      description: 'Creates tasks in the unit’s platform, idempotent per externalKey (existed = true when the key was known)',
    })
    createTasks(
      @Ctx() ctx: DepartmentContext,
      @Arg('unitCode', () => ID) unitCode: string,
      @Arg('tasks', () => [NewTaskInput]) tasks: NewTaskInput[],
    ): Promise<CreatedTask[]> {
      authorize(ctx.role, unitCode);
      const checked = checkNewTasks(tasks);
      return forUnit(unitCode, () => ctx.platform.createTasks(unitCode, checked)).then(statisticsChanged(ctx, unitCode));
    }

    @Mutation(() => [TaskType], {
      name: spec.cancelTasksMutation,
      description: 'Cancels tasks in the unit’s platform; cancelling a cancelled task is fine, an unknown id is NOT_FOUND',
    })
    cancelTasks(
      @Ctx() ctx: DepartmentContext,
      @Arg('unitCode', () => ID) unitCode: string,
      @Arg('taskIds', () => [ID]) taskIds: string[],
    ): Promise<Task[]> {
      authorize(ctx.role, unitCode);
      const ids = checkTaskIds(taskIds);
      return forUnit(unitCode, () => ctx.platform.cancelTasks(unitCode, ids)).then(statisticsChanged(ctx, unitCode));
    }
  }

  return TaskWritesResolver;
}
