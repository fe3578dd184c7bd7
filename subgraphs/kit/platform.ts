// The contract between the shared department-subgraph kit and each agency platform's
// adapter. An adapter speaks its platform's wire format and returns the canonical records of
// platforms/data/model.ts; the kit never sees a wire format. Batch methods take at most
// `maxBatch` keys; the kit's DataLoaders split larger batches.
import type { CertifiedOfficer, CheckIn, DirectoryEntry, FollowUp, Inspector, Item, NewFollowUp, NewResult, Plan, Publication, Result, Task, TaskStatus } from '../../platforms/data/model';

export interface DirectoryQuery {
  divisionCode?: string;
  /** GB/T 4754 prefix: a section letter is not used here, only digits (e.g. `62` or `6210`). */
  industryPrefix?: string;
  tag?: string;
  /** Opaque platform cursor from a previous page; absent for the first page. */
  after?: string;
  first: number;
}

export interface TaskQuery {
  year?: number;
  planId?: string;
  status?: TaskStatus;
  /** Only tasks whose plannedOn falls in [from, to] (inclusive ISO dates). */
  from?: string;
  to?: string;
  after?: string;
  first: number;
}

export interface PlatformPage<T> {
  nodes: T[];
  /** Platform cursor for the next page, or null on the last page. */
  next: string | null;
  totalCount: number;
}

/** A task to create in a unit's platform. */
export interface NewTask {
  /**
   * Chosen by the caller and unique within the unit, e.g. `${planId}/${unitCode}/${uscc}`: the
   * same key again answers the task created the first time instead of a second one.
   */
  externalKey: string;
  planId: string;
  uscc: string;
  itemCodes: string[];
  inspectorIds: string[];
  /** ISO day */
  plannedOn: string;
  jointGroupId?: string;
}

export interface CreatedTask {
  externalKey: string;
  task: Task;
  /** True when the key was known already: the task is the one created before, nothing new was made. */
  existed: boolean;
}

export type { CheckIn, NewFollowUp, NewResult } from '../../platforms/data/model';

export interface UnitChanges {
  /** Records changed after the cursor, oldest first, each in its current state. */
  tasks: Task[];
  results: Result[];
  followUps: FollowUp[];
  plans: Plan[];
  inspectors: Inspector[];
  directory: { entry: DirectoryEntry; removed: boolean }[];
  /** Cursor after the last change of this page; pass it back for the next page. */
  cursor: string;
  hasMore: boolean;
  /** Changes still waiting after `cursor` when the page was cut (progress of a catch-up). */
  remaining: number;
}

/** An empty UnitChanges the adapters fill while decoding a page. */
export function emptyChanges(cursor: string, hasMore: boolean, remaining: number): UnitChanges {
  return { tasks: [], results: [], followUps: [], plans: [], inspectors: [], directory: [], cursor, hasMore, remaining };
}

/** Sets each optional field only when its decoded value is present, so absent fields stay absent. */
export function withOptional<T extends object>(record: T, optional: Record<string, unknown>): T {
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(record, { [key]: value });
  return record;
}

export interface DepartmentPlatform {
  /** The platform's largest batch of keys in one call. */
  readonly maxBatch: number;
  /** Unit codes this platform serves. */
  readonly unitCodes: readonly string[];

  items(unitCode: string): Promise<Item[]>;
  directory(unitCode: string, query: DirectoryQuery): Promise<PlatformPage<DirectoryEntry>>;
  /** Batch: directory entries for these credit codes (null where not in the directory). */
  directoryEntries(unitCode: string, usccs: readonly string[]): Promise<(DirectoryEntry | null)[]>;
  inspectors(unitCode: string): Promise<Inspector[]>;
  certifiedOfficers(unitCode: string): Promise<CertifiedOfficer[]>;
  plans(unitCode: string, year?: number): Promise<Plan[]>;
  tasks(unitCode: string, query: TaskQuery): Promise<PlatformPage<Task>>;
  /** Batch: the tasks of these businesses (all years). */
  tasksOfBusinesses(unitCode: string, usccs: readonly string[]): Promise<Task[][]>;
  /** Batch: results of these tasks (null where none yet). */
  results(unitCode: string, taskIds: readonly string[]): Promise<(Result | null)[]>;
  /** Batch: follow-ups of these tasks. */
  followUps(unitCode: string, taskIds: readonly string[]): Promise<FollowUp[][]>;

  /**
   * Creates tasks, one answer per NewTask in order. Idempotent per externalKey, so a call that
   * failed half-way (the adapter splits batches above maxBatch) is safely repeated as a whole.
   * Fails with a PlatformError when the platform is down, PLATFORM_REJECTED when it refuses the input.
   */
  createTasks(unitCode: string, tasks: readonly NewTask[]): Promise<CreatedTask[]>;
  /**
   * Cancels tasks; the cancelled tasks, one per distinct id in order. Cancelling a cancelled
   * task is fine; an unknown id fails with NOT_FOUND, a completed task with PLATFORM_REJECTED.
   */
  cancelTasks(unitCode: string, taskIds: readonly string[]): Promise<Task[]>;

  /**
   * The visit, on the unit's platform: check in with the code (the task is in progress; again
   * on a task in progress answers it as it is), the result (the task is completed), the
   * follow-up of one finding. A refusal fails with PLATFORM_REJECTED, an unknown task NOT_FOUND.
   */
  checkIn(unitCode: string, checkIn: CheckIn): Promise<Task>;
  recordResult(unitCode: string, result: NewResult): Promise<{ task: Task; result: Result }>;
  recordFollowUp(unitCode: string, followUp: NewFollowUp): Promise<FollowUp>;

  /** The unit's changes after `after` (absent: from the beginning). A cursor the platform no longer knows fails with PlatformError code CURSOR_EXPIRED: start over from the beginning. */
  changes(unitCode: string, after: string | undefined, first: number): Promise<UnitChanges>;
  /** Largest page of changes the platform gives. */
  readonly maxChangesPage: number;
}

/** What the units' views need from the credit information system: publications of results. */
export interface PublicationSource {
  readonly maxBatch: number;
  /** Publications of each business, aligned with `codes`. */
  publicationsOf(codes: readonly string[]): Promise<Publication[][]>;
  /**
   * Publications of every unit after `after` (absent: from the beginning), oldest first. A cursor
   * the system no longer knows fails with PlatformError code CURSOR_EXPIRED: start over.
   */
  /** Publishes a task's result (公示); a repeat for the same task answers the existing one with created false. */
  publish(input: { uscc: string; unitCode: string; taskId: string; summary: string }): Promise<{ created: boolean; publication: Publication }>;
  publicationChanges(after: string | undefined, first: number): Promise<{ publications: Publication[]; cursor: string; hasMore: boolean; remaining: number }>;
}
