// The fire & rescue platform's JSON vocabulary: its own field names, booleans where the model
// has enums, and every date as Unix epoch milliseconds. A day is its 00:00 China Standard
// Time (+08:00) instant, the way the platform's Java back end stores dates.
import type { CertifiedOfficer, DirectoryEntry, FollowUp, Inspector, Item, Plan, Result, Task } from '../data/model';

/** `2025-03-05` → the epoch milliseconds of 2025-03-05T00:00+08:00; an empty day → null. */
export function epochOfDay(isoDay: string): number | null {
  if (isoDay === '') return null;
  return Date.parse(`${isoDay}T00:00:00+08:00`);
}

export function epochOfOptionalDay(isoDay: string | undefined): number | null {
  return isoDay === undefined ? null : epochOfDay(isoDay);
}

export function itemJson(item: Item) {
  return {
    itemId: item.code,
    unit: item.unitCode,
    title: item.name,
    keyItem: item.category === 'key',
    target: item.subject,
    content: item.content,
    approach: item.method,
    basis: item.legalBasis,
    specialty: item.specialty,
    riskGraded: item.riskBased,
  };
}

export function targetJson(entry: DirectoryEntry) {
  return {
    id: entry.uscc,
    unit: entry.unitCode,
    labels: entry.tags,
    areaCode: entry.divisionCode,
    industryCode: entry.industryCode,
    addedAt: epochOfDay(entry.addedOn),
  };
}

export function inspectorJson(inspector: Inspector) {
  return {
    id: inspector.id,
    unit: inspector.unitCode,
    fullName: inspector.name,
    mobile: inspector.phone,
    certNo: inspector.certificateNo,
    certExpiresAt: epochOfDay(inspector.certificateValidUntil),
    onDuty: inspector.active,
    specialties: inspector.specialties,
    avoidIds: inspector.conflicts,
  };
}

export function officerJson(officer: CertifiedOfficer) {
  return { id: officer.certificateNo, unit: officer.unitCode, fullName: officer.name };
}

export function planJson(plan: Plan) {
  return {
    id: plan.id,
    unit: plan.unitCode,
    year: plan.year,
    title: plan.title,
    joint: plan.kind === 'joint',
    leadUnit: plan.leadUnit,
    participants: plan.participatingUnits,
    itemIds: plan.itemCodes,
    scope: { areaCodes: plan.scope.divisionCodes, industryCodes: plan.scope.industryCodes, labels: plan.scope.tags },
    ratios: plan.ratios ?? null,
    startAt: epochOfDay(plan.periodStart),
    endAt: epochOfDay(plan.periodEnd),
    publishedAt: epochOfOptionalDay(plan.publishedOn),
    drawnAt: epochOfOptionalDay(plan.drawnOn),
  };
}

export function taskJson(task: Task) {
  return {
    id: task.id,
    planId: task.planId,
    unit: task.unitCode,
    enterpriseId: task.uscc,
    itemIds: task.itemCodes,
    inspectorIds: task.inspectorIds,
    plannedAt: epochOfDay(task.plannedOn),
    state: task.status,
    jointGroupId: task.jointGroupId ?? null,
    inspectionCode: task.inspectionCode ?? null,
    checkedInAt: epochOfOptionalDay(task.checkedInOn),
    checkedInBy: task.checkedInBy ?? null,
  };
}

export function resultJson(result: Result) {
  return {
    taskId: result.taskId,
    unit: result.unitCode,
    inspectedAt: epochOfDay(result.inspectedOn),
    conclusion: result.conclusion,
    findings: result.findings.map((finding) => ({ id: finding.code, itemId: finding.itemCode, text: finding.description })),
  };
}

export function followUpJson(followUp: FollowUp) {
  return {
    taskId: followUp.taskId,
    unit: followUp.unitCode,
    findingId: followUp.findingCode,
    action: followUp.action,
    handledAt: epochOfDay(followUp.handledOn),
    note: followUp.note,
  };
}
