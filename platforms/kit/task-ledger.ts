// The write side every platform stand-in shares, whatever its wire: creating tasks under a key
// the caller chooses (the same key again gives the same task, never a second one) and
// cancelling tasks (again and again if need be). Each store hands the ledger the one place
// where its task list and indexes change; a batch is checked as a whole before anything is
// written, so a refused batch leaves no trace.
import { newInspectionCode } from '../../lib/inspection-code';
import { isValidUscc } from '../../lib/uscc';
import type { CheckIn, Conclusion, FollowUp, FollowUpAction, NewFollowUp, NewResult, Result, Task } from '../data/model';
import type { JournalEntry } from './journal';

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
  result(taskId: string): Result | undefined;
  followUps(taskId: string): readonly FollowUp[];
  /** Records a task's result (once) and logs it in the change feed. */
  putResult(result: Result): void;
  /** Records the follow-up of one finding and logs it in the change feed. */
  addFollowUp(followUp: FollowUp): void;
}

const CONCLUSIONS: readonly Conclusion[] = ['no_problem', 'problem_found', 'not_found', 'closed'];
const ACTIONS: readonly FollowUpAction[] = ['rectified', 'penalized', 'transferred', 'referred_to_police'];

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

  /**
   * `journal` receives every write's resulting records (the platform's own store survives
   * restarts by replaying them, see journal.ts); absent, the writes live only in memory.
   */
  constructor(
    private readonly store: TaskStoreAccess,
    private readonly journal: (entry: JournalEntry) => void = () => undefined,
  ) {
    this.idPattern = new RegExp(`^${store.unitCode.replace(/[^a-z0-9]/gi, '\\$&')}-T(\\d{4})-(\\d+)$`);
    for (const task of store.tasks) this.bumpSerial(task.id);
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
        inspectionCode: newInspectionCode(this.store.unitCode),
      };
      if (record.jointGroupId !== undefined) task.jointGroupId = record.jointGroupId;
      this.store.insert(task);
      this.taskIdByKey.set(record.externalKey, task.id);
      this.journal({ unit: this.store.unitCode, kind: 'task', key: record.externalKey, task });
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
      return this.change(task, { ...task, status: 'cancelled' });
    });
  }

  /**
   * 凭码检查: the inspectors arrive with the task's code; the task is in progress from then. A
   * check-in of a task already in progress is answered as it is (a repeated call).
   */
  checkIn(checkIn: CheckIn): Task {
    const task = this.existing(checkIn.taskId);
    if (!isCalendarDay(checkIn.on)) throw new TaskWriteRefused('invalid', `check-in day ${checkIn.on} is not a day`);
    if (task.status === 'in_progress') return task;
    if (task.status !== 'pending') throw new TaskWriteRefused('conflict', `task ${task.id} is ${task.status}: no check-in`);
    if (!task.inspectionCode || task.inspectionCode !== checkIn.inspectionCode) throw new TaskWriteRefused('invalid', `the inspection code is not the code of task ${task.id}`);
    if (task.uscc !== checkIn.uscc) throw new TaskWriteRefused('invalid', `task ${task.id} is not a visit of business ${checkIn.uscc}`);
    if (!task.inspectorIds.includes(checkIn.inspectorId)) throw new TaskWriteRefused('invalid', `inspector ${checkIn.inspectorId} is not on task ${task.id}`);
    return this.change(task, { ...task, status: 'in_progress', checkedInOn: checkIn.on, checkedInBy: checkIn.inspectorId });
  }

  /** The result of a checked-in task, one per task; the task is completed by it. */
  recordResult(input: NewResult): { task: Task; result: Result } {
    const task = this.existing(input.taskId);
    const known = this.store.result(task.id);
    if (known) throw new TaskWriteRefused('conflict', `task ${task.id} has its result already`);
    if (task.status !== 'in_progress') throw new TaskWriteRefused('conflict', `task ${task.id} is ${task.status}: check in first`);
    if (!isCalendarDay(input.inspectedOn) || input.inspectedOn < (task.checkedInOn ?? task.plannedOn)) {
      throw new TaskWriteRefused('invalid', `inspectedOn ${input.inspectedOn} must be a day on or after the check-in`);
    }
    if (!CONCLUSIONS.includes(input.conclusion)) throw new TaskWriteRefused('invalid', `unknown conclusion ${String(input.conclusion)}`);
    if ((input.conclusion === 'problem_found') !== input.findings.length > 0) {
      throw new TaskWriteRefused('invalid', 'findings are given exactly when the conclusion is problem_found');
    }
    const codes = new Set<string>();
    for (const finding of input.findings) {
      if (!isText(finding.code) || codes.has(finding.code)) throw new TaskWriteRefused('invalid', `finding codes must be distinct texts`);
      codes.add(finding.code);
      if (!task.itemCodes.includes(finding.itemCode)) throw new TaskWriteRefused('invalid', `item ${finding.itemCode} is not an item of task ${task.id}`);
      if (!isText(finding.description)) throw new TaskWriteRefused('invalid', `finding ${finding.code} needs a description`);
    }
    const result: Result = { taskId: task.id, unitCode: this.store.unitCode, inspectedOn: input.inspectedOn, conclusion: input.conclusion, findings: input.findings.map((f) => ({ ...f })) };
    this.store.putResult(result);
    this.journal({ unit: this.store.unitCode, kind: 'result', result });
    return { task: this.change(task, { ...task, status: 'completed' }), result };
  }

  /** 后续处置 of one finding of a task's result, once per finding. */
  recordFollowUp(input: NewFollowUp): FollowUp {
    const task = this.existing(input.taskId);
    const result = this.store.result(task.id);
    if (!result) throw new TaskWriteRefused('conflict', `task ${task.id} has no result yet`);
    if (!result.findings.some((finding) => finding.code === input.findingCode)) {
      throw new TaskWriteRefused('invalid', `finding ${input.findingCode} is not a finding of task ${task.id}`);
    }
    if (this.store.followUps(task.id).some((known) => known.findingCode === input.findingCode)) {
      throw new TaskWriteRefused('conflict', `finding ${input.findingCode} of task ${task.id} is followed up already`);
    }
    if (!ACTIONS.includes(input.action)) throw new TaskWriteRefused('invalid', `unknown action ${String(input.action)}`);
    if (!isCalendarDay(input.handledOn) || input.handledOn < result.inspectedOn) {
      throw new TaskWriteRefused('invalid', `handledOn ${input.handledOn} must be a day on or after the inspection`);
    }
    const followUp: FollowUp = { taskId: task.id, unitCode: this.store.unitCode, findingCode: input.findingCode, action: input.action, handledOn: input.handledOn, note: input.note };
    this.store.addFollowUp(followUp);
    this.journal({ unit: this.store.unitCode, kind: 'followUp', followUp });
    return followUp;
  }

  /** Applies a journal entry of an earlier run, as it was written then (no checks, no new code). */
  replay(entry: JournalEntry): void {
    switch (entry.kind) {
      case 'task': {
        const current = this.store.task(entry.task.id);
        if (current) this.store.replace(current, entry.task);
        else {
          this.store.insert(entry.task);
          this.bumpSerial(entry.task.id);
        }
        if (entry.key !== undefined) this.taskIdByKey.set(entry.key, entry.task.id);
        return;
      }
      case 'result':
        this.store.putResult(entry.result);
        return;
      case 'followUp':
        this.store.addFollowUp(entry.followUp);
    }
  }

  private existing(id: string): Task {
    const task = this.store.task(id);
    if (!task) throw new TaskWriteRefused('not_found', `task ${id} does not exist in unit ${this.store.unitCode}`);
    return task;
  }

  /** The one way a known task changes here: in the store, then in the journal. */
  private change(current: Task, updated: Task): Task {
    this.store.replace(current, updated);
    this.journal({ unit: this.store.unitCode, kind: 'task', task: updated });
    return updated;
  }

  private bumpSerial(id: string): void {
    const match = this.idPattern.exec(id);
    if (!match) return;
    const year = Number(match[1]);
    this.nextSerial.set(year, Math.max(this.nextSerial.get(year) ?? 1, Number(match[2]) + 1));
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
