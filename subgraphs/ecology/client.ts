// Adapter for the ecology & environment platform (部委统一建设): REST resources, cursor paging,
// an API key, errors as HTTP statuses. Transport and paging live here; mapping in wire.ts.
// Creating tasks sends an Idempotency-Key derived from the request body, so a retried chunk
// carries the same key as the first attempt.
import { createHash } from 'node:crypto';
import { unitsOnPlatform } from '../../config/units';
import { ErrorCode, graphError } from '../../lib/errors';
import { PlatformHttp, type PlatformHttpOptions } from '../../lib/platform-http';
import type { CertifiedOfficer, DirectoryEntry, FollowUp, Inspector, Item, Plan, Result, Task } from '../../platforms/data/model';
import {
  API_KEY_HEADER,
  DEFAULT_API_KEY,
  IDEMPOTENCY_KEY_HEADER,
  MAX_BATCH,
  MAX_CHANGES_LIMIT,
  MAX_LIMIT,
  type EcoChangePage,
  type EcoCreatedTask,
  type EcoFollowUp,
  type EcoResult,
  type EcoTarget,
  type EcoTask,
  type ErrorBody,
  type ListResponse,
} from '../../contracts/ecology-wire';
import type { CheckIn, CreatedTask, DepartmentPlatform, DirectoryQuery, NewFollowUp, NewResult, NewTask, PlatformPage, TaskQuery, UnitChanges } from '../kit/platform';
import { alignMany, alignOne, fetchInChunks, mapLimited, slices } from '../kit/batching';
import { taskNotFound, writeRejected } from '../provincial/write-errors';
import * as wire from './wire';

export interface EcologyPlatformClientOptions {
  baseUrl: string;
  /** Upper bound for one HTTP call, in milliseconds. */
  timeoutMs: number;
  /** Sent as X-Api-Key; defaults to the platform's development key. */
  apiKey?: string;
}

type Params = Record<string, string | number | undefined>;

/** Cancels go one task per call; this many run at once. */
const CANCEL_CONCURRENCY = 8;
/** Statuses by which the platform refuses a write's input (400, 409) or its key (422). */
const REFUSED_WRITE = new Set([400, 409, 422]);

export class EcologyPlatformClient implements DepartmentPlatform {
  readonly maxBatch = MAX_BATCH;
  readonly maxChangesPage = MAX_CHANGES_LIMIT;
  readonly unitCodes: readonly string[] = unitsOnPlatform('ecology').map((unit) => unit.code);
  private readonly http: PlatformHttp;
  private readonly httpOptions: PlatformHttpOptions;

  constructor(options: EcologyPlatformClientOptions) {
    this.httpOptions = {
      platform: 'ecology',
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs,
      headers: { [API_KEY_HEADER]: options.apiKey ?? DEFAULT_API_KEY, accept: 'application/json' },
    };
    this.http = new PlatformHttp(this.httpOptions);
  }

  private unitPath(unitCode: string, resource: string): string {
    if (!this.unitCodes.includes(unitCode)) {
      throw graphError(ErrorCode.UNKNOWN_UNIT, `Unit ${unitCode} is not on the ecology platform`, { unitCode });
    }
    return `/v1/units/${encodeURIComponent(unitCode)}/${resource}`;
  }

  /** One call answering rows (a list page's `data`, a batch answer's one array field). */
  private async call<T>(method: 'GET' | 'POST', path: string, params: Params, body?: unknown, http = this.http, writeUnit?: string): Promise<T> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, String(value));
    const parsed = await this.send(http, method, query.size > 0 ? `${path}?${query}` : path, body, writeUnit);
    const value = parsed as Record<string, unknown> | null;
    const rows = value === null || typeof value !== 'object' ? undefined : method === 'GET' ? value.data : Object.values(value)[0];
    if (!Array.isArray(rows)) return this.http.fail('answered without the rows it was asked for');
    return parsed as T;
  }

  /**
   * One request; any status but 200 becomes a PlatformError naming the platform's reason, except
   * that a write (`writeUnit` given) refused for its input fails as PLATFORM_REJECTED or NOT_FOUND.
   */
  private async send(http: PlatformHttp, method: 'GET' | 'POST', target: string, body?: unknown, writeUnit?: string): Promise<unknown> {
    const response = await http.request(method, target, body === undefined ? undefined : JSON.stringify(body));
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.body);
    } catch {
      return this.http.fail(`HTTP ${response.status} with a body that is not JSON`);
    }
    if (response.status === 200) return parsed;
    const { error, message } = (parsed ?? {}) as Partial<ErrorBody>;
    if (writeUnit !== undefined && response.status === 404 && error === 'not_found') throw taskNotFound('ecology', writeUnit, `${message}`);
    if (writeUnit !== undefined && REFUSED_WRITE.has(response.status)) throw writeRejected('ecology', writeUnit, `HTTP ${response.status} ${error}: ${message}`);
    if (response.status === 400 && error === 'invalid_cursor') {
      throw graphError(ErrorCode.BAD_CURSOR, `The ecology platform rejected the cursor: ${message}`);
    }
    if (response.status === 410 && error === 'cursor_expired') return this.http.cursorExpired(`HTTP 410: ${message}`);
    if (response.status === 401) return this.http.fail(`HTTP 401 ${error}: ${message} (the API key was refused)`);
    return this.http.fail(`HTTP ${response.status} ${error ?? 'error'}: ${message ?? 'no message'}`);
  }

  /** Decodes rows, reporting a row the spec does not allow as a platform failure. */
  private decode<W, T>(unitCode: string, rows: readonly W[], decodeRow: (unitCode: string, row: W) => T): T[] {
    return this.http.decode(`${unitCode} rows`, () => rows.map((row) => decodeRow(unitCode, row)));
  }

  /** `first` rows from `after`, following the platform's cursors when first exceeds its limit. */
  private async window<W, T>(unitCode: string, path: string, params: Params, after: string | undefined, first: number, decodeRow: (unitCode: string, row: W) => T): Promise<PlatformPage<T>> {
    if (!Number.isInteger(first) || first < 1) throw graphError(ErrorCode.BAD_INPUT, `first must be a positive integer, got ${first}`);
    const rows: W[] = [];
    let cursor = after;
    let totalCount = 0;
    do {
      const page = await this.call<ListResponse<W>>('GET', path, { ...params, cursor, limit: Math.min(first - rows.length, MAX_LIMIT) });
      rows.push(...page.data);
      totalCount = page.totalSize;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && rows.length < first);
    return { nodes: this.decode(unitCode, rows, decodeRow), next: cursor ?? null, totalCount };
  }

  /** Every row of a list resource. */
  private async all<W, T>(unitCode: string, resource: string, params: Params, decodeRow: (unitCode: string, row: W) => T): Promise<T[]> {
    const path = this.unitPath(unitCode, resource);
    const rows: W[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.call<ListResponse<W>>('GET', path, { ...params, cursor, limit: MAX_LIMIT });
      rows.push(...page.data);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return this.decode(unitCode, rows, decodeRow);
  }

  async items(unitCode: string): Promise<Item[]> {
    return this.all(unitCode, 'items', {}, wire.decodeItem);
  }

  async directory(unitCode: string, query: DirectoryQuery): Promise<PlatformPage<DirectoryEntry>> {
    const params = { division: query.divisionCode, industry: query.industryPrefix, tag: query.tag };
    return this.window(unitCode, this.unitPath(unitCode, 'targets'), params, query.after, query.first, wire.decodeTarget);
  }

  async directoryEntries(unitCode: string, usccs: readonly string[]): Promise<(DirectoryEntry | null)[]> {
    const path = this.unitPath(unitCode, 'targets:batchGet');
    const rows = await fetchInChunks(usccs, this.maxBatch, async (ids) => (await this.call<{ targets: EcoTarget[] }>('POST', path, {}, { ids })).targets);
    return alignOne(usccs, this.decode(unitCode, rows, wire.decodeTarget), (entry) => entry.uscc);
  }

  async inspectors(unitCode: string): Promise<Inspector[]> {
    return this.all(unitCode, 'inspectors', {}, wire.decodeInspector);
  }

  async certifiedOfficers(unitCode: string): Promise<CertifiedOfficer[]> {
    return this.all(unitCode, 'officers', {}, wire.decodeOfficer);
  }

  async plans(unitCode: string, year?: number): Promise<Plan[]> {
    return this.all(unitCode, 'plans', { year }, wire.decodePlan);
  }

  async tasks(unitCode: string, query: TaskQuery): Promise<PlatformPage<Task>> {
    const params = {
      year: query.year,
      planId: query.planId,
      status: query.status === undefined ? undefined : wire.wireState(query.status),
      from: query.from,
      to: query.to,
    };
    return this.window(unitCode, this.unitPath(unitCode, 'tasks'), params, query.after, query.first, wire.decodeTask);
  }

  async tasksOfBusinesses(unitCode: string, usccs: readonly string[]): Promise<Task[][]> {
    const path = this.unitPath(unitCode, 'tasks:byEnterprises');
    const rows = await fetchInChunks(usccs, this.maxBatch, async (ids) => (await this.call<{ tasks: EcoTask[] }>('POST', path, {}, { ids })).tasks);
    return alignMany(usccs, this.decode(unitCode, rows, wire.decodeTask), (task) => task.uscc);
  }

  async results(unitCode: string, taskIds: readonly string[]): Promise<(Result | null)[]> {
    const path = this.unitPath(unitCode, 'results:batchGet');
    const rows = await fetchInChunks(taskIds, this.maxBatch, async (chunk) => (await this.call<{ results: EcoResult[] }>('POST', path, {}, { taskIds: chunk })).results);
    return alignOne(taskIds, this.decode(unitCode, rows, wire.decodeResult), (result) => result.taskId);
  }

  async followUps(unitCode: string, taskIds: readonly string[]): Promise<FollowUp[][]> {
    const path = this.unitPath(unitCode, 'followUps:batchGet');
    const rows = await fetchInChunks(taskIds, this.maxBatch, async (chunk) => (await this.call<{ followUps: EcoFollowUp[] }>('POST', path, {}, { taskIds: chunk })).followUps);
    return alignMany(taskIds, this.decode(unitCode, rows, wire.decodeFollowUp), (followUp) => followUp.taskId);
  }

  async createTasks(unitCode: string, tasks: readonly NewTask[]): Promise<CreatedTask[]> {
    const path = this.unitPath(unitCode, 'tasks');
    const answers = await Promise.all(
      slices(tasks, this.maxBatch).map(async (chunk) => {
        const body = { tasks: chunk.map(wire.encodeNewTask) };
        const key = createHash('sha256').update(JSON.stringify(body)).digest('hex');
        const http = new PlatformHttp({ ...this.httpOptions, headers: { ...this.httpOptions.headers, [IDEMPOTENCY_KEY_HEADER]: key } });
        return (await this.call<{ createdTasks: EcoCreatedTask[] }>('POST', path, {}, body, http, unitCode)).createdTasks;
      }),
    );
    return this.decode(unitCode, answers.flat(), wire.decodeCreated);
  }

  async cancelTasks(unitCode: string, taskIds: readonly string[]): Promise<Task[]> {
    const tasksPath = this.unitPath(unitCode, 'tasks');
    const rows = await mapLimited([...new Set(taskIds)], CANCEL_CONCURRENCY, (taskId) =>
      this.send(this.http, 'POST', `${tasksPath}/${encodeURIComponent(taskId)}:cancel`, {}, unitCode),
    );
    return this.decode(unitCode, rows as EcoTask[], wire.decodeTask);
  }

  private taskPath(unitCode: string, taskId: string, action: string): string {
    return `${this.unitPath(unitCode, 'tasks')}/${encodeURIComponent(taskId)}${action}`;
  }

  async checkIn(unitCode: string, checkIn: CheckIn): Promise<Task> {
    const row = await this.send(this.http, 'POST', this.taskPath(unitCode, checkIn.taskId, ':checkIn'), wire.encodeCheckIn(checkIn), unitCode);
    return this.decode(unitCode, [row as EcoTask], wire.decodeTask)[0];
  }

  async recordResult(unitCode: string, result: NewResult): Promise<{ task: Task; result: Result }> {
    const answer = (await this.send(this.http, 'POST', this.taskPath(unitCode, result.taskId, '/result'), wire.encodeNewResult(result), unitCode)) as { task: EcoTask; result: EcoResult };
    return this.http.decode(`${unitCode} result`, () => ({ task: wire.decodeTask(unitCode, answer.task), result: wire.decodeResult(unitCode, answer.result) }));
  }

  async recordFollowUp(unitCode: string, followUp: NewFollowUp): Promise<FollowUp> {
    const row = await this.send(this.http, 'POST', this.taskPath(unitCode, followUp.taskId, '/followUps'), wire.encodeNewFollowUp(followUp), unitCode);
    return this.decode(unitCode, [row as EcoFollowUp], wire.decodeFollowUp)[0];
  }

  /** One GET /changes: the platform's own cursor, up to 5000 changes. */
  async changes(unitCode: string, after: string | undefined, first: number): Promise<UnitChanges> {
    const limit = Math.max(1, Math.min(first, this.maxChangesPage));
    const page = await this.call<EcoChangePage>('GET', this.unitPath(unitCode, 'changes'), { cursor: after, limit });
    return this.http.decode(`${unitCode} changes`, () => wire.decodeChanges(unitCode, page));
  }
}
