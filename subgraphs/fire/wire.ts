// The fire & rescue platform's JSON records read back into the model: its field names, its
// booleans for enums, and epoch milliseconds whose China Standard Time day is the model's day.
// A record without the expected shape throws WireError; the client makes it a PlatformError.
import type {
  CertifiedOfficer,
  Conclusion,
  DirectoryEntry,
  FollowUp,
  FollowUpAction,
  Inspector,
  Item,
  Plan,
  Result,
  Task,
  TaskStatus,
} from '../../platforms/data/model';
import { emptyChanges, withOptional, type CheckIn, type CreatedTask, type NewFollowUp, type NewResult, type NewTask, type UnitChanges } from '../kit/platform';
import { WireError } from '../../lib/platform-http';


export type Json = Record<string, unknown>;

const CST_OFFSET_MS = 8 * 3_600_000;

/** The epoch milliseconds of `YYYY-MM-DD` 00:00 +08:00. */
export function epochOfDay(isoDay: string): number {
  return Date.parse(`${isoDay}T00:00:00+08:00`);
}

export function object(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new WireError(`${what} is not an object`);
  return value as Json;
}

export function array(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new WireError(`${what} is not an array`);
  return value;
}

function str(record: Json, key: string): string {
  if (typeof record[key] !== 'string') throw new WireError(`${key} is not a string`);
  return record[key] as string;
}

function num(record: Json, key: string): number {
  if (typeof record[key] !== 'number' || !Number.isFinite(record[key])) throw new WireError(`${key} is not a number`);
  return record[key] as number;
}

function bool(record: Json, key: string): boolean {
  if (typeof record[key] !== 'boolean') throw new WireError(`${key} is not a boolean`);
  return record[key] as boolean;
}

function strings(record: Json, key: string): string[] {
  const values = array(record[key], key);
  if (values.some((value) => typeof value !== 'string')) throw new WireError(`${key} holds a non-string`);
  return values as string[];
}

function day(record: Json, key: string): string {
  return new Date(num(record, key) + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** A nullable date: null → undefined. */
function optionalDay(record: Json, key: string): string | undefined {
  return record[key] === null || record[key] === undefined ? undefined : day(record, key);
}

export function toItem(record: Json): Item {
  return {
    code: str(record, 'itemId'),
    unitCode: str(record, 'unit'),
    name: str(record, 'title'),
    category: bool(record, 'keyItem') ? 'key' : 'general',
    subject: str(record, 'target'),
    content: str(record, 'content'),
    method: str(record, 'approach'),
    legalBasis: str(record, 'basis'),
    specialty: str(record, 'specialty'),
    riskBased: bool(record, 'riskGraded'),
  };
}

export function toDirectoryEntry(record: Json): DirectoryEntry {
  return {
    unitCode: str(record, 'unit'),
    uscc: str(record, 'id'),
    tags: strings(record, 'labels'),
    divisionCode: str(record, 'areaCode'),
    industryCode: str(record, 'industryCode'),
    addedOn: day(record, 'addedAt'),
  };
}

export function toInspector(record: Json): Inspector {
  return {
    id: str(record, 'id'),
    unitCode: str(record, 'unit'),
    name: str(record, 'fullName'),
    phone: str(record, 'mobile'),
    certificateNo: str(record, 'certNo'),
    // The platform has no date for an officer without a certificate; the model has ''.
    certificateValidUntil: optionalDay(record, 'certExpiresAt') ?? '',
    active: bool(record, 'onDuty'),
    specialties: strings(record, 'specialties'),
    conflicts: strings(record, 'avoidIds'),
  };
}

export function toOfficer(record: Json): CertifiedOfficer {
  return { unitCode: str(record, 'unit'), certificateNo: str(record, 'id'), name: str(record, 'fullName') };
}

export function toPlan(record: Json): Plan {
  const scope = object(record.scope, 'scope');
  const ratios = record.ratios === null ? undefined : object(record.ratios, 'ratios');
  const plan: Plan = {
    id: str(record, 'id'),
    unitCode: str(record, 'unit'),
    year: num(record, 'year'),
    title: str(record, 'title'),
    kind: bool(record, 'joint') ? 'joint' : 'single',
    leadUnit: str(record, 'leadUnit'),
    participatingUnits: strings(record, 'participants'),
    itemCodes: strings(record, 'itemIds'),
    scope: { divisionCodes: strings(scope, 'areaCodes'), industryCodes: strings(scope, 'industryCodes'), tags: strings(scope, 'labels') },
    periodStart: day(record, 'startAt'),
    periodEnd: day(record, 'endAt'),
  };
  return withOptional(plan, {
    ratios: ratios && { A: num(ratios, 'A'), B: num(ratios, 'B'), C: num(ratios, 'C'), D: num(ratios, 'D') },
    publishedOn: optionalDay(record, 'publishedAt'),
    drawnOn: optionalDay(record, 'drawnAt'),
  });
}

export function toTask(record: Json): Task {
  const task: Task = {
    id: str(record, 'id'),
    planId: str(record, 'planId'),
    unitCode: str(record, 'unit'),
    uscc: str(record, 'enterpriseId'),
    itemCodes: strings(record, 'itemIds'),
    inspectorIds: strings(record, 'inspectorIds'),
    plannedOn: day(record, 'plannedAt'),
    status: str(record, 'state') as TaskStatus,
  };
  return withOptional(task, {
    jointGroupId: record.jointGroupId === null ? undefined : str(record, 'jointGroupId'),
    inspectionCode: record.inspectionCode == null ? undefined : str(record, 'inspectionCode'),
    checkedInOn: record.checkedInAt == null ? undefined : day(record, 'checkedInAt'),
    checkedInBy: record.checkedInBy == null ? undefined : str(record, 'checkedInBy'),
  });
}

/** Params of tasks.checkIn, results.record and followUps.record (days as epoch ms of 00:00 CST). */
export function checkInJson(unit: string, checkIn: CheckIn) {
  return { unit, taskId: checkIn.taskId, inspectionCode: checkIn.inspectionCode, enterpriseId: checkIn.uscc, inspectorId: checkIn.inspectorId, checkedInAt: epochOfDay(checkIn.on) };
}

export function newResultJson(unit: string, result: NewResult) {
  return {
    unit,
    taskId: result.taskId,
    inspectedAt: epochOfDay(result.inspectedOn),
    conclusion: result.conclusion,
    findings: result.findings.map((finding) => ({ id: finding.code, itemId: finding.itemCode, text: finding.description })),
  };
}

export function newFollowUpJson(unit: string, followUp: NewFollowUp) {
  return { unit, taskId: followUp.taskId, findingId: followUp.findingCode, action: followUp.action, handledAt: epochOfDay(followUp.handledOn), note: followUp.note };
}

export function toResult(record: Json): Result {
  return {
    taskId: str(record, 'taskId'),
    unitCode: str(record, 'unit'),
    inspectedOn: day(record, 'inspectedAt'),
    conclusion: str(record, 'conclusion') as Conclusion,
    findings: array(record.findings, 'findings').map((value) => {
      const finding = object(value, 'finding');
      return { code: str(finding, 'id'), itemCode: str(finding, 'itemId'), description: str(finding, 'text') };
    }),
  };
}

export function toFollowUp(record: Json): FollowUp {
  return {
    taskId: str(record, 'taskId'),
    unitCode: str(record, 'unit'),
    findingCode: str(record, 'findingId'),
    action: str(record, 'action') as FollowUpAction,
    handledOn: day(record, 'handledAt'),
    note: str(record, 'note'),
  };
}

/** A task to create → a `tasks.create` entry. */
export function newTaskJson(task: NewTask): Json {
  return {
    externalKey: task.externalKey,
    planId: task.planId,
    enterpriseId: task.uscc,
    itemIds: task.itemCodes,
    inspectorIds: task.inspectorIds,
    plannedAt: epochOfDay(task.plannedOn),
    jointGroupId: task.jointGroupId ?? null,
  };
}

export function toCreated(record: Json): CreatedTask {
  return { externalKey: str(record, 'externalKey'), task: toTask(object(record.task, 'task')), existed: bool(record, 'existed') };
}

/** A `changes.since` result → the unit's changes, each record decoded by its type. */
export function toChanges(result: unknown): UnitChanges {
  const body = object(result, 'result');
  const changes = emptyChanges(str(body, 'cursor'), bool(body, 'hasMore'), num(body, 'remaining'));
  for (const value of array(body.data, 'data')) {
    const change = object(value, 'change');
    const record = object(change.record, 'record');
    switch (str(change, 'type')) {
      case 'task': changes.tasks.push(toTask(record)); break;
      case 'result': changes.results.push(toResult(record)); break;
      case 'followup': changes.followUps.push(toFollowUp(record)); break;
      case 'plan': changes.plans.push(toPlan(record)); break;
      case 'inspector': changes.inspectors.push(toInspector(record)); break;
      case 'target': changes.directory.push({ entry: toDirectoryEntry(record), removed: bool(change, 'deleted') }); break;
      default: throw new WireError(`unknown change type ${String(change.type)}`);
    }
  }
  return changes;
}
