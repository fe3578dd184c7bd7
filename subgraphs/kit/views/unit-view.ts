// One unit's view: the records its statistics and visits are counted from, kept up to date from
// the platform's change feed (and the credit system's publications) instead of re-reading a
// year on every request. Built once in the background after start-up, then applied change by
// change; `version` moves with every change, so values derived from the view know when to go.
import type { CertifiedOfficer, DirectoryEntry, FollowUp, Inspector, Item, Plan, Publication, Result, Task } from '../../../platforms/data/model';
import type { UnitChanges } from '../platform';
import type { UnitStatisticsInput } from '../statistics/unit-counts';

export type ViewState = 'syncing' | 'ready';

/** Reference data read whole from the platform (small, or not in the feed). */
export interface ViewSnapshot {
  items: Item[];
  inspectors: Inspector[];
  certifiedOfficers: CertifiedOfficer[];
  plans: Plan[];
  directorySize: number;
  directorySizeByDivision: Record<string, number>;
}

/** What applying a page of changes asks of the reader next. */
export interface Applied {
  /** Businesses of new tasks whose directory division the view does not know yet. */
  unknownBusinesses: string[];
  /** The directory or the inspectors changed: their snapshot is re-read. */
  snapshotStale: boolean;
}

export class UnitView {
  state: ViewState = 'syncing';
  /** Moves with every change applied. */
  version = 0;
  /** The platform feed's cursor after the last change applied. */
  cursor: string | undefined;
  /** Changes applied since the view was (re)built, and still waiting at the last page. */
  applied = 0;
  remaining = 0;
  /** When the view last caught up with its feed (ISO instant). */
  syncedAt: string | undefined;

  private snapshot: ViewSnapshot = { items: [], inspectors: [], certifiedOfficers: [], plans: [], directorySize: 0, directorySizeByDivision: {} };
  private readonly tasks = new Map<string, Task>();
  private readonly results = new Map<string, Result>();
  private readonly followUps = new Map<string, FollowUp>();
  private readonly plans = new Map<string, Plan>();
  private readonly divisions = new Map<string, string>();
  private readonly publishedAt = new Map<string, string>();

  constructor(readonly unitCode: string) {}

  /** Forget everything: the feed's cursor expired (the platform restarted), build again. */
  reset(): void {
    this.state = 'syncing';
    this.cursor = undefined;
    this.applied = 0;
    this.remaining = 0;
    this.tasks.clear();
    this.results.clear();
    this.followUps.clear();
    this.plans.clear();
    this.publishedAt.clear();
    this.version += 1;
  }

  clearPublications(): void {
    this.publishedAt.clear();
    this.version += 1;
  }

  setSnapshot(snapshot: ViewSnapshot): void {
    this.snapshot = snapshot;
    for (const plan of snapshot.plans) this.plans.set(plan.id, plan);
    this.version += 1;
  }

  apply(page: UnitChanges): Applied {
    const unknown = new Set<string>();
    for (const task of page.tasks) {
      this.tasks.set(task.id, task);
      if (!this.divisions.has(task.uscc)) unknown.add(task.uscc);
    }
    for (const result of page.results) this.results.set(result.taskId, result);
    for (const followUp of page.followUps) this.followUps.set(`${followUp.taskId}/${followUp.findingCode}`, followUp);
    for (const plan of page.plans) this.plans.set(plan.id, plan);
    for (const { entry, removed } of page.directory) this.learnDivision(entry, removed);
    const count = page.tasks.length + page.results.length + page.followUps.length + page.plans.length + page.inspectors.length + page.directory.length;
    this.cursor = page.cursor;
    this.applied += count;
    this.remaining = page.remaining;
    if (count > 0) this.version += 1;
    return { unknownBusinesses: [...unknown], snapshotStale: page.directory.length > 0 || page.inspectors.length > 0 };
  }

  private learnDivision(entry: DirectoryEntry, removed: boolean): void {
    if (removed) this.divisions.delete(entry.uscc);
    else this.divisions.set(entry.uscc, entry.divisionCode);
  }

  /** Divisions of businesses, from the unit's directory (null: not in it). */
  setDivisions(usccs: readonly string[], entries: readonly (DirectoryEntry | null)[]): void {
    usccs.forEach((uscc, index) => {
      const entry = entries[index];
      if (entry) this.divisions.set(uscc, entry.divisionCode);
    });
    if (usccs.length > 0) this.version += 1;
  }

  /** Publications of the credit system; only this unit's tasks are kept, the earliest per task. */
  applyPublications(publications: readonly Publication[]): boolean {
    let changed = false;
    for (const publication of publications) {
      if (publication.unitCode !== this.unitCode) continue;
      const known = this.publishedAt.get(publication.taskId);
      if (known === undefined || Date.parse(publication.publishedAt) < Date.parse(known)) {
        this.publishedAt.set(publication.taskId, publication.publishedAt);
        changed = true;
      }
    }
    if (changed) this.version += 1;
    return changed;
  }

  markReady(now: Date = new Date()): void {
    this.state = 'ready';
    this.syncedAt = now.toISOString();
  }

  /** The input of the unit's counts, with directory sizes of the divisions asked for. */
  statisticsInput(divisionCodes: readonly string[]): UnitStatisticsInput {
    const { items, inspectors, certifiedOfficers, directorySize, directorySizeByDivision } = this.snapshot;
    return {
      unitCode: this.unitCode,
      items,
      inspectors,
      certifiedOfficers,
      plans: [...this.plans.values()],
      tasks: [...this.tasks.values()],
      results: [...this.results.values()],
      followUps: [...this.followUps.values()],
      directorySize,
      directorySizeByDivision: Object.fromEntries(divisionCodes.map((code) => [code, directorySizeByDivision[code] ?? 0])),
      businessDivisions: this.divisions,
      publishedAtByTaskId: this.publishedAt,
    };
  }

  /** Tasks planned in [from, to], in the platform's order. */
  tasksPlannedIn(from: string, to: string): Task[] {
    const out: Task[] = [];
    for (const task of this.tasks.values()) if (task.plannedOn >= from && task.plannedOn <= to) out.push(task);
    return out;
  }

  get items(): Item[] {
    return this.snapshot.items;
  }

  planList(): Plan[] {
    return [...this.plans.values()];
  }

  get taskCount(): number {
    return this.tasks.size;
  }
}
