// Shared by the duplicate-inspection suites: GraphQL operations, and planting future duplicate
// visits (pending tasks of several units for one business in December 2025, each within a
// plan of its unit) through the graph, since every duplicate the generator planted has already
// taken place and done checks cannot be merged.
import { findUnit } from '../../config/units';
import { dataCityOfUscc } from '../../config/divisions';
import { datasetFor } from '../../platforms/data/generate';
import type { Dataset, Plan } from '../../platforms/data/model';
import { describeDay } from '../../lib/workdays';
import { addDays } from '../../platforms/data/dates';
import { call, ok } from './joint-plans';
import { OFFICE, type TestSystem } from './system';

export const GROUP_FIELDS = `key uscc month firstDate lastDate unitCodes taskIds visitsSaved mergeable
  visits { date taskIds unitCodes jointGroupId } tasks { id unitCode planId status itemCodes inspectorIds }
  overlappingItems { checkKey itemCodes unitCodes } planPeriods { planId unitCode start end } commonPeriod { start end } mergeDates { start end }`;

export const DUPLICATES = `query ($period: DuplicatePeriodInput!, $filter: DuplicateFilterInput, $first: Int, $after: String, $window: DuplicateWindowInput) {
  duplicateVisits(period: $period, filter: $filter, first: $first, after: $after, window: $window) {
    totalCount visitsSaved pageInfo { hasNextPage endCursor } edges { cursor node { ${GROUP_FIELDS} } } } }`;

export const REPORT = `query ($period: DuplicatePeriodInput!) { duplicateReport(period: $period) {
  duplicateGroups visitsSaved businessesOverCap pendingMerges appliedMerges groups { key } overCap { uscc unitCode visits cap } } }`;

export const MERGE_FIELDS = `id groupKey state jointDate jointGroupId leadUnit appliedAt
  units { unitCode lead originalTaskIds itemCodes inspectorIds jointTaskId cancelled done lastError } auditTrail { action }`;
export const MERGE = `mutation ($key: ID!, $date: String!, $lead: ID) { mergeDuplicateGroup(groupKey: $key, date: $date, leadUnit: $lead) { ${MERGE_FIELDS} } }`;
export const RESUME = `mutation ($id: ID!) { resumeMerge(id: $id) { ${MERGE_FIELDS} } }`;

/** The working days of a range (China's official calendar): a merge is refused on a day off. */
export function workdaysIn(range: { start: string; end: string }): string[] {
  const days: string[] = [];
  for (let day = range.start; day <= range.end; day = addDays(day, 1)) if (describeDay(day).workday) days.push(day);
  return days;
}

export interface PlatformTask {
  id: string;
  unitCode: string;
  planId: string;
  status: string;
  plannedOn: string;
  itemCodes: string[];
  jointGroupId: string | null;
}

/** Every task the units' platforms hold for a business, read through the graph. */
export async function tasksOfBusiness(system: TestSystem, uscc: string, unitCodes: readonly string[]): Promise<PlatformTask[]> {
  const fields = unitCodes.map((code, i) => `u${i}: department(code: "${code}") { tasksOf(usccs: $u) { id unitCode planId status plannedOn itemCodes jointGroupId } }`);
  const data = await ok<Record<string, { tasksOf: PlatformTask[] }>>(system, `query ($u: [ID!]!) { ${fields.join('\n')} }`, { u: [uscc] });
  return Object.values(data).flatMap((entry) => entry.tasksOf.map((task) => ({ ...task, status: task.status.toLowerCase() })));
}

export interface PlantedVisit {
  unitCode: string;
  plannedOn: string;
  itemCodes?: string[];
}

function coveringPlan(dataset: Dataset, unitCode: string, from: string, to: string): Plan {
  const plan = dataset.units[unitCode].plans.find((candidate) => candidate.periodStart <= from && candidate.periodEnd >= to);
  if (!plan) throw new Error(`no plan of ${unitCode} covers ${from}..${to}`);
  return plan;
}

/** Businesses no unit of the dataset ever visits, in credit-code order. */
export function unvisitedBusinesses(city = '440800'): string[] {
  const dataset = datasetFor('test');
  const visited = new Set(Object.values(dataset.units).flatMap((unit) => unit.tasks.map((task) => task.uscc)));
  return dataset.enterprises.map((enterprise) => enterprise.uscc).filter((uscc) => !visited.has(uscc) && dataCityOfUscc(uscc) === city).sort();
}

/** Creates pending tasks (one per visit) through the graph as the office; answers their ids. */
export async function plantVisits(system: TestSystem, uscc: string, visits: readonly PlantedVisit[], tag: string): Promise<string[]> {
  const dataset = datasetFor('test');
  const ids: string[] = [];
  for (const [index, visit] of visits.entries()) {
    const unit = dataset.units[visit.unitCode];
    const plan = coveringPlan(dataset, visit.unitCode, '2025-12-01', '2025-12-15');
    const inspectors = unit.inspectors.filter((inspector) => inspector.active).slice(0, 2).map((inspector) => inspector.id);
    const platform = findUnit(visit.unitCode)!.platform;
    const task = {
      externalKey: `plant/${tag}/${index}`,
      planId: plan.id,
      uscc,
      itemCodes: visit.itemCodes ?? [plan.itemCodes[0]],
      inspectorIds: inspectors,
      plannedOn: visit.plannedOn,
    };
    const query = `mutation ($c: ID!, $t: [NewTaskInput!]!) { created: ${platform}CreateTasks(unitCode: $c, tasks: $t) { task { id } } }`;
    const data = await ok<{ created: { task: { id: string } }[] }>(system, query, { c: visit.unitCode, t: [task] });
    ids.push(data.created[0].task.id);
  }
  return ids.sort();
}

export async function allGroups<T = { key: string; uscc: string; month: string; taskIds: string[]; unitCodes: string[] }>(
  system: TestSystem,
  period: Record<string, unknown>,
  first = 100,
): Promise<T[]> {
  const nodes: T[] = [];
  let after: string | null = null;
  do {
    const data: { duplicateVisits: { edges: { node: T }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await ok(system, DUPLICATES, { period, first, after });
    nodes.push(...data.duplicateVisits.edges.map((edge) => edge.node));
    after = data.duplicateVisits.pageInfo.hasNextPage ? data.duplicateVisits.pageInfo.endCursor : null;
  } while (after);
  return nodes;
}

export { call, ok, OFFICE };
