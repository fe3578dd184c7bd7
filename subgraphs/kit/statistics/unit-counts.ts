// Unit-side counting: runs next to one unit's data (inside its department subgraph) and
// returns only counts, plus the ids behind them when asked. Pure: no I/O, no clock.
//
// Rules (year Y, as-of day A). Everything is judged as it stood on A: nothing dated after A
// counts yet (a plan, a task, a result, a publication, a follow-up):
// - a plan is of the year when plan.year = Y; it exists from its first trace (published, drawn
//   or its period started) on; a task is of the year when its plan is (or, plan unknown, when
//   it was planned in Y), and counts once its planned day is ≤ A; cancelled tasks count nowhere;
//   a task is completed as of A when its result's inspection day (else planned day) is ≤ A;
// - 1 itemCoverage: the unit's items named by any plan of Y existing on A;
// - 2 jointTasks: tasks with a jointGroupId or of a joint plan, among the tasks counted;
// - 3 certifiedInDirectory: roster certificate numbers found in the inspector directory
//   (active or not), among the roster (a snapshot: the platforms keep no history of it);
// - 4 drawnInspected: tasks completed as of A among the tasks due by A. A task is due on its
//   planned inspection day, not at the end of its plan's period: plans run most of the year,
//   so waiting for the period's end would leave every mid-year figure 0/0, while a supervisor
//   asks "of the inspections that should have taken place by now, how many did?";
// - 5/6 resultsPublished / publishedOnTime: tasks completed as of A; a result is due
//   `publicationWorkdays` working days after its inspection day (lib/workdays.ts). A task that
//   is unpublished while A ≤ its due day is pending and counts in neither. Publications after
//   A are treated as not yet made. On time: published (Beijing day) ≤ due day;
// - 7 riskItems: items with riskBased (a snapshot); riskDraws: plans of Y drawn by A (drawnOn
//   ≤ A, or without drawnOn a task of it planned by A) whose draw used credit-risk ratios;
// - 8 businessesSampled: distinct businesses of the tasks counted / directory size (per
//   division: the businesses of that division / that division's directory size); the office
//   makes the jurisdiction's and divisions' figures distinct across units
//   (subgraphs/joint-office/statistics/distinct-sampled.ts);
// - 9 findingsFollowedUp: findings of results inspected by A with a follow-up handled by A;
// - 10 planPublishedOnTime: 1 case per unit, counted when its earliest plan of Y published by
//   A was published by the deadline; no case while A is before the deadline and nothing is
//   published yet; the list names the plans of Y published late or never;
// - 11 come from the duplicates module as plain numbers: given here, or merged in at the
//   office with withDuplicateFigures (subgraphs/joint-office/statistics/duplicate-figures.ts).
import type { CertifiedOfficer, FollowUp, Inspector, Item, Plan, Result, Task } from '../../../platforms/data/model';
import { findUnit } from '../../../config/units';
import { StatisticsError, type JurisdictionConfig } from '../../../config/jurisdictions';
import { addWorkdays, chinaDay, isIsoDay } from '../../../lib/workdays';
import { DUPLICATE_KEYS, UNKNOWN_DIVISION, type UnitCounts } from './catalog';
import { CountTally } from './tally';

/** Figures of the duplicates module for this unit and year. */
export interface DuplicateFigures {
  unmergedDuplicates: number;
  overVisitCap: number;
  /** Ids of the duplicate visits left unmerged, for the list behind the figure. */
  unmergedIds?: readonly string[];
  /** Credit codes of the businesses over the cap. */
  overCapUsccs?: readonly string[];
  byDivision?: Readonly<Record<string, { unmergedDuplicates: number; overVisitCap: number }>>;
}

export interface UnitStatisticsInput {
  unitCode: string;
  items: readonly Item[];
  inspectors: readonly Inspector[];
  certifiedOfficers: readonly CertifiedOfficer[];
  plans: readonly Plan[];
  tasks: readonly Task[];
  results: readonly Result[];
  followUps: readonly FollowUp[];
  /** Number of businesses in the unit's target directory. */
  directorySize: number;
  /** Directory size per county-level division (GB/T 2260), for the split by division. */
  directorySizeByDivision?: Readonly<Record<string, number>>;
  /** Division of each business the tasks name; without it there is no split by division. */
  businessDivisions?: ReadonlyMap<string, string>;
  /** Earliest publication instant (or day) per task id. */
  publishedAtByTaskId: ReadonlyMap<string, string>;
  /** Absent when the duplicates module runs at the office: indicator 11 is then `notCounted`. */
  duplicates?: DuplicateFigures;
}

export interface CountingRules {
  year: number;
  /** Day the counts are taken on (YYYY-MM-DD). */
  asOf: string;
  planDeadline: string;
  publicationWorkdays: number;
  /** Return the ids behind each count too. */
  includeLists?: boolean;
}

export function countingRules(config: JurisdictionConfig, asOf: string, includeLists = false): CountingRules {
  return { year: config.year, asOf, planDeadline: config.planDeadline, publicationWorkdays: config.publicationWorkdays, includeLists };
}

function checkInput(input: UnitStatisticsInput, rules: CountingRules): void {
  if (!findUnit(input.unitCode)) throw new StatisticsError('UNKNOWN_UNIT', `Unknown unit ${input.unitCode}`, { unitCode: input.unitCode });
  if (!isIsoDay(rules.asOf) || !isIsoDay(rules.planDeadline)) {
    throw new StatisticsError('BAD_INPUT', `asOf and planDeadline must be days YYYY-MM-DD, got ${rules.asOf}, ${rules.planDeadline}`);
  }
  if (!Number.isInteger(rules.year) || !Number.isInteger(rules.publicationWorkdays) || rules.publicationWorkdays < 0) {
    throw new StatisticsError('BAD_INPUT', 'year and publicationWorkdays must be whole numbers');
  }
  const sizes = [input.directorySize, ...Object.values(input.directorySizeByDivision ?? {})];
  if (sizes.some((size) => !Number.isInteger(size) || size < 0)) {
    throw new StatisticsError('BAD_INPUT', 'Directory sizes must be whole numbers ≥ 0');
  }
}

export function countUnit(input: UnitStatisticsInput, rules: CountingRules): UnitCounts {
  checkInput(input, rules);
  const { year, asOf } = rules;
  const tally = new CountTally(rules.includeLists ?? false);
  const divisionOf = (uscc: string): string | undefined =>
    input.businessDivisions ? (input.businessDivisions.get(uscc) ?? UNKNOWN_DIVISION) : undefined;

  const planById = new Map(input.plans.map((plan) => [plan.id, plan]));
  const plansOfYear = input.plans.filter((plan) => plan.year === year);
  const isOfYear = (task: Task): boolean => {
    const plan = planById.get(task.planId);
    return plan ? plan.year === year : task.plannedOn.startsWith(`${year}-`);
  };
  const tasks = input.tasks.filter((task) => task.status !== 'cancelled' && isOfYear(task) && task.plannedOn <= asOf);
  const inspectedOn = new Map(input.results.map((result) => [result.taskId, result.inspectedOn]));
  const completed = (task: Task): boolean => task.status === 'completed' && (inspectedOn.get(task.id) ?? task.plannedOn) <= asOf;

  // 1 and 7a: the item list.
  const existing = plansOfYear.filter((plan) => [plan.publishedOn, plan.drawnOn, plan.periodStart].some((day) => day !== undefined && day <= asOf));
  const planned = new Set(existing.flatMap((plan) => plan.itemCodes));
  for (const item of input.items) {
    tally.record('itemCoverage', planned.has(item.code), [item.code]);
    tally.record('riskItems', item.riskBased, [item.code]);
  }

  // 2, 4 and 8: the year's tasks.
  const sampled = new Set<string>();
  for (const task of tasks) {
    const plan = planById.get(task.planId);
    const division = divisionOf(task.uscc);
    tally.record('jointTasks', task.jointGroupId !== undefined || plan?.kind === 'joint', [task.id], division);
    tally.record('drawnInspected', completed(task), [task.id], division);
    if (!sampled.has(task.uscc)) {
      sampled.add(task.uscc);
      tally.countIn('businessesSampled', task.uscc, division);
    }
  }
  tally.addToDenominator('businessesSampled', input.directorySize);
  for (const [division, size] of Object.entries(input.directorySizeByDivision ?? {})) {
    tally.addToDenominator('businessesSampled', size, division);
  }

  // 3: roster ∩ directory / roster.
  const inDirectory = new Set(input.inspectors.map((inspector) => inspector.certificateNo).filter(Boolean));
  const roster = new Set(input.certifiedOfficers.map((officer) => officer.certificateNo).filter(Boolean));
  for (const certificateNo of roster) tally.record('certifiedInDirectory', inDirectory.has(certificateNo), [certificateNo]);

  // 5, 6 and 9: results, publications, follow-ups.
  countResults(input, rules, tasks.filter(completed), divisionOf, tally);

  // 7b: draws that used credit-risk ratios, made by A.
  const drawnPlanIds = new Set(input.tasks.filter((task) => task.plannedOn <= asOf).map((task) => task.planId));
  for (const plan of plansOfYear) {
    const drawn = plan.drawnOn !== undefined ? plan.drawnOn <= asOf : drawnPlanIds.has(plan.id);
    if (drawn) tally.record('riskDraws', plan.ratios !== undefined, [plan.id]);
  }

  // 10: the annual plan by the deadline.
  const published = plansOfYear.map((plan) => plan.publishedOn).filter((day): day is string => day !== undefined && day <= asOf);
  const earliest = published.sort()[0];
  const onTime = earliest !== undefined && earliest <= rules.planDeadline;
  if (onTime || asOf > rules.planDeadline) {
    const late = plansOfYear.filter((plan) => plan.publishedOn === undefined || plan.publishedOn > rules.planDeadline);
    tally.record('planPublishedOnTime', onTime, late.map((plan) => plan.id));
  }

  // 11: the duplicates module's figures, when the unit side has them.
  const dup = input.duplicates;
  if (dup) {
    tally.setCount('unmergedDuplicates', dup.unmergedDuplicates, dup.unmergedIds);
    tally.setCount('overVisitCap', dup.overVisitCap, dup.overCapUsccs);
    for (const [division, figures] of Object.entries(dup.byDivision ?? {})) {
      tally.setCount('unmergedDuplicates', figures.unmergedDuplicates, [], division);
      tally.setCount('overVisitCap', figures.overVisitCap, [], division);
    }
  }

  const counts: UnitCounts = { unitCode: input.unitCode, year, asOf, indicators: tally.unitCounts(), divisions: tally.divisionCounts() };
  if (!dup) counts.notCounted = [...DUPLICATE_KEYS];
  return counts;
}

function countResults(
  input: UnitStatisticsInput,
  rules: CountingRules,
  tasks: readonly Task[],
  divisionOf: (uscc: string) => string | undefined,
  tally: CountTally,
): void {
  const resultByTask = new Map(input.results.map((result) => [result.taskId, result]));
  const followedUp = new Set(
    input.followUps.filter((followUp) => followUp.handledOn <= rules.asOf).map((f) => `${f.taskId}/${f.findingCode}`),
  );
  const dueDays = new Map<string, string>();
  const dueDay = (inspectedOn: string): string => {
    let due = dueDays.get(inspectedOn);
    if (due === undefined) {
      due = addWorkdays(inspectedOn, rules.publicationWorkdays);
      dueDays.set(inspectedOn, due);
    }
    return due;
  };

  // `tasks` are the tasks completed as of the as-of day.
  for (const task of tasks) {
    const division = divisionOf(task.uscc);
    const result = resultByTask.get(task.id);
    const due = dueDay(result?.inspectedOn ?? task.plannedOn);
    const publishedAt = input.publishedAtByTaskId.get(task.id);
    // A publication after the as-of day has not happened yet as of that day.
    const publishedDay = publishedAt === undefined ? undefined : chinaDay(publishedAt);
    const published = publishedDay !== undefined && publishedDay <= rules.asOf ? publishedDay : undefined;
    if (published !== undefined || rules.asOf > due) {
      tally.record('resultsPublished', published !== undefined, [task.id], division);
      tally.record('publishedOnTime', published !== undefined && published <= due, [task.id], division);
    }
    for (const finding of result?.findings ?? []) {
      const key = `${task.id}/${finding.code}`;
      tally.record('findingsFollowedUp', followedUp.has(key), [key], division);
    }
  }
}
