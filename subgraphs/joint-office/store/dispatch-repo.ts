// Dispatch bookkeeping: which tasks of a plan still wait for their unit's platform, and what
// happened to each attempt. markCreated is idempotent so a retried dispatch never records a
// task twice; a task created under another platform id is refused (TASK_ALREADY_CREATED).
import { writeAudit } from './audit';
import type { Database } from './database';
import { StoreError, StoreErrorCode } from './errors';
import { toIso } from './sql-util';
import type { DispatchState, PlanTaskRecord } from './types';

interface TaskRow {
  task_key: string;
  plan_id: string;
  unit_code: string;
  uscc: string;
  items: string[];
  inspector_ids: string[];
  planned_on: string;
  platform_task_id: string | null;
  dispatch_state: DispatchState;
  attempts: number;
  last_error: string | null;
  updated_at: Date | string;
}

// planned_on as text: pg would turn a date into a local-midnight Date.
const TASK_COLUMNS = `task_key, plan_id, unit_code, uscc, items, inspector_ids, planned_on::text AS planned_on,
  platform_task_id, dispatch_state, attempts, last_error, updated_at`;

function toTask(row: TaskRow): PlanTaskRecord {
  return {
    taskKey: row.task_key,
    planId: row.plan_id,
    unitCode: row.unit_code,
    uscc: row.uscc,
    items: row.items,
    inspectorIds: row.inspector_ids,
    plannedOn: row.planned_on,
    platformTaskId: row.platform_task_id,
    dispatchState: row.dispatch_state,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    updatedAt: toIso(row.updated_at),
  };
}

export interface DispatchProgress {
  unitCode: string;
  waiting: number;
  created: number;
  failed: number;
}

export class DispatchRepo {
  constructor(private readonly db: Database) {}

  async listTasks(planId: string, filter: { unitCode?: string; state?: DispatchState } = {}): Promise<PlanTaskRecord[]> {
    const rows = await this.db.query<TaskRow>(
      `SELECT ${TASK_COLUMNS} FROM plan_tasks
        WHERE plan_id = $1 AND ($2::text IS NULL OR unit_code = $2) AND ($3::text IS NULL OR dispatch_state = $3)
        ORDER BY unit_code, uscc`,
      [planId, filter.unitCode ?? null, filter.state ?? null],
    );
    return rows.map(toTask);
  }

  async getTask(taskKey: string): Promise<PlanTaskRecord | null> {
    const rows = await this.db.query<TaskRow>(`SELECT ${TASK_COLUMNS} FROM plan_tasks WHERE task_key = $1`, [taskKey]);
    return rows[0] ? toTask(rows[0]) : null;
  }

  /** Tasks not yet created on their platform (never tried, or failed last time). */
  async tasksWaiting(planId: string, unitCode?: string): Promise<PlanTaskRecord[]> {
    const rows = await this.db.query<TaskRow>(
      `SELECT ${TASK_COLUMNS} FROM plan_tasks
        WHERE plan_id = $1 AND dispatch_state <> 'created' AND ($2::text IS NULL OR unit_code = $2)
        ORDER BY unit_code, uscc`,
      [planId, unitCode ?? null],
    );
    return rows.map(toTask);
  }

  /** Counts per unit and dispatch state: which units still wait. */
  async progress(planId: string): Promise<DispatchProgress[]> {
    const rows = await this.db.query<{ unit_code: string; waiting: number; created: number; failed: number }>(
      `SELECT unit_code,
              count(*) FILTER (WHERE dispatch_state = 'waiting')::integer AS waiting,
              count(*) FILTER (WHERE dispatch_state = 'created')::integer AS created,
              count(*) FILTER (WHERE dispatch_state = 'failed')::integer AS failed
         FROM plan_tasks WHERE plan_id = $1 GROUP BY unit_code ORDER BY unit_code`,
      [planId],
    );
    return rows.map((r) => ({ unitCode: r.unit_code, waiting: r.waiting, created: r.created, failed: r.failed }));
  }

  /** Records that the platform holds the task. Repeating it with the same id changes nothing. */
  async markCreated(taskKey: string, platformTaskId: string, actor: string): Promise<PlanTaskRecord> {
    if (!platformTaskId) throw new StoreError(StoreErrorCode.BAD_INPUT, 'a platform task id is required');
    return this.db.transaction(async (tx) => {
      const before = await lockTask(tx, taskKey);
      if (before.platformTaskId === platformTaskId) return before;
      if (before.dispatchState === 'created') {
        throw new StoreError(
          StoreErrorCode.TASK_ALREADY_CREATED,
          `task ${taskKey} was created on the platform as ${before.platformTaskId}`,
          { taskKey, platformTaskId: before.platformTaskId },
        );
      }
      const [row] = await tx.query<TaskRow>(
        `UPDATE plan_tasks SET dispatch_state = 'created', platform_task_id = $2, attempts = attempts + 1,
                last_error = NULL, updated_at = now()
          WHERE task_key = $1 RETURNING ${TASK_COLUMNS}`,
        [taskKey, platformTaskId],
      );
      const after = toTask(row);
      await writeAudit(tx, { actor, action: 'task.created', entity: 'task', entityId: taskKey, before, after });
      return after;
    });
  }

  /** Records a failed attempt; the task stays in tasksWaiting. INVALID_STATE once created. */
  async markFailed(taskKey: string, error: string, actor: string): Promise<PlanTaskRecord> {
    return this.db.transaction(async (tx) => {
      const before = await lockTask(tx, taskKey);
      if (before.dispatchState === 'created') {
        throw new StoreError(StoreErrorCode.INVALID_STATE, `task ${taskKey} is already created`, { taskKey });
      }
      const [row] = await tx.query<TaskRow>(
        `UPDATE plan_tasks SET dispatch_state = 'failed', attempts = attempts + 1, last_error = $2, updated_at = now()
          WHERE task_key = $1 RETURNING ${TASK_COLUMNS}`,
        [taskKey, error.slice(0, 2000)],
      );
      const after = toTask(row);
      await writeAudit(tx, { actor, action: 'task.dispatch_failed', entity: 'task', entityId: taskKey, before, after });
      return after;
    });
  }
}

async function lockTask(tx: Database, taskKey: string): Promise<PlanTaskRecord> {
  const rows = await tx.query<TaskRow>(`SELECT ${TASK_COLUMNS} FROM plan_tasks WHERE task_key = $1 FOR UPDATE`, [taskKey]);
  if (!rows[0]) throw new StoreError(StoreErrorCode.NOT_FOUND, `no task ${taskKey}`, { taskKey });
  return toTask(rows[0]);
}
