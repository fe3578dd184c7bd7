// The loop closed through the real gateway, subgraphs and platforms: a joint plan is drawn,
// published and dispatched; each unit's inspectors check in with the task's inspection code,
// record the result per item, publish it, follow up the problems; the plan moves to
// IN_PROGRESS then COMPLETED, and the unit's statistics count the new results. Every refusal
// of a check-in has its code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { department, OFFICE, PUBLIC, startTestSystem, type TestSystem } from './helpers/system';
import { call, DISPATCH, errorCode, ok, publishedPlan, TASKS } from './helpers/joint-plans';

const PLATFORM: Record<string, string> = { market: 'provincial', health: 'provincial', fire: 'fire' };
// A period of the data year (2025), so the units' yearly statistics count the visits.
const PERIOD = { year: 2025, periodStart: '2025-11-03', periodEnd: '2025-12-12' };
const REFRESH = `mutation ($id: ID!) { refreshJointPlanProgress(id: $id) { plan { state } units { unitCode pending inProgress completed } } }`;
const TASK_FIELDS = 'id status uscc: enterprise { uscc } itemCodes inspectorIds plannedOn inspectionCode checkedInOn';

interface UnitTask { id: string; unitCode: string; uscc: string; itemCodes: string[]; inspectorIds: string[]; plannedOn: string; inspectionCode: string }

let system: TestSystem;
let planId: string;
let tasks: UnitTask[];

async function unitTask(unitCode: string, taskId: string, uscc: string): Promise<UnitTask> {
  const data = await ok(system, `query ($unit: ID!, $uscc: ID!) { department(code: $unit) { tasksOf(usccs: [$uscc]) { ${TASK_FIELDS} } } }`, { unit: unitCode, uscc }, department(unitCode));
  const task = data.department.tasksOf.find((t: { id: string }) => t.id === taskId);
  return { ...task, unitCode, uscc: task.uscc.uscc };
}

const checkIn = (task: UnitTask, overrides: Record<string, unknown> = {}, role = department(task.unitCode)) =>
  call(
    system,
    `mutation ($unit: ID!, $task: ID!, $code: String!, $uscc: String!, $inspector: ID!, $on: String) {
      ${PLATFORM[task.unitCode]}CheckIn(unitCode: $unit, taskId: $task, inspectionCode: $code, uscc: $uscc, inspectorId: $inspector, on: $on) { id status checkedInOn } }`,
    { unit: task.unitCode, task: task.id, code: task.inspectionCode, uscc: task.uscc, inspector: task.inspectorIds[0], on: task.plannedOn, ...overrides },
    role,
  );

async function statistics(unitCode: string) {
  const data = await ok(system, `query ($unit: ID!) { department(code: $unit) { statistics(jurisdiction: "440800", year: 2025) { monthly { month completed: tasksCompleted published: resultsPublished } } } }`, { unit: unitCode });
  const months = data.department.statistics.monthly as { month: string; completed: number; published: number }[];
  return months.filter((m) => m.month >= '2025-11').reduce((sum, m) => ({ completed: sum.completed + m.completed, published: sum.published + m.published }), { completed: 0, published: 0 });
}

beforeAll(async () => {
  system = await startTestSystem();
  planId = (await publishedPlan(system, 'visit-loop', '11-22-33', PERIOD)).id;
  await ok(system, DISPATCH, { id: planId });
  const rows = (await ok(system, TASKS, { id: planId })).jointPlan.tasks as { unitCode: string; uscc: string; platformTaskId: string }[];
  tasks = await Promise.all(rows.map((row) => unitTask(row.unitCode, row.platformTaskId, row.uscc)));
}, 120_000);

afterAll(async () => {
  await system?.close();
});

describe('the visit, from check-in to COMPLETED', () => {
  it('gives every dispatched task its own inspection code, seen by its unit only', async () => {
    const codes = tasks.map((task) => task.inspectionCode);
    expect(codes.every((code) => /^[2-9A-HJKMNP-Z]{16}$/.test(code))).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    const other = await call(system, `query ($uscc: ID!) { department(code: "market") { tasksOf(usccs: [$uscc]) { id inspectionCode } } }`, { uscc: tasks[0].uscc }, department('fire'));
    expect(errorCode(other)).toBe('FORBIDDEN');
  });

  it('refuses check-ins with a code for each reason, and writes by anyone but the unit', async () => {
    const [task] = tasks;
    const elsewhere = tasks.find((t) => t.uscc !== task.uscc)!;
    expect(errorCode(await checkIn(task, { uscc: elsewhere.uscc }))).toBe('WRONG_BUSINESS');
    expect(errorCode(await checkIn(task, { code: tasks.find((t) => t.id !== task.id && t.unitCode === task.unitCode)!.inspectionCode }))).toBe('WRONG_CODE');
    expect(errorCode(await checkIn(task, { code: 'NOT-A-CODE' }))).toBe('WRONG_CODE');
    const stranger = (await ok(system, `query { department(code: "${task.unitCode}") { inspectors { id } } }`, {})).department.inspectors.map((i: { id: string }) => i.id).find((id: string) => !task.inspectorIds.includes(id));
    expect(errorCode(await checkIn(task, { inspector: stranger }))).toBe('INSPECTOR_NOT_ON_TASK');
    expect(errorCode(await checkIn(task, { on: '2025-01-02' }))).toBe('OUTSIDE_PERIOD');
    expect(errorCode(await checkIn(task, { on: '2099-01-02' }))).toBe('OUTSIDE_PERIOD');
    expect(errorCode(await checkIn(task, {}, OFFICE))).toBe('FORBIDDEN');
    expect(errorCode(await checkIn(task, {}, department(task.unitCode === 'fire' ? 'market' : 'health')))).toMatch(/FORBIDDEN|UNKNOWN_UNIT/);
    expect((await unitTask(task.unitCode, task.id, task.uscc)).plannedOn).toBe(task.plannedOn);
  });

  it('moves the plan to IN_PROGRESS on the first check-in and to COMPLETED when every result is in', async () => {
    const before = await statistics('fire');
    const [first, ...rest] = tasks;
    const checked = await checkIn(first);
    expect(checked.errors).toBeUndefined();
    expect(Object.values(checked.data!)[0]).toMatchObject({ status: 'IN_PROGRESS', checkedInOn: first.plannedOn });
    // A repeated check-in answers the task as it is.
    expect((await checkIn(first)).errors).toBeUndefined();
    expect((await ok(system, REFRESH, { id: planId })).refreshJointPlanProgress.plan.state).toBe('IN_PROGRESS');

    for (const task of rest) expect((await checkIn(task)).errors).toBeUndefined();
    for (const [index, task] of tasks.entries()) {
      const p = PLATFORM[task.unitCode];
      const role = department(task.unitCode);
      // The first fire task finds one problem on its item; the others none.
      const problems = task.unitCode === 'fire' && index === tasks.findIndex((t) => t.unitCode === 'fire') ? ['疏散通道堆放杂物'] : [];
      const items = task.itemCodes.map((itemCode) => ({ itemCode, problems }));
      const missing = await call(system, `mutation ($unit: ID!, $task: ID!) { ${p}RecordResult(unitCode: $unit, taskId: $task, items: []) { id } }`, { unit: task.unitCode, task: task.id }, role);
      expect(errorCode(missing)).toBe('BAD_INPUT');
      const recorded = await ok(system, `mutation ($unit: ID!, $task: ID!, $items: [ItemResultInput!]!, $on: String) { ${p}RecordResult(unitCode: $unit, taskId: $task, items: $items, inspectedOn: $on) { status result { conclusion findings { code itemCode } } } }`, { unit: task.unitCode, task: task.id, items, on: task.plannedOn }, role);
      expect(Object.values(recorded)[0]).toMatchObject({ status: 'COMPLETED', result: { conclusion: problems.length ? 'PROBLEM_FOUND' : 'NO_PROBLEM' } });
      const again = await call(system, `mutation ($unit: ID!, $task: ID!, $items: [ItemResultInput!]!) { ${p}RecordResult(unitCode: $unit, taskId: $task, items: $items) { id } }`, { unit: task.unitCode, task: task.id, items }, role);
      expect(errorCode(again)).toBe('INVALID_STATE');
      const published = await ok(system, `mutation ($unit: ID!, $task: ID!) { ${p}PublishResult(unitCode: $unit, taskId: $task) { id created summary } }`, { unit: task.unitCode, task: task.id }, role);
      expect(Object.values(published)[0]).toMatchObject({ created: true });
      if (problems.length) {
        const followed = await ok(system, `mutation ($unit: ID!, $task: ID!) { ${p}RecordFollowUp(unitCode: $unit, taskId: $task, findingCode: "F01", action: RECTIFIED, note: "已当场整改") { findingCode action } }`, { unit: task.unitCode, task: task.id }, role);
        expect(Object.values(followed)[0]).toEqual({ findingCode: 'F01', action: 'RECTIFIED' });
        const unknown = await call(system, `mutation ($unit: ID!, $task: ID!) { ${p}RecordFollowUp(unitCode: $unit, taskId: $task, findingCode: "F09", action: RECTIFIED, note: "x") { findingCode } }`, { unit: task.unitCode, task: task.id }, role);
        expect(errorCode(unknown)).toBe('NOT_FOUND');
      }
    }
    const progress = (await ok(system, REFRESH, { id: planId })).refreshJointPlanProgress;
    expect(progress.plan.state).toBe('COMPLETED');
    // The 2025 visits count as completed in 2025; their publications are dated today (counted in the year they were made).
    const fireTasks = tasks.filter((t) => t.unitCode === 'fire');
    expect(await statistics('fire')).toEqual({ completed: before.completed + fireTasks.length, published: before.published });
    const published = await ok(system, `query ($uscc: ID!) { enterprise(uscc: $uscc) { publications { taskId unitCode summary } } }`, { uscc: fireTasks[0].uscc }, PUBLIC);
    expect(published.enterprise.publications).toContainEqual(expect.objectContaining({ taskId: fireTasks[0].id, unitCode: 'fire' }));
  });
});
