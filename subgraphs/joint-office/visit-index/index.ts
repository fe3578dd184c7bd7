// The office's cross-unit visit index in memory: every member unit's tasks in their latest known
// state, as read from the units' change feeds (sync.ts) and kept in the office store. Only what
// cross-unit features need (who visited which business when, with which items, in which plan or
// joint group); a unit's own counts stay with its department subgraph. `version` moves with
// every change, so findings computed from the index know when they are stale.
import type { Task } from '../../../platforms/data/model';

export interface UnitIndexState {
  /** The unit's feed cursor after the last change applied (undefined: nothing read yet). */
  cursor: string | undefined;
  /** Caught up with the feed at least once since the office started (or since a reset). */
  ready: boolean;
  /** Changes still waiting at the last page read. */
  remaining: number;
  lastError: string | undefined;
}

export class VisitIndex {
  version = 0;
  private readonly tasks = new Map<string, Map<string, Task>>();
  /** Every unit's tasks of each business, for the per-business questions (visitCheck) without a scan. */
  private readonly byBusiness = new Map<string, Task[]>();
  private readonly states = new Map<string, UnitIndexState>();

  constructor(readonly unitCodes: readonly string[]) {
    for (const unitCode of unitCodes) {
      this.tasks.set(unitCode, new Map());
      this.states.set(unitCode, { cursor: undefined, ready: false, remaining: 0, lastError: undefined });
    }
  }

  state(unitCode: string): UnitIndexState {
    return this.states.get(unitCode)!;
  }

  /** Loads what the store kept: tasks and cursors (units without a cursor start from the beginning). */
  restore(tasks: readonly Task[], cursors: ReadonlyMap<string, string>): void {
    for (const task of tasks) {
      const byId = this.tasks.get(task.unitCode);
      if (byId) this.put(byId, task);
    }
    for (const [unitCode, cursor] of cursors) if (this.states.has(unitCode)) this.state(unitCode).cursor = cursor;
    this.version += 1;
  }

  apply(unitCode: string, tasks: readonly Task[], cursor: string, remaining: number): void {
    const byId = this.tasks.get(unitCode)!;
    for (const task of tasks) this.put(byId, task);
    const state = this.state(unitCode);
    state.cursor = cursor;
    state.remaining = remaining;
    state.lastError = undefined;
    if (tasks.length > 0) this.version += 1;
  }

  reset(unitCode: string): void {
    const byId = this.tasks.get(unitCode)!;
    for (const task of byId.values()) this.unlist(task);
    byId.clear();
    Object.assign(this.state(unitCode), { cursor: undefined, ready: false, remaining: 0 });
    this.version += 1;
  }

  isReady(unitCodes: readonly string[] = this.unitCodes): boolean {
    return unitCodes.every((unitCode) => this.states.get(unitCode)?.ready === true);
  }

  /** Tasks of these units planned in [from, to]. */
  tasksIn(from: string, to: string, unitCodes: readonly string[] = this.unitCodes): Task[] {
    const out: Task[] = [];
    for (const unitCode of unitCodes) {
      for (const task of this.tasks.get(unitCode)?.values() ?? []) if (task.plannedOn >= from && task.plannedOn <= to) out.push(task);
    }
    return out;
  }

  /** Every unit's tasks of one business, in any state (do not modify the list). */
  tasksOf(uscc: string): readonly Task[] {
    return this.byBusiness.get(uscc) ?? [];
  }

  /** Stores a task's latest state, replacing the one with its id. */
  private put(byId: Map<string, Task>, task: Task): void {
    const previous = byId.get(task.id);
    if (previous) this.unlist(previous);
    byId.set(task.id, task);
    const list = this.byBusiness.get(task.uscc);
    if (list) list.push(task);
    else this.byBusiness.set(task.uscc, [task]);
  }

  private unlist(task: Task): void {
    const list = this.byBusiness.get(task.uscc);
    if (!list) return;
    const at = list.indexOf(task);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.byBusiness.delete(task.uscc);
  }

  get size(): number {
    let size = 0;
    for (const byId of this.tasks.values()) size += byId.size;
    return size;
  }
}
