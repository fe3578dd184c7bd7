// The full recomputation the units' views are checked against (test/views-equal-recomputation):
// everything one unit's counts need, read afresh from its own platform (through the
// DepartmentPlatform adapter) and from the credit information system (publication dates):
// - tasks: every page of the year, at the platform adapter's largest page;
// - results, follow-ups, directory entries (division of each business) and publications: in
//   batches of the source's maximum, a few batches in flight at a time;
// - directory sizes: the totalCount of a one-row page, for the unit and for each division.
import type { DirectoryEntry, Plan, Publication, Task } from '../../platforms/data/model';
import { dataCityOf, dataCityOfCertificate, dataCityOfUscc, type Division } from '../../config/divisions';
import type { DepartmentPlatform, PublicationSource, TaskQuery } from '../../subgraphs/kit/platform';
import type { UnitStatisticsInput } from '../../subgraphs/kit/statistics/unit-counts';

/** Largest task page asked of an adapter; adapters cut it to their platform's own page limit. */
export const TASK_PAGE = 1000;
/** Batches of one kind in flight at once, so a big unit does not flood its platform. */
export const BATCHES_IN_FLIGHT = 4;

/** Runs a platform call when a slot is free (shared by every unit gathered in one process). */
export type CallLimiter = <T>(call: () => Promise<T>) => Promise<T>;

/**
 * At most `slots` calls at once. A department subgraph gathers all its units' data for one
 * dashboard query (15 units on the provincial platform): without a bound, hundreds of calls
 * would queue at the platform and the last ones would run into the platform timeout.
 */
export function callLimiter(slots: number): CallLimiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(call: () => Promise<T>): Promise<T> => {
    if (active >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await call();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

const unlimited: CallLimiter = (call) => call();

function chunk<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < values.length; start += size) out.push(values.slice(start, start + size));
  return out;
}

/** Runs `load` on batches of at most `size` keys, BATCHES_IN_FLIGHT at a time; answers aligned with keys. */
export async function inBatches<K, V>(keys: readonly K[], size: number, load: (batch: K[]) => Promise<V[]>): Promise<V[]> {
  const batches = chunk(keys, Math.max(1, size));
  const answers: V[][] = new Array(batches.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const index = next++;
      answers[index] = await load(batches[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCHES_IN_FLIGHT, batches.length) }, worker));
  return answers.flat();
}

/** Every task of one listing (one filter), walking all its pages. */
async function walkTasks(platform: DepartmentPlatform, unitCode: string, query: Omit<TaskQuery, 'first' | 'after'>, limit: CallLimiter): Promise<Task[]> {
  const tasks: Task[] = [];
  let after: string | undefined;
  do {
    const cursor = after;
    const page = await limit(() => platform.tasks(unitCode, { ...query, first: TASK_PAGE, after: cursor }));
    tasks.push(...page.nodes);
    after = page.next ?? undefined;
  } while (after !== undefined);
  return tasks;
}

/**
 * The plannedOn ranges a year's tasks are listed in: before the year, each month, after it.
 * Cursors only go forward, so one listing is walked page after page; twelve months (plus the
 * tasks of the year's plans planned outside it) are walked side by side.
 */
export function taskRanges(year: number): { from?: string; to?: string }[] {
  const months = Array.from({ length: 12 }, (_, index) => {
    const month = String(index + 1).padStart(2, '0');
    const last = new Date(Date.UTC(year, index + 1, 0)).getUTCDate();
    return { from: `${year}-${month}-01`, to: `${year}-${month}-${last}` };
  });
  return [{ to: `${year - 1}-12-31` }, ...months, { from: `${year + 1}-01-01` }];
}

/** Every task the platform lists for the unit and year, all pages of every range. */
export async function allTasks(platform: DepartmentPlatform, unitCode: string, year: number, limit: CallLimiter = unlimited): Promise<Task[]> {
  // Most units' year fits in one page; only bigger ones are walked month by month.
  const first = await limit(() => platform.tasks(unitCode, { year, first: TASK_PAGE }));
  if (first.next === null) return first.nodes;
  const parts = await Promise.all(taskRanges(year).map((range) => walkTasks(platform, unitCode, { year, ...range }, limit)));
  const seen = new Set<string>();
  return parts.flat().filter((task) => !seen.has(task.id) && seen.add(task.id));
}

async function directorySizes(platform: DepartmentPlatform, unitCode: string, divisions: readonly Division[], limit: CallLimiter) {
  const size = async (divisionCode?: string) => (await limit(() => platform.directory(unitCode, { divisionCode, first: 1 }))).totalCount;
  const [total, ...perDivision] = await Promise.all([size(), ...divisions.map((division) => size(division.code))]);
  return { total, byDivision: Object.fromEntries(divisions.map((division, index) => [division.code, perDivision[index]])) };
}

/** Earliest publication per task of this unit. */
async function publicationDays(credit: PublicationSource, unitCode: string, tasks: readonly Task[], limit: CallLimiter): Promise<Map<string, string>> {
  const taskIds = new Set(tasks.map((task) => task.id));
  const usccs = [...new Set(tasks.map((task) => task.uscc))];
  const lists = await inBatches(usccs, credit.maxBatch, (batch) => limit(() => credit.publicationsOf(batch)));
  const earliest = new Map<string, string>();
  for (const publication of lists.flat()) {
    if (publication.unitCode !== unitCode || !taskIds.has(publication.taskId)) continue;
    const known = earliest.get(publication.taskId);
    if (known === undefined || Date.parse(publication.publishedAt) < Date.parse(known)) earliest.set(publication.taskId, publication.publishedAt);
  }
  return earliest;
}

export interface GatherOptions {
  unitCode: string;
  year: number;
  /** The jurisdiction's county-level divisions, for the split by division. */
  divisions: readonly Division[];
  /**
   * The city whose records count (the platforms hold two): tasks of its businesses, plans of its
   * divisions, its roster, its directory (config/divisions.ts).
   */
  jurisdiction: string;
  /** Bounds the calls to the unit's platform and to the credit system (default: no bound). */
  limitPlatform?: CallLimiter;
  limitCredit?: CallLimiter;
}

/**
 * Everything countUnit needs for one unit, year and city, and (`every`) the unit's tasks and
 * plans of every city, for the duplicate finder, which knows no cities. Platform failures
 * propagate (PlatformError).
 */
export async function gatherUnitInput(
  platform: DepartmentPlatform,
  credit: PublicationSource,
  options: GatherOptions,
): Promise<UnitStatisticsInput & { every: { tasks: Task[]; plans: Plan[] } }> {
  const { unitCode, year } = options;
  const limit = options.limitPlatform ?? unlimited;
  const city = options.jurisdiction;
  const [items, inspectors, roster, allPlans, yearTasks, sizes] = await Promise.all([
    limit(() => platform.items(unitCode)),
    limit(() => platform.inspectors(unitCode)),
    limit(() => platform.certifiedOfficers(unitCode)),
    // All years: a task is of the year of its plan.
    limit(() => platform.plans(unitCode)),
    allTasks(platform, unitCode, year, limit),
    directorySizes(platform, unitCode, options.divisions, limit),
  ]);
  const certifiedOfficers = roster.filter((officer) => dataCityOfCertificate(officer.certificateNo) === city);
  const plans = allPlans.filter((plan) => dataCityOf(plan.scope.divisionCodes[0] ?? '440800') === city);
  const tasks = yearTasks.filter((task) => dataCityOfUscc(task.uscc) === city);
  const counted = tasks.filter((task) => task.status !== 'cancelled');
  const taskIds = counted.map((task) => task.id);
  const usccs = [...new Set(counted.map((task) => task.uscc))];
  const [results, followUps, entries, publishedAtByTaskId] = await Promise.all([
    inBatches(taskIds, platform.maxBatch, (batch) => limit(() => platform.results(unitCode, batch))),
    inBatches(taskIds, platform.maxBatch, (batch) => limit(() => platform.followUps(unitCode, batch))),
    inBatches(usccs, platform.maxBatch, (batch) => limit(() => platform.directoryEntries(unitCode, batch))),
    publicationDays(credit, unitCode, counted.filter((task) => task.status === 'completed'), options.limitCredit ?? unlimited),
  ]);
  const businessDivisions = new Map(
    entries.filter((entry): entry is DirectoryEntry => entry !== null).map((entry) => [entry.uscc, entry.divisionCode]),
  );
  return {
    unitCode,
    items,
    inspectors,
    certifiedOfficers,
    plans,
    tasks,
    results: results.filter((result) => result !== null),
    followUps: followUps.flat(),
    // The city's directory: its divisions' sizes (the platform's total holds every city's).
    directorySize: Object.values(sizes.byDivision).reduce((sum, size) => sum + size, 0),
    directorySizeByDivision: sizes.byDivision,
    businessDivisions,
    publishedAtByTaskId,
    every: { tasks: yearTasks, plans: allPlans },
  };
}
