// Bad input gets a GraphQL error with a stable code and a message saying what was wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFICE, startTestSystem, type TestSystem } from './helpers/system';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

async function firstError(query: string, variables?: Record<string, unknown>) {
  const answer = await system.query(query, { role: OFFICE, variables });
  expect(answer.errors?.length).toBeGreaterThan(0);
  return answer.errors![0] as { message: string; extensions: { code: string } };
}

describe('bad input', () => {
  const valid = () => system.dataset.enterprises[0].uscc;

  it.each([
    ['wrong length', '91350100M000100Y4', /18 characters/],
    ['wrong alphabet', '91350100M000100YI3', /may only use/],
    ['wrong check character', '91350100M000100Y44', /check character/],
  ])('an invalid credit code (%s) → INVALID_USCC', async (_case, uscc, message) => {
    for (const query of [
      `query($u: ID!) { enterprise(uscc: $u) { name } }`,
      `query($u: ID!) { department(code: "market") { tasksOf(usccs: [$u]) { id } } }`,
    ]) {
      const error = await firstError(query, { u: uscc });
      expect(error.extensions.code).toBe('INVALID_USCC');
      expect(error.message).toMatch(message);
    }
  });

  it('an unknown unit code → UNKNOWN_UNIT', async () => {
    const error = await firstError(`{ department(code: "mint") { code } }`);
    expect(error.extensions.code).toBe('UNKNOWN_UNIT');
    expect(error.message).toMatch(/"mint"/);
  });

  it('a malformed cursor, or one from another list → BAD_CURSOR', async () => {
    const garbage = await firstError(`{ department(code: "market") { directory(after: "not-a-cursor") { totalCount } } }`);
    expect(garbage.extensions.code).toBe('BAD_CURSOR');
    const page: any = await system.query(`{ department(code: "market") { directory(first: 2) { pageInfo { endCursor } } } }`, { role: OFFICE });
    const cursor = page.data.department.directory.pageInfo.endCursor;
    const reused = await firstError(`query($c: String) { department(code: "health") { directory(after: $c) { totalCount } } }`, { c: cursor });
    expect(reused.extensions.code).toBe('BAD_CURSOR');
    const credit = await firstError(`{ searchEnterprises(after: "%%%") { totalCount } }`);
    expect(credit.extensions.code).toBe('BAD_CURSOR');
  });

  it('a page size over the limit → PAGE_SIZE_TOO_LARGE', async () => {
    const department = await firstError(`{ department(code: "market") { directory(first: 1000) { totalCount } } }`);
    expect(department.extensions.code).toBe('PAGE_SIZE_TOO_LARGE');
    const credit = await firstError(`{ searchEnterprises(first: 1000) { totalCount } }`);
    expect(credit.extensions.code).toBe('PAGE_SIZE_TOO_LARGE');
  });

  it('a valid but unknown credit code is simply not found', async () => {
    const answer: any = await system.query(`query($u: ID!) { enterprise(uscc: $u) { name } }`, { role: OFFICE, variables: { u: '91350100M000100Y43' } });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.enterprise).toBeNull();
    expect(valid()).toHaveLength(18);
  });
});
