// Task writes on the four platform stand-ins, through their adapters over HTTP: idempotent
// creation per externalKey, idempotent cancellation, visibility in every read, outages that
// write nothing, and batches split to each platform's limit.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PlatformId } from '../config/units';
import { ErrorCode } from '../lib/errors';
import { datasetFor } from '../platforms/data/generate';
import type { Dataset, UnitData } from '../platforms/data/model';
import { createEcologyPlatform } from '../platforms/ecology/server';
import { DEFAULT_API_KEY } from '../contracts/ecology-wire';
import { createEmergencyPlatform } from '../platforms/emergency/server';
import { createFirePlatform } from '../platforms/fire/server';
import { NO_FAULTS, startPlatform, type PlatformDefinition, type RunningPlatform } from '../platforms/kit/server';
import { createProvincialPlatform } from '../platforms/provincial/server';
import { EcologyPlatformClient } from '../subgraphs/ecology/client';
import { EmergencyPlatformClient } from '../subgraphs/emergency/client';
import { FirePlatformClient } from '../subgraphs/fire/client';
import type { DepartmentPlatform, NewTask } from '../subgraphs/kit/platform';
import { ProvincialPlatformClient } from '../subgraphs/provincial/client';

interface Case {
  platform: PlatformId;
  unitCode: string;
  build(dataset: Dataset): PlatformDefinition;
  client(url: string, timeoutMs: number): DepartmentPlatform;
  /** The request counter's label of a create call (fire: one HTTP request carries all calls). */
  createRoute: string;
  /** Whether a cancel batch is all-or-nothing; ecology cancels one task per call. */
  atomicCancel: boolean;
}

const CASES: Case[] = [
  {
    platform: 'provincial',
    unitCode: 'market',
    build: (dataset) => createProvincialPlatform(dataset),
    client: (baseUrl, timeoutMs) => new ProvincialPlatformClient({ baseUrl, timeoutMs }),
    createRoute: 'POST /sssj/api/rw/create',
    atomicCancel: true,
  },
  {
    platform: 'ecology',
    unitCode: 'ecology',
    build: (dataset) => createEcologyPlatform(dataset),
    client: (baseUrl, timeoutMs) => new EcologyPlatformClient({ baseUrl, timeoutMs }),
    createRoute: 'POST /v1/units/:unit/tasks',
    atomicCancel: false,
  },
  {
    platform: 'emergency',
    unitCode: 'emergency',
    build: (dataset) => createEmergencyPlatform(dataset),
    client: (baseUrl, timeoutMs) => new EmergencyPlatformClient({ baseUrl, timeoutMs }),
    createRoute: 'CreateTasks',
    atomicCancel: true,
  },
  {
    platform: 'fire',
    unitCode: 'fire',
    build: (dataset) => createFirePlatform(dataset),
    client: (baseUrl, timeoutMs) => new FirePlatformClient({ baseUrl, timeoutMs }),
    createRoute: 'batch[tasks.create]',
    atomicCancel: true,
  },
];

const dataset = datasetFor('test');
let planSerial = 0;

/** `count` new tasks of a fresh plan for distinct businesses, with real items and inspectors of the unit. */
function newTasks(unit: UnitData, count: number): NewTask[] {
  const planId = `TEST-P${++planSerial}`;
  return dataset.enterprises.slice(0, count).map((enterprise, index) => ({
    externalKey: `${planId}/${unit.unitCode}/${enterprise.uscc}`,
    planId,
    uscc: enterprise.uscc,
    itemCodes: [unit.items[index % unit.items.length].code],
    inspectorIds: [unit.inspectors[0].id, unit.inspectors[1].id],
    plannedOn: '2025-06-16',
    ...(index === 0 ? { jointGroupId: `${planId}/J1` } : {}),
  }));
}

async function expectCode(promise: Promise<unknown>, code: string) {
  const error = await promise.then(() => null, (thrown: unknown) => thrown as { code?: string; extensions?: { code?: string } });
  expect(error, `expected ${code}`).not.toBeNull();
  expect(error?.extensions?.code ?? error?.code).toBe(code);
}

describe.each(CASES)('$platform platform task writes', (testCase) => {
  const unit = dataset.units[testCase.unitCode];
  let platform: RunningPlatform;
  let client: DepartmentPlatform;

  beforeAll(async () => {
    platform = await startPlatform(testCase.build(dataset), { port: 0 });
    client = testCase.client(platform.url, 2000);
  });
  afterAll(() => platform.close());
  afterEach(() => {
    platform.setFaults(NO_FAULTS);
    platform.resetStats();
    vi.restoreAllMocks();
  });

  const planTasks = async (planId: string) => (await client.tasks(testCase.unitCode, { planId, first: 100 })).nodes;

  it('creates each task once: the same keys again answer the same tasks, marked existed', async () => {
    const tasks = newTasks(unit, 3);
    const first = await client.createTasks(testCase.unitCode, tasks);
    expect(first.map((created) => [created.externalKey, created.existed])).toEqual(tasks.map((task) => [task.externalKey, false]));
    const known = new Set(unit.tasks.map((task) => task.id));
    for (const [index, { task }] of first.entries()) {
      expect(task.id).toMatch(new RegExp(`^${testCase.unitCode}-T2025-\\d{6}$`));
      expect(known.has(task.id)).toBe(false);
      expect(task).toMatchObject({ unitCode: testCase.unitCode, status: 'pending', uscc: tasks[index].uscc, plannedOn: '2025-06-16' });
      expect(task.inspectorIds).toEqual(tasks[index].inspectorIds);
    }
    expect(first[0].task.jointGroupId).toBe(tasks[0].jointGroupId);
    expect(new Set(first.map((created) => created.task.id)).size).toBe(3);

    const again = await client.createTasks(testCase.unitCode, [...tasks, tasks[1]]);
    expect(again.map((created) => created.task.id)).toEqual([...first.map((created) => created.task.id), first[1].task.id]);
    expect(again.every((created) => created.existed)).toBe(true);
    expect(await planTasks(tasks[0].planId)).toHaveLength(3);
  });

  it('shows created tasks in the tasks query, the per-business batch and the counts', async () => {
    const before = (await client.tasks(testCase.unitCode, { year: 2025, first: 1 })).totalCount;
    const tasks = newTasks(unit, 4);
    const created = await client.createTasks(testCase.unitCode, tasks);
    const ids = created.map((entry) => entry.task.id);
    expect((await planTasks(tasks[0].planId)).map((task) => task.id)).toEqual(ids);
    expect((await client.tasks(testCase.unitCode, { year: 2025, first: 1 })).totalCount).toBe(before + 4);
    const pending = await client.tasks(testCase.unitCode, { planId: tasks[0].planId, status: 'pending', from: '2025-06-16', to: '2025-06-16', first: 10 });
    expect(pending.totalCount).toBe(4);
    const byBusiness = await client.tasksOfBusinesses(testCase.unitCode, tasks.map((task) => task.uscc));
    byBusiness.forEach((list, index) => expect(list.map((task) => task.id)).toContain(ids[index]));
  });

  it('cancels idempotently; an unknown id fails the call', async () => {
    const created = await client.createTasks(testCase.unitCode, newTasks(unit, 2));
    const [a, b] = created.map((entry) => entry.task.id);
    await expectCode(client.cancelTasks(testCase.unitCode, [a, `${testCase.unitCode}-T2025-999999`]), ErrorCode.NOT_FOUND);
    // A batch is refused as a whole, except on ecology, whose API cancels one task per call.
    const statuses = (await planTasks(created[0].task.planId)).map((task) => task.status);
    expect(statuses).toEqual([testCase.atomicCancel ? 'pending' : 'cancelled', 'pending']);

    const cancelled = await client.cancelTasks(testCase.unitCode, [a]);
    expect(cancelled.map((task) => [task.id, task.status])).toEqual([[a, 'cancelled']]);
    const twice = await client.cancelTasks(testCase.unitCode, [a, b, a]);
    expect(twice.map((task) => [task.id, task.status])).toEqual([[a, 'cancelled'], [b, 'cancelled']]);
    const listed = await client.tasks(testCase.unitCode, { planId: created[0].task.planId, status: 'cancelled', first: 10 });
    expect(listed.nodes.map((task) => task.id)).toEqual([a, b]);
    const [ofBusiness] = await client.tasksOfBusinesses(testCase.unitCode, [created[0].task.uscc]);
    expect(ofBusiness.find((task) => task.id === a)?.status).toBe('cancelled');
  });

  it('refuses what the platform does not allow, writing nothing: items off the list, completed tasks', async () => {
    const [good, bad] = newTasks(unit, 2);
    await expectCode(client.createTasks(testCase.unitCode, [good, { ...bad, itemCodes: ['NOT-AN-ITEM'] }]), ErrorCode.PLATFORM_REJECTED);
    await expectCode(client.createTasks(testCase.unitCode, [{ ...good, inspectorIds: ['nobody-1', 'nobody-2'] }]), ErrorCode.PLATFORM_REJECTED);
    expect(await planTasks(good.planId)).toEqual([]);
    const completed = unit.tasks.find((task) => task.status === 'completed')!;
    await expectCode(client.cancelTasks(testCase.unitCode, [completed.id]), ErrorCode.PLATFORM_REJECTED);
  });

  it('writes nothing while the platform is down, and a retry afterwards creates each task once', async () => {
    const tasks = newTasks(unit, 5);
    platform.setFaults({ down: true });
    await expectCode(client.createTasks(testCase.unitCode, tasks), ErrorCode.PLATFORM_UNAVAILABLE);
    platform.setFaults({ down: false, errorRate: 1 });
    await expectCode(client.createTasks(testCase.unitCode, tasks), ErrorCode.PLATFORM_UNAVAILABLE);
    platform.setFaults(NO_FAULTS);
    expect(await planTasks(tasks[0].planId)).toEqual([]);
    const created = await client.createTasks(testCase.unitCode, tasks);
    expect(created.every((entry) => !entry.existed)).toBe(true);
    expect(await planTasks(tasks[0].planId)).toHaveLength(5);
  });

  it('a write whose answer was lost to a timeout is found again, not repeated, on retry', async () => {
    const impatient = testCase.client(platform.url, 100);
    const tasks = newTasks(unit, 2);
    platform.setFaults({ latencyMs: 300 });
    await expectCode(impatient.createTasks(testCase.unitCode, tasks), ErrorCode.PLATFORM_TIMEOUT);
    await new Promise((resolve) => setTimeout(resolve, 400));
    platform.setFaults(NO_FAULTS);
    const retried = await client.createTasks(testCase.unitCode, tasks);
    expect(retried.map((entry) => entry.existed)).toEqual([true, true]);
    expect(await planTasks(tasks[0].planId)).toHaveLength(2);
  });

  it('splits 250 new tasks into ceil(250 / maxBatch) calls', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const tasks = newTasks(unit, 250);
    const created = await client.createTasks(testCase.unitCode, tasks);
    expect(created.map((entry) => entry.externalKey)).toEqual(tasks.map((task) => task.externalKey));
    expect(new Set(created.map((entry) => entry.task.id)).size).toBe(250);
    const calls = Math.ceil(250 / client.maxBatch);
    expect(calls).toBeGreaterThan(1);
    if (testCase.platform === 'fire') {
      // JSON-RPC: the calls travel together in one HTTP batch request.
      expect(platform.stats().byRoute[testCase.createRoute]).toBe(1);
      const bodies = fetchSpy.mock.calls.map(([, init]) => JSON.parse(String(init?.body)) as { method: string }[]);
      expect(bodies.flat().filter((call) => call.method === 'tasks.create')).toHaveLength(calls);
    } else {
      expect(platform.stats().byRoute[testCase.createRoute]).toBe(calls);
    }
    expect((await client.tasks(testCase.unitCode, { planId: tasks[0].planId, first: 1 })).totalCount).toBe(250);
  });
});

describe('ecology Idempotency-Key', () => {
  let platform: RunningPlatform;
  beforeAll(async () => {
    platform = await startPlatform(createEcologyPlatform(dataset), { port: 0 });
  });
  afterAll(() => platform.close());

  const post = (key: string | undefined, tasks: unknown[]) =>
    fetch(`${platform.url}/v1/units/ecology/tasks`, {
      method: 'POST',
      headers: { 'x-api-key': DEFAULT_API_KEY, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify({ tasks }),
    });

  it('is required, and may not come back with another body', async () => {
    const unit = dataset.units.ecology;
    const [task, other] = newTasks(unit, 2).map((entry) => ({ ...entry, enterpriseId: entry.uscc, scheduledOn: entry.plannedOn, jointInspectionId: null }));
    expect((await post(undefined, [task])).status).toBe(400);
    expect((await post('k-1', [task])).status).toBe(200);
    const replay = await post('k-1', [task]);
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as { createdTasks: { alreadyExisted: boolean }[] }).createdTasks[0].alreadyExisted).toBe(true);
    const reused = await post('k-1', [other]);
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ error: 'idempotency_key_reused' });
  });
});
