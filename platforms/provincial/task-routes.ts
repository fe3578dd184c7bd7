// The provincial platform's task writes: POST rw/create (a batch of 新建任务, idempotent per
// 外部标识 wbbs) and POST rw/cancel (a batch of 任务编号). Requests in its legacy style:
// pinyin fields, comma-joined lists, times as `yyyy-MM-dd HH:mm:ss`.
import type { PlatformRequest } from '../kit/server';
import * as encode from './encode';
import type { NewTaskRecord } from '../kit/task-ledger';
import type { UnitIndex } from '../kit/unit-index';
import { badParameter, WireError } from './wire-error';
import { ErrorCodes, MAX_BATCH, Paths, type XjjgWire, type RwWire } from './wire-types';

const TIME = /^(\d{4}-\d{2}-\d{2})( 00:00:00)?$/;

export function jsonBody(request: PlatformRequest): Record<string, unknown> {
  try {
    const body: unknown = JSON.parse(request.body);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw badParameter('请求体不是合法的 JSON 对象');
}

/** A batch list under `field`: an array of at most MAX_BATCH entries. */
export function batchList(body: Record<string, unknown>, field: string): unknown[] {
  const list = body[field];
  if (!Array.isArray(list)) throw badParameter(`${field} 应为数组`);
  if (list.length > MAX_BATCH) throw new WireError(ErrorCodes.batchTooLarge, `批量超限: 最多 ${MAX_BATCH} 个, 实际 ${list.length} 个`);
  return list;
}

function text(row: Record<string, unknown>, field: string, where: string): string {
  const value = row[field];
  if (typeof value !== 'string' || value === '') throw badParameter(`${where}.${field} 应为非空字符串`);
  return value;
}

function decodeNewTask(row: unknown, index: number): NewTaskRecord {
  const where = `rwlb[${index}]`;
  if (typeof row !== 'object' || row === null) throw badParameter(`${where} 应为对象`);
  const fields = row as Record<string, unknown>;
  const time = TIME.exec(text(fields, 'jhrq', where));
  if (!time) throw badParameter(`${where}.jhrq 应为 yyyy-MM-dd HH:mm:ss`);
  const record: NewTaskRecord = {
    externalKey: text(fields, 'wbbs', where),
    planId: text(fields, 'jhbh', where),
    uscc: text(fields, 'tyshxydm', where),
    itemCodes: text(fields, 'sxbm', where).split(','),
    inspectorIds: text(fields, 'jcry', where).split(','),
    plannedOn: time[1],
  };
  if (fields.lhjcbh !== null && fields.lhjcbh !== undefined) record.jointGroupId = text(fields, 'lhjcbh', where);
  return record;
}

/** Routes keyed `METHOD path`, as the server's route table. */
export function taskWriteRoutes(unitOf: (bmdm: unknown) => UnitIndex): Record<string, (request: PlatformRequest) => unknown> {
  return {
    [`POST ${Paths.taskCreate}`]: (request): XjjgWire[] => {
      const body = jsonBody(request);
      const rows = batchList(body, 'rwlb');
      const unit = unitOf(body.bmdm);
      if (rows.length === 0) throw badParameter('rwlb 不能为空');
      const created = unit.ledger.create(rows.map(decodeNewTask));
      return created.map(({ externalKey, task, existed }) => ({ wbbs: externalKey, sfycz: existed ? 1 : 0, rw: encode.encodeTask(task) }));
    },
    [`POST ${Paths.taskCancel}`]: (request): RwWire[] => {
      const body = jsonBody(request);
      const ids = batchList(body, 'rwbh');
      if (!ids.every((id) => typeof id === 'string')) throw badParameter('rwbh 应为字符串数组');
      return unitOf(body.bmdm).ledger.cancel(ids as string[]).map(encode.encodeTask);
    },
  };
}
