// Stand-in for the provincial double-random platform (省双随机平台), shared by most member
// units. Legacy JSON: envelope {code, msg, data} on HTTP 200, page/pageSize paging, batch
// POST endpoints capped at 200 keys, idempotent task writes (task-routes.ts). Serves only the
// units configured on this platform.
import { unitsOnPlatform } from '../../config/units';
import type { Dataset, TaskStatus } from '../data/model';
import type { PlatformDefinition, PlatformRequest, PlatformResponse } from '../kit/server';
import * as encode from './encode';
import { TaskWriteRefused } from '../kit/task-ledger';
import { CursorRefused, type Change } from '../kit/change-log';
import { feedAdmin } from '../kit/feed-admin';
import type { Journal } from '../kit/journal';
import { batchList, jsonBody, taskWriteRoutes } from './task-routes';
import { storesFor, type UnitStore } from '../kit/unit-store';
import { badParameter, refusal, WireError } from './wire-error';
import { ErrorCodes, MAX_CHANGES_PAGE_SIZE, MAX_PAGE_SIZE, OK_CODE, Paths, type BgPageWire, type BgWire, type PagedData } from '../../contracts/provincial-wire';

export interface ProvincialPlatformOptions {
  /** Page size when a request names none. */
  defaultPageSize?: number;
  /** Where the platform's writes survive a restart; default: memory only. */
  journal?: Journal;
}

function envelope(code: string, msg: string, data: unknown, status = 200): PlatformResponse {
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ code, msg, data }) };
}

const DAY = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/;

function intParam(value: string | null, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === null || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw badParameter(`${name}=${value}`);
  return parsed;
}

function dayParam(value: string | null, name: string): string | undefined {
  if (value === null || value === '') return undefined;
  if (!DAY.test(value)) throw badParameter(`${name} 应为 yyyy-MM-dd`);
  return value.slice(0, 10);
}

function textParam(value: string | null): string | undefined {
  return value === null || value === '' ? undefined : value;
}

export function createProvincialPlatform(dataset: Dataset, options: ProvincialPlatformOptions = {}): PlatformDefinition {
  const defaultPageSize = options.defaultPageSize ?? 20;
  // The tasks query's year is the plan's year (年度) on this platform.
  const units = storesFor(
    dataset.units,
    unitsOnPlatform('provincial').map((unit) => unit.code),
    { journal: options.journal, taskYear: 'plan' },
  );
  const enterpriseNames = new Map(dataset.enterprises.map((enterprise) => [enterprise.uscc, enterprise.name]));

  function unitOf(bmdm: unknown): UnitStore {
    const code = typeof bmdm === 'string' && /^\d+$/.test(bmdm) ? Number(bmdm) : bmdm;
    if (typeof code !== 'number' || !Number.isInteger(code)) throw badParameter('bmdm 缺失或格式错误');
    const unitCode = encode.unitOfBmdm(code);
    const index = unitCode === undefined ? undefined : units.get(unitCode);
    if (!index) throw new WireError(ErrorCodes.unknownDepartment, `部门不存在: ${code}`);
    return index;
  }

  function paged<T, W>(request: PlatformRequest, rows: readonly T[], toWire: (row: T) => W): PagedData<W> {
    const page = intParam(request.query.get('page'), 'page', 1) ?? 1;
    const pageSize = intParam(request.query.get('pageSize'), 'pageSize', 1, MAX_PAGE_SIZE) ?? defaultPageSize;
    const offset = (page - 1) * pageSize;
    return { total: rows.length, page, pageSize, rows: rows.slice(offset, offset + pageSize).map(toWire) };
  }

  /** Body of a batch call: the unit and its list of keys under `field`. */
  function batch(request: PlatformRequest, field: 'tyshxydm' | 'rwbh'): { unit: UnitStore; keys: string[] } {
    const body = jsonBody(request);
    const keys = batchList(body, field);
    if (!keys.every((key) => typeof key === 'string')) throw badParameter(`${field} 应为字符串数组`);
    return { unit: unitOf(body.bmdm), keys: keys as string[] };
  }

  const get = (request: PlatformRequest) => unitOf(request.query.get('bmdm'));

  function changeRow(sequence: number, change: Change): BgWire {
    const row = (bglx: BgWire['bglx'], nr: BgWire['nr'], removed = false): BgWire => ({ xh: sequence, bglx, sfsc: removed ? 1 : 0, nr });
    switch (change.kind) {
      case 'task': return row('RW', encode.encodeTask(change.record));
      case 'result': return row('JCJG', encode.encodeResult(change.record));
      case 'followUp': return row('HXCZ', encode.encodeFollowUp(change.record));
      case 'plan': return row('JH', encode.encodePlan(change.record));
      case 'inspector': return row('JCRY', encode.encodeInspector(change.record));
      case 'directory': return row('ML', encode.encodeDirectoryEntry(change.record, enterpriseNames.get(change.record.uscc) ?? ''), change.removed);
    }
  }

  function changes(request: PlatformRequest): BgPageWire {
    const unit = get(request);
    const pageSize = intParam(request.query.get('pageSize'), 'pageSize', 1, MAX_CHANGES_PAGE_SIZE) ?? defaultPageSize;
    try {
      const page = unit.changes.page(textParam(request.query.get('yb')), pageSize);
      const rows = page.changes.map(({ sequence, change }) => changeRow(sequence, change));
      return { pageSize, rows, yb: page.cursor, sfygd: page.hasMore ? 1 : 0, sysl: page.remaining };
    } catch (error) {
      if (error instanceof CursorRefused) throw new WireError(ErrorCodes.cursorExpired, `游标失效, 请从头读取: ${error.message}`);
      throw error;
    }
  }

  const routes: Record<string, (request: PlatformRequest) => unknown> = {
    [`GET ${Paths.items}`]: (request) => paged(request, get(request).data.items, encode.encodeItem),
    [`GET ${Paths.inspectors}`]: (request) => paged(request, get(request).data.inspectors, encode.encodeInspector),
    [`GET ${Paths.officers}`]: (request) => paged(request, get(request).data.certifiedOfficers, encode.encodeOfficer),
    [`GET ${Paths.plans}`]: (request) => {
      const unit = get(request);
      return paged(request, unit.plans(intParam(request.query.get('nd'), 'nd', 1900, 2999)), encode.encodePlan);
    },
    [`GET ${Paths.directory}`]: (request) => {
      const unit = get(request);
      const { query } = request;
      const industryPrefix = textParam(query.get('hydm'));
      if (industryPrefix !== undefined && !/^\d{1,4}$/.test(industryPrefix)) throw badParameter('hydm 应为 1-4 位数字');
      const rows = unit.directory({ divisionCode: textParam(query.get('xzqhdm')), industryPrefix, tag: textParam(query.get('bq')) });
      return paged(request, rows, (entry) => encode.encodeDirectoryEntry(entry, enterpriseNames.get(entry.uscc) ?? ''));
    },
    [`GET ${Paths.tasks}`]: (request) => {
      const unit = get(request);
      const { query } = request;
      const statusCode = intParam(query.get('rwzt'), 'rwzt', 0);
      let status: TaskStatus | undefined;
      if (statusCode !== undefined) {
        status = encode.TASK_STATUS_BY_CODE.get(statusCode);
        if (!status) throw badParameter(`rwzt=${statusCode}`);
      }
      const rows = unit.tasks({
        year: intParam(query.get('nd'), 'nd', 1900, 2999),
        planId: textParam(query.get('jhbh')),
        status,
        from: dayParam(query.get('ksrq'), 'ksrq'),
        to: dayParam(query.get('jsrq'), 'jsrq'),
      });
      return paged(request, rows, encode.encodeTask);
    },
    [`POST ${Paths.directoryBatch}`]: (request) => {
      const { unit, keys } = batch(request, 'tyshxydm');
      return keys.flatMap((uscc) => {
        const entry = unit.directoryEntry(uscc);
        return entry ? [encode.encodeDirectoryEntry(entry, enterpriseNames.get(uscc) ?? '')] : [];
      });
    },
    [`POST ${Paths.tasksBatch}`]: (request) => {
      const { unit, keys } = batch(request, 'tyshxydm');
      return [...new Set(keys)].flatMap((uscc) => unit.tasksOf(uscc).map(encode.encodeTask));
    },
    [`POST ${Paths.resultsBatch}`]: (request) => {
      const { unit, keys } = batch(request, 'rwbh');
      return keys.flatMap((taskId) => {
        const result = unit.result(taskId);
        return result ? [encode.encodeResult(result)] : [];
      });
    },
    [`POST ${Paths.followUpsBatch}`]: (request) => {
      const { unit, keys } = batch(request, 'rwbh');
      return [...new Set(keys)].flatMap((taskId) => unit.followUpsOf(taskId).map(encode.encodeFollowUp));
    },
    [`GET ${Paths.changes}`]: changes,
    ...taskWriteRoutes(unitOf),
  };

  const routeKey = (request: PlatformRequest) => `${request.method} ${request.path}`;

  return {
    name: 'provincial',
    route: (request) => (routes[routeKey(request)] ? routeKey(request) : 'unknown'),
    handle(request) {
      const handler = routes[routeKey(request)];
      try {
        if (!handler) throw new WireError(ErrorCodes.unknownEndpoint, `接口不存在: ${routeKey(request)}`, 404);
        return envelope(OK_CODE, '成功', handler(request));
      } catch (error) {
        const refused = error instanceof TaskWriteRefused ? refusal(error) : error;
        if (refused instanceof WireError) return envelope(refused.code, refused.message, null, refused.httpStatus);
        throw error;
      }
    },
    errorResponse: () => envelope(ErrorCodes.systemError, '系统异常', null),
    admin: feedAdmin(units),
  };
}
