// Bad input and forbidden actions on joint plans get stable error codes, and leave nothing behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataCityOfCertificate } from '../config/divisions';
import { PUBLIC, department, startTestSystem, type TestSystem } from './helpers/system';
import { CREATE, DISPATCH, DRAW, PUBLISH, call, cateringPlan, errorCode, ok, week } from './helpers/joint-plans';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

const compose = (overrides: Record<string, unknown>, key = `k-${Math.random()}`) => call(system, CREATE, { input: cateringPlan(overrides), key });

describe('composing: bad input', () => {
  it.each([
    ['UNKNOWN_UNIT', { participatingUnits: ['market', 'fire', 'nosuch'] }],
    ['UNKNOWN_UNIT', { leadUnit: 'nosuch' }],
    ['ITEM_NOT_ON_LIST', { items: [{ unitCode: 'market', itemCodes: ['market-I11', 'fire-I02'] }, { unitCode: 'fire', itemCodes: ['fire-I02'] }, { unitCode: 'health', itemCodes: ['health-I01'] }] }],
    ['ITEM_NOT_ON_LIST', { items: [{ unitCode: 'market', itemCodes: ['market-I99'] }, { unitCode: 'fire', itemCodes: ['fire-I02'] }, { unitCode: 'health', itemCodes: ['health-I01'] }] }],
    ['LEAD_NOT_PARTICIPANT', { leadUnit: 'ecology' }],
    ['RATIO_OUT_OF_RANGE', { ratios: { A: 1.5 } }],
    ['RATIO_OUT_OF_RANGE', { ratios: { C: -0.1 } }],
    ['RATIO_OUT_OF_RANGE', { ratios: { B: 0.1234567 } }],
    ['TOO_FEW_INSPECTORS', { inspectorsPerUnit: 1 }],
    ['PERIOD_REVERSED', { periodStart: '2026-03-01', periodEnd: '2026-02-01' }],
    ['BAD_INPUT', { periodStart: '2026-02-30' }],
    ['BAD_INPUT', { exclusions: { statuses: ['closed'] } }],
    ['BAD_INPUT', { minTargets: 5, maxTargets: 2 }],
  ])('%s for %j', async (code, overrides) => {
    const answer = await compose(overrides);
    expect(errorCode(answer)).toBe(code);
    expect(answer.data).toBeNull();
  });

  it('ITEM_NOT_ON_LIST names the unit and the items', async () => {
    const answer = await compose({ items: [{ unitCode: 'market', itemCodes: ['market-I11'] }, { unitCode: 'fire', itemCodes: ['fire-I02', 'fire-X'] }, { unitCode: 'health', itemCodes: ['health-I01'] }] });
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'ITEM_NOT_ON_LIST', unitCode: 'fire', itemCodes: ['fire-X'] });
  });

  it('nothing was stored by the refused composes', async () => {
    expect((await ok(system, `{ jointPlans { id } }`, {})).jointPlans).toEqual([]);
  });
});

describe('who may compose and act', () => {
  it('the public and other units may not compose; the lead unit may', async () => {
    expect(errorCode(await call(system, CREATE, { input: cateringPlan(), key: 'p1' }, PUBLIC))).toBe('FORBIDDEN');
    expect(errorCode(await call(system, CREATE, { input: cateringPlan(), key: 'p2' }, department('fire')))).toBe('FORBIDDEN');
    const led = await ok(system, CREATE, { input: cateringPlan(week(0)), key: 'p3' }, department('market'));
    expect(led.createJointPlan.state).toBe('DRAFT');
    expect(errorCode(await call(system, DRAW, { id: led.createJointPlan.id, seed: 'trial seed 2026-0105' }, department('fire')))).toBe('FORBIDDEN');
    const drawn = await ok(system, DRAW, { id: led.createJointPlan.id, seed: 'trial seed 2026-0105' }, department('market'));
    expect(drawn.drawJointPlan.plan.state).toBe('DRAWN');
  });
});

describe('drawing and the lifecycle', () => {
  it('EMPTY_POPULATION when nothing is in scope, and the plan stays a draft', async () => {
    const created = await ok(system, CREATE, { input: cateringPlan({ scope: { divisionCodes: ['440802'], industryCodes: ['0199'] } }), key: 'empty' });
    const answer = await call(system, DRAW, { id: created.createJointPlan.id, seed: 'trial seed 2026-0106' });
    expect(errorCode(answer)).toBe('EMPTY_POPULATION');
    const plan = await ok(system, `query ($id: ID!) { jointPlan(id: $id) { state draw { seed } } }`, { id: created.createJointPlan.id });
    expect(plan.jointPlan).toEqual({ state: 'DRAFT', draw: null });
  });

  it('EMPTY_POPULATION when the ratios draw nobody', async () => {
    const created = await ok(system, CREATE, { input: cateringPlan({ ratios: { A: 0, B: 0, C: 0, D: 0 }, ...week(1) }), key: 'zero' });
    expect(errorCode(await call(system, DRAW, { id: created.createJointPlan.id, seed: 'trial seed 2026-0106' }))).toBe('EMPTY_POPULATION');
  });

  it('INFEASIBLE_MATCHING lists the shortfalls and saves nothing', async () => {
    // One more officer per business than fire has (active, certified, of fire-I02's specialty, of
    // Zhanjiang) at all: no assignment can exist, whatever the seed.
    const fire = system.dataset.units.fire;
    const specialty = fire.items.find((item) => item.code === 'fire-I02')!.specialty;
    const needed = fire.inspectors.filter((i) => i.active && i.certificateNo !== '' && i.specialties.includes(specialty) && dataCityOfCertificate(i.certificateNo) === '440800').length + 1;
    const created = await ok(system, CREATE, { input: cateringPlan({ inspectorsPerUnit: needed, ...week(2) }), key: 'infeasible' });
    const id = created.createJointPlan.id;
    const answer = await call(system, DRAW, { id, seed: 'trial seed 2026-0106' });
    expect(errorCode(answer)).toBe('INFEASIBLE_MATCHING');
    const shortfalls = answer.errors![0].extensions!.shortfalls as { uscc: string; unitCode: string; needed: number; eligible: number }[];
    expect(shortfalls.length).toBeGreaterThanOrEqual(4);
    expect(shortfalls.filter((s) => s.unitCode === 'fire')).toHaveLength(4);
    for (const s of shortfalls) {
      expect(s.needed).toBe(needed);
      expect(s.eligible).toBeLessThan(needed);
      expect(s.uscc).toMatch(/^[0-9A-Z]{18}$/);
    }
    const plan = await ok(system, `query ($id: ID!) { jointPlan(id: $id) { state draw { seed } tasks { taskKey } } }`, { id });
    expect(plan.jointPlan).toEqual({ state: 'DRAFT', draw: null, tasks: [] });
  });

  it('INVALID_STATE out of order; NOT_FOUND for unknown plans', async () => {
    const created = await ok(system, CREATE, { input: cateringPlan(week(3)), key: 'order' });
    const id = created.createJointPlan.id;
    expect(errorCode(await call(system, PUBLISH, { id }))).toBe('INVALID_STATE');
    expect(errorCode(await call(system, DISPATCH, { id }))).toBe('INVALID_STATE');
    await ok(system, DRAW, { id, seed: 'trial seed 2026-0105' });
    expect(errorCode(await call(system, DRAW, { id, seed: 'trial seed 2026-0105' }))).toBe('INVALID_STATE');
    expect(errorCode(await call(system, DISPATCH, { id }))).toBe('INVALID_STATE');
    expect(errorCode(await call(system, `mutation ($id: ID!) { refreshJointPlanProgress(id: $id) { plan { id } } }`, { id }))).toBe('INVALID_STATE');
    expect(errorCode(await call(system, PUBLISH, { id: 'JP-2026-nosuch' }))).toBe('NOT_FOUND');
    expect(errorCode(await call(system, `{ jointPlan(id: "JP-2026-nosuch") { id } }`, {}))).toBe('NOT_FOUND');
  });

  it('a bad seed is BAD_SEED', async () => {
    const created = await ok(system, CREATE, { input: cateringPlan(week(4)), key: 'bad-seed' });
    expect(errorCode(await call(system, DRAW, { id: created.createJointPlan.id, seed: 'a|b' }))).toBe('BAD_SEED');
  });
});
