// Reading and conditionally updating joint_plans rows; shared by the plan and draw repositories.
import type { Database } from './database';
import { StoreError, StoreErrorCode } from './errors';
import { jsonParam, toIso } from './sql-util';
import type { JointPlanDefinition, JointPlanRecord, PlanState } from './types';

export interface PlanRow {
  id: string;
  idempotency_key: string;
  request_sha256: string;
  state: PlanState;
  year: number;
  title: string;
  lead_unit: string;
  definition: JointPlanDefinition;
  milestones: Record<string, unknown>;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
  created_by: string;
}

export function toPlan(row: PlanRow): JointPlanRecord {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    state: row.state,
    year: Number(row.year),
    title: row.title,
    leadUnit: row.lead_unit,
    definition: row.definition,
    milestones: row.milestones,
    version: Number(row.version),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    createdBy: row.created_by,
  };
}

export async function readPlanRow(db: Database, id: string): Promise<PlanRow | null> {
  const rows = await db.query<PlanRow>('SELECT * FROM joint_plans WHERE id = $1', [id]);
  return rows[0] ?? null;
}

/**
 * Reads the plan and checks it is in `from` (INVALID_STATE) at `expectedVersion` when given
 * (CONCURRENT_UPDATE). No row lock: the conditional update below is what serialises writers.
 */
export async function readPlanFor(
  tx: Database,
  id: string,
  from: PlanState,
  expectedVersion: number | undefined,
): Promise<PlanRow> {
  const row = await readPlanRow(tx, id);
  if (!row) throw new StoreError(StoreErrorCode.NOT_FOUND, `no joint plan ${id}`, { planId: id });
  if (expectedVersion !== undefined && Number(row.version) !== expectedVersion) {
    throw new StoreError(
      StoreErrorCode.CONCURRENT_UPDATE,
      `plan ${id} is at version ${row.version}, not ${expectedVersion}`,
      { planId: id, version: Number(row.version), expectedVersion },
    );
  }
  if (row.state !== from) {
    throw new StoreError(StoreErrorCode.INVALID_STATE, `plan ${id} is ${row.state}, not ${from}`, {
      planId: id,
      state: row.state,
      expected: from,
    });
  }
  return row;
}

/**
 * Moves the plan from `row.state` to `to` only if nobody changed it since `row` was read
 * (same state and version); otherwise CONCURRENT_UPDATE. `milestones` are merged in.
 */
export async function updatePlanState(
  tx: Database,
  row: PlanRow,
  to: PlanState,
  milestones: Record<string, unknown>,
): Promise<PlanRow> {
  const updated = await tx.query<PlanRow>(
    `UPDATE joint_plans
        SET state = $1, version = version + 1, updated_at = now(),
            milestones = milestones || $2::text::jsonb
      WHERE id = $3 AND version = $4 AND state = $5
      RETURNING *`,
    [to, jsonParam(milestones), row.id, Number(row.version), row.state],
  );
  if (updated.length === 0) {
    throw new StoreError(StoreErrorCode.CONCURRENT_UPDATE, `plan ${row.id} was changed by someone else`, {
      planId: row.id,
      version: Number(row.version),
    });
  }
  return updated[0];
}
