// Validating a joint plan draft. Checks that need no I/O come first (units known, lead among
// participants, ratios, inspectors, period, exclusions); then each unit's item list is read
// through the graph: every item a unit checks must be on its list (清单之外无检查).
import { findUnit, MEMBER_UNITS } from '../../../config/units';
import { ErrorCode, graphError } from '../../../lib/errors';
import { isIsoDay } from '../../../lib/workdays';
import { RISK_CLASSES, type RegistrationStatus, type SamplingRatios } from '../../../platforms/data/model';
import { DEFAULT_RATIOS, ratioToPpm } from '../draw';
import type { JointPlanDefinition, NewJointPlan } from '../store';
import type { UnitReader } from './unit-reads';

/** The stored definition: the store's type plus the workload cap (kept in the same JSON). */

export const DEFAULT_WORKLOAD_CAP = 30;
export const DEFAULT_EXCLUDED_STATUSES: readonly RegistrationStatus[] = ['deregistered', 'revoked', 'abnormal'];
const STATUSES: readonly RegistrationStatus[] = ['operating', 'abnormal', 'revoked', 'deregistered'];
const MIN_INSPECTORS = 2;

export interface JointPlanInput {
  year: number;
  title: string;
  leadUnit: string;
  participatingUnits: string[];
  items: { unitCode: string; itemCodes: string[] }[];
  scope?: { divisionCodes?: string[] | null; industryCodes?: string[] | null; tags?: string[] | null } | null;
  ratios?: Partial<Record<keyof SamplingRatios, number | null>> | null;
  minTargets?: number | null;
  maxTargets?: number | null;
  periodStart: string;
  periodEnd: string;
  inspectorsPerUnit?: number | null;
  workloadCap?: number | null;
  exclusions?: { inspectedWithinDays?: number | null; statuses?: string[] | null } | null;
}

const bad = (code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) => graphError(code, message, extensions);

function uniqueSorted(list: readonly string[] | null | undefined): string[] {
  return [...new Set((list ?? []).map((s) => s.trim()).filter(Boolean))].sort();
}

function checkUnits(input: JointPlanInput): string[] {
  const units = [...new Set(input.participatingUnits)];
  if (units.length === 0) throw bad(ErrorCode.BAD_INPUT, 'A joint plan needs participating units');
  for (const code of [input.leadUnit, ...units, ...input.items.map((i) => i.unitCode)]) {
    if (!findUnit(code)) {
      throw bad(ErrorCode.UNKNOWN_UNIT, `Unit "${code}" is not a member unit; known units: ${MEMBER_UNITS.map((u) => u.code).join(', ')}`, { unitCode: code });
    }
  }
  if (!units.includes(input.leadUnit)) {
    throw bad(ErrorCode.LEAD_NOT_PARTICIPANT, `The lead unit ${input.leadUnit} must be among the participating units`, { unitCode: input.leadUnit });
  }
  return units;
}

function checkItems(input: JointPlanInput, units: readonly string[]): Record<string, string[]> {
  const itemsByUnit: Record<string, string[]> = {};
  for (const { unitCode, itemCodes } of input.items) {
    if (!units.includes(unitCode)) throw bad(ErrorCode.BAD_INPUT, `Items given for ${unitCode}, which does not participate`, { unitCode });
    itemsByUnit[unitCode] = uniqueSorted([...(itemsByUnit[unitCode] ?? []), ...itemCodes]);
  }
  for (const unitCode of units) {
    if (!itemsByUnit[unitCode]?.length) throw bad(ErrorCode.BAD_INPUT, `Unit ${unitCode} checks no item in this plan`, { unitCode });
  }
  return itemsByUnit;
}

function checkRatios(given: JointPlanInput['ratios']): SamplingRatios {
  const ratios = { ...DEFAULT_RATIOS };
  for (const c of RISK_CLASSES) {
    const value = given?.[c];
    if (value === null || value === undefined) continue;
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      throw bad(ErrorCode.RATIO_OUT_OF_RANGE, `Ratio of class ${c} must be in [0, 1], got ${value}`, { riskClass: c, ratio: value });
    }
    ratios[c] = value;
  }
  for (const c of RISK_CLASSES) {
    try {
      ratioToPpm(c, ratios[c]);
    } catch (error) {
      throw bad(ErrorCode.RATIO_OUT_OF_RANGE, (error as Error).message, { riskClass: c, ratio: ratios[c] });
    }
  }
  return ratios;
}

function checkCount(name: string, value: number | null | undefined, min: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < min) throw bad(ErrorCode.BAD_INPUT, `${name} must be an integer ≥ ${min}, got ${value}`, { [name]: value });
  return value;
}

function checkPeriod(input: JointPlanInput): void {
  for (const [name, day] of [['periodStart', input.periodStart], ['periodEnd', input.periodEnd]] as const) {
    if (!isIsoDay(day)) throw bad(ErrorCode.BAD_INPUT, `${name} must be a day as YYYY-MM-DD, got "${day}"`);
  }
  if (input.periodEnd < input.periodStart) {
    throw bad(ErrorCode.PERIOD_REVERSED, `The period ends (${input.periodEnd}) before it starts (${input.periodStart})`, {
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
    });
  }
}

function checkStatuses(given: readonly string[] | null | undefined): RegistrationStatus[] {
  if (given === null || given === undefined) return [...DEFAULT_EXCLUDED_STATUSES].sort();
  const statuses = uniqueSorted(given.map((s) => s.toLowerCase()));
  for (const s of statuses) {
    if (!STATUSES.includes(s as RegistrationStatus)) throw bad(ErrorCode.BAD_INPUT, `Unknown registration status "${s}"; known: ${STATUSES.join(', ')}`);
  }
  return statuses as RegistrationStatus[];
}

/** Everything but the item lists; throws the stable codes of lib/errors.ts. */
export function normaliseDraft(input: JointPlanInput): NewJointPlan {
  const units = checkUnits(input);
  const itemsByUnit = checkItems(input, units);
  if (!Number.isSafeInteger(input.year) || input.year < 2000 || input.year > 2100) throw bad(ErrorCode.BAD_INPUT, `year must be 2000–2100, got ${input.year}`);
  const title = input.title.trim();
  if (!title || title.length > 200) throw bad(ErrorCode.BAD_INPUT, 'title must have 1–200 characters');
  const ratios = checkRatios(input.ratios);
  const inspectorsPerUnit = input.inspectorsPerUnit ?? MIN_INSPECTORS;
  if (!Number.isSafeInteger(inspectorsPerUnit) || inspectorsPerUnit < MIN_INSPECTORS) {
    throw bad(ErrorCode.TOO_FEW_INSPECTORS, `At least ${MIN_INSPECTORS} inspectors per unit per business are required, got ${inspectorsPerUnit}`, { inspectorsPerUnit });
  }
  checkPeriod(input);
  const minTargets = checkCount('minTargets', input.minTargets, 0);
  const maxTargets = checkCount('maxTargets', input.maxTargets, 0);
  if (minTargets !== undefined && maxTargets !== undefined && minTargets > maxTargets) throw bad(ErrorCode.BAD_INPUT, `minTargets ${minTargets} exceeds maxTargets ${maxTargets}`);
  const workloadCap = checkCount('workloadCap', input.workloadCap, 1) ?? DEFAULT_WORKLOAD_CAP;
  const inspectedWithinDays = checkCount('inspectedWithinDays', input.exclusions?.inspectedWithinDays, 0);
  const definition: JointPlanDefinition = {
    participatingUnits: units,
    itemsByUnit,
    scope: {
      divisionCodes: uniqueSorted(input.scope?.divisionCodes),
      industryCodes: uniqueSorted(input.scope?.industryCodes),
      tags: uniqueSorted(input.scope?.tags),
    },
    ratios,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    inspectorsPerUnit,
    workloadCap,
    exclusions: { statuses: checkStatuses(input.exclusions?.statuses), ...(inspectedWithinDays !== undefined ? { inspectedWithinDays } : {}) },
    ...(minTargets !== undefined ? { minTargets } : {}),
    ...(maxTargets !== undefined ? { maxTargets } : {}),
  };
  return { year: input.year, title, leadUnit: input.leadUnit, definition };
}

/** ITEM_NOT_ON_LIST unless every item of every unit is on that unit's list (read through the graph). */
export async function checkItemsOnLists(reader: UnitReader, itemsByUnit: Record<string, string[]>): Promise<Map<string, string[]>> {
  const lists = await reader.itemsOf(Object.keys(itemsByUnit));
  const specialties = new Map<string, string[]>();
  for (const [unitCode, codes] of Object.entries(itemsByUnit)) {
    const list = new Map((lists.get(unitCode) ?? []).map((item) => [item.code, item.specialty]));
    const missing = codes.filter((code) => !list.has(code));
    if (missing.length > 0) {
      throw bad(ErrorCode.ITEM_NOT_ON_LIST, `Not on ${unitCode}'s item list: ${missing.join(', ')}`, { unitCode, itemCodes: missing });
    }
    specialties.set(unitCode, [...new Set(codes.map((code) => list.get(code)!))].sort());
  }
  return specialties;
}

