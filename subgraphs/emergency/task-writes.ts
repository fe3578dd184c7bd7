// The emergency platform's task writes in its XML vocabulary: CreateTasks and CancelTasks
// requests, and the <Created> answer read back into CreatedTask records; the visit's CheckIn,
// RecordResult and RecordFollowUp requests.
import type { CheckIn, CreatedTask, NewFollowUp, NewResult, NewTask } from '../kit/platform';
import { WireError } from '../../lib/platform-http';
import { child, requestDocument, text, toTask, type Node } from './wire';

/** ResultCodes by which the platform refuses a write: its input, an unknown task, a task's state. */
export const WRITE_REFUSALS = { invalidParameter: '1002', taskNotFound: '1004', taskStateConflict: '1005' } as const;

const legacyDate = (isoDay: string) => isoDay.replaceAll('-', '');

export function createTasksXml(unit: string, tasks: readonly NewTask[]): string {
  return requestDocument('CreateTasks', unit, {
    NewTasks: {
      NewTask: tasks.map((task) => ({
        ExternalKey: task.externalKey,
        PlanId: task.planId,
        CreditCode: task.uscc,
        ItemCodes: { ItemCode: task.itemCodes },
        InspectorIds: { InspectorId: task.inspectorIds },
        PlannedDate: legacyDate(task.plannedOn),
        JointGroupId: task.jointGroupId,
      })),
    },
  });
}

export function cancelTasksXml(unit: string, taskIds: readonly string[]): string {
  return requestDocument('CancelTasks', unit, { TaskIds: { TaskId: [...taskIds] } });
}

export function checkInXml(unit: string, checkIn: CheckIn): string {
  return requestDocument('CheckIn', unit, {
    TaskId: checkIn.taskId,
    InspectionCode: checkIn.inspectionCode,
    CreditCode: checkIn.uscc,
    InspectorId: checkIn.inspectorId,
    CheckInDate: legacyDate(checkIn.on),
  });
}

export function recordResultXml(unit: string, result: NewResult): string {
  return requestDocument('RecordResult', unit, {
    TaskId: result.taskId,
    InspectedDate: legacyDate(result.inspectedOn),
    Conclusion: result.conclusion,
    Findings: { Finding: result.findings.map((finding) => ({ FindingCode: finding.code, ItemCode: finding.itemCode, Description: finding.description })) },
  });
}

export function recordFollowUpXml(unit: string, followUp: NewFollowUp): string {
  return requestDocument('RecordFollowUp', unit, {
    TaskId: followUp.taskId,
    FindingCode: followUp.findingCode,
    Action: followUp.action,
    HandledDate: legacyDate(followUp.handledOn),
    Note: followUp.note,
  });
}

/** The <Entry> of a <Created> answer. */
export function toCreated(node: Node): CreatedTask {
  const existed = text(node, 'Existed');
  if (existed !== 'Y' && existed !== 'N') throw new WireError(`<Existed> is not Y/N: ${existed}`);
  return { externalKey: text(node, 'ExternalKey'), task: toTask(child(node, 'Task')), existed: existed === 'Y' };
}
