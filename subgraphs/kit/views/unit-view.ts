// One unit's view: the records its statistics and visits are counted from, kept up to date from
// the platform's change feed (and the credit system's publications) instead of re-reading a
// year on every request. Built once in the background after start-up, then applied change by
// change; `version` moves with every change, so values derived from the view know when to go.
import { randomUUID } from 'node:crypto';
import { dataCityOf, dataCityOfCertificate, dataCityOfUscc } from '../../../config/divisions';
import type { CertifiedOfficer, FollowUp, Inspector, Item, Plan, Publication, Result, Task } from '../../../platforms/data/model';
import type { UnitChanges } from '../platform';
import type { UnitStatisticsInput } from '../statistics/unit-counts';
import { HOME_JURISDICTION } from '../statistics/scope';

export type ViewState = 'syncing' | 'ready';

/** Reference data read whole from the platform (a few hundred rows, not all in the feed). */
export interface ViewSnapshot {
  items: Item[];
  inspectors: Inspector[];
  certifiedOfficers: CertifiedOfficer[];
  plans: Plan[];
}

/** Credit codes of the unit's directory in one county-level division. */
export interface DivisionBusinesses {
  code: string;
  usccs: string[];
}

/** One string per division code: a city's directories repeat a dozen codes over a million entries. */
const divisionCodes = new Map<string, string>();
function internDivision(code: string): string {
  let interned = divisionCodes.get(code);
  if (interned === undefined) divisionCodes.set(code, (interned = code));
  return interned;
}

const FNV_OFFSET = 0x811c9dc5;

function fnv1a(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  // A separator, so ids never run together.
  return Math.imul(h ^ 0x2c, 0x01000193) >>> 0;
}

export class UnitView {
  /** Names this view among restarts: versions below are counted from zero in each. */
  readonly id = randomUUID().slice(0, 8);
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

  /** Moves with every directory change (the office keeps the directory's businesses under it). */
  directoryVersion = 0;

  private snapshot: ViewSnapshot = { items: [], inspectors: [], certifiedOfficers: [], plans: [] };
  /** The unit's directory: division of each business (the feed starts with the whole directory). */
  private readonly directory = new Map<string, string>();
  private directoryDerived: { version: number; sizes: Record<string, number>; businesses: DivisionBusinesses[] } | undefined;
  private readonly tasks = new Map<string, Task>();
  /** Task id by inspection code (tasks created through the graph carry one). */
  private readonly taskIdByCode = new Map<string, string>();
  /** Ids of the tasks in the order they changed: the view's own feed of visits (visitChanges). */
  private taskLog: string[] = [];
  /**
   * Fingerprint of the log up to each position (FNV-1a over the ids): a visit cursor names a
   * position and the fingerprint there. The log is a function of the platform's feed (one entry
   * per task change, in feed order), so every replica of this subgraph that read the same feed
   * accepts the cursor another issued; a cursor of other data (the platform restarted with new
   * data) does not match and is refused.
   */
  private logPrints: number[] = [FNV_OFFSET];
  private readonly results = new Map<string, Result>();
  private readonly followUps = new Map<string, FollowUp>();
  private readonly plans = new Map<string, Plan>();
  private readonly publishedAt = new Map<string, string>();

  constructor(readonly unitCode: string) {}

  /** Forget everything: the feed's cursor expired (the platform restarted), build again. */
  reset(): void {
    this.state = 'syncing';
    this.cursor = undefined;
    this.applied = 0;
    this.remaining = 0;
    this.tasks.clear();
    this.taskIdByCode.clear();
    this.taskLog = [];
    this.logPrints = [FNV_OFFSET];
    this.results.clear();
    this.followUps.clear();
    this.plans.clear();
    this.publishedAt.clear();
    this.directory.clear();
    this.version += 1;
    this.directoryVersion += 1;
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

  /** Applies a page of the feed; true when the inspectors changed (their list is read again). */
  apply(page: UnitChanges): boolean {
    for (const task of page.tasks) {
      this.tasks.set(task.id, task);
      if (task.inspectionCode !== undefined) this.taskIdByCode.set(task.inspectionCode, task.id);
      this.taskLog.push(task.id);
      this.logPrints.push(fnv1a(this.logPrints[this.logPrints.length - 1], task.id));
    }
    for (const result of page.results) this.results.set(result.taskId, result);
    for (const followUp of page.followUps) this.followUps.set(`${followUp.taskId}/${followUp.findingCode}`, followUp);
    for (const plan of page.plans) this.plans.set(plan.id, plan);
    for (const { entry, removed } of page.directory) {
      if (removed) this.directory.delete(entry.uscc);
      else this.directory.set(entry.uscc, internDivision(entry.divisionCode));
    }
    if (page.directory.length > 0) this.directoryVersion += 1;
    const count = page.tasks.length + page.results.length + page.followUps.length + page.plans.length + page.inspectors.length + page.directory.length;
    this.cursor = page.cursor;
    this.applied += count;
    this.remaining = page.remaining;
    if (count > 0) this.version += 1;
    return page.inspectors.length > 0;
  }

  /** Directory sizes per division and the businesses by division, kept per directory version. */
  private directoryFigures() {
    if (this.directoryDerived?.version !== this.directoryVersion) {
      const byDivision = new Map<string, string[]>();
      for (const [uscc, division] of this.directory) {
        const usccs = byDivision.get(division);
        if (usccs) usccs.push(uscc);
        else byDivision.set(division, [uscc]);
      }
      const businesses = [...byDivision].sort(([a], [b]) => a.localeCompare(b)).map(([code, usccs]) => ({ code, usccs }));
      const sizes = Object.fromEntries(businesses.map(({ code, usccs }) => [code, usccs.length]));
      this.directoryDerived = { version: this.directoryVersion, sizes, businesses };
    }
    return this.directoryDerived;
  }

  /** The unit's directory by county-level division (for distinct counts across units). */
  directoryBusinesses(): DivisionBusinesses[] {
    return this.directoryFigures().businesses;
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

  /**
   * The input of the unit's counts, with directory sizes of the divisions asked for. With a
   * city (`jurisdiction`), only that city's records: tasks of its businesses, plans of its
   * divisions (a plan of no division: the first city's, where the office composes), its roster
   * and directory. Results, follow-ups and publications are looked up by task, so they follow.
   */
  statisticsInput(divisionCodes: readonly string[], jurisdiction?: string): UnitStatisticsInput {
    const { items, inspectors } = this.snapshot;
    let { certifiedOfficers } = this.snapshot;
    const sizes = this.directoryFigures().sizes;
    let plans = [...this.plans.values()];
    let tasks = [...this.tasks.values()];
    let directorySize = this.directory.size;
    if (jurisdiction !== undefined) {
      const planCity = (plan: Plan) => (plan.scope.divisionCodes.length === 0 ? HOME_JURISDICTION : dataCityOf(plan.scope.divisionCodes[0]));
      plans = plans.filter((plan) => planCity(plan) === jurisdiction);
      tasks = tasks.filter((task) => dataCityOfUscc(task.uscc) === jurisdiction);
      certifiedOfficers = certifiedOfficers.filter((officer) => dataCityOfCertificate(officer.certificateNo) === jurisdiction);
      directorySize = Object.entries(sizes).reduce((sum, [code, size]) => (dataCityOf(code) === jurisdiction ? sum + size : sum), 0);
    }
    return {
      unitCode: this.unitCode,
      items,
      inspectors,
      certifiedOfficers,
      plans,
      tasks,
      results: [...this.results.values()],
      followUps: [...this.followUps.values()],
      directorySize,
      directorySizeByDivision: Object.fromEntries(divisionCodes.map((code) => [code, sizes[code] ?? 0])),
      businessDivisions: this.directory,
      publishedAtByTaskId: this.publishedAt,
    };
  }

  /**
   * Tasks changed after a position of the view's visit log, each in its current state: what the
   * office's visit index reads, so it never asks the platform (nor pages through its directory).
   * The cursor is `<position>.<fingerprint>`. `behind`: the cursor is past this view's log (another
   * replica issued it after reading more of the feed): read the feed, then ask again. null: the
   * cursor is not of this log.
   */
  visitChanges(after: string | undefined, first: number): { tasks: Task[]; cursor: string; remaining: number } | 'behind' | null {
    let start = 0;
    if (after !== undefined) {
      const match = /^(\d{1,12})\.([0-9a-z]{1,7})$/.exec(after);
      if (!match) return null;
      start = Number(match[1]);
      if (start > this.taskLog.length) return 'behind';
      if (this.logPrints[start].toString(36) !== match[2]) return null;
    }
    const end = Math.min(start + first, this.taskLog.length);
    const tasks = this.taskLog.slice(start, end).map((id) => this.tasks.get(id)!);
    return { tasks, cursor: `${end}.${this.logPrints[end].toString(36)}`, remaining: this.taskLog.length - end };
  }

  /** Tasks planned in [from, to], in the platform's order. */
  tasksPlannedIn(from: string, to: string): Task[] {
    const out: Task[] = [];
    for (const task of this.tasks.values()) if (task.plannedOn >= from && task.plannedOn <= to) out.push(task);
    return out;
  }

  task(id: string): Task | undefined {
    return this.tasks.get(id);
  }

  taskByCode(code: string): Task | undefined {
    const id = this.taskIdByCode.get(code);
    return id === undefined ? undefined : this.tasks.get(id);
  }

  result(taskId: string): Result | undefined {
    return this.results.get(taskId);
  }

  /** The earliest publication instant of a task's result, if published. */
  publishedAtOf(taskId: string): string | undefined {
    return this.publishedAt.get(taskId);
  }

  plan(id: string): Plan | undefined {
    return this.plans.get(id);
  }

  get inspectorList(): Inspector[] {
    return this.snapshot.inspectors;
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
