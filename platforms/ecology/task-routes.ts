// The ecology platform's task writes, REST style: POST /v1/units/{unit}/tasks creates a batch
// (an `Idempotency-Key` header is required; each task carries its own externalKey, the same key
// answering the same task), POST /v1/units/{unit}/tasks/{taskId}:cancel cancels one task;
// the visit: POST …/tasks/{taskId}:checkIn (with the 检查码), …/result, …/followUps.
import { createHash } from 'node:crypto';
import type { PlatformRequest } from '../kit/server';
import type { NewTaskRecord } from '../kit/task-ledger';
import type { UnitStore } from '../kit/unit-store';
import * as encode from './encode';
import { HttpError, invalid } from './http-error';
import { IDEMPOTENCY_KEY_HEADER, MAX_BATCH, type EcoCreatedTask, type EcoDisposition, type EcoFollowUp, type EcoOutcome, type EcoResult, type EcoTask } from '../../contracts/ecology-wire';

/** POST /v1/units/{unit}/tasks/{taskId}:cancel | :checkIn | /result | /followUps */
export const TASK_ACTION_ROUTE = /^\/v1\/units\/([^/]+)\/tasks\/([^/:]+)(:cancel|:checkIn|\/result|\/followUps)$/;

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

function object(request: PlatformRequest): Record<string, unknown> {
  try {
    const body: unknown = JSON.parse(request.body);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw invalid('request body must be a JSON object');
}

/** A UTC instant → the day it is in China (UTC+8), as the platform stamps its times. */
function chinaDay(instant: string): string {
  const time = Date.parse(instant);
  if (Number.isNaN(time) || !/T/.test(instant)) throw invalid(`${instant} is not an ISO 8601 instant`);
  return new Date(time + 8 * 3_600_000).toISOString().slice(0, 10);
}

export class EcologyTaskWrites {
  /** Idempotency key → fingerprint of the request it first came with. */
  private readonly requestByKey = new Map<string, string>();

  create(request: PlatformRequest, unit: UnitStore): { createdTasks: EcoCreatedTask[] } {
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

  cancel(unit: UnitStore, taskId: string): EcoTask {
    const [task] = unit.ledger.cancel([taskId]);
    return encode.encodeTask(task);
  }

  /** 凭码检查: {inspectionCode, enterpriseId, inspectorId, checkedInOn}. */
  checkIn(request: PlatformRequest, unit: UnitStore, taskId: string): EcoTask {
    const body = object(request);
    const on = string(body, 'checkedInOn', 'body');
    const task = unit.ledger.checkIn({
      taskId,
      inspectionCode: string(body, 'inspectionCode', 'body'),
      uscc: string(body, 'enterpriseId', 'body'),
      inspectorId: string(body, 'inspectorId', 'body'),
      on,
    });
    return encode.encodeTask(task);
  }

  /** The result: {inspectedAt (UTC instant of the China day), outcome, findings}. */
  result(request: PlatformRequest, unit: UnitStore, taskId: string): { task: EcoTask; result: EcoResult } {
    const body = object(request);
    const conclusion = encode.CONCLUSION_BY_OUTCOME.get(string(body, 'outcome', 'body') as EcoOutcome);
    if (!conclusion) throw invalid(`outcome must be one of ${[...encode.CONCLUSION_BY_OUTCOME.keys()].join(', ')}`);
    const findings = body.findings;
    if (!Array.isArray(findings)) throw invalid('findings must be an array');
    const { task, result } = unit.ledger.recordResult({
      taskId,
      inspectedOn: chinaDay(string(body, 'inspectedAt', 'body')),
      conclusion,
      findings: findings.map((row: unknown, index: number) => {
        if (typeof row !== 'object' || row === null) throw invalid(`findings[${index}] must be an object`);
        const fields = row as Record<string, unknown>;
        const where = `findings[${index}]`;
        return { code: string(fields, 'findingId', where), itemCode: string(fields, 'itemCode', where), description: string(fields, 'description', where) };
      }),
    });
    return { task: encode.encodeTask(task), result: encode.encodeResult(result) };
  }

  /** The follow-up of one finding: {findingId, disposition, handledAt, remarks}. */
  followUp(request: PlatformRequest, unit: UnitStore, taskId: string): EcoFollowUp {
    const body = object(request);
    const action = encode.ACTION_BY_DISPOSITION.get(string(body, 'disposition', 'body') as EcoDisposition);
    if (!action) throw invalid(`disposition must be one of ${[...encode.ACTION_BY_DISPOSITION.keys()].join(', ')}`);
    const remarks = typeof body.remarks === 'string' ? body.remarks : '';
    return encode.encodeFollowUp(
      unit.ledger.recordFollowUp({ taskId, findingCode: string(body, 'findingId', 'body'), action, handledOn: chinaDay(string(body, 'handledAt', 'body')), note: remarks }),
    );
  }
}
