// The tamper-evident record (migration 012, plans/verify-audit.ts, npm run verify-audit): every
// tampering the table owner can do with the triggers disabled is reported with where it is, an
// untouched record verifies, and replicas appending at once never fork the chain. On PGlite and,
// with DATABASE_URL, on real PostgreSQL (tampering through a connection of its own, as the owner).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RiskClass } from '../platforms/data/model';
import { runScript } from './helpers/script';
import { syntheticUscc } from './helpers/uscc';
import { ALGORITHM, VERSION, buildDrawDocument, documentTextWithHead, freezeCandidates, verifyDrawText } from '../subgraphs/joint-office/draw';
import { verifyAuditChain, type AuditVerification, type VerifyAuditOptions } from '../subgraphs/joint-office/plans/verify-audit';
import {
  GENESIS_PREV,
  chainHash,
  createOfficeStore,
  databaseChainSource,
  fileChainSource,
  loadMigrations,
  migrate,
  openDatabase,
  openOfficeStore,
  readChainHead,
  writeAudit,
  writeChainExport,
  withChainSnapshot,
  type ChainRow,
  type OfficeStore,
} from '../subgraphs/joint-office/store';
import { readChainRows } from '../subgraphs/joint-office/store/chain';
import { disposeTestStore, openTestStore, samplePlan, storeBackends, testStoreOptions } from '../subgraphs/joint-office/store/testing';

const DATABASE_URL = process.env.DATABASE_URL;

const makeUscc = (n: number): string => syntheticUscc(n, '440804');
const CLASSES: RiskClass[] = ['A', 'B', 'C', 'D'];
const CANDIDATES = freezeCandidates(Array.from({ length: 40 }, (_, i) => ({ uscc: makeUscc(i * 37 + 5), riskClass: CLASSES[i % 4] })));
const drawDocument = (seed: string) => buildDrawDocument(CANDIDATES, { seed, ratios: { A: 0.25, B: 0.25, C: 0.25, D: 0.25 }, minTargets: null, maxTargets: null });

/** Draws a plan the way the office does (document with the chain head), then publishes it. */
async function drawnPlan(store: OfficeStore, name: string, seed: string): Promise<string> {
  const { plan } = await store.plans.createPlan(samplePlan(name), { actor: 'office', idempotencyKey: name });
  const document = drawDocument(seed);
  const tasks = document.drawn.flatMap((d) => ['market', 'health'].map((unitCode) => ({ unitCode, uscc: d.uscc, items: ['X'], inspectorIds: ['i1', 'i2'], plannedOn: '2025-05-06' })));
  const matching = Object.fromEntries(document.drawn.map((d) => [d.uscc, { market: ['i1', 'i2'], health: ['i1', 'i2'] }]));
  await store.draws.saveDraw(plan.id, { seed, candidatesSha256: document.candidateSha256, algorithm: ALGORITHM, algorithmVersion: String(VERSION), document: documentTextWithHead(document), matching }, tasks, 'office');
  await store.plans.transitionPlan(plan.id, 'drawn', 'published', 'office');
  return plan.id;
}

/** Two published plans, one task dispatched after a failed attempt. */
async function seeded(store: OfficeStore) {
  const first = await drawnPlan(store, 'chain-first', 'first seed 2026-01-02 A1B2C3');
  const second = await drawnPlan(store, 'chain-second', 'second seed 2026-01-03 D4E5F6');
  const [task] = await store.dispatch.listTasks(first);
  await store.dispatch.markFailed(task.taskKey, 'platform down', 'worker');
  await store.dispatch.markCreated(task.taskKey, 'PT-1', 'worker');
  return { first, second, task: task.taskKey };
}

/** The table owner, with a session of their own (PGlite has one session: the store's). */
async function ownerSession(store: OfficeStore) {
  if (store.db.kind === 'pglite') return { sql: <T>(text: string, params: unknown[] = []) => store.db.query<T>(text, params as never[]), close: async () => undefined };
  const client = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${store.db.schema}` });
  await client.connect();
  return { sql: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[], close: () => client.end() };
}
type Owner = Awaited<ReturnType<typeof ownerSession>>;

const TRIGGERS = ['audit_log DISABLE TRIGGER audit_log_no_change', 'audit_log DISABLE TRIGGER audit_log_chain', 'draws DISABLE TRIGGER draws_fixed',
  'draws DISABLE TRIGGER draws_chain', 'plan_tasks DISABLE TRIGGER plan_tasks_fixed', 'plan_tasks DISABLE TRIGGER plan_tasks_chain'];
async function disableTriggers(owner: Owner): Promise<void> {
  for (const statement of TRIGGERS) await owner.sql(`ALTER TABLE ${statement}`);
}

const check = (store: OfficeStore, options?: VerifyAuditOptions) => verifyAuditChain(databaseChainSource(store.db), options);
const seqOf = async (store: OfficeStore, table: string, where: string, params: unknown[]) =>
  Number((await store.db.query<{ seq: string }>(`SELECT chain_seq::text AS seq FROM ${table} WHERE ${where}`, params as never[]))[0].seq);

function expectBreak(result: AuditVerification, want: { seq?: number; table?: string; key?: string; problem: RegExp; expected?: string; actual?: string }) {
  expect(result.ok).toBe(false);
  expect(result.breaks).toContainEqual(expect.objectContaining({ ...want, problem: expect.stringMatching(want.problem) }));
}

/** What a thorough owner does after a rewrite: recompute every hash from `fromSeq` on. */
async function rechain(store: OfficeStore, owner: Owner, fromSeq: number): Promise<void> {
  const rows: ChainRow[] = [];
  for await (const row of readChainRows(store.db)) rows.push(row);
  let prev = GENESIS_PREV;
  for (const row of rows) {
    if (row.seq! >= fromSeq) {
      const hash = chainHash({ seq: row.seq!, prev, at: row.at!, table: row.table, fields: row.fields });
      const key = row.table === 'audit_log' ? 'id' : row.table === 'draws' ? 'plan_id' : 'task_key';
      await owner.sql(`UPDATE ${row.table} SET chain_prev = $1, chain_hash = $2 WHERE ${key}::text = $3`, [prev, hash, row.key]);
      prev = hash;
    } else prev = row.hash!;
  }
}

describe.each(storeBackends())('tamper-evident record (%s)', (backend) => {
  let store: OfficeStore;
  let owner: Owner;
  let ids: Awaited<ReturnType<typeof seeded>>;
  beforeAll(async () => {
    store = await openTestStore(backend);
    ids = await seeded(store);
    owner = await ownerSession(store);
  });
  afterAll(async () => {
    await owner?.close();
    if (store) await disposeTestStore(store);
  });
  it('an untouched record verifies: one chain 1..n over the three tables, both documents anchored', async () => {
    const result = await check(store);
    expect(result.breaks).toEqual([]);
    const [counts] = await store.db.query<{ n: number }>('SELECT ((SELECT count(*) FROM audit_log) + (SELECT count(*) FROM draws) + (SELECT count(*) FROM plan_tasks))::integer AS n');
    expect(result).toMatchObject({ ok: true, rows: counts.n, documents: 2, anchors: 2, startedAt: 1, head: { seq: counts.n } });
    expect(await readChainHead(store.db)).toEqual(result.head);
    // A draw's document names the row before its draw row.
    const drawSeq = await seqOf(store, 'draws', 'plan_id = $1', [ids.second]);
    const text = (await store.draws.getDrawDocument(ids.second))!;
    expect(JSON.parse(text).chainHead.seq).toBe(drawSeq - 1);
    expect(verifyDrawText(text)).toEqual({ match: true, problems: [] });
  });

  it('refuses changes to draws and task assignments while the triggers are on; dispatch bookkeeping may change', async () => {
    for (const statement of [`UPDATE draws SET seed = 'x'`, 'DELETE FROM draws', `UPDATE plan_tasks SET inspector_ids = '["x"]'`, 'DELETE FROM plan_tasks', 'TRUNCATE plan_tasks']) {
      const error = await store.db.query(statement).then(() => null, (e: { code?: string }) => e);
      expect(error?.code, statement).toBe('AO001');
    }
    expect((await store.dispatch.getTask(ids.task))?.platformTaskId).toBe('PT-1');
  });

  it('an insert with a back-dated time gets the time it is chained', async () => {
    const before = new Date().toISOString();
    await owner.sql(`INSERT INTO audit_log (at, actor, action, entity, entity_id) VALUES ('2020-01-01T00:00:00Z', 'mallory', 'plan.created', 'plan', 'JP-old')`);
    const [row] = await store.auditTrail('plan', 'JP-old');
    expect(row.at >= before.slice(0, 19)).toBe(true);
    expect((await check(store)).ok).toBe(true);
  });

  it('an export file verifies the same as the database, with no database', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'audit-chain-'));
    try {
      const file = join(folder, 'record.ndjson');
      const counts = await writeChainExport(databaseChainSource(store.db), file);
      expect(counts.documents).toBe(2);
      const fromFile = await verifyAuditChain(fileChainSource(file));
      expect(fromFile).toEqual(await check(store));
      writeFileSync(join(folder, 'bad.ndjson'), '{"kind":"row"}\n');
      await expect(verifyAuditChain(fileChainSource(join(folder, 'bad.ndjson')))).rejects.toThrow(/line 1 is not the header/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a rolled-back savepoint leaves no hole in the chain', async () => {
    await store.db.transaction(async (tx) => {
      await writeAudit(tx, { actor: 'office', action: 'test.one', entity: 'test', entityId: 'sp', before: null, after: null });
      await tx.transaction(async (inner) => {
        await writeAudit(inner, { actor: 'office', action: 'test.rolled-back', entity: 'test', entityId: 'sp', before: null, after: null });
        throw new Error('roll back the savepoint');
      }).catch(() => undefined);
      await writeAudit(tx, { actor: 'office', action: 'test.two', entity: 'test', entityId: 'sp', before: null, after: null });
    });
    expect((await store.auditTrail('test', 'sp')).map((e) => e.action)).toEqual(['test.one', 'test.two']);
    expect((await check(store)).breaks).toEqual([]);
  });
});

// Tampering: one fresh store per case, on real PostgreSQL when DATABASE_URL is set (the chain's SQL
// is the same on PGlite, which the basics above cover).
const TAMPER_BACKEND = DATABASE_URL ? 'postgres' : 'pglite';
describe(`tampering with the record as the table owner (${TAMPER_BACKEND})`, () => {
  const backend = TAMPER_BACKEND;
  const fresh = async () => {
    const other = await openTestStore(backend);
    return { store: other, ids: await seeded(other), owner: await ownerSession(other) };
  };
  const dispose = async (t: { store: OfficeStore; owner: Owner }) => {
    await t.owner.close();
    await disposeTestStore(t.store);
  };

  it('rewriting a seed is reported at the draw row and at its audit row', async () => {
    const t = await fresh();
    await disableTriggers(t.owner);
    await t.owner.sql(`UPDATE draws SET seed = 'mallory seed 2026' WHERE plan_id = $1`, [t.ids.first]);
    await t.owner.sql(`UPDATE audit_log SET after = jsonb_set(after, '{seed}', '"mallory seed 2026"') WHERE action = 'draw.saved' AND entity_id = $1`, [t.ids.first]);
    const result = await check(t.store);
    const drawSeq = await seqOf(t.store, 'draws', 'plan_id = $1', [t.ids.first]);
    const auditSeq = await seqOf(t.store, 'audit_log', `action = 'draw.saved' AND entity_id = $1`, [t.ids.first]);
    expectBreak(result, { seq: drawSeq, table: 'draws', key: t.ids.first, problem: /row changed since it was chained/ });
    expectBreak(result, { seq: auditSeq, table: 'audit_log', problem: /row changed since it was chained/ });
    expect(result.breaks).toHaveLength(2);
    await dispose(t);
  });

  it('deleting an audit row is reported at the row after the gap; deleting the last one, against a head noted before', async () => {
    const t = await fresh();
    const deleted = await seqOf(t.store, 'audit_log', `action = 'plan.transition' AND entity_id = $1 AND after->>'state' = 'published'`, [t.ids.first]);
    const noted = (await readChainHead(t.store.db))!;
    await disableTriggers(t.owner);
    await t.owner.sql('DELETE FROM audit_log WHERE chain_seq = $1', [deleted]);
    const result = await check(t.store);
    expectBreak(result, { seq: deleted + 1, problem: /rows missing from the chain before this one \(1\)/, expected: `seq ${deleted}`, actual: `seq ${deleted + 1}` });
    expect(result.breaks).toHaveLength(1);

    await t.owner.sql('DELETE FROM audit_log WHERE chain_seq = $1', [noted.seq]);
    expectBreak(await check(t.store, { heads: [noted] }), { seq: noted.seq, problem: /a published chain head is beyond the end of the chain/ });
    await dispose(t);
  });

  it('a back-dated row appended with a correct hash is reported as back-dated; one slipped in the middle as a reused number', async () => {
    const t = await fresh();
    const head = (await readChainHead(t.store.db))!;
    await disableTriggers(t.owner);
    const past = '2025-01-02T03:04:05.000000Z';
    await t.owner.sql(
      `INSERT INTO audit_log (id, at, actor, action, entity, entity_id, after, chain_seq, chain_at, chain_prev, chain_hash)
       OVERRIDING SYSTEM VALUE SELECT max(id) + 1, $1, 'mallory', 'plan.transition', 'plan', $2, '{"state": "withdrawn"}', $3, $1, $4, 'x' FROM audit_log`,
      [past, t.ids.first, head.seq + 1, head.sha256],
    );
    await rechain(t.store, t.owner, head.seq + 1); // the hash the chain rule gives: only the time betrays it
    const result = await check(t.store);
    expectBreak(result, { seq: head.seq + 1, table: 'audit_log', problem: /back-dated/, actual: past });
    expect(result.breaks.every((b) => b.seq === head.seq + 1)).toBe(true);

    await t.owner.sql(
      `INSERT INTO audit_log (id, actor, action, entity, entity_id, chain_seq, chain_at, chain_prev, chain_hash)
       OVERRIDING SYSTEM VALUE SELECT max(id) + 1, 'mallory', 'x', 'plan', 'p', 3, $1, $2, $2 FROM audit_log`,
      [past, GENESIS_PREV],
    );
    expectBreak(await check(t.store), { seq: 3, problem: /chain number used twice/ });
    await dispose(t);
  });

  it('editing a draw row is reported at it', async () => {
    const t = await fresh();
    await disableTriggers(t.owner);
    await t.owner.sql(`UPDATE draws SET matching = '{}' WHERE plan_id = $1`, [t.ids.second]);
    const seq = await seqOf(t.store, 'draws', 'plan_id = $1', [t.ids.second]);
    const result = await check(t.store);
    expectBreak(result, { seq, table: 'draws', key: t.ids.second, problem: /row changed/ });
    expect(result.breaks).toHaveLength(1);
    await dispose(t);
  });

  it('editing a task assignment, or its dispatch state, is reported at the task', async () => {
    const t = await fresh();
    const [victim] = (await t.store.dispatch.listTasks(t.ids.second)).slice(-1);
    await disableTriggers(t.owner);
    await t.owner.sql(`UPDATE plan_tasks SET inspector_ids = '["mallory", "i2"]' WHERE task_key = $1`, [victim.taskKey]);
    await t.owner.sql(`UPDATE plan_tasks SET attempts = 1 WHERE task_key = $1`, [t.ids.task]);
    const result = await check(t.store);
    const seq = await seqOf(t.store, 'plan_tasks', 'task_key = $1', [victim.taskKey]);
    expectBreak(result, { seq, table: 'plan_tasks', key: victim.taskKey, problem: /row changed/ });
    expectBreak(result, { table: 'plan_tasks', key: t.ids.task, problem: /dispatch state differs/, expected: 'created/PT-1/2', actual: 'created/PT-1/1' });
    expect(result.breaks).toHaveLength(2);
    await dispose(t);
  });

  it('a forged but self-consistent re-draw in place of a stored document is reported, even after the whole chain is recomputed', async () => {
    const t = await fresh();
    const original = (await t.store.draws.getDrawDocument(t.ids.first))!;
    const noted = (await readChainHead(t.store.db))!; // e.g. read from jointPlanSeal { chainHead } by a journalist
    const head = JSON.parse(original).chainHead;
    const forged = documentTextWithHead(drawDocument('mallory seed 2026-02-02'))(head);
    expect(verifyDrawText(forged).match).toBe(true);
    const drawSeq = await seqOf(t.store, 'draws', 'plan_id = $1', [t.ids.first]);
    await disableTriggers(t.owner);
    const forge = (text: string, planId: string, seed?: string) =>
      t.owner.sql(`UPDATE draws SET document = $1, document_sha256 = encode(sha256(convert_to($1, 'UTF8')), 'hex'), seed = coalesce($3, seed) WHERE plan_id = $2`, [text, planId, seed ?? null]);

    // 1. The document and its row replaced: the row no longer has the hash it was chained with.
    await forge(forged, t.ids.first, 'mallory seed 2026-02-02');
    expectBreak(await check(t.store), { seq: drawSeq, table: 'draws', key: t.ids.first, problem: /row changed/ });

    // 2. Every later hash recomputed too: the later draw's document still names the true history.
    await rechain(t.store, t.owner, drawSeq);
    const secondSeq = await seqOf(t.store, 'draws', 'plan_id = $1', [t.ids.second]);
    const rewritten = await check(t.store);
    expectBreak(rewritten, { seq: secondSeq - 1, table: 'draws', key: t.ids.second, problem: /chain head in the stored draw document of .* does not match the chain/ });

    // 3. That document rewritten as well: the database alone is consistent again, but what was
    //    published is not — the saved copy of the first document, and the noted head.
    const second = JSON.parse((await t.store.draws.getDrawDocument(t.ids.second))!);
    const [prior] = await t.owner.sql<{ hash: string }>('SELECT chain_hash AS hash FROM audit_log WHERE chain_seq = $1', [second.chainHead.seq]);
    await forge(JSON.stringify({ ...second, chainHead: { seq: second.chainHead.seq, sha256: prior.hash } }), t.ids.second);
    await rechain(t.store, t.owner, secondSeq);
    expect((await check(t.store)).ok).toBe(true);
    const published = await check(t.store, { published: [{ name: 'first.json', text: original }], heads: [noted] });
    expectBreak(published, { seq: drawSeq, table: 'draws', key: t.ids.first, problem: /published document first\.json differs from the stored draw/ });
    expectBreak(published, { seq: noted.seq, problem: /a published chain head does not match the chain/, expected: noted.sha256 });
    await dispose(t);
  });

  it('chains the rows that existed before migration 012 and starts checking times from its chain.started row', async () => {
    const options = testStoreOptions(backend);
    const db = await openDatabase(options);
    const all = await loadMigrations();
    const old = createOfficeStore(db, await migrate(db, all.filter((m) => m.version < 12)));
    // What the office wrote before the chain: a plan, its draw (a document without chain head), a task.
    const { plan } = await old.plans.createPlan(samplePlan('before the chain'), { actor: 'office', idempotencyKey: 'old' });
    const text = JSON.stringify(drawDocument('old seed 12345678'));
    await db.query(
      `INSERT INTO draws (plan_id, seed, candidates_sha256, algorithm, algorithm_version, document, document_sha256, matching, drawn_by)
       VALUES ($1, 'old seed 12345678', $2, $3, '1', $4, encode(sha256(convert_to($4, 'UTF8')), 'hex'), '{}', 'office')`,
      [plan.id, 'a'.repeat(64), ALGORITHM, text],
    );
    await db.query(`INSERT INTO plan_tasks (task_key, plan_id, unit_code, uscc, items, inspector_ids, planned_on) VALUES ($1, $2, 'market', 'U1', '["X"]', '["a", "b"]', '2025-05-06')`, [`${plan.id}/market/U1`, plan.id]);
    await writeAudit(db, { actor: 'office', action: 'draw.saved', entity: 'draw', entityId: plan.id, before: null, after: { seed: 'old seed 12345678' } });
    const report = await migrate(db, all);
    expect(report.applied).toContain('012_audit_chain');
    const migrated = createOfficeStore(db, report);
    await drawnPlan(migrated, 'after the chain', 'after seed 2026-04-04 QQQ');
    const result = await check(migrated);
    expect(result.breaks).toEqual([]);
    // plan.created and draw.saved, the draw, its task: four rows chained by the migration.
    expect(result.startedAt).toBe(5);
    expect(result.documents).toBe(2);
    expect(result.anchors).toBe(1); // the old document has no chain head, and needs none
    await disposeTestStore(migrated);
  });

});

describe.skipIf(!DATABASE_URL)('two office replicas appending at once (PostgreSQL)', () => {
  let a: OfficeStore;
  let b: OfficeStore;
  beforeAll(async () => {
    a = await openTestStore('postgres');
    b = await openOfficeStore({ backend: 'postgres', databaseUrl: DATABASE_URL, schema: a.db.schema });
  });
  afterAll(async () => {
    await b?.close();
    if (a) await disposeTestStore(a);
  });

  it('never forks the chain: every row numbered once, a draw and its tasks contiguous', async () => {
    const writes = (store: OfficeStore, name: string) =>
      Array.from({ length: 15 }, (_, i) =>
        store.db.transaction(async (tx) => {
          for (let j = 0; j < 3; j++) await writeAudit(tx, { actor: name, action: 'test.write', entity: 'test', entityId: `${name}-${i}-${j}`, before: null, after: { i, j } });
        }),
      );
    const { plan } = await a.plans.createPlan(samplePlan('concurrent draw'), { actor: 'a', idempotencyKey: 'concurrent' });
    const document = drawDocument('concurrent seed 2026 XYZ');
    const tasks = Array.from({ length: 400 }, (_, i) => ({ unitCode: i % 2 ? 'market' : 'health', uscc: `U${i >> 1}`, items: ['X'], inspectorIds: ['a', 'b'], plannedOn: '2025-05-06' }));
    const settled = await Promise.all([
      ...writes(a, 'replica-a'),
      ...writes(b, 'replica-b'),
      a.draws.saveDraw(plan.id, { seed: document.seed, candidatesSha256: document.candidateSha256, algorithm: ALGORITHM, algorithmVersion: '1', document: documentTextWithHead(document), matching: {} }, tasks, 'a'),
      // A verification while both write: one snapshot, so nothing is half seen.
      withChainSnapshot(b.db, (source) => verifyAuditChain(source)),
      ...writes(b, 'replica-b2'),
    ]);
    expect((settled[31] as AuditVerification).breaks).toEqual([]);
    const result = await verifyAuditChain(databaseChainSource(b.db));
    expect(result.breaks).toEqual([]);
    const [{ n }] = await a.db.query<{ n: number }>('SELECT ((SELECT count(*) FROM audit_log) + (SELECT count(*) FROM draws) + (SELECT count(*) FROM plan_tasks))::integer AS n');
    expect(result.head?.seq).toBe(n);
    const actors = await a.db.query<{ actor: string }>(`SELECT DISTINCT actor FROM audit_log WHERE action = 'test.write'`);
    expect(actors.map((r) => r.actor).sort()).toEqual(['replica-a', 'replica-b', 'replica-b2']);
    const drawSeq = await seqOf(a, 'draws', 'plan_id = $1', [plan.id]);
    const [span] = await a.db.query<{ lo: string; hi: string }>('SELECT min(chain_seq)::text AS lo, max(chain_seq)::text AS hi FROM plan_tasks WHERE plan_id = $1', [plan.id]);
    expect([Number(span.lo), Number(span.hi)]).toEqual([drawSeq + 1, drawSeq + 400]);
  });
});

describe.skipIf(!DATABASE_URL)('npm run verify-audit (PostgreSQL)', () => {
  let store: OfficeStore;
  let folder = '';
  const run = (...args: string[]) => runScript('verify-audit', args, { DATABASE_URL: '' }).then(({ code, out }) => ({ code, stdout: out }));
  beforeAll(async () => {
    store = await openTestStore('postgres');
    await seeded(store);
    folder = mkdtempSync(join(tmpdir(), 'verify-audit-'));
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    if (store) await disposeTestStore(store);
  });

  it('prints OK for an untouched database and its export, each break of a tampered one, and refuses bad input', async () => {
    const schema = store.db.schema;
    const ok = await run(DATABASE_URL!, '--schema', schema);
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK: \d+ rows, 2 stored documents, 2 chain heads checked; head seq \d+ [0-9a-f]{64}/) });
    const file = join(folder, 'record.ndjson');
    expect((await run(DATABASE_URL!, '--schema', schema, '--export', file)).stdout).toMatch(/^EXPORTED: \d+ rows, 2 documents, \d+ tasks/);
    expect((await run(file)).stdout).toBe(ok.stdout);

    const owner = await ownerSession(store);
    const [task] = await store.dispatch.listTasks((await store.plans.listPlans())[1].id);
    await owner.sql('ALTER TABLE plan_tasks DISABLE TRIGGER plan_tasks_fixed');
    await owner.sql(`UPDATE plan_tasks SET planned_on = '2025-05-07' WHERE task_key = $1`, [task.taskKey]);
    await owner.close();
    const seq = await seqOf(store, 'plan_tasks', 'task_key = $1', [task.taskKey]);
    const broken = await run(DATABASE_URL!, '--schema', schema);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^BROKEN: 1 break\(s\)/);
    expect(broken.stdout).toContain(`  seq ${seq} plan_tasks ${task.taskKey}: row changed since it was chained`);

    expect((await run(DATABASE_URL!, '--schema', schema, '--head', 'nonsense')).code).toBe(2);
    expect((await run()).code).toBe(2);
  }, 120_000); // it runs the verify-audit command six times, each a process of its own
});
