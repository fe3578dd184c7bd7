// Matching before the visit, the core: which planned visits become one joint visit, on which day,
// checked against the generator's ground truth of a whole year; and the visit check's caps and
// joinable visits on hand-made tasks.
import { describe, expect, it } from 'vitest';
import { MEMBER_UNITS } from '../config/units';
import { datasetFor } from '../platforms/data/generate';
import type { Plan, Task, TaskStatus } from '../platforms/data/model';
import { buildCatalogueIndex } from '../subgraphs/joint-office/duplicates';
import { chooseDate, proposeJointVisits } from '../subgraphs/joint-office/matching/proposals';
import { capsFor, checkVisit } from '../subgraphs/joint-office/matching/visit-check';
import { VisitIndex } from '../subgraphs/joint-office/visit-index';

const ALL_UNITS = MEMBER_UNITS.map((unit) => unit.code);
const B = '91350100M000100Y43';

function plan(id: string, unitCode: string, periodStart: string, periodEnd: string): Plan {
  return { id, unitCode, year: 2025, title: id, kind: 'single', leadUnit: unitCode, participatingUnits: [unitCode], itemCodes: [], scope: { divisionCodes: [], industryCodes: [], tags: [] }, periodStart, periodEnd };
}

let nextId = 0;
function task(unitCode: string, planId: string, plannedOn: string, status: TaskStatus = 'pending', extra: Partial<Task> = {}): Task {
  return { id: `t${String(nextId++).padStart(3, '0')}`, planId, unitCode, uscc: B, itemCodes: [`${unitCode}-I01`], inspectorIds: [], plannedOn, status, ...extra };
}

const PLANS = [
  plan('P-market', 'market', '2025-03-01', '2025-09-30'),
  plan('P-fire', 'fire', '2025-06-01', '2025-12-31'),
  plan('P-health', 'health', '2025-01-01', '2025-04-30'),
  plan('P-tax', 'tax', '2025-01-01', '2025-12-31'),
  plan('P-ecology', 'ecology', '2025-07-01', '2025-12-31'),
];

describe('proposals on the generated year', () => {
  it.each(['test', 'default'] as const)('at %s scale save at least the visits the duplicates among not-yet-started tasks would, each such group inside one proposal', (scale) => {
    const dataset = datasetFor(scale);
    const tasks = Object.values(dataset.units).flatMap((unit) => unit.tasks);
    const plans = Object.values(dataset.units).flatMap((unit) => unit.plans);
    const byId = new Map(tasks.map((t) => [t.id, t]));
    const pending = dataset.truth.duplicateVisits.filter((group) => group.taskIds.every((id) => byId.get(id)!.status === 'pending'));
    expect(pending.length).toBeGreaterThan(0);
    // Visits of a truth group: lone tasks, and joint inspections counted once.
    const truthSaved = pending.reduce((sum, group) => sum + new Set(group.taskIds.map((id) => byId.get(id)!.jointGroupId ?? id)).size - 1, 0);

    const proposals = proposeJointVisits({ tasks, plans }, { year: 2025, unitCodes: ALL_UNITS });
    const saved = proposals.reduce((sum, proposal) => sum + proposal.visitsSaved, 0);
    expect(saved).toBeGreaterThanOrEqual(truthSaved);
    const proposalOf = new Map(proposals.flatMap((proposal) => proposal.taskIds.map((id) => [id, proposal.key])));
    for (const group of pending) expect(new Set(group.taskIds.map((id) => proposalOf.get(id)))).toEqual(new Set([proposalOf.get(group.taskIds[0])!]));

    for (const proposal of proposals) {
      expect(proposal.tasks.every((t) => t.status === 'pending')).toBe(true);
      expect(proposal.unitCodes.length).toBeGreaterThanOrEqual(2);
      expect(proposal.visitsSaved).toBe(proposal.visits.length - 1);
      // The day lies in every plan of every task.
      for (const period of proposal.planPeriods) expect(proposal.proposedDate >= period.start && proposal.proposedDate <= period.end).toBe(true);
      expect(proposal.proposedDate >= proposal.allowedDates.start && proposal.proposedDate <= proposal.allowedDates.end).toBe(true);
    }
    // Most visits saved first.
    expect(proposals.map((p) => p.visitsSaved)).toEqual([...proposals.map((p) => p.visitsSaved)].sort((a, b) => b - a));
  });
});

describe('proposals on hand-made visits', () => {
  const propose = (tasks: Task[], unitCodes = ALL_UNITS) => proposeJointVisits({ tasks, plans: PLANS }, { year: 2025, unitCodes });

  it('matches planned visits of different months whose plans share days, proposing a visit’s own day', () => {
    const market = task('market', 'P-market', '2025-04-10');
    const fire = task('fire', 'P-fire', '2025-11-20');
    const [proposal, ...rest] = propose([market, fire]);
    expect(rest).toEqual([]);
    expect(proposal).toMatchObject({ unitCodes: ['fire', 'market'], visitsSaved: 1, leadUnit: 'market', allowedDates: { start: '2025-06-01', end: '2025-09-30' } });
    // Neither own day is allowed by both plans: the first working day of an allowed month.
    expect(proposal.proposedDate).toBe('2025-06-03');
  });

  it('never matches plans without a common day, started visits, one unit alone, or units outside the joint meeting', () => {
    expect(propose([task('health', 'P-health', '2025-02-10'), task('fire', 'P-fire', '2025-07-01')])).toEqual([]);
    expect(propose([task('market', 'P-market', '2025-07-10', 'in_progress'), task('fire', 'P-fire', '2025-07-20')])).toEqual([]);
    expect(propose([task('market', 'P-market', '2025-07-10'), task('market', 'P-market', '2025-07-20')])).toEqual([]);
    expect(propose([task('market', 'P-market', '2025-07-10'), task('fire', 'P-fire', '2025-07-20')], ['market', 'tax'])).toEqual([]);
  });

  it('covers the visits with the fewest joint visits: the one that must come first fixes the day', () => {
    // health (Jan–Apr) shares Mar–Apr with market (Mar–Sep) only; ecology (Jul–Dec) and fire
    // (Jun–Dec) share with market too, but market goes once: health+market, then ecology+fire.
    const tasks = [task('health', 'P-health', '2025-04-01'), task('market', 'P-market', '2025-04-02'), task('fire', 'P-fire', '2025-10-01'), task('ecology', 'P-ecology', '2025-10-02')];
    const proposals = propose(tasks);
    // The visits' own days 10-01 and 10-02 are National Day (国庆节, 10-01..10-08): no joint visit
    // is proposed on a day off, so it goes to the first working day of October.
    expect(proposals.map((p) => [p.unitCodes, p.proposedDate])).toEqual([
      [['health', 'market'], '2025-04-01'],
      [['ecology', 'fire'], '2025-10-09'],
    ]);
  });

  it('a joint inspection already planned is one visit and may take in another unit', () => {
    const joint = [task('market', 'P-market', '2025-07-07', 'pending', { jointGroupId: 'J1' }), task('tax', 'P-tax', '2025-07-07', 'pending', { jointGroupId: 'J1' })];
    const [proposal] = propose([...joint, task('fire', 'P-fire', '2025-07-21')]);
    expect(proposal).toMatchObject({ unitCodes: ['fire', 'market', 'tax'], visitsSaved: 1, proposedDate: '2025-07-07' });
  });

  it('the proposed day avoids a month where the business has another visit', () => {
    expect(chooseDate({ start: '2025-06-01', end: '2025-09-30' }, [], ['2025-06-15'])).toBe('2025-07-01');
    // July holds a done visit of tax: June, the first month both plans allow (1 June a Sunday, 2 June 端午节).
    const [proposal] = propose([task('market', 'P-market', '2025-07-10'), task('fire', 'P-fire', '2025-07-20'), task('tax', 'P-tax', '2025-07-03', 'completed')]);
    expect(proposal.proposedDate).toBe('2025-06-03');
  });
});

describe('visit check', () => {
  const { caps } = capsFor(2025);
  const context = { caps, unitPlans: [PLANS[0]], catalogue: buildCatalogueIndex([['market-I01', 'fire-I07']]) };
  const request = { uscc: B, unitCode: 'market', date: '2025-07-15', itemCodes: ['market-I01'] };

  it('uses the jurisdiction’s caps: 2 per unit, 4 in total (no seed gives them)', () => {
    expect(caps).toEqual({ jurisdiction: '440800', perUnitPerYear: 2, totalPerYear: 4, fromSeed: false });
  });

  it('a business without visits: a new visit is allowed, nothing to join', () => {
    expect(checkVisit([], request, context)).toMatchObject({ allowed: true, decision: 'new_visit', unitVisits: 0, totalVisits: 0, exceeded: [], joinable: [] });
  });

  it('refuses a third visit of the unit in the year, naming the visits counted', () => {
    const done = [task('market', 'P-market', '2025-03-10', 'completed'), task('market', 'P-market', '2025-05-10', 'completed'), task('market', 'P-market', '2024-05-10', 'completed')];
    const answer = checkVisit(done, request, context);
    expect(answer).toMatchObject({ allowed: false, decision: 'refuse', unitVisits: 2, exceeded: [{ scope: 'unit', cap: 2, visits: 3, taskIds: [done[0].id, done[1].id] }] });
  });

  it('over the total cap, names the planned visit of another unit to join instead', () => {
    const others = [
      task('tax', 'P-tax', '2025-02-10', 'completed'),
      task('health', 'P-health', '2025-03-10', 'completed'),
      task('fire', 'P-fire', '2025-09-10', 'pending', { itemCodes: ['fire-I07'] }),
      task('fire', 'P-fire', '2025-07-20', 'pending'),
      task('tax', 'P-tax', '2025-10-10', 'pending'),
      task('market', 'P-market', '2025-07-18', 'cancelled'),
    ];
    const answer = checkVisit(others, request, context);
    expect(answer).toMatchObject({ allowed: false, decision: 'join', unitVisits: 0, totalVisits: 5 });
    expect(answer.exceeded).toEqual([{ scope: 'total', cap: 4, visits: 6, taskIds: others.slice(0, 5).map((t) => t.id).sort() }]);
    // Only visits inside the unit's plan covering the date (Mar–Sep), not started, closest first.
    expect(answer.joinable.map((visit) => [visit.taskIds, visit.daysApart, visit.planId, visit.repeatedItems])).toEqual([
      [[others[3].id], 5, 'P-market', []],
      [[others[2].id], 57, 'P-market', ['market-I01']],
    ]);
  });
});

describe('the visit index by business', () => {
  it('keeps each business’s tasks in their latest state through updates, restores and resets', () => {
    const index = new VisitIndex(['market', 'fire']);
    const first = task('market', 'P-market', '2025-07-01');
    index.restore([first, task('fire', 'P-fire', '2025-07-02')], new Map());
    expect(index.tasksOf(B).map((t) => t.id).sort()).toEqual([first.id, `t${String(nextId - 1).padStart(3, '0')}`].sort());
    const moved = { ...first, plannedOn: '2025-08-01', status: 'cancelled' as const };
    index.apply('market', [moved], 'c1', 0);
    expect(index.tasksOf(B).filter((t) => t.unitCode === 'market')).toEqual([moved]);
    index.reset('fire');
    expect(index.tasksOf(B)).toEqual([moved]);
    index.reset('market');
    expect(index.tasksOf(B)).toEqual([]);
  });
});
