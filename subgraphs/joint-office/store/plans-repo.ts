// Joint plans: compose (idempotent), read, and move through the lifecycle with an optimistic
// check. Every change writes its audit row in the same transaction.
import { writeAudit } from './audit';
import type { Database } from './database';
import { StoreError, StoreErrorCode } from './errors';
import { readPlanFor, readPlanRow, toPlan, updatePlanState, type PlanRow } from './plan-rows';
import { canonicalJson, jsonParam, newId, sha256Hex } from './sql-util';
import type { JointPlanRecord, NewJointPlan, PlanState } from './types';

export interface CreatePlanOptions {
  actor: string;
  /** Same key + same request → the same plan; same key + another request → IDEMPOTENCY_CONFLICT. */
  idempotencyKey: string;
}

export interface CreatePlanResult {
  plan: JointPlanRecord;
  /** False when the key was used before and the existing plan is returned. */
  created: boolean;
}

export interface ListPlansFilter {
  year?: number;
  state?: PlanState;
  leadUnit?: string;
}

export interface TransitionOptions {
  /** Fail with CONCURRENT_UPDATE unless the plan is still at this version. */
  expectedVersion?: number;
  /** Facts to record with the transition (merged into `milestones`), e.g. { publishedOn }. */
  patch?: Record<string, unknown>;
}

/**
 * The lifecycle edges transitionPlan accepts. draft → drawn is only done by saveDraw, which
 * stores the draw with it.
 */
export const PLAN_TRANSITIONS: Readonly<Record<PlanState, readonly PlanState[]>> = {
  draft: [],
  drawn: ['published'],
  published: ['dispatched'],
  dispatched: ['in_progress'],
  in_progress: ['completed'],
  completed: [],
};

export class PlansRepo {
  constructor(private readonly db: Database) {}

  async createPlan(input: NewJointPlan, options: CreatePlanOptions): Promise<CreatePlanResult> {
    const key = options.idempotencyKey.trim();
    if (!key) throw new StoreError(StoreErrorCode.BAD_INPUT, 'an idempotency key is required');
    const requestSha256 = sha256Hex(canonicalJson(input));
    return this.db.transaction(async (tx) => {
      const inserted = await tx.query<PlanRow>(
        `INSERT INTO joint_plans
           (id, idempotency_key, request_sha256, year, title, lead_unit, definition, milestones, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8::text::jsonb, $9)
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING *`,
        [
          newId(`JP-${input.year}`),
          key,
          requestSha256,
          input.year,
          input.title,
          input.leadUnit,
          jsonParam(input.definition),
          jsonParam({ draftAt: new Date().toISOString() }),
          options.actor,
        ],
      );
      if (inserted.length === 1) {
        const plan = toPlan(inserted[0]);
        await writeAudit(tx, { actor: options.actor, action: 'plan.created', entity: 'plan', entityId: plan.id, before: null, after: plan });
        return { plan, created: true };
      }
      // The key is taken (possibly by a concurrent call that just committed: this statement sees it).
      const [existing] = await tx.query<PlanRow>('SELECT * FROM joint_plans WHERE idempotency_key = $1', [key]);
      if (existing.request_sha256 !== requestSha256) {
        throw new StoreError(
          StoreErrorCode.IDEMPOTENCY_CONFLICT,
          `idempotency key ${JSON.stringify(key)} was used for another plan definition`,
          { planId: existing.id, idempotencyKey: key },
        );
      }
      return { plan: toPlan(existing), created: false };
    });
  }

  async getPlan(id: string): Promise<JointPlanRecord | null> {
    const row = await readPlanRow(this.db, id);
    return row ? toPlan(row) : null;
  }

  /** Like getPlan, but NOT_FOUND when there is no such plan. */
  async requirePlan(id: string): Promise<JointPlanRecord> {
    const plan = await this.getPlan(id);
    if (!plan) throw new StoreError(StoreErrorCode.NOT_FOUND, `no joint plan ${id}`, { planId: id });
    return plan;
  }

  async listPlans(filter: ListPlansFilter = {}): Promise<JointPlanRecord[]> {
    const rows = await this.db.query<PlanRow>(
      `SELECT * FROM joint_plans
        WHERE ($1::integer IS NULL OR year = $1)
          AND ($2::text IS NULL OR state = $2)
          AND ($3::text IS NULL OR lead_unit = $3)
        ORDER BY created_at, id`,
      [filter.year ?? null, filter.state ?? null, filter.leadUnit ?? null],
    );
    return rows.map(toPlan);
  }

  /**
   * Moves a plan from `from` to `to`. INVALID_TRANSITION when that is not a lifecycle edge,
   * INVALID_STATE when the plan is not in `from`, CONCURRENT_UPDATE when it changed meanwhile.
   */
  async transitionPlan(
    id: string,
    from: PlanState,
    to: PlanState,
    actor: string,
    options: TransitionOptions = {},
  ): Promise<JointPlanRecord> {
    if (!PLAN_TRANSITIONS[from]?.includes(to)) {
      throw new StoreError(StoreErrorCode.INVALID_TRANSITION, `a plan cannot go from ${from} to ${to}`, { from, to });
    }
    return this.db.transaction(async (tx) => {
      const row = await readPlanFor(tx, id, from, options.expectedVersion);
      const milestones = { ...(options.patch ?? {}), [`${to}At`]: new Date().toISOString() };
      const updated = toPlan(await updatePlanState(tx, row, to, milestones));
      await writeAudit(tx, {
        actor,
        action: 'plan.transition',
        entity: 'plan',
        entityId: id,
        before: toPlan(row),
        after: updated,
      });
      return updated;
    });
  }
}
