// The emergency-management XML platform stand-in and its subgraph adapter, end to end over HTTP.
import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../lib/errors';
import { platformFailure } from './helpers/platform-failure';
import type { UnitData } from '../platforms/data/model';
import { createEmergencyPlatform } from '../platforms/emergency/server';
import { EmergencyPlatformClient } from '../subgraphs/emergency/client';
import { datasetFor } from '../platforms/data/generate';
import { adapterRig, batchAnswers, DATASET_SOURCES, expectFilteredDirectory, expectReferenceLists, singleFilters, walk } from './helpers/platform-adapter';

const post = (url: string, body: string) => fetch(`${url}/service`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
const connect = (url: string) => new EmergencyPlatformClient({ baseUrl: url, timeoutMs: 2000 });

describe.each(DATASET_SOURCES)('emergency platform adapter on the %s', (_source, load) => {
  const rig = adapterRig(load, createEmergencyPlatform, connect);
  let unit: UnitData;
  beforeAll(() => {
    unit = rig.dataset.units.emergency;
  });

  it('serves the emergency unit only', () => {
    expect(rig.client.unitCodes).toEqual(['emergency']);
    expect(rig.client.maxBatch).toBe(50);
  });

  it('returns items, inspectors, officers and plans deep-equal to the dataset', async () => {
    await expectReferenceLists(rig.client, 'emergency', unit, unit.plans[unit.plans.length - 1].year);
    // More inspectors than one 50-row page: the adapter fetched every page.
    expect(rig.platform.stats().byRoute.QueryInspectors).toBe(Math.max(1, Math.ceil(unit.inspectors.length / 50)));
  });

  it('walks the whole directory exactly once, page by page', async () => {
    const { nodes, pages, totals } = await walk((after) => rig.client.directory('emergency', { first: 30, after }));
    expect(nodes).toStrictEqual(unit.directory);
    expect(pages).toBe(Math.ceil(unit.directory.length / 30));
    expect(new Set(totals)).toEqual(new Set([unit.directory.length]));
  });

  it('fills a page larger than the platform limit with several calls', async () => {
    const page = await rig.client.directory('emergency', { first: 100 });
    expect(page.nodes).toStrictEqual(unit.directory.slice(0, 100));
    expect(page.next).not.toBeNull();
    expect(rig.platform.stats().byRoute.QueryTargets).toBe(2);
  });

  it('filters the directory by division, industry prefix and tag', async () => {
    const sample = unit.directory.find((entry) => entry.tags.length > 0)!;
    const all = { divisionCode: sample.divisionCode, industryPrefix: sample.industryCode, tag: sample.tags[0] };
    await expectFilteredDirectory(rig.client, 'emergency', unit.directory, [...singleFilters(sample), all], 50);
    expect((await rig.client.directory('emergency', { tag: '不存在的标签', first: 10 })).totalCount).toBe(0);
  });

  it('looks up 120 codes in exactly 3 calls, null where not listed', async () => {
    const known = unit.directory.slice(0, 110).map((entry) => entry.uscc);
    const codes = [...known.slice(0, 60), '91440800MA00000000', ...known.slice(60), ...Array.from({ length: 9 }, (_, i) => `UNKNOWN${i}`)];
    expect(codes).toHaveLength(120);
    const entries = await rig.client.directoryEntries('emergency', codes);
    expect(rig.platform.stats().byRoute.GetTargets).toBe(3);
    expect(entries).toStrictEqual(batchAnswers(unit).directoryEntries(codes));
  });

  it('pages and filters tasks', async () => {
    const { nodes } = await walk((after) => rig.client.tasks('emergency', { first: 45, after }));
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
      const walked = await walk((after) => rig.client.tasks('emergency', { ...filter, first: 50, after }));
      expect(expected.length).toBeGreaterThan(0);
      expect(walked.nodes).toStrictEqual(expected);
      expect(new Set(walked.totals)).toEqual(new Set([expected.length]));
    }
  });

  it('batches tasks, results and follow-ups by key', async () => {
    const usccs = [...new Set(unit.tasks.map((task) => task.uscc))].slice(0, 70);
    const answers = batchAnswers(unit);
    expect(await rig.client.tasksOfBusinesses('emergency', [...usccs, 'NOBODY'])).toStrictEqual([...answers.tasksOfBusinesses(usccs), []]);
    const taskIds = unit.tasks.slice(0, 120).map((task) => task.id);
    expect(await rig.client.results('emergency', taskIds)).toStrictEqual(answers.results(taskIds));
    expect(await rig.client.followUps('emergency', taskIds)).toStrictEqual(answers.followUps(taskIds));
    const stats = rig.platform.stats().byRoute;
    expect([stats.GetTasksByEnterprises, stats.GetResults, stats.GetFollowUps]).toEqual([Math.ceil((usccs.length + 1) / 50), Math.ceil(taskIds.length / 50), Math.ceil(taskIds.length / 50)]);
  });
});

describe('emergency platform failures', () => {
  const rig = adapterRig(() => datasetFor('test'), createEmergencyPlatform, connect);
  let unit: UnitData;
  beforeAll(() => {
    unit = rig.dataset.units.emergency;
  });

  it('turns a 500 Fault into PLATFORM_UNAVAILABLE naming the fault', async () => {
    rig.platform.setFaults({ errorRate: 1 });
    const error = await platformFailure(rig.client.items('emergency'));
    expect(error.code).toBe(ErrorCode.PLATFORM_UNAVAILABLE);
    expect(error.message).toContain('SERVER_ERROR');
  });

  it('turns a ResultCode ≠ 0 into PLATFORM_UNAVAILABLE', async () => {
    const error = await platformFailure(rig.client.items('market'));
    expect(error.code).toBe(ErrorCode.PLATFORM_UNAVAILABLE);
    expect(error.message).toContain('ResultCode 1003');
  });

  it('reports an outage as PLATFORM_UNAVAILABLE and slowness as PLATFORM_TIMEOUT', async () => {
    rig.platform.setFaults({ down: true });
    expect((await platformFailure(rig.client.plans('emergency'))).code).toBe(ErrorCode.PLATFORM_UNAVAILABLE);
    rig.platform.setFaults({ down: false, latencyMs: 300 });
    const slow = new EmergencyPlatformClient({ baseUrl: rig.platform.url, timeoutMs: 100 });
    expect((await platformFailure(slow.plans('emergency'))).code).toBe(ErrorCode.PLATFORM_TIMEOUT);
  });

  it('answers a malformed request with a 400 Fault', async () => {
    const response = await post(rig.platform.url, '<Request><Operation>QueryItems</Operation><Unit>emergency</Request>');
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain('<Fault><FaultCode>MALFORMED_REQUEST</FaultCode>');
    expect((await post(rig.platform.url, '<Request><Unit>emergency</Unit></Request>')).status).toBe(400);
  });

  it('rejects a Limit above 50 and more than 50 codes with a ResultCode', async () => {
    const tooMany = (await post(rig.platform.url, '<Request><Operation>QueryTargets</Operation><Unit>emergency</Unit><Params><Limit>51</Limit></Params></Request>')).text();
    expect(await tooMany).toContain('<ResultCode>1002</ResultCode>');
    const codes = Array.from({ length: 51 }, (_, i) => `<Code>C${i}</Code>`).join('');
    const batch = await post(rig.platform.url, `<Request><Operation>GetTargets</Operation><Unit>emergency</Unit><Params><Codes>${codes}</Codes></Params></Request>`);
    expect(await batch.text()).toContain('<ResultCode>1002</ResultCode>');
    const unknown = await post(rig.platform.url, '<Request><Operation>DropTables</Operation><Unit>emergency</Unit></Request>');
    expect(await unknown.text()).toContain('<ResultCode>1001</ResultCode>');
  });

  it('speaks the legacy format: YYYYMMDD dates, Y/N flags, repeated elements', async () => {
    const entry = unit.directory[0];
    const response = await post(rig.platform.url, `<Request><Operation>GetTargets</Operation><Unit>emergency</Unit><Params><Codes><Code>${entry.uscc}</Code></Codes></Params></Request>`);
    const body = await response.text();
    expect(body).toContain(`<AddedDate>${entry.addedOn.replaceAll('-', '')}</AddedDate>`);
    expect(body).toContain('<ResultCode>0</ResultCode>');
    const items = await (await post(rig.platform.url, '<Request><Operation>QueryItems</Operation><Unit>emergency</Unit></Request>')).text();
    expect(items).toMatch(/<RiskBased>[YN]<\/RiskBased>/);
  });

  it('rejects a cursor it did not issue', async () => {
    await expect(rig.client.directory('emergency', { first: 10, after: 'after:xyz' })).rejects.toMatchObject({ extensions: { code: 'BAD_CURSOR' } });
  });
});
