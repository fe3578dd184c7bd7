// Dispatch survives outages: a unit whose platform is down waits (recorded per unit), the retry
// worker (or a second dispatch) finishes once it is back, and every task exists exactly once —
// also when the platform created tasks but its answer was lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './helpers/system';
import { DISPATCH, TASKS, ok, platformTasks, publishedPlan, week } from './helpers/joint-plans';

let system: TestSystem;
beforeAll(async () => {
  // Fast retries: look every 150 ms, back off from 150 ms up to 1 s.
  system = await startTestSystem({}, { dispatchRetry: { intervalMs: 150, baseDelayMs: 150, maxDelayMs: 1_000 } });
});
afterAll(async () => {
  system?.platforms.fire.setFaults({ down: false, latencyMs: 0 });
  await system?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type UnitDispatch = { unitCode: string; waiting: number; created: number; failed: number; done: boolean; lastError: string | null };
const DISPATCH_STATE = `query ($id: ID!) { jointPlan(id: $id) { state dispatch { unitCode waiting created failed done lastError } } }`;

async function dispatchOf(id: string): Promise<Record<string, UnitDispatch>> {
  const data = await ok(system, DISPATCH_STATE, { id });
  return Object.fromEntries(data.jointPlan.dispatch.map((u: UnitDispatch) => [u.unitCode, u]));
}

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(100);
  }
}

async function fireTaskCount(id: string, usccs: string[]): Promise<number> {
  const tasks = await platformTasks(system, 'fire', id, usccs);
  expect(new Set(tasks.map((t) => t.enterprise.uscc)).size).toBe(tasks.length);
  return tasks.length;
}

describe('a platform down during dispatch', () => {
  it('records fire as waiting; the retry worker creates its tasks exactly once when it is back', async () => {
    const { id, draw } = await publishedPlan(system, 'outage-1', 'outage seed 1', week(4));
    const usccs = draw.plan.drawnBusinesses.map((d: { uscc: string }) => d.uscc) as string[];
    system.platforms.fire.setFaults({ down: true });
    const answer = await ok(system, DISPATCH, { id });
    expect(answer.dispatchJointPlan.state).toBe('DISPATCHED');
    const units = Object.fromEntries(answer.dispatchJointPlan.dispatch.map((u: UnitDispatch) => [u.unitCode, u]));
    expect(units.fire).toMatchObject({ waiting: 4, created: 0, done: false });
    expect(units.fire.lastError).toMatch(/PLATFORM_UNAVAILABLE|PLATFORM_TIMEOUT/);
    expect(units.market).toMatchObject({ waiting: 0, created: 4, done: true });
    expect(units.health).toMatchObject({ waiting: 0, created: 4, done: true });

    // While it is down the worker keeps trying (with backoff), and nothing gets lost.
    const attempts = async () => {
      const tasks = (await ok(system, TASKS, { id })).jointPlan.tasks as { unitCode: string; attempts: number; dispatchState: string }[];
      return Math.max(...tasks.filter((t) => t.unitCode === 'fire').map((t) => t.attempts));
    };
    await until(async () => (await attempts()) >= 2);
    expect((await dispatchOf(id)).fire.done).toBe(false);

    system.platforms.fire.setFaults({ down: false });
    await until(async () => (await dispatchOf(id)).fire.done);
    expect(await fireTaskCount(id, usccs)).toBe(4);
    // Another dispatch changes nothing.
    await ok(system, DISPATCH, { id });
    expect(await fireTaskCount(id, usccs)).toBe(4);
    const tasks = (await ok(system, TASKS, { id })).jointPlan.tasks as { dispatchState: string }[];
    expect(tasks.every((t) => t.dispatchState === 'CREATED')).toBe(true);

    const trail = (await ok(system, `query ($id: ID!) { jointPlan(id: $id) { auditTrail { action entityId } } }`, { id })).jointPlan.auditTrail as { action: string; entityId: string }[];
    expect(trail.filter((e) => e.action === 'task.dispatch_failed' && e.entityId.includes('/fire/')).length).toBeGreaterThanOrEqual(8);
    expect(trail.filter((e) => e.action === 'task.created')).toHaveLength(12);
  });

  it('a second dispatch right after recovery also ends with every task exactly once', async () => {
    const { id, draw } = await publishedPlan(system, 'outage-2', 'outage seed 2', week(1));
    const usccs = draw.plan.drawnBusinesses.map((d: { uscc: string }) => d.uscc) as string[];
    system.platforms.fire.setFaults({ down: true });
    await ok(system, DISPATCH, { id });
    system.platforms.fire.setFaults({ down: false });
    // Races the worker on purpose: the in-flight guard and the platforms' idempotency keep it exact.
    await Promise.all([ok(system, DISPATCH, { id }), ok(system, DISPATCH, { id })]);
    await until(async () => (await dispatchOf(id)).fire.done);
    expect(await fireTaskCount(id, usccs)).toBe(4);
  });

  it('tasks created by a platform whose answer was lost are not created twice', async () => {
    const { id, draw } = await publishedPlan(system, 'outage-3', 'outage seed 3', week(0));
    const usccs = draw.plan.drawnBusinesses.map((d: { uscc: string }) => d.uscc) as string[];
    // Slower than the subgraph's platform timeout (800 ms): fire creates the tasks, the answer is lost.
    system.platforms.fire.setFaults({ latencyMs: 1_500 });
    const answer = await ok(system, DISPATCH, { id });
    expect(answer.dispatchJointPlan.dispatch.find((u: UnitDispatch) => u.unitCode === 'fire').done).toBe(false);
    await sleep(1_000);
    system.platforms.fire.setFaults({ latencyMs: 0 });
    expect(await fireTaskCount(id, usccs)).toBe(4);
    await until(async () => (await dispatchOf(id)).fire.done);
    expect(await fireTaskCount(id, usccs)).toBe(4);
  });
});
