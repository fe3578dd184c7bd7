// The ecology platform stand-in and its adapter, end to end over HTTP: every adapter method
// returns exactly the dataset's records, cursors walk each list once, filters behave, batches
// are split at 100, and the API key, outages and slowness are reported as PlatformErrors.
import { expectPlatformError } from './helpers/platform-failure';
import { describe, expect, it } from 'vitest';
import { datasetFor } from '../platforms/data/generate';
import type { Task } from '../platforms/data/model';
import { createEcologyPlatform } from '../platforms/ecology/server';
import { EcologyPlatformClient } from '../subgraphs/ecology/client';
import { adapterRig, batchAnswers, expectFilteredDirectory, expectReferenceLists, singleFilters, walk } from './helpers/platform-adapter';

const API_KEY = 'test-key-123';
const rig = adapterRig(
  () => datasetFor('test'),
  (dataset) => createEcologyPlatform(dataset, { apiKey: API_KEY }),
  (url) => new EcologyPlatformClient({ baseUrl: url, timeoutMs: 2000, apiKey: API_KEY }),
);

async function raw(path: string, init: RequestInit = {}, key: string | null = API_KEY) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers['x-api-key'] = key;
  const response = await fetch(`${rig.platform.url}${path}`, { ...init, headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('ecology adapter returns the dataset', () => {
  it('serves the ecology unit only', () => {
    expect(rig.client.unitCodes).toEqual(['ecology']);
    expect(rig.client.maxBatch).toBe(100);
  });

  it('items, inspectors, certified officers and plans equal the dataset', async () => {
    await expectReferenceLists(rig.client, 'ecology', rig.dataset.units.ecology, rig.dataset.year);
    expect(await rig.client.plans('ecology', 1999)).toEqual([]);
  });

  it('walks the whole directory exactly once with opaque cursors', async () => {
    const directory = rig.dataset.units.ecology.directory;
    expect(directory.length).toBeGreaterThan(20);
    const walked = await walk((after) => rig.client.directory('ecology', { first: 9, after }));
    expect(walked.nodes).toEqual(directory);
    expect(walked.pages).toBe(Math.ceil(directory.length / 9));
    expect(new Set(walked.totals)).toEqual(new Set([directory.length]));
    const large = await rig.client.directory('ecology', { first: 130 });
    expect(large.nodes).toEqual(directory.slice(0, 130));
  });

  it('filters targets by division, industry prefix and tag', async () => {
    const directory = rig.dataset.units.ecology.directory;
    const sample = directory[Math.floor(directory.length / 2)];
    await expectFilteredDirectory(rig.client, 'ecology', directory, singleFilters(sample), 50);
  });

  it('queries tasks by year, plan, status and planned date', async () => {
    const { tasks, plans } = rig.dataset.units.ecology;
    expect(tasks.length).toBeGreaterThan(0);
    const sample = tasks[Math.floor(tasks.length / 2)];
    const yearOf = (task: Task) => plans.find((plan) => plan.id === task.planId)!.year;
    const cases: [Parameters<EcologyPlatformClient['tasks']>[1], (task: Task) => boolean][] = [
      [{ first: 7 }, () => true],
      [{ first: 7, year: rig.dataset.year }, (task) => yearOf(task) === rig.dataset.year],
      [{ first: 7, planId: sample.planId }, (task) => task.planId === sample.planId],
      [{ first: 7, status: sample.status }, (task) => task.status === sample.status],
      [{ first: 7, from: sample.plannedOn, to: sample.plannedOn }, (task) => task.plannedOn === sample.plannedOn],
    ];
    for (const [query, keep] of cases) {
      expect((await walk((after) => rig.client.tasks('ecology', { ...query, after }))).nodes).toEqual(tasks.filter(keep));
    }
  });

  it('answers the batch methods in the order asked and splits them at 100 keys', async () => {
    const data = rig.dataset.units.ecology;
    const answers = batchAnswers(data);
    const usccs = [data.directory[1].uscc, '91440800MA00000000', data.directory[0].uscc];
    expect(await rig.client.directoryEntries('ecology', usccs)).toEqual([data.directory[1], null, data.directory[0]]);

    const taskUsccs = [...new Set(data.tasks.map((task) => task.uscc))];
    expect(await rig.client.tasksOfBusinesses('ecology', taskUsccs)).toEqual(answers.tasksOfBusinesses(taskUsccs));

    const taskIds = data.tasks.map((task) => task.id);
    expect(await rig.client.results('ecology', taskIds)).toEqual(answers.results(taskIds));
    const followUps = await rig.client.followUps('ecology', taskIds);
    expect(followUps).toEqual(answers.followUps(taskIds));
    expect(followUps.flat()).toHaveLength(data.followUps.length);

    rig.platform.resetStats();
    const codes = Array.from({ length: 250 }, (_, index) => data.directory[index]?.uscc ?? `UNKNOWN${String(index).padStart(11, '0')}`);
    expect(await rig.client.directoryEntries('ecology', codes)).toHaveLength(250);
    expect(rig.platform.stats().byRoute['POST /v1/units/:unit/targets:batchGet']).toBe(3);
  });
});

describe('ecology wire format', () => {
  it('speaks camelCase resources with ISO dates and UTC instants', async () => {
    const { status, body } = await raw('/v1/units/ecology/targets?limit=2');
    expect(status).toBe(200);
    const page = body as { data: Record<string, unknown>[]; nextCursor: string; totalSize: number };
    expect(page.data[0]).toMatchObject({ enterpriseId: rig.dataset.units.ecology.directory[0].uscc });
    expect(page.data[0].enrolledOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(typeof page.nextCursor).toBe('string');
    const withResult = rig.dataset.units.ecology.results[0];
    const results = await raw('/v1/units/ecology/results:batchGet', { method: 'POST', body: JSON.stringify({ taskIds: [withResult.taskId] }) });
    expect((results.body.results as { inspectedAt: string }[])[0].inspectedAt).toMatch(/^\d{4}-\d{2}-\d{2}T16:00:00\.000Z$/);
  });

  it('answers errors with HTTP statuses and {error, message}', async () => {
    expect(await raw('/v1/units/ecology/items', {}, null)).toMatchObject({ status: 401, body: { error: 'unauthenticated' } });
    expect(await raw('/v1/units/ecology/items', {}, 'wrong')).toMatchObject({ status: 401 });
    expect(await raw('/v1/units/market/items')).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await raw('/v1/units/ecology/items?limit=101')).toMatchObject({ status: 400, body: { error: 'invalid_argument' } });
    expect(await raw('/v1/units/ecology/tasks?status=DONE')).toMatchObject({ status: 400 });
    expect(await raw('/v1/units/ecology/targets?cursor=nonsense')).toMatchObject({ status: 400, body: { error: 'invalid_cursor' } });
    const tooMany = Array.from({ length: 101 }, (_, index) => `T${index}`);
    expect(await raw('/v1/units/ecology/results:batchGet', { method: 'POST', body: JSON.stringify({ taskIds: tooMany }) })).toMatchObject({ status: 413 });
    expect(rig.platform.stats().byRoute['GET /v1/units/:unit/items']).toBe(4);
  });
});

describe('ecology adapter failures', () => {
  it('reports a refused API key as PLATFORM_UNAVAILABLE naming the cause', async () => {
    const wrongKey = new EcologyPlatformClient({ baseUrl: rig.platform.url, timeoutMs: 2000, apiKey: 'wrong' });
    await expectPlatformError(wrongKey.items('ecology'), 'ecology', 'PLATFORM_UNAVAILABLE', /401.*API key/);
  });

  it('turns a server error, an outage and slowness into PlatformErrors', async () => {
    rig.platform.setFaults({ errorRate: 1 });
    await expectPlatformError(rig.client.results('ecology', ['x']), 'ecology', 'PLATFORM_UNAVAILABLE', /500 internal/);
    rig.platform.setFaults({ errorRate: 0, down: true });
    await expectPlatformError(rig.client.items('ecology'), 'ecology', 'PLATFORM_UNAVAILABLE', /unreachable/);
    rig.platform.setFaults({ down: false, latencyMs: 300 });
    const impatient = new EcologyPlatformClient({ baseUrl: rig.platform.url, timeoutMs: 100, apiKey: API_KEY });
    await expectPlatformError(impatient.plans('ecology'), 'ecology', 'PLATFORM_TIMEOUT');
  });

  it('rejects other units and foreign cursors', async () => {
    await expect(rig.client.items('market')).rejects.toMatchObject({ extensions: { code: 'UNKNOWN_UNIT' } });
    const tasks = await rig.client.tasks('ecology', { first: 1 });
    expect(tasks.next).not.toBeNull();
    await expect(rig.client.directory('ecology', { first: 5, after: tasks.next! })).rejects.toMatchObject({ extensions: { code: 'BAD_CURSOR' } });
  });
});
