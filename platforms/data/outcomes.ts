// What happened to each task: status, result (检查结果), findings, follow-ups (后续处置) and the
// publication (公示) in the credit system, with the imperfections recorded for the truth:
// unfinished tasks, unpublished and late results, findings never followed up.

import { findUnit } from '../../config/units';
import { addDays, minDay } from './dates';
import { SNAPSHOT_DAY } from './enterprises';
import type { Conclusion, Enterprise, Finding, FollowUp, FollowUpAction, Item, Publication, Result, Task, TaskStatus } from './model';
import { idTag } from './places';
import { batchStream, type PlanYear } from './plans';
import { Rng, weightedPicker } from './random';

export interface Outcomes {
  results: Result[];
  followUps: FollowUp[];
  publications: Publication[];
  unfinishedTaskIds: string[];
  unpublishedTaskIds: string[];
  latePublicationTaskIds: string[];
  findingsWithoutFollowUp: string[];
}

const pickStatus = weightedPicker<TaskStatus | 'unfinished'>([['completed', 96], ['unfinished', 2.5], ['cancelled', 1.5]]);
const pickConclusion = weightedPicker<Conclusion>([['no_problem', 82], ['problem_found', 15], ['not_found', 2], ['closed', 1]]);
const pickAction = weightedPicker<FollowUpAction>([['rectified', 72], ['penalized', 20], ['transferred', 6], ['referred_to_police', 2]]);
const DEFECTS = ['不符合要求', '未落实', '记录不完整', '存在隐患', '未按规定执行'];
const CONCLUSION_TEXT: Record<Conclusion, string> = {
  no_problem: '未发现问题',
  problem_found: '发现问题，已责令整改',
  not_found: '通过登记的住所或经营场所无法联系',
  closed: '已停业或关闭',
};
const ACTION_NOTE: Record<FollowUpAction, string> = {
  rectified: '已责令限期整改，复查合格',
  penalized: '已依法立案并作出行政处罚',
  transferred: '已移交有管辖权的部门处理',
  referred_to_police: '涉嫌犯罪，已移送公安机关',
};

/** A finding names one point of the item's content, e.g. 餐饮具清洗消毒未落实. */
function describeDefect(rng: Rng, item: Item | undefined): string {
  if (!item) return '检查发现问题';
  return `${item.name}：${rng.pick(item.content.split('、'))}${rng.pick(DEFECTS)}`;
}

interface Visit {
  status: TaskStatus;
  inspectedOn: string;
}

export function generateOutcomes(
  seed: number,
  batch: PlanYear,
  tasks: readonly Task[],
  enterprises: ReadonlyMap<string, Enterprise>,
  items: ReadonlyMap<string, Item>,
  /** Visits still to come at the snapshot: they stay pending, with no result. */
  upcoming: ReadonlySet<Task> = new Set(),
): Outcomes {
  const rng = new Rng(seed, batchStream(batch, 'outcomes'));
  const publicationPrefix = `GS${batch.year}-${idTag(batch.place)}`;
  const emptyOutcomes = (): Outcomes => ({
    results: [], followUps: [], publications: [], unfinishedTaskIds: [],
    unpublishedTaskIds: [], latePublicationTaskIds: [], findingsWithoutFollowUp: [],
  });
  const kept = emptyOutcomes();
  const upcomingGroups = new Set([...upcoming].map((task) => task.jointGroupId).filter(Boolean));
  const isUpcoming = (task: Task) => upcoming.has(task) || (task.jointGroupId !== undefined && upcomingGroups.has(task.jointGroupId));
  // The tasks of one joint visit share their fate and their day.
  const visits = new Map<string, Visit>();
  const newVisit = (task: Task): Visit => {
    const roll = pickStatus(rng);
    const status: TaskStatus = roll === 'unfinished' ? (rng.chance(0.4) ? 'pending' : 'in_progress') : roll;
    return { status, inspectedOn: minDay(addDays(task.plannedOn, rng.int(0, 3)), SNAPSHOT_DAY) };
  };
  let publicationSerial = 0;
  for (const task of tasks) {
    let visit = task.jointGroupId ? visits.get(task.jointGroupId) : undefined;
    if (!visit) {
      visit = newVisit(task);
      if (task.jointGroupId) visits.set(task.jointGroupId, visit);
    }
    // An upcoming visit's outcome is still drawn (and dropped) so every other task keeps the
    // same random outcome whichever visits are upcoming.
    const out = isUpcoming(task) ? emptyOutcomes() : kept;
    task.status = out === kept ? visit.status : 'pending';
    if (task.status === 'pending' || task.status === 'in_progress') kept.unfinishedTaskIds.push(task.id);
    if (visit.status !== 'completed') continue;
    const enterprise = enterprises.get(task.uscc);
    const conclusion: Conclusion = enterprise?.status === 'abnormal' && rng.chance(0.5) ? 'not_found' : pickConclusion(rng);
    const findings: Finding[] = [];
    if (conclusion === 'problem_found') {
      rng.sample(task.itemCodes, rng.int(1, Math.min(3, task.itemCodes.length))).forEach((code, i) => {
        findings.push({ code: `F${String(i + 1).padStart(2, '0')}`, itemCode: code, description: describeDefect(rng, items.get(code)) });
      });
    }
    out.results.push({ taskId: task.id, unitCode: task.unitCode, inspectedOn: visit.inspectedOn, conclusion, findings });
    for (const finding of findings) {
      if (rng.chance(0.1)) {
        out.findingsWithoutFollowUp.push(`${task.id}/${finding.code}`);
        continue;
      }
      const action = pickAction(rng);
      out.followUps.push({
        taskId: task.id, unitCode: task.unitCode, findingCode: finding.code, action,
        handledOn: minDay(addDays(visit.inspectedOn, rng.int(3, 60)), SNAPSHOT_DAY), note: ACTION_NOTE[action],
      });
    }
    const roll = rng.next();
    if (roll < 0.05) {
      out.unpublishedTaskIds.push(task.id);
      continue;
    }
    // On time: within 14 calendar days. Late: 40-90 calendar days, always past 20 working days.
    const late = roll < 0.12;
    if (late) out.latePublicationTaskIds.push(task.id);
    const day = addDays(visit.inspectedOn, late ? rng.int(40, 90) : rng.int(1, 14));
    const time = `${String(rng.int(9, 17)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00+08:00`;
    out.publications.push({
      id: `${publicationPrefix}${String(++publicationSerial).padStart(7, '0')}`,
      uscc: task.uscc,
      unitCode: task.unitCode,
      taskId: task.id,
      publishedAt: `${day}T${time}`,
      summary: `${findUnit(task.unitCode)?.name ?? task.unitCode}对${enterprise?.name ?? task.uscc}的“双随机、一公开”抽查结果：${CONCLUSION_TEXT[conclusion]}`,
    });
  }
  return kept;
}
