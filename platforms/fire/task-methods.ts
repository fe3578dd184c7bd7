// The fire platform's task writes as JSON-RPC methods: `tasks.create` {unit, tasks: [...]}
// (at most 100; the same externalKey answers the same task) and `tasks.cancel` {unit, taskIds}
// (at most 100); the visit: `tasks.checkIn`, `results.record`, `followUps.record`. Days travel as the epoch milliseconds of their 00:00 China Standard Time.
import type { NewTaskRecord } from '../kit/task-ledger';
import type { UnitStore } from '../kit/unit-store';
import type { Conclusion, FollowUpAction } from '../data/model';
import { followUpJson, resultJson, taskJson } from './wire';

/** Thrown for params that break the method's contract (-32602). */
export class InvalidParams extends Error {}

type Params = Record<string, unknown>;

const CST_OFFSET_MS = 8 * 3_600_000;

function list(params: Params, name: string, max: number): unknown[] {
  const value = params[name];
  if (!Array.isArray(value) || value.length === 0) throw new InvalidParams(`${name} must be a non-empty array`);
  if (value.length > max) throw new InvalidParams(`${name} holds at most ${max} entries`);
  return value;
}

function string(record: Params, key: string, where: string): string {
  const value = record[key];
  if (typeof value !== 'string' || value === '') throw new InvalidParams(`${where}.${key} must be a non-empty string`);
  return value;
}

function strings(record: Params, key: string, where: string): string[] {
  const value = record[key];
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) throw new InvalidParams(`${where}.${key} must be an array of strings`);
  return value as string[];
}

/** A day sent as the epoch milliseconds of its 00:00 China Standard Time. */
function day(params: Params, key: string): string {
  const at = params[key];
  if (!Number.isSafeInteger(at)) throw new InvalidParams(`${key} must be epoch milliseconds`);
  return new Date((at as number) + CST_OFFSET_MS).toISOString().slice(0, 10);
}

function decodeNewTask(value: unknown, index: number): NewTaskRecord {
  const where = `tasks[${index}]`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidParams(`${where} must be an object`);
  const record = value as Params;
  const plannedAt = record.plannedAt;
  if (!Number.isSafeInteger(plannedAt)) throw new InvalidParams(`${where}.plannedAt must be epoch milliseconds`);
  const task: NewTaskRecord = {
    externalKey: string(record, 'externalKey', where),
    planId: string(record, 'planId', where),
    uscc: string(record, 'enterpriseId', where),
    itemCodes: strings(record, 'itemIds', where),
    inspectorIds: strings(record, 'inspectorIds', where),
    plannedOn: new Date((plannedAt as number) + CST_OFFSET_MS).toISOString().slice(0, 10),
  };
  if (record.jointGroupId !== null && record.jointGroupId !== undefined) task.jointGroupId = string(record, 'jointGroupId', where);
  return task;
}

export function taskWriteMethods(maxKeys: number): Record<string, (store: UnitStore, params: Params) => unknown> {
  return {
    'tasks.create': (store, params) => ({
      data: store.ledger
        .create(list(params, 'tasks', maxKeys).map(decodeNewTask))
        .map(({ externalKey, task, existed }) => ({ externalKey, existed, task: taskJson(task) })),
    }),
    // 凭码检查: {unit, taskId, inspectionCode, enterpriseId, inspectorId, checkedInAt}
    'tasks.checkIn': (store, params) => ({
      data: [taskJson(
        store.ledger.checkIn({
          taskId: string(params, 'taskId', 'params'),
          inspectionCode: string(params, 'inspectionCode', 'params'),
          uscc: string(params, 'enterpriseId', 'params'),
          inspectorId: string(params, 'inspectorId', 'params'),
          on: day(params, 'checkedInAt'),
        }),
      )],
    }),
    // {unit, taskId, inspectedAt, conclusion, findings: [{id, itemId, text}]}
    'results.record': (store, params) => {
      const findings = params.findings;
      if (!Array.isArray(findings)) throw new InvalidParams('findings must be an array');
      const { task, result } = store.ledger.recordResult({
        taskId: string(params, 'taskId', 'params'),
        inspectedOn: day(params, 'inspectedAt'),
        conclusion: string(params, 'conclusion', 'params') as Conclusion,
        findings: findings.map((value: unknown, index: number) => {
          if (typeof value !== 'object' || value === null) throw new InvalidParams(`findings[${index}] must be an object`);
          const row = value as Params;
          const where = `findings[${index}]`;
          return { code: string(row, 'id', where), itemCode: string(row, 'itemId', where), description: string(row, 'text', where) };
        }),
      });
      return { data: [{ task: taskJson(task), result: resultJson(result) }] };
    },
    // {unit, taskId, findingId, action, handledAt, note}
    'followUps.record': (store, params) => ({
      data: [followUpJson(
        store.ledger.recordFollowUp({
          taskId: string(params, 'taskId', 'params'),
          findingCode: string(params, 'findingId', 'params'),
          action: string(params, 'action', 'params') as FollowUpAction,
          handledOn: day(params, 'handledAt'),
          note: typeof params.note === 'string' ? params.note : '',
        }),
      )],
    }),
    'tasks.cancel': (store, params) => {
      const ids = list(params, 'taskIds', maxKeys);
      if (!ids.every((id) => typeof id === 'string')) throw new InvalidParams('taskIds must be strings');
      return { data: store.ledger.cancel(ids as string[]).map(taskJson) };
    },
  };
}
