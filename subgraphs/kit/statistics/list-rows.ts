// The rows of a work list: what an official needs to act on an id behind a figure — the
// business and its division, the days that matter and the reason in plain Chinese, with how
// many working days late it is. Pure: built from the same input and rules the counts use, for
// the ids the counting listed (unit-counts.ts), so a row never disagrees with its figure.
import type { Plan, Result, Task } from '../../../platforms/data/model';
import { addWorkdays, chinaDay, workdaysBetween } from '../../../lib/workdays';
import { UNKNOWN_DIVISION, type IndicatorKey } from './catalog';
import type { CountingRules, UnitStatisticsInput } from './unit-counts';

export interface ListRow {
  /** The id the figure's list names (task id, item code, certificate number, plan id, credit code…). */
  id: string;
  /** The business concerned, when the entry is about one. */
  uscc: string | null;
  /** GB/T 2260 county-level division of that business (or "unknown"). */
  divisionCode: string | null;
  /** What the entry is: an item's or plan's name, an officer's name, a finding's description. */
  subject: string | null;
  plannedOn: string | null;
  inspectedOn: string | null;
  /** The last day allowed (publication due day, plan deadline). */
  dueOn: string | null;
  /** Day published (results: Beijing day of the earliest publication; plans: publishedOn). */
  publishedOn: string | null;
  /** Working days after the due day (published late: until publication; not yet: until asOf); null when not late. */
  workdaysLate: number | null;
  /** Why the entry is on the list (Chinese). */
  reason: string;
}

interface Lookups {
  input: UnitStatisticsInput;
  rules: CountingRules;
  tasks: Map<string, Task>;
  results: Map<string, Result>;
  plans: Map<string, Plan>;
}

const late = (due: string, until: string): number | null => {
  const days = workdaysBetween(due, until);
  return days > 0 ? days : null;
};

function lookups(input: UnitStatisticsInput, rules: CountingRules): Lookups {
  return {
    input,
    rules,
    tasks: new Map(input.tasks.map((task) => [task.id, task])),
    results: new Map(input.results.map((result) => [result.taskId, result])),
    plans: new Map(input.plans.map((plan) => [plan.id, plan])),
  };
}

function blank(id: string, reason: string): ListRow {
  return { id, uscc: null, divisionCode: null, subject: null, plannedOn: null, inspectedOn: null, dueOn: null, publishedOn: null, workdaysLate: null, reason };
}

function division(l: Lookups, uscc: string): string {
  return l.input.businessDivisions?.get(uscc) ?? UNKNOWN_DIVISION;
}

function publishedDay(l: Lookups, taskId: string): string | null {
  const at = l.input.publishedAtByTaskId.get(taskId);
  const day = at === undefined ? null : chinaDay(at);
  return day !== null && day <= l.rules.asOf ? day : null;
}

function taskRow(l: Lookups, taskId: string, reason: (row: ListRow) => string): ListRow {
  const task = l.tasks.get(taskId);
  if (!task) return blank(taskId, '记录已不存在');
  const result = l.results.get(taskId);
  const inspectedOn = result?.inspectedOn ?? null;
  const row: ListRow = {
    ...blank(taskId, ''),
    uscc: task.uscc,
    divisionCode: division(l, task.uscc),
    subject: l.plans.get(task.planId)?.title ?? null,
    plannedOn: task.plannedOn,
    inspectedOn,
  };
  row.reason = reason(row);
  return row;
}

function publicationRow(l: Lookups, taskId: string): ListRow {
  return taskRow(l, taskId, (row) => {
    const inspected = row.inspectedOn ?? row.plannedOn!;
    row.dueOn = addWorkdays(inspected, l.rules.publicationWorkdays);
    row.publishedOn = publishedDay(l, taskId);
    row.workdaysLate = late(row.dueOn, row.publishedOn ?? l.rules.asOf);
    return row.publishedOn
      ? `检查后第 ${workdaysBetween(inspected, row.publishedOn)} 个工作日才公示（时限 ${l.rules.publicationWorkdays} 个工作日）`
      : `检查结果未公示，已超过公示期限 ${row.workdaysLate ?? 0} 个工作日`;
  });
}

function rowOf(l: Lookups, key: IndicatorKey, id: string): ListRow {
  const { input, rules } = l;
  switch (key) {
    case 'itemCoverage':
    case 'riskItems': {
      const item = input.items.find((candidate) => candidate.code === id);
      const row = blank(id, key === 'itemCoverage' ? '未列入本年度任何抽查计划' : '未应用信用风险分类结果');
      return { ...row, subject: item?.name ?? null };
    }
    case 'certifiedInDirectory': {
      const officer = input.certifiedOfficers.find((candidate) => candidate.certificateNo === id);
      return { ...blank(id, '具有执法资格但未录入执法检查人员名录库'), subject: officer?.name ?? null };
    }
    case 'jointTasks':
      return taskRow(l, id, () => '部门联合抽查任务');
    case 'drawnInspected':
      return taskRow(l, id, (row) => {
        row.dueOn = row.plannedOn;
        row.workdaysLate = late(row.plannedOn!, rules.asOf);
        return `已过计划检查日 ${row.workdaysLate ?? 0} 个工作日仍未完成检查`;
      });
    case 'resultsPublished':
    case 'publishedOnTime':
      return publicationRow(l, id);
    case 'findingsFollowedUp': {
      const [taskId, findingCode] = id.split('/');
      const finding = l.results.get(taskId)?.findings.find((candidate) => candidate.code === findingCode);
      const row = taskRow(l, taskId, (r) => `检查发现问题，检查后 ${workdaysBetween(r.inspectedOn ?? r.plannedOn!, rules.asOf)} 个工作日仍无后续处置`);
      return { ...row, id, subject: finding?.description ?? row.subject };
    }
    case 'riskDraws': {
      const plan = l.plans.get(id);
      return { ...blank(id, '抽取检查对象时未按信用风险分类设定抽查比例'), subject: plan?.title ?? null, plannedOn: plan?.drawnOn ?? null };
    }
    case 'planPublishedOnTime': {
      const plan = l.plans.get(id);
      const published = plan?.publishedOn !== undefined && plan.publishedOn <= rules.asOf ? plan.publishedOn : null;
      const workdaysLate = late(rules.planDeadline, published ?? rules.asOf);
      const reason = published ? `年度抽查计划于 ${published} 公示，晚于期限 ${rules.planDeadline}` : `年度抽查计划未公示（期限 ${rules.planDeadline}）`;
      return { ...blank(id, reason), subject: plan?.title ?? null, dueOn: rules.planDeadline, publishedOn: published, workdaysLate };
    }
    case 'businessesSampled':
      return { ...blank(id, '本年度已抽查'), uscc: id, divisionCode: division(l, id) };
    case 'unmergedDuplicates':
    case 'overVisitCap':
      return blank(id, key === 'overVisitCap' ? '超过入企检查频次上限' : '未合并的重复检查');
  }
}

/** The rows behind one indicator's list, in the list's order. */
export function listRows(key: IndicatorKey, ids: readonly string[], input: UnitStatisticsInput, rules: CountingRules): ListRow[] {
  const l = lookups(input, rules);
  return ids.map((id) => rowOf(l, key, id));
}

/**
 * Results not yet published whose 20-working-day limit has not passed by asOf but will within
 * `withinWorkdays` working days: what the unit must publish this week to stay on time. Tasks
 * count as in unit-counts.ts (of the year, planned and completed by asOf, not cancelled).
 */
export function publicationsDue(input: UnitStatisticsInput, rules: CountingRules, withinWorkdays: number): ListRow[] {
  const l = lookups(input, rules);
  const horizon = addWorkdays(rules.asOf, withinWorkdays);
  const rows: ListRow[] = [];
  for (const task of input.tasks) {
    if (task.status !== 'completed' || task.plannedOn > rules.asOf) continue;
    const plan = l.plans.get(task.planId);
    if (plan ? plan.year !== rules.year : !task.plannedOn.startsWith(`${rules.year}-`)) continue;
    const inspected = l.results.get(task.id)?.inspectedOn ?? task.plannedOn;
    if (inspected > rules.asOf || publishedDay(l, task.id) !== null) continue;
    const due = addWorkdays(inspected, rules.publicationWorkdays);
    if (due < rules.asOf || due > horizon) continue;
    const left = workdaysBetween(rules.asOf, due);
    rows.push(
      taskRow(l, task.id, (row) => {
        row.dueOn = due;
        return left === 0 ? '检查结果今天必须公示' : `检查结果须在 ${left} 个工作日内公示`;
      }),
    );
  }
  return rows.sort((a, b) => a.dueOn!.localeCompare(b.dueOn!) || a.id.localeCompare(b.id));
}
