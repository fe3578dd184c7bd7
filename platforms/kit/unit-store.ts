// One unit's data indexed at start-up, so every request costs O(result) rather than a scan of
// the unit's directory (the `city` dataset has hundreds of thousands of businesses). Shared by
// every department stand-in (provincial, ecology, emergency, fire); each formats the records in
// its own wire. Rows are served in the dataset's order ("row id" order), which keeps offset
// paging and keyset paging consistent with each other. Task writes go through the unit's
// ledger; created tasks are appended, so row order still holds. Every write (tasks, and the
// platform-side directory and inspector writes) appends to the change log.
import type { CertifiedOfficer, DirectoryEntry, FollowUp, Inspector, Plan, Result, Task, TaskStatus, UnitData } from '../data/model';
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
  /** The task's year, as the store's `taskYear` option reads it. */
  year?: number;
  planId?: string;
  status?: TaskStatus;
  /** Inclusive ISO days on plannedOn. */
  from?: string;
  to?: string;
}

/**
 * What the `year` of a task query means on a platform's wire: `plan`, the year (年度) of the
 * task's plan (the year of plannedOn when the plan is unknown); `plannedOn`, the year of plannedOn.
 */
export type TaskYear = 'plan' | 'plannedOn';

export interface UnitStoreOptions {
  /** Cursors of the change log; one per platform start. */
  epoch?: string;
  /** Where the unit's writes survive a restart; default: memory only. */
  journal?: Journal;
  /** What `tasks({ year })` filters on: the platform's wire says. */
  taskYear: TaskYear;
}

/** Filtered lists are cached so that walking their pages does not filter again. */
const FILTER_CACHE_SIZE = 64;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function positions<T>(rows: readonly T[], key: (row: T) => string): Map<string, number> {
  return new Map(rows.map((row, index) => [key(row), index]));
}

class BoundedCache<V> {
  private readonly entries = new Map<string, V>();

  getOrCompute(key: string, compute: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = compute();
    if (this.entries.size >= FILTER_CACHE_SIZE) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, value);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}

function swap<T>(rows: T[] | undefined, current: T, updated: T): void {
  const at = rows?.lastIndexOf(current) ?? -1;
  if (rows && at >= 0) rows[at] = updated;
}

function drop<T>(rows: T[] | undefined, row: T): void {
  const at = rows?.lastIndexOf(row) ?? -1;
  if (rows && at >= 0) rows.splice(at, 1);
}

export class UnitStore implements FeedUnit {
  readonly inspectorPosition: Map<string, number>;
  readonly officerPosition: Map<string, number>;
  readonly taskPosition: Map<string, number>;
  /** The unit's data; its lists are this store's own copies (the dataset is shared). */
  readonly data: UnitData;
  /** Creates and cancels this unit's tasks. */
  readonly ledger: TaskLedger;
  /** Every change of the unit's records since this start of the platform. */
  readonly changes: ChangeLog;

  /** Built on first use: only keyset paging asks, and the directory is the largest list. */
  private directoryPositions: Map<string, number> | undefined;
  private readonly directoryByUscc = new Map<string, DirectoryEntry>();
  private readonly directoryByDivision = new Map<string, DirectoryEntry[]>();
  private readonly directoryByTag = new Map<string, DirectoryEntry[]>();
  /** Keyed by the two-digit GB/T 4754 major group. */
  private readonly directoryByIndustryGroup = new Map<string, DirectoryEntry[]>();
  private readonly tasksById = new Map<string, Task>();
  private readonly tasksByUscc = new Map<string, Task[]>();
  private readonly tasksByPlan = new Map<string, Task[]>();
  private readonly tasksByYear = new Map<number, Task[]>();
  private readonly resultsByTask = new Map<string, Result>();
  private readonly followUpsByTask = new Map<string, FollowUp[]>();
  private readonly plansByYear = new Map<number, Plan[]>();
  private readonly directoryCache = new BoundedCache<DirectoryEntry[]>();
  private readonly taskCache = new BoundedCache<Task[]>();
  private readonly planById: Map<string, Plan>;
  private readonly removedEntries = new Map<string, DirectoryEntry>();
  /** The year a task is filed under in `tasks({ year })`. */
  private readonly taskYear: (task: Task) => number;

  constructor(source: UnitData, options: UnitStoreOptions) {
    const journal = options.journal ?? memoryJournal();
    // Own copies of the lists this store changes: the dataset is shared within the process.
    const data: UnitData = {
      ...source,
      tasks: source.tasks.slice(),
      directory: source.directory.slice(),
      inspectors: source.inspectors.slice(),
      results: source.results.slice(),
      followUps: source.followUps.slice(),
    };
    this.data = data;
    this.planById = new Map(data.plans.map((plan) => [plan.id, plan]));
    const plannedYear = (task: Task) => Number(task.plannedOn.slice(0, 4));
    // Plans never change here, so a task's plan year is fixed when it is filed.
    this.taskYear = options.taskYear === 'plan' ? (task) => this.planById.get(task.planId)?.year ?? plannedYear(task) : plannedYear;
    for (const entry of data.directory) {
      this.directoryByUscc.set(entry.uscc, entry);
      push(this.directoryByDivision, entry.divisionCode, entry);
      push(this.directoryByIndustryGroup, entry.industryCode.slice(0, 2), entry);
      for (const tag of new Set(entry.tags)) push(this.directoryByTag, tag, entry);
    }
    for (const task of data.tasks) {
      this.tasksById.set(task.id, task);
      push(this.tasksByUscc, task.uscc, task);
      push(this.tasksByPlan, task.planId, task);
      push(this.tasksByYear, this.taskYear(task), task);
    }
    for (const result of data.results) this.resultsByTask.set(result.taskId, result);
    for (const followUp of data.followUps) push(this.followUpsByTask, followUp.taskId, followUp);
    for (const plan of data.plans) push(this.plansByYear, plan.year, plan);
    this.inspectorPosition = positions(data.inspectors, (inspector) => inspector.id);
    this.officerPosition = positions(data.certifiedOfficers, (officer) => officer.certificateNo);
    this.taskPosition = positions(data.tasks, (task) => task.id);
    this.ledger = new TaskLedger({
      unitCode: data.unitCode,
      tasks: data.tasks,
      itemCodes: new Set(data.items.map((item) => item.code)),
      inspectorIds: new Set(data.inspectors.map((inspector) => inspector.id)),
      task: (id) => this.tasksById.get(id),
      insert: (task) => this.insertTask(task),
      replace: (current, updated) => this.replaceTask(current, updated),
      result: (taskId) => this.resultsByTask.get(taskId),
      followUps: (taskId) => this.followUpsOf(taskId),
      putResult: (result) => {
        data.results.push(result);
        this.resultsByTask.set(result.taskId, result);
        this.changes.append('result', result.taskId);
      },
      addFollowUp: (followUp) => {
        data.followUps.push(followUp);
        push(this.followUpsByTask, followUp.taskId, followUp);
        this.changes.append('followUp', String(data.followUps.length - 1));
      },
    }, (entry) => journal.append(entry));
    this.changes = new ChangeLog(options.epoch ?? newEpoch(), data.unitCode, {
      task: (id) => this.tasksById.get(id),
      result: (taskId) => this.resultsByTask.get(taskId),
      followUp: (position) => data.followUps[position],
      plan: (id) => this.planById.get(id),
      inspector: (id) => data.inspectors[this.inspectorPosition.get(id) ?? -1],
      directoryEntry: (uscc) => {
        const entry = this.directoryByUscc.get(uscc);
        if (entry) return { entry, removed: false };
        const removed = this.removedEntries.get(uscc);
        return removed && { entry: removed, removed: true };
      },
    }, data);
    // After the change log exists: the writes of earlier runs are logged again, as new changes.
    for (const entry of journal.entries) if (entry.unit === data.unitCode) this.ledger.replay(entry);
  }

  /** Row position of each directory entry, by credit code. */
  get directoryPosition(): Map<string, number> {
    this.directoryPositions ??= positions(this.data.directory, (entry) => entry.uscc);
    return this.directoryPositions;
  }

  /** Adds or replaces an entry; it takes the last row position, so keyset order still holds. */
  putDirectoryEntry(entry: DirectoryEntry): void {
    const current = this.directoryByUscc.get(entry.uscc);
    if (current) this.unlist(current);
    this.directoryPositions?.set(entry.uscc, this.data.directory.length);
    this.data.directory.push(entry);
    this.directoryByUscc.set(entry.uscc, entry);
    push(this.directoryByDivision, entry.divisionCode, entry);
    push(this.directoryByIndustryGroup, entry.industryCode.slice(0, 2), entry);
    for (const tag of new Set(entry.tags)) push(this.directoryByTag, tag, entry);
    this.removedEntries.delete(entry.uscc);
    this.directoryCache.clear();
    this.changes.append('directory', entry.uscc);
  }

  removeDirectoryEntry(uscc: string): boolean {
    const current = this.directoryByUscc.get(uscc);
    if (!current) return false;
    this.unlist(current);
    this.removedEntries.set(uscc, current);
    this.changes.append('directory', uscc);
    return true;
  }

  changeInspector(id: string, change: Partial<Omit<Inspector, 'id' | 'unitCode'>>): Inspector | undefined {
    const at = this.inspectorPosition.get(id);
    if (at === undefined) return undefined;
    const inspector: Inspector = { ...this.data.inspectors[at], ...change, id, unitCode: this.data.unitCode };
    this.data.inspectors[at] = inspector;
    this.changes.append('inspector', id);
    return inspector;
  }

  /** Takes an entry out of the list and every index; later rows move up one position (O(n), a rare write). */
  private unlist(entry: DirectoryEntry): void {
    drop(this.data.directory, entry);
    drop(this.directoryByDivision.get(entry.divisionCode), entry);
    drop(this.directoryByIndustryGroup.get(entry.industryCode.slice(0, 2)), entry);
    for (const tag of new Set(entry.tags)) drop(this.directoryByTag.get(tag), entry);
    this.directoryByUscc.delete(entry.uscc);
    this.directoryPositions = undefined;
    this.directoryCache.clear();
  }

  /** The one place a task joins the list and its indexes; it takes the next row position. */
  private insertTask(task: Task): void {
    this.taskPosition.set(task.id, this.data.tasks.length);
    this.data.tasks.push(task);
    this.tasksById.set(task.id, task);
    push(this.tasksByUscc, task.uscc, task);
    push(this.tasksByPlan, task.planId, task);
    push(this.tasksByYear, this.taskYear(task), task);
    this.taskCache.clear();
    this.changes.append('task', task.id);
  }

  /** The one place a task changes: same id, same row position, new record everywhere. */
  private replaceTask(current: Task, updated: Task): void {
    this.data.tasks[this.taskPosition.get(current.id)!] = updated;
    this.tasksById.set(updated.id, updated);
    swap(this.tasksByUscc.get(current.uscc), current, updated);
    swap(this.tasksByPlan.get(current.planId), current, updated);
    swap(this.tasksByYear.get(this.taskYear(current)), current, updated);
    this.taskCache.clear();
    this.changes.append('task', updated.id);
  }

  get inspectors(): Inspector[] {
    return this.data.inspectors;
  }

  get officers(): CertifiedOfficer[] {
    return this.data.certifiedOfficers;
  }

  plans(year?: number): Plan[] {
    return year === undefined ? this.data.plans : (this.plansByYear.get(year) ?? []);
  }

  /** Directory entries matching every given filter, in row order. */
  directory(filter: DirectoryFilter): DirectoryEntry[] {
    const { divisionCode, industryPrefix, tag } = filter;
    // The whole directory needs no cache entry (nor a copy of the largest list).
    if (divisionCode === undefined && industryPrefix === undefined && tag === undefined) return this.data.directory;
    const key = JSON.stringify([divisionCode, industryPrefix, tag]);
    return this.directoryCache.getOrCompute(key, () => {
      // Start from the smallest indexed candidate list, then check the remaining filters.
      const candidates: DirectoryEntry[][] = [this.data.directory];
      if (divisionCode !== undefined) candidates.push(this.directoryByDivision.get(divisionCode) ?? []);
      if (tag !== undefined) candidates.push(this.directoryByTag.get(tag) ?? []);
      if (industryPrefix !== undefined && industryPrefix.length >= 2) {
        candidates.push(this.directoryByIndustryGroup.get(industryPrefix.slice(0, 2)) ?? []);
      }
      const smallest = candidates.reduce((a, b) => (b.length < a.length ? b : a));
      return smallest.filter(
        (entry) =>
          (divisionCode === undefined || entry.divisionCode === divisionCode) &&
          (industryPrefix === undefined || entry.industryCode.startsWith(industryPrefix)) &&
          (tag === undefined || entry.tags.includes(tag)),
      );
    });
  }

  directoryEntry(uscc: string): DirectoryEntry | undefined {
    return this.directoryByUscc.get(uscc);
  }

  /** Tasks matching every given filter, in row order. */
  tasks(filter: TaskFilter): Task[] {
    const { year, planId, status, from, to } = filter;
    if (year === undefined && planId === undefined && status === undefined && from === undefined && to === undefined) return this.data.tasks;
    const key = JSON.stringify([year, planId, status, from, to]);
    return this.taskCache.getOrCompute(key, () => {
      let candidates = this.data.tasks;
      if (planId !== undefined) candidates = this.tasksByPlan.get(planId) ?? [];
      else if (year !== undefined) candidates = this.tasksByYear.get(year) ?? [];
      return candidates.filter(
        (task) =>
          (year === undefined || this.taskYear(task) === year) &&
          (planId === undefined || task.planId === planId) &&
          (status === undefined || task.status === status) &&
          (from === undefined || task.plannedOn >= from) &&
          (to === undefined || task.plannedOn <= to),
      );
    });
  }

  task(id: string): Task | undefined {
    return this.tasksById.get(id);
  }

  tasksOf(uscc: string): Task[] {
    return this.tasksByUscc.get(uscc) ?? [];
  }

  result(taskId: string): Result | undefined {
    return this.resultsByTask.get(taskId);
  }

  followUpsOf(taskId: string): FollowUp[] {
    return this.followUpsByTask.get(taskId) ?? [];
  }
}

/**
 * Keyset page: the rows of `rows` (a row-ordered list) that come after the row at position
 * `afterPosition` (-1 for the first page). Binary search keeps this O(log n + size).
 */
export function rowsAfter<T>(rows: readonly T[], position: (row: T) => number, afterPosition: number, size: number): T[] {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (position(rows[middle]) <= afterPosition) low = middle + 1;
    else high = middle;
  }
  return rows.slice(low, low + size);
}

/** Builds a store for each unit of `unitCodes` present in the dataset's units. */
export function storesFor(
  units: Record<string, UnitData>,
  unitCodes: readonly string[],
  options: Omit<UnitStoreOptions, 'epoch'>,
): Map<string, UnitStore> {
  const stores = new Map<string, UnitStore>();
  // One epoch per platform start: every cursor of an earlier start is refused.
  const epoch = newEpoch();
  for (const code of unitCodes) {
    const data = units[code];
    if (data) stores.set(code, new UnitStore(data, { ...options, epoch }));
  }
  return stores;
}
