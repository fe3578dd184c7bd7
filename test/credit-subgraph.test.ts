// The credit subgraph over real HTTP, in front of the credit platform stand-in: entity batching
// (one platform call per 100 codes), the cache, Relay paging, and a stable error code for every
// kind of bad input or platform failure.
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryCache, RedisCache } from '../lib/cache';
import { ZHANJIANG_DIVISIONS } from '../config/divisions';
import { createCreditPlatform } from '../platforms/credit';
import { datasetFor } from '../platforms/data/generate';
import type { Dataset } from '../platforms/data/model';
import { startPlatform, type RunningPlatform } from '../platforms/kit/server';
import { startCreditSubgraph } from '../subgraphs/credit';
import { signToken } from '../lib/auth';

const SECRET = 'credit-subgraph-test-secret-0123456789';
const officeToken = signToken({ kind: 'office' }, SECRET);
import { buildCreditSchema } from '../subgraphs/credit/schema';
import type { RunningService } from '../subgraphs/kit/serve';
import { fixtureUscc } from './fixtures/credit-dataset';

interface GraphAnswer {
  data?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads arbitrary shapes
  errors?: { message: string; extensions?: { code?: string } }[];
}

let dataset: Dataset;
let platform: RunningPlatform;
let subgraph: RunningService;
let cache: MemoryCache;
const BATCH = 'POST /api/enterprises/batch';

beforeAll(async () => {
  dataset = datasetFor('test');
  platform = await startPlatform(createCreditPlatform(dataset));
  cache = new MemoryCache();
  subgraph = await startCreditSubgraph({ platformUrl: platform.url, timeoutMs: 1000, cache, jwtSecret: SECRET });
});
afterAll(async () => {
  await subgraph.close();
  await platform.close();
});
beforeEach(async () => {
  await cache.deleteByPrefix('');
  cache.resetStats();
  platform.resetStats();
  platform.setFaults({ latencyMs: 0, errorRate: 0, down: false });
});

async function graph(query: string, variables: Record<string, unknown> = {}, url = subgraph.url): Promise<GraphAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await officeToken}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphAnswer;
}

const codesOf = (answer: GraphAnswer) => answer.errors?.map((error) => error.extensions?.code);
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { uscc name status riskClass division { code name } } } }`;

describe('Enterprise entity', () => {
  it('resolves 150 representations with 2 platform batches, then from the cache with none', async () => {
    const sample = dataset.enterprises.slice(0, 150);
    const representations = sample.map((enterprise) => ({ __typename: 'Enterprise', uscc: enterprise.uscc }));
    const first = await graph(ENTITIES, { r: representations });
    expect(first.errors).toBeUndefined();
    expect(first.data!._entities.map((entity: { uscc: string }) => entity.uscc)).toEqual(sample.map((e) => e.uscc));
    expect(first.data!._entities[4]).toEqual({
      uscc: sample[4].uscc,
      name: sample[4].name,
      status: sample[4].status.toUpperCase(),
      riskClass: sample[4].riskHistory.at(-1)?.riskClass ?? null,
      division: { code: sample[4].divisionCode, name: ZHANJIANG_DIVISIONS.find((d) => d.code === sample[4].divisionCode)!.name },
    });
    expect(platform.stats()).toEqual({ total: 2, byRoute: { [BATCH]: 2 } });

    platform.resetStats();
    const second = await graph(ENTITIES, { r: representations });
    expect(second).toEqual(first);
    expect(platform.stats().total).toBe(0);
    expect(cache.stats()).toMatchObject({ hits: 150 });
  });

  it('resolves malformed and unknown codes to null without an error', async () => {
    const known = dataset.enterprises[7].uscc;
    const representations = [fixtureUscc('440802', 77_777), 'BAD', known].map((uscc) => ({ __typename: 'Enterprise', uscc }));
    const answer = await graph(ENTITIES, { r: representations });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!._entities.map((entity: { uscc: string } | null) => entity?.uscc ?? null)).toEqual([null, null, known]);
    expect(platform.stats().byRoute).toEqual({ [BATCH]: 1 });
  });

  it('serves SDL that keys Enterprise by uscc and composes as Federation 2', async () => {
    const answer = await graph('{ _service { sdl } }');
    expect(answer.data!._service.sdl).toContain('@key(fields: "uscc")');
    const sdl = printSubgraphSchema(buildCreditSchema());
    const composed = composeServices([{ name: 'credit', url: 'http://credit', typeDefs: parse(sdl) }]);
    expect(composed.errors).toBeUndefined();
    expect(sdl).toMatchSnapshot();
  });
});

describe.runIf(process.env.REDIS_URL)('Enterprise entity with the Redis cache', () => {
  it('shares cached entries between two subgraph servers', async () => {
    const prefix = `test:${process.pid}:${Date.now()}:`;
    const [cacheOne, cacheTwo] = [0, 1].map(() => new RedisCache({ url: process.env.REDIS_URL!, prefix }));
    const one = await startCreditSubgraph({ platformUrl: platform.url, cache: cacheOne, jwtSecret: SECRET });
    const two = await startCreditSubgraph({ platformUrl: platform.url, cache: cacheTwo, jwtSecret: SECRET });
    try {
      const representations = dataset.enterprises.slice(200, 350).map((e) => ({ __typename: 'Enterprise', uscc: e.uscc }));
      const first = await graph(ENTITIES, { r: representations }, one.url);
      expect(platform.stats().byRoute).toEqual({ [BATCH]: 2 });
      platform.resetStats();
      expect(await graph(ENTITIES, { r: representations }, two.url)).toEqual(first);
      expect(platform.stats().total).toBe(0);
      expect(cacheTwo.stats()).toMatchObject({ hits: 150, misses: 0 });
    } finally {
      await Promise.all([one.close(), two.close()]);
      await cacheOne.deleteByPrefix('');
      await Promise.all([cacheOne.close(), cacheTwo.close()]);
    }
  });
});

describe('queries', () => {
  it('reads one enterprise with its risk history and publications', async () => {
    const published = dataset.publications[3];
    const enterprise = dataset.enterprises.find((e) => e.uscc === published.uscc)!;
    const answer = await graph(`query($u: ID!) { enterprise(uscc: $u) {
      uscc closedOn legalRepresentative address industryCode establishedOn riskClassifiedOn
      riskHistory { riskClass classifiedOn } publications { id taskId unitCode publishedAt summary } } }`, { u: enterprise.uscc });
    expect(answer.errors).toBeUndefined();
    const found = answer.data!.enterprise;
    expect(found).toMatchObject({ uscc: enterprise.uscc, legalRepresentative: enterprise.legalRepresentative, address: enterprise.address });
    expect(found.closedOn).toBe(enterprise.closedOn ?? null);
    expect(found.riskHistory).toEqual(enterprise.riskHistory);
    expect(found.riskClassifiedOn).toBe(enterprise.riskHistory.at(-1)?.classifiedOn ?? null);
    const expected = dataset.publications
      .filter((p) => p.uscc === enterprise.uscc)
      .sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt))
      .map(({ id, taskId, unitCode, publishedAt, summary }) => ({ id, taskId, unitCode, publishedAt, summary }));
    expect(found.publications).toEqual(expected);
    const direct = await graph('query($u: ID!) { publications(uscc: $u) { id } }', { u: enterprise.uscc });
    expect(direct.data!.publications.map((p: { id: string }) => p.id)).toEqual(expected.map((p) => p.id));
  });

  it('looks up several codes aligned with the request', async () => {
    const codes = [dataset.enterprises[1].uscc, fixtureUscc('440803', 66_666), dataset.enterprises[2].uscc];
    const answer = await graph('query($c: [ID!]!) { enterprises(usccs: $c) { uscc } }', { c: codes });
    expect(answer.data!.enterprises).toEqual([{ uscc: codes[0] }, null, { uscc: codes[2] }]);
  });

  it('walks every match of a filter exactly once through opaque cursors', async () => {
    const expected = dataset.enterprises.filter((e) => e.divisionCode === '440802' && e.status === 'operating').map((e) => e.uscc).sort();
    const query = `query($f: EnterpriseFilter, $after: String) { searchEnterprises(filter: $f, first: 25, after: $after) {
      totalCount edges { cursor node { uscc } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const answer = await graph(query, { f: { divisionCode: '440802', status: 'OPERATING' }, after });
      expect(answer.errors).toBeUndefined();
      const connection = answer.data!.searchEnterprises;
      expect(connection.totalCount).toBe(expected.length);
      seen.push(...connection.edges.map((edge: { node: { uscc: string } }) => edge.node.uscc));
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(seen).toEqual(expected);
    expect(expected.length).toBeGreaterThan(50);
    expect(pages).toBe(Math.ceil(expected.length / 25));
    expect(platform.stats().byRoute).toEqual({ 'GET /api/enterprises': pages });
  });
});

describe('bad input and failures', () => {
  const ONE = 'query($u: ID!) { enterprise(uscc: $u) { uscc } }';
  const SEARCH = 'query($f: EnterpriseFilter, $first: Int, $after: String) { searchEnterprises(filter: $f, first: $first, after: $after) { totalCount } }';

  it('names what is wrong with an invalid credit code', async () => {
    const valid = dataset.enterprises[0].uscc;
    const wrongCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    for (const [code, text] of [[valid.slice(0, 17), /18 characters/], [valid.slice(0, 17) + 'I', /may only use/], [wrongCheck, /check character/]] as const) {
      const answer = await graph(ONE, { u: code });
      expect(codesOf(answer)).toEqual(['INVALID_USCC']);
      expect(answer.errors![0].message).toMatch(text);
    }
    expect(codesOf(await graph('query($c: [ID!]!) { enterprises(usccs: $c) { uscc } }', { c: [valid, 'X'] }))).toEqual(['INVALID_USCC']);
    expect(platform.stats().total).toBe(0);
  });

  it('refuses too many codes, bad page sizes, bad cursors and bad filters', async () => {
    const codes = dataset.enterprises.slice(0, 101).map((e) => e.uscc);
    expect(codesOf(await graph('query($c: [ID!]!) { enterprises(usccs: $c) { uscc } }', { c: codes }))).toEqual(['BAD_INPUT']);
    expect(codesOf(await graph(SEARCH, { first: 101 }))).toEqual(['PAGE_SIZE_TOO_LARGE']);
    expect(codesOf(await graph(SEARCH, { first: 0 }))).toEqual(['PAGE_SIZE_TOO_LARGE']);
    expect(codesOf(await graph(SEARCH, { after: 'not-a-cursor!' }))).toEqual(['BAD_CURSOR']);
    expect(codesOf(await graph(SEARCH, { after: Buffer.from(`ent1:abcdefabcdef:${codes[0]}`).toString('base64url') }))).toEqual(['BAD_CURSOR']);
    const page = await graph('{ searchEnterprises(first: 1, filter: { divisionCode: "440802" }) { pageInfo { endCursor } } }');
    const otherFilter = await graph(SEARCH, { f: { divisionCode: '440803' }, after: page.data!.searchEnterprises.pageInfo.endCursor });
    expect(codesOf(otherFilter)).toEqual(['BAD_CURSOR']);
    expect(otherFilter.errors![0].message).toMatch(/another filter/);
    expect(codesOf(await graph(SEARCH, { f: { divisionCode: '4408' } }))).toEqual(['BAD_INPUT']);
    expect(codesOf(await graph(SEARCH, { f: { industryPrefix: 'H62' } }))).toEqual(['BAD_INPUT']);
  });

  it('reports platform errors and slowness with their codes', async () => {
    platform.setFaults({ errorRate: 1 });
    const failed = await graph(ONE, { u: dataset.enterprises[20].uscc });
    expect(codesOf(failed)).toEqual(['PLATFORM_UNAVAILABLE']);
    expect(failed.data).toEqual({ enterprise: null });
    platform.setFaults({ errorRate: 0, latencyMs: 300 });
    const impatient = await startCreditSubgraph({ platformUrl: platform.url, timeoutMs: 100, cache: new MemoryCache(), jwtSecret: SECRET });
    try {
      expect(codesOf(await graph(ONE, { u: dataset.enterprises[21].uscc }, impatient.url))).toEqual(['PLATFORM_TIMEOUT']);
    } finally {
      await impatient.close();
    }
  });
});
