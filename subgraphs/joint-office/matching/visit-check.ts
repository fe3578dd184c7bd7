// The visit check a unit asks before it creates a task (一企一年检查次数上限, 拼团): would one more
// visit to the business exceed the jurisdiction's caps for the year, and which planned visits of
// other units could it join instead. Pure: the caller gives the business's tasks (from the
// office's visit index), the unit's plans and the confirmed item catalogue.
import type { JurisdictionConfig } from '../../../config/jurisdictions';
import { JURISDICTIONS } from '../../../config/jurisdictions';
import type { Plan, Task } from '../../../platforms/data/model';
import { HOME_JURISDICTION } from '../../kit/statistics/scope';
import { checkKeyOf, collectVisits, type CatalogueIndex, type Visit } from '../duplicates';
import { epochDay } from '../duplicates/period';

export interface VisitCaps {
  jurisdiction: string;
  perUnitPerYear: number;
  totalPerYear: number;
  fromSeed: boolean;
}

export interface CapExceeded {
  scope: 'unit' | 'total';
  cap: number;
  /** Visits of the year with the new one. */
  visits: number;
  /** The tasks of the visits already counted (the unit's own for the unit cap), sorted. */
  taskIds: string[];
}

export interface JoinableVisit {
  date: string;
  unitCodes: string[];
  taskIds: string[];
  jointGroupId?: string;
  /** Items the visit's units already check. */
  itemCodes: string[];
  /** Items of the request the visit already checks (same code, or one confirmed catalogue entry). */
  repeatedItems: string[];
  /** Days between the requested date and the visit. */
  daysApart: number;
  /** Joining keeps the unit within its cap (the total does not grow: a joint visit counts once in it). */
  withinCaps: boolean;
  /** The unit's plan covering both days, under which it would join; null when it has none (same month). */
  planId: string | null;
}

export type Decision = 'join' | 'new_visit' | 'refuse';

export interface VisitCheckAnswer {
  uscc: string;
  unitCode: string;
  date: string;
  year: number;
  caps: VisitCaps;
  /** Visits of the year the unit takes part in, before the new one. */
  unitVisits: number;
  /** Visits of the year by all units, before the new one. */
  totalVisits: number;
  /** Caps a new visit of its own would exceed; empty when it is allowed. */
  exceeded: CapExceeded[];
  allowed: boolean;
  /** Closest first. */
  joinable: JoinableVisit[];
  /** join: a joinable visit keeps the caps; new_visit: nothing to join, within caps; refuse: over a cap, nothing to join. */
  decision: Decision;
}

export interface VisitCheckRequest {
  uscc: string;
  unitCode: string;
  date: string;
  itemCodes: readonly string[];
}

export interface VisitCheckContext {
  caps: VisitCaps;
  /** The requesting unit's plans (joinable visits lie in a plan of it that covers the date). */
  unitPlans: readonly Plan[];
  catalogue: CatalogueIndex;
}

/**
 * The caps of the office's jurisdiction for a year: that year's configuration, else the latest
 * before it, else the earliest (caps do not change with the targets of a year).
 */
export function capsFor(year: number): { caps: VisitCaps; config: JurisdictionConfig } {
  const own = JURISDICTIONS.filter((config) => config.code === HOME_JURISDICTION).sort((a, b) => a.year - b.year);
  const config = [...own].reverse().find((candidate) => candidate.year <= year) ?? own[0];
  const { maxVisitsPerYear, totalVisitsPerYear, fromSeed } = config.visitCap;
  return { config, caps: { jurisdiction: config.code, perUnitPerYear: maxVisitsPerYear, totalPerYear: totalVisitsPerYear, fromSeed } };
}

const sortedIds = (visits: readonly Visit[], unitCode?: string) =>
  visits.flatMap((visit) => visit.tasks).filter((task) => unitCode === undefined || task.unitCode === unitCode).map((task) => task.id).sort();

/** Where the unit may join: a plan of it covering the date and the visit's day, else the same month. */
function planFor(unitPlans: readonly Plan[], date: string, day: string): string | null | undefined {
  const covering = unitPlans.filter((plan) => plan.periodStart <= date && plan.periodEnd >= date);
  if (covering.length === 0) return day.slice(0, 7) === date.slice(0, 7) ? null : undefined;
  return covering.find((plan) => plan.periodStart <= day && plan.periodEnd >= day)?.id;
}

function joinableOf(visits: readonly Visit[], request: VisitCheckRequest, context: VisitCheckContext, unitWithin: boolean): JoinableVisit[] {
  const requested = new Map(request.itemCodes.map((code) => [checkKeyOf(context.catalogue, code), code]));
  const requestDay = epochDay(request.date);
  const found: JoinableVisit[] = [];
  for (const visit of visits) {
    if (visit.unitCodes.includes(request.unitCode) || !visit.tasks.every((task) => task.status === 'pending')) continue;
    const planId = planFor(context.unitPlans, request.date, visit.date);
    if (planId === undefined) continue;
    const itemCodes = [...new Set(visit.tasks.flatMap((task) => task.itemCodes))].sort();
    const checked = new Set(itemCodes.map((code) => checkKeyOf(context.catalogue, code)));
    const joinable: JoinableVisit = {
      date: visit.date,
      unitCodes: [...visit.unitCodes],
      taskIds: visit.tasks.map((task) => task.id),
      itemCodes,
      repeatedItems: [...requested].filter(([check]) => checked.has(check)).map(([, code]) => code).sort(),
      daysApart: Math.abs(visit.day - requestDay),
      withinCaps: unitWithin,
      planId,
    };
    if (visit.jointGroupId) joinable.jointGroupId = visit.jointGroupId;
    found.push(joinable);
  }
  return found.sort((a, b) => a.daysApart - b.daysApart || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || (a.taskIds[0] < b.taskIds[0] ? -1 : 1));
}

/** The answer for one request; `tasks` are every unit's tasks of the business, in any state. */
export function checkVisit(tasks: readonly Task[], request: VisitCheckRequest, context: VisitCheckContext): VisitCheckAnswer {
  const year = Number(request.date.slice(0, 4));
  const visits = collectVisits(tasks, { start: `${year}-01-01`, end: `${year}-12-31` }).get(request.uscc) ?? [];
  const own = visits.filter((visit) => visit.unitCodes.includes(request.unitCode));
  const { caps } = context;
  const exceeded: CapExceeded[] = [];
  if (own.length + 1 > caps.perUnitPerYear) exceeded.push({ scope: 'unit', cap: caps.perUnitPerYear, visits: own.length + 1, taskIds: sortedIds(own, request.unitCode) });
  if (visits.length + 1 > caps.totalPerYear) exceeded.push({ scope: 'total', cap: caps.totalPerYear, visits: visits.length + 1, taskIds: sortedIds(visits) });
  // Joining adds a visit for the unit but none to the total, so only the unit's cap can stop it.
  const unitWithin = own.length + 1 <= caps.perUnitPerYear;
  const joinable = joinableOf(visits, request, context, unitWithin);
  const allowed = exceeded.length === 0;
  const decision: Decision = joinable.some((visit) => visit.withinCaps) ? 'join' : allowed ? 'new_visit' : 'refuse';
  return {
    uscc: request.uscc,
    unitCode: request.unitCode,
    date: request.date,
    year,
    caps,
    unitVisits: own.length,
    totalVisits: visits.length,
    exceeded,
    allowed,
    joinable,
    decision,
  };
}
