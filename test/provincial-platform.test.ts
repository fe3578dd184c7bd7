// The provincial platform stand-in and its adapter, end to end over HTTP: every adapter method
// returns exactly the dataset's records, paging and filters behave, batches are split at 200,
// and refusals, outages and slowness become PlatformErrors.
import { platformFailure } from './helpers/platform-failure';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { unitsOnPlatform } from '../config/units';
import { PlatformError } from '../lib/platform-http';
import { datasetFor } from '../platforms/data/generate';
import type { Dataset, DirectoryEntry, Task } from '../platforms/data/model';
import { startPlatform, type RunningPlatform } from '../platforms/kit/server';
import { createProvincialPlatform } from '../platforms/provincial/server';
import { Paths } from '../contracts/provincial-wire';
import { ProvincialPlatformClient } from '../subgraphs/provincial/client';
import type { PlatformPage } from '../subgraphs/kit/platform';

let dataset: Dataset;
let platform: RunningPlatform;
let client: ProvincialPlatformClient;
const UNITS = unitsOnPlatform('provincial').map((unit) => unit.code);

/** The provincial unit with the largest directory, so paging has several pages. */
function busiestUnit(): string {
  return [...UNITS].sort((a, b) => dataset.units[b].directory.length - dataset.units[a].directory.length)[0];
}

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

async function rawGet(path: string): Promise<{ status: number; body: { code: string; msg: string; data: unknown } }> {
  const response = await fetch(`${platform.url}${path}`);
  return { status: response.status, body: await response.json() };
}

async function rawPost(path: string, body: unknown) {
  const response = await fetch(`${platform.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: response.status, body: (await response.json()) as { code: string; msg: string; data: unknown } };
}

beforeAll(async () => {
  dataset = datasetFor('test');
  platform = await startPlatform(createProvincialPlatform(dataset));
  client = new ProvincialPlatformClient({ baseUrl: platform.url, timeoutMs: 2000 });
});

afterAll(async () => {
  await platform?.close();
});

beforeEach(() => {
  platform.setFaults({ latencyMs: 0, errorRate: 0, down: false });
  platform.resetStats();
});

describe('provincial adapter returns the dataset', () => {
  it('serves the 15 provincial units', () => {
    expect(client.unitCodes).toHaveLength(15);
    expect(client.unitCodes).not.toContain('ecology');
    expect(client.maxBatch).toBe(200);
  });

  it('items, inspectors, certified officers and plans equal the dataset for every unit', async () => {
    for (const unit of UNITS) {
      const data = dataset.units[unit];
      expect(await client.items(unit)).toEqual(data.items);
      expect(await client.inspectors(unit)).toEqual(data.inspectors);
      expect(await client.certifiedOfficers(unit)).toEqual(data.certifiedOfficers);
      expect(await client.plans(unit)).toEqual(data.plans);
      expect(await client.plans(unit, dataset.year)).toEqual(data.plans.filter((plan) => plan.year === dataset.year));
    }
    expect(await client.plans(UNITS[0], 1999)).toEqual([]);
  });

  it('walks the whole directory exactly once, also when the page size changes', async () => {
    const unit = busiestUnit();
    const directory = dataset.units[unit].directory;
    expect(directory.length).toBeGreaterThan(40);
    const walked = await walk((after) => client.directory(unit, { first: 97, after }));
    expect(walked.nodes).toEqual(directory);
    expect(walked.pages).toBe(Math.ceil(directory.length / 97));
    expect(new Set(walked.totals)).toEqual(new Set([directory.length]));

    // A cursor from a page of 17 continued with pages of 10 still lands on the next row.
    const first = await client.directory(unit, { first: 17 });
    const second = await client.directory(unit, { first: 10, after: first.next! });
    expect(second.nodes).toEqual(directory.slice(17, 27));
    // More than the platform's page size of 100 in one adapter call.
    const large = await client.directory(unit, { first: 150 });
    expect(large.nodes).toEqual(directory.slice(0, 150));
  });

  it('filters the directory by division, industry prefix and tag', async () => {
    const unit = busiestUnit();
    const directory = dataset.units[unit].directory;
    const sample = directory[Math.floor(directory.length / 2)];
    const cases: [Parameters<ProvincialPlatformClient['directory']>[1], (entry: DirectoryEntry) => boolean][] = [
      [{ first: 100, divisionCode: sample.divisionCode }, (entry) => entry.divisionCode === sample.divisionCode],
      [{ first: 100, industryPrefix: sample.industryCode.slice(0, 2) }, (entry) => entry.industryCode.startsWith(sample.industryCode.slice(0, 2))],
      [{ first: 100, tag: sample.tags[0] }, (entry) => entry.tags.includes(sample.tags[0])],
      [
        { first: 100, divisionCode: sample.divisionCode, industryPrefix: sample.industryCode },
        (entry) => entry.divisionCode === sample.divisionCode && entry.industryCode.startsWith(sample.industryCode),
      ],
    ];
    for (const [query, keep] of cases) {
      const expected = directory.filter(keep);
      expect(expected.length).toBeGreaterThan(0);
      const walked = await walk((after) => client.directory(unit, { ...query, after }));
      expect(walked.nodes).toEqual(expected);
      expect(walked.totals[0]).toBe(expected.length);
    }
    const none = await client.directory(unit, { first: 10, divisionCode: '999999' });
    expect(none).toEqual({ nodes: [], next: null, totalCount: 0 });
  });

  it('queries tasks by year, plan, status and planned date', async () => {
    const unit = [...UNITS].sort((a, b) => dataset.units[b].tasks.length - dataset.units[a].tasks.length)[0];
    const { tasks, plans } = dataset.units[unit];
    const sample = tasks[Math.floor(tasks.length / 2)];
    const yearOf = (task: Task) => plans.find((plan) => plan.id === task.planId)!.year;
    const cases: [Parameters<ProvincialPlatformClient['tasks']>[1], (task: Task) => boolean][] = [
      [{ first: 25 }, () => true],
      [{ first: 25, year: dataset.year }, (task) => yearOf(task) === dataset.year],
      [{ first: 25, planId: sample.planId }, (task) => task.planId === sample.planId],
      [{ first: 25, status: sample.status }, (task) => task.status === sample.status],
      [{ first: 25, from: sample.plannedOn, to: sample.plannedOn }, (task) => task.plannedOn === sample.plannedOn],
    ];
    for (const [query, keep] of cases) {
      const walked = await walk((after) => client.tasks(unit, { ...query, after }));
      expect(walked.nodes).toEqual(tasks.filter(keep));
    }
  });

  it('answers the batch methods in the order asked, with null or [] for unknown keys', async () => {
    const unit = busiestUnit();
    const data = dataset.units[unit];
    const known = data.directory.slice(0, 5).map((entry) => entry.uscc);
    const usccs = [known[0], '91440800MA00000000', ...known.slice(1)];
    expect(await client.directoryEntries(unit, usccs)).toEqual([data.directory[0], null, ...data.directory.slice(1, 5)]);

    const taskUsccs = [...new Set(data.tasks.map((task) => task.uscc))].slice(0, 30);
    const byBusiness = await client.tasksOfBusinesses(unit, [...taskUsccs, '91440800MA00000000']);
    expect(byBusiness).toEqual([...taskUsccs.map((uscc) => data.tasks.filter((task) => task.uscc === uscc)), []]);

    const taskIds = data.tasks.map((task) => task.id);
    const results = await client.results(unit, taskIds);
    expect(results).toEqual(taskIds.map((id) => data.results.find((result) => result.taskId === id) ?? null));
    expect(results.filter((result) => result !== null)).toHaveLength(data.results.length);
    const followUps = await client.followUps(unit, taskIds);
    expect(followUps.flat()).toHaveLength(data.followUps.length);
    expect(followUps).toEqual(taskIds.map((id) => data.followUps.filter((followUp) => followUp.taskId === id)));
  });

  it('splits a batch of 450 codes into exactly 3 calls', async () => {
    const unit = busiestUnit();
    const directory = dataset.units[unit].directory;
    const codes = Array.from({ length: 450 }, (_, index) => directory[index]?.uscc ?? `UNKNOWN${String(index).padStart(11, '0')}`);
    expect(new Set(codes).size).toBe(450);
    const entries = await client.directoryEntries(unit, codes);
    expect(entries).toHaveLength(450);
    expect(entries.filter((entry) => entry !== null)).toHaveLength(Math.min(450, directory.length));
    const stats = platform.stats();
    expect(stats.byRoute[`POST ${Paths.directoryBatch}`]).toBe(3);
    expect(stats.total).toBe(3);
  });
});

describe('provincial wire format', () => {
  it('wraps answers in the {code, msg, data} envelope with legacy fields and times', async () => {
    const { body, status } = await rawGet(`${Paths.directory}?bmdm=101&page=2&pageSize=3`);
    expect(status).toBe(200);
    expect(body.code).toBe('0000');
    const data = body.data as { total: number; page: number; pageSize: number; rows: Record<string, unknown>[] };
    expect(data).toMatchObject({ total: dataset.units.market.directory.length, page: 2, pageSize: 3 });
    expect(data.rows[0]).toMatchObject({ bmdm: 101, tyshxydm: dataset.units.market.directory[3].uscc });
    expect(data.rows[0].rkrq).toMatch(/^\d{4}-\d{2}-\d{2} 00:00:00$/);
  });

  it('refuses bad parameters, oversized batches and unknown departments with envelope codes', async () => {
    expect((await rawGet(`${Paths.items}?bmdm=101&pageSize=101`)).body).toMatchObject({ code: '1001', data: null });
    expect((await rawGet(`${Paths.items}`)).body.code).toBe('1001');
    expect((await rawGet(`${Paths.items}?bmdm=999`)).body.code).toBe('1003');
    expect((await rawGet(`${Paths.tasks}?bmdm=101&ksrq=yesterday`)).body.code).toBe('1001');
    const tooMany = Array.from({ length: 201 }, (_, index) => `T${index}`);
    const refused = await rawPost(Paths.resultsBatch, { bmdm: 101, rwbh: tooMany });
    expect(refused).toMatchObject({ status: 200, body: { code: '1002' } });
    expect((await rawGet('/sssj/api/nothing')).body.code).toBe('1004');
  });
});

describe('provincial adapter failures', () => {
  const expectPlatformError = async (promise: Promise<unknown>, code: string, text?: RegExp) => {
    const error = await platformFailure(promise);
    expect(error.code).toBe(code);
    expect(error.platform).toBe('provincial');
    if (text) expect(error.message).toMatch(text);
  };

  it('turns an envelope error into PLATFORM_UNAVAILABLE carrying the platform message', async () => {
    platform.setFaults({ errorRate: 1 });
    await expectPlatformError(client.items('market'), 'PLATFORM_UNAVAILABLE', /系统异常.*9999/);
  });

  it('turns an outage into PLATFORM_UNAVAILABLE', async () => {
    platform.setFaults({ down: true });
    await expectPlatformError(client.directoryEntries('market', ['91350100M000100Y43']), 'PLATFORM_UNAVAILABLE', /unreachable/);
  });

  it('turns latency above the timeout into PLATFORM_TIMEOUT', async () => {
    platform.setFaults({ latencyMs: 300 });
    const impatient = new ProvincialPlatformClient({ baseUrl: platform.url, timeoutMs: 100 });
    await expectPlatformError(impatient.plans('market'), 'PLATFORM_TIMEOUT');
  });

  it('rejects units of other platforms and cursors of other lists', async () => {
    await expect(client.items('ecology')).rejects.toMatchObject({ extensions: { code: 'UNKNOWN_UNIT' } });
    const tasks = await client.tasks('market', { first: 1 });
    expect(tasks.next).not.toBeNull();
    await expect(client.directory('market', { first: 5, after: tasks.next! })).rejects.toMatchObject({ extensions: { code: 'BAD_CURSOR' } });
    await expect(client.directory('market', { first: 5, after: 'garbage' })).rejects.toMatchObject({ extensions: { code: 'BAD_CURSOR' } });
    await expect(client.directory('market', { first: 0 })).rejects.toMatchObject({ extensions: { code: 'BAD_INPUT' } });
  });
});
