// The provincial platform stand-in and its adapter, end to end over HTTP: every adapter method
// returns exactly the dataset's records, paging and filters behave, batches are split at 200,
// and refusals, outages and slowness become PlatformErrors.
import { expectPlatformError } from './helpers/platform-failure';
import { describe, expect, it } from 'vitest';
import { unitsOnPlatform } from '../config/units';
import { datasetFor } from '../platforms/data/generate';
import type { Task } from '../platforms/data/model';
import { createProvincialPlatform } from '../platforms/provincial/server';
import { Paths } from '../contracts/provincial-wire';
import { ProvincialPlatformClient } from '../subgraphs/provincial/client';
import { adapterRig, batchAnswers, expectFilteredDirectory, expectReferenceLists, singleFilters, walk } from './helpers/platform-adapter';

const rig = adapterRig(() => datasetFor('test'), createProvincialPlatform, (url) => new ProvincialPlatformClient({ baseUrl: url, timeoutMs: 2000 }));
const UNITS = unitsOnPlatform('provincial').map((unit) => unit.code);

/** The provincial unit with the largest directory, so paging has several pages. */
function busiestUnit(): string {
  return [...UNITS].sort((a, b) => rig.dataset.units[b].directory.length - rig.dataset.units[a].directory.length)[0];
}

async function rawGet(path: string): Promise<{ status: number; body: { code: string; msg: string; data: unknown } }> {
  const response = await fetch(`${rig.platform.url}${path}`);
  return { status: response.status, body: await response.json() };
}

async function rawPost(path: string, body: unknown) {
  const response = await fetch(`${rig.platform.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: response.status, body: (await response.json()) as { code: string; msg: string; data: unknown } };
}

describe('provincial adapter returns the dataset', () => {
  it('serves the 15 provincial units', () => {
    expect(rig.client.unitCodes).toHaveLength(15);
    expect(rig.client.unitCodes).not.toContain('ecology');
    expect(rig.client.maxBatch).toBe(200);
  });

  it('items, inspectors, certified officers and plans equal the dataset for every unit', async () => {
    for (const unit of UNITS) await expectReferenceLists(rig.client, unit, rig.dataset.units[unit], rig.dataset.year);
    expect(await rig.client.plans(UNITS[0], 1999)).toEqual([]);
  });

  it('walks the whole directory exactly once, also when the page size changes', async () => {
    const unit = busiestUnit();
    const directory = rig.dataset.units[unit].directory;
    expect(directory.length).toBeGreaterThan(40);
    const walked = await walk((after) => rig.client.directory(unit, { first: 97, after }));
    expect(walked.nodes).toEqual(directory);
    expect(walked.pages).toBe(Math.ceil(directory.length / 97));
    expect(new Set(walked.totals)).toEqual(new Set([directory.length]));

    // A cursor from a page of 17 continued with pages of 10 still lands on the next row.
    const first = await rig.client.directory(unit, { first: 17 });
    const second = await rig.client.directory(unit, { first: 10, after: first.next! });
    expect(second.nodes).toEqual(directory.slice(17, 27));
    // More than the platform's page size of 100 in one adapter call.
    const large = await rig.client.directory(unit, { first: 150 });
    expect(large.nodes).toEqual(directory.slice(0, 150));
  });

  it('filters the directory by division, industry prefix and tag', async () => {
    const unit = busiestUnit();
    const directory = rig.dataset.units[unit].directory;
    const sample = directory[Math.floor(directory.length / 2)];
    const divisionAndIndustry = { divisionCode: sample.divisionCode, industryPrefix: sample.industryCode };
    await expectFilteredDirectory(rig.client, unit, directory, [...singleFilters(sample), divisionAndIndustry], 100);
    const none = await rig.client.directory(unit, { first: 10, divisionCode: '999999' });
    expect(none).toEqual({ nodes: [], next: null, totalCount: 0 });
  });

  it('queries tasks by year, plan, status and planned date', async () => {
    const unit = [...UNITS].sort((a, b) => rig.dataset.units[b].tasks.length - rig.dataset.units[a].tasks.length)[0];
    const { tasks, plans } = rig.dataset.units[unit];
    const sample = tasks[Math.floor(tasks.length / 2)];
    const yearOf = (task: Task) => plans.find((plan) => plan.id === task.planId)!.year;
    const cases: [Parameters<ProvincialPlatformClient['tasks']>[1], (task: Task) => boolean][] = [
      [{ first: 25 }, () => true],
      [{ first: 25, year: rig.dataset.year }, (task) => yearOf(task) === rig.dataset.year],
      [{ first: 25, planId: sample.planId }, (task) => task.planId === sample.planId],
      [{ first: 25, status: sample.status }, (task) => task.status === sample.status],
      [{ first: 25, from: sample.plannedOn, to: sample.plannedOn }, (task) => task.plannedOn === sample.plannedOn],
    ];
    for (const [query, keep] of cases) {
      const walked = await walk((after) => rig.client.tasks(unit, { ...query, after }));
      expect(walked.nodes).toEqual(tasks.filter(keep));
    }
  });

  it('answers the batch methods in the order asked, with null or [] for unknown keys', async () => {
    const unit = busiestUnit();
    const data = rig.dataset.units[unit];
    const answers = batchAnswers(data);
    const known = data.directory.slice(0, 5).map((entry) => entry.uscc);
    const usccs = [known[0], '91440800MA00000000', ...known.slice(1)];
    expect(await rig.client.directoryEntries(unit, usccs)).toEqual([data.directory[0], null, ...data.directory.slice(1, 5)]);

    const taskUsccs = [...new Set(data.tasks.map((task) => task.uscc))].slice(0, 30);
    const byBusiness = await rig.client.tasksOfBusinesses(unit, [...taskUsccs, '91440800MA00000000']);
    expect(byBusiness).toEqual([...answers.tasksOfBusinesses(taskUsccs), []]);

    const taskIds = data.tasks.map((task) => task.id);
    const results = await rig.client.results(unit, taskIds);
    expect(results).toEqual(answers.results(taskIds));
    expect(results.filter((result) => result !== null)).toHaveLength(data.results.length);
    const followUps = await rig.client.followUps(unit, taskIds);
    expect(followUps.flat()).toHaveLength(data.followUps.length);
    expect(followUps).toEqual(answers.followUps(taskIds));
  });

  it('splits a batch of 450 codes into exactly 3 calls', async () => {
    const unit = busiestUnit();
    const directory = rig.dataset.units[unit].directory;
    const codes = Array.from({ length: 450 }, (_, index) => directory[index]?.uscc ?? `UNKNOWN${String(index).padStart(11, '0')}`);
    expect(new Set(codes).size).toBe(450);
    const entries = await rig.client.directoryEntries(unit, codes);
    expect(entries).toHaveLength(450);
    expect(entries.filter((entry) => entry !== null)).toHaveLength(Math.min(450, directory.length));
    const stats = rig.platform.stats();
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
    expect(data).toMatchObject({ total: rig.dataset.units.market.directory.length, page: 2, pageSize: 3 });
    expect(data.rows[0]).toMatchObject({ bmdm: 101, tyshxydm: rig.dataset.units.market.directory[3].uscc });
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
  it('turns an envelope error into PLATFORM_UNAVAILABLE carrying the platform message', async () => {
    rig.platform.setFaults({ errorRate: 1 });
    await expectPlatformError(rig.client.items('market'), 'provincial', 'PLATFORM_UNAVAILABLE', /系统异常.*9999/);
  });

  it('turns an outage into PLATFORM_UNAVAILABLE', async () => {
    rig.platform.setFaults({ down: true });
    await expectPlatformError(rig.client.directoryEntries('market', ['91350100M000100Y43']), 'provincial', 'PLATFORM_UNAVAILABLE', /unreachable/);
  });

  it('turns latency above the timeout into PLATFORM_TIMEOUT', async () => {
    rig.platform.setFaults({ latencyMs: 300 });
    const impatient = new ProvincialPlatformClient({ baseUrl: rig.platform.url, timeoutMs: 100 });
    await expectPlatformError(impatient.plans('market'), 'provincial', 'PLATFORM_TIMEOUT');
  });

  it('rejects units of other platforms and cursors of other lists', async () => {
    await expect(rig.client.items('ecology')).rejects.toMatchObject({ extensions: { code: 'UNKNOWN_UNIT' } });
    const tasks = await rig.client.tasks('market', { first: 1 });
    expect(tasks.next).not.toBeNull();
    await expect(rig.client.directory('market', { first: 5, after: tasks.next! })).rejects.toMatchObject({ extensions: { code: 'BAD_CURSOR' } });
    await expect(rig.client.directory('market', { first: 5, after: 'garbage' })).rejects.toMatchObject({ extensions: { code: 'BAD_CURSOR' } });
    await expect(rig.client.directory('market', { first: 0 })).rejects.toMatchObject({ extensions: { code: 'BAD_INPUT' } });
  });
});
