// The provincial platform's wire rows → canonical records. The adapter keeps its own copy of
// the platform's code tables (from the interface spec), so a mismatch with the platform shows
// up as a decoding error instead of silently wrong data.
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
} from '../../platforms/data/model';
import type {
  BgPageWire,
  HxczWire,
  JcjgWire,
  JcryWire,
  JhWire,
  MlWire,
  RwWire,
  SxWire,
  XjjgWire,
  XjrwWire,
  ZfzgWire,
} from '../../contracts/provincial-wire';
import { emptyChanges, type CheckIn, type CreatedTask, type NewFollowUp, type NewResult, type NewTask, type UnitChanges } from '../kit/platform';
import { WireError } from '../../lib/platform-http';

/** The platform sent something the spec does not allow. */

const TASK_STATUS: Record<number, TaskStatus> = { 1: 'pending', 2: 'in_progress', 3: 'completed', 9: 'cancelled' };
const CONCLUSION: Record<number, Conclusion> = { 1: 'no_problem', 2: 'problem_found', 3: 'not_found', 4: 'closed' };
const FOLLOW_UP_ACTION: Record<number, FollowUpAction> = { 1: 'rectified', 2: 'penalized', 3: 'transferred', 4: 'referred_to_police' };

/** Task status → the platform's rwzt code, for the tasks query. */
export function taskStatusCode(status: TaskStatus): number {
  return Number(Object.entries(TASK_STATUS).find(([, value]) => value === status)![0]);
}

function lookup<T>(table: Record<number, T>, code: number, field: string): T {
  const value = table[code];
  if (value === undefined) throw new WireError(`unknown ${field} code ${code}`);
  return value;
}

/** The 部门代码 of a unit on this platform. */
export function bmdmOf(unitCode: string): number | undefined {
  return findUnit(unitCode)?.provincialCode;
}

function unitOf(bmdm: number | string): string {
  const numeric = typeof bmdm === 'number' ? bmdm : /^\d+$/.test(bmdm) ? Number(bmdm) : undefined;
  // Units of other platforms appear in joint plans under their own unit code.
  if (numeric === undefined) {
    if (!findUnit(bmdm as string)) throw new WireError(`unknown department ${bmdm}`);
    return bmdm as string;
  }
  const unit = MEMBER_UNITS.find((candidate) => candidate.provincialCode === numeric);
  if (!unit) throw new WireError(`unknown department code ${numeric}`);
  return unit.code;
}

/** `yyyy-MM-dd HH:mm:ss` → `YYYY-MM-DD` (all the platform's times are days at midnight). */
export function isoDay(time: string): string {
  if (time === '') return '';
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(time)) throw new WireError(`bad time ${time}`);
  return time.slice(0, 10);
}

/** `YYYY-MM-DD` → the platform's time format for query parameters. */
export function wireDay(day: string): string {
  return `${day} 00:00:00`;
}

const list = (joined: string): string[] => (joined === '' ? [] : joined.split(','));

export function decodeItem(row: SxWire): Item {
  return {
    code: row.sxbm,
    unitCode: unitOf(row.bmdm),
    name: row.sxmc,
    category: lookup({ 1: 'key', 2: 'general' } as const, row.sxlb, 'sxlb'),
    subject: row.jcdx,
    content: row.jcnr,
    method: row.jcfs,
    legalBasis: row.jcyj,
    specialty: row.zylb,
    riskBased: row.sffxfj === 1,
  };
}

export function decodeDirectoryEntry(row: MlWire): DirectoryEntry {
  return {
    unitCode: unitOf(row.bmdm),
    uscc: row.tyshxydm,
    tags: list(row.bq),
    divisionCode: row.xzqhdm,
    industryCode: row.hydm,
    addedOn: isoDay(row.rkrq),
  };
}

export function decodeInspector(row: JcryWire): Inspector {
  return {
    id: row.rybh,
    unitCode: unitOf(row.bmdm),
    name: row.xm,
    phone: row.lxdh,
    certificateNo: row.zfzh,
    certificateValidUntil: isoDay(row.zfzyxq),
    active: row.zt === 1,
    specialties: list(row.zc),
    conflicts: list(row.hbqy),
  };
}

export function decodeOfficer(row: ZfzgWire): CertifiedOfficer {
  return { unitCode: unitOf(row.bmdm), certificateNo: row.zfzh, name: row.xm };
}

export function decodePlan(row: JhWire): Plan {
  const plan: Plan = {
    id: row.jhbh,
    unitCode: unitOf(row.bmdm),
    year: row.nd,
    title: row.jhmc,
    kind: lookup({ 1: 'single', 2: 'joint' } as const, row.jhlx, 'jhlx'),
    leadUnit: unitOf(row.qtbm),
    participatingUnits: list(row.cybm).map(unitOf),
    itemCodes: list(row.sxbm),
    scope: { divisionCodes: list(row.ccqy), industryCodes: list(row.cchy), tags: list(row.ccbq) },
    periodStart: isoDay(row.ksrq),
    periodEnd: isoDay(row.jsrq),
  };
  if (row.sffxfj === 1) {
    const ratios = [row.ajbl, row.bjbl, row.cjbl, row.djbl];
    if (ratios.some((ratio) => typeof ratio !== 'number')) throw new WireError(`plan ${row.jhbh} lacks a ratio`);
    const [A, B, C, D] = ratios as number[];
    plan.ratios = { A, B, C, D };
  }
  if (row.gkrq !== null) plan.publishedOn = isoDay(row.gkrq);
  if (row.cqrq !== null) plan.drawnOn = isoDay(row.cqrq);
  return plan;
}

export function decodeTask(row: RwWire): Task {
  const task: Task = {
    id: row.rwbh,
    planId: row.jhbh,
    unitCode: unitOf(row.bmdm),
    uscc: row.tyshxydm,
    itemCodes: list(row.sxbm),
    inspectorIds: list(row.jcry),
    plannedOn: isoDay(row.jhrq),
    status: lookup(TASK_STATUS, row.rwzt, 'rwzt'),
  };
  if (row.lhjcbh !== null) task.jointGroupId = row.lhjcbh;
  if (row.jcm) task.inspectionCode = row.jcm;
  if (row.qdrq) task.checkedInOn = isoDay(row.qdrq);
  if (row.qdry) task.checkedInBy = row.qdry;
  return task;
}

const codeOf = <T>(table: Record<number, T>, value: T): number => Number(Object.entries(table).find(([, entry]) => entry === value)![0]);

/** 凭码签到 request (rw/qd). */
export function encodeCheckIn(bmdm: number, checkIn: CheckIn) {
  return { bmdm, rwbh: checkIn.taskId, jcm: checkIn.inspectionCode, tyshxydm: checkIn.uscc, jcry: checkIn.inspectorId, qdrq: wireDay(checkIn.on) };
}

/** 检查结果录入 request (jcjg/lr). */
export function encodeNewResult(bmdm: number, result: NewResult) {
  return {
    bmdm,
    rwbh: result.taskId,
    jcrq: wireDay(result.inspectedOn),
    jcjg: codeOf(CONCLUSION, result.conclusion),
    wtqd: result.findings.map((finding) => ({ wtbh: finding.code, sxbm: finding.itemCode, wtms: finding.description })),
  };
}

/** 后续处置录入 request (hxcz/lr). */
export function encodeNewFollowUp(bmdm: number, followUp: NewFollowUp) {
  return { bmdm, rwbh: followUp.taskId, wtbh: followUp.findingCode, czfs: codeOf(FOLLOW_UP_ACTION, followUp.action), czrq: wireDay(followUp.handledOn), bz: followUp.note };
}

export function decodeResult(row: JcjgWire): Result {
  return {
    taskId: row.rwbh,
    unitCode: unitOf(row.bmdm),
    inspectedOn: isoDay(row.jcrq),
    conclusion: lookup(CONCLUSION, row.jcjg, 'jcjg'),
    findings: row.wtqd.map((problem) => ({ code: problem.wtbh, itemCode: problem.sxbm, description: problem.wtms })),
  };
}

export function decodeFollowUp(row: HxczWire): FollowUp {
  return {
    taskId: row.rwbh,
    unitCode: unitOf(row.bmdm),
    findingCode: row.wtbh,
    action: lookup(FOLLOW_UP_ACTION, row.czfs, 'czfs'),
    handledOn: isoDay(row.czrq),
    note: row.bz,
  };
}

/** A task to create → a 新建任务 row. */
export function encodeNewTask(task: NewTask): XjrwWire {
  return {
    wbbs: task.externalKey,
    jhbh: task.planId,
    tyshxydm: task.uscc,
    sxbm: task.itemCodes.join(','),
    jcry: task.inspectorIds.join(','),
    jhrq: wireDay(task.plannedOn),
    lhjcbh: task.jointGroupId ?? null,
  };
}

export function decodeCreated(row: XjjgWire): CreatedTask {
  if (row.sfycz !== 0 && row.sfycz !== 1) throw new WireError(`bad sfycz ${String(row.sfycz)}`);
  return { externalKey: row.wbbs, task: decodeTask(row.rw), existed: row.sfycz === 1 };
}

/** A bg/list page → the unit's changes, each row decoded by its 变更类型. */
export function decodeChanges(page: BgPageWire): UnitChanges {
  if (typeof page.yb !== 'string' || !Number.isInteger(page.sysl)) throw new WireError('bg/list answer lacks yb or sysl');
  const changes = emptyChanges(page.yb, page.sfygd === 1, page.sysl);
  for (const row of page.rows) {
    switch (row.bglx) {
      case 'RW': changes.tasks.push(decodeTask(row.nr as RwWire)); break;
      case 'JCJG': changes.results.push(decodeResult(row.nr as JcjgWire)); break;
      case 'HXCZ': changes.followUps.push(decodeFollowUp(row.nr as HxczWire)); break;
      case 'JH': changes.plans.push(decodePlan(row.nr as JhWire)); break;
      case 'JCRY': changes.inspectors.push(decodeInspector(row.nr as JcryWire)); break;
      case 'ML': changes.directory.push({ entry: decodeDirectoryEntry(row.nr as MlWire), removed: row.sfsc === 1 }); break;
      default: throw new WireError(`unknown bglx ${String(row.bglx)}`);
    }
  }
  return changes;
}
