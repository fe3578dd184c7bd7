// The tamper-evident record through the gateway: the chain head for anyone (in the seal record,
// in each draw document), verifyAudit for the office only, and a tampered draw reported there.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './helpers/system';
import { call, errorCode, ok, publishedPlan } from './helpers/joint-plans';

const HEAD = `{ seq sha256 at }`;
const VERIFY = `query ($documents: [String!], $heads: [AuditChainHeadInput!]) {
  verifyAudit(documents: $documents, heads: $heads) { ok rows documents anchors unlisted head ${HEAD} breaks { seq table key problem expected actual } } }`;

let system: TestSystem;
let plan: { id: string; draw: any };
beforeAll(async () => {
  system = await startTestSystem();
  plan = await publishedPlan(system, 'chain-graph', 'chained 2026-01-02: 27 18 28 18 28');
});
afterAll(() => system?.close());

describe('the chain head in the graph', () => {
  it('anyone reads the head now, in the seal record, and the one the draw document carries', async () => {
    const publicRole = { kind: 'public' } as const;
    const data = await ok(system, `query ($id: ID!) { auditChainHead ${HEAD} jointPlanSeal(id: $id) { chainHead ${HEAD} }
      jointPlan(id: $id) { draw { document chainHead { seq sha256 } } } }`, { id: plan.id }, publicRole);
    const { document, chainHead } = data.jointPlan.draw;
    expect(JSON.parse(document).chainHead).toEqual(chainHead);
    expect(chainHead.sha256).toMatch(/^[0-9a-f]{64}$/);
    // After the document's head: its draw row, its tasks, its audit rows, the publication.
    expect(data.auditChainHead.seq).toBeGreaterThan(chainHead.seq + 1);
    expect(data.jointPlanSeal.chainHead).toMatchObject({ seq: data.auditChainHead.seq, sha256: data.auditChainHead.sha256 });
    expect(data.auditChainHead.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });
});

describe('verifyAudit', () => {
  it('is the office\'s: FORBIDDEN to a unit and to the public; bad anchors are BAD_INPUT', async () => {
    for (const role of [{ kind: 'department', unitCode: 'market' }, { kind: 'public' }] as const) {
      const answer = await call(system, VERIFY, {}, role);
      expect(errorCode(answer)).toBe('FORBIDDEN');
      expect(answer.data?.verifyAudit ?? null).toBeNull();
    }
    expect(errorCode(await call(system, VERIFY, { heads: [{ seq: 3, sha256: 'not a hash' }] }))).toBe('BAD_INPUT');
    expect(errorCode(await call(system, VERIFY, { heads: [{ seq: -1, sha256: '0'.repeat(64) }] }))).toBe('BAD_INPUT');
  });

  it('verifies the untouched record with the published document and head, then reports a tampered draw where it is', async () => {
    const published = plan.draw.plan.draw.document as string;
    const { auditChainHead: noted } = await ok(system, `{ auditChainHead { seq sha256 } }`, {});
    const clean = (await ok(system, VERIFY, { documents: [published], heads: [noted] })).verifyAudit;
    expect(clean).toMatchObject({ ok: true, breaks: [], unlisted: 0 });
    expect(clean.documents).toBeGreaterThanOrEqual(1);
    expect(clean.anchors).toBe(clean.documents + 2);
    expect(clean.head.seq).toBeGreaterThanOrEqual(noted.seq);

    // The table owner rewrites the seed of the stored draw, the trigger disabled.
    const store = system.officeStore;
    const tamper = async (sql: string) => {
      if (store.db.kind === 'pglite') return void (await store.db.exec(sql));
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL, options: `-c search_path=${store.db.schema}` });
      await client.connect();
      await client.query(sql).finally(() => client.end());
    };
    await tamper(`ALTER TABLE draws DISABLE TRIGGER draws_fixed; UPDATE draws SET seed = 'mallory 2026-01-02 99' WHERE plan_id = '${plan.id}'`);
    const [{ seq }] = await store.db.query<{ seq: string }>('SELECT chain_seq::text AS seq FROM draws WHERE plan_id = $1', [plan.id]);
    const broken = (await ok(system, VERIFY, {})).verifyAudit;
    expect(broken.ok).toBe(false);
    expect(broken.breaks).toEqual([expect.objectContaining({ seq: Number(seq), table: 'draws', key: plan.id, problem: expect.stringMatching(/row changed since it was chained/) })]);
  });
});
