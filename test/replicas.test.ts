// The system replicated: two gateways and two replicas of every subgraph, each a process, behind
// round-robin proxies, on one PostgreSQL and one Redis (system/topology.ts). A joint plan is
// composed, drawn, published and dispatched with the fire platform down, then a duplicate visit
// is merged, while one replica of every component is killed with SIGKILL at a random step. Then:
// every task exists exactly once on the platforms, the plan and the merge reach their final
// states, nothing the office wrote is lost, and the dispatch retry ran once per recovery (the
// fire platform's request counter and the audit log), though both office replicas run the worker.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUnit } from '../config/units';
import { SUBGRAPH_SERVICES } from '../config/services';
import { DEV_JWT_SECRET } from '../config/env';
import { signToken } from '../lib/auth';
import { datasetFor } from '../platforms/data/generate';
import { startTopology, type Replica, type Topology } from '../system/topology';
import { RETRY_ACTOR } from '../subgraphs/joint-office/plans/retry-worker';
import { CREATE, DISPATCH, DRAW, PUBLISH, TASKS, cateringPlan } from './helpers/joint-plans';
import { DUPLICATES, MERGE, unvisitedBusinesses } from './helpers/duplicates';
import { TEST_TODAY } from './helpers/system';

const { REDIS_URL, DATABASE_URL } = process.env;
const missing = !REDIS_URL || !DATABASE_URL;
if (missing && process.env.CI === 'true') throw new Error('The replication test needs REDIS_URL and DATABASE_URL (CI sets them)');
if (missing) console.warn('test/replicas.test.ts skipped: replicas share PostgreSQL and Redis; set REDIS_URL and DATABASE_URL');

/** Deterministic per run, printed, so a failing order of kills can be replayed (REPLICAS_SEED). */
const SEED = Number(process.env.REPLICAS_SEED ?? Math.floor(Math.random() * 1e9));
let state = SEED;
const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);

const STEPS = ['create', 'draw', 'publish', 'dispatch', 'plant', 'merge'] as const;
type Step = (typeof STEPS)[number];

let topology: Topology;
let database: string;
let token: string;
const killedAt: string[] = [];
/** Kills scheduled per step: one replica of each component, at a random step, 0–400 ms into it. */
const kills = new Map<Step, Replica[]>();

const adminUrl = (databaseUrl: string, name: string) => {
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

async function onAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (missing) return;
  // A database of its own: the office replicas share it, nothing else does.
  database = `replicas_${randomBytes(5).toString('hex')}`;
  await onAdmin((client) => client.query(`CREATE DATABASE ${database}`));
  topology = await startTopology({
    gateways: 2,
    replicas: 2,
    env: {
      ...process.env,
      DATA_SCALE: 'test',
      // The platforms' journal of this run only (a new dataset's tasks each time).
      PLATFORM_DATA_DIR: mkdtempSync(join(tmpdir(), 'ssj-replicas-platforms-')),
      DATABASE_URL: adminUrl(DATABASE_URL!, database),
      CACHE_PREFIX: `ssj-replicas-${randomBytes(4).toString('hex')}:`,
      SYNC_INTERVAL_MS: '2000',
      PLATFORM_TIMEOUT_MS: '1500',
      SUBGRAPH_TIMEOUT_MS: '8000',
      DISPATCH_RETRY_INTERVAL_MS: '250',
      DISPATCH_RETRY_BASE_MS: '250',
      DISPATCH_RETRY_MAX_MS: '1000',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_REQUESTS: '0',
      // The office replicas' today, as in-process tests pin it: the plan and merge dates are ahead.
      OFFICE_TODAY: TEST_TODAY,
    },
    log: () => undefined,
    startTimeoutMs: 300_000,
  });
  token = await signToken({ kind: 'office' }, DEV_JWT_SECRET, { subject: 'replicas-test' });
  // Every replica ready: the departments' views built, the office's visit index read.
  await until(async () => (await Promise.all(topology.replicas.map((r) => fetch(`${r.url}/readyz`).then((a) => a.ok, () => false)))).every(Boolean), 240_000, 'replicas ready');
  for (const component of ['gateway', ...SUBGRAPH_SERVICES.map((s) => s.name)]) {
    const victims = topology.replicas.filter((r) => r.component === component);
    const victim = victims[Math.floor(random() * victims.length)];
    const step = STEPS[Math.floor(random() * STEPS.length)];
    kills.set(step, [...(kills.get(step) ?? []), victim]);
  }
  console.log(`replicas test seed ${SEED}: kills ${[...kills].map(([step, rs]) => `${step}: ${rs.map((r) => `${r.component}#${r.index}`).join(', ')}`).join('; ')}`);
}, 900_000);

afterAll(async () => {
  if (missing) return;
  await topology?.close();
  if (database) await onAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
});

async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

interface Answer {
  data?: any;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function query(text: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  try {
    const response = await fetch(topology.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: text, variables }),
    });
    if (response.status === 502) return { errors: [{ message: 'bad gateway', extensions: { code: 'BAD_GATEWAY' } }] };
    return (await response.json()) as Answer;
  } catch (error) {
    return { errors: [{ message: (error as Error).message, extensions: { code: 'NETWORK' } }] };
  }
}

/** Errors a replica dying under a request gives: the caller sends the (idempotent) request again. */
const TRANSIENT = new Set(['BAD_GATEWAY', 'NETWORK', 'SUBGRAPH_UNAVAILABLE', 'PLATFORM_UNAVAILABLE', 'PLATFORM_TIMEOUT', 'STORE_UNAVAILABLE', 'SYNCING', 'INTERNAL_SERVER_ERROR']);

/**
 * Runs one step of the scenario as a client would: the scheduled kills of this step fire while
 * its request is under way; a transient failure is retried; `settled` accepts an answer that says
 * the step already took effect (e.g. INVALID_STATE for a draw whose answer was lost).
 */
async function step(name: Step, text: string, variables: Record<string, unknown>, settled: (answer: Answer) => boolean = () => false): Promise<any> {
  // A step sent several times (plant) kills on its first request only.
  const due = kills.get(name) ?? [];
  kills.delete(name);
  const killing = Promise.all(
    due.map(async (replica) => {
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 400)));
      killedAt.push(`${replica.component}#${replica.index} during ${name}`);
      await topology.kill(replica);
    }),
  );
  try {
    for (let attempt = 0; attempt < 60; attempt++) {
      const answer = await query(text, variables);
      if (!answer.errors?.length) return answer.data;
      if (settled(answer)) return answer.data;
      if (!answer.errors.every((error) => TRANSIENT.has(error.extensions?.code ?? ''))) throw new Error(`${name}: ${JSON.stringify(answer.errors)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${name}: no answer after 60 attempts`);
  } finally {
    await killing;
  }
}

async function read(text: string, variables: Record<string, unknown> = {}): Promise<any> {
  for (let attempt = 0; ; attempt++) {
    const answer = await query(text, variables);
    if (!answer.errors?.length) return answer.data;
    if (attempt > 40 || !answer.errors.every((error) => TRANSIENT.has(error.extensions?.code ?? ''))) throw new Error(JSON.stringify(answer.errors));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function platformAdmin(platform: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${topology.platformUrls[platform]}/__admin/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  return response.json();
}

const codeOf = (answer: Answer) => answer.errors?.[0]?.extensions?.code;

describe.skipIf(missing)('two replicas of every component, one of each killed on the way', () => {
  it('dispatches a joint plan and merges a duplicate visit: every task once, final states, the retry once', async () => {
    const PLAN_STATE = `query ($id: ID!) { jointPlan(id: $id) { state dispatch { unitCode waiting created done } } }`;
    const created = await step('create', CREATE, { input: cateringPlan(), key: 'replicas-walkthrough' });
    const id = created.createJointPlan.id as string;
    const stateOf = async () => (await read(PLAN_STATE, { id })).jointPlan.state as string;
    let lastState = '';
    const refreshState = async () => (lastState = await stateOf());

    const drawn = await step('draw', DRAW, { id, seed: '07-19-23-31-42' }, (answer) => codeOf(answer) === 'INVALID_STATE');
    await refreshState();
    expect(lastState).toBe('DRAWN');
    const usccs = drawn
      ? (drawn.drawJointPlan.plan.drawnBusinesses as { uscc: string }[]).map((b) => b.uscc)
      : ((await read(`query ($id: ID!) { jointPlan(id: $id) { drawnBusinesses { uscc } } }`, { id })).jointPlan.drawnBusinesses as { uscc: string }[]).map((b) => b.uscc);
    expect(usccs.length).toBeGreaterThan(0);

    await step('publish', PUBLISH, { id }, (answer) => codeOf(answer) === 'INVALID_STATE');
    await refreshState();
    expect(lastState).toBe('PUBLISHED');
    // The draw read fire's directory; now fire is down for the dispatch.
    await platformAdmin('fire', 'faults', { down: true });
    await step('dispatch', DISPATCH, { id });
    await refreshState();
    expect(lastState).toBe('DISPATCHED');
    const beforeRecovery = (await read(PLAN_STATE, { id })).jointPlan.dispatch as { unitCode: string; done: boolean }[];
    expect(beforeRecovery.find((u) => u.unitCode === 'fire')?.done).toBe(false);

    // Fire is back: the retry worker of whichever office replica holds the lease creates its tasks.
    await platformAdmin('fire', 'reset', {});
    await platformAdmin('fire', 'faults', { down: false });
    await until(async () => ((await read(PLAN_STATE, { id })).jointPlan.dispatch as { unitCode: string; done: boolean }[]).every((u) => u.done), 60_000, 'fire dispatched');
    const fireStats = await platformAdmin('fire', 'stats');
    const creates = Object.entries(fireStats.byRoute as Record<string, number>).filter(([route]) => /create/i.test(route));
    // One batch of the plan's fire tasks, sent once: not once per office replica.
    expect(creates.reduce((sum, [, count]) => sum + count, 0)).toBe(1);

    // Every task exactly once on its platform.
    const fields = ['market', 'fire', 'health'].map((unit, i) => `u${i}: department(code: "${unit}") { tasksOf(usccs: $u) { id planId enterprise { uscc } } }`);
    const onPlatforms = await read(`query ($u: [ID!]!) { ${fields.join(' ')} }`, { u: usccs });
    for (const key of ['u0', 'u1', 'u2']) {
      const ofPlan = (onPlatforms[key].tasksOf as { planId: string; enterprise: { uscc: string } }[]).filter((t) => t.planId === id);
      expect(ofPlan.map((t) => t.enterprise.uscc).sort()).toEqual([...usccs].sort());
    }
    const tasks = (await read(TASKS, { id })).jointPlan.tasks as { taskKey: string; dispatchState: string; platformTaskId: string }[];
    expect(tasks).toHaveLength(usccs.length * 3);
    expect(tasks.every((t) => t.dispatchState === 'CREATED')).toBe(true);
    expect(new Set(tasks.map((t) => t.platformTaskId)).size).toBe(tasks.length);

    // Nothing the office wrote is lost or doubled: each transition once, each task created once,
    // the fire tasks by the retry worker.
    const trail = (await read(`query ($id: ID!) { jointPlan(id: $id) { auditTrail { actor action entityId } } }`, { id })).jointPlan.auditTrail as { actor: string; action: string; entityId: string }[];
    expect(trail.filter((e) => e.action === 'plan.created')).toHaveLength(1);
    expect(trail.filter((e) => e.action === 'draw.saved')).toHaveLength(1);
    // draft → drawn → published → dispatched, each once.
    expect(trail.filter((e) => e.action === 'plan.transition')).toHaveLength(3);
    const createdEntries = trail.filter((e) => e.action === 'task.created');
    expect(createdEntries.map((e) => e.entityId).sort()).toEqual(tasks.map((t) => t.taskKey).sort());
    expect(createdEntries.filter((e) => e.entityId.includes('/fire/')).every((e) => e.actor === RETRY_ACTOR)).toBe(true);

    // A duplicate visit: pending tasks of three units for one business in December, then merged.
    const uscc = unvisitedBusinesses()[9];
    const dataset = datasetFor('test');
    const planted: string[] = [];
    const visits: [string, string][] = [['market', '2025-12-03'], ['ecology', '2025-12-05'], ['fire', '2025-12-09']];
    for (const [index, [unitCode, plannedOn]] of visits.entries()) {
      const unit = dataset.units[unitCode];
      const plan = unit.plans.find((p) => p.periodStart <= '2025-12-01' && p.periodEnd >= '2025-12-15')!;
      const task = { externalKey: `replicas/plant/${index}`, planId: plan.id, uscc, itemCodes: [plan.itemCodes[0]], inspectorIds: unit.inspectors.filter((i) => i.active).slice(0, 2).map((i) => i.id), plannedOn };
      const platform = findUnit(unitCode)!.platform;
      const data = await step('plant', `mutation ($c: ID!, $t: [NewTaskInput!]!) { created: ${platform}CreateTasks(unitCode: $c, tasks: $t) { task { id } } }`, { c: unitCode, t: [task] });
      planted.push(data.created[0].task.id);
    }
    // The office finds the group from its visit index, whichever replicas answer.
    let group: { key: string; taskIds: string[] } | undefined;
    await until(
      async () => {
        const data = await read(DUPLICATES, { period: { from: '2025-12-01', to: '2025-12-31' }, first: 100 });
        group = (data.duplicateVisits.edges as { node: { key: string; uscc: string; taskIds: string[] } }[]).map((e) => e.node).find((n) => n.uscc === uscc);
        return group !== undefined && group.taskIds.length === 3;
      },
      30_000,
      'the planted duplicate group',
    );
    expect([...group!.taskIds].sort()).toEqual([...planted].sort());
    const merge = () => step('merge', MERGE, { key: group!.key, date: '2025-12-11' }, (answer) => codeOf(answer) === 'GROUP_ALREADY_MERGED');
    let merged = await merge();
    // A unit's write cut off by a kill leaves the merge PENDING; as the README says a client does, the
    // same request again resumes it (a retry of the same request also resumes a merge a killed replica left).
    for (let again = 0; merged?.mergeDuplicateGroup.state === 'PENDING' && again < 20; again++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      merged = await merge();
    }
    if (merged) expect(merged.mergeDuplicateGroup.state).toBe('APPLIED');
    const report = (await read(`query { duplicateReport(period: { from: "2025-12-01", to: "2025-12-31" }) { pendingMerges appliedMerges } }`)).duplicateReport;
    expect(report).toEqual({ pendingMerges: 0, appliedMerges: 1 });
    const live = await read(
      `query ($u: [ID!]!) { ${['market', 'ecology', 'fire'].map((unit, i) => `u${i}: department(code: "${unit}") { tasksOf(usccs: $u) { id status jointGroupId } }`).join(' ')} }`,
      { u: [uscc] },
    );
    for (const key of ['u0', 'u1', 'u2']) {
      const remaining = (live[key].tasksOf as { status: string; jointGroupId: string | null }[]).filter((t) => t.status !== 'CANCELLED');
      // Exactly the joint visit per unit: never both visits, never none.
      expect(remaining, key).toHaveLength(1);
      expect(remaining[0].jointGroupId).toBeTruthy();
    }
    expect(killedAt).toHaveLength(7);
    expect(topology.replicas.filter((r) => !r.alive())).toHaveLength(7);
    console.log(`replicas test: killed ${killedAt.join(', ')}`);
  }, 300_000);
});
