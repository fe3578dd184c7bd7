// The visit index's rows and feed cursors (migrations/004_visit_index.sql). A page of a unit's
// changes and the cursor after it are written in one transaction, so after a crash the index
// resumes exactly where its rows stand. Replicas of the office that do not hold the
// `visit-index` lease follow the rows the holder wrote, by their write order (`seq`, 011).
import type { Task, TaskStatus } from '../../../platforms/data/model';
import type { Database } from './database';
import { jsonParam } from './sql-util';

interface VisitRow {
  unit_code: string;
  task_id: string;
  plan_id: string;
  uscc: string;
  planned_on: string;
  status: TaskStatus;
  item_codes: string[];
  inspector_ids: string[];
  joint_group_id: string | null;
  seq: string;
}

function toTask(row: VisitRow): Task {
  const task: Task = {
    id: row.task_id,
    planId: row.plan_id,
    unitCode: row.unit_code,
    uscc: row.uscc,
    itemCodes: row.item_codes,
    inspectorIds: row.inspector_ids,
    plannedOn: row.planned_on,
    status: row.status,
  };
  if (row.joint_group_id !== null) task.jointGroupId = row.joint_group_id;
  return task;
}

export interface StoredUnitState {
  cursor: string;
  remaining: number;
}

export interface StoredVisitIndex {
  tasks: Task[];
  cursors: Map<string, string>;
  /** Cursor and backlog of each unit read so far. */
  units: Map<string, StoredUnitState>;
  /** How many times each unit was read again from the start (absent: never). */
  generations: Map<string, number>;
  /** The write position of the last row returned: follow from here. */
  seq: number;
}

const ROWS_PER_STATEMENT = 1000;

export class VisitIndexRepo {
  constructor(private readonly db: Database) {}

  /** Everything kept. */
  load(): Promise<StoredVisitIndex> {
    return this.since(0);
  }

  /** The rows written after write position `seq` (in write order), with every unit's cursor and generation. */
  async since(seq: number): Promise<StoredVisitIndex> {
    const [rows, cursors, generations] = await Promise.all([
      this.db.query<VisitRow>('SELECT * FROM visit_index WHERE seq > $1 ORDER BY seq', [seq]),
      this.db.query<{ unit_code: string; cursor: string; remaining: number }>('SELECT unit_code, cursor, remaining FROM visit_index_cursors'),
      this.db.query<{ unit_code: string; generation: string }>('SELECT unit_code, generation FROM visit_index_generations'),
    ]);
    return {
      tasks: rows.map(toTask),
      cursors: new Map(cursors.map((row) => [row.unit_code, row.cursor])),
      units: new Map(cursors.map((row) => [row.unit_code, { cursor: row.cursor, remaining: row.remaining }])),
      generations: new Map(generations.map((row) => [row.unit_code, Number(row.generation)])),
      seq: rows.reduce((last, row) => Math.max(last, Number(row.seq)), seq),
    };
  }

  /** Upserts the unit's changed tasks (the last state of each) and moves its cursor. */
  async apply(unitCode: string, tasks: readonly Task[], cursor: string, remaining = 0): Promise<void> {
    const latest = new Map(tasks.map((task) => [task.id, task]));
    const rows = [...latest.values()].map((task) => ({
      id: task.id,
      plan_id: task.planId,
      uscc: task.uscc,
      planned_on: task.plannedOn,
      status: task.status,
      item_codes: task.itemCodes,
      inspector_ids: task.inspectorIds,
      joint_group_id: task.jointGroupId ?? null,
    }));
    await this.db.transaction(async (tx) => {
      // In slices: one statement's JSON stays small, so the embedded database's memory does not grow with the page.
      for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
        const slice = rows.slice(start, start + ROWS_PER_STATEMENT);
        await tx.query(
          `INSERT INTO visit_index (unit_code, task_id, plan_id, uscc, planned_on, status, item_codes, inspector_ids, joint_group_id)
           SELECT $1, r.id, r.plan_id, r.uscc, r.planned_on, r.status, r.item_codes, r.inspector_ids, r.joint_group_id
             FROM jsonb_to_recordset($2::text::jsonb)
               AS r(id text, plan_id text, uscc text, planned_on text, status text, item_codes jsonb, inspector_ids jsonb, joint_group_id text)
           ON CONFLICT (unit_code, task_id) DO UPDATE SET
             plan_id = EXCLUDED.plan_id, uscc = EXCLUDED.uscc, planned_on = EXCLUDED.planned_on, status = EXCLUDED.status,
             item_codes = EXCLUDED.item_codes, inspector_ids = EXCLUDED.inspector_ids, joint_group_id = EXCLUDED.joint_group_id,
             seq = nextval('visit_index_seq')`,
          [unitCode, jsonParam(slice)],
        );
      }
      await tx.query(
        `INSERT INTO visit_index_cursors (unit_code, cursor, remaining) VALUES ($1, $2, $3)
         ON CONFLICT (unit_code) DO UPDATE SET cursor = EXCLUDED.cursor, remaining = EXCLUDED.remaining, updated_at = now()`,
        [unitCode, cursor, remaining],
      );
    });
  }

  /** The write position of the last row written, and every unit's generation. */
  async position(): Promise<{ seq: number; generations: Map<string, number> }> {
    const [[row], generations] = await Promise.all([
      this.db.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM visit_index'),
      this.db.query<{ unit_code: string; generation: string }>('SELECT unit_code, generation FROM visit_index_generations'),
    ]);
    return { seq: Number(row.seq ?? 0), generations: new Map(generations.map((g) => [g.unit_code, Number(g.generation)])) };
  }

  /** Forgets a unit whose feed cursor expired: it is read again from the start. */
  async resetUnit(unitCode: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM visit_index WHERE unit_code = $1', [unitCode]);
      await tx.query('DELETE FROM visit_index_cursors WHERE unit_code = $1', [unitCode]);
      await tx.query(
        `INSERT INTO visit_index_generations (unit_code, generation) VALUES ($1, 1)
         ON CONFLICT (unit_code) DO UPDATE SET generation = visit_index_generations.generation + 1`,
        [unitCode],
      );
    });
  }
}
