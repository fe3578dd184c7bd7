// The gateway's subgraph client (gateway/subgraph-source.ts) against the real subgraphs, through
// counting proxies: identical queries in flight are sent once (never mutations, never across
// tokens), a failing subgraph is answered SUBGRAPH_UNAVAILABLE at once after repeated failures
// and tried again after the cool-down, calls are bounded in time, and several units asked with
// `departments(codes:)` cost one call per subgraph where aliased `department(code:)` cost one each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubgraphName } from '../config/services';
import { signToken } from '../lib/auth';
import type { RunningService } from '../lib/graphql-http';
import { startGatewayService } from '../system/components';
import { OFFICE, department, startTestSystem, type TestSystem } from './helpers/system';
import { startSubgraphProxy, type SubgraphProxy } from './helpers/subgraph-proxy';

let system: TestSystem;
let officeToken: string;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  system = await startTestSystem();
  officeToken = await signToken(OFFICE, system.config.jwtSecret);
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await system?.close();
});

/**
 * A gateway of its own whose calls to `subgraph` go through a proxy; the rest straight. Without
 * the entity cache: these tests count the calls the client makes (test/entity-cache.test.ts
 * counts the calls the cache saves).
 */
async function gatewayVia(subgraph: SubgraphName, settings: Partial<typeof system.config> = {}): Promise<{ gateway: RunningService; proxy: SubgraphProxy }> {
  const urls = Object.fromEntries(Object.entries(system.subgraphs).map(([name, s]) => [name, s.url])) as Record<SubgraphName, string>;
  const proxy = await startSubgraphProxy(urls[subgraph]);
  const config = { ...system.config, entityCache: { ...system.config.entityCache, enabled: false }, ...settings };
  const gateway = await startGatewayService(config, { ...urls, [subgraph]: proxy.url }, 0);
  closers.push(() => proxy.close(), () => gateway.close());
  return { gateway, proxy };
}

async function post(gateway: RunningService, query: string, options: { token?: string; variables?: Record<string, unknown> } = {}) {
  const started = Date.now();
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token ?? officeToken}` },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  const answer = (await response.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  return { status: response.status, ms: Date.now() - started, ...answer };
}

const ENTERPRISE = `query One($uscc: ID!) { enterprise(uscc: $uscc) { uscc name riskClass } }`;
const codeOf = (answer: { errors?: { extensions?: Record<string, unknown> }[] }) => answer.errors?.[0]?.extensions?.code;

describe('merging identical subgraph queries in flight', () => {
  const times = 8;

  it('sends identical concurrent queries once with merging on, once each with it off, with the same answers', async () => {
    const uscc = system.dataset.enterprises[3].uscc;
    const on = await gatewayVia('credit');
    const off = await gatewayVia('credit', { dedupeInflight: false });
    // Warm both (schema, plan, credit cache), then hold the subgraph's answers so all calls overlap.
    await post(on.gateway, ENTERPRISE, { variables: { uscc } });
    await post(off.gateway, ENTERPRISE, { variables: { uscc } });
    for (const { proxy } of [on, off]) {
      proxy.reset();
      proxy.setMode({ kind: 'pass', delayMs: 300 });
    }
    const merged = await Promise.all(Array.from({ length: times }, () => post(on.gateway, ENTERPRISE, { variables: { uscc } })));
    const separate = await Promise.all(Array.from({ length: times }, () => post(off.gateway, ENTERPRISE, { variables: { uscc } })));
    expect(on.proxy.bodies).toHaveLength(1);
    expect(off.proxy.bodies).toHaveLength(times);
    for (const answer of [...merged, ...separate]) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data.enterprise.uscc).toBe(uscc);
    }
    expect(new Set([...merged, ...separate].map((a) => JSON.stringify(a.data))).size).toBe(1);
  });

  it('never merges the queries of different callers, nor different queries', async () => {
    const { gateway, proxy } = await gatewayVia('credit');
    const [a, b] = system.dataset.enterprises.slice(5, 7).map((e) => e.uscc);
    const marketToken = await signToken(department('market'), system.config.jwtSecret);
    await post(gateway, ENTERPRISE, { variables: { uscc: a } });
    proxy.reset();
    proxy.setMode({ kind: 'pass', delayMs: 300 });
    await Promise.all([
      post(gateway, ENTERPRISE, { variables: { uscc: a } }),
      post(gateway, ENTERPRISE, { variables: { uscc: a } }),
      post(gateway, ENTERPRISE, { variables: { uscc: a }, token: marketToken }),
      post(gateway, ENTERPRISE, { variables: { uscc: b } }),
    ]);
    // office a (twice → once), market a, office b
    expect(proxy.bodies).toHaveLength(3);
  });

  it('never merges mutations', async () => {
    const { gateway, proxy } = await gatewayVia('joint-office');
    proxy.setMode({ kind: 'pass', delayMs: 300 });
    const create = `mutation { createJointPlan(idempotencyKey: "merge-test-1", input: {
      year: 2026, title: "合并测试", leadUnit: "market", participatingUnits: ["market", "fire"],
      items: [{ unitCode: "market", itemCodes: ["market-I11"] }, { unitCode: "fire", itemCodes: ["fire-I02"] }],
      scope: { divisionCodes: ["440802"], industryCodes: ["62"] }, periodStart: "2026-01-05", periodEnd: "2026-02-13" }) { id } }`;
    proxy.reset();
    await Promise.all([post(gateway, create), post(gateway, create)]);
    expect(proxy.bodies.filter((body) => body.includes('createJointPlan'))).toHaveLength(2);
  });
});

describe('circuit breaker and timeouts', () => {
  it('answers SUBGRAPH_UNAVAILABLE at once after repeated failures, then tries again after the cool-down and recovers', async () => {
    const { gateway, proxy } = await gatewayVia('credit', { subgraphBreaker: { failures: 3, coolDownMs: 1500 } });
    const uscc = system.dataset.enterprises[9].uscc;
    expect((await post(gateway, ENTERPRISE, { variables: { uscc } })).data.enterprise.uscc).toBe(uscc);
    proxy.setMode({ kind: 'down' });
    proxy.reset();
    for (let i = 0; i < 3; i++) expect(codeOf(await post(gateway, ENTERPRISE, { variables: { uscc } }))).toBe('SUBGRAPH_UNAVAILABLE');
    expect(proxy.bodies).toHaveLength(3);
    // Open: answered without a call.
    const refused = await post(gateway, ENTERPRISE, { variables: { uscc } });
    expect(codeOf(refused)).toBe('SUBGRAPH_UNAVAILABLE');
    expect(refused.errors?.[0].message).toMatch(/unavailable after repeated failures/);
    expect(proxy.bodies).toHaveLength(3);
    // The subgraph is back; still refused until the cool-down is over, then one call closes the circuit.
    proxy.setMode({ kind: 'pass' });
    expect(codeOf(await post(gateway, ENTERPRISE, { variables: { uscc } }))).toBe('SUBGRAPH_UNAVAILABLE');
    expect(proxy.bodies).toHaveLength(3);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    for (let i = 0; i < 3; i++) expect((await post(gateway, ENTERPRISE, { variables: { uscc } })).data.enterprise.uscc).toBe(uscc);
    expect(proxy.bodies).toHaveLength(6);
  });

  it('a failed trial call after the cool-down opens the circuit again', async () => {
    const { gateway, proxy } = await gatewayVia('credit', { subgraphBreaker: { failures: 2, coolDownMs: 500 } });
    const uscc = system.dataset.enterprises[11].uscc;
    proxy.setMode({ kind: 'down' });
    for (let i = 0; i < 2; i++) await post(gateway, ENTERPRISE, { variables: { uscc } });
    await new Promise((resolve) => setTimeout(resolve, 600));
    proxy.reset();
    expect(codeOf(await post(gateway, ENTERPRISE, { variables: { uscc } }))).toBe('SUBGRAPH_UNAVAILABLE'); // the trial
    expect(codeOf(await post(gateway, ENTERPRISE, { variables: { uscc } }))).toBe('SUBGRAPH_UNAVAILABLE'); // open again
    expect(proxy.bodies).toHaveLength(1);
  });

  it('bounds a call to a subgraph that does not answer by SUBGRAPH_TIMEOUT_MS', async () => {
    const { gateway, proxy } = await gatewayVia('credit', { subgraphTimeoutMs: 400 });
    const uscc = system.dataset.enterprises[13].uscc;
    proxy.setMode({ kind: 'hang' });
    const answer = await post(gateway, ENTERPRISE, { variables: { uscc } });
    expect(codeOf(answer)).toBe('SUBGRAPH_UNAVAILABLE');
    expect(answer.errors?.[0].message).toMatch(/did not answer within 400 ms/);
    expect(answer.ms).toBeLessThan(2500);
    expect(answer.data?.enterprise ?? null).toBeNull();
  });
});

describe('several units in one subgraph call', () => {
  const UNITS = ['market', 'health', 'hrss', 'urban'];
  const FIELDS = `code tasksOf(usccs: $usccs) { id status enterprise { uscc } }`;
  const usccsOf = () => [...new Set(UNITS.flatMap((unit) => system.dataset.units[unit as 'market'].tasks.slice(0, 3).map((t) => t.uscc)))];

  it('departments(codes:) makes one call to the provincial subgraph; aliases one batched call, or one call each without batching; same data', async () => {
    const batching = await gatewayVia('provincial');
    const unbatched = await gatewayVia('provincial', { batchSubgraphCalls: false });
    const usccs = usccsOf();
    const byCodes = `query Tasks($usccs: [ID!]!) { departments(codes: ${JSON.stringify(UNITS)}) { ${FIELDS} } }`;
    const aliased = `query Tasks($usccs: [ID!]!) { ${UNITS.map((u) => `${u}: department(code: "${u}") { ${FIELDS} }`).join(' ')} }`;
    const operationsIn = (body: string) => {
      const parsed = JSON.parse(body) as unknown;
      return Array.isArray(parsed) ? parsed.length : 1;
    };

    batching.proxy.reset();
    const one = await post(batching.gateway, byCodes, { variables: { usccs } });
    expect(one.errors).toBeUndefined();
    expect(batching.proxy.bodies.map(operationsIn)).toEqual([1]);

    batching.proxy.reset();
    const batched = await post(batching.gateway, aliased, { variables: { usccs } });
    expect(batched.errors).toBeUndefined();
    expect(batching.proxy.bodies.map(operationsIn)).toEqual([4]);

    unbatched.proxy.reset();
    const four = await post(unbatched.gateway, aliased, { variables: { usccs } });
    expect(four.errors).toBeUndefined();
    expect(unbatched.proxy.bodies.map(operationsIn)).toEqual([1, 1, 1, 1]);

    expect(one.data.departments.map((d: { code: string }) => d.code)).toEqual(UNITS);
    expect(one.data.departments).toEqual(UNITS.map((unit) => four.data[unit]));
    expect(batched.data).toEqual(four.data);
    expect(one.data.departments.some((d: { tasksOf: unknown[] }) => d.tasksOf.length > 0)).toBe(true);
  });

  it('a batch keeps each query\'s own answer: a unit may see its own inspectors\' names, not another unit\'s', async () => {
    const { gateway, proxy } = await gatewayVia('provincial');
    const marketToken = await signToken(department('market'), system.config.jwtSecret);
    const query = `{ market: department(code: "market") { inspectors { id name } } health: department(code: "health") { inspectors { id name } } }`;
    proxy.reset();
    const answer = await post(gateway, query, { token: marketToken });
    expect(proxy.bodies).toHaveLength(1);
    expect(JSON.parse(proxy.bodies[0])).toHaveLength(2);
    expect(answer.data.market.inspectors[0].name).toBe(system.dataset.units.market.inspectors[0].name);
    expect(answer.data.health.inspectors[0].id).toBe(system.dataset.units.health.inspectors[0].id);
    expect(answer.data.health.inspectors.every((i: { name: string | null }) => i.name === null)).toBe(true);
    expect(answer.errors?.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
  });

  it('answers UNKNOWN_UNIT for a code that is not a member unit and BAD_INPUT for over 100 codes', async () => {
    const unknown = await system.query(`{ departments(codes: ["market", "nope"]) { code } }`, { role: OFFICE });
    expect(codeOf(unknown)).toBe('UNKNOWN_UNIT');
    const many = await system.query(`{ departments(codes: ${JSON.stringify(Array.from({ length: 101 }, () => 'market'))}) { code } }`, { role: OFFICE });
    expect(codeOf(many)).toBe('BAD_INPUT');
    const repeated = await system.query(`{ departments(codes: ["fire", "market", "fire"], platform: PROVINCIAL) { code } }`, { role: OFFICE });
    expect(repeated.data).toEqual({ departments: [{ code: 'market' }] });
  });
});
