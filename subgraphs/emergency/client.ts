// Adapter for the emergency-management platform's legacy XML service (POST /service). Speaks
// its operations, maps its records to the model (wire.ts), turns offset/limit paging into the
// opaque `next` cursor and splits batches above the platform's 50-code limit.
import { unitsOnPlatform } from '../../config/units';
import { ErrorCode, graphError } from '../../lib/errors';
import { PlatformHttp } from '../../lib/platform-http';
import type { CertifiedOfficer, DirectoryEntry, FollowUp, Inspector, Item, Plan, Result, Task } from '../../platforms/data/model';
import type { CheckIn, CreatedTask, DepartmentPlatform, DirectoryQuery, NewFollowUp, NewResult, NewTask, PlatformPage, TaskQuery, UnitChanges } from '../kit/platform';
import { alignMany, alignOne, fetchInChunks, slices } from '../kit/batching';
import { taskNotFound, writeRejected } from '../provincial/write-errors';
import { cancelTasksXml, checkInXml, createTasksXml, recordFollowUpXml, recordResultXml, toCreated, WRITE_REFUSALS } from './task-writes';
import {
  child,
  list,
  parseXml,
  requestXml,
  text,
  toChanges,
  toDirectoryEntry,
  toFollowUp,
  toInspector,
  toItem,
  toOfficer,
  toPlan,
  toResult,
  toTask,
  type Node,
  type RequestParams,
} from './wire';

export interface EmergencyPlatformClientOptions {
  baseUrl: string;
  timeoutMs: number;
}

/** The platform's largest page (Limit) and batch of codes. */
const MAX_LIMIT = 50;
const CURSOR = /^offset:(\d+)$/;
/** The platform's largest QueryChanges <Limit>. */
const MAX_CHANGES = 2000;
/** ResultCode of a QueryChanges <Cursor> the platform does not know (it restarted, or forged). */
const CURSOR_EXPIRED = '1006';

function decodeCursor(after: string | undefined): number {
  if (after === undefined) return 0;
  const match = CURSOR.exec(after);
  if (!match) throw graphError(ErrorCode.BAD_CURSOR, 'This cursor was not issued for the emergency platform');
  return Number(match[1]);
}

export class EmergencyPlatformClient implements DepartmentPlatform {
  readonly maxBatch = MAX_LIMIT;
  readonly maxChangesPage = MAX_CHANGES;
  readonly unitCodes: readonly string[] = unitsOnPlatform('emergency').map((unit) => unit.code);
  private readonly http: PlatformHttp;

  constructor(options: EmergencyPlatformClientOptions) {
    this.http = new PlatformHttp({ platform: 'emergency', baseUrl: options.baseUrl, timeoutMs: options.timeoutMs });
  }

  /** One operation; returns the <Body> element. Faults and ResultCode ≠ 0 become PlatformErrors. */
  private call(operation: string, unit: string, params: RequestParams = {}): Promise<Node> {
    return this.exchange(operation, requestXml(operation, unit, params, { Codes: 'Code', TaskIds: 'TaskId' }));
  }

  /** Sends one request document; a write (`writeUnit` given) refused for its input fails as PLATFORM_REJECTED or NOT_FOUND. */
  private async exchange(operation: string, xml: string, writeUnit?: string): Promise<Node> {
    const response = await this.http.request('POST', '/service', xml, 'text/xml; charset=utf-8');
    return this.http.decode(`${operation}: HTTP ${response.status}`, () => {
      const document = parseXml(response.body);
      if (response.status !== 200) {
        const fault = child(document, 'Fault');
        this.http.fail(`${operation}: HTTP ${response.status} fault ${text(fault, 'FaultCode')}: ${text(fault, 'FaultString')}`);
      }
      const answer = child(document, 'Response');
      const resultCode = text(answer, 'ResultCode');
      if (writeUnit !== undefined && resultCode === WRITE_REFUSALS.taskNotFound) throw taskNotFound('emergency', writeUnit, text(answer, 'Message'));
      if (writeUnit !== undefined && (resultCode === WRITE_REFUSALS.invalidParameter || resultCode === WRITE_REFUSALS.taskStateConflict)) {
        throw writeRejected('emergency', writeUnit, text(answer, 'Message'));
      }
      if (resultCode === CURSOR_EXPIRED) this.http.cursorExpired(`${operation}: ${text(answer, 'Message')}`);
      if (resultCode !== '0') this.http.fail(`${operation}: ResultCode ${resultCode}: ${text(answer, 'Message')}`);
      return child(answer, 'Body');
    });
  }

  private decode<T>(operation: string, decode: () => T): T {
    return this.http.decode(operation, decode);
  }

  /** `count` rows from `offset`: one call per 50 rows, all but the first in parallel. */
  private async range<T>(
    operation: string,
    unit: string,
    params: RequestParams,
    container: string,
    toRecord: (node: Node) => T,
    offset: number,
    count: number,
  ): Promise<{ rows: T[]; total: number }> {
    const fetchPage = async (start: number, limit: number) => {
      const body = await this.call(operation, unit, { ...params, Offset: start, Limit: limit });
      return this.decode(operation, () => ({ rows: list<Node>(body, container).map(toRecord), total: Number(text(body, 'TotalCount')) }));
    };
    const first = await fetchPage(offset, Math.min(Math.max(count, 1), MAX_LIMIT));
    const rows = count > 0 ? first.rows : [];
    const end = Math.min(offset + count, first.total);
    const starts: number[] = [];
    for (let start = offset + MAX_LIMIT; start < end; start += MAX_LIMIT) starts.push(start);
    const rest = await Promise.all(starts.map((start) => fetchPage(start, Math.min(MAX_LIMIT, end - start))));
    for (const page of rest) rows.push(...page.rows);
    return { rows, total: first.total };
  }

  private async paged<T>(
    operation: string,
    unit: string,
    params: RequestParams,
    container: string,
    toRecord: (node: Node) => T,
    after: string | undefined,
    first: number,
  ): Promise<PlatformPage<T>> {
    const offset = decodeCursor(after);
    const { rows, total } = await this.range(operation, unit, params, container, toRecord, offset, first);
    const nextOffset = offset + rows.length;
    return { nodes: rows, next: nextOffset < total ? `offset:${nextOffset}` : null, totalCount: total };
  }

  private async all<T>(operation: string, unit: string, container: string, toRecord: (node: Node) => T): Promise<T[]> {
    return (await this.range(operation, unit, {}, container, toRecord, 0, Number.MAX_SAFE_INTEGER)).rows;
  }

  /** Calls a batch operation for the distinct keys, 50 per call, all calls in parallel. */
  private batch<T>(operation: string, unit: string, param: 'Codes' | 'TaskIds', keys: readonly string[], container: string, toRecord: (node: Node) => T): Promise<T[]> {
    return fetchInChunks(keys, MAX_LIMIT, async (chunk) => {
      const body = await this.call(operation, unit, { [param]: chunk });
      return this.decode(operation, () => list<Node>(body, container).map(toRecord));
    });
  }

  async items(unitCode: string): Promise<Item[]> {
    const body = await this.call('QueryItems', unitCode);
    return this.decode('QueryItems', () => list<Node>(body, 'Items').map(toItem));
  }

  directory(unitCode: string, query: DirectoryQuery): Promise<PlatformPage<DirectoryEntry>> {
    const params = { DivisionCode: query.divisionCode, IndustryPrefix: query.industryPrefix, Tag: query.tag };
    return this.paged('QueryTargets', unitCode, params, 'Targets', toDirectoryEntry, query.after, query.first);
  }

  async directoryEntries(unitCode: string, usccs: readonly string[]): Promise<(DirectoryEntry | null)[]> {
    const entries = await this.batch('GetTargets', unitCode, 'Codes', usccs, 'Targets', toDirectoryEntry);
    return alignOne(usccs, entries, (entry) => entry.uscc);
  }

  inspectors(unitCode: string): Promise<Inspector[]> {
    return this.all('QueryInspectors', unitCode, 'Inspectors', toInspector);
  }

  certifiedOfficers(unitCode: string): Promise<CertifiedOfficer[]> {
    return this.all('QueryOfficers', unitCode, 'Officers', toOfficer);
  }

  async plans(unitCode: string, year?: number): Promise<Plan[]> {
    const body = await this.call('QueryPlans', unitCode, { Year: year });
    return this.decode('QueryPlans', () => list<Node>(body, 'Plans').map(toPlan));
  }

  tasks(unitCode: string, query: TaskQuery): Promise<PlatformPage<Task>> {
    const legacy = (day: string | undefined) => day?.replaceAll('-', '');
    const params = {
      Year: query.year,
      PlanId: query.planId,
      Status: query.status,
      DateFrom: legacy(query.from),
      DateTo: legacy(query.to),
    };
    return this.paged('QueryTasks', unitCode, params, 'Tasks', toTask, query.after, query.first);
  }

  async tasksOfBusinesses(unitCode: string, usccs: readonly string[]): Promise<Task[][]> {
    const tasks = await this.batch('GetTasksByEnterprises', unitCode, 'Codes', usccs, 'Tasks', toTask);
    return alignMany(usccs, tasks, (task) => task.uscc);
  }

  async results(unitCode: string, taskIds: readonly string[]): Promise<(Result | null)[]> {
    const results = await this.batch('GetResults', unitCode, 'TaskIds', taskIds, 'Results', toResult);
    return alignOne(taskIds, results, (result) => result.taskId);
  }

  async followUps(unitCode: string, taskIds: readonly string[]): Promise<FollowUp[][]> {
    const followUps = await this.batch('GetFollowUps', unitCode, 'TaskIds', taskIds, 'FollowUps', toFollowUp);
    return alignMany(taskIds, followUps, (followUp) => followUp.taskId);
  }

  async createTasks(unitCode: string, tasks: readonly NewTask[]): Promise<CreatedTask[]> {
    const answers = await Promise.all(
      slices(tasks, MAX_LIMIT).map(async (chunk) => {
        const body = await this.exchange('CreateTasks', createTasksXml(unitCode, chunk), unitCode);
        return this.decode('CreateTasks', () => list<Node>(body, 'Created').map(toCreated));
      }),
    );
    return answers.flat();
  }

  async cancelTasks(unitCode: string, taskIds: readonly string[]): Promise<Task[]> {
    const answers = await Promise.all(
      slices([...new Set(taskIds)], MAX_LIMIT).map(async (chunk) => {
        const body = await this.exchange('CancelTasks', cancelTasksXml(unitCode, chunk), unitCode);
        return this.decode('CancelTasks', () => list<Node>(body, 'Tasks').map(toTask));
      }),
    );
    return answers.flat();
  }

  async checkIn(unitCode: string, checkIn: CheckIn): Promise<Task> {
    const body = await this.exchange('CheckIn', checkInXml(unitCode, checkIn), unitCode);
    return this.decode('CheckIn', () => toTask(child(body, 'Task')));
  }

  async recordResult(unitCode: string, result: NewResult): Promise<{ task: Task; result: Result }> {
    const body = await this.exchange('RecordResult', recordResultXml(unitCode, result), unitCode);
    return this.decode('RecordResult', () => ({ task: toTask(child(body, 'Task')), result: toResult(child(body, 'Result')) }));
  }

  async recordFollowUp(unitCode: string, followUp: NewFollowUp): Promise<FollowUp> {
    const body = await this.exchange('RecordFollowUp', recordFollowUpXml(unitCode, followUp), unitCode);
    return this.decode('RecordFollowUp', () => toFollowUp(child(body, 'FollowUp')));
  }

  /** One QueryChanges call: the platform's own <Cursor>, up to 2000 changes. */
  async changes(unitCode: string, after: string | undefined, first: number): Promise<UnitChanges> {
    const body = await this.call('QueryChanges', unitCode, { Cursor: after, Limit: Math.max(1, Math.min(first, this.maxChangesPage)) });
    return this.decode('QueryChanges', () => toChanges(body));
  }
}
