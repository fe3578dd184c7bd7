// The fire & rescue JSON-RPC platform stand-in and its subgraph adapter, end to end over HTTP.
import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../lib/errors';
import { platformFailure } from './helpers/platform-failure';
import type { UnitData } from '../platforms/data/model';
import { createFirePlatform } from '../platforms/fire/server';
import { FirePlatformClient } from '../subgraphs/fire/client';
import { datasetFor } from '../platforms/data/generate';
import { adapterRig, batchAnswers, DATASET_SOURCES, expectFilteredDirectory, expectReferenceLists, singleFilters, walk } from './helpers/platform-adapter';

async function rpc(url: string, payload: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/rpc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  return { status: response.status, body: await response.json() };
}

const connect = (url: string) => new FirePlatformClient({ baseUrl: url, timeoutMs: 2000 });

describe.each(DATASET_SOURCES)('fire platform adapter on the %s', (_source, load) => {
  const rig = adapterRig(load, createFirePlatform, connect);
  let unit: UnitData;
  beforeAll(() => {
    unit = rig.dataset.units.fire;
  });

  it('serves the fire unit only', () => {
    expect(rig.client.unitCodes).toEqual(['fire']);
    expect(rig.client.maxBatch).toBe(100);
  });

  it('returns items, inspectors, officers and plans deep-equal to the dataset', async () => {
    await expectReferenceLists(rig.client, 'fire', unit, unit.plans[unit.plans.length - 1].year);
  });

  it('walks the whole directory exactly once by keyset', async () => {
    const { nodes, pages, totals } = await walk((after) => rig.client.directory('fire', { first: 40, after }));
    expect(nodes).toStrictEqual(unit.directory);
    expect(pages).toBe(Math.ceil(unit.directory.length / 40));
    expect(new Set(totals)).toEqual(new Set([unit.directory.length]));
  });

  it('filters the directory by division, industry prefix and tag', async () => {
    const sample = unit.directory.find((entry) => entry.tags.length > 0)!;
    const all = { divisionCode: sample.divisionCode, industryPrefix: sample.industryCode, tag: sample.tags[0] };
    await expectFilteredDirectory(rig.client, 'fire', unit.directory, [...singleFilters(sample), all], 7);
  });

  it('pages and filters tasks, dates crossing the wire as +08:00 epoch milliseconds', async () => {
    expect((await walk((after) => rig.client.tasks('fire', { first: 64, after }))).nodes).toStrictEqual(unit.tasks);
    const probe = unit.tasks[7];
    const filters = [
      { planId: probe.planId },
      { status: probe.status, year: Number(probe.plannedOn.slice(0, 4)) },
      { from: probe.plannedOn, to: probe.plannedOn },
    ];
    for (const filter of filters) {
      const expected = unit.tasks.filter(
        (task) =>
          (!('planId' in filter) || task.planId === filter.planId) &&
          (!('status' in filter) || (task.status === filter.status && task.plannedOn.startsWith(String(filter.year)))) &&
          (!('from' in filter) || (task.plannedOn >= filter.from! && task.plannedOn <= filter.to!)),
      );
      const walked = await walk((after) => rig.client.tasks('fire', { ...filter, first: 20, after }));
      expect(walked.nodes).toStrictEqual(expected);
      expect(new Set(walked.totals)).toEqual(new Set([expected.length]));
    }
    const raw = await rpc(rig.platform.url, { jsonrpc: '2.0', id: 1, method: 'tasks.query', params: { unit: 'fire', size: 1 } });
    expect(raw.body).toMatchObject({ result: { data: [{ plannedAt: Date.parse(`${unit.tasks[0].plannedOn}T00:00:00+08:00`) }] } });
  });

  it('splits 250 keys into 3 calls sharing one HTTP batch request', async () => {
    const codes = [...unit.directory.slice(0, 120).map((entry) => entry.uscc), ...Array.from({ length: 130 }, (_, i) => `UNKNOWN${i}`)];
    const entries = await rig.client.directoryEntries('fire', codes);
    expect(entries).toStrictEqual(batchAnswers(unit).directoryEntries(codes));
    expect(rig.platform.stats()).toEqual({ total: 1, byRoute: { 'batch[targets.get]': 1 } });
  });

  it('fetches results and follow-ups asked for together in one round trip', async () => {
    const taskIds = unit.tasks.map((task) => task.id);
    const answers = batchAnswers(unit);
    const [results, followUps] = await Promise.all([rig.client.results('fire', taskIds), rig.client.followUps('fire', taskIds)]);
    expect(results).toStrictEqual(answers.results(taskIds));
    expect(followUps).toStrictEqual(answers.followUps(taskIds));
    expect(rig.platform.stats()).toEqual({ total: 1, byRoute: { 'batch[followups.get,results.get]': 1 } });
    const usccs = [...new Set(unit.tasks.map((task) => task.uscc))];
    expect(await rig.client.tasksOfBusinesses('fire', usccs)).toStrictEqual(answers.tasksOfBusinesses(usccs));
  });
});

describe('fire platform failures', () => {
  const rig = adapterRig(() => datasetFor('test'), createFirePlatform, connect);

  it('turns a -32000 server error into PLATFORM_UNAVAILABLE', async () => {
    rig.platform.setFaults({ errorRate: 1 });
    const error = await platformFailure(rig.client.items('fire'));
    expect(error.code).toBe(ErrorCode.PLATFORM_UNAVAILABLE);
    expect(error.message).toContain('-32000');
  });

  it('turns invalid params into PLATFORM_UNAVAILABLE naming the error', async () => {
    const error = await platformFailure(rig.client.items('emergency'));
    expect(error.message).toContain('-32602');
  });

  it('reports an outage as PLATFORM_UNAVAILABLE and slowness as PLATFORM_TIMEOUT', async () => {
    rig.platform.setFaults({ down: true });
    expect((await platformFailure(rig.client.plans('fire'))).code).toBe(ErrorCode.PLATFORM_UNAVAILABLE);
    rig.platform.setFaults({ down: false, latencyMs: 300 });
    const slow = new FirePlatformClient({ baseUrl: rig.platform.url, timeoutMs: 100 });
    expect((await platformFailure(slow.plans('fire'))).code).toBe(ErrorCode.PLATFORM_TIMEOUT);
  });

  it('answers JSON-RPC errors inside HTTP 200, per call of a batch', async () => {
    expect(await rpc(rig.platform.url, { jsonrpc: '2.0', id: 1, method: 'targets.drop', params: { unit: 'fire' } })).toEqual({
      status: 200,
      body: { jsonrpc: '2.0', id: 1, error: { code: -32601, message: 'method not found: targets.drop' } },
    });
    const batch = await rpc(rig.platform.url, [
      { jsonrpc: '2.0', id: 'a', method: 'targets.query', params: { unit: 'fire', size: 201 } },
      { jsonrpc: '2.0', id: 'b', method: 'targets.get', params: { unit: 'fire', ids: Array.from({ length: 101 }, (_, i) => `C${i}`) } },
      { jsonrpc: '2.0', id: 'c', method: 'targets.query', params: { unit: 'fire', afterId: 'NOPE', size: 5 } },
      { jsonrpc: '2.0', id: 'd', method: 'items.list', params: { unit: 'fire' } },
    ]);
    const answers = batch.body as { id: string; error?: { code: number } }[];
    expect(answers.map((answer) => [answer.id, answer.error?.code ?? 'ok'])).toEqual([
      ['a', -32602],
      ['b', -32602],
      ['c', -32602],
      ['d', 'ok'],
    ]);
    const response = await fetch(`${rig.platform.url}/rpc`, { method: 'POST', body: '{"jsonrpc":' });
    expect(await response.json()).toMatchObject({ error: { code: -32700 } });
  });

  it('rejects a cursor it did not issue', async () => {
    await expect(rig.client.tasks('fire', { first: 10, after: 'offset:10' })).rejects.toMatchObject({ extensions: { code: 'BAD_CURSOR' } });
  });
});
