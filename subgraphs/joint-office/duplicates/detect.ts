// Duplicate visits: a business visited two or more times by two or more units within one
// window. Default window: the calendar month of plannedOn. Day window {days: n}: a business's
// visits sorted by date are chained while the gap between consecutive visits is at most n days
// (single linkage), so two visits n days apart or less always land in the same group, and
// groups of one business never touch each other within n days.
// One pass over the tasks into per-business visit lists (Maps), then a linear walk per business.
import type { Plan } from '../../../platforms/data/model';
import { buildCatalogueIndex } from './catalogue-index';
import { compileFilters, type CompiledFilters } from './filters';
import { buildGroup, type GroupContext } from './group';
import { ErrorCode } from '../../../lib/errors';
import { DuplicatesError } from './errors';
import type { PagedList } from './paginate';
import { resolvePeriod, windowDays, type ResolvedPeriod } from './period';
import type { DetectOptions, DuplicateGroup, DuplicateInput, Visit } from './types';
import { collectVisits, forEachCluster, hasTwoUnits, unitsOf } from './visits';

/** Sort: visits saved (most first), then credit code, first date and key. */
export const DUPLICATE_GROUPS: PagedList<DuplicateGroup> = {
  name: 'duplicateGroups',
  sortKey: (group) => [-group.visitsSaved, group.uscc, group.firstDate, group.key],
  shape: ['number', 'string', 'string', 'string'],
};

export function compareGroups(a: DuplicateGroup, b: DuplicateGroup): number {
  if (a.visitsSaved !== b.visitsSaved) return b.visitsSaved - a.visitsSaved;
  if (a.uscc !== b.uscc) return a.uscc < b.uscc ? -1 : 1;
  if (a.firstDate !== b.firstDate) return a.firstDate < b.firstDate ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** What detection needs once per query, shared by groups and caps. */
export interface Prepared {
  period: ResolvedPeriod;
  /** Visits of each business seen twice or more, over the whole calendar years the period touches. */
  visits: Map<string, Visit[]>;
  filters: CompiledFilters;
}

export function prepare(input: DuplicateInput, options: DetectOptions): Prepared {
  const period = resolvePeriod(options.period);
  const filters = compileFilters(options.filters, input.businesses);
  const years = { start: `${period.years[0]}-01-01`, end: `${period.years[period.years.length - 1]}-12-31` };
  return { period, visits: collectVisits(input.tasks, years, 2), filters };
}

export function groupContext(input: DuplicateInput): GroupContext {
  const plansById = new Map<string, Plan>();
  for (const plan of input.plans) plansById.set(plan.id, plan);
  const itemNames = new Map<string, string>();
  for (const item of input.items ?? []) itemNames.set(item.code, item.name);
  return { catalogue: buildCatalogueIndex(input.catalogue), plansById, itemNames, businesses: input.businesses };
}

function inPeriod(visits: Visit[], period: ResolvedPeriod): Visit[] {
  const first = visits[0].date;
  const last = visits[visits.length - 1].date;
  if (first >= period.start && last <= period.end) return visits;
  return visits.filter((visit) => visit.date >= period.start && visit.date <= period.end);
}

export function groupsFromPrepared(prepared: Prepared, days: number | null, context: GroupContext): DuplicateGroup[] {
  const { period, filters } = prepared;
  const groups: DuplicateGroup[] = [];
  for (const [uscc, all] of prepared.visits) {
    if (all.length < 2) continue;
    if (filters.business && !filters.business(uscc)) continue;
    const visits = inPeriod(all, period);
    if (visits.length < 2) continue;
    forEachCluster(visits, days, (start, end) => {
      if (end - start < 2 || !hasTwoUnits(visits, start, end)) return;
      const cluster = visits.slice(start, end);
      const units = unitsOf(cluster);
      if (filters.unitCode !== undefined && !units.includes(filters.unitCode)) return;
      groups.push(buildGroup(cluster, units, context, days === null));
    });
  }
  return groups.sort(compareGroups);
}

/** Every duplicate group of the period that passes the filters, sorted (see DUPLICATE_GROUPS). */
export function detectDuplicates(input: DuplicateInput, options: DetectOptions): DuplicateGroup[] {
  const days = windowDays(options.window);
  return groupsFromPrepared(prepare(input, options), days, groupContext(input));
}

/**
 * The group with this key among those detected; NOT_FOUND when there is none. A merged group
 * is no longer detected, so an unknown key and an already merged one look alike here: the
 * office's merge records tell them apart.
 */
export function groupByKey(groups: readonly DuplicateGroup[], key: string): DuplicateGroup {
  const group = groups.find((candidate) => candidate.key === key);
  if (!group) throw new DuplicatesError(ErrorCode.NOT_FOUND, `no unmerged duplicate group ${key}`, { key });
  return group;
}
