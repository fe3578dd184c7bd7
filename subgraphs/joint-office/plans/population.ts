// The eligible population of a joint plan, gathered through the graph at draw time.
//
// A business is eligible when all of these hold (documented in README, "Joint plans"):
//  1. the LEAD unit's directory lists it within the scope: its division is one of the scope's
//     divisions (no divisions: any of the office's city, config/divisions.ts OFFICE_CITY), its industry code starts with one of the scope's industry codes, and it
//     carries at least one of the scope's tags (an empty list means "any");
//  2. EVERY participating unit's directory lists it (any entry: the unit may inspect it);
//  3. the credit registry knows it, its registration status is not excluded (default:
//     deregistered, revoked, abnormal), and it has a current risk class (A–D);
//  4. with `inspectedWithinDays` N: no participating unit holds a non-cancelled task of it
//     planned in the N days before the period starts (periodStart − N ≤ plannedOn < periodStart).
// On the way, the inspectors of each unit's latest earlier task of each business (latest
// non-cancelled task planned before the period starts) are kept for rotation.
import { OFFICE_CITY, dataCityOf } from '../../../config/divisions';
import type { RiskClass } from '../../../platforms/data/model';
import type { Candidate } from '../draw';
import type { JointPlanDefinition } from '../store';
import type { DirectoryFilterInput, DirectoryRow, TaskRow, UnitReader } from './unit-reads';

export interface PopulationReport {
  /** Listed in the lead unit's directory within the scope. */
  inScope: number;
  /** Of those, missing from some participating unit's directory. */
  notInEveryDirectory: number;
  /** Unknown to the credit registry. */
  unknownToCredit: number;
  /** Registration status among the exclusions. */
  excludedStatus: number;
  /** No current risk class. */
  unclassified: number;
  /** Inspected by a participating unit within the exclusion window. */
  recentlyInspected: number;
  /** The frozen candidates. */
  candidates: number;
}

export interface Population {
  candidates: Candidate[];
  /** unitCode → uscc → inspector ids of the unit's latest earlier task. */
  lastInspectors: Map<string, Map<string, string[]>>;
  report: PopulationReport;
}

const DAY_MS = 86_400_000;

export function daysBefore(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - n * DAY_MS).toISOString().slice(0, 10);
}

/** Directory queries covering the scope: one per division × industry prefix (and the tag when only one). */
export function scopeFilters(scope: JointPlanDefinition['scope']): DirectoryFilterInput[] {
  const divisions = scope.divisionCodes.length ? scope.divisionCodes : [undefined];
  const industries = scope.industryCodes.length ? scope.industryCodes : [undefined];
  const tag = scope.tags.length === 1 ? scope.tags[0] : undefined;
  const filters: DirectoryFilterInput[] = [];
  for (const divisionCode of divisions) {
    for (const industryPrefix of industries) {
      filters.push({ ...(divisionCode ? { divisionCode } : {}), ...(industryPrefix ? { industryPrefix } : {}), ...(tag ? { tag } : {}) });
    }
  }
  return filters;
}

export function inScope(row: DirectoryRow, scope: JointPlanDefinition['scope']): boolean {
  return (
    (scope.divisionCodes.length === 0 ? dataCityOf(row.divisionCode) === OFFICE_CITY : scope.divisionCodes.includes(row.divisionCode)) &&
    (scope.industryCodes.length === 0 || scope.industryCodes.some((prefix) => row.industryCode.startsWith(prefix))) &&
    (scope.tags.length === 0 || scope.tags.some((tag) => row.tags.includes(tag)))
  );
}

export async function gatherPopulation(reader: UnitReader, leadUnit: string, definition: JointPlanDefinition): Promise<Population> {
  const rows = await reader.directory(leadUnit, scopeFilters(definition.scope));
  const scoped = [...new Set(rows.filter((row) => inScope(row, definition.scope)).map((row) => row.uscc))].sort();
  const others = definition.participatingUnits.filter((unit) => unit !== leadUnit);
  const listings = await Promise.all(others.map((unit) => reader.listedIn(unit, scoped)));
  const listedEverywhere = scoped.filter((uscc) => listings.every((listed) => listed.has(uscc)));

  const credit = await reader.credit(listedEverywhere);
  const excluded = new Set(definition.exclusions.statuses);
  let unknownToCredit = 0;
  let excludedStatus = 0;
  let unclassified = 0;
  const classified: { uscc: string; riskClass: RiskClass }[] = [];
  for (const uscc of listedEverywhere) {
    const row = credit.get(uscc);
    if (!row) unknownToCredit++;
    else if (excluded.has(row.status)) excludedStatus++;
    else if (!row.riskClass) unclassified++;
    else classified.push({ uscc, riskClass: row.riskClass });
  }

  const usccs = classified.map((c) => c.uscc);
  const tasksByUnit = await Promise.all(definition.participatingUnits.map((unit) => reader.tasksOf(unit, usccs)));
  const { periodStart } = definition;
  const windowDays = definition.exclusions.inspectedWithinDays;
  const windowStart = windowDays === undefined ? null : daysBefore(periodStart, windowDays);
  const recent = new Set<string>();
  const lastInspectors = new Map<string, Map<string, string[]>>();
  definition.participatingUnits.forEach((unit, i) => {
    const latest = new Map<string, TaskRow>();
    for (const task of tasksByUnit[i]) {
      if (task.status === 'cancelled' || task.plannedOn >= periodStart) continue;
      if (windowStart !== null && task.plannedOn >= windowStart) recent.add(task.uscc);
      const known = latest.get(task.uscc);
      // Latest by day; on the same day, the larger task id (later issued) wins: deterministic.
      if (!known || task.plannedOn > known.plannedOn || (task.plannedOn === known.plannedOn && task.id > known.id)) latest.set(task.uscc, task);
    }
    lastInspectors.set(unit, new Map([...latest].map(([uscc, task]) => [uscc, task.inspectorIds])));
  });

  const candidates = classified.filter((c) => !recent.has(c.uscc));
  return {
    candidates,
    lastInspectors,
    report: {
      inScope: scoped.length,
      notInEveryDirectory: scoped.length - listedEverywhere.length,
      unknownToCredit,
      excludedStatus,
      unclassified,
      recentlyInspected: classified.length - candidates.length,
      candidates: candidates.length,
    },
  };
}
