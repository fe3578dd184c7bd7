// The visit index's rows and feed cursors (migrations/004_visit_index.sql). A page of a unit's
// changes and the cursor after it are written in one transaction, so after a crash the index
// resumes exactly where its rows stand.
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

export interface StoredVisitIndex {
  tasks: Task[];
  cursors: Map<string, string>;
}

const ROWS_PER_STATEMENT = 1000;

export class VisitIndexRepo {
  constructor(private readonly db: Database) {}

  async load(): Promise<StoredVisitIndex> {
    const [rows, cursors] = await Promise.all([
      this.db.query<VisitRow>('SELECT * FROM visit_index ORDER BY unit_code, task_id'),
      this.db.query<{ unit_code: string; cursor: string }>('SELECT unit_code, cursor FROM visit_index_cursors'),
    ]);
    return { tasks: rows.map(toTask), cursors: new Map(cursors.map((row) => [row.unit_code, row.cursor])) };
  }

  /** Upserts the unit's changed tasks (the last state of each) and moves its cursor. */
  async apply(unitCode: string, tasks: readonly Task[], cursor: string): Promise<void> {
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
             item_codes = EXCLUDED.item_codes, inspector_ids = EXCLUDED.inspector_ids, joint_group_id = EXCLUDED.joint_group_id`,
          [unitCode, jsonParam(slice)],
        );
      }
      await tx.query(
        `INSERT INTO visit_index_cursors (unit_code, cursor) VALUES ($1, $2)
         ON CONFLICT (unit_code) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()`,
        [unitCode, cursor],
      );
    });
  }

  /** Forgets a unit whose feed cursor expired: it is read again from the start. */
  async resetUnit(unitCode: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM visit_index WHERE unit_code = $1', [unitCode]);
      await tx.query('DELETE FROM visit_index_cursors WHERE unit_code = $1', [unitCode]);
    });
  }
}
