// Matching before the visit through the real gateway, on the generated year: the office's
// proposals cover the duplicates among not-yet-started tasks, accepting one (as its lead unit)
// makes one joint visit on the platforms and removes it from both lists; visitCheck refuses a
// visit over a cap and names the visit to join; every refusal has its code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetFor } from '../platforms/data/generate';
import { DUPLICATES, MERGE_FIELDS, REPORT, allGroups, call, ok, plantVisits, tasksOfBusiness, unvisitedBusinesses } from './helpers/duplicates';
import { errorCode } from './helpers/joint-plans';
import type { Role } from '../lib/roles';
import { OFFICE, PUBLIC, department, startTestSystem, type TestSystem } from './helpers/system';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.close();
});

const PROPOSALS = `query ($year: Int!, $filter: VisitProposalFilterInput, $first: Int, $after: String) {
  visitProposals(year: $year, filter: $filter, first: $first, after: $after) {
    totalCount visitsSaved pageInfo { hasNextPage endCursor }
    edges { node { key uscc year leadUnit unitCodes taskIds visitsSaved proposedDate allowedDates { start end }
      visits { date taskIds unitCodes } tasks { id unitCode planId plannedOn itemCodes } planPeriods { planId start end } } } } }`;
const ACCEPT = `mutation ($key: ID!, $year: Int!, $date: String, $lead: ID) { acceptVisitProposal(key: $key, year: $year, date: $date, leadUnit: $lead) { ${MERGE_FIELDS} } }`;
const CHECK = `query ($uscc: ID!, $unit: ID!, $date: String!, $items: [ID!]) { visitCheck(uscc: $uscc, unit: $unit, date: $date, items: $items) {
  uscc unitCode date year decision allowed unitVisits totalVisits caps { jurisdiction perUnitPerYear totalPerYear fromSeed }
  exceeded { scope cap visits taskIds } joinable { date unitCodes taskIds itemCodes repeatedItems daysApart withinCaps planId } } }`;

interface Proposal {
  key: string;
  uscc: string;
  leadUnit: string;
  unitCodes: string[];
  taskIds: string[];
  visitsSaved: number;
  proposedDate: string;
  allowedDates: { start: string; end: string };
}

const dataset = datasetFor('test');
const statusOf = new Map(Object.values(dataset.units).flatMap((unit) => unit.tasks).map((task) => [task.id, task]));

async function proposals(role: Role = OFFICE): Promise<{ list: Proposal[]; visitsSaved: number }> {
  const data = await ok(system, PROPOSALS, { year: 2025, first: 100 }, role);
  return { list: data.visitProposals.edges.map((edge: { node: Proposal }) => edge.node), visitsSaved: data.visitProposals.visitsSaved };
}

describe('proposals on the sample year', () => {
  it('save at least the visits of the duplicates among not-yet-started tasks (truth and duplicate report), each inside one proposal', async () => {
    const pendingTruth = dataset.truth.duplicateVisits.filter((group) => group.taskIds.every((id) => statusOf.get(id)!.status === 'pending'));
    expect(pendingTruth.length).toBeGreaterThan(0);
    const truthSaved = pendingTruth.reduce((sum, group) => sum + new Set(group.taskIds.map((id) => statusOf.get(id)!.jointGroupId ?? id)).size - 1, 0);
    const groups = await allGroups<{ taskIds: string[]; visitsSaved: number; tasks: { status: string }[] }>(system, { year: 2025 });
    const notStarted = groups.filter((group) => group.tasks.every((task) => task.status === 'pending'));
    const reportSaved = notStarted.reduce((sum, group) => sum + group.visitsSaved, 0);
    expect(reportSaved).toBe(truthSaved);

    const { list, visitsSaved } = await proposals();
    expect(visitsSaved).toBe(list.reduce((sum, proposal) => sum + proposal.visitsSaved, 0));
    expect(visitsSaved).toBeGreaterThanOrEqual(reportSaved);
    const proposalOf = new Map(list.flatMap((proposal) => proposal.taskIds.map((id) => [id, proposal.key])));
    for (const group of notStarted) expect(new Set(group.taskIds.map((id) => proposalOf.get(id))).size).toBe(1);
    for (const group of notStarted) expect(proposalOf.has(group.taskIds[0])).toBe(true);
  });

  it('a unit sees the proposals it takes part in; the public none; bad arguments are coded', async () => {
    const { list } = await proposals();
    const [top] = list;
    const lead = (await ok(system, PROPOSALS, { year: 2025 }, department(top.leadUnit))).visitProposals;
    expect(lead.edges.map((edge: { node: Proposal }) => edge.node.key)).toContain(top.key);
    const outsider = ['tax', 'finance', 'statistics', 'devreform'].find((unit) => !list.some((proposal) => proposal.unitCodes.includes(unit)))!;
    expect((await ok(system, PROPOSALS, { year: 2025 }, department(outsider))).visitProposals.totalCount).toBe(0);
    expect(errorCode(await call(system, PROPOSALS, { year: 2025, filter: { unitCode: top.leadUnit } }, department(outsider)))).toBe('FORBIDDEN');
    expect(errorCode(await call(system, PROPOSALS, { year: 2025 }, PUBLIC))).toBe('FORBIDDEN');
    expect(errorCode(await call(system, PROPOSALS, { year: 2025, filter: { unitCode: 'nobody' } }))).toBe('UNKNOWN_UNIT');
    expect(errorCode(await call(system, PROPOSALS, { year: 99999 }))).toBe('BAD_INPUT');
    expect(errorCode(await call(system, PROPOSALS, { year: 2025, first: 0 }))).toBe('PAGE_SIZE_TOO_LARGE');
    expect(errorCode(await call(system, PROPOSALS, { year: 2025, after: 'not-a-cursor' }))).toBe('BAD_CURSOR');
  });
});

describe('accepting a proposal', () => {
  it('only the office or the lead unit, on a day every plan allows; unknown keys are coded', async () => {
    const [top] = (await proposals()).list;
    const other = top.unitCodes.find((unit) => unit !== top.leadUnit)!;
    expect(errorCode(await call(system, ACCEPT, { key: top.key, year: 2025 }, department(other)))).toBe('FORBIDDEN');
    expect(errorCode(await call(system, ACCEPT, { key: top.key, year: 2025 }, PUBLIC))).toBe('FORBIDDEN');
    expect(errorCode(await call(system, ACCEPT, { key: top.key, year: 2025, lead: other }, department(top.leadUnit)))).toBe('FORBIDDEN');
    expect(errorCode(await call(system, ACCEPT, { key: 'dup_000000000000000000000000', year: 2025 }))).toBe('UNKNOWN_PROPOSAL');
    expect(errorCode(await call(system, ACCEPT, { key: top.key, year: 2025, date: '2025-02-30' }))).toBe('BAD_INPUT');
    expect(errorCode(await call(system, ACCEPT, { key: top.key, year: 2025, date: '2026-01-05' }))).toBe('DATE_OUTSIDE_PERIOD');
    expect(errorCode(await call(system, ACCEPT, { key: top.key, year: 2025, date: '2025-12-31' }))).toBe('DATE_OUTSIDE_PERIOD');
    expect(errorCode(await call(system, ACCEPT, { key: top.key, year: 2025, lead: 'tax' }))).toBe('UNIT_NOT_IN_GROUP');
    // Nothing was merged by the refusals.
    expect((await proposals()).list.map((proposal) => proposal.key)).toContain(top.key);
  });

  it('the lead unit accepts the top one: one joint visit on the platforms, gone from the proposals and from the duplicate report', async () => {
    const before = await proposals();
    const [top] = before.list;
    const reportBefore = (await ok(system, REPORT, { period: { year: 2025 } })).duplicateReport;
    const groupsBefore = await allGroups<{ key: string; taskIds: string[] }>(system, { year: 2025 });
    const covered = groupsBefore.filter((group) => group.taskIds.some((id) => top.taskIds.includes(id)));
    expect(covered.length).toBeGreaterThan(0);

    const merge = (await ok(system, ACCEPT, { key: top.key, year: 2025 }, department(top.leadUnit))).acceptVisitProposal;
    expect(merge).toMatchObject({ state: 'APPLIED', groupKey: top.key, jointDate: top.proposedDate, leadUnit: top.leadUnit });
    expect(merge.units.every((unit: { done: boolean }) => unit.done)).toBe(true);

    const tasks = await tasksOfBusiness(system, top.uscc, top.unitCodes);
    expect(tasks.filter((task) => top.taskIds.includes(task.id)).every((task) => task.status === 'cancelled')).toBe(true);
    const joint = tasks.filter((task) => task.jointGroupId === merge.id);
    expect(joint.map((task) => task.unitCode).sort()).toEqual(top.unitCodes);
    expect(new Set(joint.map((task) => task.plannedOn))).toEqual(new Set([top.proposedDate]));

    const after = await proposals();
    expect(after.list.map((proposal) => proposal.key)).not.toContain(top.key);
    expect(after.visitsSaved).toBe(before.visitsSaved - top.visitsSaved);
    const groupsAfter = await allGroups<{ key: string; taskIds: string[] }>(system, { year: 2025 });
    expect(groupsAfter.filter((group) => group.taskIds.some((id) => top.taskIds.includes(id) || joint.some((task) => task.id === id)))).toEqual([]);
    const reportAfter = (await ok(system, REPORT, { period: { year: 2025 } })).duplicateReport;
    expect(reportAfter.duplicateGroups).toBe(reportBefore.duplicateGroups - covered.length);
    expect(reportAfter.appliedMerges).toBe(reportBefore.appliedMerges + 1);

    // Again: already merged, nothing changes on the platforms.
    expect(errorCode(await call(system, ACCEPT, { key: top.key, year: 2025 }))).toBe('GROUP_ALREADY_MERGED');
    expect(await tasksOfBusiness(system, top.uscc, top.unitCodes)).toEqual(tasks);
  });
});

describe('visitCheck', () => {
  const [crowded, twice, quiet] = unvisitedBusinesses().slice(10, 13);
  const marketItem = dataset.units.market.items[0].code;

  it('over the total cap (4 a year), names the closest planned visit of another unit to join', async () => {
    const planted = await plantVisits(
      system,
      crowded,
      [
        { unitCode: 'fire', plannedOn: '2025-12-03' },
        { unitCode: 'health', plannedOn: '2025-12-05' },
        { unitCode: 'tax', plannedOn: '2025-12-09' },
        { unitCode: 'police', plannedOn: '2025-12-11' },
      ],
      'check-total',
    );
    const answer = (await ok(system, CHECK, { uscc: crowded, unit: 'market', date: '2025-12-04', items: [marketItem] }, department('market'))).visitCheck;
    expect(answer).toMatchObject({ decision: 'JOIN', allowed: false, unitVisits: 0, totalVisits: 4, year: 2025 });
    expect(answer.caps).toEqual({ jurisdiction: '440800', perUnitPerYear: 2, totalPerYear: 4, fromSeed: false });
    expect(answer.exceeded).toEqual([{ scope: 'TOTAL', cap: 4, visits: 5, taskIds: planted }]);
    expect(answer.joinable).toHaveLength(4);
    expect(answer.joinable[0]).toMatchObject({ date: '2025-12-03', unitCodes: ['fire'], daysApart: 1, withinCaps: true });
    const marketPlan = dataset.units.market.plans.find((plan) => plan.periodStart <= '2025-12-03' && plan.periodEnd >= '2025-12-04')!;
    expect(answer.joinable[0].planId).toBe(marketPlan.id);
  });

  it('refuses a third visit of the unit in the year, naming the visits counted', async () => {
    const planted = await plantVisits(system, twice, [{ unitCode: 'market', plannedOn: '2025-12-02' }, { unitCode: 'market', plannedOn: '2025-12-10' }], 'check-unit');
    const answer = (await ok(system, CHECK, { uscc: twice, unit: 'market', date: '2025-12-05' })).visitCheck;
    expect(answer).toMatchObject({ decision: 'REFUSE', allowed: false, unitVisits: 2, totalVisits: 2, joinable: [] });
    expect(answer.exceeded).toEqual([{ scope: 'UNIT', cap: 2, visits: 3, taskIds: planted }]);
    // Another unit may still come, and is told to come with market's closest visit.
    const fire = (await ok(system, CHECK, { uscc: twice, unit: 'fire', date: '2025-12-05' })).visitCheck;
    expect(fire).toMatchObject({ decision: 'JOIN', allowed: true, unitVisits: 0, exceeded: [] });
    expect(fire.joinable.map((visit: { date: string; unitCodes: string[] }) => [visit.date, visit.unitCodes])).toEqual([
      ['2025-12-02', ['market']],
      ['2025-12-10', ['market']],
    ]);
  });

  it('a business without visits: allowed, nothing to join', async () => {
    expect((await ok(system, CHECK, { uscc: quiet, unit: 'market', date: '2025-06-02' })).visitCheck).toMatchObject({ decision: 'NEW_VISIT', allowed: true, totalVisits: 0, exceeded: [], joinable: [] });
  });

  it('bad input and roles have their codes', async () => {
    const base = { uscc: quiet, unit: 'market', date: '2025-06-02' };
    const bad = quiet.slice(0, 17) + (quiet[17] === '0' ? '1' : '0');
    expect(errorCode(await call(system, CHECK, { ...base, uscc: bad }))).toBe('INVALID_USCC');
    expect(errorCode(await call(system, CHECK, { ...base, uscc: 'ABC' }))).toBe('INVALID_USCC');
    expect(errorCode(await call(system, CHECK, { ...base, unit: 'nobody' }))).toBe('UNKNOWN_UNIT');
    expect(errorCode(await call(system, CHECK, { ...base, date: '2025-02-30' }))).toBe('BAD_INPUT');
    expect(errorCode(await call(system, CHECK, { ...base, date: 'tomorrow' }))).toBe('BAD_INPUT');
    expect(errorCode(await call(system, CHECK, { ...base, date: '1850-01-01' }))).toBe('BAD_INPUT');
    expect(errorCode(await call(system, CHECK, { ...base, items: ['fire-I01'] }))).toBe('ITEM_NOT_ON_LIST');
    expect(errorCode(await call(system, CHECK, { ...base, items: Array.from({ length: 51 }, () => marketItem) }))).toBe('BAD_INPUT');
    expect(errorCode(await call(system, CHECK, base, department('fire')))).toBe('FORBIDDEN');
    expect(errorCode(await call(system, CHECK, base, PUBLIC))).toBe('FORBIDDEN');
  });
});
