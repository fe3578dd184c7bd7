// The office's "待办": what needs action now, each with its deadline in working days and the
// list behind it. Built from what the office already has: the report's figures (findings
// without follow-up, annual plans), the units' results still to publish (kit list-rows.ts
// publicationsDue) and the office's duplicate findings (visits planned past the visit cap,
// duplicate visits that can still be merged).
import { dataCityOfUscc } from '../../../config/divisions';
import { findUnit } from '../../../config/units';
import { ErrorCode, graphError } from '../../../lib/errors';
import { workdaysBetween } from '../../../lib/workdays';
import type { ListRow } from '../../kit/statistics/list-rows';
import type { StatisticsScope } from '../../kit/statistics/scope';
import type { GraphClient } from '../graph-client';
import { findDuplicates, isMergeable } from '../merging/findings';
import type { StatisticsReport } from './indicators';
import type { StatisticsDeps } from './compliance';
import { ROW_FIELDS } from './unit-fetch';
import type { WorkListEntry } from './work-list';

export type AlertKind = 'PUBLICATION_DUE' | 'FINDINGS_OPEN' | 'PLAN_NOT_PUBLISHED' | 'VISIT_CAP_AHEAD' | 'MERGEABLE_DUPLICATES';

export interface Alert {
  kind: AlertKind;
  unitCode: string;
  /** Cases needing action. */
  count: number;
  title: string;
  /** The last day to act (null: already overdue with no day left to keep). */
  deadline: string | null;
  /** Working days from asOf to the deadline (negative: overdue by that many). */
  workdaysLeft: number | null;
  /** The figure whose list holds the cases (the console's link), when there is one. */
  indicator: string | null;
  /** The cases themselves, when they are not a figure's list. */
  rows: WorkListEntry[];
}

/** How far ahead results to publish are announced: one working week. */
export const PUBLICATION_HORIZON_WORKDAYS = 5;

const unitName = (code: string) => findUnit(code)?.name ?? code;
const left = (asOf: string, day: string) => workdaysBetween(asOf, day);

const DUE_QUERY = `query OfficePublicationsDue($jurisdiction: ID!, $year: Int!, $asOf: String, $within: Int!) {
  departments { code statistics(jurisdiction: $jurisdiction, year: $year, asOf: $asOf, publicationsDueWithin: $within) { publicationsDue { ${ROW_FIELDS} } } }
}`;

async function publicationAlerts(graph: GraphClient, scope: StatisticsScope, units: readonly string[], actor: string | undefined): Promise<Alert[]> {
  const variables = { jurisdiction: scope.judged.code, year: scope.judged.year, asOf: scope.asOf, within: PUBLICATION_HORIZON_WORKDAYS };
  const answer = await graph.query<{ departments: { code: string; statistics: { publicationsDue: ListRow[] | null } | null }[] }>(DUE_QUERY, variables, actor);
  if (!answer.data) throw graphError(ErrorCode.SUBGRAPH_UNAVAILABLE, `No answer from the units: ${answer.errors.map((e) => e.message).join('; ')}`);
  const alerts: Alert[] = [];
  for (const department of answer.data.departments) {
    const rows = department.statistics?.publicationsDue ?? [];
    if (!units.includes(department.code) || rows.length === 0) continue;
    const deadline = rows[0].dueOn!;
    alerts.push({
      kind: 'PUBLICATION_DUE',
      unitCode: department.code,
      count: rows.length,
      title: `${unitName(department.code)}：${rows.length} 条检查结果即将超过 ${scope.counting.publicationWorkdays} 个工作日公示时限`,
      deadline,
      workdaysLeft: left(scope.asOf, deadline),
      indicator: null,
      rows: rows.map((row) => ({ ...row, unitCode: department.code })),
    });
  }
  return alerts;
}

function figureAlerts(report: StatisticsReport, scope: StatisticsScope): Alert[] {
  const alerts: Alert[] = [];
  const deadline = scope.counting.planDeadline;
  for (const unit of report.units) {
    const figure = (key: string) => unit.figures.find((candidate) => candidate.key === key);
    const findings = figure('findingsFollowedUp');
    const open = findings && findings.denominator !== null ? findings.denominator - findings.numerator : 0;
    if (open > 0) {
      alerts.push({
        kind: 'FINDINGS_OPEN', unitCode: unit.code, count: open, deadline: null, workdaysLeft: null, indicator: 'findingsFollowedUp', rows: [],
        title: `${unit.name}：${open} 个检查发现的问题尚无后续处置`,
      });
    }
    const plan = figure('planPublishedOnTime');
    if (plan && plan.denominator === 1 && plan.numerator === 0) {
      alerts.push({
        kind: 'PLAN_NOT_PUBLISHED', unitCode: unit.code, count: 1, deadline, workdaysLeft: left(scope.asOf, deadline), indicator: 'planPublishedOnTime', rows: [],
        title: `${unit.name}：年度抽查计划未在 ${deadline} 前公示`,
      });
    } else if (plan && plan.denominator === 0 && scope.asOf <= deadline) {
      alerts.push({
        kind: 'PLAN_NOT_PUBLISHED', unitCode: unit.code, count: 1, deadline, workdaysLeft: left(scope.asOf, deadline), indicator: 'planPublishedOnTime', rows: [],
        title: `${unit.name}：年度抽查计划尚未公示，期限 ${deadline}`,
      });
    }
  }
  return alerts;
}

const blankRow = (id: string, uscc: string | null, reason: string, dueOn: string | null): ListRow => ({
  id, uscc, divisionCode: null, subject: null, plannedOn: dueOn, inspectedOn: null, dueOn, publishedOn: null, workdaysLate: null, reason,
});

/** Planned visits that will pass the cap, and duplicate visits that can still be merged (before their first visit). */
async function duplicateAlerts(scope: StatisticsScope, units: readonly string[], deps: StatisticsDeps): Promise<Alert[]> {
  const cap = scope.counting.visitCap.maxVisitsPerYear;
  const year = scope.counting.year;
  const findings = await findDuplicates(deps, { period: { year }, caps: { perUnitPerYear: cap } });
  const plannedOn = new Map(findings.input.tasks.map((task) => [task.id, task.plannedOn]));
  const alerts: Alert[] = [];
  const ahead = new Map<string, WorkListEntry[]>();
  const ofCity = (uscc: string) => dataCityOfUscc(uscc) === scope.dataJurisdiction;
  for (const entry of findings.overCap) {
    if (entry.unitCode === null || !units.includes(entry.unitCode) || !ofCity(entry.uscc)) continue;
    const days = entry.taskIds.map((id) => plannedOn.get(id)!).sort();
    // Over the cap only with visits still to come: cancelling or merging those keeps it.
    const next = days[cap];
    if (next === undefined || next <= scope.asOf) continue;
    const row = blankRow(entry.uscc, entry.uscc, `本年度已安排 ${entry.visits} 次检查，上限 ${cap} 次；第 ${cap + 1} 次计划于 ${next}`, next);
    ahead.set(entry.unitCode, [...(ahead.get(entry.unitCode) ?? []), { ...row, unitCode: entry.unitCode }]);
  }
  for (const [unitCode, rows] of ahead) {
    rows.sort((a, b) => a.dueOn!.localeCompare(b.dueOn!));
    alerts.push({
      kind: 'VISIT_CAP_AHEAD', unitCode, count: rows.length, deadline: rows[0].dueOn, workdaysLeft: left(scope.asOf, rows[0].dueOn!), indicator: null, rows,
      title: `${unitName(unitCode)}：${rows.length} 家企业按计划将超过入企检查频次上限（每年 ${cap} 次）`,
    });
  }
  const mergeable = new Map<string, WorkListEntry[]>();
  for (const group of findings.groups) {
    if (!isMergeable(group) || group.firstDate <= scope.asOf || !ofCity(group.uscc)) continue;
    for (const unitCode of group.unitCodes) {
      if (!units.includes(unitCode)) continue;
      const others = group.unitCodes.filter((code) => code !== unitCode).map(unitName).join('、');
      const row = blankRow(group.key, group.uscc, `与${others}同期检查同一企业，可在 ${group.firstDate} 前合并为一次联合检查`, group.firstDate);
      mergeable.set(unitCode, [...(mergeable.get(unitCode) ?? []), { ...row, unitCode }]);
    }
  }
  for (const [unitCode, rows] of mergeable) {
    rows.sort((a, b) => a.dueOn!.localeCompare(b.dueOn!));
    alerts.push({
      kind: 'MERGEABLE_DUPLICATES', unitCode, count: rows.length, deadline: rows[0].dueOn, workdaysLeft: left(scope.asOf, rows[0].dueOn!), indicator: 'unmergedDuplicates', rows,
      title: `${unitName(unitCode)}：${rows.length} 组重复检查仍可合并`,
    });
  }
  return alerts;
}

/** Overdue first, then the nearest deadline; open-ended ones last, largest first. */
function byUrgency(a: Alert, b: Alert): number {
  const da = a.workdaysLeft ?? Number.POSITIVE_INFINITY;
  const db = b.workdaysLeft ?? Number.POSITIVE_INFINITY;
  return da - db || b.count - a.count || a.unitCode.localeCompare(b.unitCode);
}

export interface AlertsResult {
  alerts: Alert[];
  /** Parts that could not be read (Chinese): the alerts shown are then incomplete. */
  missing: string[];
}

export async function complianceAlerts(graph: GraphClient, scope: StatisticsScope, report: StatisticsReport, units: readonly string[], deps: StatisticsDeps): Promise<AlertsResult> {
  const missing: string[] = [];
  const settle = (part: string) => (error: unknown): Alert[] => {
    missing.push(`${part}：${(error as Error).message}`);
    return [];
  };
  const [due, duplicates] = await Promise.all([
    publicationAlerts(graph, scope, units, deps.actor).catch(settle('待公示结果')),
    duplicateAlerts(scope, units, deps).catch(settle('重复检查与检查频次')),
  ]);
  if (!report.complete) missing.push(`部分单位数据未返回：${report.missingUnits.map((unit) => unit.name).join('、')}`);
  return { alerts: [...due, ...figureAlerts(report, scope), ...duplicates].sort(byUrgency), missing };
}
