// Stand-in for the ecology & environment platform built by the ministry (部委统一建设): REST
// resources under /v1/units/{unit}, cursor pagination, API-key authentication and errors as
// HTTP status codes; idempotent task writes in task-routes.ts. Serves only the units
// configured on this platform.
import { unitsOnPlatform } from '../../config/units';
import type { Dataset, TaskStatus } from '../data/model';
import type { PlatformDefinition, PlatformRequest, PlatformResponse } from '../kit/server';
import { TaskWriteRefused } from '../kit/task-ledger';
import { storesFor, type UnitStore } from '../kit/unit-store';
import { CursorRefused, type Change } from '../kit/change-log';
import { feedAdmin } from '../kit/feed-admin';
import * as encode from './encode';
import { HttpError, invalid, refusal } from './http-error';
import { TASK_ACTION_ROUTE, EcologyTaskWrites } from './task-routes';
import type { Journal } from '../kit/journal';
import {
  API_KEY_HEADER,
  DEFAULT_API_KEY,
  MAX_BATCH,
  MAX_CHANGES_LIMIT,
  MAX_LIMIT,
  type EcoChange,
  type EcoChangePage,
  type EcoTaskState,
  type ListResponse,
} from '../../contracts/ecology-wire';

export interface EcologyPlatformOptions {
  /** Where the platform's writes survive a restart; default: memory only. */
  journal?: Journal;
  /** The key clients must send in `X-Api-Key`. */
  apiKey?: string;
  /** Page size when a request names no limit. */
  defaultLimit?: number;
}

function json(status: number, value: unknown): PlatformResponse {
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(value) };
}

const UNIT_ROUTE = /^\/v1\/units\/([^/]+)\/([A-Za-z]+(?::[A-Za-z]+)?)$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function intParam(query: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw invalid(`${name} must be an integer in ${min}..${max}`);
  return value;
}

function textParam(query: URLSearchParams, name: string, pattern?: RegExp): string | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (pattern && !pattern.test(raw)) throw invalid(`${name} is malformed: ${raw}`);
  return raw;
}

/** Cursor = offset into the list plus the query it belongs to, so it cannot be replayed elsewhere. */
function cursorFor(offset: number, queryKey: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: queryKey })).toString('base64url');
}

function offsetOf(cursor: string | null, queryKey: string): number {
  if (cursor === null || cursor === '') return 0;
  try {
    const state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o: number; q: string };
    if (state.q === queryKey && Number.isInteger(state.o) && state.o >= 0) return state.o;
  } catch {
    // reported below
  }
  throw new HttpError(400, 'invalid_cursor', 'cursor is malformed or belongs to another query');
}

function changeJson(sequence: number, change: Change): EcoChange {
  const row = (type: EcoChange['type'], resource: EcoChange['resource'], deleted = false): EcoChange => ({ sequence, type, deleted, resource });
  switch (change.kind) {
    case 'task': return row('TASK', encode.encodeTask(change.record));
    case 'result': return row('RESULT', encode.encodeResult(change.record));
    case 'followUp': return row('FOLLOW_UP', encode.encodeFollowUp(change.record));
    case 'plan': return row('PLAN', encode.encodePlan(change.record));
    case 'inspector': return row('INSPECTOR', encode.encodeInspector(change.record));
    case 'directory': return row('TARGET', encode.encodeTarget(change.record), change.removed);
  }
}

function changes(request: PlatformRequest, unit: UnitStore, defaultLimit: number): EcoChangePage {
  const limit = intParam(request.query, 'limit', 1, MAX_CHANGES_LIMIT) ?? defaultLimit;
  try {
    const page = unit.changes.page(textParam(request.query, 'cursor'), limit);
    return { data: page.changes.map(({ sequence, change }) => changeJson(sequence, change)), nextCursor: page.cursor, hasMore: page.hasMore, remaining: page.remaining };
  } catch (error) {
    if (error instanceof CursorRefused) throw new HttpError(410, 'cursor_expired', `${error.message}; read the changes again from the beginning`);
    throw error;
  }
}

export function createEcologyPlatform(dataset: Dataset, options: EcologyPlatformOptions = {}): PlatformDefinition {
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const defaultLimit = options.defaultLimit ?? 50;
  // The tasks query's year is the plan's year (年度) on this platform.
  const units = storesFor(
    dataset.units,
    unitsOnPlatform('ecology').map((unit) => unit.code),
    { journal: options.journal, taskYear: 'plan' },
  );

  function list<T, W>(request: PlatformRequest, rows: readonly T[], toWire: (row: T) => W): ListResponse<W> {
    const limit = intParam(request.query, 'limit', 1, MAX_LIMIT) ?? defaultLimit;
    const filters = new URLSearchParams(request.query);
    filters.delete('cursor');
    filters.delete('limit');
    filters.sort();
    const queryKey = `${request.path}?${filters}`;
    const offset = offsetOf(request.query.get('cursor'), queryKey);
    const end = offset + limit;
    return {
      data: rows.slice(offset, end).map(toWire),
      nextCursor: end < rows.length ? cursorFor(end, queryKey) : null,
      totalSize: rows.length,
    };
  }

  function ids(request: PlatformRequest, field: 'ids' | 'taskIds'): string[] {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body) as Record<string, unknown>;
    } catch {
      throw invalid('request body must be JSON');
    }
    const keys = body?.[field];
    if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'string')) throw invalid(`${field} must be an array of strings`);
    if (keys.length > MAX_BATCH) throw new HttpError(413, 'batch_too_large', `at most ${MAX_BATCH} ${field} per call, got ${keys.length}`);
    return [...new Set(keys as string[])];
  }

  const writes = new EcologyTaskWrites();
  const taskIdOf = (request: PlatformRequest) => decodeURIComponent(TASK_ACTION_ROUTE.exec(request.path)![2]);
  type Handler = (request: PlatformRequest, unit: UnitStore) => unknown;
  const handlers: Record<string, Handler> = {
    'POST tasks': (request, unit) => writes.create(request, unit),
    'POST tasks/:id:cancel': (request, unit) => writes.cancel(unit, taskIdOf(request)),
    'POST tasks/:id:checkIn': (request, unit) => writes.checkIn(request, unit, taskIdOf(request)),
    'POST tasks/:id/result': (request, unit) => writes.result(request, unit, taskIdOf(request)),
    'POST tasks/:id/followUps': (request, unit) => writes.followUp(request, unit, taskIdOf(request)),
    'GET changes': (request, unit) => changes(request, unit, defaultLimit),
    'GET items': (request, unit) => list(request, unit.data.items, encode.encodeItem),
    'GET inspectors': (request, unit) => list(request, unit.data.inspectors, encode.encodeInspector),
    'GET officers': (request, unit) => list(request, unit.data.certifiedOfficers, encode.encodeOfficer),
    'GET plans': (request, unit) => list(request, unit.plans(intParam(request.query, 'year', 1900, 2999)), encode.encodePlan),
    'GET targets': (request, unit) => {
      const { query } = request;
      const rows = unit.directory({
        divisionCode: textParam(query, 'division', /^\d{6}$/),
        industryPrefix: textParam(query, 'industry', /^\d{1,4}$/),
        tag: textParam(query, 'tag'),
      });
      return list(request, rows, encode.encodeTarget);
    },
    'GET tasks': (request, unit) => {
      const { query } = request;
      const state = textParam(query, 'status');
      let status: TaskStatus | undefined;
      if (state !== undefined) {
        status = encode.STATUS_BY_STATE.get(state as EcoTaskState);
        if (!status) throw invalid(`status must be one of ${[...encode.STATUS_BY_STATE.keys()].join(', ')}`);
      }
      const rows = unit.tasks({
        year: intParam(query, 'year', 1900, 2999),
        planId: textParam(query, 'planId'),
        status,
        from: textParam(query, 'from', ISO_DAY),
        to: textParam(query, 'to', ISO_DAY),
      });
      return list(request, rows, encode.encodeTask);
    },
    'POST targets:batchGet': (request, unit) => ({
      targets: ids(request, 'ids').flatMap((id) => {
        const entry = unit.directoryEntry(id);
        return entry ? [encode.encodeTarget(entry)] : [];
      }),
    }),
    'POST tasks:byEnterprises': (request, unit) => ({
      tasks: ids(request, 'ids').flatMap((id) => unit.tasksOf(id).map(encode.encodeTask)),
    }),
    'POST results:batchGet': (request, unit) => ({
      results: ids(request, 'taskIds').flatMap((id) => {
        const result = unit.result(id);
        return result ? [encode.encodeResult(result)] : [];
      }),
    }),
    'POST followUps:batchGet': (request, unit) => ({
      followUps: ids(request, 'taskIds').flatMap((id) => unit.followUpsOf(id).map(encode.encodeFollowUp)),
    }),
  };

  /** The handler key and unit of a request, or null when no route matches. */
  function match(request: PlatformRequest): { key: string; unitCode: string } | null {
    const action = TASK_ACTION_ROUTE.exec(request.path);
    if (action && request.method === 'POST') return { key: `POST tasks/:id${action[3]}`, unitCode: decodeURIComponent(action[1]) };
    const parts = UNIT_ROUTE.exec(request.path);
    if (!parts) return null;
    const key = `${request.method} ${parts[2]}`;
    return handlers[key] ? { key, unitCode: decodeURIComponent(parts[1]) } : null;
  }

  return {
    name: 'ecology',
    route(request) {
      const matched = match(request);
      return matched ? `${request.method} /v1/units/:unit/${matched.key.split(' ')[1]}` : 'unknown';
    },
    handle(request) {
      try {
        if (request.headers[API_KEY_HEADER] !== apiKey) throw new HttpError(401, 'unauthenticated', 'missing or invalid X-Api-Key');
        const matched = match(request);
        if (!matched) throw new HttpError(404, 'not_found', `no route ${request.method} ${request.path}`);
        const unit = units.get(matched.unitCode);
        if (!unit) throw new HttpError(404, 'not_found', `unknown unit ${matched.unitCode}`);
        return json(200, handlers[matched.key](request, unit));
      } catch (error) {
        const refused = error instanceof TaskWriteRefused ? refusal(error) : error;
        if (refused instanceof HttpError) return json(refused.status, { error: refused.error, message: refused.message });
        throw error;
      }
    },
    errorResponse: () => json(500, { error: 'internal', message: 'internal server error' }),
    admin: feedAdmin(units),
  };
}
