// Who may do what with joint plans.
//  - compose, draw, publish, dispatch, refresh: the office, or the plan's lead unit;
//  - see a plan: the office and its participating units at any state; anyone else (other units,
//    the public) once it is published (published, dispatched, in progress, completed);
//  - see inspector ids (matching, tasks) and resolve the pseudonyms of the published matching:
//    the office for every unit, a participating unit for its own officers only; never the public;
//  - see tasks, dispatch state and the audit trail: the office and the participating units
//    (audit: the office only).
import { ErrorCode, graphError } from '../../../lib/errors';
import { forbidden, type Role } from '../../../lib/roles';
import type { JointPlanRecord, PlanState } from '../store';

const PUBLIC_STATES: ReadonlySet<PlanState> = new Set(['published', 'dispatched', 'in_progress', 'completed']);

export function isPublicState(state: PlanState): boolean {
  return PUBLIC_STATES.has(state);
}

function isParticipant(role: Role, plan: JointPlanRecord): boolean {
  return role.kind === 'department' && plan.definition.participatingUnits.includes(role.unitCode);
}

/** FORBIDDEN unless the role is the office or the unit that leads the plan. */
export function requireComposer(role: Role, leadUnit: string, what: string): void {
  if (role.kind === 'office') return;
  if (role.kind === 'department' && role.unitCode === leadUnit) return;
  throw forbidden(`${what} (only the office or the lead unit ${leadUnit} may)`, role);
}

/** A withdrawn plan that had been drawn stays public, with its reason: a re-draw hides nothing. */
function isPublicWithdrawal(plan: JointPlanRecord): boolean {
  return plan.state === 'withdrawn' && plan.milestones.drawnAt !== undefined;
}

export function maySeePlan(role: Role, plan: JointPlanRecord): boolean {
  return role.kind === 'office' || isParticipant(role, plan) || isPublicState(plan.state) || isPublicWithdrawal(plan);
}

/** The plan when the role may see it; NOT_FOUND otherwise (an unpublished plan is not disclosed). */
export function visiblePlan(role: Role, plan: JointPlanRecord | null, id: string): JointPlanRecord {
  if (!plan || !maySeePlan(role, plan)) throw graphError(ErrorCode.NOT_FOUND, `No joint plan ${id}`, { planId: id });
  return plan;
}

/** Units whose inspector ids the role may see in this plan. */
export function inspectorUnitsVisible(role: Role, plan: JointPlanRecord): ReadonlySet<string> {
  if (role.kind === 'office') return new Set(plan.definition.participatingUnits);
  if (isParticipant(role, plan)) return new Set([(role as { unitCode: string }).unitCode]);
  return new Set();
}

/**
 * The units whose officer pseudonyms the role may resolve (all participating units, or just
 * `unitCode`): FORBIDDEN for the public, units outside the plan, and a unit asking for another's.
 */
export function requirePseudonymUnits(role: Role, plan: JointPlanRecord, unitCode?: string | null): string[] {
  const visible = inspectorUnitsVisible(role, plan);
  if (visible.size === 0 || (unitCode && role.kind !== 'office' && !visible.has(unitCode))) {
    throw forbidden('resolve officer pseudonyms (only the office, or a participating unit for its own officers)', role);
  }
  if (!unitCode) return [...visible];
  return visible.has(unitCode) ? [unitCode] : [];
}

export function requireInsider(role: Role, plan: JointPlanRecord, what: string): void {
  if (role.kind === 'office' || isParticipant(role, plan)) return;
  throw forbidden(what, role);
}

export function requireOffice(role: Role, what: string): void {
  if (role.kind !== 'office') throw forbidden(what, role);
}
