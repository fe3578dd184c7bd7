// End to end through the real gateway: data joined across the credit system and the
// department platforms, batching measured at the platforms' request counters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENT_CLIENTS } from '../system/departments';
import { OFFICE, startTestSystem, type TestSystem } from './helpers/system';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

const FOUR_DEPARTMENTS = `
  fragment Visits on Department { code name tasksOf(usccs: $usccs) { id unitCode enterprise { uscc name riskClass } result { conclusion } followUps { action } } }
  query Visits($usccs: [ID!]!) {
    market: department(code: "market") { ...Visits }
    ecology: department(code: "ecology") { ...Visits }
    emergency: department(code: "emergency") { ...Visits }
    fire: department(code: "fire") { ...Visits }
  }`;

/** Businesses with tasks in several of the four departments first, then any with tasks. */
function businessesWithTasks(count: number): string[] {
  const units = ['market', 'ecology', 'emergency', 'fire'];
  const seen = new Map<string, number>();
  for (const unit of units) for (const task of system.dataset.units[unit].tasks) seen.set(task.uscc, (seen.get(task.uscc) ?? 0) + 1);
  return [...seen.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, count).map(([uscc]) => uscc);
}

describe('the federated graph', () => {
  it('lists every member unit with data from its own platform', async () => {
    const answer = await system.query(`{ departments { __typename code name items { code } } }`, { role: OFFICE });
    expect(answer.errors).toBeUndefined();
    const departments = answer.data!.departments as { __typename: string; code: string; items: { code: string }[] }[];
    expect(departments).toHaveLength(18);
    const typenames = new Set(departments.map((d) => d.__typename));
    expect(typenames).toEqual(new Set(['ProvincialDepartment', 'EcologyDepartment', 'EmergencyDepartment', 'FireDepartment']));
    for (const department of departments) {
      expect(department.items.map((i) => i.code)).toEqual(system.dataset.units[department.code].items.map((i) => i.code));
    }
  });

  it('joins tasks of four department platforms with the credit registry', async () => {
    const usccs = businessesWithTasks(100);
    const answer = await system.query(FOUR_DEPARTMENTS, { role: OFFICE, variables: { usccs } });
    expect(answer.errors).toBeUndefined();
    const registry = new Map(system.dataset.enterprises.map((e) => [e.uscc, e]));
    for (const unit of ['market', 'ecology', 'emergency', 'fire']) {
      const tasks = (answer.data as any)[unit].tasksOf as { id: string; enterprise: { uscc: string; name: string; riskClass: string } }[];
      const expected = system.dataset.units[unit].tasks.filter((t) => usccs.includes(t.uscc));
      expect(tasks.map((t) => t.id).sort()).toEqual(expected.map((t) => t.id).sort());
      for (const task of tasks) {
        const enterprise = registry.get(task.enterprise.uscc)!;
        expect(task.enterprise.name).toBe(enterprise.name);
        expect(task.enterprise.riskClass).toBe(enterprise.riskHistory.at(-1)!.riskClass);
      }
    }
  });

  it('makes a constant number of platform calls per department: batches, never one per business', async () => {
    const counts = async (usccs: string[]) => {
      await system.cache.deleteByPrefix('');
      system.resetPlatformStats();
      const answer = await system.query(FOUR_DEPARTMENTS, { role: OFFICE, variables: { usccs } });
      expect(answer.errors).toBeUndefined();
      return system.requestCounts();
    };
    const businesses = businessesWithTasks(100);
    expect(businesses).toHaveLength(100);
    const few = await counts(businesses.slice(0, 10));
    const many = await counts(businesses);
    for (const platform of ['provincial', 'ecology', 'emergency', 'fire'] as const) {
      // Three batched lookups (tasks of the businesses, their results, their follow-ups), each
      // split only by the platform's own maximum batch size.
      const maxBatch = DEPARTMENT_CLIENTS[platform]('http://unused', system.config).maxBatch;
      expect(many[platform]).toBeGreaterThan(0);
      expect(many[platform]).toBeLessThanOrEqual(3 * Math.ceil(100 / maxBatch));
      expect(few[platform]).toBeLessThanOrEqual(3);
    }
    // At most one registry batch per department path of the plan, whatever the number of businesses.
    expect(many.credit).toBeGreaterThan(0);
    expect(many.credit).toBeLessThanOrEqual(4);
  });

  it('serves repeated credit lookups from the cache', async () => {
    const usccs = businessesWithTasks(30);
    await system.query(FOUR_DEPARTMENTS, { role: OFFICE, variables: { usccs } });
    system.resetPlatformStats();
    await system.query(FOUR_DEPARTMENTS, { role: OFFICE, variables: { usccs } });
    expect(system.requestCounts().credit).toBe(0);
  });

  it('pages through a directory exactly once', async () => {
    const query = `query($after: String) { department(code: "fire") { directory(first: 50, after: $after) { totalCount nodes { enterprise { uscc } } pageInfo { hasNextPage endCursor } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const answer: any = await system.query(query, { role: OFFICE, variables: { after } });
      expect(answer.errors).toBeUndefined();
      const page = answer.data.department.directory;
      total = page.totalCount;
      seen.push(...page.nodes.map((n: any) => n.enterprise.uscc));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(total).toBe(system.dataset.units.fire.directory.length);
  });

  it('answers health and readiness probes', async () => {
    const base = system.gateway.url.replace('/graphql', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { subgraphs: Record<string, string> };
    expect(Object.values(body.subgraphs).every((state) => state === 'up')).toBe(true);
  });
});
