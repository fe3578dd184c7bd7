// A department platform or subgraph that is down or slow degrades only its own fields: the
// answer carries the other units' data plus an error with a path and a stable code, in bounded time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFICE, startTestSystem, type TestSystem } from './helpers/system';

// Inspectors are read from the platform on every request (item lists are cached).
const ITEMS = `{ departments { code items: inspectors { id } } }`;

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ PLATFORM_TIMEOUT_MS: '1000', SUBGRAPH_TIMEOUT_MS: '3000' });
  // Warm every path once, so the bounded-time assertions measure the fault, not a cold start.
  await system.query(ITEMS, { role: OFFICE });
});
afterAll(() => system?.close());


type Answer = { data: { departments: { code: string; items: unknown[] | null }[] }; errors?: { path?: (string | number)[]; extensions?: Record<string, unknown> }[] };

async function timed(query: string) {
  const started = Date.now();
  const answer = (await system.query(query, { role: OFFICE })) as unknown as Answer;
  return { answer, ms: Date.now() - started };
}

function expectOnlyFireMissing(answer: Answer, code: string) {
  const departments = answer.data.departments;
  expect(departments).toHaveLength(18);
  for (const department of departments) {
    if (department.code === 'fire') expect(department.items).toBeNull();
    else expect(department.items?.length).toBeGreaterThan(0);
  }
  expect(answer.errors).toHaveLength(1);
  const [error] = answer.errors!;
  expect(error.extensions?.code).toBe(code);
  expect(error.extensions?.unitCode).toBe('fire');
  expect(error.extensions?.platform).toBe('fire');
  // @apollo/gateway indexes errors of a type-filtered entity fetch among all entities at the
  // path (apollographql/federation#354 family): the path names the field, extensions.unitCode the unit.
  expect(error.path?.[0]).toBe('departments');
  expect(error.path?.at(-1)).toBe('items'); // the alias of inspectors
}

describe('partial failure', () => {
  it('a platform outage nulls only that unit, with PLATFORM_UNAVAILABLE', async () => {
    system.platforms.fire.setFaults({ down: true });
    try {
      const { answer, ms } = await timed(ITEMS);
      expectOnlyFireMissing(answer, 'PLATFORM_UNAVAILABLE');
      expect(ms).toBeLessThan(2500);
    } finally {
      system.platforms.fire.setFaults({ down: false });
    }
  });

  it('a slow platform is cut off at the configured time with PLATFORM_TIMEOUT', async () => {
    system.platforms.fire.setFaults({ latencyMs: 5000 });
    try {
      const { answer, ms } = await timed(ITEMS);
      expectOnlyFireMissing(answer, 'PLATFORM_TIMEOUT');
      expect(ms).toBeLessThan(2500);
    } finally {
      system.platforms.fire.setFaults({ latencyMs: 0 });
    }
  });

  it('a platform answering errors surfaces them as PLATFORM_UNAVAILABLE', async () => {
    system.platforms.fire.setFaults({ errorRate: 1 });
    try {
      const { answer } = await timed(ITEMS);
      expectOnlyFireMissing(answer, 'PLATFORM_UNAVAILABLE');
    } finally {
      system.platforms.fire.setFaults({ errorRate: 0 });
    }
  });

  it('a subgraph that is down yields SUBGRAPH_UNAVAILABLE for its units only', async () => {
    await system.subgraphs.fire.close();
    const { answer, ms } = await timed(ITEMS);
    expect(ms).toBeLessThan(4000);
    const departments = answer.data.departments;
    expect(departments.find((d) => d.code === 'fire')!.items).toBeNull();
    expect(departments.filter((d) => d.code !== 'fire').every((d) => (d.items?.length ?? 0) > 0)).toBe(true);
    expect(answer.errors?.some((e) => e.extensions?.code === 'SUBGRAPH_UNAVAILABLE')).toBe(true);
  });
});
