// Independent check of a matching record against the rules, for whoever holds the directories
// (the office re-checking a stored matching, the tests). It does not re-run the generator; it
// checks the outcome: counts, qualification, recusal, rotation and the workload cap.
import type { MatchInput } from './eligibility';
import { hasConflict, isQualified, lastInspectorIds } from './eligibility';
import type { MatchingRecord } from './match';

export interface MatchingViolation {
  uscc: string | null;
  unitCode: string | null;
  inspectorId: string | null;
  rule: 'business_list' | 'unit_list' | 'count' | 'duplicate' | 'unqualified' | 'conflict' | 'last_time' | 'workload';
}

/** Every rule a matching record breaks for the given input; empty when it is sound. */
export function findMatchingViolations(input: MatchInput, record: MatchingRecord): MatchingViolation[] {
  const violations: MatchingViolation[] = [];
  const add = (rule: MatchingViolation['rule'], uscc: string | null, unitCode: string | null, inspectorId: string | null = null) =>
    violations.push({ rule, uscc, unitCode, inspectorId });
  const expectedBusinesses = input.draw.drawn.map((b) => b.uscc);
  if (record.assignments.map((a) => a.uscc).join('\n') !== expectedBusinesses.join('\n')) add('business_list', null, null);
  const units = new Map(input.units.map((u) => [u.unitCode, u]));
  const directories = new Map(input.units.map((u) => [u.unitCode, new Map(u.inspectors.map((i) => [i.id, i]))]));
  const loads = new Map<string, number>();

  for (const assignment of record.assignments) {
    const unitCodes = assignment.units.map((u) => u.unitCode);
    if (unitCodes.join('\n') !== input.units.map((u) => u.unitCode).join('\n')) add('unit_list', assignment.uscc, null);
    for (const { unitCode, inspectorIds } of assignment.units) {
      const unit = units.get(unitCode);
      if (!unit) continue;
      if (inspectorIds.length !== input.perBusiness) add('count', assignment.uscc, unitCode);
      if (new Set(inspectorIds).size !== inspectorIds.length) add('duplicate', assignment.uscc, unitCode);
      const last = new Set(lastInspectorIds(unit, assignment.uscc));
      for (const id of inspectorIds) {
        const inspector = directories.get(unitCode)!.get(id);
        if (!inspector || !isQualified(inspector, unit, input.periodEnd)) add('unqualified', assignment.uscc, unitCode, id);
        if (inspector && hasConflict(inspector, assignment.uscc)) add('conflict', assignment.uscc, unitCode, id);
        if (last.has(id)) add('last_time', assignment.uscc, unitCode, id);
        const key = `${unitCode}\n${id}`;
        loads.set(key, (loads.get(key) ?? 0) + 1);
      }
    }
  }
  for (const [key, load] of loads) {
    if (load > input.workloadCap) {
      const [unitCode, id] = key.split('\n');
      add('workload', null, unitCode, id);
    }
  }
  return violations;
}
