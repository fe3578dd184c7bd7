// Commit, then draw: the seal freezes the inputs, units commit and reveal, the seed follows from
// the reveals (or a public value in the committed format), a withheld reveal is public and the
// fallback applies; every attempt, failed or not, is numbered in the public record.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC, department, startTestSystem, type TestSystem } from './helpers/system';
import { DRAW, call, cateringPlan, composeFresh, errorCode, ok } from './helpers/joint-plans';
import { seedFromReveals, verifyDrawText } from '../subgraphs/joint-office/draw';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

const SEAL_FIELDS = `planId sealed sealSha256 sealedAt candidateSha256 matchingInputsSha256 publicValue participatingUnits
  seedRule { kind revealBy source format availableAfter }
  commitments { unitCode commitment committedAt secret revealedAt } attempts { seq kind outcome detail }`;
const SEAL = `mutation ($id: ID!, $rule: SeedRuleInput!) { sealJointPlan(id: $id, seedRule: $rule) { ${SEAL_FIELDS} } }`;
const COMMIT = `mutation ($id: ID!, $c: String!) { commitJointPlanSeed(id: $id, commitment: $c) { ${SEAL_FIELDS} } }`;
const REVEAL = `mutation ($id: ID!, $s: String!) { revealJointPlanSeed(id: $id, secret: $s) { ${SEAL_FIELDS} } }`;
const PUBLIC_VALUE = `mutation ($id: ID!, $v: String!) { enterJointPlanPublicSeed(id: $id, value: $v) { ${SEAL_FIELDS} } }`;
const READ_SEAL = `query ($id: ID!) { jointPlanSeal(id: $id) { ${SEAL_FIELDS} } }`;
const UNITS = ['market', 'fire', 'health'];

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const secrets = Object.fromEntries(UNITS.map((u) => [u, randomBytes(16).toString('hex')]));
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

/** A fresh draft of the catering plan (each replaces the previous scenario's plan). */
async function draft(key: string): Promise<string> {
  return (await composeFresh(system, cateringPlan(), key)).id;
}

describe('commit–reveal', () => {
  it('seal → commitments → reveals → draw: the seed is the hash of the reveals, and anyone can follow it', async () => {
    const id = await draft('seal-all-reveal');
    // Nothing is public before the seal.
    expect(errorCode(await call(system, READ_SEAL, { id }, PUBLIC))).toBe('NOT_FOUND');
    const sealed = (await ok(system, SEAL, { id, rule: { kind: 'COMMIT_REVEAL', revealBy: inSeconds(3600) } })).sealJointPlan;
    expect(sealed).toMatchObject({ sealed: true, seedRule: { kind: 'COMMIT_REVEAL' }, commitments: [], attempts: [{ seq: 1, kind: 'seal', outcome: 'ok' }] });
    expect(sealed.sealSha256).toMatch(/^[0-9a-f]{64}$/);

    // Reveals open only once every unit has committed; a unit speaks only for itself.
    await ok(system, COMMIT, { id, c: sha256(secrets.market) }, department('market'));
    expect(errorCode(await call(system, REVEAL, { id, s: secrets.market }, department('market')))).toBe('SEED_NOT_READY');
    expect(errorCode(await call(system, COMMIT, { id, c: sha256('x') }))).toBe('FORBIDDEN');
    expect(errorCode(await call(system, COMMIT, { id, c: sha256(secrets.market) }, department('market')))).toBe('INVALID_STATE');
    expect(errorCode(await call(system, COMMIT, { id, c: 'not a hash' }, department('fire')))).toBe('BAD_SEED');
    await ok(system, COMMIT, { id, c: sha256(secrets.fire) }, department('fire'));
    await ok(system, COMMIT, { id, c: sha256(secrets.health) }, department('health'));
    // The draw waits for the reveals (a failed attempt, on the record).
    expect(errorCode(await call(system, DRAW, { id }))).toBe('SEED_NOT_READY');
    expect(errorCode(await call(system, REVEAL, { id, s: secrets.fire }, department('market')))).toBe('BAD_REVEAL');
    for (const unit of UNITS) await ok(system, REVEAL, { id, s: secrets[unit] }, department(unit));
    // A sealed plan takes no seed from the caller.
    expect(errorCode(await call(system, DRAW, { id, seed: 'office chosen 1234567890' }))).toBe('BAD_SEED');

    const drawn = (await ok(system, DRAW, { id })).drawJointPlan;
    const expectedSeed = seedFromReveals(sealed.sealSha256, UNITS.map((unitCode) => ({ unitCode, secret: secrets[unitCode] })));
    expect(drawn.plan.draw.seed).toBe(expectedSeed);
    expect(drawn.plan.draw.candidateSha256).toBe(sealed.candidateSha256);
    expect(verifyDrawText(drawn.plan.draw.document).match).toBe(true);

    const record = (await ok(system, READ_SEAL, { id }, PUBLIC)).jointPlanSeal;
    expect(record.commitments.map((c: { unitCode: string; secret: string }) => [c.unitCode, c.secret])).toEqual(UNITS.map((u) => [u, secrets[u]]).sort());
    expect(record.attempts.map((a: { seq: number; kind: string; outcome: string }) => [a.seq, a.kind, a.outcome])).toEqual([
      [1, 'seal', 'ok'],
      [2, 'draw', 'SEED_NOT_READY'],
      [3, 'draw', 'BAD_SEED'],
      [4, 'draw', 'ok'],
    ]);
    expect(JSON.parse(record.attempts[3].detail)).toMatchObject({ seed: expectedSeed, sealSha256: sealed.sealSha256, withheld: [] });
    // Sealing twice, or committing after the draw, is refused.
    expect(errorCode(await call(system, SEAL, { id, rule: { kind: 'COMMIT_REVEAL', revealBy: inSeconds(3600) } }))).toBe('INVALID_STATE');
  });

  it('a unit withholding its reveal is recorded and the published fallback applies after the deadline', async () => {
    const id = await draft('seal-withheld');
    const sealed = (await ok(system, SEAL, { id, rule: { kind: 'COMMIT_REVEAL', revealBy: inSeconds(12) } })).sealJointPlan;
    for (const unit of UNITS) await ok(system, COMMIT, { id, c: sha256(secrets[unit]) }, department(unit));
    await ok(system, REVEAL, { id, s: secrets.market }, department('market'));
    await ok(system, REVEAL, { id, s: secrets.health }, department('health'));
    expect(errorCode(await call(system, DRAW, { id }))).toBe('SEED_NOT_READY');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(sealed.seedRule.revealBy) - Date.now()) + 200));
    expect(errorCode(await call(system, REVEAL, { id, s: secrets.fire }, department('fire')))).toBe('BAD_REVEAL');
    const drawn = (await ok(system, `mutation ($id: ID!) { drawJointPlan(id: $id) { withheld plan { draw { seed } } } }`, { id })).drawJointPlan;
    expect(drawn.withheld).toEqual(['fire']);
    expect(drawn.plan.draw.seed).toBe(seedFromReveals(sealed.sealSha256, [
      { unitCode: 'market', secret: secrets.market },
      { unitCode: 'fire', secret: null },
      { unitCode: 'health', secret: secrets.health },
    ]));
    const record = (await ok(system, READ_SEAL, { id }, PUBLIC)).jointPlanSeal;
    expect(record.commitments.find((c: { unitCode: string }) => c.unitCode === 'fire')).toMatchObject({ secret: null, revealedAt: null });
    expect(JSON.parse(record.attempts.at(-1).detail).withheld).toEqual(['fire']);
  });
});

describe('public source named in advance', () => {
  it('refuses a value before it is available; afterwards only one fitting the committed format', async () => {
    const id = await draft('seal-public');
    const rule = { kind: 'PUBLIC_SOURCE', source: '中国福利彩票双色球 第2026003期 开奖号码', format: 'NN NN NN NN NN NN+NN', availableAfter: inSeconds(10) };
    expect(errorCode(await call(system, SEAL, { id, rule: { ...rule, availableAfter: '2020-01-01T00:00:00Z' } }))).toBe('BAD_INPUT');
    expect(errorCode(await call(system, SEAL, { id, rule: { ...rule, format: 'no placeholders' } }))).toBe('BAD_INPUT');
    const sealed = (await ok(system, SEAL, { id, rule })).sealJointPlan;
    // The two refused seal calls are numbered too (BAD_INPUT never reaches the store: not attempts).
    expect(sealed.attempts.map((a: { kind: string; outcome: string }) => a.outcome)).toEqual(['ok']);
    expect(errorCode(await call(system, PUBLIC_VALUE, { id, v: '03 09 14 21 27 30+08' }))).toBe('SEED_NOT_READY');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(sealed.seedRule.availableAfter) - Date.now()) + 200));
    expect(errorCode(await call(system, PUBLIC_VALUE, { id, v: '03 09 14 21 27 30 08' }))).toBe('BAD_SEED');
    expect(errorCode(await call(system, PUBLIC_VALUE, { id, v: '０3 09 14 21 27 30+08' }))).toBe('BAD_SEED');
    await ok(system, PUBLIC_VALUE, { id, v: '03 09 14 21 27 30+08' });
    expect(errorCode(await call(system, PUBLIC_VALUE, { id, v: '03 09 14 21 27 30+09' }))).toBe('INVALID_STATE');
    const drawn = (await ok(system, DRAW, { id })).drawJointPlan;
    expect(drawn.plan.draw.seed).toBe('03 09 14 21 27 30+08');
  });
});

describe('seeds typed for an unsealed draw', () => {
  it.each([
    ['TOO_SHORT', '7'],
    ['TOO_SHORT', '07-19-23'],
    ['FORBIDDEN_CHARACTER', '07-19-23-31-42\u200b'],
    ['FORBIDDEN_CHARACTER', '\u202e07-19-23-31-42'],
    ['FORBIDDEN_CHARACTER', '\ufeff07-19-23-31-42'],
    ['FORBIDDEN_CHARACTER', '０７-19-23-31-42-55'],
    ['FORBIDDEN_CHARACTER', '07-19-23-31-42\u0085'],
    ['NOT_CANONICAL', ' 07-19-23-31-42'],
    ['NOT_CANONICAL', '07-19  23-31-42'],
  ])('BAD_SEED (%s) for %j, and the attempt is on the record', async (reason, seed) => {
    const id = await draft(`bad-seed-${sha256(seed)}`);
    const answer = await call(system, DRAW, { id, seed });
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'BAD_SEED', reason });
    const record = (await ok(system, READ_SEAL, { id })).jointPlanSeal;
    expect(record.attempts).toMatchObject([{ seq: 1, kind: 'draw', outcome: 'BAD_SEED' }]);
  });
});
