// Every GraphQL sample in README.md runs through the real gateway and returns data, no errors.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFICE, startTestSystem, type TestSystem } from './helpers/system';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const samples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]);

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

describe('README samples', () => {
  it('has samples', () => expect(samples.length).toBeGreaterThanOrEqual(4));

  it.each(samples.map((sample, index) => [index + 1, sample]))('sample %i returns data without errors', async (_index, sample) => {
    const variables = { usccs: system.dataset.units.fire.tasks.slice(0, 20).map((task) => task.uscc) };
    const answer = await system.query(sample as string, { role: OFFICE, variables });
    expect(answer.errors).toBeUndefined();
    expect(Object.values(answer.data ?? {}).every((value) => value !== null)).toBe(true);
  });
});
