// Merging survives platform outages (pending, then resumed: never both visits, never none),
// refuses bad input with stable codes, and uses the confirmed item catalogue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetFor } from '../platforms/data/generate';
import { startTestSystem, type TestSystem } from './helpers/system';
import { errorCode } from './helpers/joint-plans';
import { DUPLICATES, MERGE, RESUME, call, ok, plantVisits, tasksOfBusiness, unvisitedBusinesses, type PlatformTask } from './helpers/duplicates';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  for (const platform of ['fire', 'ecology'] as const) system?.platforms[platform].setFaults({ down: false, latencyMs: 0 });
  await system?.close();
});

const DECEMBER = { from: '2025-12-01', to: '2025-12-31' };
const UNITS = ['market', 'ecology', 'fire'];
const [outageBusiness, badInputBusiness, catalogueBusiness] = unvisitedBusinesses().slice(5, 8);

async function groupOf(uscc: string) {
  const data = await ok(system, DUPLICATES, { period: DECEMBER, first: 100 });
  return data.duplicateVisits.edges.map((edge: { node: any }) => edge.node).find((node: { uscc: string }) => node.uscc === uscc);
}

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Live (not cancelled) tasks of the business per unit. */
function liveByUnit(tasks: PlatformTask[]): Record<string, PlatformTask[]> {
  const out: Record<string, PlatformTask[]> = {};
  for (const task of tasks.filter((t) => t.status !== 'cancelled')) (out[task.unitCode] ??= []).push(task);
  return out;
}

describe('a platform down in the middle of a merge', () => {
  it('stays pending with the failing unit recorded, and after recovery ends with exactly the merged visit', async () => {
    const originals = await plantVisits(system, outageBusiness, [
      { unitCode: 'market', plannedOn: '2025-12-03' },
      { unitCode: 'ecology', plannedOn: '2025-12-05' },
      { unitCode: 'fire', plannedOn: '2025-12-09' },
    ], 'outage');
    const group = await groupOf(outageBusiness);
    expect(group.taskIds).toEqual(originals);

    // 1. Fire goes down once the merge is recorded (every fire request takes 500 ms, so its joint
    //    task is not created yet): the other units' joint tasks exist, nothing is cancelled.
    system.platforms.fire.setFaults({ latencyMs: 500 });
    const merging = ok(system, MERGE, { key: group.key, date: '2025-12-11' });
    await until(async () => (await system.officeStore.merges.getByGroupKey(group.key)) !== null);
    system.platforms.fire.setFaults({ down: true, latencyMs: 0 });
    const first = (await merging).mergeDuplicateGroup;
    expect(first.state).toBe('PENDING');
    const fire = first.units.find((unit: { unitCode: string }) => unit.unitCode === 'fire');
    expect(fire).toMatchObject({ done: false, jointTaskId: null, cancelled: false });
    expect(fire.lastError).toMatch(/create: PLATFORM_(UNAVAILABLE|TIMEOUT)/);
    // Market and ecology (readable while fire is down) keep their original and hold the joint task.
    let live = liveByUnit(await tasksOfBusiness(system, outageBusiness, ['market', 'ecology']));
    for (const unit of ['market', 'ecology']) {
      expect(live[unit].map((task) => task.jointGroupId ?? 'original').sort()).toEqual([first.id, 'original']);
    }

    // 2. Fire back, ecology down while the originals are cancelled: the next call retries.
    system.platforms.fire.setFaults({ down: false });
    system.platforms.ecology.setFaults({ down: true });
    const second = (await ok(system, MERGE, { key: group.key, date: '2025-12-11' })).mergeDuplicateGroup;
    expect(second.id).toBe(first.id);
    expect(second.state).toBe('PENDING');
    const ecology = second.units.find((unit: { unitCode: string }) => unit.unitCode === 'ecology');
    expect(ecology).toMatchObject({ done: false, cancelled: false });
    expect(ecology.jointTaskId).not.toBeNull();
    expect(ecology.lastError).toMatch(/^cancel: /);
    expect(second.units.filter((unit: { done: boolean }) => unit.done).map((unit: { unitCode: string }) => unit.unitCode).sort()).toEqual(['fire', 'market']);

    // 3. Recovery: resume applies it; each unit holds exactly its joint task.
    system.platforms.ecology.setFaults({ down: false });
    const resumed = (await ok(system, RESUME, { id: first.id })).resumeMerge;
    expect(resumed.state).toBe('APPLIED');
    live = liveByUnit(await tasksOfBusiness(system, outageBusiness, UNITS));
    for (const unit of UNITS) {
      expect(live[unit]).toHaveLength(1);
      expect(live[unit][0]).toMatchObject({ jointGroupId: first.id, plannedOn: '2025-12-11' });
    }
    expect(resumed.auditTrail.filter((entry: { action: string }) => entry.action === 'merge.step_failed').length).toBeGreaterThanOrEqual(2);
    expect(await groupOf(outageBusiness)).toBeUndefined();
    // Resuming an applied merge changes nothing.
    expect((await ok(system, RESUME, { id: first.id })).resumeMerge.state).toBe('APPLIED');
    expect(errorCode(await call(system, RESUME, { id: 'MG-none' }))).toBe('NOT_FOUND');
  });
});

describe('bad merge requests', () => {
  it('answers UNKNOWN_GROUP, DATE_OUTSIDE_PERIOD, UNIT_NOT_IN_GROUP, GROUP_NOT_MERGEABLE and BAD_INPUT', async () => {
    await plantVisits(system, badInputBusiness, [
      { unitCode: 'market', plannedOn: '2025-12-02' },
      { unitCode: 'health', plannedOn: '2025-12-03' },
    ], 'bad');
    const group = await groupOf(badInputBusiness);
    expect(errorCode(await call(system, MERGE, { key: 'dup_000000000000000000000000', date: '2025-12-10' }))).toBe('UNKNOWN_GROUP');
    expect(errorCode(await call(system, MERGE, { key: group.key, date: '2025-12-20' }))).toBe('DATE_OUTSIDE_PERIOD');
    expect(errorCode(await call(system, MERGE, { key: group.key, date: '2025-12-10', lead: 'fire' }))).toBe('UNIT_NOT_IN_GROUP');
    expect(errorCode(await call(system, MERGE, { key: group.key, date: '2025-13-01' }))).toBe('BAD_INPUT');
    const done = datasetFor('test').truth.duplicateVisits[0];
    const past = (await ok(system, DUPLICATES, { period: { year: 2025 }, first: 100 })).duplicateVisits.edges
      .map((edge: { node: any }) => edge.node)
      .find((node: { uscc: string; month: string }) => node.uscc === done.uscc && node.month === done.month);
    expect(past.mergeable).toBe(false);
    expect(errorCode(await call(system, MERGE, { key: past.key, date: `${done.month}-15` }))).toBe('GROUP_NOT_MERGEABLE');
    // Nothing was recorded or changed by the refused requests.
    expect((await groupOf(badInputBusiness)).key).toBe(group.key);
  });
});

describe('the item catalogue', () => {
  it('proposes entries from legal basis and content, confirms one, and merging drops the repeated check', async () => {
    const run = (await ok(system, `mutation { proposeItemCatalogue { created itemsCompared entries { id status basis items { unitCode itemCode } } } }`, {})).proposeItemCatalogue;
    expect(run.itemsCompared).toBe(120);
    expect(run.created).toBe(run.entries.length);
    expect(run.entries.length).toBeGreaterThan(0);
    // Again: the same entries, none new.
    expect((await ok(system, `mutation { proposeItemCatalogue { created } }`, {})).proposeItemCatalogue.created).toBe(0);

    type Ref = { unitCode: string; itemCode: string };
    const pair = run.entries.find((entry: { items: Ref[] }) => entry.items.some((i) => i.unitCode === 'market') && entry.items.some((i) => i.unitCode === 'health'));
    expect(pair).toBeDefined();
    const CONFIRM = `mutation ($id: ID!) { confirmCatalogueEntry(id: $id) { id status decidedBy } }`;
    expect((await ok(system, CONFIRM, { id: pair.id })).confirmCatalogueEntry.status).toBe('CONFIRMED');
    expect(errorCode(await call(system, CONFIRM, { id: pair.id }))).toBe('INVALID_STATE');
    const other = run.entries.find((entry: { id: string }) => entry.id !== pair.id);
    if (other) expect((await ok(system, `mutation ($id: ID!) { rejectCatalogueEntry(id: $id) { status } }`, { id: other.id })).rejectCatalogueEntry.status).toBe('REJECTED');
    const confirmed = (await ok(system, `{ itemCatalogue(status: CONFIRMED) { id } }`, {})).itemCatalogue;
    expect(confirmed.map((entry: { id: string }) => entry.id)).toEqual([pair.id]);

    const marketItem = pair.items.find((i: Ref) => i.unitCode === 'market').itemCode;
    const healthItem = pair.items.find((i: Ref) => i.unitCode === 'health').itemCode;
    await plantVisits(system, catalogueBusiness, [
      { unitCode: 'market', plannedOn: '2025-12-02', itemCodes: [marketItem] },
      { unitCode: 'health', plannedOn: '2025-12-04', itemCodes: [healthItem] },
    ], 'catalogue');
    const group = await groupOf(catalogueBusiness);
    expect(group.overlappingItems).toHaveLength(1);
    expect(group.overlappingItems[0].unitCodes).toEqual(['health', 'market']);
    const merged = (await ok(system, MERGE, { key: group.key, date: '2025-12-09', lead: 'market' })).mergeDuplicateGroup;
    expect(merged.state).toBe('APPLIED');
    // Health's only item is market's check: health's task is cancelled and market's joint task does it.
    const health = merged.units.find((unit: { unitCode: string }) => unit.unitCode === 'health');
    const market = merged.units.find((unit: { unitCode: string }) => unit.unitCode === 'market');
    expect(health).toMatchObject({ itemCodes: [], cancelled: true, done: true, jointTaskId: market.jointTaskId });
    const live = liveByUnit(await tasksOfBusiness(system, catalogueBusiness, ['market', 'health']));
    expect(Object.keys(live)).toEqual(['market']);
    expect(live.market[0].itemCodes).toEqual([marketItem]);
  });
});
