// The emergency platform's task writes, as two more operations of its XML service:
// CreateTasks (<NewTasks><NewTask>…, at most 50; the same <ExternalKey> answers the same task)
// and CancelTasks (<TaskIds><TaskId>…, at most 50). A request the platform refuses throws
// TaskWriteRefused; the server turns it into its ResultCode.
import { TaskWriteRefused, type NewTaskRecord } from '../kit/task-ledger';
import type { UnitStore } from '../kit/unit-store';
import type { Conclusion, FollowUpAction } from '../data/model';
import { followUpXml, isoFromLegacyDate, resultXml, taskXml, yesNo, type XmlNode } from './wire';

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

function day(fields: Record<string, unknown>, name: string): string {
  const iso = isoFromLegacyDate(text(fields, name));
  if (iso === undefined) throw invalid(`<${name}> must be a date YYYYMMDD`);
  return iso;
}

/** CheckIn: <TaskId>, <InspectionCode>, <CreditCode>, <InspectorId>, <CheckInDate>. */
export function checkIn(store: UnitStore, params: Params): XmlNode {
  const fields = element(params, 'Params');
  const task = store.ledger.checkIn({
    taskId: text(fields, 'TaskId'),
    inspectionCode: text(fields, 'InspectionCode'),
    uscc: text(fields, 'CreditCode'),
    inspectorId: text(fields, 'InspectorId'),
    on: day(fields, 'CheckInDate'),
  });
  return { Task: taskXml(task) };
}

/** RecordResult: <TaskId>, <InspectedDate>, <Conclusion>, <Findings><Finding><FindingCode/><ItemCode/><Description/>. */
export function recordResult(store: UnitStore, params: Params): XmlNode {
  const fields = element(params, 'Params');
  const holder = fields.Findings;
  const rows = typeof holder === 'object' && holder !== null ? ((holder as Record<string, unknown>).Finding ?? []) : [];
  if (!Array.isArray(rows)) throw invalid('<Findings> must hold <Finding> elements');
  const { task, result } = store.ledger.recordResult({
    taskId: text(fields, 'TaskId'),
    inspectedOn: day(fields, 'InspectedDate'),
    conclusion: text(fields, 'Conclusion') as Conclusion,
    findings: rows.map((row) => {
      const finding = element(row, 'Finding');
      return { code: text(finding, 'FindingCode'), itemCode: text(finding, 'ItemCode'), description: text(finding, 'Description') };
    }),
  });
  return { Task: taskXml(task), Result: resultXml(result) };
}

/** RecordFollowUp: <TaskId>, <FindingCode>, <Action>, <HandledDate>, <Note>. */
export function recordFollowUp(store: UnitStore, params: Params): XmlNode {
  const fields = element(params, 'Params');
  const note = typeof fields.Note === 'string' ? fields.Note : '';
  const followUp = store.ledger.recordFollowUp({
    taskId: text(fields, 'TaskId'),
    findingCode: text(fields, 'FindingCode'),
    action: text(fields, 'Action') as FollowUpAction,
    handledOn: day(fields, 'HandledDate'),
    note,
  });
  return { FollowUp: followUpXml(followUp) };
}
