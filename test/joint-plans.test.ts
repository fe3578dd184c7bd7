// A joint plan end to end through the real gateway: catering in 赤坎区 across market, fire and
// health — compose, draw, publish, dispatch to each unit's platform, follow to completion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataCityOfCertificate } from '../config/divisions';
import { findUnit } from '../config/units';
import { OFFICE, PUBLIC, department, startTestSystem, type TestSystem } from './helpers/system';
import { CREATE, DISPATCH, DRAW, PUBLISH, VISITS, TASKS, call, cateringPlan, errorCode, expectedCandidates, ok, platformTasks } from './helpers/joint-plans';

let system: TestSystem;
let planId = '';
let drawn: { uscc: string; riskClass: string }[] = [];
const UNITS = ['market', 'fire', 'health'];
const ITEM = { market: 'market-I11', fire: 'fire-I02', health: 'health-I01' } as Record<string, string>;

beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

describe('a joint plan for catering in 赤坎区 (market, fire, health)', () => {
  it('composes a draft (office role), with the documented defaults', async () => {
    const data = await ok(system, CREATE, { input: cateringPlan(), key: 'flow-1' });
    planId = data.createJointPlan.id;
    expect(data.createJointPlan).toMatchObject({ state: 'DRAFT', leadUnit: 'market', participatingUnits: ['market', 'fire', 'health'], workloadCap: 30 });
    const exclusions = await ok(system, `query ($id: ID!) { jointPlan(id: $id) { exclusions { inspectedWithinDays statuses } inspectorsPerUnit } }`, { id: planId });
    expect(exclusions.jointPlan).toEqual({ exclusions: { inspectedWithinDays: null, statuses: ['abnormal', 'deregistered', 'revoked'] }, inspectorsPerUnit: 2 });
  });

  it('is hidden from the public and from units outside it while a draft', async () => {
    expect(errorCode(await call(system, `query ($id: ID!) { jointPlan(id: $id) { id } }`, { id: planId }, PUBLIC))).toBe('NOT_FOUND');
    expect(errorCode(await call(system, `query ($id: ID!) { jointPlan(id: $id) { id } }`, { id: planId }, department('ecology')))).toBe('NOT_FOUND');
    const health = await ok(system, `query ($id: ID!) { jointPlan(id: $id) { id state } }`, { id: planId }, department('health'));
    expect(health.jointPlan.state).toBe('DRAFT');
  });

  it('draws from exactly the eligible population, with counts following the ratios', async () => {
    const data = await ok(system, DRAW, { id: planId, seed: '07-19-23-31-42' });
    const result = data.drawJointPlan;
    const expected = expectedCandidates(system.dataset);
    expect(expected.length).toBe(5);
    const document = JSON.parse(result.plan.draw.document);
    expect(document.candidates).toEqual(expected);
    expect(result.population).toMatchObject({ inScope: 40, candidates: 5, notInEveryDirectory: 35 });
    expect(result.seedGenerated).toBe(false);
    expect(result.plan.state).toBe('DRAWN');
    // Round half up of ratio × class size: A 0.5 × 2 = 1; B, C, D at 1 × 1.
    const perClass = (list: { riskClass: string }[], c: string) => list.filter((x) => x.riskClass === c).length;
    expect(['A', 'B', 'C', 'D'].map((c) => perClass(expected, c))).toEqual([2, 1, 1, 1]);
    drawn = result.plan.drawnBusinesses;
    expect(['A', 'B', 'C', 'D'].map((c) => perClass(drawn, c))).toEqual([1, 1, 1, 1]);
    expect(result.plan.draw).toMatchObject({ seed: '07-19-23-31-42', candidateCount: 5, drawnCount: 4, drawSha256: document.drawSha256 });
  });

  it('matches inspectors by the rules, checked against the units\' own data', async () => {
    const data = await ok(system, VISITS, { id: planId });
    const visits = data.jointPlan.visits as { uscc: string; plannedOn: string; jointGroupId: string; units: { unitCode: string; itemCodes: string[]; inspectorIds: string[] }[] }[];
    expect(visits.map((v) => v.uscc)).toEqual(drawn.map((d) => d.uscc));
    const loads = new Map<string, number>();
    for (const visit of visits) {
      expect(visit.plannedOn >= '2026-01-05' && visit.plannedOn <= '2026-02-13').toBe(true);
      expect(visit.jointGroupId).toBe(`${planId}/${visit.uscc}`);
      expect(visit.units.map((u) => u.unitCode).sort()).toEqual([...UNITS].sort());
      for (const unit of visit.units) {
        const data = system.dataset.units[unit.unitCode];
        const specialty = data.items.find((i) => i.code === ITEM[unit.unitCode])!.specialty;
        const last = data.tasks
          .filter((t) => t.uscc === visit.uscc && t.status !== 'cancelled' && t.plannedOn < '2026-01-05')
          .sort((a, b) => (a.plannedOn < b.plannedOn ? -1 : 1))
          .at(-1);
        expect(new Set(unit.inspectorIds).size).toBe(2);
        for (const id of unit.inspectorIds) {
          const inspector = data.inspectors.find((i) => i.id === id)!;
          expect(inspector.active && inspector.certificateNo !== '' && inspector.certificateValidUntil >= '2026-02-13').toBe(true);
          // Zhanjiang's office: never an officer certified by Suizhou, whose officers share the platforms.
          expect(dataCityOfCertificate(inspector.certificateNo)).toBe('440800');
          expect(inspector.specialties).toContain(specialty);
          expect(inspector.conflicts).not.toContain(visit.uscc);
          expect(last?.inspectorIds ?? []).not.toContain(id);
          loads.set(id, (loads.get(id) ?? 0) + 1);
        }
      }
    }
    expect(Math.max(...loads.values())).toBeLessThanOrEqual(30);
    // One date per business shared by its units, spread over the period's working days.
    expect(new Set(visits.map((v) => v.plannedOn)).size).toBe(visits.length);
  });

  it('publishes; the public then sees the plan, the drawn businesses and the evidence, never inspectors', async () => {
    const published = await ok(system, PUBLISH, { id: planId });
    expect(published.publishJointPlan.state).toBe('PUBLISHED');
    expect(published.publishJointPlan.milestones.publishedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const view = await call(system, `query ($id: ID!) { jointPlan(id: $id) { id state drawnBusinesses { uscc riskClass } draw { drawSha256 seed document } } }`, { id: planId }, PUBLIC);
    expect(view.errors).toBeUndefined();
    expect(view.data.jointPlan.drawnBusinesses).toEqual(drawn);
    expect(JSON.stringify(view.data)).not.toMatch(/-R\d{4}/);
    for (const field of ['visits { uscc }', 'tasks { taskKey }', 'auditTrail { id }']) {
      const answer = await call(system, `query ($id: ID!) { jointPlan(id: $id) { id ${field} } }`, { id: planId }, PUBLIC);
      expect(errorCode(answer)).toBe('FORBIDDEN');
      expect(JSON.stringify(answer.data)).not.toMatch(/-R\d{4}/);
    }
    const listed = await ok(system, `{ jointPlans { id } }`, {}, PUBLIC);
    expect(listed.jointPlans.map((p: { id: string }) => p.id)).toContain(planId);
  });

  it('shows a participating unit its own inspectors only', async () => {
    const data = await ok(system, VISITS, { id: planId }, department('fire'));
    for (const visit of data.jointPlan.visits) {
      for (const unit of visit.units) expect(unit.inspectorIds === null).toBe(unit.unitCode !== 'fire');
    }
  });

  it('dispatches every task to its unit\'s platform, once', async () => {
    system.resetPlatformStats();
    const data = await ok(system, DISPATCH, { id: planId });
    expect(data.dispatchJointPlan.state).toBe('DISPATCHED');
    expect(data.dispatchJointPlan.dispatch).toEqual(UNITS.map((unitCode) => ({ unitCode, waiting: 0, created: 4, failed: 0, done: true, lastError: null })).sort((a, b) => (a.unitCode < b.unitCode ? -1 : 1)));
    const counts = system.requestCounts();
    // market and health live on the provincial platform, fire on its own; nothing else is written.
    expect(counts.provincial).toBeGreaterThanOrEqual(2);
    expect(counts.fire).toBeGreaterThanOrEqual(1);
    expect(counts.ecology + counts.emergency).toBe(0);

    const usccs = drawn.map((d) => d.uscc);
    for (const unitCode of UNITS) {
      const tasks = await platformTasks(system, unitCode, planId, usccs);
      expect(tasks.map((t) => t.enterprise.uscc).sort()).toEqual(usccs);
      for (const task of tasks) {
        expect(task.status).toBe('PENDING');
        expect(task.jointGroupId).toBe(`${planId}/${task.enterprise.uscc}`);
      }
      expect(findUnit(unitCode)).toBeDefined();
    }
    const recorded = await ok(system, TASKS, { id: planId });
    expect(recorded.jointPlan.tasks).toHaveLength(12);
    expect(recorded.jointPlan.tasks.every((t: { dispatchState: string; platformTaskId: string }) => t.dispatchState === 'CREATED' && t.platformTaskId)).toBe(true);

    // Dispatching again is a no-op: no platform is called, nothing is created twice.
    system.resetPlatformStats();
    const again = await ok(system, DISPATCH, { id: planId });
    expect(again.dispatchJointPlan.state).toBe('DISPATCHED');
    expect(Object.values(system.requestCounts()).reduce((a, b) => a + b, 0)).toBe(0);
    for (const unitCode of UNITS) expect(await platformTasks(system, unitCode, planId, usccs)).toHaveLength(4);
  });

  it('follows progress from the platforms: pending stays dispatched; all closed → completed', async () => {
    const REFRESH = `mutation ($id: ID!) { refreshJointPlanProgress(id: $id) { plan { state milestones { inProgressAt completedAt } } units { unitCode notDispatched pending inProgress completed cancelled missing } } }`;
    const first = await ok(system, REFRESH, { id: planId });
    expect(first.refreshJointPlanProgress.plan.state).toBe('DISPATCHED');
    expect(first.refreshJointPlanProgress.units.map((u: { pending: number }) => u.pending)).toEqual([4, 4, 4]);

    const tasks = (await ok(system, TASKS, { id: planId })).jointPlan.tasks as { unitCode: string; platformTaskId: string }[];
    for (const unitCode of UNITS) {
      const platform = findUnit(unitCode)!.platform;
      const ids = tasks.filter((t) => t.unitCode === unitCode).map((t) => t.platformTaskId);
      await ok(system, `mutation ($unit: ID!, $ids: [ID!]!) { ${platform}CancelTasks(unitCode: $unit, taskIds: $ids) { id status } }`, { unit: unitCode, ids });
    }
    const second = await ok(system, REFRESH, { id: planId });
    expect(second.refreshJointPlanProgress.plan.state).toBe('COMPLETED');
    expect(second.refreshJointPlanProgress.plan.milestones.inProgressAt).toBeTruthy();
    expect(second.refreshJointPlanProgress.units.map((u: { cancelled: number }) => u.cancelled)).toEqual([4, 4, 4]);
  });

  it('keeps an audit trail of every state change (office only)', async () => {
    const data = await ok(system, `query ($id: ID!) { jointPlan(id: $id) { auditTrail { action entity entityId before after actor } } }`, { id: planId });
    const trail = data.jointPlan.auditTrail as { action: string; entity: string; before: string | null; after: string | null }[];
    const states = trail.filter((e) => e.entity === 'plan').map((e) => `${e.before ? JSON.parse(e.before).state : '-'}>${JSON.parse(e.after!).state}`);
    expect(states).toEqual(['->draft', 'draft>drawn', 'drawn>published', 'published>dispatched', 'dispatched>in_progress', 'in_progress>completed']);
    expect(trail.filter((e) => e.action === 'draw.saved')).toHaveLength(1);
    expect(trail.filter((e) => e.action === 'task.created')).toHaveLength(12);
    expect(errorCode(await call(system, `query ($id: ID!) { jointPlan(id: $id) { auditTrail { id } } }`, { id: planId }, department('market')))).toBe('FORBIDDEN');
    expect(OFFICE.kind).toBe('office');
  });
});
