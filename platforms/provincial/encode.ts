// Canonical records → the provincial platform's wire rows (see contracts/provincial-wire.ts).
import { findUnit, MEMBER_UNITS } from '../../config/units';
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
import type { BmdmRef, HxczWire, JcjgWire, JcryWire, JhWire, MlWire, RwWire, SxWire, ZfzgWire } from '../../contracts/provincial-wire';

const TASK_STATUS: Record<TaskStatus, number> = { pending: 1, in_progress: 2, completed: 3, cancelled: 9 };
const CONCLUSION: Record<Conclusion, { code: number; text: string }> = {
  no_problem: { code: 1, text: '未发现问题' },
  problem_found: { code: 2, text: '发现问题' },
  not_found: { code: 3, text: '通过登记的住所无法联系' },
  closed: { code: 4, text: '已注销或停业' },
};
const FOLLOW_UP_ACTION: Record<FollowUpAction, number> = { rectified: 1, penalized: 2, transferred: 3, referred_to_police: 4 };

export const CONCLUSION_BY_CODE = new Map(Object.entries(CONCLUSION).map(([conclusion, { code }]) => [code, conclusion as Conclusion]));
export const FOLLOW_UP_ACTION_BY_CODE = new Map(Object.entries(FOLLOW_UP_ACTION).map(([action, code]) => [code, action as FollowUpAction]));

/** Task status filter of the tasks query, wire code → canonical status. */
export const TASK_STATUS_BY_CODE = new Map(Object.entries(TASK_STATUS).map(([status, code]) => [code, status as TaskStatus]));

/** The 部门代码 of a unit served here. */
export function bmdmOf(unitCode: string): number {
  const code = findUnit(unitCode)?.provincialCode;
  if (code === undefined) throw new Error(`unit ${unitCode} has no provincial department code`);
  return code;
}

/** The unit with this 部门代码, if any. */
export function unitOfBmdm(bmdm: number): string | undefined {
  return MEMBER_UNITS.find((unit) => unit.provincialCode === bmdm)?.code;
}

function bmdmRef(unitCode: string): BmdmRef {
  const code = findUnit(unitCode)?.provincialCode;
  return code === undefined ? unitCode : String(code);
}

/** `YYYY-MM-DD` → `yyyy-MM-dd 00:00:00`; empty stays empty. */
export function wireTime(day: string): string {
  return day === '' ? '' : `${day} 00:00:00`;
}

const joined = (values: readonly string[]) => values.join(',');
const flag = (value: boolean): 0 | 1 => (value ? 1 : 0);

export function encodeItem(item: Item): SxWire {
  return {
    sxbm: item.code,
    bmdm: bmdmOf(item.unitCode),
    sxmc: item.name,
    sxlb: item.category === 'key' ? 1 : 2,
    jcdx: item.subject,
    jcnr: item.content,
    jcfs: item.method,
    jcyj: item.legalBasis,
    zylb: item.specialty,
    sffxfj: flag(item.riskBased),
  };
}

export function encodeDirectoryEntry(entry: DirectoryEntry, enterpriseName: string): MlWire {
  return {
    bmdm: bmdmOf(entry.unitCode),
    tyshxydm: entry.uscc,
    qymc: enterpriseName,
    bq: joined(entry.tags),
    xzqhdm: entry.divisionCode,
    hydm: entry.industryCode,
    rkrq: wireTime(entry.addedOn),
  };
}

export function encodeInspector(inspector: Inspector): JcryWire {
  return {
    rybh: inspector.id,
    bmdm: bmdmOf(inspector.unitCode),
    xm: inspector.name,
    lxdh: inspector.phone,
    zfzh: inspector.certificateNo,
    zfzyxq: wireTime(inspector.certificateValidUntil),
    zt: flag(inspector.active),
    zc: joined(inspector.specialties),
    hbqy: joined(inspector.conflicts),
  };
}

export function encodeOfficer(officer: CertifiedOfficer): ZfzgWire {
  return { bmdm: bmdmOf(officer.unitCode), zfzh: officer.certificateNo, xm: officer.name };
}

export function encodePlan(plan: Plan): JhWire {
  return {
    jhbh: plan.id,
    bmdm: bmdmOf(plan.unitCode),
    nd: plan.year,
    jhmc: plan.title,
    jhlx: plan.kind === 'joint' ? 2 : 1,
    qtbm: bmdmRef(plan.leadUnit),
    cybm: joined(plan.participatingUnits.map(bmdmRef)),
    sxbm: joined(plan.itemCodes),
    ccqy: joined(plan.scope.divisionCodes),
    cchy: joined(plan.scope.industryCodes),
    ccbq: joined(plan.scope.tags),
    sffxfj: flag(plan.ratios !== undefined),
    ajbl: plan.ratios?.A ?? null,
    bjbl: plan.ratios?.B ?? null,
    cjbl: plan.ratios?.C ?? null,
    djbl: plan.ratios?.D ?? null,
    ksrq: wireTime(plan.periodStart),
    jsrq: wireTime(plan.periodEnd),
    gkrq: plan.publishedOn === undefined ? null : wireTime(plan.publishedOn),
    cqrq: plan.drawnOn === undefined ? null : wireTime(plan.drawnOn),
  };
}

export function encodeTask(task: Task): RwWire {
  return {
    rwbh: task.id,
    jhbh: task.planId,
    bmdm: bmdmOf(task.unitCode),
    tyshxydm: task.uscc,
    sxbm: joined(task.itemCodes),
    jcry: joined(task.inspectorIds),
    jhrq: wireTime(task.plannedOn),
    rwzt: TASK_STATUS[task.status],
    lhjcbh: task.jointGroupId ?? null,
    jcm: task.inspectionCode ?? null,
    qdrq: task.checkedInOn === undefined ? null : wireTime(task.checkedInOn),
    qdry: task.checkedInBy ?? null,
  };
}

export function encodeResult(result: Result): JcjgWire {
  const conclusion = CONCLUSION[result.conclusion];
  return {
    rwbh: result.taskId,
    bmdm: bmdmOf(result.unitCode),
    jcrq: wireTime(result.inspectedOn),
    jcjg: conclusion.code,
    jcjl: conclusion.text,
    wtqd: result.findings.map((finding) => ({ wtbh: finding.code, sxbm: finding.itemCode, wtms: finding.description })),
  };
}

export function encodeFollowUp(followUp: FollowUp): HxczWire {
  return {
    rwbh: followUp.taskId,
    bmdm: bmdmOf(followUp.unitCode),
    wtbh: followUp.findingCode,
    czfs: FOLLOW_UP_ACTION[followUp.action],
    czrq: wireTime(followUp.handledOn),
    bz: followUp.note,
  };
}
