// Metrics at /metrics after sample queries, and one request id followed from the client through
// the gateway and a subgraph to the agency platform.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../lib/auth';
import { OFFICE, startTestSystem, type TestSystem } from './helpers/system';

let system: TestSystem;
let token: string;

beforeAll(async () => {
  system = await startTestSystem();
  token = await signToken(OFFICE, system.config.jwtSecret);
});
afterAll(() => system?.close());

async function post(query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>) {
  const response = await fetch(system.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { response, body: (await response.json()) as { data?: any; errors?: unknown[] } };
}

/** The value of one sample of the exposition text, e.g. `name{a="b"}`; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

const metrics = async (url: string) => {
  const response = await fetch(new URL('/metrics', url));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
};

const SEARCH = `query Search { searchEnterprises(filter: { riskClass: D }, first: 5) { totalCount edges { node { uscc name } } } }`;
const DEPARTMENTS = `query Departments {
  departments { code tasks(filter: { year: 2025 }, first: 3) { totalCount nodes { id enterprise { name riskClass } } } }
}`;
const INSPECTORS = `query Inspectors { department(code: "fire") { inspectors { id certified } } }`;

describe('GET /metrics', () => {
  it('counts operations, subgraph fetches, platform calls and cache lookups after sample queries', async () => {
    for (const query of [SEARCH, DEPARTMENTS, DEPARTMENTS, INSPECTORS]) {
      const { body } = await post(query);
      expect(body.errors).toBeUndefined();
    }
    const text = await metrics(system.gateway.url);
    expect(sample(text, 'graphql_requests_total', { server: 'gateway', operation: 'Departments', outcome: 'ok' })).toBe(2);
    expect(sample(text, 'graphql_requests_total', { server: 'gateway', operation: 'Search', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'graphql_request_duration_seconds_count', { server: 'gateway', operation: 'Departments' })).toBe(2);
    expect(sample(text, 'gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'credit' })).toBeGreaterThan(0);
    expect(sample(text, 'gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'joint-office' })).toBeGreaterThan(0);
    expect(sample(text, 'platform_call_duration_seconds_count', { platform: 'credit' })).toBeGreaterThan(0);
    expect(sample(text, 'platform_call_duration_seconds_count', { platform: 'fire' })).toBeGreaterThan(0);
    expect(sample(text, 'cache_lookups_total', { result: 'hit' })).toBeGreaterThan(0);
    expect(sample(text, 'cache_lookups_total', { result: 'miss' })).toBeGreaterThan(0);
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('counts refusals: a query limit, a bad token, and an error outcome by code', async () => {
    const deep = `query Deep { ${'departments { '.repeat(12)}code${' }'.repeat(12)} }`;
    const refused = await post(deep);
    expect(refused.response.status).toBe(400);
    const unauthenticated = await post('{ __typename }', { authorization: 'Bearer not-a-token' });
    expect(unauthenticated.response.status).toBe(401);
    const text = await metrics(system.gateway.url);
    expect(sample(text, 'gateway_query_limit_refusals_total', { limit: 'depth' })).toBeGreaterThan(0);
    expect(sample(text, 'graphql_requests_total', { server: 'gateway', operation: 'Deep', outcome: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(sample(text, 'http_refusals_total', { server: 'gateway', code: 'UNAUTHENTICATED' })).toBe(1);
  });

  it('keeps client-chosen operation names plain and short', async () => {
    const name = `A${'b'.repeat(100)}`;
    await post(`query ${name} { __typename }`);
    const text = await metrics(system.gateway.url);
    expect(sample(text, 'graphql_requests_total', { server: 'gateway', operation: name.slice(0, 64), outcome: 'ok' })).toBe(1);
  });

  it('is served by the subgraphs too', async () => {
    const text = await metrics(system.subgraphs.credit.url);
    expect(sample(text, 'graphql_requests_total', { server: 'subgraph credit', outcome: 'ok' })).toBeGreaterThan(0);
  });
});

describe('request id', () => {
  it('follows a request from the client through the gateway and subgraphs to the platforms', async () => {
    const id = `test-${Date.now()}`;
    const { response, body } = await post(INSPECTORS, { 'x-request-id': id });
    expect(body.errors).toBeUndefined();
    expect(response.headers.get('x-request-id')).toBe(id);
    expect(system.platforms.fire.recentRequestIds()).toContain(id);

    const search = await post(SEARCH, { 'x-request-id': `${id}-search` });
    expect(search.body.errors).toBeUndefined();
    expect(system.platforms.credit.recentRequestIds()).toContain(`${id}-search`);
  });

  it('is made up when the client sends none or an unusable one', async () => {
    const none = await post('{ __typename }');
    expect(none.response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const odd = await post('{ __typename }', { 'x-request-id': 'a b\tc' });
    expect(odd.response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
