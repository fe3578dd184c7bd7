// The gateway's entity cache (gateway/entity-cache/) through the real gateway, subgraphs and
// platforms, with the in-process cache and (when REDIS_URL is set) with Redis: a kept entity is
// served without a subgraph or platform call, only the missing entities of a fetch are sent, a
// write that moves a unit's data version makes the next read fresh, and role-dependent fields
// (inspectors' personal data) are never kept, so no role is ever served another role's answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubgraphName } from '../config/services';
import { departmentTypeName, PLATFORM_IDS } from '../config/units';
import { EntityCache } from '../gateway/entity-cache';
import { fetchPlan } from '../gateway/entity-cache/plan';
import { CACHEABLE_TYPES, type FieldTree } from '../gateway/entity-cache/policy';
import { signToken } from '../lib/auth';
import { createCache, MemoryCache } from '../lib/cache';
import type { RunningService } from '../lib/graphql-http';
import { registry } from '../lib/metrics';
import type { Role } from '../lib/roles';
import { startGatewayService } from '../system/components';
import { OFFICE, PUBLIC, department, startTestSystem, type TestSystem } from './helpers/system';
import { startSubgraphProxy, type SubgraphProxy } from './helpers/subgraph-proxy';

type Answer = { status: number; data?: any; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };

/** The fields of a tree as a selection set, e.g. `{ code items { code name } }`. */
const selectionOf = (tree: FieldTree): string => `{ ${Object.entries(tree).map(([field, sub]) => (sub === true ? field : `${field} ${selectionOf(sub)}`)).join(' ')} }`;

describe('which subgraph queries are cached (plan)', () => {
  const entities = (type: string, selection: string) => `query($representations:[_Any!]!){_entities(representations:$representations){...on ${type}${selection}}}`;

  it('takes entity fetches and enterprise lookups of allow-listed fields', () => {
    expect(fetchPlan('provincial', entities('ProvincialDepartment', '{items{code}}'))).toMatchObject({ kind: 'entities', variable: 'representations' });
    expect(fetchPlan('credit', entities('Enterprise', '{__typename name riskClass division{code name}}'))).toMatchObject({ kind: 'entities' });
    expect(fetchPlan('credit', 'query E($uscc:ID!){enterprise(uscc:$uscc){uscc name}}')).toMatchObject({ kind: 'root', responseName: 'enterprise', key: { variable: 'uscc' } });
    expect(fetchPlan('credit', '{e:enterprise(uscc:"91440802MA4X0001XX"){name}}')).toMatchObject({ kind: 'root', responseName: 'e', key: { value: '91440802MA4X0001XX' } });
  });

  it('refuses role-dependent or changing fields, arguments, directives, fragments, mutations and other subgraphs', () => {
    const refused: [string, string][] = [
      ['provincial', entities('ProvincialDepartment', '{items{code} inspectors{id name phone}}')],
      ['provincial', entities('ProvincialDepartment', '{tasksOf(usccs:["x"]){id}}')],
      ['provincial', entities('ProvincialDepartment', '{items{code} plans{id}}')],
      ['credit', entities('Enterprise', '{name publications{id}}')],
      ['credit', entities('Enterprise', '{name @include(if: true)}')],
      ['credit', 'query($representations:[_Any!]!){_entities(representations:$representations){...on Enterprise{...F}}} fragment F on Enterprise{name}'],
      ['credit', 'query($representations:[_Any!]!){_entities(representations:$representations){...on Enterprise{name}} enterprise(uscc:"x"){name}}'],
      ['credit', 'mutation($representations:[_Any!]!){_entities(representations:$representations){...on Enterprise{name}}}'],
      ['credit', 'query{searchEnterprises{totalCount}}'],
      ['ecology', entities('ProvincialDepartment', '{items{code}}')],
      ['credit', 'not a query {'],
    ];
    for (const [subgraph, query] of refused) expect(fetchPlan(subgraph, query), query).toBeNull();
  });
});

describe('putting a partly kept fetch together (EntityCache over the in-process cache)', () => {
  const QUERY = 'query($representations:[_Any!]!){_entities(representations:$representations){...on Enterprise{name}}}';
  const rep = (uscc: string) => ({ __typename: 'Enterprise', uscc });
  const codes = ['91440802MA4X0001A1', '91440802MA4X0001A2', '91440802MA4X0001A3'];

  it('sends only the missing entities, answers in order, points errors at the right entity and keeps nothing of an answer with errors', async () => {
    const entityCache = new EntityCache({ cache: new MemoryCache(), ttlSeconds: 60 });
    const first = await entityCache.lookup('credit', QUERY, { representations: [rep(codes[0]), rep(codes[2])] })!;
    first!.complete({ data: { _entities: [{ name: 'A' }, { name: 'C' }] } });

    const partly = (await entityCache.lookup('credit', QUERY, { representations: codes.map(rep) })!)!;
    expect(partly.answer).toBeUndefined();
    expect(partly.variables).toEqual({ representations: [rep(codes[1])] });
    const answer = partly.complete({ data: { _entities: [null] }, errors: [{ message: 'platform down', path: ['_entities', 0, 'name'] }] });
    expect(answer.data).toEqual({ _entities: [{ name: 'A' }, null, { name: 'C' }] });
    expect(answer.errors?.[0].path).toEqual(['_entities', 1, 'name']);

    // The failed entity was not kept: asked again, it is sent again; then it is kept.
    const again = (await entityCache.lookup('credit', QUERY, { representations: codes.map(rep) })!)!;
    expect(again.variables).toEqual({ representations: [rep(codes[1])] });
    expect(again.complete({ data: { _entities: [{ name: 'B' }] } }).data).toEqual({ _entities: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] });
    const whole = (await entityCache.lookup('credit', QUERY, { representations: codes.map(rep) })!)!;
    expect(whole.answer).toEqual({ data: { _entities: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] } });
  });

  it('passes on fetches it cannot name: representations with more than the key, or no unit versions to keep a unit under', () => {
    const entityCache = new EntityCache({ cache: new MemoryCache(), ttlSeconds: 60 });
    expect(entityCache.lookup('credit', QUERY, { representations: [{ ...rep(codes[0]), extra: 1 }] })).toBeUndefined();
    expect(entityCache.lookup('credit', QUERY, { representations: [] })).toBeUndefined();
    const units = 'query($representations:[_Any!]!){_entities(representations:$representations){...on ProvincialDepartment{items{code}}}}';
    expect(entityCache.lookup('provincial', units, { representations: [{ __typename: 'ProvincialDepartment', code: 'market' }] })).toBeUndefined();
  });
});

const backends: [string, string][] = [['the in-process cache', ''], ...(process.env.REDIS_URL ? ([['Redis', process.env.REDIS_URL]] as [string, string][]) : [])];

describe.each(backends)('entity cache with %s', (_backend, redisUrl) => {
  let system: TestSystem;
  const tokens = new Map<string, string>();
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    system = await startTestSystem({ REDIS_URL: redisUrl });
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await system?.close();
  });

  const urls = () => Object.fromEntries(Object.entries(system.subgraphs).map(([name, s]) => [name, s.url])) as Record<SubgraphName, string>;

  /** A gateway sharing the system's cache whose calls to `subgraph` go through a counting proxy. */
  async function gatewayVia(subgraph: SubgraphName, enabled = true): Promise<{ gateway: RunningService; proxy: SubgraphProxy }> {
    const proxy = await startSubgraphProxy(urls()[subgraph]);
    const config = { ...system.config, entityCache: { ...system.config.entityCache, enabled } };
    const gateway = await startGatewayService(config, { ...urls(), [subgraph]: proxy.url }, 0, system.cache);
    closers.push(() => proxy.close(), () => gateway.close());
    return { gateway, proxy };
  }

  async function tokenOf(role: Role): Promise<string> {
    const key = JSON.stringify(role);
    if (!tokens.has(key)) tokens.set(key, await signToken(role, system.config.jwtSecret));
    return tokens.get(key)!;
  }

  async function post(url: string, query: string, role: Role, variables?: Record<string, unknown>): Promise<Answer> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenOf(role)}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  }

  const representationsSent = (proxy: SubgraphProxy) => proxy.bodies.map((body) => (JSON.parse(body) as { variables?: { representations?: unknown[] } }).variables?.representations);

  async function hits(subgraph: string): Promise<number> {
    const metric = await registry.getSingleMetric('gateway_entity_cache_lookups_total')!.get();
    return metric.values.filter((value) => value.labels.subgraph === subgraph && value.labels.result === 'hit').reduce((sum, value) => sum + value.value, 0);
  }

  const ENTERPRISE = `query One($uscc: ID!) { enterprise(uscc: $uscc) { uscc name riskClass division { code name } riskHistory { riskClass classifiedOn } } }`;

  it('serves a kept enterprise to any role without a call to the credit subgraph or platform', async () => {
    const { gateway, proxy } = await gatewayVia('credit');
    const uscc = system.dataset.enterprises[11].uscc;
    const first = await post(gateway.url, ENTERPRISE, OFFICE, { uscc });
    expect(first.errors).toBeUndefined();
    expect(first.data.enterprise.uscc).toBe(uscc);
    expect(proxy.bodies).toHaveLength(1);
    // The credit subgraph's own cache forgets it: only the gateway's entity cache can spare the platform.
    await system.cache.deleteByPrefix('credit:');
    system.resetPlatformStats();
    const hitsBefore = await hits('credit');
    const again = await post(gateway.url, ENTERPRISE, PUBLIC, { uscc });
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(first.data);
    expect(proxy.bodies).toHaveLength(1);
    expect(system.requestCounts().credit).toBe(0);
    expect(await hits('credit')).toBe(hitsBefore + 1);

    // The same lookup through a gateway without the entity cache reaches the platform.
    const off = await gatewayVia('credit', false);
    expect((await post(off.gateway.url, ENTERPRISE, PUBLIC, { uscc })).data).toEqual(first.data);
    expect(off.proxy.bodies).toHaveLength(1);
    expect(system.requestCounts().credit).toBeGreaterThan(0);
  });

  it('sends only the entities it does not hold, and answers every one in order', async () => {
    const { gateway, proxy } = await gatewayVia('credit');
    const page = (first: number) => `{ department(code: "market") { directory(first: ${first}) { nodes { enterprise { uscc name riskClass } } } } }`;
    const five = await post(gateway.url, page(5), OFFICE);
    expect(five.errors).toBeUndefined();
    proxy.reset();
    const ten = await post(gateway.url, page(10), PUBLIC);
    expect(ten.errors).toBeUndefined();
    const nodes = ten.data.department.directory.nodes as { enterprise: { uscc: string; name: string } }[];
    expect(nodes).toHaveLength(10);
    expect(nodes.slice(0, 5)).toEqual(five.data.department.directory.nodes);
    // One entity fetch, for the five businesses the first page did not have.
    const sent = representationsSent(proxy);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual(nodes.slice(5).map((node) => ({ __typename: 'Enterprise', uscc: node.enterprise.uscc })));
    const byCode = new Map(system.dataset.enterprises.map((enterprise) => [enterprise.uscc, enterprise.name]));
    for (const node of nodes) expect(node.enterprise.name).toBe(byCode.get(node.enterprise.uscc));
    // Now all ten are kept: no call at all.
    proxy.reset();
    expect((await post(gateway.url, page(10), department('fire'))).data).toEqual(ten.data);
    expect(proxy.bodies).toHaveLength(0);
  });

  const DEPARTMENTS = `{ departments { code name items { code name } } }`;

  it('keeps units’ item lists until a write moves the unit’s data version', async () => {
    const { gateway, proxy } = await gatewayVia('provincial');
    const first = await post(gateway.url, DEPARTMENTS, OFFICE);
    expect(first.errors).toBeUndefined();
    const provincialUnits = (first.data.departments as { code: string }[]).filter((unit) => unit.code !== 'ecology' && unit.code !== 'emergency' && unit.code !== 'fire');
    expect(provincialUnits.length).toBeGreaterThan(1);
    proxy.reset();
    const again = await post(gateway.url, DEPARTMENTS, PUBLIC);
    expect(again.data).toEqual(first.data);
    expect(proxy.bodies).toHaveLength(0);

    // A task written through the graph moves market's version: only market is asked again.
    const unit = system.dataset.units.market;
    const enterprise = system.dataset.enterprises[21];
    const created = await post(gateway.url, `mutation ($tasks: [NewTaskInput!]!) { provincialCreateTasks(unitCode: "market", tasks: $tasks) { existed } }`, OFFICE, {
      tasks: [{ externalKey: 'entity-cache/market/1', planId: 'ENTITY-CACHE-P1', uscc: enterprise.uscc, itemCodes: [unit.items[0].code], inspectorIds: unit.inspectors.slice(0, 2).map((i) => i.id), plannedOn: '2025-07-01' }],
    });
    expect(created.errors).toBeUndefined();
    proxy.reset();
    expect((await post(gateway.url, DEPARTMENTS, OFFICE)).data).toEqual(first.data);
    expect(representationsSent(proxy).filter((sent) => sent !== undefined)).toEqual([[{ __typename: departmentTypeName('provincial'), code: 'market' }]]);
  });

  it('answers a changed item list once the unit’s view has it', async () => {
    const { gateway } = await gatewayVia('provincial');
    const codesOf = (answer: Answer, unitCode: string) => (answer.data.departments as { code: string; items: { code: string }[] }[]).find((u) => u.code === unitCode)!.items.map((item) => item.code);
    const before = codesOf(await post(gateway.url, DEPARTMENTS, OFFICE), 'health');
    const items = system.dataset.units.health.items;
    items.push({ ...items[0], code: 'health-I99', name: '缓存测试事项' });
    try {
      // The platform lists items whole; the view reads the list again when an inspector changes.
      const inspector = system.dataset.units.health.inspectors[0];
      const patched = await fetch(`${system.platforms.provincial.url}/__admin/units/health/inspectors/${inspector.id}`, { method: 'PATCH', body: JSON.stringify({ phone: '13800000000' }) });
      expect(patched.status).toBe(200);
      await system.syncNow();
      expect(codesOf(await post(gateway.url, DEPARTMENTS, PUBLIC), 'health')).toEqual([...before, 'health-I99']);
    } finally {
      items.pop();
    }
  });

  const UNIT_WITH_INSPECTORS = `{ department(code: "market") { code items { code } inspectors { id name phone } } }`;

  it('never keeps inspectors’ personal data: other roles get it forbidden as without a cache', async () => {
    const { gateway, proxy } = await gatewayVia('provincial');
    const office = await post(gateway.url, UNIT_WITH_INSPECTORS, OFFICE);
    expect(office.errors).toBeUndefined();
    const inspectors = office.data.department.inspectors as { id: string; name: string | null; phone: string | null }[];
    expect(inspectors.length).toBeGreaterThan(0);
    expect(inspectors.every((inspector) => inspector.name && inspector.phone)).toBe(true);
    for (const role of [PUBLIC, department('fire')]) {
      proxy.reset();
      const other = await post(gateway.url, UNIT_WITH_INSPECTORS, role);
      expect(proxy.bodies).toHaveLength(1); // asked of the subgraph, not answered from the cache
      expect(other.data.department.items).toEqual(office.data.department.items);
      expect(other.data.department.inspectors.map((i: { id: string }) => i.id)).toEqual(inspectors.map((i) => i.id));
      expect(other.data.department.inspectors.every((i: { name: unknown; phone: unknown }) => i.name === null && i.phone === null)).toBe(true);
      expect(other.errors?.length).toBeGreaterThan(0);
      expect(other.errors!.every((error) => error.extensions?.code === 'FORBIDDEN')).toBe(true);
    }
    const own = await post(gateway.url, UNIT_WITH_INSPECTORS, department('market'));
    expect(own.errors).toBeUndefined();
    expect(own.data).toEqual(office.data);
  });

  it('lists only fields every role gets alike (asked of the subgraphs themselves, past any cache)', async () => {
    const roles = [OFFICE, PUBLIC, department('market'), department('fire')];
    const uscc = system.dataset.enterprises[31].uscc;
    const queries: [SubgraphName, string][] = [
      ['credit', `{ enterprise(uscc: "${uscc}") ${selectionOf(CACHEABLE_TYPES.get('Enterprise')!.fields)} }`],
      ...PLATFORM_IDS.map((platform): [SubgraphName, string] => {
        const unitCode = platform === 'provincial' ? 'market' : platform;
        return [platform, `{ ${platform}Department(code: "${unitCode}") ${selectionOf(CACHEABLE_TYPES.get(departmentTypeName(platform))!.fields)} }`];
      }),
    ];
    for (const [subgraph, query] of queries) {
      const answers = await Promise.all(roles.map((role) => post(urls()[subgraph], query, role)));
      for (const answer of answers) expect(answer.errors, `${subgraph}: ${query}`).toBeUndefined();
      for (const answer of answers.slice(1)) expect(answer.data).toEqual(answers[0].data);
    }
  });

  it('answers from the subgraphs when the cache fails', async () => {
    const broken = createCache({ redisUrl: 'redis://127.0.0.1:1', prefix: 'ssj-test-broken:' });
    const gateway = await startGatewayService(system.config, urls(), 0, broken);
    closers.push(() => gateway.close(), () => broken.close());
    const uscc = system.dataset.enterprises[41].uscc;
    for (let i = 0; i < 2; i++) {
      const answer = await post(gateway.url, ENTERPRISE, PUBLIC, { uscc });
      expect(answer.errors).toBeUndefined();
      expect(answer.data.enterprise.uscc).toBe(uscc);
      const units = await post(gateway.url, DEPARTMENTS, PUBLIC);
      expect(units.errors).toBeUndefined();
      expect(units.data.departments.length).toBeGreaterThan(10);
    }
  });
});
