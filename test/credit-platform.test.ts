// The credit information system stand-in and its client, end to end over HTTP: lookups return
// exactly the dataset's records, batches split at 100, search pages walk every match once,
// publishing is validated and idempotent, and outages become PlatformErrors.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../lib/errors';
import { platformFailure } from './helpers/platform-failure';
import { PlatformError } from '../lib/platform-http';
import { createCreditPlatform } from '../platforms/credit';
import { datasetFor } from '../platforms/data/generate';
import type { Dataset, Enterprise } from '../platforms/data/model';
import { startPlatform, type RunningPlatform } from '../platforms/kit/server';
import { CreditPlatformClient, PublicationRejected, type EnterpriseSearch, type PublishInput } from '../subgraphs/credit/client';
import { creditFixture, fixtureUscc } from './fixtures/credit-dataset';

let dataset: Dataset;
let platform: RunningPlatform;
let client: CreditPlatformClient;
const byCode = (a: { uscc: string }, b: { uscc: string }) => a.uscc.localeCompare(b.uscc);

beforeAll(async () => {
  dataset = datasetFor('test');
  platform = await startPlatform(createCreditPlatform(dataset, { now: () => new Date('2025-06-01T00:00:00Z') }));
  client = new CreditPlatformClient({ baseUrl: platform.url, timeoutMs: 1000 });
});
afterAll(() => platform.close());
beforeEach(() => {
  platform.resetStats();
  platform.setFaults({ latencyMs: 0, errorRate: 0, down: false });
});

async function post(path: string, body: string) {
  const response = await fetch(platform.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('registry lookups', () => {
  it('round-trips every enterprise with its risk history, in calls of at most 100 codes', async () => {
    const codes = dataset.enterprises.map((enterprise) => enterprise.uscc);
    expect(await client.enterprises(codes)).toEqual(dataset.enterprises);
    const calls = Math.ceil(codes.length / 100);
    expect(platform.stats().byRoute).toEqual({ 'POST /api/enterprises/batch': calls, 'POST /api/risk/batch': calls });
  });

  it('round-trips a hand-built registry with unclassified businesses too', async () => {
    const fixture = creditFixture();
    expect(fixture.enterprises.some((enterprise) => enterprise.riskHistory.length === 0)).toBe(true);
    const own = await startPlatform(createCreditPlatform(fixture));
    try {
      const ownClient = new CreditPlatformClient({ baseUrl: own.url, timeoutMs: 1000 });
      expect(await ownClient.enterprises(fixture.enterprises.map((enterprise) => enterprise.uscc))).toEqual(fixture.enterprises);
      const unclassified = fixture.enterprises.find((enterprise) => enterprise.riskHistory.length === 0)!;
      expect((await ownClient.registry([unclassified.uscc]))[0]).toMatchObject({ riskClass: null, riskClassifiedOn: null });
    } finally {
      await own.close();
    }
  });

  it('answers null for unknown and malformed codes, aligned with the request', async () => {
    const known = dataset.enterprises[3];
    const unknown = fixtureUscc('440802', 99_999);
    const entries = await client.registry([unknown, known.uscc, 'not-a-code']);
    expect(entries[0]).toBeNull();
    expect(entries[2]).toBeNull();
    expect(entries[1]).toMatchObject({ uscc: known.uscc, name: known.name, riskClass: known.riskHistory.at(-1)?.riskClass ?? null });
    expect(await client.riskHistories([unknown])).toEqual([[]]);
  });

  it('asks for a repeated code once and answers it at every position', async () => {
    const codes = dataset.enterprises.slice(0, 100).map((enterprise) => enterprise.uscc);
    const entries = await client.registry([...codes, codes[0], codes[1]]);
    expect(entries.map((entry) => entry?.uscc)).toEqual([...codes, codes[0], codes[1]]);
    expect(platform.stats().byRoute).toEqual({ 'POST /api/enterprises/batch': 1 });
  });

  it('speaks the national field names and state codes on the wire', async () => {
    const revoked = dataset.enterprises.find((enterprise) => enterprise.status === 'revoked')!;
    const { body } = await post('/api/enterprises/batch', JSON.stringify({ codes: [revoked.uscc] }));
    expect((body.items as unknown[])[0]).toMatchObject({
      uniscid: revoked.uscc, entName: revoked.name, regState: '3', regStateName: '吊销', revDate: revoked.closedOn, dom: revoked.address,
    });
  });

  it('refuses more than 100 codes and malformed bodies with errcode and errmsg', async () => {
    const tooMany = await post('/api/enterprises/batch', JSON.stringify({ codes: Array.from({ length: 101 }, () => 'x') }));
    expect(tooMany).toMatchObject({ status: 400, body: { errcode: 40003 } });
    expect(await post('/api/risk/batch', '{not json')).toMatchObject({ status: 400, body: { errcode: 40001 } });
    expect(await post('/api/enterprises/batch', '{"codes": [1]}')).toMatchObject({ status: 400, body: { errcode: 40004 } });
    expect(await post('/api/nowhere', '{}')).toMatchObject({ status: 404, body: { errcode: 40401 } });
  });
});

describe('search', () => {
  async function walk(query: Omit<EnterpriseSearch, 'after'>) {
    const seen: string[] = [];
    const totals = new Set<number>();
    let after: string | undefined;
    do {
      const page = await client.search({ ...query, after });
      seen.push(...page.items.map((item) => item.uscc));
      totals.add(page.total);
      after = page.nextAfter ?? undefined;
    } while (after);
    return { seen, totals: [...totals] };
  }

  const cases: [string, Omit<EnterpriseSearch, 'after' | 'limit'>, (enterprise: Enterprise) => boolean][] = [
    ['everything', {}, () => true],
    ['a division', { divisionCode: '440803' }, (e) => e.divisionCode === '440803'],
    ['an industry prefix and a status', { industryPrefix: '62', status: 'operating' }, (e) => e.industryCode.startsWith('62') && e.status === 'operating'],
    ['the current risk class', { riskClass: 'C' }, (e) => e.riskHistory.at(-1)?.riskClass === 'C'],
    ['a name fragment in a division', { nameContains: '有限公司', divisionCode: '440881' }, (e) => e.name.includes('有限公司') && e.divisionCode === '440881'],
  ];

  it.each(cases)('walks every match of %s exactly once, in code order', async (_name, filter, predicate) => {
    const expected = dataset.enterprises.filter(predicate).sort(byCode).map((enterprise) => enterprise.uscc);
    expect(expected.length).toBeGreaterThan(0);
    const { seen, totals } = await walk({ ...filter, limit: 97 });
    expect(seen).toEqual(expected);
    expect(totals).toEqual([expected.length]);
  });

  it('answers an empty last page without a next key', async () => {
    const page = await client.search({ nameContains: '不存在的名字', limit: 5 });
    expect(page).toEqual({ items: [], nextAfter: null, total: 0 });
  });

  it('refuses bad parameters with 400', async () => {
    for (const query of ['limit=201', 'limit=0', 'riskClass=E', 'status=9', 'after=123', 'division=4408', 'industry=H62']) {
      const response = await fetch(`${platform.url}/api/enterprises?${query}`);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { errcode: number }).errcode, query).toBeGreaterThan(40000);
    }
  });
});

describe('publications', () => {
  it('lists the dataset publications of a business, oldest first, singly and in batches', async () => {
    const grouped = new Map<string, typeof dataset.publications>();
    for (const publication of dataset.publications) grouped.set(publication.uscc, [...(grouped.get(publication.uscc) ?? []), publication]);
    const [uscc, expected] = [...grouped].find(([, list]) => list.length > 1)!;
    const sorted = [...expected].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
    expect(await client.publications(uscc)).toEqual(sorted);
    const codes = dataset.enterprises.map((enterprise) => enterprise.uscc);
    const all = await client.publicationsOf(codes);
    expect(all.flat()).toHaveLength(dataset.publications.length);
    codes.forEach((code, index) => expect(all[index].map((p) => p.id).sort()).toEqual((grouped.get(code) ?? []).map((p) => p.id).sort()));
  });

  it('publishes once per task: a repeat returns the existing record', async () => {
    const uscc = dataset.enterprises[10].uscc;
    const input = { uscc, unitCode: 'fire', taskId: 'test-fire-task-1', summary: '检查结果：未发现问题' };
    const first = await client.publish(input);
    expect(first).toMatchObject({ created: true, publication: { ...input, publishedAt: '2025-06-01T08:00:00+08:00' } });
    const again = await client.publish({ ...input, summary: 'changed' });
    expect(again).toEqual({ created: false, publication: first.publication });
    const ours = async () => (await client.publications(uscc)).filter((p) => p.taskId.startsWith('test-'));
    expect(await ours()).toEqual([first.publication]);
    // Published with an earlier time (in UTC): listed before, ordered as instants.
    const dated = await client.publish({ ...input, taskId: 'test-fire-task-0', publishedAt: '2025-06-01T07:59:00+08:00' });
    const utc = await client.publish({ ...input, taskId: 'test-fire-task-2', publishedAt: '2025-06-01T00:30:00Z' });
    expect((await ours()).map((p) => p.id)).toEqual([dated.publication.id, first.publication.id, utc.publication.id]);
  });

  it('refuses invalid fields, unknown businesses and a task published for another business', async () => {
    const uscc = dataset.enterprises[11].uscc;
    const base = { uscc, unitCode: 'market', taskId: 'test-market-task-9', summary: '未发现问题' };
    const cases: [PublishInput, number, number][] = [
      [{ ...base, uscc: uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0') }, 400, 40002],
      [{ ...base, uscc: fixtureUscc('440802', 88_888) }, 404, 40401],
      [{ ...base, unitCode: 'nobody' }, 400, 40004],
      [{ ...base, summary: ' ' }, 400, 40004],
      [{ ...base, publishedAt: '2025-06-01' }, 400, 40004],
      [{ ...base, taskId: 'test-fire-task-1', uscc: dataset.enterprises[12].uscc, unitCode: 'fire' }, 409, 40901],
    ];
    await client.publish({ ...base, taskId: 'test-fire-task-1', uscc: dataset.enterprises[10].uscc, unitCode: 'fire' }).catch(() => undefined);
    for (const [input, status, errcode] of cases) {
      const error = await client.publish(input).then(() => null, (caught: unknown) => caught);
      expect(error, JSON.stringify(input)).toBeInstanceOf(PublicationRejected);
      expect(error).toMatchObject({ status, errcode });
    }
  });
});

describe('failures', () => {

  it('turns the 503 error response into PLATFORM_UNAVAILABLE naming errcode', async () => {
    platform.setFaults({ errorRate: 1 });
    const error = await platformFailure(client.registry([dataset.enterprises[0].uscc]));
    expect(error.code).toBe(ErrorCode.PLATFORM_UNAVAILABLE);
    expect(error.message).toMatch(/503.*50300/);
  });

  it('turns an outage into PLATFORM_UNAVAILABLE and slowness into PLATFORM_TIMEOUT', async () => {
    platform.setFaults({ down: true });
    expect((await platformFailure(client.search({ limit: 5 }))).code).toBe(ErrorCode.PLATFORM_UNAVAILABLE);
    platform.setFaults({ down: false, latencyMs: 300 });
    const slow = new CreditPlatformClient({ baseUrl: platform.url, timeoutMs: 100 });
    expect((await platformFailure(slow.publications(dataset.enterprises[0].uscc))).code).toBe(ErrorCode.PLATFORM_TIMEOUT);
  });
});
