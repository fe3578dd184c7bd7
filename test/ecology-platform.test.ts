// The ecology platform stand-in and its adapter, end to end over HTTP: every adapter method
// returns exactly the dataset's records, cursors walk each list once, filters behave, batches
// are split at 100, and the API key, outages and slowness are reported as PlatformErrors.
import { platformFailure } from './helpers/platform-failure';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PlatformError } from '../lib/platform-http';
import { datasetFor } from '../platforms/data/generate';
import type { Dataset, DirectoryEntry, Task } from '../platforms/data/model';
import { createEcologyPlatform } from '../platforms/ecology/server';
import { startPlatform, type RunningPlatform } from '../platforms/kit/server';
import type { PlatformPage } from '../subgraphs/kit/platform';
import { EcologyPlatformClient } from '../subgraphs/ecology/client';

const API_KEY = 'test-key-123';
let dataset: Dataset;
let platform: RunningPlatform;
let client: EcologyPlatformClient;

async function walk<T>(fetchPage: (after?: string) => Promise<PlatformPage<T>>): Promise<{ nodes: T[]; pages: number; totals: number[] }> {
  const nodes: T[] = [];
  const totals: number[] = [];
  let after: string | undefined;
  let pages = 0;
  do {
    const page = await fetchPage(after);
    nodes.push(...page.nodes);
    totals.push(page.totalCount);
    pages += 1;
    after = page.next ?? undefined;
  } while (after !== undefined && pages < 1000);
  return { nodes, pages, totals };
}

async function raw(path: string, init: RequestInit = {}, key: string | null = API_KEY) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers['x-api-key'] = key;
  const response = await fetch(`${platform.url}${path}`, { ...init, headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  dataset = datasetFor('test');
  platform = await startPlatform(createEcologyPlatform(dataset, { apiKey: API_KEY }));
  client = new EcologyPlatformClient({ baseUrl: platform.url, timeoutMs: 2000, apiKey: API_KEY });
});

afterAll(async () => {
  await platform?.close();
});

beforeEach(() => {
  platform.setFaults({ latencyMs: 0, errorRate: 0, down: false });
  platform.resetStats();
});

describe('ecology adapter returns the dataset', () => {
  it('serves the ecology unit only', () => {
    expect(client.unitCodes).toEqual(['ecology']);
    expect(client.maxBatch).toBe(100);
  });

  it('items, inspectors, certified officers and plans equal the dataset', async () => {
    const data = dataset.units.ecology;
    expect(await client.items('ecology')).toEqual(data.items);
    expect(await client.inspectors('ecology')).toEqual(data.inspectors);
    expect(await client.certifiedOfficers('ecology')).toEqual(data.certifiedOfficers);
    expect(await client.plans('ecology')).toEqual(data.plans);
    expect(await client.plans('ecology', dataset.year)).toEqual(data.plans.filter((plan) => plan.year === dataset.year));
    expect(await client.plans('ecology', 1999)).toEqual([]);
  });

  it('walks the whole directory exactly once with opaque cursors', async () => {
    const directory = dataset.units.ecology.directory;
    expect(directory.length).toBeGreaterThan(20);
    const walked = await walk((after) => client.directory('ecology', { first: 9, after }));
    expect(walked.nodes).toEqual(directory);
    expect(walked.pages).toBe(Math.ceil(directory.length / 9));
    expect(new Set(walked.totals)).toEqual(new Set([directory.length]));
    const large = await client.directory('ecology', { first: 130 });
    expect(large.nodes).toEqual(directory.slice(0, 130));
  });

  it('filters targets by division, industry prefix and tag', async () => {
    const directory = dataset.units.ecology.directory;
    const sample = directory[Math.floor(directory.length / 2)];
    const cases: [Parameters<EcologyPlatformClient['directory']>[1], (entry: DirectoryEntry) => boolean][] = [
      [{ first: 50, divisionCode: sample.divisionCode }, (entry) => entry.divisionCode === sample.divisionCode],
      [{ first: 50, industryPrefix: sample.industryCode.slice(0, 2) }, (entry) => entry.industryCode.startsWith(sample.industryCode.slice(0, 2))],
      [{ first: 50, tag: sample.tags[0] }, (entry) => entry.tags.includes(sample.tags[0])],
    ];
    for (const [query, keep] of cases) {
      const expected = directory.filter(keep);
      expect(expected.length).toBeGreaterThan(0);
      const walked = await walk((after) => client.directory('ecology', { ...query, after }));
      expect(walked.nodes).toEqual(expected);
      expect(walked.totals[0]).toBe(expected.length);
    }
  });

  it('queries tasks by year, plan, status and planned date', async () => {
    const { tasks, plans } = dataset.units.ecology;
    expect(tasks.length).toBeGreaterThan(0);
    const sample = tasks[Math.floor(tasks.length / 2)];
    const yearOf = (task: Task) => plans.find((plan) => plan.id === task.planId)!.year;
    const cases: [Parameters<EcologyPlatformClient['tasks']>[1], (task: Task) => boolean][] = [
      [{ first: 7 }, () => true],
      [{ first: 7, year: dataset.year }, (task) => yearOf(task) === dataset.year],
      [{ first: 7, planId: sample.planId }, (task) => task.planId === sample.planId],
      [{ first: 7, status: sample.status }, (task) => task.status === sample.status],
      [{ first: 7, from: sample.plannedOn, to: sample.plannedOn }, (task) => task.plannedOn === sample.plannedOn],
    ];
    for (const [query, keep] of cases) {
      expect((await walk((after) => client.tasks('ecology', { ...query, after }))).nodes).toEqual(tasks.filter(keep));
    }
  });

  it('answers the batch methods in the order asked and splits them at 100 keys', async () => {
    const data = dataset.units.ecology;
    const usccs = [data.directory[1].uscc, '91440800MA00000000', data.directory[0].uscc];
    expect(await client.directoryEntries('ecology', usccs)).toEqual([data.directory[1], null, data.directory[0]]);

    const taskUsccs = [...new Set(data.tasks.map((task) => task.uscc))];
    expect(await client.tasksOfBusinesses('ecology', taskUsccs)).toEqual(taskUsccs.map((uscc) => data.tasks.filter((task) => task.uscc === uscc)));

    const taskIds = data.tasks.map((task) => task.id);
    expect(await client.results('ecology', taskIds)).toEqual(taskIds.map((id) => data.results.find((result) => result.taskId === id) ?? null));
    const followUps = await client.followUps('ecology', taskIds);
    expect(followUps).toEqual(taskIds.map((id) => data.followUps.filter((followUp) => followUp.taskId === id)));
    expect(followUps.flat()).toHaveLength(data.followUps.length);

    platform.resetStats();
    const codes = Array.from({ length: 250 }, (_, index) => data.directory[index]?.uscc ?? `UNKNOWN${String(index).padStart(11, '0')}`);
    expect(await client.directoryEntries('ecology', codes)).toHaveLength(250);
    expect(platform.stats().byRoute['POST /v1/units/:unit/targets:batchGet']).toBe(3);
  });
});

describe('ecology wire format', () => {
  it('speaks camelCase resources with ISO dates and UTC instants', async () => {
    const { status, body } = await raw('/v1/units/ecology/targets?limit=2');
    expect(status).toBe(200);
    const page = body as { data: Record<string, unknown>[]; nextCursor: string; totalSize: number };
    expect(page.data[0]).toMatchObject({ enterpriseId: dataset.units.ecology.directory[0].uscc });
    expect(page.data[0].enrolledOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(typeof page.nextCursor).toBe('string');
    const withResult = dataset.units.ecology.results[0];
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
    expect(platform.stats().byRoute['GET /v1/units/:unit/items']).toBe(4);
  });
});

describe('ecology adapter failures', () => {
  const expectPlatformError = async (promise: Promise<unknown>, code: string, text?: RegExp) => {
    const error = await platformFailure(promise);
    expect(error.code).toBe(code);
    expect(error.platform).toBe('ecology');
    if (text) expect(error.message).toMatch(text);
  };

  it('reports a refused API key as PLATFORM_UNAVAILABLE naming the cause', async () => {
    const wrongKey = new EcologyPlatformClient({ baseUrl: platform.url, timeoutMs: 2000, apiKey: 'wrong' });
    await expectPlatformError(wrongKey.items('ecology'), 'PLATFORM_UNAVAILABLE', /401.*API key/);
  });

  it('turns a server error, an outage and slowness into PlatformErrors', async () => {
    platform.setFaults({ errorRate: 1 });
    await expectPlatformError(client.results('ecology', ['x']), 'PLATFORM_UNAVAILABLE', /500 internal/);
    platform.setFaults({ errorRate: 0, down: true });
    await expectPlatformError(client.items('ecology'), 'PLATFORM_UNAVAILABLE', /unreachable/);
    platform.setFaults({ down: false, latencyMs: 300 });
    const impatient = new EcologyPlatformClient({ baseUrl: platform.url, timeoutMs: 100, apiKey: API_KEY });
    await expectPlatformError(impatient.plans('ecology'), 'PLATFORM_TIMEOUT');
  });

  it('rejects other units and foreign cursors', async () => {
    await expect(client.items('market')).rejects.toMatchObject({ extensions: { code: 'UNKNOWN_UNIT' } });
    const tasks = await client.tasks('ecology', { first: 1 });
    expect(tasks.next).not.toBeNull();
    await expect(client.directory('ecology', { first: 5, after: tasks.next! })).rejects.toMatchObject({ extensions: { code: 'BAD_CURSOR' } });
  });
});
