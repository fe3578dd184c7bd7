// The pseudonymous matching of a published plan through the gateway: the document carries it and
// re-checks as the public; only the office and a unit (for its own officers) resolve pseudonyms;
// the key that orders the officers is fixed at the seal.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFICE, PUBLIC, department, startTestSystem, type TestSystem } from './helpers/system';
import { DRAW, VISITS, call, cateringPlan, composeFresh, errorCode, ok, publishedPlan } from './helpers/joint-plans';

let system: TestSystem;
let plan: { id: string; document: any };
const RESOLVE = `query ($id: ID!, $unit: ID, $pseudonyms: [String!]) { jointPlan(id: $id) { officerPseudonyms(unitCode: $unit, pseudonyms: $pseudonyms) { unitCode pseudonym officerId } } }`;
const VERIFY = `query ($document: String!) { verifyDraw(document: $document) { match problems { field expected actual } } }`;

beforeAll(async () => {
  system = await startTestSystem();
  const published = await publishedPlan(system, 'pseudonyms-1', 'pseudonyms 2026-01-02 7 19 23');
  plan = { id: published.id, document: JSON.parse(published.draw.plan.draw.document) };
});
afterAll(() => system?.close());

type Resolved = { unitCode: string; pseudonym: string; officerId: string };

describe('the matching in the published document', () => {
  it('re-checks as MATCH for the public, names no officer, and its seal is in the evidence', async () => {
    const evidence = await ok(system, `query ($id: ID!) { jointPlan(id: $id) { draw { document matchingSha256 } } }`, { id: plan.id }, PUBLIC);
    const { document, matchingSha256 } = evidence.jointPlan.draw;
    expect(matchingSha256).toBe(plan.document.matching.matchingSha256);
    expect(document).not.toMatch(/-R\d{4}/);
    expect((await ok(system, VERIFY, { document }, PUBLIC)).verifyDraw).toEqual({ match: true, problems: [] });
    expect(plan.document.matching.units.map((u: { unitCode: string }) => u.unitCode)).toEqual(['market', 'fire', 'health']);
    expect(plan.document.matching.businesses.map((b: { uscc: string }) => b.uscc)).toEqual(plan.document.drawn.map((d: { uscc: string }) => d.uscc));

    const swapped = JSON.parse(document);
    const entry = swapped.matching.businesses[0].units[0];
    const other = swapped.matching.units[0].officers.find((p: string) => !entry.assigned.includes(p) && !entry.excluded.includes(p));
    entry.assigned = [entry.assigned[0], other].sort();
    const verdict = (await ok(system, VERIFY, { document: JSON.stringify(swapped) }, PUBLIC)).verifyDraw;
    expect(verdict.match).toBe(false);
    expect(verdict.problems.map((p: { field: string }) => p.field)).toContain('matching.businesses[0].units[0].assigned');
  });
});

describe('resolving pseudonyms', () => {
  it('the office resolves every unit; the assigned pseudonyms are the visits\' inspectors', async () => {
    const resolved: Resolved[] = (await ok(system, RESOLVE, { id: plan.id })).jointPlan.officerPseudonyms;
    for (const [u, unit] of plan.document.matching.units.entries()) {
      expect(resolved.filter((r) => r.unitCode === unit.unitCode).map((r) => r.pseudonym)).toEqual(unit.officers);
      const idOf = new Map(resolved.filter((r) => r.unitCode === unit.unitCode).map((r) => [r.pseudonym, r.officerId]));
      const visits = (await ok(system, VISITS, { id: plan.id })).jointPlan.visits;
      for (const [i, business] of plan.document.matching.businesses.entries()) {
        const visit = visits.find((v: { uscc: string }) => v.uscc === business.uscc);
        const ids = visit.units.find((x: { unitCode: string }) => x.unitCode === unit.unitCode).inspectorIds;
        expect(business.units[u].assigned.map((p: string) => idOf.get(p)).sort()).toEqual([...ids].sort());
        if (i > 0) break;
      }
    }
    const one = plan.document.matching.units[1].officers[0];
    const only = (await ok(system, RESOLVE, { id: plan.id, pseudonyms: [one] })).jointPlan.officerPseudonyms;
    expect(only).toEqual([resolved.find((r) => r.pseudonym === one && r.unitCode === 'fire')]);
  });

  it('a participating unit resolves its own officers only', async () => {
    const own: Resolved[] = (await ok(system, RESOLVE, { id: plan.id }, department('fire'))).jointPlan.officerPseudonyms;
    expect(own.length).toBe(plan.document.matching.units[1].officers.length);
    expect(new Set(own.map((r) => r.unitCode))).toEqual(new Set(['fire']));
    const asked = await call(system, RESOLVE, { id: plan.id, unit: 'market' }, department('fire'));
    expect(errorCode(asked)).toBe('FORBIDDEN');
    expect(asked.data?.jointPlan?.officerPseudonyms ?? null).toBeNull();
  });

  it('the public and units outside the plan are refused with FORBIDDEN, and see no officer id', async () => {
    for (const role of [PUBLIC, department('ecology')]) {
      const answer = await call(system, RESOLVE, { id: plan.id }, role);
      expect(errorCode(answer)).toBe('FORBIDDEN');
      expect(JSON.stringify(answer)).not.toMatch(/-R\d{4}/);
    }
    expect(errorCode(await call(system, RESOLVE, { id: plan.id, pseudonyms: ['market-R0001'] }, OFFICE))).toBe('BAD_INPUT');
  });
});

describe('the pseudonym key is fixed at the seal', () => {
  const UNITS = ['market', 'fire', 'health'];
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  it('a key changed after the seal makes the draw refuse; the sealed key draws and verifies', async () => {
    const id = (await composeFresh(system, cateringPlan(), 'pseudonyms-sealed')).id;
    const revealBy = new Date(Date.now() + 3_600_000).toISOString();
    await ok(system, `mutation ($id: ID!, $rule: SeedRuleInput!) { sealJointPlan(id: $id, seedRule: $rule) { sealed } }`, { id, rule: { kind: 'COMMIT_REVEAL', revealBy } });
    const secrets = Object.fromEntries(UNITS.map((u) => [u, randomBytes(16).toString('hex')]));
    for (const unit of UNITS) await ok(system, `mutation ($id: ID!, $c: String!) { commitJointPlanSeed(id: $id, commitment: $c) { sealed } }`, { id, c: sha256(secrets[unit]) }, department(unit));
    for (const unit of UNITS) await ok(system, `mutation ($id: ID!, $s: String!) { revealJointPlanSeed(id: $id, secret: $s) { sealed } }`, { id, s: secrets[unit] }, department(unit));

    const db = system.officeStore.db;
    const [{ secret }] = await db.query<{ secret: string }>('SELECT secret FROM plan_pseudonym_keys WHERE plan_id = $1', [id]);
    await db.query('UPDATE plan_pseudonym_keys SET secret = $2 WHERE plan_id = $1', [id, 'f'.repeat(64)]);
    expect(errorCode(await call(system, DRAW, { id }))).toBe('STORE_UNAVAILABLE');
    await db.query('UPDATE plan_pseudonym_keys SET secret = $2 WHERE plan_id = $1', [id, secret]);
    const drawn = (await ok(system, DRAW, { id })).drawJointPlan;
    expect((await ok(system, VERIFY, { document: drawn.plan.draw.document })).verifyDraw.match).toBe(true);
  });
});
