// Every test file runs with the egress guard: the file fails when anything in it (the system
// under test or a dependency) tried to reach a host other than this machine's loopback.
import { afterAll, expect } from 'vitest';
import { drainEgressAttempts, installEgressGuard } from '../helpers/egress-guard';

installEgressGuard();

afterAll(() => {
  const attempts = drainEgressAttempts().map(({ kind, target, stack }) => `${kind} ${target}\n${stack.split('\n').slice(2, 8).join('\n')}`);
  expect(attempts, 'connections or name lookups outside loopback').toEqual([]);
});
