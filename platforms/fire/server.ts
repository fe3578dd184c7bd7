// Stand-in for the fire & rescue detachment's self-built platform (消防): JSON-RPC 2.0 over
// POST /rpc, batch requests included. Errors are JSON-RPC error objects inside HTTP 200.
import { unitsOnPlatform } from '../../config/units';
import type { Dataset } from '../data/model';
import type { PlatformDefinition, PlatformRequest, PlatformResponse } from '../kit/server';
import { storesFor } from '../kit/unit-store';
import type { Journal } from '../kit/journal';
import { TaskWriteRefused } from '../kit/task-ledger';
import { CursorRefused } from '../kit/change-log';
import { feedAdmin } from '../kit/feed-admin';
import { InvalidParams, METHODS, type Params } from './methods';

export interface FirePlatformOptions {
  /** Units served; defaults to the units whose platform is `fire` in config/units.ts. */
  unitCodes?: readonly string[];
  /** Where the platform's writes survive a restart; default: memory only. */
  journal?: Journal;
}

/** Most calls accepted in one batch request. */
export const FIRE_MAX_BATCH_CALLS = 50;

export const RpcErrorCodes = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  SERVER_ERROR: -32000,
  /** Application errors of the task writes. */
  TASK_NOT_FOUND: 4004,
  TASK_STATE_CONFLICT: 4009,
  /** changes.since: a cursor of an earlier run of the platform (or forged); read again from the beginning. */
  CURSOR_EXPIRED: 4010,
} as const;

const REFUSAL_CODES = { invalid: RpcErrorCodes.INVALID_PARAMS, not_found: RpcErrorCodes.TASK_NOT_FOUND, conflict: RpcErrorCodes.TASK_STATE_CONFLICT };

type Id = string | number | null;

interface RpcResponse {
  jsonrpc: '2.0';
  id: Id;
  result?: unknown;
  error?: { code: number; message: string };
}

const JSON_TYPE = 'application/json; charset=utf-8';

const json = (value: unknown): PlatformResponse => ({ status: 200, contentType: JSON_TYPE, body: JSON.stringify(value) });

const failure = (id: Id, code: number, message: string): RpcResponse => ({ jsonrpc: '2.0', id, error: { code, message } });

function isId(value: unknown): value is Id {
  return value === null || typeof value === 'string' || typeof value === 'number';
}

export function createFirePlatform(dataset: Dataset, options: FirePlatformOptions = {}): PlatformDefinition {
  const unitCodes = options.unitCodes ?? unitsOnPlatform('fire').map((unit) => unit.code);
  // The tasks query's year is the year of plannedOn on this platform.
  const stores = storesFor(dataset.units, unitCodes, { journal: options.journal, taskYear: 'plannedOn' });

  /** One call; undefined for a notification (a call without id gets no answer). */
  function answer(call: unknown): RpcResponse | undefined {
    if (typeof call !== 'object' || call === null || Array.isArray(call)) return failure(null, RpcErrorCodes.INVALID_REQUEST, 'a call must be an object');
    const { jsonrpc, method, params, id } = call as Record<string, unknown>;
    const replyId = isId(id) ? id : null;
    if (jsonrpc !== '2.0' || typeof method !== 'string' || (id !== undefined && !isId(id))) {
      return failure(replyId, RpcErrorCodes.INVALID_REQUEST, 'not a JSON-RPC 2.0 call');
    }
    const response = invoke(replyId, method, params);
    return id === undefined ? undefined : response;
  }

  function invoke(id: Id, method: string, params: unknown): RpcResponse {
    const run = METHODS[method];
    if (!run) return failure(id, RpcErrorCodes.METHOD_NOT_FOUND, `method not found: ${method}`);
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      return failure(id, RpcErrorCodes.INVALID_PARAMS, 'params must be an object');
    }
    const unit = (params as Params).unit;
    const store = typeof unit === 'string' ? stores.get(unit) : undefined;
    if (!store) return failure(id, RpcErrorCodes.INVALID_PARAMS, `unit ${String(unit)} is not on this platform`);
    try {
      return { jsonrpc: '2.0', id, result: run(store, params as Params) };
    } catch (error) {
      if (error instanceof InvalidParams) return failure(id, RpcErrorCodes.INVALID_PARAMS, error.message);
      if (error instanceof TaskWriteRefused) return failure(id, REFUSAL_CODES[error.reason], error.message);
      if (error instanceof CursorRefused) return failure(id, RpcErrorCodes.CURSOR_EXPIRED, `cursor expired: ${error.message}`);
      console.error('[fire]', error);
      return failure(id, RpcErrorCodes.SERVER_ERROR, 'internal error');
    }
  }

  function handle(request: PlatformRequest): PlatformResponse {
    if (request.path !== '/rpc' || request.method !== 'POST') {
      return { status: 404, contentType: JSON_TYPE, body: JSON.stringify({ message: 'use POST /rpc' }) };
    }
    let payload: unknown;
    try {
      payload = JSON.parse(request.body);
    } catch {
      return json(failure(null, RpcErrorCodes.PARSE_ERROR, 'parse error'));
    }
    if (!Array.isArray(payload)) {
      const response = answer(payload);
      return response ? json(response) : { status: 204, contentType: JSON_TYPE, body: '' };
    }
    if (payload.length === 0) return json(failure(null, RpcErrorCodes.INVALID_REQUEST, 'empty batch'));
    if (payload.length > FIRE_MAX_BATCH_CALLS) {
      return json(failure(null, RpcErrorCodes.INVALID_REQUEST, `a batch holds at most ${FIRE_MAX_BATCH_CALLS} calls`));
    }
    const responses = payload.map(answer).filter((response) => response !== undefined);
    return responses.length > 0 ? json(responses) : { status: 204, contentType: JSON_TYPE, body: '' };
  }

  return {
    name: 'fire',
    handle,
    route(request) {
      try {
        const payload: unknown = JSON.parse(request.body);
        const methodOf = (call: unknown) => String((call as { method?: unknown } | null)?.method ?? '?');
        if (!Array.isArray(payload)) return methodOf(payload);
        return `batch[${[...new Set(payload.map(methodOf))].sort().join(',')}]`;
      } catch {
        return `${request.method} ${request.path}`;
      }
    },
    errorResponse: () => json(failure(null, RpcErrorCodes.SERVER_ERROR, 'internal error of the fire & rescue platform')),
    admin: feedAdmin(stores),
  };
}
