// Adapter for the provincial double-random platform: speaks its legacy wire (envelope, pinyin
// fields, page/pageSize) and returns canonical records. Transport and paging live here; the
// field mapping lives in wire.ts.
import { unitsOnPlatform } from '../../config/units';
import { ErrorCode, graphError } from '../../lib/errors';
import { PlatformHttp } from '../../lib/platform-http';
import type { CertifiedOfficer, DirectoryEntry, FollowUp, Inspector, Item, Plan, Result, Task } from '../../platforms/data/model';
import {
  ErrorCodes,
  MAX_BATCH,
  MAX_CHANGES_PAGE_SIZE,
  MAX_PAGE_SIZE,
  OK_CODE,
  Paths,
  type BgPageWire,
  type Envelope,
  type HxczWire,
  type JcjgWire,
  type MlWire,
  type PagedData,
  type RwWire,
  type XjjgWire,
} from '../../contracts/provincial-wire';
import type { CheckIn, CreatedTask, DepartmentPlatform, NewFollowUp, NewResult, DirectoryQuery, NewTask, PlatformPage, TaskQuery, UnitChanges } from '../kit/platform';
import { alignMany, alignOne, fetchInChunks, slices } from '../kit/batching';
import { taskNotFound, writeRejected } from './write-errors';
import * as wire from './wire';

export interface ProvincialPlatformClientOptions {
  baseUrl: string;
  /** Upper bound for one HTTP call, in milliseconds. */
  timeoutMs: number;
}

type Params = Record<string, string | number | undefined>;

/** What a page cursor of this adapter holds: the list it belongs to and the next row's offset. */
interface CursorState {
  list: string;
  offset: number;
}

function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decodeCursor(cursor: string, list: string): number {
  try {
    const state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorState;
    if (state.list === list && Number.isInteger(state.offset) && state.offset >= 0) return state.offset;
  } catch {
    // fall through to the error below
  }
  throw graphError(ErrorCode.BAD_CURSOR, 'The cursor was not issued for this provincial platform list');
}

export class ProvincialPlatformClient implements DepartmentPlatform {
  readonly maxBatch = MAX_BATCH;
  readonly maxChangesPage = MAX_CHANGES_PAGE_SIZE;
  readonly unitCodes: readonly string[] = unitsOnPlatform('provincial').map((unit) => unit.code);
  private readonly http: PlatformHttp;

  constructor(options: ProvincialPlatformClientOptions) {
    this.http = new PlatformHttp({ platform: 'provincial', baseUrl: options.baseUrl, timeoutMs: options.timeoutMs });
  }

  private bmdm(unitCode: string): number {
    const code = wire.bmdmOf(unitCode);
    if (code === undefined || !this.unitCodes.includes(unitCode)) {
      throw graphError(ErrorCode.UNKNOWN_UNIT, `Unit ${unitCode} is not on the provincial platform`, { unitCode });
    }
    return code;
  }

  /**
   * One call: unwraps the envelope, turning any refusal into a PlatformError, except that a
   * write (`writeUnit` given) refused for its input fails as PLATFORM_REJECTED or NOT_FOUND.
   */
  private async call<T>(method: 'GET' | 'POST', path: string, params: Params, body?: unknown, writeUnit?: string, oneRecord = false): Promise<T> {
    // Lists come back as rows (POST batches) or pages (GET); the visit's writes answer one record.
    const expectRows = oneRecord ? undefined : method === 'POST' ? 'list' : 'page';
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, String(value));
    const target = query.size > 0 ? `${path}?${query}` : path;
    const response = await this.http.request(method, target, body === undefined ? undefined : JSON.stringify(body));
    let envelope: Envelope<T>;
    try {
      envelope = JSON.parse(response.body) as Envelope<T>;
    } catch {
      return this.http.fail(`HTTP ${response.status} with a body that is not JSON`);
    }
    if (envelope?.code !== OK_CODE && writeUnit !== undefined) {
      if (envelope?.code === ErrorCodes.taskNotFound) throw taskNotFound('provincial', writeUnit, envelope.msg);
      if (envelope?.code === ErrorCodes.badParameter || envelope?.code === ErrorCodes.taskStateConflict) {
        throw writeRejected('provincial', writeUnit, envelope.msg);
      }
    }
    if (envelope?.code === ErrorCodes.cursorExpired) this.http.cursorExpired(envelope.msg);
    if (envelope?.code !== OK_CODE) {
      return this.http.fail(`${envelope?.msg ?? 'no message'} (code ${envelope?.code ?? '?'}, HTTP ${response.status})`);
    }
    if (response.status !== 200 || envelope.data === null) this.http.fail(`HTTP ${response.status} without data`);
    if (expectRows && !Array.isArray(expectRows === 'list' ? envelope.data : (envelope.data as PagedData<unknown>).rows)) {
      this.http.fail('answered without the rows it was asked for');
    }
    return envelope.data;
  }

  /** Decodes rows, reporting a row the spec does not allow as a platform failure. */
  private decode<W, T>(rows: readonly W[], decodeRow: (row: W) => T): T[] {
    return this.http.decode('rows', () => rows.map(decodeRow));
  }

  /** Every row of a paged list: the first page, then the rest in parallel. */
  private async all<W, T>(path: string, params: Params, decodeRow: (row: W) => T): Promise<T[]> {
    const first = await this.call<PagedData<W>>('GET', path, { ...params, page: 1, pageSize: MAX_PAGE_SIZE });
    const pageCount = Math.ceil(first.total / MAX_PAGE_SIZE);
    const rest = await Promise.all(
      Array.from({ length: Math.max(0, pageCount - 1) }, (_, index) =>
        this.call<PagedData<W>>('GET', path, { ...params, page: index + 2, pageSize: MAX_PAGE_SIZE }),
      ),
    );
    return this.decode([first, ...rest].flatMap((page) => page.rows), decodeRow);
  }

  /**
   * `first` rows from the cursor's offset. The platform pages by number, so the offset is
   * mapped to a page of size min(first, 100), skipping into it when sizes changed between calls.
   */
  private async window<W, T>(path: string, params: Params, list: string, after: string | undefined, first: number, decodeRow: (row: W) => T): Promise<PlatformPage<T>> {
    if (!Number.isInteger(first) || first < 1) throw graphError(ErrorCode.BAD_INPUT, `first must be a positive integer, got ${first}`);
    const offset = after === undefined ? 0 : decodeCursor(after, list);
    const pageSize = Math.min(first, MAX_PAGE_SIZE);
    let page = Math.floor(offset / pageSize) + 1;
    const fetched = await this.call<PagedData<W>>('GET', path, { ...params, page, pageSize });
    const rows = fetched.rows.slice(offset % pageSize);
    while (rows.length < first && page * pageSize < fetched.total) {
      page += 1;
      rows.push(...(await this.call<PagedData<W>>('GET', path, { ...params, page, pageSize })).rows);
    }
    const nodes = this.decode(rows.slice(0, first), decodeRow);
    const end = offset + nodes.length;
    return { nodes, next: end < fetched.total ? encodeCursor({ list, offset: end }) : null, totalCount: fetched.total };
  }

  async items(unitCode: string): Promise<Item[]> {
    return this.all(Paths.items, { bmdm: this.bmdm(unitCode) }, wire.decodeItem);
  }

  async directory(unitCode: string, query: DirectoryQuery): Promise<PlatformPage<DirectoryEntry>> {
    const params = { bmdm: this.bmdm(unitCode), xzqhdm: query.divisionCode, hydm: query.industryPrefix, bq: query.tag };
    return this.window(Paths.directory, params, `directory:${JSON.stringify(params)}`, query.after, query.first, wire.decodeDirectoryEntry);
  }

  async directoryEntries(unitCode: string, usccs: readonly string[]): Promise<(DirectoryEntry | null)[]> {
    const bmdm = this.bmdm(unitCode);
    const rows = await fetchInChunks(usccs, this.maxBatch, (chunk) =>
      this.call<MlWire[]>('POST', Paths.directoryBatch, {}, { bmdm, tyshxydm: chunk }),
    );
    return alignOne(usccs, this.decode(rows, wire.decodeDirectoryEntry), (entry) => entry.uscc);
  }

  async inspectors(unitCode: string): Promise<Inspector[]> {
    return this.all(Paths.inspectors, { bmdm: this.bmdm(unitCode) }, wire.decodeInspector);
  }

  async certifiedOfficers(unitCode: string): Promise<CertifiedOfficer[]> {
    return this.all(Paths.officers, { bmdm: this.bmdm(unitCode) }, wire.decodeOfficer);
  }

  async plans(unitCode: string, year?: number): Promise<Plan[]> {
    return this.all(Paths.plans, { bmdm: this.bmdm(unitCode), nd: year }, wire.decodePlan);
  }

  async tasks(unitCode: string, query: TaskQuery): Promise<PlatformPage<Task>> {
    const params = {
      bmdm: this.bmdm(unitCode),
      nd: query.year,
      jhbh: query.planId,
      rwzt: query.status === undefined ? undefined : wire.taskStatusCode(query.status),
      ksrq: query.from === undefined ? undefined : wire.wireDay(query.from),
      jsrq: query.to === undefined ? undefined : wire.wireDay(query.to),
    };
    return this.window(Paths.tasks, params, `tasks:${JSON.stringify(params)}`, query.after, query.first, wire.decodeTask);
  }

  async tasksOfBusinesses(unitCode: string, usccs: readonly string[]): Promise<Task[][]> {
    const bmdm = this.bmdm(unitCode);
    const rows = await fetchInChunks(usccs, this.maxBatch, (chunk) => this.call<RwWire[]>('POST', Paths.tasksBatch, {}, { bmdm, tyshxydm: chunk }));
    return alignMany(usccs, this.decode(rows, wire.decodeTask), (task) => task.uscc);
  }

  async results(unitCode: string, taskIds: readonly string[]): Promise<(Result | null)[]> {
    const bmdm = this.bmdm(unitCode);
    const rows = await fetchInChunks(taskIds, this.maxBatch, (chunk) => this.call<JcjgWire[]>('POST', Paths.resultsBatch, {}, { bmdm, rwbh: chunk }));
    return alignOne(taskIds, this.decode(rows, wire.decodeResult), (result) => result.taskId);
  }

  async followUps(unitCode: string, taskIds: readonly string[]): Promise<FollowUp[][]> {
    const bmdm = this.bmdm(unitCode);
    const rows = await fetchInChunks(taskIds, this.maxBatch, (chunk) => this.call<HxczWire[]>('POST', Paths.followUpsBatch, {}, { bmdm, rwbh: chunk }));
    return alignMany(taskIds, this.decode(rows, wire.decodeFollowUp), (followUp) => followUp.taskId);
  }

  async createTasks(unitCode: string, tasks: readonly NewTask[]): Promise<CreatedTask[]> {
    const bmdm = this.bmdm(unitCode);
    const answers = await Promise.all(
      slices(tasks, this.maxBatch).map((chunk) =>
        this.call<XjjgWire[]>('POST', Paths.taskCreate, {}, { bmdm, rwlb: chunk.map(wire.encodeNewTask) }, unitCode),
      ),
    );
    return this.decode(answers.flat(), wire.decodeCreated);
  }

  async cancelTasks(unitCode: string, taskIds: readonly string[]): Promise<Task[]> {
    const bmdm = this.bmdm(unitCode);
    const answers = await Promise.all(
      slices([...new Set(taskIds)], this.maxBatch).map((chunk) => this.call<RwWire[]>('POST', Paths.taskCancel, {}, { bmdm, rwbh: chunk }, unitCode)),
    );
    return this.decode(answers.flat(), wire.decodeTask);
  }

  async checkIn(unitCode: string, checkIn: CheckIn): Promise<Task> {
    const row = await this.call<RwWire>('POST', Paths.taskCheckIn, {}, wire.encodeCheckIn(this.bmdm(unitCode), checkIn), unitCode, true);
    return this.http.decode('task', () => wire.decodeTask(row));
  }

  async recordResult(unitCode: string, result: NewResult): Promise<{ task: Task; result: Result }> {
    const answer = await this.call<{ rw: RwWire; jcjg: JcjgWire }>('POST', Paths.resultRecord, {}, wire.encodeNewResult(this.bmdm(unitCode), result), unitCode, true);
    return this.http.decode('result', () => ({ task: wire.decodeTask(answer.rw), result: wire.decodeResult(answer.jcjg) }));
  }

  async recordFollowUp(unitCode: string, followUp: NewFollowUp): Promise<FollowUp> {
    const row = await this.call<HxczWire>('POST', Paths.followUpRecord, {}, wire.encodeNewFollowUp(this.bmdm(unitCode), followUp), unitCode, true);
    return this.http.decode('follow-up', () => wire.decodeFollowUp(row));
  }

  /** One bg/list call: the platform pages changes by its 游标 (yb), up to 5000 rows. */
  async changes(unitCode: string, after: string | undefined, first: number): Promise<UnitChanges> {
    const pageSize = Math.max(1, Math.min(first, this.maxChangesPage));
    const page = await this.call<BgPageWire>('GET', Paths.changes, { bmdm: this.bmdm(unitCode), yb: after, pageSize });
    return this.http.decode('changes', () => wire.decodeChanges(page));
  }
}
