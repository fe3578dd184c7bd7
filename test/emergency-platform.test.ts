// The emergency-management XML platform stand-in and its subgraph adapter, end to end over HTTP.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../lib/errors';
import { platformFailure } from './helpers/platform-failure';
import { PlatformError } from '../lib/platform-http';
import type { Dataset, UnitData } from '../platforms/data/model';
import { createEmergencyPlatform } from '../platforms/emergency/server';
import { NO_FAULTS, startPlatform, type RunningPlatform } from '../platforms/kit/server';
import { EmergencyPlatformClient } from '../subgraphs/emergency/client';
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

const post = (url: string, body: string) => fetch(`${url}/service`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });

// The generated test dataset, and hand-built records that plant the shapes wire formats break on.
const SOURCES: [string, () => Dataset][] = [
  ['generated test dataset', () => datasetFor('test')],
  ['hand-built edge cases', emergencyFireDataset],
];

describe.each(SOURCES)('emergency platform adapter on the %s', (_source, load) => {
    let unit: UnitData;
    let platform: RunningPlatform;
    let client: EmergencyPlatformClient;

    beforeAll(async () => {
      const dataset = load();
      unit = dataset.units.emergency;
      platform = await startPlatform(createEmergencyPlatform(dataset), { port: 0 });
      client = new EmergencyPlatformClient({ baseUrl: platform.url, timeoutMs: 2000 });
    });
    afterAll(() => platform.close());
    afterEach(() => {
      platform.setFaults(NO_FAULTS);
      platform.resetStats();
    });

  it('serves the emergency unit only', () => {
    expect(client.unitCodes).toEqual(['emergency']);
    expect(client.maxBatch).toBe(50);
  });

  it('returns items, inspectors, officers and plans deep-equal to the dataset', async () => {
    expect(await client.items('emergency')).toStrictEqual(unit.items);
    expect(await client.inspectors('emergency')).toStrictEqual(unit.inspectors);
    expect(await client.certifiedOfficers('emergency')).toStrictEqual(unit.certifiedOfficers);
    expect(await client.plans('emergency')).toStrictEqual(unit.plans);
    const year = unit.plans[unit.plans.length - 1].year;
    expect(await client.plans('emergency', year)).toStrictEqual(unit.plans.filter((plan) => plan.year === year));
    // More inspectors than one 50-row page: the adapter fetched every page.
    expect(platform.stats().byRoute.QueryInspectors).toBe(Math.max(1, Math.ceil(unit.inspectors.length / 50)));
  });

  it('walks the whole directory exactly once, page by page', async () => {
    const { nodes, pages, totals } = await walk((after) => client.directory('emergency', { first: 30, after }));
    expect(nodes).toStrictEqual(unit.directory);
    expect(pages).toBe(Math.ceil(unit.directory.length / 30));
    expect([...totals]).toEqual([unit.directory.length]);
  });

  it('fills a page larger than the platform limit with several calls', async () => {
    const page = await client.directory('emergency', { first: 100 });
    expect(page.nodes).toStrictEqual(unit.directory.slice(0, 100));
    expect(page.next).not.toBeNull();
    expect(platform.stats().byRoute.QueryTargets).toBe(2);
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
      const { nodes, totals } = await walk((after) => client.directory('emergency', { ...filter, first: 50, after }));
      expect(expected.length).toBeGreaterThan(0);
      expect(nodes).toStrictEqual(expected);
      expect([...totals]).toEqual([expected.length]);
    }
    expect((await client.directory('emergency', { tag: '不存在的标签', first: 10 })).totalCount).toBe(0);
  });

  it('looks up 120 codes in exactly 3 calls, null where not listed', async () => {
    const known = unit.directory.slice(0, 110).map((entry) => entry.uscc);
    const codes = [...known.slice(0, 60), '91440800MA00000000', ...known.slice(60), ...Array.from({ length: 9 }, (_, i) => `UNKNOWN${i}`)];
    expect(codes).toHaveLength(120);
    const entries = await client.directoryEntries('emergency', codes);
    expect(platform.stats().byRoute.GetTargets).toBe(3);
    expect(entries).toStrictEqual(codes.map((code) => unit.directory.find((entry) => entry.uscc === code) ?? null));
  });

  it('pages and filters tasks', async () => {
    const { nodes } = await walk((after) => client.tasks('emergency', { first: 45, after }));
    expect(nodes).toStrictEqual(unit.tasks);
    const probe = unit.tasks[Math.floor(unit.tasks.length / 2)];
    const filters = [
      { year: Number(probe.plannedOn.slice(0, 4)) },
      { planId: probe.planId },
      { status: 'completed' as const },
      { from: probe.plannedOn, to: probe.plannedOn },
      { year: Number(probe.plannedOn.slice(0, 4)), status: probe.status, from: `${probe.plannedOn.slice(0, 7)}-01` },
    ];
    for (const filter of filters) {
      const expected = unit.tasks.filter(
        (task) =>
          (filter.year === undefined || task.plannedOn.startsWith(String(filter.year))) &&
          (!('planId' in filter) || task.planId === filter.planId) &&
          (!('status' in filter) || task.status === filter.status) &&
          (!('from' in filter) || task.plannedOn >= filter.from!) &&
          (!('to' in filter) || task.plannedOn <= filter.to!),
      );
      const walked = await walk((after) => client.tasks('emergency', { ...filter, first: 50, after }));
      expect(expected.length).toBeGreaterThan(0);
      expect(walked.nodes).toStrictEqual(expected);
      expect([...walked.totals]).toEqual([expected.length]);
    }
  });

  it('batches tasks, results and follow-ups by key', async () => {
    const usccs = [...new Set(unit.tasks.map((task) => task.uscc))].slice(0, 70);
    expect(await client.tasksOfBusinesses('emergency', [...usccs, 'NOBODY'])).toStrictEqual([
      ...usccs.map((uscc) => unit.tasks.filter((task) => task.uscc === uscc)),
      [],
    ]);
    const taskIds = unit.tasks.slice(0, 120).map((task) => task.id);
    expect(await client.results('emergency', taskIds)).toStrictEqual(taskIds.map((id) => unit.results.find((result) => result.taskId === id) ?? null));
    expect(await client.followUps('emergency', taskIds)).toStrictEqual(taskIds.map((id) => unit.followUps.filter((followUp) => followUp.taskId === id)));
    const stats = platform.stats().byRoute;
    expect([stats.GetTasksByEnterprises, stats.GetResults, stats.GetFollowUps]).toEqual([Math.ceil((usccs.length + 1) / 50), Math.ceil(taskIds.length / 50), Math.ceil(taskIds.length / 50)]);
  });
});

describe('emergency platform failures', () => {
    let unit: UnitData;
    let platform: RunningPlatform;
    let client: EmergencyPlatformClient;

    beforeAll(async () => {
      const dataset = datasetFor('test');
      unit = dataset.units.emergency;
      platform = await startPlatform(createEmergencyPlatform(dataset), { port: 0 });
      client = new EmergencyPlatformClient({ baseUrl: platform.url, timeoutMs: 2000 });
    });
    afterAll(() => platform.close());
    afterEach(() => {
      platform.setFaults(NO_FAULTS);
      platform.resetStats();
    });


  it('turns a 500 Fault into PLATFORM_UNAVAILABLE naming the fault', async () => {
    platform.setFaults({ errorRate: 1 });
    const error = await platformFailure(client.items('emergency'));
    expect(error.code).toBe(ErrorCode.PLATFORM_UNAVAILABLE);
    expect(error.message).toContain('SERVER_ERROR');
  });

  it('turns a ResultCode ≠ 0 into PLATFORM_UNAVAILABLE', async () => {
    const error = await platformFailure(client.items('market'));
    expect(error.code).toBe(ErrorCode.PLATFORM_UNAVAILABLE);
    expect(error.message).toContain('ResultCode 1003');
  });

  it('reports an outage as PLATFORM_UNAVAILABLE and slowness as PLATFORM_TIMEOUT', async () => {
    platform.setFaults({ down: true });
    expect((await platformFailure(client.plans('emergency'))).code).toBe(ErrorCode.PLATFORM_UNAVAILABLE);
    platform.setFaults({ down: false, latencyMs: 300 });
    const slow = new EmergencyPlatformClient({ baseUrl: platform.url, timeoutMs: 100 });
    expect((await platformFailure(slow.plans('emergency'))).code).toBe(ErrorCode.PLATFORM_TIMEOUT);
  });

  it('answers a malformed request with a 400 Fault', async () => {
    const response = await post(platform.url, '<Request><Operation>QueryItems</Operation><Unit>emergency</Request>');
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain('<Fault><FaultCode>MALFORMED_REQUEST</FaultCode>');
    expect((await post(platform.url, '<Request><Unit>emergency</Unit></Request>')).status).toBe(400);
  });

  it('rejects a Limit above 50 and more than 50 codes with a ResultCode', async () => {
    const tooMany = (await post(platform.url, '<Request><Operation>QueryTargets</Operation><Unit>emergency</Unit><Params><Limit>51</Limit></Params></Request>')).text();
    expect(await tooMany).toContain('<ResultCode>1002</ResultCode>');
    const codes = Array.from({ length: 51 }, (_, i) => `<Code>C${i}</Code>`).join('');
    const batch = await post(platform.url, `<Request><Operation>GetTargets</Operation><Unit>emergency</Unit><Params><Codes>${codes}</Codes></Params></Request>`);
    expect(await batch.text()).toContain('<ResultCode>1002</ResultCode>');
    const unknown = await post(platform.url, '<Request><Operation>DropTables</Operation><Unit>emergency</Unit></Request>');
    expect(await unknown.text()).toContain('<ResultCode>1001</ResultCode>');
  });

  it('speaks the legacy format: YYYYMMDD dates, Y/N flags, repeated elements', async () => {
    const entry = unit.directory[0];
    const response = await post(platform.url, `<Request><Operation>GetTargets</Operation><Unit>emergency</Unit><Params><Codes><Code>${entry.uscc}</Code></Codes></Params></Request>`);
    const body = await response.text();
    expect(body).toContain(`<AddedDate>${entry.addedOn.replaceAll('-', '')}</AddedDate>`);
    expect(body).toContain('<ResultCode>0</ResultCode>');
    const items = await (await post(platform.url, '<Request><Operation>QueryItems</Operation><Unit>emergency</Unit></Request>')).text();
    expect(items).toMatch(/<RiskBased>[YN]<\/RiskBased>/);
  });

  it('rejects a cursor it did not issue', async () => {
    await expect(client.directory('emergency', { first: 10, after: 'after:xyz' })).rejects.toMatchObject({ extensions: { code: 'BAD_CURSOR' } });
  });
});
