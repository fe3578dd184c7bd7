// The joint-office store, run against embedded PGlite always and real PostgreSQL when
// DATABASE_URL is set (each run in its own throwaway schema).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadMigrations,
  migrate,
  StoreError,
  taskKeyOf,
  type NewJointPlan,
  type OfficeStore,
} from '../subgraphs/joint-office/store';
import {
  disposeTestStore,
  openTestStore,
  sampleDraw,
  samplePlan,
  sampleTasks,
  storeBackends,
} from '../subgraphs/joint-office/store/testing';

const BACKENDS = storeBackends();

/** The StoreError code a promise rejects with. */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(StoreError);
  return (error as StoreError).code;
}

const planInput = samplePlan;
const DRAW = sampleDraw();
const tasksFor = sampleTasks;

describe.each(BACKENDS)('office store on %s', (backend) => {
  let store: OfficeStore;
  beforeAll(async () => {
    store = await openTestStore(backend);
  });
  afterAll(async () => {
    if (store) await disposeTestStore(store);
  });

  it('applies the migrations once; running them again is a no-op', async () => {
    expect(store.db.kind).toBe(backend);
    expect(store.migrations.applied).toEqual(['001_joint_plans', '002_audit_log', '003_catalogue_and_merges', '004_visit_index', '011_visit_index_replicas']);
    const again = await migrate(store.db);
    expect(again).toEqual({ applied: [], alreadyApplied: store.migrations.applied });
    const rows = await store.db.query<{ n: number }>('SELECT count(*)::integer AS n FROM schema_migrations');
    expect(rows[0].n).toBe(5);
  });

  it('refuses a migration edited after it was applied', async () => {
    const edited = (await loadMigrations()).map((m) => (m.version === 2 ? { ...m, sha256: 'f'.repeat(64) } : m));
    expect(await codeOf(migrate(store.db, edited))).toBe('MIGRATION_CHANGED');
  });

  it('gives one plan for the same idempotency key, whatever the key order of the request', async () => {
    const first = await store.plans.createPlan(planInput('idem'), { actor: 'office:li', idempotencyKey: 'k-idem' });
    const { definition, ...rest } = planInput('idem');
    const reordered = { definition: Object.fromEntries(Object.entries(definition).reverse()), ...rest } as NewJointPlan;
    const second = await store.plans.createPlan(reordered, { actor: 'office:wang', idempotencyKey: 'k-idem' });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.plan.id).toBe(first.plan.id);
    expect(first.plan).toMatchObject({ state: 'draft', version: 1, leadUnit: 'market', createdBy: 'office:li' });
    expect((await store.plans.listPlans()).filter((p) => p.title === 'idem')).toHaveLength(1);
    const trail = await store.auditTrail('plan', first.plan.id);
    expect(trail.map((e) => e.action)).toEqual(['plan.created']);
    expect(trail[0]).toMatchObject({ actor: 'office:li', before: null, after: { id: first.plan.id, state: 'draft' } });
  });

  it('refuses the same key with another definition (IDEMPOTENCY_CONFLICT) and an empty key', async () => {
    await store.plans.createPlan(planInput('conflict'), { actor: 'office', idempotencyKey: 'k-conflict' });
    const other = planInput('conflict');
    other.definition.inspectorsPerUnit = 3;
    expect(await codeOf(store.plans.createPlan(other, { actor: 'office', idempotencyKey: 'k-conflict' }))).toBe('IDEMPOTENCY_CONFLICT');
    expect(await codeOf(store.plans.createPlan(other, { actor: 'office', idempotencyKey: '  ' }))).toBe('BAD_INPUT');
    expect((await store.plans.listPlans()).filter((p) => p.title === 'conflict')).toHaveLength(1);
  });

  it('saves a draw atomically and moves the plan through its lifecycle, audited', async () => {
    const { plan } = await store.plans.createPlan(planInput('lifecycle'), { actor: 'office', idempotencyKey: 'k-life' });
    expect(await codeOf(store.plans.transitionPlan(plan.id, 'drawn', 'published', 'office'))).toBe('INVALID_STATE');
    expect(await codeOf(store.plans.transitionPlan(plan.id, 'draft', 'published', 'office'))).toBe('INVALID_TRANSITION');
    expect(await codeOf(store.draws.saveDraw(plan.id, DRAW, tasksFor(4), 'office', { expectedVersion: 7 }))).toBe('CONCURRENT_UPDATE');

    const documentText = '{"seed":"12-34-56",  "candidates":[{"uscc":"X","riskClass":"C"}]}\n'; // kept byte for byte
    const saved = await store.draws.saveDraw(plan.id, { ...DRAW, document: documentText }, tasksFor(4), 'office:drawer');
    expect(saved.plan).toMatchObject({ state: 'drawn', version: 2 });
    expect(saved.taskCount).toBe(4);
    const sha = createHash('sha256').update(documentText).digest('hex');
    expect(await store.draws.getDraw(plan.id)).toEqual({ ...saved.draw, documentSha256: sha, matching: DRAW.matching, drawnBy: 'office:drawer' });
    expect(saved.draw).not.toHaveProperty('document');
    expect(await store.draws.getDrawDocument(plan.id)).toBe(documentText);
    expect(await store.draws.getDrawDocument('JP-none')).toBeNull();
    const tasks = await store.dispatch.listTasks(plan.id);
    expect(tasks.map((t) => t.taskKey)).toContain(taskKeyOf(plan.id, 'health', 'U000000'));
    expect(tasks.every((t) => t.dispatchState === 'waiting' && t.plannedOn === '2025-05-06' && t.attempts === 0)).toBe(true);
    expect(await codeOf(store.draws.saveDraw(plan.id, DRAW, tasksFor(4), 'office'))).toBe('INVALID_STATE');

    const published = await store.plans.transitionPlan(plan.id, 'drawn', 'published', 'office', {
      expectedVersion: 2,
      patch: { publishedOn: '2025-03-20' },
    });
    expect(published).toMatchObject({ state: 'published', version: 3, milestones: { publishedOn: '2025-03-20' } });
    expect(await codeOf(store.plans.transitionPlan(plan.id, 'published', 'dispatched', 'office', { expectedVersion: 2 }))).toBe('CONCURRENT_UPDATE');
    await store.plans.transitionPlan(plan.id, 'published', 'dispatched', 'office');
    await store.plans.transitionPlan(plan.id, 'dispatched', 'in_progress', 'office');
    const done = await store.plans.transitionPlan(plan.id, 'in_progress', 'completed', 'office');
    expect(done).toMatchObject({ state: 'completed', version: 6 });
    expect(Object.keys(done.milestones).sort()).toEqual(
      ['completedAt', 'dispatchedAt', 'draftAt', 'drawnAt', 'in_progressAt', 'publishedAt', 'publishedOn'],
    );

    const trail = await store.auditTrail('plan', plan.id);
    expect(trail.map((e) => e.action)).toEqual(['plan.created', ...Array(5).fill('plan.transition')]);
    const states = trail.slice(1).map((e) => [(e.before as { state: string }).state, (e.after as { state: string }).state]);
    expect(states).toEqual([['draft', 'drawn'], ['drawn', 'published'], ['published', 'dispatched'], ['dispatched', 'in_progress'], ['in_progress', 'completed']]);
    const drawAudit = await store.auditTrail('draw', plan.id);
    expect(drawAudit).toHaveLength(1);
    expect(drawAudit[0].after).toMatchObject({ taskCount: 4, tasksByUnit: { market: 2, health: 2 }, documentSha256: sha });
  });

  it('keeps nothing of a draw that fails half-way (a duplicate task key in the second batch)', async () => {
    const { plan } = await store.plans.createPlan(planInput('half-way'), { actor: 'office', idempotencyKey: 'k-half' });
    const tasks = tasksFor(2100);
    tasks.push({ ...tasks[2050] }); // the same unit + business again, after the first 2000 rows were inserted
    expect(await codeOf(store.draws.saveDraw(plan.id, DRAW, tasks, 'office'))).toBe('DUPLICATE_TASK_KEY');
    expect(await store.plans.getPlan(plan.id)).toMatchObject({ state: 'draft', version: 1 });
    expect(await store.draws.getDraw(plan.id)).toBeNull();
    expect(await store.dispatch.listTasks(plan.id)).toHaveLength(0);
    expect((await store.auditTrail('plan', plan.id)).map((e) => e.action)).toEqual(['plan.created']);
    expect(await store.auditTrail('draw', plan.id)).toHaveLength(0);
    expect(await codeOf(store.draws.saveDraw(plan.id, DRAW, [], 'office'))).toBe('BAD_INPUT');
    // The same draw without the duplicate goes through afterwards.
    expect((await store.draws.saveDraw(plan.id, DRAW, tasks.slice(0, 2100), 'office')).taskCount).toBe(2100);
  });

  it('tracks dispatch: waiting, failed and retried, created once', async () => {
    const { plan } = await store.plans.createPlan(planInput('dispatch'), { actor: 'office', idempotencyKey: 'k-dispatch' });
    await store.draws.saveDraw(plan.id, DRAW, tasksFor(6, ['market', 'health', 'fire']), 'office');
    const fireKey = taskKeyOf(plan.id, 'fire', 'U000000');
    const marketKey = taskKeyOf(plan.id, 'market', 'U000001');

    const failed = await store.dispatch.markFailed(fireKey, 'fire platform: 503', 'dispatcher');
    expect(failed).toMatchObject({ dispatchState: 'failed', attempts: 1, lastError: 'fire platform: 503' });
    expect((await store.dispatch.tasksWaiting(plan.id, 'fire')).map((t) => t.taskKey)).toContain(fireKey);

    const created = await store.dispatch.markCreated(fireKey, 'FIRE-T-9', 'dispatcher');
    expect(created).toMatchObject({ dispatchState: 'created', platformTaskId: 'FIRE-T-9', attempts: 2, lastError: null });
    expect(await store.dispatch.markCreated(fireKey, 'FIRE-T-9', 'dispatcher')).toEqual(created);
    expect(await codeOf(store.dispatch.markCreated(fireKey, 'FIRE-T-10', 'dispatcher'))).toBe('TASK_ALREADY_CREATED');
    expect(await codeOf(store.dispatch.markFailed(fireKey, 'late', 'dispatcher'))).toBe('INVALID_STATE');
    expect(await codeOf(store.dispatch.markCreated('nope', 'X', 'dispatcher'))).toBe('NOT_FOUND');
    await store.dispatch.markCreated(marketKey, 'MKT-1', 'dispatcher');

    expect(await store.dispatch.tasksWaiting(plan.id)).toHaveLength(4);
    expect(await store.dispatch.progress(plan.id)).toEqual([
      { unitCode: 'fire', waiting: 1, created: 1, failed: 0 },
      { unitCode: 'health', waiting: 2, created: 0, failed: 0 },
      { unitCode: 'market', waiting: 1, created: 1, failed: 0 },
    ]);
    const trail = await store.auditTrail('task', fireKey);
    expect(trail.map((e) => e.action)).toEqual(['task.dispatch_failed', 'task.created']);
    expect(trail[1]).toMatchObject({ before: { dispatchState: 'failed' }, after: { platformTaskId: 'FIRE-T-9' } });
  });

  it('keeps the item catalogue: propose once, confirm or reject once', async () => {
    const items = [{ unitCode: 'market', itemCode: 'M-07' }, { unitCode: 'health', itemCode: 'H-02' }];
    const first = await store.catalogue.propose(items, '《食品安全法》第八十七条', 'office');
    const again = await store.catalogue.propose([...items].reverse().concat(items[0]), 'same', 'office');
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, entry: { id: first.entry.id, basis: '《食品安全法》第八十七条' } });
    expect(first.entry.entries).toEqual([items[1], items[0]]);
    expect(await codeOf(store.catalogue.propose([items[0], { unitCode: 'market', itemCode: 'M-08' }], 'x', 'office'))).toBe('BAD_INPUT');

    const confirmed = await store.catalogue.confirm(first.entry.id, 'office:chief', 1);
    expect(confirmed).toMatchObject({ status: 'confirmed', decidedBy: 'office:chief', version: 2 });
    expect(await codeOf(store.catalogue.reject(first.entry.id, 'office'))).toBe('INVALID_STATE');
    expect(await codeOf(store.catalogue.confirm('IC-missing', 'office'))).toBe('NOT_FOUND');
    const other = await store.catalogue.propose([{ unitCode: 'fire', itemCode: 'F-1' }, { unitCode: 'emergency', itemCode: 'E-1' }], 'b', 'office');
    expect(await codeOf(store.catalogue.reject(other.entry.id, 'office', 5))).toBe('CONCURRENT_UPDATE');
    await store.catalogue.reject(other.entry.id, 'office');
    expect((await store.catalogue.list('confirmed')).map((e) => e.id)).toEqual([first.entry.id]);
    expect((await store.catalogue.list('rejected')).map((e) => e.id)).toEqual([other.entry.id]);
    const trail = await store.auditTrail('catalogue', first.entry.id);
    expect(trail.map((e) => e.action)).toEqual(['catalogue.proposed', 'catalogue.confirmed']);
  });

  it('records merges step by step and applies them once every unit is done', async () => {
    const input = {
      groupKey: '91440802MA0000001X/2025-05',
      uscc: '91440802MA0000001X',
      jointDate: '2025-05-20',
      units: ['market', 'health'],
      items: [{ unitCode: 'market', itemCode: 'M-07' }, { unitCode: 'health', itemCode: 'H-09' }],
      inspectors: { market: ['m1', 'm2'], health: ['h1', 'h2'] },
      originalTaskIds: { market: ['T-1'], health: ['T-2'] },
    };
    const { merge, created } = await store.merges.create(input, 'office');
    expect(created).toBe(true);
    expect(merge).toMatchObject({ state: 'pending', jointDate: '2025-05-20', steps: {}, version: 1 });
    const again = await store.merges.create({ ...input, jointDate: '2025-05-21' }, 'office');
    expect(again).toMatchObject({ created: false, merge: { id: merge.id, jointDate: '2025-05-20' } });
    expect(await codeOf(store.merges.create({ ...input, groupKey: 'solo', units: ['market'] }, 'office'))).toBe('BAD_INPUT');

    await store.merges.recordStep(merge.id, 'market', { cancelled: true }, 'office');
    await store.merges.recordStep(merge.id, 'market', { createdTaskId: 'T-9' }, 'office');
    expect(await codeOf(store.merges.recordStep(merge.id, 'market', { createdTaskId: 'T-10' }, 'office'))).toBe('TASK_ALREADY_CREATED');
    expect(await codeOf(store.merges.recordStep(merge.id, 'fire', { cancelled: true }, 'office'))).toBe('BAD_INPUT');
    const unchanged = await store.merges.recordStep(merge.id, 'market', { cancelled: true }, 'office');
    expect(unchanged.version).toBe(3);

    const early = await store.merges.markApplied(merge.id, 'office').catch((e: StoreError) => e);
    expect(early).toMatchObject({ code: 'INVALID_STATE', details: { unfinished: ['health'] } });
    await store.merges.recordStep(merge.id, 'health', { updatedInPlace: true, createdTaskId: 'T-2' }, 'office');
    const applied = await store.merges.markApplied(merge.id, 'office');
    expect(applied).toMatchObject({ state: 'applied', steps: { market: { cancelled: true, createdTaskId: 'T-9' } } });
    expect(applied.appliedAt).not.toBeNull();
    expect(await codeOf(store.merges.markApplied(merge.id, 'office'))).toBe('INVALID_STATE');
    expect(await codeOf(store.merges.recordStep(merge.id, 'health', { cancelled: true }, 'office'))).toBe('INVALID_STATE');
    expect((await store.merges.getByGroupKey(input.groupKey))?.id).toBe(merge.id);
    expect((await store.merges.list('applied')).map((m) => m.id)).toEqual([merge.id]);
    const actions = (await store.auditTrail('merge', merge.id)).map((e) => e.action);
    expect(actions).toEqual(['merge.created', 'merge.step', 'merge.step', 'merge.step', 'merge.applied']);
  });

  it('rejects UPDATE, DELETE and TRUNCATE on the audit log', async () => {
    const before = await store.db.query<{ n: number; max: number }>('SELECT count(*)::integer AS n, max(id)::integer AS max FROM audit_log');
    expect(before[0].n).toBeGreaterThan(5);
    for (const sql of ["UPDATE audit_log SET actor = 'mallory'", 'DELETE FROM audit_log', 'TRUNCATE audit_log']) {
      const error = await store.db.query(sql).then(() => null, (e: { code?: string; message: string }) => e);
      expect(error?.code, sql).toBe('AO001');
      expect(error?.message).toMatch(/append-only/);
    }
    const after = await store.db.query<{ n: number; max: number; mallory: number }>(
      "SELECT count(*)::integer AS n, max(id)::integer AS max, count(*) FILTER (WHERE actor = 'mallory')::integer AS mallory FROM audit_log",
    );
    expect(after[0]).toEqual({ ...before[0], mallory: 0 });
  });
});
