// Canonical records → the ecology platform's resources (see contracts/ecology-wire.ts).
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
} from '../data/model';
import type {
  EcoDisposition,
  EcoFollowUp,
  EcoInspector,
  EcoItem,
  EcoOfficer,
  EcoOutcome,
  EcoPlan,
  EcoResult,
  EcoTarget,
  EcoTask,
  EcoTaskState,
} from '../../contracts/ecology-wire';

const STATE: Record<TaskStatus, EcoTaskState> = { pending: 'PENDING', in_progress: 'IN_PROGRESS', completed: 'COMPLETED', cancelled: 'CANCELLED' };
const OUTCOME: Record<Conclusion, EcoOutcome> = { no_problem: 'COMPLIANT', problem_found: 'NON_COMPLIANT', not_found: 'NOT_LOCATED', closed: 'CLOSED' };
const DISPOSITION: Record<FollowUpAction, EcoDisposition> = {
  rectified: 'RECTIFIED',
  penalized: 'PENALIZED',
  transferred: 'TRANSFERRED',
  referred_to_police: 'REFERRED_TO_POLICE',
};

export const CONCLUSION_BY_OUTCOME = new Map(Object.entries(OUTCOME).map(([conclusion, outcome]) => [outcome, conclusion as Conclusion]));
export const ACTION_BY_DISPOSITION = new Map(Object.entries(DISPOSITION).map(([action, disposition]) => [disposition, action as FollowUpAction]));

/** Wire state → canonical status, for the tasks query. */
export const STATUS_BY_STATE = new Map(Object.entries(STATE).map(([status, state]) => [state, status as TaskStatus]));

/** A day in China (UTC+8, no daylight saving) → the UTC instant of its midnight. */
export function chinaMidnightUtc(day: string): string {
  return new Date(`${day}T00:00:00+08:00`).toISOString();
}

export function encodeItem(item: Item): EcoItem {
  return {
    itemCode: item.code,
    name: item.name,
    category: item.category === 'key' ? 'KEY' : 'GENERAL',
    inspectionSubject: item.subject,
    inspectionContent: item.content,
    inspectionMethod: item.method,
    legalBasis: item.legalBasis,
    requiredSpecialty: item.specialty,
    riskGraded: item.riskBased,
  };
}

export function encodeTarget(entry: DirectoryEntry): EcoTarget {
  return {
    enterpriseId: entry.uscc,
    tags: entry.tags,
    regionCode: entry.divisionCode,
    industryCode: entry.industryCode,
    enrolledOn: entry.addedOn,
  };
}

export function encodeInspector(inspector: Inspector): EcoInspector {
  return {
    inspectorId: inspector.id,
    fullName: inspector.name,
    mobile: inspector.phone,
    credentialNumber: inspector.certificateNo === '' ? null : inspector.certificateNo,
    credentialExpiresOn: inspector.certificateValidUntil === '' ? null : inspector.certificateValidUntil,
    onDuty: inspector.active,
    specialties: inspector.specialties,
    recusals: inspector.conflicts,
  };
}

export function encodeOfficer(officer: CertifiedOfficer): EcoOfficer {
  return { credentialNumber: officer.certificateNo, fullName: officer.name };
}

export function encodePlan(plan: Plan): EcoPlan {
  return {
    planId: plan.id,
    year: plan.year,
    title: plan.title,
    type: plan.kind === 'joint' ? 'JOINT' : 'SINGLE',
    leadUnit: plan.leadUnit,
    participatingUnits: plan.participatingUnits,
    itemCodes: plan.itemCodes,
    scope: { regionCodes: plan.scope.divisionCodes, industryCodes: plan.scope.industryCodes, tags: plan.scope.tags },
    riskRatios: plan.ratios ? { ...plan.ratios } : null,
    period: { start: plan.periodStart, end: plan.periodEnd },
    publishedOn: plan.publishedOn ?? null,
    drawnOn: plan.drawnOn ?? null,
  };
}

export function encodeTask(task: Task): EcoTask {
  return {
    taskId: task.id,
    planId: task.planId,
    enterpriseId: task.uscc,
    itemCodes: task.itemCodes,
    inspectorIds: task.inspectorIds,
    scheduledOn: task.plannedOn,
    state: STATE[task.status],
    jointInspectionId: task.jointGroupId ?? null,
    inspectionCode: task.inspectionCode ?? null,
    checkedInOn: task.checkedInOn ?? null,
    checkedInBy: task.checkedInBy ?? null,
  };
}

export function encodeResult(result: Result): EcoResult {
  return {
    taskId: result.taskId,
    inspectedAt: chinaMidnightUtc(result.inspectedOn),
    outcome: OUTCOME[result.conclusion],
    findings: result.findings.map((finding) => ({ findingId: finding.code, itemCode: finding.itemCode, description: finding.description })),
  };
}

export function encodeFollowUp(followUp: FollowUp): EcoFollowUp {
  return {
    taskId: followUp.taskId,
    findingId: followUp.findingCode,
    disposition: DISPOSITION[followUp.action],
    handledAt: chinaMidnightUtc(followUp.handledOn),
    remarks: followUp.note,
  };
}
