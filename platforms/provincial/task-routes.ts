// The provincial platform's task writes: POST rw/create (a batch of 新建任务, idempotent per
// 外部标识 wbbs; each new task gets its 检查码 jcm) and POST rw/cancel (a batch of 任务编号);
// the visit itself: rw/qd (凭码签到), jcjg/lr (检查结果录入), hxcz/lr (后续处置录入). Requests in its legacy style:
// pinyin fields, comma-joined lists, times as `yyyy-MM-dd HH:mm:ss`.
import type { PlatformRequest } from '../kit/server';
import * as encode from './encode';
import type { NewTaskRecord } from '../kit/task-ledger';
import type { UnitStore } from '../kit/unit-store';
import { badParameter, WireError } from './wire-error';
import { ErrorCodes, MAX_BATCH, Paths, type XjjgWire, type RwWire, type JcjgWire, type HxczWire } from '../../contracts/provincial-wire';

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
export function taskWriteRoutes(unitOf: (bmdm: unknown) => UnitStore): Record<string, (request: PlatformRequest) => unknown> {
  return {
    [`POST ${Paths.taskCreate}`]: (request): XjjgWire[] => {
      const body = jsonBody(request);
      const rows = batchList(body, 'rwlb');
      const unit = unitOf(body.bmdm);
      if (rows.length === 0) throw badParameter('rwlb 不能为空');
      const created = unit.ledger.create(rows.map(decodeNewTask));
      return created.map(({ externalKey, task, existed }) => ({ wbbs: externalKey, sfycz: existed ? 1 : 0, rw: encode.encodeTask(task) }));
    },
    [`POST ${Paths.taskCheckIn}`]: (request): RwWire => {
      const body = jsonBody(request);
      const day = TIME.exec(text(body, 'qdrq', 'qd'));
      if (!day) throw badParameter('qd.qdrq 应为 yyyy-MM-dd HH:mm:ss');
      const task = unitOf(body.bmdm).ledger.checkIn({
        taskId: text(body, 'rwbh', 'qd'),
        inspectionCode: text(body, 'jcm', 'qd'),
        uscc: text(body, 'tyshxydm', 'qd'),
        inspectorId: text(body, 'jcry', 'qd'),
        on: day[1],
      });
      return encode.encodeTask(task);
    },
    [`POST ${Paths.resultRecord}`]: (request): { rw: RwWire; jcjg: JcjgWire } => {
      const body = jsonBody(request);
      const day = TIME.exec(text(body, 'jcrq', 'jcjg'));
      if (!day) throw badParameter('jcjg.jcrq 应为 yyyy-MM-dd HH:mm:ss');
      const conclusion = encode.CONCLUSION_BY_CODE.get(Number(body.jcjg));
      if (!conclusion) throw badParameter(`jcjg=${String(body.jcjg)}`);
      if (!Array.isArray(body.wtqd)) throw badParameter('wtqd 应为数组');
      const findings = body.wtqd.map((row: unknown, index: number) => {
        if (typeof row !== 'object' || row === null) throw badParameter(`wtqd[${index}] 应为对象`);
        const fields = row as Record<string, unknown>;
        return { code: text(fields, 'wtbh', `wtqd[${index}]`), itemCode: text(fields, 'sxbm', `wtqd[${index}]`), description: text(fields, 'wtms', `wtqd[${index}]`) };
      });
      const { task, result } = unitOf(body.bmdm).ledger.recordResult({ taskId: text(body, 'rwbh', 'jcjg'), inspectedOn: day[1], conclusion, findings });
      return { rw: encode.encodeTask(task), jcjg: encode.encodeResult(result) };
    },
    [`POST ${Paths.followUpRecord}`]: (request): HxczWire => {
      const body = jsonBody(request);
      const day = TIME.exec(text(body, 'czrq', 'hxcz'));
      if (!day) throw badParameter('hxcz.czrq 应为 yyyy-MM-dd HH:mm:ss');
      const action = encode.FOLLOW_UP_ACTION_BY_CODE.get(Number(body.czfs));
      if (!action) throw badParameter(`czfs=${String(body.czfs)}`);
      const note = typeof body.bz === 'string' ? body.bz : '';
      const followUp = unitOf(body.bmdm).ledger.recordFollowUp({ taskId: text(body, 'rwbh', 'hxcz'), findingCode: text(body, 'wtbh', 'hxcz'), action, handledOn: day[1], note });
      return encode.encodeFollowUp(followUp);
    },
    [`POST ${Paths.taskCancel}`]: (request): RwWire[] => {
      const body = jsonBody(request);
      const ids = batchList(body, 'rwbh');
      if (!ids.every((id) => typeof id === 'string')) throw badParameter('rwbh 应为字符串数组');
      return unitOf(body.bmdm).ledger.cancel(ids as string[]).map(encode.encodeTask);
    },
  };
}
