// In-memory indexes over the units a platform stand-in serves, built once at creation so
// that every request costs O(result) rather than a scan of a unit's data (the `city` dataset
// holds 600k businesses). Filtered lists are cached so paging through one stays cheap.
// Shared by the provincial and ecology stand-ins; each formats the records in its own wire.
// Task writes go through the unit's ledger, which changes the task list and its indexes here
// and nowhere else; so do the platform-side directory and inspector writes, and every write
// appends to the unit's change log.
import type { Dataset, DirectoryEntry, FollowUp, Inspector, Plan, Result, Task, TaskStatus, UnitData } from '../data/model';
import { ChangeLog, newEpoch } from './change-log';
import type { FeedUnit } from './feed-admin';
import { memoryJournal, type Journal } from './journal';
import { TaskLedger } from './task-ledger';

export interface DirectoryFilter {
  divisionCode?: string;
  industryPrefix?: string;
  tag?: string;
}

export interface TaskFilter {
  /** The plan year (年度) of the task. */
  year?: number;
  planId?: string;
  status?: TaskStatus;
  /** Inclusive bounds on plannedOn, ISO days. */
  from?: string;
  to?: string;
}

export interface UnitIndex extends FeedUnit {
  data: UnitData;
  directoryEntry(uscc: string): DirectoryEntry | undefined;
  tasksOf(uscc: string): Task[];
  result(taskId: string): Result | undefined;
  followUps(taskId: string): FollowUp[];
  plans(year?: number): Plan[];
  directory(filter: DirectoryFilter): DirectoryEntry[];
  tasks(filter: TaskFilter): Task[];
  /** Creates and cancels this unit's tasks. */
  ledger: TaskLedger;
}

const CACHE_LIMIT = 64;

/** A small insertion-ordered cache of filtered lists, keyed by the filter. */
function filterCache<T>(compute: (key: string) => T[]): { get(key: string): T[]; clear(): void } {
  const cache = new Map<string, T[]>();
  return {
    get(key) {
      let rows = cache.get(key);
      if (!rows) {
        rows = compute(key);
        if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
        cache.set(key, rows);
      }
      return rows;
    },
    clear: () => cache.clear(),
  };
}

function append<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const group = groups.get(key);
  if (group) group.push(value);
  else groups.set(key, [value]);
}

function swap<T>(rows: T[] | undefined, current: T, updated: T): void {
  const at = rows?.lastIndexOf(current) ?? -1;
  if (rows && at >= 0) rows[at] = updated;
}

function drop<T>(rows: T[] | undefined, row: T): void {
  const at = rows?.lastIndexOf(row) ?? -1;
  if (rows && at >= 0) rows.splice(at, 1);
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) append(groups, key(row), row);
  return groups;
}

/** Year of a task: its plan's year, or the year it was planned for when the plan is unknown. */
function taskYear(task: Task, planYears: Map<string, number>): number {
  return planYears.get(task.planId) ?? Number(task.plannedOn.slice(0, 4));
}

export function indexUnit(source: UnitData, epoch = newEpoch(), journal: Journal = memoryJournal()): UnitIndex {
  // The dataset is shared by every platform started in this process: this instance writes to
  // its own copy of the lists it changes, so its writes stay its own.
  const data: UnitData = {
    ...source,
    tasks: source.tasks.slice(),
    directory: source.directory.slice(),
    inspectors: source.inspectors.slice(),
    results: source.results.slice(),
    followUps: source.followUps.slice(),
  };
  const directoryByUscc = new Map(data.directory.map((entry) => [entry.uscc, entry]));
  const directoryByDivision = groupBy(data.directory, (entry) => entry.divisionCode);
  const directoryByTag = new Map<string, DirectoryEntry[]>();
  for (const entry of data.directory) {
    for (const tag of new Set(entry.tags)) {
      const group = directoryByTag.get(tag);
      if (group) group.push(entry);
      else directoryByTag.set(tag, [entry]);
    }
  }
  const tasksByUscc = groupBy(data.tasks, (task) => task.uscc);
  const resultByTask = new Map(data.results.map((result) => [result.taskId, result]));
  const followUpsByTask = groupBy(data.followUps, (followUp) => followUp.taskId);
  const plansByYear = groupBy(data.plans, (plan) => plan.year);
  const planYears = new Map(data.plans.map((plan) => [plan.id, plan.year]));
  const tasksByYear = groupBy(data.tasks, (task) => taskYear(task, planYears));
  const tasksByPlan = groupBy(data.tasks, (task) => task.planId);
  const tasksById = new Map(data.tasks.map((task) => [task.id, task]));

  const directory = filterCache<DirectoryEntry>((key) => {
    const filter = JSON.parse(key) as DirectoryFilter;
    // Start from the narrowest index available, then apply the remaining conditions.
    const candidates =
      filter.tag !== undefined
        ? (directoryByTag.get(filter.tag) ?? [])
        : filter.divisionCode !== undefined
          ? (directoryByDivision.get(filter.divisionCode) ?? [])
          : data.directory;
    return candidates.filter(
      (entry) =>
        (filter.divisionCode === undefined || entry.divisionCode === filter.divisionCode) &&
        (filter.industryPrefix === undefined || entry.industryCode.startsWith(filter.industryPrefix)),
    );
  });

  const tasks = filterCache<Task>((key) => {
    const filter = JSON.parse(key) as TaskFilter;
    const candidates =
      filter.planId !== undefined
        ? (tasksByPlan.get(filter.planId) ?? [])
        : filter.year !== undefined
          ? (tasksByYear.get(filter.year) ?? [])
          : data.tasks;
    return candidates.filter(
      (task) =>
        (filter.year === undefined || taskYear(task, planYears) === filter.year) &&
        (filter.status === undefined || task.status === filter.status) &&
        (filter.from === undefined || task.plannedOn >= filter.from) &&
        (filter.to === undefined || task.plannedOn <= filter.to),
    );
  });

  const planById = new Map(data.plans.map((plan) => [plan.id, plan]));
  const removedEntries = new Map<string, DirectoryEntry>();
  const changes = new ChangeLog(epoch, data.unitCode, {
    task: (id) => tasksById.get(id),
    result: (taskId) => resultByTask.get(taskId),
    followUp: (position) => data.followUps[position],
    plan: (id) => planById.get(id),
    inspector: (id) => data.inspectors.find((inspector) => inspector.id === id),
    directoryEntry(uscc) {
      const entry = directoryByUscc.get(uscc);
      if (entry) return { entry, removed: false };
      const removed = removedEntries.get(uscc);
      return removed && { entry: removed, removed: true };
    },
  }, data);

  function unlist(entry: DirectoryEntry): void {
    drop(data.directory, entry);
    drop(directoryByDivision.get(entry.divisionCode), entry);
    for (const tag of new Set(entry.tags)) drop(directoryByTag.get(tag), entry);
    directoryByUscc.delete(entry.uscc);
    directory.clear();
  }

  const ledger = new TaskLedger({
    unitCode: data.unitCode,
    tasks: data.tasks,
    itemCodes: new Set(data.items.map((item) => item.code)),
    inspectorIds: new Set(data.inspectors.map((inspector) => inspector.id)),
    task: (id) => tasksById.get(id),
    insert(task) {
      data.tasks.push(task);
      tasksById.set(task.id, task);
      append(tasksByUscc, task.uscc, task);
      append(tasksByYear, taskYear(task, planYears), task);
      append(tasksByPlan, task.planId, task);
      tasks.clear();
      changes.append('task', task.id);
    },
    replace(current, updated) {
      swap(data.tasks, current, updated);
      swap(tasksByUscc.get(current.uscc), current, updated);
      swap(tasksByYear.get(taskYear(current, planYears)), current, updated);
      swap(tasksByPlan.get(current.planId), current, updated);
      tasksById.set(updated.id, updated);
      tasks.clear();
      changes.append('task', updated.id);
    },
    result: (taskId) => resultByTask.get(taskId),
    followUps: (taskId) => followUpsByTask.get(taskId) ?? [],
    putResult(result) {
      data.results.push(result);
      resultByTask.set(result.taskId, result);
      changes.append('result', result.taskId);
    },
    addFollowUp(followUp) {
      data.followUps.push(followUp);
      append(followUpsByTask, followUp.taskId, followUp);
      changes.append('followUp', String(data.followUps.length - 1));
    },
  }, (entry) => journal.append(entry));
  for (const entry of journal.entries) if (entry.unit === data.unitCode) ledger.replay(entry);

  return {
    data,
    ledger,
    changes,
    // A changed entry moves to the end of the directory's order, like a new one.
    putDirectoryEntry(entry) {
      const current = directoryByUscc.get(entry.uscc);
      if (current) unlist(current);
      data.directory.push(entry);
      directoryByUscc.set(entry.uscc, entry);
      append(directoryByDivision, entry.divisionCode, entry);
      for (const tag of new Set(entry.tags)) append(directoryByTag, tag, entry);
      removedEntries.delete(entry.uscc);
      directory.clear();
      changes.append('directory', entry.uscc);
    },
    removeDirectoryEntry(uscc) {
      const current = directoryByUscc.get(uscc);
      if (!current) return false;
      unlist(current);
      removedEntries.set(uscc, current);
      changes.append('directory', uscc);
      return true;
    },
    changeInspector(id, change) {
      const at = data.inspectors.findIndex((inspector) => inspector.id === id);
      if (at < 0) return undefined;
      const inspector: Inspector = { ...data.inspectors[at], ...change, id, unitCode: data.unitCode };
      data.inspectors[at] = inspector;
      changes.append('inspector', id);
      return inspector;
    },
    directoryEntry: (uscc) => directoryByUscc.get(uscc),
    tasksOf: (uscc) => tasksByUscc.get(uscc) ?? [],
    result: (taskId) => resultByTask.get(taskId),
    followUps: (taskId) => followUpsByTask.get(taskId) ?? [],
    plans: (year) => (year === undefined ? data.plans : (plansByYear.get(year) ?? [])),
    // Unfiltered lists need no cache entry; filtered ones are keyed by their canonical JSON.
    directory: (filter) =>
      filter.divisionCode === undefined && filter.industryPrefix === undefined && filter.tag === undefined
        ? data.directory
        : directory.get(canonical(filter)),
    tasks: (filter) => (Object.values(filter).every((value) => value === undefined) ? data.tasks : tasks.get(canonical(filter))),
  };
}

/** JSON of a filter with its keys sorted and undefined values dropped, so equal filters share a key. */
function canonical(filter: object): string {
  const entries = Object.entries(filter).filter(([, value]) => value !== undefined);
  return JSON.stringify(Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b))));
}

/** Indexes the units of `dataset` that a platform serves; units missing from the dataset are skipped. */
export function indexUnits(dataset: Dataset, unitCodes: readonly string[], journal?: Journal): Map<string, UnitIndex> {
  const indexes = new Map<string, UnitIndex>();
  // One epoch per platform start: every cursor of an earlier start is refused.
  const epoch = newEpoch();
  for (const code of unitCodes) {
    const data = dataset.units[code];
    if (data) indexes.set(code, indexUnit(data, epoch, journal));
  }
  return indexes;
}
