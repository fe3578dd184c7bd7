// Real dates (issue 11, problem 7): a plan whose period has ended is not published or dispatched,
// and duplicate visits are not merged into a past day, a public holiday or a weekend (make-up
// working days 调休 are working days), unless an override gives a reason, which is recorded in
// the audit log and on the record. The office's clock is pinned and moved by the test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../config/env';
import { mergeDateRefusals, planPeriodRefusals } from '../subgraphs/joint-office/date-rules';
import { DUPLICATES, MERGE_FIELDS, plantVisits, unvisitedBusinesses } from './helpers/duplicates';
import { DISPATCH, DRAW, call, composeFresh, cateringPlan, errorCode, ok, week, type Answer } from './helpers/joint-plans';
import { PUBLIC, TEST_TODAY, startTestSystem, type TestSystem } from './helpers/system';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({}, { dispatchRetry: { intervalMs: 150, baseDelayMs: 150, maxDelayMs: 1_000 } });
});
afterAll(async () => {
  system?.platforms.fire.setFaults({ down: false });
  await system?.close();
});

const OVERRIDE_FIELDS = 'codes reason on';
const PLAN = `id state milestones { publishedOn publishOverride { ${OVERRIDE_FIELDS} } dispatchOverride { ${OVERRIDE_FIELDS} } }`;
const PUBLISH = `mutation ($id: ID!, $override: DateOverrideInput) { publishJointPlan(id: $id, override: $override) { ${PLAN} } }`;
const DISPATCH_WITH = `mutation ($id: ID!, $override: DateOverrideInput) { dispatchJointPlan(id: $id, override: $override) { ${PLAN} dispatch { unitCode done } } }`;
const READ_PLAN = `query ($id: ID!) { jointPlan(id: $id) { ${PLAN} } }`;
const TRAIL = `query ($id: ID!) { jointPlan(id: $id) { auditTrail { actor action after } } }`;
const MERGE = `mutation ($key: ID!, $date: String!, $override: DateOverrideInput) {
  mergeDuplicateGroup(groupKey: $key, date: $date, override: $override) { ${MERGE_FIELDS} dateOverride { ${OVERRIDE_FIELDS} } } }`;
const ACCEPT = `mutation ($key: ID!, $date: String, $override: DateOverrideInput) {
  acceptVisitProposal(key: $key, year: 2025, date: $date, override: $override) { ${MERGE_FIELDS} dateOverride { ${OVERRIDE_FIELDS} } } }`;

const extensions = (answer: Answer) => answer.errors?.[0]?.extensions ?? {};

/** A drawn catering plan over the given week of January–February 2026. */
async function drawnPlan(key: string, weekNo: number): Promise<string> {
  const created = await composeFresh(system, cateringPlan(week(weekNo)), key);
  await ok(system, DRAW, { id: created.id, seed: `real dates ${key} 12-34-56` });
  return created.id as string;
}

describe('plans whose period has ended', () => {
  it('publishing: PLAN_PERIOD_ENDED the day after the period; a blank reason is BAD_INPUT; an override publishes, recorded and public', async () => {
    const id = await drawnPlan('real-dates-publish', 0); // 2026-01-05 .. 2026-01-09
    system.clock.set('2026-01-10');
    const refused = await call(system, PUBLISH, { id });
    expect(errorCode(refused)).toBe('PLAN_PERIOD_ENDED');
    expect(extensions(refused)).toMatchObject({ planId: id, periodEnd: '2026-01-09', today: '2026-01-10', codes: ['PLAN_PERIOD_ENDED'], overridable: true });
    for (const reason of ['', '   ', '\n\t']) expect(errorCode(await call(system, PUBLISH, { id, override: { reason } })), JSON.stringify(reason)).toBe('BAD_INPUT');
    expect(errorCode(await call(system, PUBLISH, { id, override: { reason: '理'.repeat(501) } }))).toBe('BAD_INPUT');
    expect((await ok(system, READ_PLAN, { id })).jointPlan.state).toBe('DRAWN');

    const reason = '  公示系统故障，计划已于期内线下公示，补录  ';
    const published = (await ok(system, PUBLISH, { id, override: { reason } })).publishJointPlan;
    expect(published.state).toBe('PUBLISHED');
    const recorded = { codes: ['PLAN_PERIOD_ENDED'], reason: reason.trim(), on: '2026-01-10' };
    expect(published.milestones).toMatchObject({ publishedOn: '2026-01-10', publishOverride: recorded, dispatchOverride: null });
    // The public sees the published plan with the override and its reason.
    expect((await ok(system, READ_PLAN, { id }, PUBLIC)).jointPlan.milestones.publishOverride).toEqual(recorded);
    // The audit log has it in a row of its own, with who gave it.
    const trail = (await ok(system, TRAIL, { id })).jointPlan.auditTrail as { actor: string; action: string; after: string }[];
    const overrides = trail.filter((entry) => entry.action === 'plan.date_override');
    expect(overrides).toHaveLength(1);
    expect(JSON.parse(overrides[0].after)).toEqual({ step: 'publish', ...recorded });
  });

  it('a dispatch accepted in the period is finished after it ended: by the retry worker and by dispatching again, no override asked', async () => {
    // Dispatched before the plan of week 1 below: an inspector's earlier task of a business
    // rules them out of a later plan, so this later week goes first.
    const id = await drawnPlan('real-dates-retry', 3); // 2026-01-26 .. 2026-01-30
    system.clock.set('2026-01-27');
    await ok(system, PUBLISH, { id });
    system.platforms.fire.setFaults({ down: true });
    const first = (await ok(system, DISPATCH, { id })).dispatchJointPlan;
    expect(first.state).toBe('DISPATCHED');
    expect(first.dispatch.find((unit: { unitCode: string }) => unit.unitCode === 'fire').done).toBe(false);

    // The period ends while fire is down; the tasks owed to it are still delivered.
    system.clock.set('2026-02-02');
    system.platforms.fire.setFaults({ down: false });
    const deadline = Date.now() + 15_000;
    let units: { unitCode: string; done: boolean }[] = [];
    while (Date.now() < deadline) {
      units = (await ok(system, `query ($id: ID!) { jointPlan(id: $id) { dispatch { unitCode done } } }`, { id })).jointPlan.dispatch;
      if (units.every((unit) => unit.done)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(units.every((unit) => unit.done)).toBe(true);
    const again = (await ok(system, DISPATCH_WITH, { id })).dispatchJointPlan;
    expect(again).toMatchObject({ state: 'DISPATCHED', milestones: { dispatchOverride: null } });
    const trail = (await ok(system, TRAIL, { id })).jointPlan.auditTrail as { action: string }[];
    expect(trail.some((entry) => entry.action === 'plan.date_override')).toBe(false);
  });
  it('dispatching: PLAN_PERIOD_ENDED without an override, its own override recorded with it', async () => {
    const id = await drawnPlan('real-dates-dispatch', 1); // 2026-01-12 .. 2026-01-16
    system.clock.set('2026-01-16'); // the last day of the period is still in it
    expect((await ok(system, PUBLISH, { id })).publishJointPlan.milestones).toMatchObject({ publishedOn: '2026-01-16', publishOverride: null });
    system.clock.set('2026-01-19');
    const refused = await call(system, DISPATCH_WITH, { id });
    expect(errorCode(refused)).toBe('PLAN_PERIOD_ENDED');
    expect(extensions(refused)).toMatchObject({ periodEnd: '2026-01-16', today: '2026-01-19' });
    expect(errorCode(await call(system, DISPATCH_WITH, { id, override: { reason: ' ' } }))).toBe('BAD_INPUT');
    expect((await ok(system, READ_PLAN, { id })).jointPlan.state).toBe('PUBLISHED');

    const dispatched = (await ok(system, DISPATCH_WITH, { id, override: { reason: '因汛期停工顺延，经联席会议同意后下发' } })).dispatchJointPlan;
    expect(dispatched.state).toBe('DISPATCHED');
    expect(dispatched.dispatch.every((unit: { done: boolean }) => unit.done)).toBe(true);
    expect(dispatched.milestones.dispatchOverride).toEqual({ codes: ['PLAN_PERIOD_ENDED'], reason: '因汛期停工顺延，经联席会议同意后下发', on: '2026-01-19' });
    const trail = (await ok(system, TRAIL, { id })).jointPlan.auditTrail as { action: string; after: string }[];
    expect(trail.filter((entry) => entry.action === 'plan.date_override').map((entry) => JSON.parse(entry.after).step)).toEqual(['dispatch']);
  });

});

describe('merging duplicate visits into a real working day', () => {
  const [first, second, third] = unvisitedBusinesses();

  /** Plants pending December visits of market and fire for a business; answers its group key. */
  async function plantedGroup(uscc: string, tag: string): Promise<string> {
    await plantVisits(system, uscc, [{ unitCode: 'market', plannedOn: '2025-12-03' }, { unitCode: 'fire', plannedOn: '2025-12-05' }], tag);
    const data = await ok(system, DUPLICATES, { period: { from: '2025-12-01', to: '2025-12-31' }, first: 100 });
    const group = data.duplicateVisits.edges.map((edge: { node: { key: string; uscc: string } }) => edge.node).find((node: { uscc: string }) => node.uscc === uscc);
    expect(group, `group of ${uscc}`).toBeDefined();
    return group.key as string;
  }

  it('refuses a public holiday (2025-10-01), a weekend, and past days with their codes; accepts a make-up Saturday', async () => {
    system.clock.set(TEST_TODAY);
    const key = await plantedGroup(first, 'real-dates-1');
    const holiday = await call(system, MERGE, { key, date: '2025-10-01' });
    expect(errorCode(holiday)).toBe('MERGE_DATE_NOT_WORKING_DAY');
    expect(extensions(holiday)).toMatchObject({ date: '2025-10-01', dayKind: 'HOLIDAY', festival: '国庆节', codes: ['MERGE_DATE_NOT_WORKING_DAY'] });
    expect(extensions(await call(system, MERGE, { key, date: '2025-10-04' }))).toMatchObject({ code: 'MERGE_DATE_NOT_WORKING_DAY', dayKind: 'HOLIDAY' }); // a Saturday in the holiday
    expect(extensions(await call(system, MERGE, { key, date: '2025-10-18' }))).toMatchObject({ code: 'MERGE_DATE_NOT_WORKING_DAY', dayKind: 'WEEKEND' });

    system.clock.set('2025-12-04');
    const past = await call(system, MERGE, { key, date: '2025-12-03' });
    expect(errorCode(past)).toBe('MERGE_DATE_PAST');
    expect(extensions(past)).toMatchObject({ date: '2025-12-03', today: '2025-12-04', codes: ['MERGE_DATE_PAST'] });
    // A past Sunday: both rules, the first one's code.
    expect(extensions(await call(system, MERGE, { key, date: '2025-11-30' }))).toMatchObject({ code: 'MERGE_DATE_PAST', codes: ['MERGE_DATE_PAST', 'MERGE_DATE_NOT_WORKING_DAY'] });
    expect(errorCode(await call(system, MERGE, { key, date: '2025-12-03', override: { reason: '  ' } }))).toBe('BAD_INPUT');
    // Today itself is not past.
    system.clock.set('2025-10-11');
    const merged = (await ok(system, MERGE, { key, date: '2025-10-11' })).mergeDuplicateGroup; // Saturday, make-up working day (调休)
    expect(merged).toMatchObject({ state: 'APPLIED', jointDate: '2025-10-11', dateOverride: null });
  });

  it('an override merges into a holiday, recorded on the merge and in the audit log with its reason', async () => {
    system.clock.set(TEST_TODAY);
    const key = await plantedGroup(second, 'real-dates-2');
    const reason = '企业仅节假日营业，经两部门同意节日当天联合检查';
    const merged = (await ok(system, MERGE, { key, date: '2025-10-01', override: { reason } })).mergeDuplicateGroup;
    expect(merged).toMatchObject({ state: 'APPLIED', jointDate: '2025-10-01', dateOverride: { codes: ['MERGE_DATE_NOT_WORKING_DAY'], reason, on: TEST_TODAY } });
    expect(merged.auditTrail.map((entry: { action: string }) => entry.action)).toContain('merge.date_override');
    const rows = (await system.officeStore.auditTrail('merge', merged.id)).filter((entry) => entry.action === 'merge.date_override');
    expect(rows).toHaveLength(1);
    expect(rows[0].after).toEqual({ codes: ['MERGE_DATE_NOT_WORKING_DAY'], reason, on: TEST_TODAY });
  });

  it('accepting a visit proposal follows the same rules', async () => {
    system.clock.set(TEST_TODAY);
    await plantVisits(system, third, [{ unitCode: 'market', plannedOn: '2025-12-03' }, { unitCode: 'health', plannedOn: '2025-12-09' }], 'real-dates-3');
    let proposal: { key: string; uscc: string; proposedDate: string } | undefined;
    for (let after: string | null = null; !proposal; ) {
      const page: any = (await ok(system, `query ($after: String) { visitProposals(year: 2025, first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { key uscc proposedDate } } } }`, { after })).visitProposals;
      proposal = page.edges.map((edge: { node: typeof proposal }) => edge.node).find((node: { uscc: string }) => node.uscc === third);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    if (!proposal) throw new Error(`no proposal of ${third}`);
    expect(proposal.proposedDate).toBe('2025-12-03');
    expect(errorCode(await call(system, ACCEPT, { key: proposal.key, date: '2025-10-01' }))).toBe('MERGE_DATE_NOT_WORKING_DAY');
    system.clock.set('2025-12-04');
    expect(errorCode(await call(system, ACCEPT, { key: proposal.key }))).toBe('MERGE_DATE_PAST');
    const accepted = (await ok(system, ACCEPT, { key: proposal.key, override: { reason: '补录：已于12月3日联合检查' } })).acceptVisitProposal;
    expect(accepted).toMatchObject({ state: 'APPLIED', jointDate: '2025-12-03', dateOverride: { codes: ['MERGE_DATE_PAST'], on: '2025-12-04' } });
  });
});

describe('the rules alone', () => {
  it('2026: the make-up Saturday of Spring Festival is a working day, the holiday and past days are not', () => {
    expect(mergeDateRefusals('2026-02-28', '2026-01-05')).toEqual([]);
    expect(mergeDateRefusals('2026-02-17', '2026-01-05').map((r) => r.code)).toEqual(['MERGE_DATE_NOT_WORKING_DAY']);
    expect(mergeDateRefusals('2026-01-05', '2026-01-06').map((r) => r.code)).toEqual(['MERGE_DATE_PAST']);
    const plan = { id: 'P', definition: { periodEnd: '2026-02-13' } };
    expect(planPeriodRefusals(plan, '2026-02-13')).toEqual([]);
    expect(planPeriodRefusals(plan, '2026-02-14').map((r) => r.code)).toEqual(['PLAN_PERIOD_ENDED']);
  });

  it('OFFICE_TODAY: a day, and never in production', () => {
    expect(readConfig({ OFFICE_TODAY: '2026-01-02' }).officeToday).toBe('2026-01-02');
    expect(readConfig({}).officeToday).toBeUndefined();
    expect(() => readConfig({ OFFICE_TODAY: '2026-02-30' })).toThrow(/OFFICE_TODAY/);
    expect(() => readConfig({ OFFICE_TODAY: '2026-01-02', NODE_ENV: 'production' })).toThrow(/production/);
  });
});
