// The ecology platform's resources → canonical records. Rows carry no unit: the adapter
// supplies the unit it asked for. Enum tables are the adapter's own copy of the API spec.
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
import type {
  EcoChangePage,
  EcoFollowUp,
  EcoInspector,
  EcoItem,
  EcoOfficer,
  EcoPlan,
  EcoResult,
  EcoTarget,
  EcoCreatedTask,
  EcoNewTask,
  EcoTask,
  EcoTaskState,
} from '../../contracts/ecology-wire';
import { emptyChanges, type CheckIn, type CreatedTask, type NewFollowUp, type NewResult, type NewTask, type UnitChanges } from '../kit/platform';
import { WireError } from '../../lib/platform-http';

/** The platform sent something the spec does not allow. */

const STATUS: Record<EcoTaskState, TaskStatus> = { PENDING: 'pending', IN_PROGRESS: 'in_progress', COMPLETED: 'completed', CANCELLED: 'cancelled' };
const CONCLUSION: Record<string, Conclusion> = { COMPLIANT: 'no_problem', NON_COMPLIANT: 'problem_found', NOT_LOCATED: 'not_found', CLOSED: 'closed' };
const ACTION: Record<string, FollowUpAction> = {
  RECTIFIED: 'rectified',
  PENALIZED: 'penalized',
  TRANSFERRED: 'transferred',
  REFERRED_TO_POLICE: 'referred_to_police',
};

function lookup<T>(table: Record<string, T>, value: string, field: string): T {
  if (!Object.hasOwn(table, value)) throw new WireError(`unknown ${field} ${value}`);
  return table[value];
}

/** Canonical status → the platform's task state, for the tasks query. */
export function wireState(status: TaskStatus): EcoTaskState {
  return (Object.keys(STATUS) as EcoTaskState[]).find((state) => STATUS[state] === status)!;
}

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** A UTC instant → the calendar day it falls on in China (UTC+8, no daylight saving). */
export function chinaDay(instant: string): string {
  const time = Date.parse(instant);
  if (Number.isNaN(time)) throw new WireError(`bad instant ${instant}`);
  return new Date(time + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export function decodeItem(unitCode: string, row: EcoItem): Item {
  return {
    code: row.itemCode,
    unitCode,
    name: row.name,
    category: lookup({ KEY: 'key', GENERAL: 'general' } as const, row.category, 'category'),
    subject: row.inspectionSubject,
    content: row.inspectionContent,
    method: row.inspectionMethod,
    legalBasis: row.legalBasis,
    specialty: row.requiredSpecialty,
    riskBased: row.riskGraded,
  };
}

export function decodeTarget(unitCode: string, row: EcoTarget): DirectoryEntry {
  return {
    unitCode,
    uscc: row.enterpriseId,
    tags: row.tags,
    divisionCode: row.regionCode,
    industryCode: row.industryCode,
    addedOn: row.enrolledOn,
  };
}

export function decodeInspector(unitCode: string, row: EcoInspector): Inspector {
  return {
    id: row.inspectorId,
    unitCode,
    name: row.fullName,
    phone: row.mobile,
    certificateNo: row.credentialNumber ?? '',
    certificateValidUntil: row.credentialExpiresOn ?? '',
    active: row.onDuty,
    specialties: row.specialties,
    conflicts: row.recusals,
  };
}

export function decodeOfficer(unitCode: string, row: EcoOfficer): CertifiedOfficer {
  return { unitCode, certificateNo: row.credentialNumber, name: row.fullName };
}

export function decodePlan(unitCode: string, row: EcoPlan): Plan {
  const plan: Plan = {
    id: row.planId,
    unitCode,
    year: row.year,
    title: row.title,
    kind: lookup({ SINGLE: 'single', JOINT: 'joint' } as const, row.type, 'plan type'),
    leadUnit: row.leadUnit,
    participatingUnits: row.participatingUnits,
    itemCodes: row.itemCodes,
    scope: { divisionCodes: row.scope.regionCodes, industryCodes: row.scope.industryCodes, tags: row.scope.tags },
    periodStart: row.period.start,
    periodEnd: row.period.end,
  };
  if (row.riskRatios !== null) plan.ratios = { ...row.riskRatios };
  if (row.publishedOn !== null) plan.publishedOn = row.publishedOn;
  if (row.drawnOn !== null) plan.drawnOn = row.drawnOn;
  return plan;
}

export function decodeTask(unitCode: string, row: EcoTask): Task {
  const task: Task = {
    id: row.taskId,
    planId: row.planId,
    unitCode,
    uscc: row.enterpriseId,
    itemCodes: row.itemCodes,
    inspectorIds: row.inspectorIds,
    plannedOn: row.scheduledOn,
    status: lookup(STATUS, row.state, 'task state'),
  };
  if (row.jointInspectionId !== null) task.jointGroupId = row.jointInspectionId;
  if (row.inspectionCode) task.inspectionCode = row.inspectionCode;
  if (row.checkedInOn) task.checkedInOn = row.checkedInOn;
  if (row.checkedInBy) task.checkedInBy = row.checkedInBy;
  return task;
}

const wireValue = <T>(table: Record<string, T>, value: T): string => Object.keys(table).find((key) => table[key] === value)!;
/** 00:00 of a China day as the UTC instant the platform stamps times with. */
const chinaMidnight = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString();

/** Body of POST …/tasks/{id}:checkIn. */
export function encodeCheckIn(checkIn: CheckIn) {
  return { inspectionCode: checkIn.inspectionCode, enterpriseId: checkIn.uscc, inspectorId: checkIn.inspectorId, checkedInOn: checkIn.on };
}

/** Body of POST …/tasks/{id}/result. */
export function encodeNewResult(result: NewResult) {
  return {
    inspectedAt: chinaMidnight(result.inspectedOn),
    outcome: wireValue(CONCLUSION, result.conclusion),
    findings: result.findings.map((finding) => ({ findingId: finding.code, itemCode: finding.itemCode, description: finding.description })),
  };
}

/** Body of POST …/tasks/{id}/followUps. */
export function encodeNewFollowUp(followUp: NewFollowUp) {
  return { findingId: followUp.findingCode, disposition: wireValue(ACTION, followUp.action), handledAt: chinaMidnight(followUp.handledOn), remarks: followUp.note };
}

export function decodeResult(unitCode: string, row: EcoResult): Result {
  return {
    taskId: row.taskId,
    unitCode,
    inspectedOn: chinaDay(row.inspectedAt),
    conclusion: lookup(CONCLUSION, row.outcome, 'outcome'),
    findings: row.findings.map((finding) => ({ code: finding.findingId, itemCode: finding.itemCode, description: finding.description })),
  };
}

export function decodeFollowUp(unitCode: string, row: EcoFollowUp): FollowUp {
  return {
    taskId: row.taskId,
    unitCode,
    findingCode: row.findingId,
    action: lookup(ACTION, row.disposition, 'disposition'),
    handledOn: chinaDay(row.handledAt),
    note: row.remarks,
  };
}

export function encodeNewTask(task: NewTask): EcoNewTask {
  return {
    externalKey: task.externalKey,
    planId: task.planId,
    enterpriseId: task.uscc,
    itemCodes: task.itemCodes,
    inspectorIds: task.inspectorIds,
    scheduledOn: task.plannedOn,
    jointInspectionId: task.jointGroupId ?? null,
  };
}

export function decodeCreated(unitCode: string, row: EcoCreatedTask): CreatedTask {
  if (typeof row.alreadyExisted !== 'boolean') throw new WireError('alreadyExisted is not a boolean');
  return { externalKey: row.externalKey, task: decodeTask(unitCode, row.task), existed: row.alreadyExisted };
}

/** A /changes page → the unit's changes, each resource decoded by its type. */
export function decodeChanges(unitCode: string, page: EcoChangePage): UnitChanges {
  if (typeof page.nextCursor !== 'string' || !Number.isInteger(page.remaining)) throw new WireError('changes answer lacks nextCursor or remaining');
  const changes = emptyChanges(page.nextCursor, page.hasMore === true, page.remaining);
  for (const change of page.data) {
    switch (change.type) {
      case 'TASK': changes.tasks.push(decodeTask(unitCode, change.resource as EcoTask)); break;
      case 'RESULT': changes.results.push(decodeResult(unitCode, change.resource as EcoResult)); break;
      case 'FOLLOW_UP': changes.followUps.push(decodeFollowUp(unitCode, change.resource as EcoFollowUp)); break;
      case 'PLAN': changes.plans.push(decodePlan(unitCode, change.resource as EcoPlan)); break;
      case 'INSPECTOR': changes.inspectors.push(decodeInspector(unitCode, change.resource as EcoInspector)); break;
      case 'TARGET': changes.directory.push({ entry: decodeTarget(unitCode, change.resource as EcoTarget), removed: change.deleted === true }); break;
      default: throw new WireError(`unknown change type ${String(change.type)}`);
    }
  }
  return changes;
}
