// The loop closed through the real gateway, subgraphs and platforms: a joint plan is drawn,
// published and dispatched; each unit's inspectors check in with the task's inspection code,
// record the result per item, publish it, follow up the problems; the plan moves to
// IN_PROGRESS then COMPLETED, and the unit's statistics count the new results. Every refusal
// of a check-in has its code.
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDay, addWorkdays } from '../lib/workdays';
import { browserSkipReason, launchChromium, TEST_OUTPUT } from './helpers/browser';
import { department, OFFICE, PUBLIC, startTestSystem, type TestSystem } from './helpers/system';
import { call, DISPATCH, errorCode, ok, publishedPlan, TASKS } from './helpers/joint-plans';

const PLATFORM: Record<string, string> = { market: 'provincial', health: 'provincial', fire: 'fire' };
// A period of the data year (2025), so the units' yearly statistics count the visits.
const PERIOD = { year: 2025, periodStart: '2025-11-03', periodEnd: '2025-12-12' };
const REFRESH = `mutation ($id: ID!) { refreshJointPlanProgress(id: $id) { plan { state } units { unitCode pending inProgress completed } } }`;
const TASK_FIELDS = 'id status uscc: enterprise { uscc } itemCodes inspectorIds plannedOn inspectionCode checkedInOn';

interface UnitTask { id: string; unitCode: string; uscc: string; itemCodes: string[]; inspectorIds: string[]; plannedOn: string; inspectionCode: string }

const skipBrowser = browserSkipReason() !== undefined;
const CHECK = `query ($code: String!) { inspectionCheck(code: $code) { code state plannedOn inspectorsShown ratingOpen rated
  units { unitCode unitName items { code name legalBasis } inspectors { name certificateNo } result { conclusion findings { itemName description } } }
  plan { id kind title publishedOn } draw { seed documentSha256 } } }`;
const RATE = `mutation ($code: String!, $score: Int!, $complaint: String) { rateInspection(code: $code, score: $score, complaint: $complaint) }`;

let system: TestSystem;
let browser: Browser | undefined;
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
  planId = (await publishedPlan(system, 'visit-loop', 'visit loop 11-22-33', PERIOD)).id;
  await ok(system, DISPATCH, { id: planId });
  const rows = (await ok(system, TASKS, { id: planId })).jointPlan.tasks as { unitCode: string; uscc: string; platformTaskId: string }[];
  tasks = await Promise.all(rows.map((row) => unitTask(row.unitCode, row.platformTaskId, row.uscc)));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await system?.close();
});

async function screenshot(code: string, name: string): Promise<string> {
  browser ??= await launchChromium();
  mkdirSync(TEST_OUTPUT, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await page.goto(`${new URL(system.gateway.url).origin}/check/${code}`);
  await page.screenshot({ path: new URL(name, TEST_OUTPUT).pathname, fullPage: true });
  const text = (await page.locator('main').textContent()) ?? '';
  await page.close();
  return text;
}

describe('the inspection code, before the visit', () => {
  it('tells anyone holding it who comes, for what, on which basis, from which plan and draw', async () => {
    const task = tasks[0];
    const check = (await ok(system, CHECK, { code: task.inspectionCode.toLowerCase() }, PUBLIC)).inspectionCheck;
    expect(check).toMatchObject({ state: 'ACTIVE', plannedOn: task.plannedOn, inspectorsShown: true, ratingOpen: false, plan: { id: planId, kind: 'JOINT' } });
    expect(check.draw.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    // One joint visit: the three units, each with its items' legal basis and its two inspectors' certificates.
    expect(check.units.map((unit: { unitCode: string }) => unit.unitCode).sort()).toEqual(['fire', 'health', 'market']);
    for (const unit of check.units) {
      expect(unit.items.every((item: { legalBasis: string }) => item.legalBasis.length > 0)).toBe(true);
      expect(unit.inspectors).toHaveLength(2);
      expect(unit.inspectors.every((inspector: { certificateNo: string }) => inspector.certificateNo.length > 0)).toBe(true);
    }
    const unknown = await call(system, CHECK, { code: '2222222222222222' }, PUBLIC);
    expect(errorCode(unknown)).toBe('UNKNOWN_CODE');
    expect(errorCode(await call(system, RATE, { code: task.inspectionCode, score: 5 }, PUBLIC))).toBe('RATING_NOT_OPEN');
  });

  it.skipIf(skipBrowser)('shows the business its page in a phone browser', async () => {
    const text = await screenshot(tasks[0].inspectionCode, 'check-before-visit.png');
    expect(text).toContain('检查码核验');
    expect(text).toContain('检查依据');
    expect(text).toContain('执法证号');
    expect(text).toContain('赤坎区餐饮单位跨部门联合抽查');
    expect(await screenshot('2222222222222222', 'check-unknown.png')).toContain('不存在或已失效');
  });
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

describe('the business’s voice', () => {
  it('shows the result on the page, takes one rating per visit, never tells the unit who rated', async () => {
    const task = tasks[0];
    const check = (await ok(system, CHECK, { code: task.inspectionCode }, PUBLIC)).inspectionCheck;
    expect(check).toMatchObject({ state: 'CLOSED', inspectorsShown: false, ratingOpen: true, rated: false });
    expect(check.units.every((unit: { result: unknown; inspectors: unknown }) => unit.result !== null && unit.inspectors === null)).toBe(true);
    if (!skipBrowser) expect(await screenshot(task.inspectionCode, 'check-after-result.png')).toContain('检查结果');

    expect(await ok(system, RATE, { code: task.inspectionCode, score: 2, complaint: '检查人员未出示证件' }, PUBLIC)).toEqual({ rateInspection: true });
    expect(errorCode(await call(system, RATE, { code: task.inspectionCode, score: 5 }, PUBLIC))).toBe('ALREADY_RATED');
    expect(errorCode(await call(system, RATE, { code: tasks[1].inspectionCode, score: 9 }, PUBLIC))).toBe('BAD_INPUT');
    for (const other of tasks.slice(1)) await ok(system, RATE, { code: other.inspectionCode, score: 4 }, PUBLIC);

    const RATINGS = `{ visitRatings { minGroupSize units { key count averageScore complaints withheld } inspectors { key unitCode count withheld }
      complaints(unitCode: "${task.unitCode}") { unitCode text ratedOn } } }`;
    // The inspecting unit gets nothing of the ratings, not even its own figures.
    expect(errorCode(await call(system, RATINGS, {}, department(task.unitCode)))).toBe('FORBIDDEN');
    expect(errorCode(await call(system, RATINGS, {}, PUBLIC))).toBe('FORBIDDEN');
    const ratings = (await ok(system, RATINGS, {})).visitRatings;
    const perUnit = new Map(tasks.map((t) => [t.unitCode, tasks.filter((x) => x.unitCode === t.unitCode).length]));
    for (const unit of ratings.units) {
      const count = perUnit.get(unit.key)!;
      expect(unit.withheld).toBe(count < ratings.minGroupSize);
      if (!unit.withheld) expect(unit.count).toBe(count);
      else expect(unit).toMatchObject({ count: null, averageScore: null, complaints: null });
    }
    // An inspector has a handful of visits here: below the minimum group, so withheld.
    expect(ratings.inspectors.every((figure: { withheld: boolean; count: number | null }) => figure.withheld === (figure.count === null))).toBe(true);
    const rater = ratings.units.find((unit: { key: string }) => unit.key === task.unitCode);
    expect(ratings.complaints).toEqual(rater.withheld ? [] : [expect.objectContaining({ text: '检查人员未出示证件' })]);
  });

  it('announces the visits of a plan that allows notice, a number of working days before', async () => {
    const start = chinaDay(new Date());
    // Another district's catering (霞山区): the loop's businesses had these fire inspectors last time.
    const period = { year: Number(start.slice(0, 4)), periodStart: start, periodEnd: addWorkdays(start, 15), participatingUnits: ['market', 'fire'], scope: { divisionCodes: ['440803'], industryCodes: ['62'] },
      items: [{ unitCode: 'market', itemCodes: ['market-I11'] }, { unitCode: 'fire', itemCodes: ['fire-I02'] }] };
    const upcoming = await publishedPlan(system, 'visit-notice', 'visit notice 44-55-66', period);
    await ok(system, DISPATCH, { id: upcoming.id });
    const rows = (await ok(system, TASKS, { id: upcoming.id })).jointPlan.tasks as { uscc: string; plannedOn: string }[];
    const first = rows.reduce((a, b) => (a.plannedOn <= b.plannedOn ? a : b));
    const UPCOMING = `query ($uscc: ID!) { upcomingVisits(uscc: $uscc) { planId plannedOn units { unitCode items { name legalBasis } } materials } }`;
    // Unannounced until the plan says otherwise.
    expect((await ok(system, UPCOMING, { uscc: first.uscc }, PUBLIC)).upcomingVisits.filter((v: { planId: string }) => v.planId === upcoming.id)).toEqual([]);
    expect(errorCode(await call(system, `mutation { setJointPlanNotice(id: "${upcoming.id}", allow: true, workingDays: 10) }`, {}, department('fire')))).toBe('FORBIDDEN');
    await ok(system, `mutation { setJointPlanNotice(id: "${upcoming.id}", allow: true, workingDays: 10) }`, {});
    const announced = (await ok(system, UPCOMING, { uscc: first.uscc }, PUBLIC)).upcomingVisits.find((v: { planId: string }) => v.planId === upcoming.id);
    expect(announced).toMatchObject({ plannedOn: first.plannedOn });
    expect(announced.units.map((u: { unitCode: string }) => u.unitCode).sort()).toEqual(['fire', 'market']);
    expect(announced.materials).toHaveLength(2);
    const late = rows.filter((row) => row.plannedOn > addWorkdays(start, 10));
    for (const row of late) {
      const seen = (await ok(system, UPCOMING, { uscc: row.uscc }, PUBLIC)).upcomingVisits.filter((v: { planId: string }) => v.planId === upcoming.id);
      expect(seen).toEqual([]);
    }
  });
});
