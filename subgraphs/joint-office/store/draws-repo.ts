// Saving a draw: the plan goes draft → drawn, the draw row and every task row are written,
// and the audit rows too — in one transaction, so a failure anywhere leaves nothing behind.
import { writeAudit } from './audit';
import { lockChainHead } from './chain';
import type { Database } from './database';
import { isUniqueViolation, StoreError, StoreErrorCode } from './errors';
import { readPlanFor, toPlan, updatePlanState } from './plan-rows';
import { insertOfficerPseudonyms } from './pseudonyms-repo';
import { chunks, jsonParam, sha256Hex, toIso } from './sql-util';
import type { DrawInput, DrawRecord, JointPlanRecord, NewPlanTask } from './types';

/** The deterministic task key sent to a unit's platform as the idempotency key. */
export function taskKeyOf(planId: string, unitCode: string, uscc: string): string {
  return `${planId}/${unitCode}/${uscc}`;
}

export interface SaveDrawOptions {
  expectedVersion?: number;
}

export interface SaveDrawResult {
  plan: JointPlanRecord;
  draw: DrawRecord;
  taskCount: number;
}

// Everything but the document, which can be tens of megabytes (see getDrawDocument).
const DRAW_COLUMNS = `plan_id, seed, candidates_sha256, algorithm, algorithm_version, document_sha256,
  matching, drawn_at, drawn_by`;

// Rows per INSERT: keeps one statement's JSON payload to a few hundred kilobytes.
const TASKS_PER_STATEMENT = 2000;

interface DrawRow {
  plan_id: string;
  seed: string;
  candidates_sha256: string;
  algorithm: string;
  algorithm_version: string;
  document_sha256: string;
  matching: Record<string, Record<string, string[]>>;
  drawn_at: Date | string;
  drawn_by: string;
}

function toDraw(row: DrawRow): DrawRecord {
  return {
    planId: row.plan_id,
    seed: row.seed,
    candidatesSha256: row.candidates_sha256,
    algorithm: row.algorithm,
    algorithmVersion: row.algorithm_version,
    documentSha256: row.document_sha256,
    matching: row.matching,
    drawnAt: toIso(row.drawn_at),
    drawnBy: row.drawn_by,
  };
}

export class DrawsRepo {
  constructor(private readonly db: Database) {}

  /**
   * Stores the draw of a draft plan. INVALID_STATE unless the plan is a draft, CONCURRENT_UPDATE
   * when it changed meanwhile, DUPLICATE_TASK_KEY when two tasks share a key; nothing is kept
   * in any of these cases.
   */
  async saveDraw(
    planId: string,
    draw: DrawInput,
    tasks: readonly NewPlanTask[],
    actor: string,
    options: SaveDrawOptions = {},
  ): Promise<SaveDrawResult> {
    if (tasks.length === 0) throw new StoreError(StoreErrorCode.BAD_INPUT, 'a draw without tasks cannot be saved');
    return this.db.transaction(async (tx) => {
      const before = await readPlanFor(tx, planId, 'draft', options.expectedVersion);
      const after = await updatePlanState(tx, before, 'drawn', { drawnAt: new Date().toISOString() });
      // From here to COMMIT this transaction holds the chain lock (the draw row is chained next).
      const head = await lockChainHead(tx);
      const document = typeof draw.document === 'function' ? draw.document(head) : typeof draw.document === 'string' ? draw.document : JSON.stringify(draw.document);
      const [drawRow] = await tx.query<DrawRow>(
        `INSERT INTO draws (plan_id, seed, candidates_sha256, algorithm, algorithm_version, document, document_sha256, matching, drawn_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9)
         RETURNING ${DRAW_COLUMNS}`,
        [planId, draw.seed, draw.candidatesSha256, draw.algorithm, draw.algorithmVersion,
          document, sha256Hex(document), jsonParam(draw.matching), actor],
      );
      for (const batch of chunks(tasks, TASKS_PER_STATEMENT)) await insertTasks(tx, planId, batch);
      if (draw.officerPseudonyms) await insertOfficerPseudonyms(tx, planId, draw.officerPseudonyms);

      const plan = toPlan(after);
      const saved = toDraw(drawRow);
      const tasksByUnit: Record<string, number> = {};
      for (const task of tasks) tasksByUnit[task.unitCode] = (tasksByUnit[task.unitCode] ?? 0) + 1;
      await writeAudit(tx, { actor, action: 'plan.transition', entity: 'plan', entityId: planId, before: toPlan(before), after: plan });
      // The draw's audit row names what was frozen; the full document stays in `draws`.
      await writeAudit(tx, {
        actor,
        action: 'draw.saved',
        entity: 'draw',
        entityId: planId,
        before: null,
        after: {
          seed: saved.seed,
          candidatesSha256: saved.candidatesSha256,
          algorithm: saved.algorithm,
          algorithmVersion: saved.algorithmVersion,
          documentSha256: saved.documentSha256,
          taskCount: tasks.length,
          tasksByUnit,
        },
      });
      return { plan, draw: saved, taskCount: tasks.length };
    });
  }

  async getDraw(planId: string): Promise<DrawRecord | null> {
    const rows = await this.db.query<DrawRow>(`SELECT ${DRAW_COLUMNS} FROM draws WHERE plan_id = $1`, [planId]);
    return rows[0] ? toDraw(rows[0]) : null;
  }

  /** The public draw document exactly as stored (the text to publish), or null. */
  async getDrawDocument(planId: string): Promise<string | null> {
    const rows = await this.db.query<{ document: string }>('SELECT document FROM draws WHERE plan_id = $1', [planId]);
    return rows[0]?.document ?? null;
  }
}

async function insertTasks(tx: Database, planId: string, tasks: readonly NewPlanTask[]): Promise<void> {
  const payload = tasks.map((task) => ({
    task_key: task.taskKey ?? taskKeyOf(planId, task.unitCode, task.uscc),
    unit_code: task.unitCode,
    uscc: task.uscc,
    items: task.items,
    inspector_ids: task.inspectorIds,
    planned_on: task.plannedOn,
  }));
  try {
    await tx.query(
      `INSERT INTO plan_tasks (task_key, plan_id, unit_code, uscc, items, inspector_ids, planned_on)
       SELECT t.task_key, $1, t.unit_code, t.uscc, t.items, t.inspector_ids, t.planned_on::date
         FROM jsonb_to_recordset($2::text::jsonb)
           AS t(task_key text, unit_code text, uscc text, items jsonb, inspector_ids jsonb, planned_on text)`,
      [planId, jsonParam(payload)],
    );
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new StoreError(StoreErrorCode.DUPLICATE_TASK_KEY, `two tasks of plan ${planId} share a key or a unit+business`, {
        planId,
        constraint: (error as { constraint?: string }).constraint,
      });
    }
    throw error;
  }
}
