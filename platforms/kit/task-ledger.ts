// The write side every platform stand-in shares, whatever its wire: creating tasks under a key
// the caller chooses (the same key again gives the same task, never a second one) and
// cancelling tasks (again and again if need be). Each store hands the ledger the one place
// where its task list and indexes change; a batch is checked as a whole before anything is
// written, so a refused batch leaves no trace.
import { isValidUscc } from '../../lib/uscc';
import type { Task } from '../data/model';

/** A task to create, in canonical terms; each wire decodes its own request into these. */
export interface NewTaskRecord {
  /** Chosen by the caller, e.g. `${planId}/${unit}/${uscc}`; unique per unit. */
  externalKey: string;
  planId: string;
  uscc: string;
  itemCodes: string[];
  inspectorIds: string[];
  plannedOn: string;
  jointGroupId?: string;
}

export interface TaskCreation {
  externalKey: string;
  task: Task;
  /** True when a task with this key existed before the call (nothing was created). */
  existed: boolean;
}

/** invalid: the request breaks a rule; not_found: an unknown task id; conflict: the task's state forbids it. */
export type RefusalReason = 'invalid' | 'not_found' | 'conflict';

export class TaskWriteRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}

/** What a store lends the ledger: its unit's lists and the only two ways its task list changes. */
export interface TaskStoreAccess {
  unitCode: string;
  tasks: readonly Task[];
  itemCodes: ReadonlySet<string>;
  inspectorIds: ReadonlySet<string>;
  task(id: string): Task | undefined;
  /** Appends a new task to the unit's list and every index. */
  insert(task: Task): void;
  /** Puts `updated` where `current` was, in the list and every index. */
  replace(current: Task, updated: Task): void;
}

export const MAX_EXTERNAL_KEY_LENGTH = 256;
/** The legal minimum of officers per inspection (《行政处罚法》第四十二条). */
export const MIN_INSPECTORS = 2;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** A calendar day as YYYY-MM-DD that exists (Date.parse alone lets 2025-02-30 through). */
export function isCalendarDay(value: string): boolean {
  const time = ISO_DAY.test(value) ? Date.parse(value) : Number.NaN;
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

export class TaskLedger {
  private readonly taskIdByKey = new Map<string, string>();
  /** Next free serial of generated ids per year. */
  private readonly nextSerial = new Map<number, number>();
  private readonly idPattern: RegExp;

  constructor(private readonly store: TaskStoreAccess) {
    this.idPattern = new RegExp(`^${store.unitCode.replace(/[^a-z0-9]/gi, '\\$&')}-T(\\d{4})-(\\d+)$`);
    for (const task of store.tasks) {
      const match = this.idPattern.exec(task.id);
      if (!match) continue;
      const year = Number(match[1]);
      this.nextSerial.set(year, Math.max(this.nextSerial.get(year) ?? 1, Number(match[2]) + 1));
    }
  }

  /** Creates the tasks whose key is new; answers every record, in order. All or nothing. */
  create(records: readonly NewTaskRecord[]): TaskCreation[] {
    records.forEach((record, index) => this.check(record, index));
    return records.map((record) => {
      const existingId = this.taskIdByKey.get(record.externalKey);
      const existing = existingId === undefined ? undefined : this.store.task(existingId);
      if (existing) return { externalKey: record.externalKey, task: existing, existed: true };
      const task: Task = {
        id: this.newId(Number(record.plannedOn.slice(0, 4))),
        planId: record.planId,
        unitCode: this.store.unitCode,
        uscc: record.uscc,
        itemCodes: [...new Set(record.itemCodes)],
        inspectorIds: [...new Set(record.inspectorIds)],
        plannedOn: record.plannedOn,
        status: 'pending',
      };
      if (record.jointGroupId !== undefined) task.jointGroupId = record.jointGroupId;
      this.store.insert(task);
      this.taskIdByKey.set(record.externalKey, task.id);
      return { externalKey: record.externalKey, task, existed: false };
    });
  }

  /** Cancels the tasks (distinct ids, in order); an already cancelled task is answered as it is. */
  cancel(ids: readonly string[]): Task[] {
    const tasks = [...new Set(ids)].map((id) => {
      const task = this.store.task(id);
      if (!task) throw new TaskWriteRefused('not_found', `task ${id} does not exist in unit ${this.store.unitCode}`);
      if (task.status === 'completed') throw new TaskWriteRefused('conflict', `task ${id} is completed and can no longer be cancelled`);
      return task;
    });
    return tasks.map((task) => {
      if (task.status === 'cancelled') return task;
      const cancelled: Task = { ...task, status: 'cancelled' };
      this.store.replace(task, cancelled);
      return cancelled;
    });
  }

  private check(record: NewTaskRecord, index: number): void {
    const refuse = (problem: string): never => {
      throw new TaskWriteRefused('invalid', `task #${index + 1}: ${problem}`);
    };
    if (!isText(record.externalKey) || record.externalKey.length > MAX_EXTERNAL_KEY_LENGTH) {
      refuse(`externalKey must be 1..${MAX_EXTERNAL_KEY_LENGTH} characters`);
    }
    if (!isText(record.planId)) refuse('planId is missing');
    if (!isText(record.uscc) || !isValidUscc(record.uscc)) refuse(`${String(record.uscc)} is not a valid credit code`);
    if (!isText(record.plannedOn) || !isCalendarDay(record.plannedOn)) refuse(`plannedOn ${String(record.plannedOn)} is not a day`);
    if (!Array.isArray(record.itemCodes) || record.itemCodes.length === 0) refuse('needs at least one item');
    for (const code of record.itemCodes) {
      if (!this.store.itemCodes.has(code)) refuse(`item ${code} is not on the item list of unit ${this.store.unitCode}`);
    }
    if (!Array.isArray(record.inspectorIds) || new Set(record.inspectorIds).size < MIN_INSPECTORS) {
      refuse(`needs at least ${MIN_INSPECTORS} different inspectors`);
    }
    for (const id of record.inspectorIds) {
      if (!this.store.inspectorIds.has(id)) refuse(`inspector ${id} is not in the directory of unit ${this.store.unitCode}`);
    }
    if (record.jointGroupId !== undefined && !isText(record.jointGroupId)) refuse('jointGroupId must be a non-empty text when given');
  }

  private newId(year: number): string {
    let serial = this.nextSerial.get(year) ?? 1;
    let id: string;
    do id = `${this.store.unitCode}-T${year}-${String(serial++).padStart(6, '0')}`;
    while (this.store.task(id));
    this.nextSerial.set(year, serial);
    return id;
  }
}
