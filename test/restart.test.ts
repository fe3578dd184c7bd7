// Data that survives a restart: the platform stand-ins journal what was written to them, so
// after the whole system is stopped and started again (same platform folder, same office
// store) the office's plans and merges still point at the units' real tasks, in the state
// they were left in: created, cancelled by a merge, checked in, completed, published, rated.
// A store written for another DATA_SEED is refused with the reset command.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../config/env';
import { startSystem } from '../system';
import type { OfficeStore } from '../subgraphs/joint-office/store';
import { disposeTestStore, openTestStore } from '../subgraphs/joint-office/store/testing';
import { DISPATCH, ok, publishedPlan, TASKS } from './helpers/joint-plans';
import { DUPLICATES, MERGE, plantVisits, tasksOfBusiness, unvisitedBusinesses } from './helpers/duplicates';
import { department, PUBLIC, startTestSystem, type TestSystem } from './helpers/system';

const platformDir = mkdtempSync(join(tmpdir(), 'ssj-restart-platforms-'));
let store: OfficeStore;
let system: TestSystem | undefined;

afterAll(async () => {
  await system?.close();
  if (store) await disposeTestStore(store);
  rmSync(platformDir, { recursive: true, force: true });
});

const PERIOD = { year: 2025, periodStart: '2025-11-03', periodEnd: '2025-12-12' };
const CHECK = `query ($code: String!) { inspectionCheck(code: $code) { state units { unitCode result { conclusion } } plan { id } } }`;

/** What the office holds and what the platforms hold for it, read through the graph. */
async function snapshot(sys: TestSystem, planId: string, mergeUscc: string) {
  const planTasks = (await ok(sys, TASKS, { id: planId })).jointPlan.tasks as { unitCode: string; uscc: string; platformTaskId: string }[];
  const onPlatforms = [];
  for (const row of planTasks) {
    const tasks = await tasksOfBusiness(sys, row.uscc, [row.unitCode]);
    onPlatforms.push(tasks.find((task) => task.id === row.platformTaskId) ?? null);
  }
  const progress = (await ok(sys, `mutation ($id: ID!) { refreshJointPlanProgress(id: $id) { plan { state } units { unitCode pending inProgress completed } } }`, { id: planId })).refreshJointPlanProgress;
  const merged = await tasksOfBusiness(sys, mergeUscc, ['market', 'health', 'fire']);
  return { planTasks, onPlatforms, progress, merged: merged.sort((a, b) => a.id.localeCompare(b.id)) };
}

describe('a restart', () => {
  it('keeps every plan, merge and task consistent with what was written', async () => {
    store = await openTestStore(process.env.DATABASE_URL ? 'postgres' : 'pglite');
    system = await startTestSystem({ PLATFORM_DATA_DIR: platformDir }, { officeStore: store });
    const planId = (await publishedPlan(system, 'restart', 'restart seed 13-24-35', PERIOD)).id;
    await ok(system, DISPATCH, { id: planId });
    const rows = (await ok(system, TASKS, { id: planId })).jointPlan.tasks as { unitCode: string; uscc: string; platformTaskId: string }[];
    const fire = rows.find((row) => row.unitCode === 'fire')!;
    const [task] = (await ok(system, `query ($u: ID!) { department(code: "fire") { tasksOf(usccs: [$u]) { id inspectionCode inspectorIds plannedOn } } }`, { u: fire.uscc }, department('fire'))).department.tasksOf.filter((t: { id: string }) => t.id === fire.platformTaskId);
    await ok(system, `mutation ($t: ID!, $c: String!, $u: String!, $i: ID!, $on: String) { fireCheckIn(unitCode: "fire", taskId: $t, inspectionCode: $c, uscc: $u, inspectorId: $i, on: $on) { id } }`, { t: task.id, c: task.inspectionCode, u: fire.uscc, i: task.inspectorIds[0], on: task.plannedOn }, department('fire'));
    await ok(system, `mutation ($t: ID!, $on: String) { fireRecordResult(unitCode: "fire", taskId: $t, inspectedOn: $on, items: [{ itemCode: "fire-I02", problems: [] }]) { id } }`, { t: task.id, on: task.plannedOn }, department('fire'));
    await ok(system, `mutation ($t: ID!) { firePublishResult(unitCode: "fire", taskId: $t) { id } }`, { t: task.id }, department('fire'));
    await ok(system, `mutation ($c: String!) { rateInspection(code: $c, score: 5) }`, { c: task.inspectionCode }, PUBLIC);

    // A merge: four planted visits of one business become one joint visit (originals cancelled).
    const mergeUscc = unvisitedBusinesses()[1];
    await plantVisits(system, mergeUscc, [{ unitCode: 'market', plannedOn: '2025-12-02' }, { unitCode: 'health', plannedOn: '2025-12-04' }, { unitCode: 'fire', plannedOn: '2025-12-10' }], 'restart');
    const group = (await ok(system, DUPLICATES, { period: { year: 2025 }, filter: { mergeable: true }, first: 50 })).duplicateVisits.edges.map((edge: { node: { key: string; uscc: string } }) => edge.node).find((node: { uscc: string }) => node.uscc === mergeUscc);
    await ok(system, MERGE, { key: group.key, date: '2025-12-11', lead: 'market' });

    const before = await snapshot(system, planId, mergeUscc);
    expect(before.progress.plan.state).toBe('IN_PROGRESS');
    const checkBefore = (await ok(system, CHECK, { code: task.inspectionCode }, PUBLIC)).inspectionCheck;
    await system.close();
    system = undefined;

    // The same platform folder and office store, as `npm start` finds them after a restart.
    system = await startTestSystem({ PLATFORM_DATA_DIR: platformDir }, { officeStore: store });
    const after = await snapshot(system, planId, mergeUscc);
    expect(after.onPlatforms.every((row) => row !== null)).toBe(true);
    expect(after).toEqual(before);
    expect((await ok(system, CHECK, { code: task.inspectionCode }, PUBLIC)).inspectionCheck).toEqual(checkBefore);
    const published = await ok(system, `query ($u: ID!) { enterprise(uscc: $u) { publications { taskId } } }`, { u: fire.uscc }, PUBLIC);
    expect(published.enterprise.publications.map((p: { taskId: string }) => p.taskId)).toContain(task.id);
    // The rating is kept too (the office store): a second one with the code is refused.
    const again = await ok(system, `mutation ($c: String!) { rateInspection(code: $c, score: 1) }`, { c: task.inspectionCode }, PUBLIC).catch((error: Error) => error.message);
    expect(again).toContain('ALREADY_RATED');
  }, 240_000);

  it('refuses a platform store written for another dataset, naming the reset command', async () => {
    await system?.close();
    system = undefined;
    const config = readConfig({ DATA_SCALE: 'test', DATA_SEED: '7', PLATFORM_DATA_DIR: platformDir });
    await expect(startSystem({ config, fixedPorts: false, officeStore: store })).rejects.toThrow(/DATA_SCALE=test DATA_SEED=20250101.*npm run reset-data/s);
  });
});
