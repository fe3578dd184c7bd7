// A per-unit change log, the "changed since" feed real provincial exchange interfaces offer:
// every record change takes the next sequence number of its unit, and a page of changes gives
// each logged record in its CURRENT state, oldest first. The stand-ins regenerate their data at
// every start, so a cursor names the start it was issued by (the epoch) and is refused after a
// restart: the reader then starts over from the beginning.
import { randomBytes } from 'node:crypto';
import type { DirectoryEntry, FollowUp, Inspector, Plan, Result, Task } from '../data/model';

export type ChangeKind = 'task' | 'result' | 'followUp' | 'plan' | 'inspector' | 'directory';

/** One logged change: which record changed; its current state is looked up when read. */
interface Entry {
  kind: ChangeKind;
  /** Task id, result's task id, follow-up position, plan id, inspector id or credit code. */
  key: string;
}

export type Change =
  | { kind: 'task'; record: Task }
  | { kind: 'result'; record: Result }
  | { kind: 'followUp'; record: FollowUp }
  | { kind: 'plan'; record: Plan }
  | { kind: 'inspector'; record: Inspector }
  | { kind: 'directory'; record: DirectoryEntry; removed: boolean };

/** Where the log finds a record's current state. */
export interface ChangeSource {
  task(id: string): Task | undefined;
  result(taskId: string): Result | undefined;
  followUp(position: number): FollowUp | undefined;
  plan(id: string): Plan | undefined;
  inspector(id: string): Inspector | undefined;
  /** A directory entry, or the last state of a removed one. */
  directoryEntry(uscc: string): { entry: DirectoryEntry; removed: boolean } | undefined;
}

export interface ChangePage {
  changes: { sequence: number; change: Change }[];
  /** Cursor after the last change of the page (the same cursor again when nothing was new). */
  cursor: string;
  hasMore: boolean;
  /** Changes left after `cursor`. */
  remaining: number;
}

/** The cursor is unknown to this start of the platform: expired by a restart, or forged. */
export class CursorRefused extends Error {}

/** A random epoch for one start of a platform, shared by its units' logs. */
export function newEpoch(): string {
  return randomBytes(6).toString('hex');
}

/** An opaque cursor: the platform's epoch, the feed it belongs to (a unit) and a sequence. */
export function feedCursor(epoch: string, feed: string, sequence: number): string {
  return Buffer.from(`${epoch}.${feed}.${sequence}`).toString('base64url');
}

/** The sequence a cursor stands for; CursorRefused unless issued for this epoch and feed, within `length`. */
export function feedSequence(cursor: string | undefined, epoch: string, feed: string, length: number): number {
  if (cursor === undefined) return 0;
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('.');
  const sequence = Number(parts[2]);
  const issued = parts.length === 3 && parts[0] === epoch && parts[1] === feed && /^\d+$/.test(parts[2]) && sequence <= length;
  // Re-encoding catches texts that decode to the same bytes but were never issued.
  if (!issued || feedCursor(epoch, feed, sequence) !== cursor) {
    throw new CursorRefused(`cursor ${cursor.slice(0, 40)} was not issued by this run of the platform`);
  }
  return sequence;
}

export class ChangeLog {
  private readonly entries: Entry[] = [];
  /**
   * The generated directory is the first part of the log, by position: a reader starting from
   * the beginning gets the whole directory in few large pages (the listing endpoint pages by
   * 100), and no entry object is kept per business (1.4M at city scale).
   */
  private readonly initialDirectory: readonly string[];

  /**
   * Seeds the log with the generated records, in dataset order: the directory, then tasks,
   * results, follow-ups, plans. Inspectors are not replayed: readers list them (a few hundred
   * per unit) and follow their changes here.
   */
  constructor(
    readonly epoch: string,
    readonly unitCode: string,
    private readonly source: ChangeSource,
    initial: { directory: readonly DirectoryEntry[]; tasks: readonly Task[]; results: readonly Result[]; followUps: readonly FollowUp[]; plans: readonly Plan[] },
  ) {
    this.initialDirectory = initial.directory.map((entry) => entry.uscc);
    for (const task of initial.tasks) this.append('task', task.id);
    for (const result of initial.results) this.append('result', result.taskId);
    initial.followUps.forEach((_, position) => this.append('followUp', String(position)));
    for (const plan of initial.plans) this.append('plan', plan.id);
  }

  /** Logs a change of one record; the writes of the store call this after changing it. */
  append(kind: ChangeKind, key: string): void {
    this.entries.push({ kind, key });
  }

  get length(): number {
    return this.initialDirectory.length + this.entries.length;
  }

  private entry(index: number): Entry {
    const directory = this.initialDirectory.length;
    return index < directory ? { kind: 'directory', key: this.initialDirectory[index] } : this.entries[index - directory];
  }

  /** Up to `first` changes after the cursor, each record in its current state. */
  page(cursor: string | undefined, first: number): ChangePage {
    const start = feedSequence(cursor, this.epoch, this.unitCode, this.length);
    const end = Math.min(start + first, this.length);
    const changes: ChangePage['changes'] = [];
    for (let index = start; index < end; index++) {
      const change = this.current(this.entry(index));
      // Sequence numbers start at 1: the cursor at 0 is "before everything".
      if (change) changes.push({ sequence: index + 1, change });
    }
    const remaining = this.length - end;
    return { changes, cursor: feedCursor(this.epoch, this.unitCode, end), hasMore: remaining > 0, remaining };
  }

  private current({ kind, key }: Entry): Change | undefined {
    const { source } = this;
    switch (kind) {
      case 'task': {
        const record = source.task(key);
        return record && { kind, record };
      }
      case 'result': {
        const record = source.result(key);
        return record && { kind, record };
      }
      case 'followUp': {
        const record = source.followUp(Number(key));
        return record && { kind, record };
      }
      case 'plan': {
        const record = source.plan(key);
        return record && { kind, record };
      }
      case 'inspector': {
        const record = source.inspector(key);
        return record && { kind, record };
      }
      case 'directory': {
        const found = source.directoryEntry(key);
        return found && { kind, record: found.entry, removed: found.removed };
      }
    }
  }
}
