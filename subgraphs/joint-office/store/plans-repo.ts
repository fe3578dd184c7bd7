// Joint plans: compose (idempotent), read, and move through the lifecycle with an optimistic
// check. Every change writes its audit row in the same transaction.
import { writeAudit, type AuditInput } from './audit';
import type { Database } from './database';
import { StoreError, StoreErrorCode } from './errors';
import { readPlanFor, readPlanRow, toPlan, updatePlanState, type PlanRow } from './plan-rows';
import { canonicalJson, jsonParam, newId, sha256Hex } from './sql-util';
import type { DateOverride, JointPlanRecord, NewJointPlan, PlanState } from './types';

export interface CreatePlanOptions {
  actor: string;
  /** Same key + same request → the same plan; same key + another request → IDEMPOTENCY_CONFLICT. */
  idempotencyKey: string;
  /**
   * Refuse a duplicate (DUPLICATE_PLAN): same lead, units, items and scope, overlapping period.
   * The office's compose always asks for it; store-level callers (fixtures, imports) may not.
   */
  refuseDuplicates?: boolean;
  /** The duplicate this plan replaces: it is withdrawn (with the reason) in the same transaction. */
  replaces?: { planId: string; reason: string };
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
  /**
   * A date rule the transition was allowed to break (date-rules.ts): recorded in an audit row of
   * its own (`plan.date_override`), in the same transaction. The caller puts it in `patch` too.
   */
  dateOverride?: DateOverride & { step: string };
}

/**
 * The lifecycle edges transitionPlan accepts. draft → drawn is only done by saveDraw, which
 * stores the draw with it.
 */
export const PLAN_TRANSITIONS: Readonly<Record<PlanState, readonly PlanState[]>> = {
  draft: ['withdrawn'],
  drawn: ['published', 'withdrawn'],
  published: ['dispatched', 'withdrawn'],
  dispatched: ['in_progress'],
  in_progress: ['completed'],
  completed: [],
  withdrawn: [],
};

/** States a replacing plan may withdraw (not once tasks exist on the platforms). */
const WITHDRAWABLE: ReadonlySet<PlanState> = new Set(['draft', 'drawn', 'published']);

/** What makes two plans the same plan: lead, units, items and scope (the period is compared apart). */
function sameness(lead: string, definition: NewJointPlan['definition']): string {
  const units = [...definition.participatingUnits].sort();
  const items = Object.fromEntries(units.map((u) => [u, [...(definition.itemsByUnit[u] ?? [])].sort()]));
  const scope = definition.scope as unknown as Record<string, unknown> | undefined;
  const sortedScope = Object.fromEntries(Object.entries(scope ?? {}).map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v]));
  return canonicalJson({ lead, units, items, scope: sortedScope });
}

export class PlansRepo {
  constructor(private readonly db: Database) {}

  async createPlan(input: NewJointPlan, options: CreatePlanOptions): Promise<CreatePlanResult> {
    const key = options.idempotencyKey.trim();
    if (!key) throw new StoreError(StoreErrorCode.BAD_INPUT, 'an idempotency key is required');
    const requestSha256 = sha256Hex(canonicalJson(input));
    return this.db.transaction(async (tx) => {
      // One compose per lead unit at a time, so two duplicates composed together cannot both pass.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`joint-plan-compose:${input.leadUnit}`]);
      const [taken] = await tx.query<PlanRow>('SELECT * FROM joint_plans WHERE idempotency_key = $1', [key]);
      if (!taken && (options.refuseDuplicates || options.replaces)) await this.refuseDuplicate(tx, input, options);
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
        // Row locks before audit rows: the first audit row takes the chain lock until COMMIT, and a
        // row lock waited for after it could deadlock with a writer holding that row.
        const withdrawal = options.replaces ? await this.withdraw(tx, options.replaces.planId, plan.id, options.replaces.reason, options.actor) : null;
        await writeAudit(tx, { actor: options.actor, action: 'plan.created', entity: 'plan', entityId: plan.id, before: null, after: plan });
        if (withdrawal) await writeAudit(tx, withdrawal);
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

  /**
   * DUPLICATE_PLAN when a live plan has the same lead, units, items and scope and an overlapping
   * period, unless it is the one named in `replaces` (which must then be such a duplicate and
   * still withdrawable).
   */
  private async refuseDuplicate(tx: Database, input: NewJointPlan, options: CreatePlanOptions): Promise<void> {
    const rows = await tx.query<PlanRow>(`SELECT * FROM joint_plans WHERE lead_unit = $1 AND state <> 'withdrawn' ORDER BY created_at, id`, [input.leadUnit]);
    const key = sameness(input.leadUnit, input.definition);
    const { periodStart, periodEnd } = input.definition;
    const duplicates = rows.map(toPlan).filter((p) => sameness(p.leadUnit, p.definition) === key && p.definition.periodStart <= periodEnd && periodStart <= p.definition.periodEnd);
    const named = options.replaces?.planId;
    if (named !== undefined) {
      const target = duplicates.find((p) => p.id === named);
      if (!target) throw new StoreError(StoreErrorCode.BAD_INPUT, `plan ${named} is not a live duplicate of this plan; only a duplicate can be replaced`, { planId: named });
      if (!WITHDRAWABLE.has(target.state)) throw new StoreError(StoreErrorCode.INVALID_STATE, `plan ${named} is ${target.state}; a dispatched plan cannot be replaced`, { planId: named, state: target.state });
      if (!options.replaces!.reason.trim()) throw new StoreError(StoreErrorCode.BAD_INPUT, 'replacing a plan needs a reason (published with the withdrawn plan)', { planId: named });
    }
    const other = duplicates.find((p) => p.id !== named);
    if (other) {
      throw new StoreError(StoreErrorCode.DUPLICATE_PLAN, `plan ${other.id} has the same lead, units, items and scope and an overlapping period; name it in replaces to withdraw it`, {
        existingPlanId: other.id,
        state: other.state,
      });
    }
  }

  /** Withdraws the replaced plan; returns its audit row, for the caller to write. */
  private async withdraw(tx: Database, planId: string, replacedBy: string, reason: string, actor: string): Promise<AuditInput> {
    const row = (await readPlanRow(tx, planId))!;
    const updated = toPlan(await updatePlanState(tx, row, 'withdrawn', { withdrawnAt: new Date().toISOString(), withdrawnReason: reason.trim(), replacedBy }));
    return { actor, action: 'plan.transition', entity: 'plan', entityId: planId, before: toPlan(row), after: updated };
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
      if (options.dateOverride) await writeAudit(tx, { actor, action: 'plan.date_override', entity: 'plan', entityId: id, before: null, after: options.dateOverride });
      return updated;
    });
  }
}
