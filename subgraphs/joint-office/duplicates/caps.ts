// Too many visits: a business visited by one unit more than `perUnitPerYear` times in a
// calendar year, or by all units together more than `totalPerYear` times. A joint visit counts
// once for each unit taking part and once in the total. Caps are yearly, so visits are counted
// over whole calendar years; a business is reported for a period when at least one counted
// visit falls in that period.
import { badInput } from './errors';
import { prepare, type Prepared } from './detect';
import { compareKeys, type PagedList } from './paginate';
import type { BusinessInfo, CapOptions, DetectOptions, DuplicateInput, OverCap, Visit } from './types';

export const DEFAULT_PER_UNIT_CAP = 2;

/** Sort: most visits over the cap first, then credit code, year and unit (total first). */
export const OVER_CAP: PagedList<OverCap> = {
  name: 'overVisitCap',
  sortKey: (entry) => [entry.cap - entry.visits, entry.uscc, entry.year, entry.unitCode ?? ''],
  shape: ['number', 'string', 'number', 'string'],
};

function compareOverCap(a: OverCap, b: OverCap): number {
  return compareKeys(OVER_CAP.sortKey(a), OVER_CAP.sortKey(b));
}

export function resolveCaps(caps: CapOptions = {}): { perUnit: number; total: number | null } {
  const perUnit = caps.perUnitPerYear ?? DEFAULT_PER_UNIT_CAP;
  if (!Number.isInteger(perUnit) || perUnit < 1) throw badInput(`perUnitPerYear must be a positive integer (got ${perUnit})`);
  const total = caps.totalPerYear ?? null;
  if (total !== null && (!Number.isInteger(total) || total < 1)) throw badInput(`totalPerYear must be a positive integer (got ${total})`);
  return { perUnit, total };
}

function entry(uscc: string, unitCode: string | null, year: number, visits: Visit[], cap: number, info?: BusinessInfo): OverCap {
  const tasks = visits.flatMap((visit) => visit.tasks);
  const own = unitCode === null ? tasks : tasks.filter((task) => task.unitCode === unitCode);
  const result: OverCap = { uscc, unitCode, year, visits: visits.length, cap, taskIds: own.map((task) => task.id).sort() };
  if (info) Object.assign(result, { divisionCode: info.divisionCode, industryCode: info.industryCode });
  return result;
}

export function overCapFromPrepared(prepared: Prepared, caps: CapOptions | undefined, businesses?: ReadonlyMap<string, BusinessInfo>): OverCap[] {
  const { perUnit, total } = resolveCaps(caps);
  const { period, filters } = prepared;
  const touchesPeriod = (visits: Visit[]) => visits.some((visit) => visit.date >= period.start && visit.date <= period.end);
  const found: OverCap[] = [];
  for (const [uscc, all] of prepared.visits) {
    // Fewer visits than either cap cannot exceed it: skip the counting for most businesses.
    if (all.length <= perUnit && (total === null || all.length <= total)) continue;
    if (filters.business && !filters.business(uscc)) continue;
    const info = businesses?.get(uscc);
    for (const year of period.years) {
      const prefix = String(year);
      const visits = all.filter((visit) => visit.date.startsWith(prefix));
      if (total !== null && visits.length > total && touchesPeriod(visits)) {
        if (filters.unitCode === undefined || visits.some((visit) => visit.unitCodes.includes(filters.unitCode!))) {
          found.push(entry(uscc, null, year, visits, total, info));
        }
      }
      if (visits.length <= perUnit) continue;
      const byUnit = new Map<string, Visit[]>();
      for (const visit of visits) {
        for (const unit of visit.unitCodes) {
          const list = byUnit.get(unit);
          if (list) list.push(visit);
          else byUnit.set(unit, [visit]);
        }
      }
      for (const [unitCode, unitVisits] of byUnit) {
        if (unitVisits.length <= perUnit || !touchesPeriod(unitVisits)) continue;
        if (filters.unitCode !== undefined && filters.unitCode !== unitCode) continue;
        found.push(entry(uscc, unitCode, year, unitVisits, perUnit, info));
      }
    }
  }
  return found.sort(compareOverCap);
}

/** Businesses over a visit cap in the calendar years of the period, sorted (see OVER_CAP). */
export function findOverVisitCap(input: DuplicateInput, options: DetectOptions): OverCap[] {
  resolveCaps(options.caps);
  return overCapFromPrepared(prepare(input, options), options.caps, input.businesses);
}
