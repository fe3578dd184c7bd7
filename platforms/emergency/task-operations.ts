// The emergency platform's task writes, as two more operations of its XML service:
// CreateTasks (<NewTasks><NewTask>…, at most 50; the same <ExternalKey> answers the same task)
// and CancelTasks (<TaskIds><TaskId>…, at most 50). A request the platform refuses throws
// TaskWriteRefused; the server turns it into its ResultCode.
import { TaskWriteRefused, type NewTaskRecord } from '../kit/task-ledger';
import type { UnitStore } from '../kit/unit-store';
import { isoFromLegacyDate, taskXml, yesNo, type XmlNode } from './wire';

type Params = Record<string, unknown>;

const invalid = (message: string) => new TaskWriteRefused('invalid', message);

function element(node: unknown, where: string): Record<string, unknown> {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) throw invalid(`<${where}> must be an element`);
  return node as Record<string, unknown>;
}

function text(node: Record<string, unknown>, name: string): string {
  const value = node[name];
  if (typeof value !== 'string' || value === '') throw invalid(`<${name}> must be non-empty text`);
  return value;
}

/** The texts of a plural container, e.g. <ItemCodes><ItemCode>…</ItemCode></ItemCodes>. */
function texts(node: Record<string, unknown>, container: string, child: string): string[] {
  const holder = node[container];
  const values = typeof holder === 'object' && holder !== null ? (holder as Record<string, unknown>)[child] : undefined;
  if (!Array.isArray(values) || !values.every((value) => typeof value === 'string')) throw invalid(`<${container}> must hold <${child}> texts`);
  return values as string[];
}

function repeated(params: Params, container: string, child: string, max: number): unknown[] {
  const holder = params[container];
  const values = typeof holder === 'object' && holder !== null ? (holder as Record<string, unknown>)[child] : undefined;
  if (!Array.isArray(values) || values.length === 0) throw invalid(`<${container}> needs at least one <${child}>`);
  if (values.length > max) throw invalid(`<${container}> holds at most ${max} <${child}>`);
  return values;
}

function decodeNewTask(node: unknown): NewTaskRecord {
  const fields = element(node, 'NewTask');
  const plannedOn = isoFromLegacyDate(text(fields, 'PlannedDate'));
  if (plannedOn === undefined) throw invalid('<PlannedDate> must be a date YYYYMMDD');
  const record: NewTaskRecord = {
    externalKey: text(fields, 'ExternalKey'),
    planId: text(fields, 'PlanId'),
    uscc: text(fields, 'CreditCode'),
    itemCodes: texts(fields, 'ItemCodes', 'ItemCode'),
    inspectorIds: texts(fields, 'InspectorIds', 'InspectorId'),
    plannedOn,
  };
  if (fields.JointGroupId !== undefined && fields.JointGroupId !== '') record.jointGroupId = text(fields, 'JointGroupId');
  return record;
}

export function createTasks(store: UnitStore, params: Params, max: number): XmlNode {
  const created = store.ledger.create(repeated(params, 'NewTasks', 'NewTask', max).map(decodeNewTask));
  return {
    Created: {
      Entry: created.map(({ externalKey, task, existed }) => ({ ExternalKey: externalKey, Existed: yesNo(existed), Task: taskXml(task) })),
    },
  };
}

export function cancelTasks(store: UnitStore, params: Params, max: number): XmlNode {
  const ids = repeated(params, 'TaskIds', 'TaskId', max);
  if (!ids.every((id) => typeof id === 'string')) throw invalid('<TaskId> must be text');
  return { Tasks: { Task: store.ledger.cancel(ids as string[]).map(taskXml) } };
}
