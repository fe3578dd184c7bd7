// Draw shopping is visible: a second plan with the same lead, units, items and scope and an
// overlapping period is refused unless it names the plan it replaces; the replaced plan is
// withdrawn with its reason and, if it had been drawn, stays public with its draw.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC, department, startTestSystem, type TestSystem } from './helpers/system';
import { CREATE, DRAW, PUBLISH, call, cateringPlan, errorCode, ok } from './helpers/joint-plans';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

const REPLACE = `mutation ($input: JointPlanInput!, $key: String!, $replaces: JointPlanReplacementInput) {
  createJointPlan(input: $input, idempotencyKey: $key, replaces: $replaces) { id state } }`;
const READ = `query ($id: ID!) { jointPlan(id: $id) { id state milestones { withdrawnAt withdrawnReason replacedBy } draw { seed drawSha256 } } }`;

describe('duplicate plans', () => {
  it('refuses an identical plan under a new key, and one differing only in order or an overlapping period', async () => {
    const first = (await ok(system, CREATE, { input: cateringPlan(), key: 'dup-first' })).createJointPlan;
    // The same key and input is the same plan (idempotent), not a duplicate.
    expect((await ok(system, CREATE, { input: cateringPlan(), key: 'dup-first' })).createJointPlan.id).toBe(first.id);
    const again = await call(system, CREATE, { input: cateringPlan(), key: 'dup-second' });
    expect(errorCode(again)).toBe('DUPLICATE_PLAN');
    expect(again.errors?.[0].extensions).toMatchObject({ existingPlanId: first.id });
    const reordered = cateringPlan({ participatingUnits: ['health', 'market', 'fire'], periodStart: '2026-02-01', periodEnd: '2026-02-27' });
    expect(errorCode(await call(system, CREATE, { input: reordered, key: 'dup-reordered' }))).toBe('DUPLICATE_PLAN');
    // Another period (no overlap) or another scope is another plan.
    await ok(system, CREATE, { input: cateringPlan({ periodStart: '2026-03-02', periodEnd: '2026-03-31' }), key: 'dup-march' });
    await ok(system, CREATE, { input: cateringPlan({ scope: { divisionCodes: ['440803'], industryCodes: ['62'] } }), key: 'dup-other-scope' });
  });

  it('a replacement names the plan and a reason; the replaced draw stays public as withdrawn', async () => {
    const plans = (await ok(system, `{ jointPlans(filter: { year: 2026 }) { id periodStart state } }`, {})).jointPlans;
    const first = plans.find((p: { periodStart: string; state: string }) => p.periodStart === '2026-01-05' && p.state === 'DRAFT');
    const drawn = (await ok(system, DRAW, { id: first.id, seed: 'first draw 2026-01-05' })).drawJointPlan.plan;
    // Unpublished, the first draw would be invisible to the public…
    expect(errorCode(await call(system, READ, { id: first.id }, PUBLIC))).toBe('NOT_FOUND');
    expect(errorCode(await call(system, REPLACE, { input: cateringPlan(), key: 'dup-replace', replaces: { planId: first.id, reason: '  ' } }))).toBe('BAD_INPUT');
    expect(errorCode(await call(system, REPLACE, { input: cateringPlan(), key: 'dup-replace', replaces: { planId: 'JP-2026-nosuch', reason: '范围调整' } }))).toBe('BAD_INPUT');
    expect(errorCode(await call(system, REPLACE, { input: cateringPlan(), key: 'dup-replace-x' }, department('fire')))).toBe('FORBIDDEN');
    const second = (await ok(system, REPLACE, { input: cateringPlan(), key: 'dup-replace', replaces: { planId: first.id, reason: '检查事项调整，重新抽取' } })).createJointPlan;
    // …once replaced, it is public, withdrawn, with its reason, its replacement and its draw.
    const withdrawn = (await ok(system, READ, { id: first.id }, PUBLIC)).jointPlan;
    expect(withdrawn).toMatchObject({ state: 'WITHDRAWN', milestones: { withdrawnReason: '检查事项调整，重新抽取', replacedBy: second.id }, draw: { drawSha256: drawn.draw.drawSha256 } });
    // A withdrawn plan cannot be drawn or published any more.
    expect(errorCode(await call(system, PUBLISH, { id: first.id }))).toBe('INVALID_STATE');
    // The withdrawn plan no longer blocks; the new one does.
    expect(errorCode(await call(system, CREATE, { input: cateringPlan(), key: 'dup-third' }))).toBe('DUPLICATE_PLAN');
  });
});
