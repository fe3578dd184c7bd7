// Merges of duplicate visits into one joint visit. A merge is created once per duplicate group
// (group_key), then each unit's platform step is recorded as it happens, so a merge cut short
// by an outage resumes where it stopped; it is `applied` only when every unit's step is done.
import { writeAudit } from './audit';
import type { Database } from './database';
import { StoreError, StoreErrorCode } from './errors';
import { jsonParam, newId, toIso, toIsoOrNull } from './sql-util';
import type { DateOverride, MergeRecord, MergeState, MergeStep, NewMerge } from './types';

interface MergeRow {
  id: string;
  group_key: string;
  state: MergeState;
  uscc: string;
  joint_date: string;
  units: string[];
  items: NewMerge['items'];
  inspectors: Record<string, string[]>;
  original_task_ids: Record<string, string[]>;
  steps: Record<string, MergeStep>;
  version: number;
  created_at: Date | string;
  created_by: string;
  applied_at: Date | string | null;
  date_override: DateOverride | null;
}

const MERGE_COLUMNS = `id, group_key, state, uscc, joint_date::text AS joint_date, units, items, inspectors,
  original_task_ids, steps, version, created_at, created_by, applied_at, date_override`;

function toMerge(row: MergeRow): MergeRecord {
  return {
    id: row.id,
    groupKey: row.group_key,
    state: row.state,
    uscc: row.uscc,
    jointDate: row.joint_date,
    units: row.units,
    items: row.items,
    inspectors: row.inspectors,
    originalTaskIds: row.original_task_ids,
    steps: row.steps,
    version: Number(row.version),
    createdAt: toIso(row.created_at),
    createdBy: row.created_by,
    appliedAt: toIsoOrNull(row.applied_at),
    dateOverride: row.date_override ?? null,
  };
}

/** A unit's step is done when its joint task exists and its original task is gone or updated. */
export function isStepComplete(step: MergeStep | undefined): boolean {
  if (!step) return false;
  return step.updatedInPlace === true || (step.cancelled === true && Boolean(step.createdTaskId));
}

export class MergesRepo {
  constructor(private readonly db: Database) {}

  /**
   * Records a merge for a group. When the group already has one, that merge is returned with
   * created = false and nothing changes (the caller decides whether that is an error).
   */
  async create(input: NewMerge, actor: string): Promise<{ merge: MergeRecord; created: boolean }> {
    if (input.units.length < 2) throw new StoreError(StoreErrorCode.BAD_INPUT, 'a merge joins at least two units');
    return this.db.transaction(async (tx) => {
      const inserted = await tx.query<MergeRow>(
        `INSERT INTO merges (id, group_key, uscc, joint_date, units, items, inspectors, original_task_ids, created_by, date_override)
         VALUES ($1, $2, $3, $4::date, $5::text::jsonb, $6::text::jsonb, $7::text::jsonb, $8::text::jsonb, $9, $10::text::jsonb)
         ON CONFLICT (group_key) DO NOTHING RETURNING ${MERGE_COLUMNS}`,
        [newId('MG'), input.groupKey, input.uscc, input.jointDate, jsonParam(input.units), jsonParam(input.items),
          jsonParam(input.inspectors), jsonParam(input.originalTaskIds), actor, input.dateOverride ? jsonParam(input.dateOverride) : null],
      );
      if (inserted[0]) {
        const merge = toMerge(inserted[0]);
        await writeAudit(tx, { actor, action: 'merge.created', entity: 'merge', entityId: merge.id, before: null, after: merge });
        // Its own row, so the overrides of the log can be listed by action.
        if (merge.dateOverride) await writeAudit(tx, { actor, action: 'merge.date_override', entity: 'merge', entityId: merge.id, before: null, after: merge.dateOverride });
        return { merge, created: true };
      }
      const [existing] = await tx.query<MergeRow>(`SELECT ${MERGE_COLUMNS} FROM merges WHERE group_key = $1`, [input.groupKey]);
      return { merge: toMerge(existing), created: false };
    });
  }

  async get(id: string): Promise<MergeRecord | null> {
    const rows = await this.db.query<MergeRow>(`SELECT ${MERGE_COLUMNS} FROM merges WHERE id = $1`, [id]);
    return rows[0] ? toMerge(rows[0]) : null;
  }

  async getByGroupKey(groupKey: string): Promise<MergeRecord | null> {
    const rows = await this.db.query<MergeRow>(`SELECT ${MERGE_COLUMNS} FROM merges WHERE group_key = $1`, [groupKey]);
    return rows[0] ? toMerge(rows[0]) : null;
  }

  async list(state?: MergeState): Promise<MergeRecord[]> {
    const rows = await this.db.query<MergeRow>(
      `SELECT ${MERGE_COLUMNS} FROM merges WHERE ($1::text IS NULL OR state = $1) ORDER BY created_at, id`,
      [state ?? null],
    );
    return rows.map(toMerge);
  }

  /**
   * Merges `step` into the unit's recorded step. Repeating a step changes nothing; a different
   * created task id for the same unit is refused (TASK_ALREADY_CREATED).
   */
  async recordStep(id: string, unitCode: string, step: MergeStep, actor: string): Promise<MergeRecord> {
    return this.db.transaction(async (tx) => {
      const before = await lockMerge(tx, id);
      if (before.state !== 'pending') throw new StoreError(StoreErrorCode.INVALID_STATE, `merge ${id} is already applied`, { id });
      if (!before.units.includes(unitCode)) {
        throw new StoreError(StoreErrorCode.BAD_INPUT, `unit ${unitCode} is not part of merge ${id}`, { id, unitCode });
      }
      const current = before.steps[unitCode] ?? {};
      if (current.createdTaskId && step.createdTaskId && current.createdTaskId !== step.createdTaskId) {
        throw new StoreError(StoreErrorCode.TASK_ALREADY_CREATED, `merge ${id} already created ${current.createdTaskId} for ${unitCode}`, {
          id,
          unitCode,
          createdTaskId: current.createdTaskId,
        });
      }
      const next: MergeStep = { ...current, ...step };
      if (JSON.stringify(next) === JSON.stringify(current)) return before;
      const [row] = await tx.query<MergeRow>(
        `UPDATE merges SET steps = steps || jsonb_build_object($2::text, $3::text::jsonb), version = version + 1
          WHERE id = $1 RETURNING ${MERGE_COLUMNS}`,
        [id, unitCode, jsonParam(next)],
      );
      const after = toMerge(row);
      await writeAudit(tx, { actor, action: 'merge.step', entity: 'merge', entityId: id, before, after });
      return after;
    });
  }

  /** pending → applied; INVALID_STATE when already applied or when a unit's step is not done. */
  async markApplied(id: string, actor: string): Promise<MergeRecord> {
    return this.db.transaction(async (tx) => {
      const before = await lockMerge(tx, id);
      if (before.state !== 'pending') throw new StoreError(StoreErrorCode.INVALID_STATE, `merge ${id} is already applied`, { id });
      const unfinished = before.units.filter((unit) => !isStepComplete(before.steps[unit]));
      if (unfinished.length > 0) {
        throw new StoreError(StoreErrorCode.INVALID_STATE, `merge ${id} still waits for ${unfinished.join(', ')}`, { id, unfinished });
      }
      const [row] = await tx.query<MergeRow>(
        `UPDATE merges SET state = 'applied', applied_at = now(), version = version + 1
          WHERE id = $1 RETURNING ${MERGE_COLUMNS}`,
        [id],
      );
      const after = toMerge(row);
      await writeAudit(tx, { actor, action: 'merge.applied', entity: 'merge', entityId: id, before, after });
      return after;
    });
  }
}

/** Reads the merge with a row lock: step updates of one merge never overwrite each other. */
async function lockMerge(tx: Database, id: string): Promise<MergeRecord> {
  const rows = await tx.query<MergeRow>(`SELECT ${MERGE_COLUMNS} FROM merges WHERE id = $1 FOR UPDATE`, [id]);
  if (!rows[0]) throw new StoreError(StoreErrorCode.NOT_FOUND, `no merge ${id}`, { id });
  return toMerge(rows[0]);
}
