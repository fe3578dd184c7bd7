// The fire & rescue JSON-RPC platform stand-in and its subgraph adapter, end to end over HTTP.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../lib/errors';
import { platformFailure } from './helpers/platform-failure';
import { PlatformError } from '../lib/platform-http';
import type { Dataset, UnitData } from '../platforms/data/model';
import { createFirePlatform } from '../platforms/fire/server';
import { NO_FAULTS, startPlatform, type RunningPlatform } from '../platforms/kit/server';
import { FirePlatformClient } from '../subgraphs/fire/client';
import type { PlatformPage } from '../subgraphs/kit/platform';
import { datasetFor } from '../platforms/data/generate';
import { emergencyFireDataset } from './fixtures/emergency-fire-dataset';

async function walk<T>(fetchPage: (after: string | undefined) => Promise<PlatformPage<T>>): Promise<{ nodes: T[]; pages: number; totals: Set<number> }> {
  const nodes: T[] = [];
  const totals = new Set<number>();
  let after: string | undefined;
  let pages = 0;
  do {
    const page = await fetchPage(after);
    nodes.push(...page.nodes);
    totals.add(page.totalCount);
    after = page.next ?? undefined;
    pages += 1;
  } while (after !== undefined && pages < 1000);
  return { nodes, pages, totals };
}

async function rpc(url: string, payload: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/rpc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  return { status: response.status, body: await response.json() };
}

// The generated test dataset, and hand-built records that plant the shapes wire formats break on.
const SOURCES: [string, () => Dataset][] = [
  ['generated test dataset', () => datasetFor('test')],
  ['hand-built edge cases', emergencyFireDataset],
];

describe.each(SOURCES)('fire platform adapter on the %s', (_source, load) => {
    let unit: UnitData;
    let platform: RunningPlatform;
    let client: FirePlatformClient;

    beforeAll(async () => {
      const dataset = load();
      unit = dataset.units.fire;
      platform = await startPlatform(createFirePlatform(dataset), { port: 0 });
      client = new FirePlatformClient({ baseUrl: platform.url, timeoutMs: 2000 });
    });
    afterAll(() => platform.close());
    afterEach(() => {
      platform.setFaults(NO_FAULTS);
      platform.resetStats();
    });

  it('serves the fire unit only', () => {
    expect(client.unitCodes).toEqual(['fire']);
    expect(client.maxBatch).toBe(100);
  });

  it('returns items, inspectors, officers and plans deep-equal to the dataset', async () => {
    expect(await client.items('fire')).toStrictEqual(unit.items);
    expect(await client.inspectors('fire')).toStrictEqual(unit.inspectors);
    expect(await client.certifiedOfficers('fire')).toStrictEqual(unit.certifiedOfficers);
    expect(await client.plans('fire')).toStrictEqual(unit.plans);
    const year = unit.plans[unit.plans.length - 1].year;
    expect(await client.plans('fire', year)).toStrictEqual(unit.plans.filter((plan) => plan.year === year));
  });

  it('walks the whole directory exactly once by keyset', async () => {
    const { nodes, pages, totals } = await walk((after) => client.directory('fire', { first: 40, after }));
    expect(nodes).toStrictEqual(unit.directory);
    expect(pages).toBe(Math.ceil(unit.directory.length / 40));
    expect([...totals]).toEqual([unit.directory.length]);
  });

  it('filters the directory by division, industry prefix and tag', async () => {
    const sample = unit.directory.find((entry) => entry.tags.length > 0)!;
    const cases = [
      { divisionCode: sample.divisionCode },
      { industryPrefix: sample.industryCode.slice(0, 2) },
      { tag: sample.tags[0] },
      { divisionCode: sample.divisionCode, industryPrefix: sample.industryCode, tag: sample.tags[0] },
    ];
    for (const filter of cases) {
      const expected = unit.directory.filter(
        (entry) =>
          (!filter.divisionCode || entry.divisionCode === filter.divisionCode) &&
          (!filter.industryPrefix || entry.industryCode.startsWith(filter.industryPrefix)) &&
          (!filter.tag || entry.tags.includes(filter.tag)),
      );
      const { nodes, totals } = await walk((after) => client.directory('fire', { ...filter, first: 7, after }));
      expect(expected.length).toBeGreaterThan(0);
      expect(nodes).toStrictEqual(expected);
      expect([...totals]).toEqual([expected.length]);
    }
  });

  it('pages and filters tasks, dates crossing the wire as +08:00 epoch milliseconds', async () => {
    expect((await walk((after) => client.tasks('fire', { first: 64, after }))).nodes).toStrictEqual(unit.tasks);
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
      const walked = await walk((after) => client.tasks('fire', { ...filter, first: 20, after }));
      expect(walked.nodes).toStrictEqual(expected);
      expect([...walked.totals]).toEqual([expected.length]);
    }
    const raw = await rpc(platform.url, { jsonrpc: '2.0', id: 1, method: 'tasks.query', params: { unit: 'fire', size: 1 } });
    expect(raw.body).toMatchObject({ result: { data: [{ plannedAt: Date.parse(`${unit.tasks[0].plannedOn}T00:00:00+08:00`) }] } });
  });

  it('splits 250 keys into 3 calls sharing one HTTP batch request', async () => {
    const codes = [...unit.directory.slice(0, 120).map((entry) => entry.uscc), ...Array.from({ length: 130 }, (_, i) => `UNKNOWN${i}`)];
    const entries = await client.directoryEntries('fire', codes);
    expect(entries).toStrictEqual(codes.map((code) => unit.directory.find((entry) => entry.uscc === code) ?? null));
    expect(platform.stats()).toEqual({ total: 1, byRoute: { 'batch[targets.get]': 1 } });
  });

  it('fetches results and follow-ups asked for together in one round trip', async () => {
    const taskIds = unit.tasks.map((task) => task.id);
    const [results, followUps] = await Promise.all([client.results('fire', taskIds), client.followUps('fire', taskIds)]);
    expect(results).toStrictEqual(taskIds.map((id) => unit.results.find((result) => result.taskId === id) ?? null));
    expect(followUps).toStrictEqual(taskIds.map((id) => unit.followUps.filter((followUp) => followUp.taskId === id)));
    expect(platform.stats()).toEqual({ total: 1, byRoute: { 'batch[followups.get,results.get]': 1 } });
    const usccs = [...new Set(unit.tasks.map((task) => task.uscc))];
    expect(await client.tasksOfBusinesses('fire', usccs)).toStrictEqual(usccs.map((uscc) => unit.tasks.filter((task) => task.uscc === uscc)));
  });
});

describe('fire platform failures', () => {
    let unit: UnitData;
    let platform: RunningPlatform;
    let client: FirePlatformClient;

    beforeAll(async () => {
      const dataset = datasetFor('test');
      unit = dataset.units.fire;
      platform = await startPlatform(createFirePlatform(dataset), { port: 0 });
      client = new FirePlatformClient({ baseUrl: platform.url, timeoutMs: 2000 });
    });
    afterAll(() => platform.close());
    afterEach(() => {
      platform.setFaults(NO_FAULTS);
      platform.resetStats();
    });


  it('turns a -32000 server error into PLATFORM_UNAVAILABLE', async () => {
    platform.setFaults({ errorRate: 1 });
    const error = await platformFailure(client.items('fire'));
    expect(error.code).toBe(ErrorCode.PLATFORM_UNAVAILABLE);
    expect(error.message).toContain('-32000');
  });

  it('turns invalid params into PLATFORM_UNAVAILABLE naming the error', async () => {
    const error = await platformFailure(client.items('emergency'));
    expect(error.message).toContain('-32602');
  });

  it('reports an outage as PLATFORM_UNAVAILABLE and slowness as PLATFORM_TIMEOUT', async () => {
    platform.setFaults({ down: true });
    expect((await platformFailure(client.plans('fire'))).code).toBe(ErrorCode.PLATFORM_UNAVAILABLE);
    platform.setFaults({ down: false, latencyMs: 300 });
    const slow = new FirePlatformClient({ baseUrl: platform.url, timeoutMs: 100 });
    expect((await platformFailure(slow.plans('fire'))).code).toBe(ErrorCode.PLATFORM_TIMEOUT);
  });

  it('answers JSON-RPC errors inside HTTP 200, per call of a batch', async () => {
    expect(await rpc(platform.url, { jsonrpc: '2.0', id: 1, method: 'targets.drop', params: { unit: 'fire' } })).toEqual({
      status: 200,
      body: { jsonrpc: '2.0', id: 1, error: { code: -32601, message: 'method not found: targets.drop' } },
    });
    const batch = await rpc(platform.url, [
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
    const response = await fetch(`${platform.url}/rpc`, { method: 'POST', body: '{"jsonrpc":' });
    expect(await response.json()).toMatchObject({ error: { code: -32700 } });
  });

  it('rejects a cursor it did not issue', async () => {
    await expect(client.tasks('fire', { first: 10, after: 'offset:10' })).rejects.toMatchObject({ extensions: { code: 'BAD_CURSOR' } });
  });
});
