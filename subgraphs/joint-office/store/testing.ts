// Isolated stores for tests: PGlite in memory always, real PostgreSQL when DATABASE_URL is set,
// each PostgreSQL store in its own throwaway schema (the server is shared) dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseKind, OpenDatabaseOptions } from './database';
import { openOfficeStore, type OfficeStore } from './index';
import type { DrawInput, NewJointPlan, NewPlanTask } from './types';

/** The backends a test run can use: always pglite, postgres too when DATABASE_URL is set. */
export function storeBackends(): DatabaseKind[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** Options for a fresh store: a new `test_<random>` schema on postgres, memory on pglite. */
export function testStoreOptions(backend: DatabaseKind): OpenDatabaseOptions {
  if (backend === 'pglite') return { backend, dataDir: 'memory://' };
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set');
  return { backend, databaseUrl, schema: `test_${randomBytes(6).toString('hex')}` };
}

export function openTestStore(backend: DatabaseKind): Promise<OfficeStore> {
  return openOfficeStore(testStoreOptions(backend));
}

/** Drops the store's test schema (postgres) and closes it. */
export async function disposeTestStore(store: OfficeStore): Promise<void> {
  if (store.db.kind === 'postgres') await dropTestSchema(store.db.schema);
  await store.close();
}

/** Drops a `test_…` schema through a connection of its own (works when no store could open). */
export async function dropTestSchema(schema: string | undefined): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl || !schema || !/^test_[a-z0-9_]+$/.test(schema)) return;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** A valid joint plan request: catering in 赤坎区, market + health + fire. */
export function samplePlan(title = 'Catering joint check 赤坎区', inspectorsPerUnit = 2): NewJointPlan {
  return {
    year: 2025,
    title,
    leadUnit: 'market',
    definition: {
      participatingUnits: ['market', 'health', 'fire'],
      itemsByUnit: { market: ['M-01'], health: ['H-03'], fire: ['F-02'] },
      scope: { divisionCodes: ['440802'], industryCodes: ['6210'], tags: ['餐饮服务'] },
      ratios: { A: 0.05, B: 0.2, C: 0.6, D: 1 },
      periodStart: '2025-04-01',
      periodEnd: '2025-06-30',
      inspectorsPerUnit,
      workloadCap: 30,
      exclusions: { inspectedWithinDays: 90, statuses: ['deregistered', 'abnormal'] },
    },
  };
}

export function sampleDraw(seed = '12-34-56'): DrawInput {
  return {
    seed,
    candidatesSha256: 'a'.repeat(64),
    algorithm: 'sha256-ctr-sample',
    algorithmVersion: '1',
    document: { candidates: [{ uscc: '91440802MA0000001X', riskClass: 'C' }] },
    matching: { '91440802MA0000001X': { market: ['i1', 'i2'] } },
  };
}

/** `count` tasks, round-robin over `units`, businesses U000000, U000001, … */
export function sampleTasks(count: number, units = ['market', 'health'], prefix = 'U'): NewPlanTask[] {
  const tasks: NewPlanTask[] = [];
  for (let i = 0; tasks.length < count; i++) {
    for (const unitCode of units.slice(0, count - tasks.length)) {
      tasks.push({ unitCode, uscc: `${prefix}${String(i).padStart(6, '0')}`, items: ['X'], inspectorIds: ['a', 'b'], plannedOn: '2025-05-06' });
    }
  }
  return tasks;
}
