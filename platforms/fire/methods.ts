// The fire & rescue platform's JSON-RPC methods. Lists page by keyset (`afterId` + `size`,
// at most 200), batch lookups take at most 100 keys; bad params throw InvalidParams (-32602).
// Task writes (tasks.create, tasks.cancel) live in task-methods.ts. `changes.since` {unit, cursor,
// size ≤ 5000} is the unit's change feed; a cursor of another run fails with 4010.
import type { TaskStatus } from '../data/model';
import type { Change } from '../kit/change-log';
import { rowsAfter, type UnitStore } from '../kit/unit-store';
import { InvalidParams, taskWriteMethods } from './task-methods';
import { followUpJson, inspectorJson, itemJson, officerJson, planJson, resultJson, targetJson, taskJson } from './wire';

export const FIRE_MAX_PAGE = 200;
export const FIRE_MAX_KEYS = 100;
export const FIRE_MAX_CHANGES = 5000;

export { InvalidParams };

export type Params = Record<string, unknown>;

function optionalString(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') throw new InvalidParams(`${name} must be a non-empty string`);
  return value;
}

function optionalInteger(params: Params, name: string, min: number, max: number): number | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new InvalidParams(`${name} must be an integer in ${min}..${max}`);
  }
  return value as number;
}

function keys(params: Params, name: string): string[] {
  const value = params[name];
  if (!Array.isArray(value) || value.length === 0 || value.some((key) => typeof key !== 'string')) {
    throw new InvalidParams(`${name} must be a non-empty array of strings`);
  }
  if (value.length > FIRE_MAX_KEYS) throw new InvalidParams(`${name} holds at most ${FIRE_MAX_KEYS} keys`);
  return value as string[];
}

/** China Standard Time day of an epoch-millisecond instant. */
function cstDay(epochMs: number): string {
  return new Date(epochMs + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Keyset page over a row-ordered list; `afterId` must name a row of the unit's full list. */
function keysetPage<T, J>(
  params: Params,
  rows: readonly T[],
  idOf: (row: T) => string,
  positionOf: Map<string, number>,
  toJson: (row: T) => J,
) {
  const size = optionalInteger(params, 'size', 1, FIRE_MAX_PAGE) ?? 50;
  const afterId = optionalString(params, 'afterId');
  const afterPosition = afterId === undefined ? -1 : positionOf.get(afterId);
  if (afterPosition === undefined) throw new InvalidParams(`afterId ${afterId} is not a known id`);
  const slice = rowsAfter(rows, (row) => positionOf.get(idOf(row)) as number, afterPosition, size + 1);
  return { data: slice.slice(0, size).map(toJson), total: rows.length, hasMore: slice.length > size };
}

/** A change as {seq, type, deleted, record}; the record as its own method gives it. */
function changeJson(seq: number, change: Change) {
  const row = (type: string, record: unknown, deleted = false) => ({ seq, type, deleted, record });
  switch (change.kind) {
    case 'task': return row('task', taskJson(change.record));
    case 'result': return row('result', resultJson(change.record));
    case 'followUp': return row('followup', followUpJson(change.record));
    case 'plan': return row('plan', planJson(change.record));
    case 'inspector': return row('inspector', inspectorJson(change.record));
    case 'directory': return row('target', targetJson(change.record), change.removed);
  }
}

const TASK_STATES: readonly TaskStatus[] = ['pending', 'in_progress', 'completed', 'cancelled'];

type Method = (store: UnitStore, params: Params) => unknown;

export const METHODS: Record<string, Method> = {
  'items.list': (store) => ({ data: store.data.items.map(itemJson) }),
  'targets.query': (store, params) => {
    const filter = {
      divisionCode: optionalString(params, 'areaCode'),
      industryPrefix: optionalString(params, 'industryPrefix'),
      tag: optionalString(params, 'label'),
    };
    return keysetPage(params, store.directory(filter), (entry) => entry.uscc, store.directoryPosition, targetJson);
  },
  'targets.get': (store, params) => ({
    data: keys(params, 'ids').flatMap((uscc) => store.directoryEntry(uscc) ?? []).map(targetJson),
  }),
  'inspectors.list': (store, params) =>
    keysetPage(params, store.inspectors, (inspector) => inspector.id, store.inspectorPosition, inspectorJson),
  'officers.list': (store, params) =>
    keysetPage(params, store.officers, (officer) => officer.certificateNo, store.officerPosition, officerJson),
  'plans.list': (store, params) => ({ data: store.plans(optionalInteger(params, 'year', 1900, 9999)).map(planJson) }),
  'tasks.query': (store, params) => {
    const state = optionalString(params, 'state');
    if (state !== undefined && !TASK_STATES.includes(state as TaskStatus)) throw new InvalidParams(`unknown state ${state}`);
    const plannedFrom = optionalInteger(params, 'plannedFrom', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    const plannedTo = optionalInteger(params, 'plannedTo', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    const filter = {
      year: optionalInteger(params, 'year', 1900, 9999),
      planId: optionalString(params, 'planId'),
      status: state as TaskStatus | undefined,
      from: plannedFrom === undefined ? undefined : cstDay(plannedFrom),
      to: plannedTo === undefined ? undefined : cstDay(plannedTo),
    };
    return keysetPage(params, store.tasks(filter), (task) => task.id, store.taskPosition, taskJson);
  },
  'tasks.byEnterprise': (store, params) => ({
    data: keys(params, 'enterpriseIds').flatMap((uscc) => store.tasksOf(uscc)).map(taskJson),
  }),
  'results.get': (store, params) => ({
    data: keys(params, 'taskIds').flatMap((id) => store.result(id) ?? []).map(resultJson),
  }),
  'followups.get': (store, params) => ({
    data: keys(params, 'taskIds').flatMap((id) => store.followUpsOf(id)).map(followUpJson),
  }),
  'changes.since': (store, params) => {
    const page = store.changes.page(optionalString(params, 'cursor'), optionalInteger(params, 'size', 1, FIRE_MAX_CHANGES) ?? 50);
    return { data: page.changes.map(({ sequence, change }) => changeJson(sequence, change)), cursor: page.cursor, hasMore: page.hasMore, remaining: page.remaining };
  },
  ...taskWriteMethods(FIRE_MAX_KEYS),
};
