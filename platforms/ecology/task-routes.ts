// The ecology platform's task writes, REST style: POST /v1/units/{unit}/tasks creates a batch
// (an `Idempotency-Key` header is required; each task carries its own externalKey, the same key
// answering the same task), POST /v1/units/{unit}/tasks/{taskId}:cancel cancels one task.
import { createHash } from 'node:crypto';
import type { PlatformRequest } from '../kit/server';
import type { NewTaskRecord } from '../kit/task-ledger';
import type { UnitIndex } from '../kit/unit-index';
import * as encode from './encode';
import { HttpError, invalid } from './http-error';
import { IDEMPOTENCY_KEY_HEADER, MAX_BATCH, type EcoCreatedTask, type EcoTask } from './wire-types';

export const CANCEL_ROUTE = /^\/v1\/units\/([^/]+)\/tasks\/([^/:]+):cancel$/;

function string(row: Record<string, unknown>, field: string, where: string): string {
  const value = row[field];
  if (typeof value !== 'string' || value === '') throw invalid(`${where}.${field} must be a non-empty string`);
  return value;
}

function strings(row: Record<string, unknown>, field: string, where: string): string[] {
  const value = row[field];
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) throw invalid(`${where}.${field} must be an array of strings`);
  return value as string[];
}

function decodeNewTask(row: unknown, index: number): NewTaskRecord {
  const where = `tasks[${index}]`;
  if (typeof row !== 'object' || row === null || Array.isArray(row)) throw invalid(`${where} must be an object`);
  const fields = row as Record<string, unknown>;
  const record: NewTaskRecord = {
    externalKey: string(fields, 'externalKey', where),
    planId: string(fields, 'planId', where),
    uscc: string(fields, 'enterpriseId', where),
    itemCodes: strings(fields, 'itemCodes', where),
    inspectorIds: strings(fields, 'inspectorIds', where),
    plannedOn: string(fields, 'scheduledOn', where),
  };
  if (fields.jointInspectionId !== null && fields.jointInspectionId !== undefined) record.jointGroupId = string(fields, 'jointInspectionId', where);
  return record;
}

export class EcologyTaskWrites {
  /** Idempotency key → fingerprint of the request it first came with. */
  private readonly requestByKey = new Map<string, string>();

  create(request: PlatformRequest, unit: UnitIndex): { createdTasks: EcoCreatedTask[] } {
    const key = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (typeof key !== 'string' || key === '' || key.length > 255) throw invalid('an Idempotency-Key header of 1..255 characters is required');
    let body: { tasks?: unknown };
    try {
      body = JSON.parse(request.body) as { tasks?: unknown };
    } catch {
      throw invalid('request body must be JSON');
    }
    const rows = body?.tasks;
    if (!Array.isArray(rows) || rows.length === 0) throw invalid('tasks must be a non-empty array');
    if (rows.length > MAX_BATCH) throw new HttpError(413, 'batch_too_large', `at most ${MAX_BATCH} tasks per call, got ${rows.length}`);
    const fingerprint = createHash('sha256').update(`${unit.data.unitCode}\n${request.body}`).digest('hex');
    const seen = this.requestByKey.get(key);
    if (seen !== undefined && seen !== fingerprint) {
      throw new HttpError(422, 'idempotency_key_reused', `Idempotency-Key ${key} was used with another request`);
    }
    const created = unit.ledger.create(rows.map(decodeNewTask));
    this.requestByKey.set(key, fingerprint);
    return {
      createdTasks: created.map(({ externalKey, task, existed }) => ({ externalKey, alreadyExisted: existed, task: encode.encodeTask(task) })),
    };
  }

  cancel(unit: UnitIndex, taskId: string): EcoTask {
    const [task] = unit.ledger.cancel([taskId]);
    return encode.encodeTask(task);
  }
}
