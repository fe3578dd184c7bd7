// Stand-in for the emergency-management bureau's self-built legacy platform (应急管理): one
// XML endpoint, POST /service, whose request names an operation. Business errors come back as
// HTTP 200 with ResultCode ≠ 0; a malformed request is a 400 Fault, a server error a 500 Fault.
// Task writes (CreateTasks, CancelTasks, and the visit: CheckIn, RecordResult, RecordFollowUp)
// live in task-operations.ts; QueryChanges is the unit's
// change feed (<Cursor>, <Limit> up to 2000).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { unitsOnPlatform } from '../../config/units';
import type { Dataset, TaskStatus } from '../data/model';
import type { PlatformDefinition, PlatformRequest, PlatformResponse } from '../kit/server';
import { TaskWriteRefused } from '../kit/task-ledger';
import { CursorRefused, type Change } from '../kit/change-log';
import { feedAdmin } from '../kit/feed-admin';
import { storesFor, type UnitStore } from '../kit/unit-store';
import { cancelTasks, checkIn, createTasks, recordFollowUp, recordResult } from './task-operations';
import type { Journal } from '../kit/journal';
import {
  buildXml,
  followUpXml,
  inspectorXml,
  isoFromLegacyDate,
  itemXml,
  officerXml,
  planXml,
  resultXml,
  targetXml,
  taskXml,
  yesNo,
  type XmlNode,
} from './wire';

export interface EmergencyPlatformOptions {
  /** Where the platform's writes survive a restart; default: memory only. */
  journal?: Journal;
  /** Units served; defaults to the units whose platform is `emergency` in config/units.ts. */
  unitCodes?: readonly string[];
}

/** Largest page (Limit) and largest batch of codes the platform accepts. */
export const EMERGENCY_MAX_LIMIT = 50;
const DEFAULT_LIMIT = 20;
/** Largest <Limit> of QueryChanges: a change feed is read in big pages. */
export const EMERGENCY_MAX_CHANGES_LIMIT = 2000;

export const ResultCodes = {
  OK: 0,
  UNKNOWN_OPERATION: 1001,
  INVALID_PARAMETER: 1002,
  UNIT_NOT_SERVED: 1003,
  TASK_NOT_FOUND: 1004,
  /** The task's state forbids the operation (a completed task cannot be cancelled). */
  TASK_STATE_CONFLICT: 1005,
  /** A QueryChanges <Cursor> of an earlier run of the platform (or forged): read again from the beginning. */
  CURSOR_EXPIRED: 1006,
} as const;

const REFUSAL_CODES = { invalid: ResultCodes.INVALID_PARAMETER, not_found: ResultCodes.TASK_NOT_FOUND, conflict: ResultCodes.TASK_STATE_CONFLICT };

const XML = 'text/xml; charset=utf-8';

class BusinessError extends Error {
  constructor(
    readonly resultCode: number,
    message: string,
  ) {
    super(message);
  }
}

function fault(status: number, code: string, message: string): PlatformResponse {
  return { status, contentType: XML, body: buildXml({ Fault: { FaultCode: code, FaultString: message } }) };
}

function answer(resultCode: number, message: string, body: XmlNode): PlatformResponse {
  return { status: 200, contentType: XML, body: buildXml({ Response: { ResultCode: String(resultCode), Message: message, Body: body } }) };
}

type Params = Record<string, unknown>;

function parseRequest(xml: string): { operation: string; unit: string; params: Params } | string {
  if (XMLValidator.validate(xml) !== true) return 'the request is not well-formed XML';
  const parser = new XMLParser({
    parseTagValue: false,
    isArray: (_name, jPath) => /\.(Codes\.Code|TaskIds\.TaskId|NewTasks\.NewTask|Findings\.Finding|ItemCodes\.ItemCode|InspectorIds\.InspectorId)$/.test(String(jPath)),
  });
  const request = (parser.parse(xml) as { Request?: unknown }).Request;
  if (typeof request !== 'object' || request === null) return 'the document has no <Request> root';
  const { Operation, Unit, Params: params } = request as Record<string, unknown>;
  if (typeof Operation !== 'string' || Operation === '') return '<Operation> is missing';
  if (typeof Unit !== 'string' || Unit === '') return '<Unit> is missing';
  return { operation: Operation, unit: Unit, params: typeof params === 'object' && params !== null ? (params as Params) : {} };
}

function text(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new BusinessError(ResultCodes.INVALID_PARAMETER, `<${name}> must be text`);
  return value;
}

function integer(params: Params, name: string, fallback: number | undefined, min: number, max: number): number | undefined {
  const raw = text(params, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new BusinessError(ResultCodes.INVALID_PARAMETER, `<${name}> must be an integer in ${min}..${max}`);
  }
  return value;
}

function date(params: Params, name: string): string | undefined {
  const raw = text(params, name);
  if (raw === undefined) return undefined;
  const iso = isoFromLegacyDate(raw);
  if (iso === undefined) throw new BusinessError(ResultCodes.INVALID_PARAMETER, `<${name}> must be a date YYYYMMDD`);
  return iso;
}

function codes(params: Params, container: string, child: string): string[] {
  const node = params[container];
  const values = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[child] : undefined;
  const list = Array.isArray(values) ? values.filter((value): value is string => typeof value === 'string') : [];
  if (list.length === 0) throw new BusinessError(ResultCodes.INVALID_PARAMETER, `<${container}> needs at least one <${child}>`);
  if (list.length > EMERGENCY_MAX_LIMIT) {
    throw new BusinessError(ResultCodes.INVALID_PARAMETER, `<${container}> holds at most ${EMERGENCY_MAX_LIMIT} <${child}>`);
  }
  return list;
}

function page<T>(params: Params, rows: readonly T[], container: string, child: string, toXml: (row: T) => XmlNode): XmlNode {
  const offset = integer(params, 'Offset', 0, 0, Number.MAX_SAFE_INTEGER) as number;
  const limit = integer(params, 'Limit', DEFAULT_LIMIT, 1, EMERGENCY_MAX_LIMIT) as number;
  return { TotalCount: String(rows.length), [container]: { [child]: rows.slice(offset, offset + limit).map(toXml) } };
}

const listOf = <T>(container: string, child: string, rows: readonly T[], toXml: (row: T) => XmlNode): XmlNode => ({
  [container]: { [child]: rows.map(toXml) },
});

type Operation = (store: UnitStore, params: Params) => XmlNode;

/** A change as <Change><Seq/><Kind/><Deleted/><Task>…</Task></Change>; the record element is named after its kind. */
function changeXml(sequence: number, change: Change): XmlNode {
  const node = (kind: string, record: XmlNode, deleted = false): XmlNode => ({ Seq: String(sequence), Kind: kind, Deleted: yesNo(deleted), [kind]: record });
  switch (change.kind) {
    case 'task': return node('Task', taskXml(change.record));
    case 'result': return node('Result', resultXml(change.record));
    case 'followUp': return node('FollowUp', followUpXml(change.record));
    case 'plan': return node('Plan', planXml(change.record));
    case 'inspector': return node('Inspector', inspectorXml(change.record));
    case 'directory': return node('Target', targetXml(change.record), change.removed);
  }
}

function queryChanges(store: UnitStore, params: Params): XmlNode {
  const limit = integer(params, 'Limit', DEFAULT_LIMIT, 1, EMERGENCY_MAX_CHANGES_LIMIT) as number;
  try {
    const page = store.changes.page(text(params, 'Cursor'), limit);
    return {
      Cursor: page.cursor,
      HasMore: yesNo(page.hasMore),
      Remaining: String(page.remaining),
      Changes: { Change: page.changes.map(({ sequence, change }) => changeXml(sequence, change)) },
    };
  } catch (error) {
    if (error instanceof CursorRefused) throw new BusinessError(ResultCodes.CURSOR_EXPIRED, `${error.message}; read the changes again from the beginning`);
    throw error;
  }
}

const OPERATIONS: Record<string, Operation> = {
  QueryItems: (store) => listOf('Items', 'Item', store.data.items, itemXml),
  QueryTargets: (store, params) =>
    page(
      params,
      store.directory({ divisionCode: text(params, 'DivisionCode'), industryPrefix: text(params, 'IndustryPrefix'), tag: text(params, 'Tag') }),
      'Targets',
      'Target',
      targetXml,
    ),
  GetTargets: (store, params) => {
    const found = codes(params, 'Codes', 'Code').flatMap((uscc) => store.directoryEntry(uscc) ?? []);
    return listOf('Targets', 'Target', found, targetXml);
  },
  QueryInspectors: (store, params) => page(params, store.inspectors, 'Inspectors', 'Inspector', inspectorXml),
  QueryOfficers: (store, params) => page(params, store.officers, 'Officers', 'Officer', officerXml),
  QueryPlans: (store, params) => listOf('Plans', 'Plan', store.plans(integer(params, 'Year', undefined, 1900, 9999)), planXml),
  QueryTasks: (store, params) => {
    const status = text(params, 'Status');
    if (status !== undefined && !['pending', 'in_progress', 'completed', 'cancelled'].includes(status)) {
      throw new BusinessError(ResultCodes.INVALID_PARAMETER, `unknown <Status> ${status}`);
    }
    const filter = {
      year: integer(params, 'Year', undefined, 1900, 9999),
      planId: text(params, 'PlanId'),
      status: status as TaskStatus | undefined,
      from: date(params, 'DateFrom'),
      to: date(params, 'DateTo'),
    };
    return page(params, store.tasks(filter), 'Tasks', 'Task', taskXml);
  },
  GetTasksByEnterprises: (store, params) =>
    listOf('Tasks', 'Task', codes(params, 'Codes', 'Code').flatMap((uscc) => store.tasksOf(uscc)), taskXml),
  GetResults: (store, params) =>
    listOf('Results', 'Result', codes(params, 'TaskIds', 'TaskId').flatMap((id) => store.result(id) ?? []), resultXml),
  GetFollowUps: (store, params) =>
    listOf('FollowUps', 'FollowUp', codes(params, 'TaskIds', 'TaskId').flatMap((id) => store.followUpsOf(id)), followUpXml),
  QueryChanges: queryChanges,
  CreateTasks: (store, params) => createTasks(store, params, EMERGENCY_MAX_LIMIT),
  CancelTasks: (store, params) => cancelTasks(store, params, EMERGENCY_MAX_LIMIT),
  CheckIn: checkIn,
  RecordResult: recordResult,
  RecordFollowUp: recordFollowUp,
};

export function createEmergencyPlatform(dataset: Dataset, options: EmergencyPlatformOptions = {}): PlatformDefinition {
  const unitCodes = options.unitCodes ?? unitsOnPlatform('emergency').map((unit) => unit.code);
  // The tasks query's Year is the year of plannedOn on this platform.
  const stores = storesFor(dataset.units, unitCodes, { journal: options.journal, taskYear: 'plannedOn' });

  function handle(request: PlatformRequest): PlatformResponse {
    if (request.path !== '/service') return fault(404, 'NOT_FOUND', `no service at ${request.path}`);
    if (request.method !== 'POST') return fault(405, 'METHOD_NOT_ALLOWED', 'use POST /service');
    const parsed = parseRequest(request.body);
    if (typeof parsed === 'string') return fault(400, 'MALFORMED_REQUEST', parsed);
    const operation = OPERATIONS[parsed.operation];
    if (!operation) return answer(ResultCodes.UNKNOWN_OPERATION, `unknown operation ${parsed.operation}`, {});
    const store = stores.get(parsed.unit);
    if (!store) return answer(ResultCodes.UNIT_NOT_SERVED, `unit ${parsed.unit} is not on this platform`, {});
    try {
      return answer(ResultCodes.OK, '', operation(store, parsed.params));
    } catch (error) {
      if (error instanceof BusinessError) return answer(error.resultCode, error.message, {});
      if (error instanceof TaskWriteRefused) return answer(REFUSAL_CODES[error.reason], error.message, {});
      throw error;
    }
  }

  return {
    name: 'emergency',
    handle,
    // Label by operation; a regex is enough for a counter and avoids parsing the body twice.
    route: (request) => /<Operation>\s*([A-Za-z]+)\s*<\/Operation>/.exec(request.body)?.[1] ?? `${request.method} ${request.path}`,
    errorResponse: () => fault(500, 'SERVER_ERROR', 'internal error of the emergency management platform'),
    admin: feedAdmin(stores),
  };
}
