// Roles: verified at the gateway, forwarded to subgraphs, enforced there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../lib/auth';
import { OFFICE, PUBLIC, department, startTestSystem, type TestSystem } from './helpers/system';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

const INSPECTORS = `query($code: ID!) { department(code: $code) { inspectors { id specialties name phone } } }`;

describe('caller roles', () => {
  it('the office sees inspectors\' personal data of every unit', async () => {
    for (const code of ['market', 'fire']) {
      const answer: any = await system.query(INSPECTORS, { role: OFFICE, variables: { code } });
      expect(answer.errors).toBeUndefined();
      const expected = system.dataset.units[code].inspectors;
      expect(answer.data.department.inspectors.map((i: any) => i.name)).toEqual(expected.map((i) => i.name));
    }
  });

  it('a unit sees its own inspectors\' personal data but not another unit\'s', async () => {
    const own: any = await system.query(INSPECTORS, { role: department('market'), variables: { code: 'market' } });
    expect(own.errors).toBeUndefined();
    expect(own.data.department.inspectors[0].phone).toBe(system.dataset.units.market.inspectors[0].phone);

    const other: any = await system.query(INSPECTORS, { role: department('market'), variables: { code: 'health' } });
    const inspectors = other.data.department.inspectors;
    expect(inspectors.length).toBe(system.dataset.units.health.inspectors.length);
    expect(inspectors.every((i: any) => i.name === null && i.phone === null && i.specialties.length > 0)).toBe(true);
    expect(new Set(other.errors.map((e: any) => e.extensions.code))).toEqual(new Set(['FORBIDDEN']));
  });

  it('the public sees no personal data, with or without a token', async () => {
    for (const options of [{}, { role: PUBLIC }]) {
      const answer: any = await system.query(INSPECTORS, { ...options, variables: { code: 'fire' } });
      expect(answer.data.department.inspectors.every((i: any) => i.name === null && i.phone === null)).toBe(true);
      expect(answer.errors.every((e: any) => e.extensions.code === 'FORBIDDEN')).toBe(true);
    }
  });

  it('refuses a token signed with another key, a malformed header and an unknown role', async () => {
    const forged = await signToken(OFFICE, 'another-secret-another-secret-0000');
    const unknownRole = await signToken({ kind: 'department', unitCode: 'x' }, system.config.jwtSecret).then(() =>
      // A role text the graph does not know, signed with the right key.
      import('jose').then(({ SignJWT }) =>
        new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode(system.config.jwtSecret)),
      ),
    );
    for (const token of [forged, 'not-a-jwt', unknownRole]) {
      const answer = await system.query(`{ memberUnits { code } }`, { token });
      expect(answer.status).toBe(401);
      expect(answer.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    }
  });

  it('a subgraph reached directly verifies the token itself: a bare role header is only the public', async () => {
    const direct = (headers: Record<string, string>) =>
      fetch(system.subgraphs.fire.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: `{ fireDepartment(code: "fire") { inspectors { id name } } }` }),
      });
    const spoofed: any = await (await direct({ 'x-caller-role': 'office' })).json();
    expect(spoofed.data.fireDepartment.inspectors.every((i: any) => i.name === null)).toBe(true);
    expect(spoofed.errors.every((e: any) => e.extensions.code === 'FORBIDDEN')).toBe(true);

    const forged = await direct({ authorization: `Bearer ${await signToken(OFFICE, 'another-secret-another-secret-0000')}` });
    expect(forged.status).toBe(401);

    const office: any = await (await direct({ authorization: `Bearer ${await signToken(OFFICE, system.config.jwtSecret)}` })).json();
    expect(office.errors).toBeUndefined();
    expect(office.data.fireDepartment.inspectors[0].name).toBe(system.dataset.units.fire.inspectors[0].name);
  });
});
