// What an inspection code tells the business holding it (一公开 at the door): the visit's units,
// their items with legal basis, the planned day, the inspectors' names and certificate numbers
// (only from the planned day until the task closes), the plan and its published draw, and
// after the visit its result. Read through the graph as the office: the code names its unit,
// the unit's subgraph finds the task, the business's tasks give the joint visit's other units.
import { findUnit } from '../../../config/units';
import { ErrorCode, graphError } from '../../../lib/errors';
import { formatInspectionCode, normalizeInspectionCode, unitOfInspectionCode } from '../../../lib/inspection-code';
import { chinaDay } from '../../../lib/workdays';
import type { Conclusion, TaskStatus } from '../../../platforms/data/model';
import type { GraphClient } from '../graph-client';
import type { OfficeStore } from '../store';

export type CodeState = 'ACTIVE' | 'CLOSED' | 'EXPIRED';

interface GraphTask {
  id: string;
  planId: string;
  unitCode: string;
  status: string;
  itemCodes: string[];
  inspectorIds: string[];
  plannedOn: string;
  jointGroupId: string | null;
  enterprise: { uscc: string; name: string | null };
  result: { inspectedOn: string; conclusion: string; findings: { code: string; itemCode: string; description: string }[] } | null;
}

interface GraphUnit {
  code: string;
  name: string;
  items: { code: string; name: string; legalBasis: string }[];
  inspectors: { id: string; name: string | null; certificateNo: string | null }[];
  plans: { id: string; title: string; periodStart: string; periodEnd: string; publishedOn: string | null }[];
  tasksOf: GraphTask[];
}

export interface CheckedUnit {
  unitCode: string;
  unitName: string;
  taskId: string;
  status: TaskStatus;
  items: { code: string; name: string; legalBasis: string }[];
  /** Null outside [planned day, task closed]. */
  inspectors: { name: string; certificateNo: string }[] | null;
  result: { inspectedOn: string; conclusion: Conclusion; findings: { itemName: string; description: string }[] } | null;
}

export interface InspectionCheck {
  code: string;
  formattedCode: string;
  state: CodeState;
  uscc: string;
  businessName: string | null;
  plannedOn: string;
  jointGroupId: string | null;
  /** The task the code is bound to. */
  unitCode: string;
  taskId: string;
  inspectorIds: string[];
  units: CheckedUnit[];
  inspectorsShown: boolean;
  plan: { id: string; title: string; periodStart: string; periodEnd: string; publishedOn: string | null; kind: 'JOINT' | 'UNIT' } | null;
  draw: { seed: string; documentSha256: string; drawnAt: string } | null;
  /** The result is recorded for the code's task: rating is open. */
  ratingOpen: boolean;
}

const TASK = `id planId unitCode status itemCodes inspectorIds plannedOn jointGroupId enterprise { uscc name }
  result { inspectedOn conclusion findings { code itemCode description } }`;

function unknownCode(): never {
  throw graphError(ErrorCode.UNKNOWN_CODE, '没有这个检查码（未签发或输入有误）: no task has this inspection code');
}

/** The visit of a code; UNKNOWN_CODE when none. */
export async function checkInspectionCode(graph: GraphClient, store: OfficeStore | undefined, text: string, today = chinaDay(new Date())): Promise<InspectionCheck> {
  const code = normalizeInspectionCode(text);
  const unitCode = code && unitOfInspectionCode(code);
  const platform = unitCode && findUnit(unitCode)?.platform;
  if (!code || !unitCode || !platform) unknownCode();
  const found = await graph.query<Record<string, GraphTask | null>>(`query ($unit: ID!, $code: String!) { task: ${platform}TaskByInspectionCode(unitCode: $unit, code: $code) { ${TASK} } }`, { unit: unitCode, code });
  if (found.errors.length > 0) throw graphError(ErrorCode.PLATFORM_UNAVAILABLE, `The task of the code could not be read: ${found.errors[0].message}`, { unitCode });
  const task = found.data?.task;
  if (!task) unknownCode();
  const uscc = task.enterprise.uscc;

  // The joint visit: every unit's task of this business in the same joint group (or the task alone).
  const unitCodes = task.jointGroupId === null ? [unitCode] : await jointUnits(graph, uscc);
  const aliases = unitCodes.map((code, index) => `u${index}: department(code: "${code}") { code name items { code name legalBasis } inspectors { id name certificateNo } plans { id title periodStart periodEnd publishedOn } tasksOf(usccs: ["${uscc}"]) { ${TASK} } }`);
  const read = await graph.query<Record<string, GraphUnit | null>>(`query { ${aliases.join('\n')} }`);
  const graphUnits = Object.values(read.data ?? {}).filter((unit): unit is GraphUnit => unit !== null);

  // The graph answers statuses as its enum (COMPLETED); the model's are lower case.
  const status = task.status.toLowerCase() as TaskStatus;
  const state: CodeState = status === 'cancelled' ? 'EXPIRED' : status === 'completed' ? 'CLOSED' : 'ACTIVE';
  // Names and certificates only while the visit is due: from the planned day until the task closes.
  const inspectorsShown = state === 'ACTIVE' && today >= task.plannedOn;
  const units: CheckedUnit[] = [];
  for (const unit of graphUnits) {
    const visit = unit.tasksOf.find((candidate) => candidate.id === task.id || (task.jointGroupId !== null && candidate.jointGroupId === task.jointGroupId && candidate.status !== 'CANCELLED'));
    if (!visit) continue;
    const items = visit.itemCodes.map((itemCode) => unit.items.find((item) => item.code === itemCode) ?? { code: itemCode, name: itemCode, legalBasis: '' });
    const itemName = (itemCode: string) => items.find((item) => item.code === itemCode)?.name ?? itemCode;
    units.push({
      unitCode: unit.code,
      unitName: findUnit(unit.code)?.name ?? unit.name,
      taskId: visit.id,
      status: visit.status.toLowerCase() as TaskStatus,
      items,
      inspectors: inspectorsShown
        ? visit.inspectorIds.flatMap((id) => {
            const inspector = unit.inspectors.find((candidate) => candidate.id === id);
            return inspector?.name ? [{ name: inspector.name, certificateNo: inspector.certificateNo ?? '' }] : [];
          })
        : null,
      result: visit.result && {
        inspectedOn: visit.result.inspectedOn,
        conclusion: visit.result.conclusion.toLowerCase() as Conclusion,
        findings: visit.result.findings.map((finding) => ({ itemName: itemName(finding.itemCode), description: finding.description })),
      },
    });
  }

  let plan: InspectionCheck['plan'] = null;
  let draw: InspectionCheck['draw'] = null;
  const jointPlan = store ? await store.plans.getPlan(task.planId) : null;
  if (jointPlan) {
    const publishedOn = typeof jointPlan.milestones.publishedOn === 'string' ? jointPlan.milestones.publishedOn : null;
    plan = { id: jointPlan.id, title: jointPlan.title, periodStart: jointPlan.definition.periodStart, periodEnd: jointPlan.definition.periodEnd, publishedOn, kind: 'JOINT' };
    const stored = publishedOn ? await store!.draws.getDraw(jointPlan.id) : null;
    if (stored) draw = { seed: stored.seed, documentSha256: stored.documentSha256, drawnAt: stored.drawnAt };
  } else {
    const own = graphUnits.find((unit) => unit.code === unitCode)?.plans.find((candidate) => candidate.id === task.planId);
    if (own) plan = { ...own, kind: 'UNIT' };
  }

  return {
    code,
    formattedCode: formatInspectionCode(code),
    state,
    uscc,
    businessName: task.enterprise.name,
    plannedOn: task.plannedOn,
    jointGroupId: task.jointGroupId,
    unitCode,
    taskId: task.id,
    inspectorIds: task.inspectorIds,
    units,
    inspectorsShown,
    plan,
    draw,
    ratingOpen: task.result !== null,
  };
}

/** Units holding a task of the business (read from every department, in one request). */
async function jointUnits(graph: GraphClient, uscc: string): Promise<string[]> {
  const answer = await graph.query<{ departments: { code: string; tasksOf: { id: string }[] | null }[] }>(`query ($uscc: ID!) { departments { code tasksOf(usccs: [$uscc]) { id } } }`, { uscc });
  return (answer.data?.departments ?? []).filter((unit) => (unit.tasksOf ?? []).length > 0).map((unit) => unit.code);
}
