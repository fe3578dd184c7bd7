// Adapter for the fire & rescue platform's JSON-RPC 2.0 service (POST /rpc). Maps its records
// to the model (wire.ts), its keyset paging (afterId + size) to the opaque `next` cursor, and
// splits batches above 100 keys into calls that share one HTTP batch request (rpc.ts).
import { unitsOnPlatform } from '../../config/units';
import { ErrorCode, graphError } from '../../lib/errors';
import { PlatformHttp } from '../../lib/platform-http';
import type { CertifiedOfficer, DirectoryEntry, FollowUp, Inspector, Item, Plan, Result, Task } from '../../platforms/data/model';
import type { CheckIn, CreatedTask, DepartmentPlatform, DirectoryQuery, NewFollowUp, NewResult, NewTask, PlatformPage, TaskQuery, UnitChanges } from '../kit/platform';
import { alignMany, alignOne, fetchInChunks, slices } from '../kit/batching';
import { taskNotFound, writeRejected } from '../provincial/write-errors';
import { JsonRpcCodes, JsonRpcTransport, RpcCallError } from './rpc';
import {
  array,
  checkInJson,
  epochOfDay,
  newFollowUpJson,
  newResultJson,
  newTaskJson,
  object,
  toChanges,
  toCreated,
  toDirectoryEntry,
  toFollowUp,
  toInspector,
  toItem,
  toOfficer,
  toPlan,
  toResult,
  toTask,
  type Json,
} from './wire';

export interface FirePlatformClientOptions {
  baseUrl: string;
  timeoutMs: number;
}

const MAX_KEYS = 100;
const MAX_PAGE = 200;
/** Largest `size` of changes.since. */
const MAX_CHANGES = 5000;
const CURSOR_PREFIX = 'after:';

function decodeCursor(after: string | undefined): string | undefined {
  if (after === undefined) return undefined;
  if (!after.startsWith(CURSOR_PREFIX) || after.length === CURSOR_PREFIX.length) {
    throw graphError(ErrorCode.BAD_CURSOR, 'This cursor was not issued for the fire platform');
  }
  return after.slice(CURSOR_PREFIX.length);
}

export class FirePlatformClient implements DepartmentPlatform {
  readonly maxBatch = MAX_KEYS;
  readonly maxChangesPage = MAX_CHANGES;
  readonly unitCodes: readonly string[] = unitsOnPlatform('fire').map((unit) => unit.code);
  private readonly http: PlatformHttp;
  private readonly rpc: JsonRpcTransport;

  constructor(options: FirePlatformClientOptions) {
    this.http = new PlatformHttp({ platform: 'fire', baseUrl: options.baseUrl, timeoutMs: options.timeoutMs });
    this.rpc = new JsonRpcTransport(this.http);
  }

  /** One call; its `data` array decoded with `toRecord`, plus the paging fields when present. */
  private async call<T>(method: string, params: Json, toRecord: (record: Json) => T): Promise<{ data: T[]; total: number; hasMore: boolean }> {
    const result = await this.rpc.call(method, params);
    return this.http.decode(method, () => {
      const body = object(result, 'result');
      const data = array(body.data, 'data').map((record) => toRecord(object(record, 'record')));
      const total = typeof body.total === 'number' ? body.total : data.length;
      return { data, total, hasMore: body.hasMore === true };
    });
  }

  /** Up to `first` rows after `afterId`, one call per 200 rows (keyset pages are sequential). */
  private async paged<T>(
    method: string,
    params: Json,
    toRecord: (record: Json) => T,
    idOf: (record: T) => string,
    after: string | undefined,
    first: number,
  ): Promise<PlatformPage<T>> {
    let afterId = decodeCursor(after);
    const nodes: T[] = [];
    for (;;) {
      const size = Math.min(Math.max(first - nodes.length, 1), MAX_PAGE);
      const page = await this.call(method, { ...params, afterId, size }, toRecord);
      const taken = page.data.slice(0, Math.max(first - nodes.length, 0));
      nodes.push(...taken);
      if (taken.length > 0) afterId = idOf(taken[taken.length - 1]);
      const more = page.hasMore || taken.length < page.data.length;
      if (!more || nodes.length >= first) {
        return { nodes, next: more && afterId !== undefined ? CURSOR_PREFIX + afterId : null, totalCount: page.total };
      }
    }
  }

  /** The answer of a write of `unit`; the platform's refusals of its input fail as PLATFORM_REJECTED or NOT_FOUND. */
  private async refusable<T>(unit: string, answer: Promise<T>): Promise<T> {
    try {
      return await answer;
    } catch (error) {
      if (!(error instanceof RpcCallError)) throw error;
      if (error.rpcCode === JsonRpcCodes.TASK_NOT_FOUND) throw taskNotFound('fire', unit, error.message);
      if (error.rpcCode === JsonRpcCodes.INVALID_PARAMS || error.rpcCode === JsonRpcCodes.TASK_STATE_CONFLICT) throw writeRejected('fire', unit, error.message);
      throw error;
    }
  }

  /** A write's calls, 100 keys each, all in one HTTP request. */
  private async write<K, T>(method: string, unit: string, param: string, values: readonly K[], toWire: (value: K) => unknown, toRecord: (record: Json) => T): Promise<T[]> {
    const calls = slices(values, MAX_KEYS).map((chunk) => this.call(method, { unit, [param]: chunk.map(toWire) }, toRecord));
    return (await this.refusable(unit, Promise.all(calls))).flatMap((answer) => answer.data);
  }

  /** One write of one record (the visit's calls). */
  private async writeOne<T>(method: string, unit: string, params: Json, toRecord: (record: Json) => T): Promise<T> {
    return (await this.refusable(unit, this.call(method, params, toRecord))).data[0];
  }

  checkIn(unitCode: string, checkIn: CheckIn): Promise<Task> {
    return this.writeOne('tasks.checkIn', unitCode, checkInJson(unitCode, checkIn), toTask);
  }

  recordResult(unitCode: string, result: NewResult): Promise<{ task: Task; result: Result }> {
    return this.writeOne('results.record', unitCode, newResultJson(unitCode, result), (record) => ({
      task: toTask(object(record.task, 'task')),
      result: toResult(object(record.result, 'result')),
    }));
  }

  recordFollowUp(unitCode: string, followUp: NewFollowUp): Promise<FollowUp> {
    return this.writeOne('followUps.record', unitCode, newFollowUpJson(unitCode, followUp), toFollowUp);
  }

  private async all<T>(method: string, unit: string, toRecord: (record: Json) => T, idOf: (record: T) => string): Promise<T[]> {
    return (await this.paged(method, { unit }, toRecord, idOf, undefined, Number.MAX_SAFE_INTEGER)).nodes;
  }

  /** Batch lookup of the distinct keys, 100 per call, all calls in one HTTP request (they start together). */
  private batch<T>(method: string, unit: string, param: string, keys: readonly string[], toRecord: (record: Json) => T): Promise<T[]> {
    return fetchInChunks(keys, MAX_KEYS, async (chunk) => (await this.call(method, { unit, [param]: chunk }, toRecord)).data);
  }

  async items(unitCode: string): Promise<Item[]> {
    return (await this.call('items.list', { unit: unitCode }, toItem)).data;
  }

  directory(unitCode: string, query: DirectoryQuery): Promise<PlatformPage<DirectoryEntry>> {
    const params = { unit: unitCode, areaCode: query.divisionCode, industryPrefix: query.industryPrefix, label: query.tag };
    return this.paged('targets.query', params, toDirectoryEntry, (entry) => entry.uscc, query.after, query.first);
  }

  async directoryEntries(unitCode: string, usccs: readonly string[]): Promise<(DirectoryEntry | null)[]> {
    const entries = await this.batch('targets.get', unitCode, 'ids', usccs, toDirectoryEntry);
    return alignOne(usccs, entries, (entry) => entry.uscc);
  }

  inspectors(unitCode: string): Promise<Inspector[]> {
    return this.all('inspectors.list', unitCode, toInspector, (inspector) => inspector.id);
  }

  certifiedOfficers(unitCode: string): Promise<CertifiedOfficer[]> {
    return this.all('officers.list', unitCode, toOfficer, (officer) => officer.certificateNo);
  }

  async plans(unitCode: string, year?: number): Promise<Plan[]> {
    return (await this.call('plans.list', { unit: unitCode, year }, toPlan)).data;
  }

  tasks(unitCode: string, query: TaskQuery): Promise<PlatformPage<Task>> {
    const params = {
      unit: unitCode,
      year: query.year,
      planId: query.planId,
      state: query.status,
      plannedFrom: query.from === undefined ? undefined : epochOfDay(query.from),
      plannedTo: query.to === undefined ? undefined : epochOfDay(query.to),
    };
    return this.paged('tasks.query', params, toTask, (task) => task.id, query.after, query.first);
  }

  async tasksOfBusinesses(unitCode: string, usccs: readonly string[]): Promise<Task[][]> {
    const tasks = await this.batch('tasks.byEnterprise', unitCode, 'enterpriseIds', usccs, toTask);
    return alignMany(usccs, tasks, (task) => task.uscc);
  }

  async results(unitCode: string, taskIds: readonly string[]): Promise<(Result | null)[]> {
    const results = await this.batch('results.get', unitCode, 'taskIds', taskIds, toResult);
    return alignOne(taskIds, results, (result) => result.taskId);
  }

  async followUps(unitCode: string, taskIds: readonly string[]): Promise<FollowUp[][]> {
    const followUps = await this.batch('followups.get', unitCode, 'taskIds', taskIds, toFollowUp);
    return alignMany(taskIds, followUps, (followUp) => followUp.taskId);
  }

  createTasks(unitCode: string, tasks: readonly NewTask[]): Promise<CreatedTask[]> {
    return this.write('tasks.create', unitCode, 'tasks', tasks, newTaskJson, toCreated);
  }

  cancelTasks(unitCode: string, taskIds: readonly string[]): Promise<Task[]> {
    return this.write('tasks.cancel', unitCode, 'taskIds', [...new Set(taskIds)], (id) => id, toTask);
  }

  /** One `changes.since` call: the platform's own cursor, up to 5000 changes. */
  async changes(unitCode: string, after: string | undefined, first: number): Promise<UnitChanges> {
    const size = Math.max(1, Math.min(first, this.maxChangesPage));
    let result: unknown;
    try {
      result = await this.rpc.call('changes.since', { unit: unitCode, cursor: after, size });
    } catch (error) {
      if (error instanceof RpcCallError && error.rpcCode === JsonRpcCodes.CURSOR_EXPIRED) this.http.cursorExpired(error.message);
      throw error;
    }
    return this.http.decode('changes.since', () => toChanges(result));
  }
}
