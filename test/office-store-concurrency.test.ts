// Concurrent callers of the joint-office store, and restarts: on PGlite (one session, serialised
// by a queue) and on real PostgreSQL when DATABASE_URL is set (transactions on pooled connections).
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openOfficeStore,
  StoreError,
  taskKeyOf,
  writeAudit,
  type OfficeStore,
  type OpenDatabaseOptions,
} from '../subgraphs/joint-office/store';
import {
  disposeTestStore,
  dropTestSchema,
  openTestStore,
  sampleDraw,
  samplePlan,
  sampleTasks,
  storeBackends,
  testStoreOptions,
} from '../subgraphs/joint-office/store/testing';

// Every migration file of the folder, in order: each must be applied, once.
const MIGRATIONS = readdirSync(new URL('../subgraphs/joint-office/store/migrations/', import.meta.url)).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort().map((f) => f.slice(0, -4));

const DATABASE_URL = process.env.DATABASE_URL;
const BACKENDS = storeBackends();

const plan = samplePlan;
const DRAW = sampleDraw('7');

const tasks = (marker: string) =>
  ['market', 'health'].map((unitCode) => ({ unitCode, uscc: `U-${marker}`, items: ['X'], inspectorIds: ['a', 'b'], plannedOn: '2025-05-01' }));

function settledCodes(results: PromiseSettledResult<unknown>[]): string[] {
  return results.filter((r) => r.status === 'rejected').map((r) => ((r as PromiseRejectedResult).reason as StoreError).code);
}

describe.each(BACKENDS)('office store under concurrency (%s)', (backend) => {
  let store: OfficeStore;
  beforeAll(async () => {
    store = await openTestStore(backend);
  });
  afterAll(async () => {
    if (store) await disposeTestStore(store);
  });

  it('creates every plan of concurrent composes with different keys', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.plans.createPlan(plan(`many-${i}`), { actor: `u${i}`, idempotencyKey: `many-${i}` })),
    );
    expect(new Set(results.map((r) => r.plan.id)).size).toBe(8);
    expect(results.every((r) => r.created)).toBe(true);
    const stored = (await store.plans.listPlans({ year: 2025 })).filter((p) => p.title.startsWith('many-'));
    expect(stored.map((p) => p.title).sort()).toEqual(results.map((r) => r.plan.title).sort());
    for (const r of results) expect(await store.auditTrail('plan', r.plan.id)).toHaveLength(1);
  });

  it('gives one plan to concurrent composes with the same key; a different request under it conflicts', async () => {
    const results = await Promise.allSettled([
      ...Array.from({ length: 5 }, () => store.plans.createPlan(plan('same'), { actor: 'office', idempotencyKey: 'same-key' })),
      store.plans.createPlan(plan('same', 3), { actor: 'office', idempotencyKey: 'same-key' }),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
    expect(new Set(ok.map((r) => r.plan.id)).size).toBe(1);
    expect(ok.filter((r) => r.created)).toHaveLength(1);
    // Whichever request won the key, exactly the other kind is refused.
    const winnerIsThree = (await store.plans.getPlan(ok[0].plan.id))!.definition.inspectorsPerUnit === 3;
    expect(settledCodes(results)).toEqual(Array(winnerIsThree ? 5 : 1).fill('IDEMPOTENCY_CONFLICT'));
    expect((await store.plans.listPlans()).filter((p) => p.title === 'same')).toHaveLength(1);
  });

  it('lets exactly one of two concurrent transitions of a plan win', async () => {
    const { plan: created } = await store.plans.createPlan(plan('race'), { actor: 'office', idempotencyKey: 'race' });
    await store.draws.saveDraw(created.id, DRAW, tasks('race'), 'office');
    const results = await Promise.allSettled([
      store.plans.transitionPlan(created.id, 'drawn', 'published', 'alice'),
      store.plans.transitionPlan(created.id, 'drawn', 'published', 'bob'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(['CONCURRENT_UPDATE', 'INVALID_STATE']).toContain(settledCodes(results)[0]);
    expect(await store.plans.getPlan(created.id)).toMatchObject({ state: 'published', version: 3 });
    const transitions = (await store.auditTrail('plan', created.id)).filter((e) => e.action === 'plan.transition');
    expect(transitions).toHaveLength(2); // draft → drawn, then one drawn → published
  });

  it('saves one draw when two draws of the same plan race', async () => {
    const { plan: created } = await store.plans.createPlan(plan('draw-race'), { actor: 'office', idempotencyKey: 'draw-race' });
    const results = await Promise.allSettled([
      store.draws.saveDraw(created.id, { ...DRAW, seed: 'one' }, tasks('one'), 'alice'),
      store.draws.saveDraw(created.id, { ...DRAW, seed: 'two' }, tasks('two'), 'bob'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(['CONCURRENT_UPDATE', 'INVALID_STATE']).toContain(settledCodes(results)[0]);
    const draw = await store.draws.getDraw(created.id);
    const stored = await store.dispatch.listTasks(created.id);
    expect(stored.map((t) => t.uscc)).toEqual([`U-${draw!.seed}`, `U-${draw!.seed}`]);
  });

  it('records a task created once when dispatchers race', async () => {
    const { plan: created } = await store.plans.createPlan(plan('dispatch-race'), { actor: 'office', idempotencyKey: 'dispatch-race' });
    await store.draws.saveDraw(created.id, DRAW, tasks('d'), 'office');
    const key = taskKeyOf(created.id, 'market', 'U-d');
    const same = await Promise.allSettled([1, 2, 3].map(() => store.dispatch.markCreated(key, 'P-1', 'dispatcher')));
    expect(same.every((r) => r.status === 'fulfilled')).toBe(true);
    const other = taskKeyOf(created.id, 'health', 'U-d');
    const different = await Promise.allSettled([store.dispatch.markCreated(other, 'P-2', 'a'), store.dispatch.markCreated(other, 'P-3', 'b')]);
    expect(settledCodes(different)).toEqual(['TASK_ALREADY_CREATED']);
    expect((await store.auditTrail('task', key)).map((e) => e.action)).toEqual(['task.created']);
    expect(await store.auditTrail('task', other)).toHaveLength(1);
  });

  it('never runs another caller inside an open transaction (its work survives that rollback)', async () => {
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    const failing = store.db.transaction(async (tx) => {
      await writeAudit(tx, { actor: 'ghost', action: 'test.rolled_back', entity: 'test', entityId: 'tx', before: null, after: null });
      opened();
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('abort on purpose');
    });
    await isOpen;
    const outsideRow = writeAudit(store.db, { actor: 'office', action: 'test.kept', entity: 'test', entityId: 'outside', before: null, after: 1 });
    const outside = store.plans.createPlan(plan('outside'), { actor: 'office', idempotencyKey: 'outside' });
    await expect(failing).rejects.toThrow('abort on purpose');
    await outsideRow;
    const { plan: created } = await outside;
    expect((await store.auditTrail('test', 'outside')).map((e) => e.after)).toEqual([1]);
    expect(await store.plans.getPlan(created.id)).not.toBeNull();
    expect(await store.auditTrail('test', 'tx')).toHaveLength(0);
    expect(await store.auditTrail('plan', created.id)).toHaveLength(1);
  });
});

describe.runIf(DATABASE_URL)('overlapping transactions on real PostgreSQL', () => {
  let store: OfficeStore;
  beforeAll(async () => {
    store = await openTestStore('postgres');
  });
  afterAll(async () => {
    if (store) await disposeTestStore(store);
  });

  it('refuses the transition that read the plan before the other one committed (CONCURRENT_UPDATE)', async () => {
    const { plan: created } = await store.plans.createPlan(plan('overlap'), { actor: 'office', idempotencyKey: 'overlap' });
    await store.draws.saveDraw(created.id, DRAW, tasks('o'), 'office');
    // A third transaction holds the row: both transitions read the plan, then queue on the lock.
    let release!: () => void;
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const blocker = store.db.transaction(async (tx) => {
      await tx.query('SELECT id FROM joint_plans WHERE id = $1 FOR UPDATE', [created.id]);
      locked();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await isLocked;
    const racing = Promise.allSettled([
      store.plans.transitionPlan(created.id, 'drawn', 'published', 'alice'),
      store.plans.transitionPlan(created.id, 'drawn', 'published', 'bob'),
    ]);
    for (let waited = 0; waited < 3000; waited += 25) {
      const [{ n }] = await store.db.query<{ n: number }>(
        `SELECT count(*)::integer AS n FROM pg_stat_activity
          WHERE wait_event_type = 'Lock' AND query LIKE '%UPDATE joint_plans%' AND query LIKE '%version = $4%'`,
      );
      if (n >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    release();
    await blocker;
    const results = await racing;
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(settledCodes(results)).toEqual(['CONCURRENT_UPDATE']);
    expect(await store.plans.getPlan(created.id)).toMatchObject({ state: 'published', version: 3 });
  });
});

describe.runIf(DATABASE_URL)('migrations of two processes starting at once (postgres)', () => {
  it('applies each migration exactly once', async () => {
    const options = testStoreOptions('postgres');
    const opened = await Promise.allSettled([openOfficeStore(options), openOfficeStore(options)]);
    const stores = opened.filter((r) => r.status === 'fulfilled').map((r) => r.value);
    try {
      expect(stores).toHaveLength(2);
      const applied = stores.flatMap((s) => s.migrations.applied).sort();
      expect(applied).toEqual(MIGRATIONS);
      const rows = await stores[0].db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((name) => Number(name.slice(0, 3))));
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await dropTestSchema(options.schema);
    }
  });
});

describe.each(BACKENDS)('nothing is lost on restart (%s)', (backend) => {
  let dataDir: string | undefined;
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('finds plans, draws, tasks and audit rows again after closing and reopening', async () => {
    if (backend === 'pglite') dataDir = await mkdtemp(join(tmpdir(), 'joint-office-'));
    const options: OpenDatabaseOptions = backend === 'pglite' ? { backend, dataDir } : testStoreOptions(backend);
    const first = await openOfficeStore(options);
    const { plan } = await first.plans.createPlan(samplePlan('restart'), { actor: 'office', idempotencyKey: 'k-restart' });
    await first.draws.saveDraw(plan.id, sampleDraw(), sampleTasks(3), 'office');
    await first.dispatch.markCreated(taskKeyOf(plan.id, 'market', 'U000000'), 'MKT-77', 'dispatcher');
    await first.close();

    const second = await openOfficeStore(options);
    try {
      expect(second.migrations.applied).toEqual([]);
      expect(await second.plans.getPlan(plan.id)).toMatchObject({ id: plan.id, state: 'drawn', version: 2, definition: plan.definition });
      expect(await second.draws.getDraw(plan.id)).toMatchObject({ seed: sampleDraw().seed, matching: sampleDraw().matching });
      expect(await second.draws.getDrawDocument(plan.id)).toBe(JSON.stringify(sampleDraw().document));
      expect((await second.dispatch.tasksWaiting(plan.id)).map((t) => t.uscc)).toEqual(['U000000', 'U000001']);
      expect((await second.auditTrail('plan', plan.id)).length).toBe(2);
      const again = await second.plans.createPlan(samplePlan('restart'), { actor: 'office', idempotencyKey: 'k-restart' });
      expect(again).toMatchObject({ created: false, plan: { id: plan.id } });
    } finally {
      await disposeTestStore(second);
    }
  }, 90_000); // two PGlite start-ups on a file data dir: slow on a busy 2-core machine
});
