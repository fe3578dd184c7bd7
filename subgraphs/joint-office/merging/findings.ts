// The office's duplicate findings for a period: gathered through the graph (gather.ts), found by
// the duplicates core, then narrowed by division and industry with the registry's data on the
// businesses found (only those are looked up: the registry is asked about hundreds of
// businesses, not about every business visited).
import { ErrorCode, graphError } from '../../../lib/errors';
import type { Task } from '../../../platforms/data/model';
import {
  resolvePeriod,
  unmergedReport,
  type BusinessInfo,
  type CapOptions,
  type DuplicateFilters,
  type DuplicateGroup,
  type DuplicateInput,
  type PeriodInput,
  type UnmergedReport,
  type WindowInput,
} from '../duplicates';
import { compileFilters } from '../duplicates/filters';
import { confirmedCatalogue, readBusinesses, readItems, readPlans, type GatherDeps } from './gather';

/** A group can still become one visit while none of its visits has started and its units' plans share a day. */
export function isMergeable(group: Pick<DuplicateGroup, 'tasks' | 'mergeDates'>): boolean {
  return group.mergeDates !== null && group.tasks.every((task) => task.status === 'pending');
}

export interface FindOptions {
  period: PeriodInput;
  window?: WindowInput;
  caps?: CapOptions;
  filters?: DuplicateFilters;
  /** Look up division and industry of every business found, even without such a filter. */
  withBusinesses?: boolean;
  /** Only tasks planned by this day count (the statistics' as-of day): later visits have not happened yet. */
  until?: string;
}

export interface Findings extends UnmergedReport {
  input: DuplicateInput;
  /** Registry data of the businesses found (when filtered by division/industry or asked for). */
  businesses: ReadonlyMap<string, BusinessInfo>;
}

/** The calendar years the period touches, as one day range (caps count whole years). */
export function yearsOf(period: PeriodInput): { from: string; to: string; years: number[] } {
  const resolved = resolvePeriod(period);
  if (resolved.years.length > 2) {
    throw graphError(ErrorCode.BAD_INPUT, `A duplicate search covers at most two calendar years, got ${resolved.start}..${resolved.end}`);
  }
  return { from: `${resolved.years[0]}-01-01`, to: `${resolved.years[resolved.years.length - 1]}-12-31`, years: resolved.years };
}

/**
 * Tasks, plans, items and the confirmed catalogue of the period's years. The tasks come from the
 * office's visit index (SYNCING while it is first built); plans and items through the graph. The
 * input is kept while the index and the catalogue stay the same, so a warm query reads nothing.
 * `fresh`: read the units' feeds first (before a merge acts on the findings).
 */
export async function gatherInput(deps: GatherDeps, period: PeriodInput, fresh = false): Promise<DuplicateInput> {
  const { from, to } = yearsOf(period);
  const catalogue = await confirmedCatalogue(deps.store);
  const { visits } = deps;
  if (fresh) await visits.sync.refresh(visits.index.unitCodes);
  else await visits.catchUp(deps.cache);
  visits.assertReady();
  return visits.memo(`input|${from}|${to}`, `${visits.index.version}|${JSON.stringify(catalogue)}`, async () => {
    const [plans, items] = await Promise.all([readPlans(deps), readItems(deps)]);
    return { tasks: visits.index.tasksIn(from, to), plans, items, catalogue };
  });
}

/** The findings for these options, kept while the input stays the same. */
export async function findDuplicates(deps: GatherDeps, options: FindOptions): Promise<Findings> {
  // Bad filters fail before anything is read.
  compileFilters(options.filters ?? {}, undefined);
  const gathered = await gatherInput(deps, options.period);
  const { visits } = deps;
  return visits.memo(`findings|${JSON.stringify(options)}`, visits.keyOf(gathered), () => findIn(deps, gathered, options));
}

async function findIn(deps: GatherDeps, gathered: DuplicateInput, options: FindOptions): Promise<Findings> {
  const filters = options.filters ?? {};
  const { until } = options;
  const input = until === undefined ? gathered : { ...gathered, tasks: gathered.tasks.filter((task) => task.plannedOn <= until) };
  const byUnit = unmergedReport(input, { period: options.period, window: options.window, caps: options.caps, filters: { unitCode: filters.unitCode } });
  const narrow = filters.divisionCode !== undefined || filters.industryPrefix !== undefined;
  if (!narrow && !options.withBusinesses) return { ...byUnit, input, businesses: new Map() };
  const usccs = [...new Set([...byUnit.groups.map((group) => group.uscc), ...byUnit.overCap.map((entry) => entry.uscc)])];
  const businesses = await deps.visits.businessInfo(usccs, (unknown) => readBusinesses(deps, unknown));
  const keep = compileFilters(filters, businesses).business ?? (() => true);
  const annotate = <T extends { uscc: string; divisionCode?: string; industryCode?: string }>(entry: T): T => {
    const info = businesses.get(entry.uscc);
    return info ? { ...entry, divisionCode: info.divisionCode, industryCode: info.industryCode } : entry;
  };
  const groups = byUnit.groups.filter((group) => keep(group.uscc)).map(annotate);
  const overCap = byUnit.overCap.filter((entry) => keep(entry.uscc)).map(annotate);
  return {
    ...byUnit,
    groups,
    overCap,
    duplicateGroups: groups.length,
    visitsSaved: groups.reduce((sum, group) => sum + group.visitsSaved, 0),
    businessesOverCap: new Set(overCap.map((entry) => entry.uscc)).size,
    input,
    businesses,
  };
}

/** Unit of each task id, for figures that split by unit. */
export function unitOfTask(tasks: readonly Task[]): Map<string, string> {
  return new Map(tasks.map((task) => [task.id, task.unitCode]));
}
