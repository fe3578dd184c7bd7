// Stand-in for the credit information system (国家企业信用信息公示系统 / 信用信息共享平台): the
// enterprise registry, credit-risk classes and the publication of inspection results, as a
// plain JSON REST API. Served by platforms/kit/server.ts startPlatform.
import type { Dataset, Publication, RegistrationStatus } from '../data/model';
import type { PlatformDefinition, PlatformRequest, PlatformResponse } from '../kit/server';
import { RISK_CLASSES, type RiskClass } from '../data/model';
import { findUnit } from '../../config/units';
import { isValidUscc, usccProblem, USCC_PROBLEM_TEXT } from '../../lib/uscc';
import { CreditStore, type EnterpriseFilter } from './store';
import { memoryJournal, type Journal } from '../kit/journal';
import { CursorRefused, feedCursor, feedSequence, newEpoch } from '../kit/change-log';
import {
  ERRCODE, REG_STATE_CODES, toWireEnterprise, toWirePublication, toWireRiskHistory,
  type WireEnterpriseBatch, type WirePublicationFeed, type WirePublicationList, type WirePublishAnswer, type WireRiskBatch, type WireSearchPage,
} from './wire';

export interface CreditPlatformOptions {
  /** Most codes in one batch request (400 above). */
  maxBatch?: number;
  /** Largest search page (400 above). */
  maxPageSize?: number;
  /** Clock for publications without a pubTime. */
  now?: () => Date;
  /** Where publications made through the API survive a restart; default: memory only. */
  journal?: Journal;
}

export const CREDIT_MAX_BATCH = 100;
export const CREDIT_MAX_PAGE = 200;
/** Largest `limit` of the publication feed. */
export const CREDIT_MAX_FEED_PAGE = 5000;
const FEED = 'publications';
const DEFAULT_PAGE = 50;

/** A request the API refuses: becomes `status {errcode, errmsg}`. */
class ApiError extends Error {
  constructor(readonly status: number, readonly errcode: number, message: string) {
    super(message);
  }
}

function json(status: number, value: unknown): PlatformResponse {
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(value) };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant in China Standard Time, the way the system writes its own timestamps. */
function chinaTime(instant: Date): string {
  return `${new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

const STATUS_BY_CODE = new Map<string, RegistrationStatus>(Object.entries(REG_STATE_CODES).map(([status, code]) => [code, status as RegistrationStatus]));

function parseBody(request: PlatformRequest): Record<string, unknown> {
  try {
    const body: unknown = JSON.parse(request.body);
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new ApiError(400, ERRCODE.BAD_JSON, '请求体必须是 JSON 对象 (body must be a JSON object)');
}

function stringField(body: Record<string, unknown>, name: string, maxLength: number): string {
  const value = body[name];
  if (typeof value !== 'string' || value.trim() === '') throw new ApiError(400, ERRCODE.BAD_PARAM, `${name} 不能为空 (required string)`);
  if (value.length > maxLength) throw new ApiError(400, ERRCODE.BAD_PARAM, `${name} 超过 ${maxLength} 个字符`);
  return value;
}

export function createCreditPlatform(dataset: Dataset, options: CreditPlatformOptions = {}): PlatformDefinition {
  const maxBatch = options.maxBatch ?? CREDIT_MAX_BATCH;
  const maxPageSize = options.maxPageSize ?? CREDIT_MAX_PAGE;
  const now = options.now ?? (() => new Date());
  const store = new CreditStore(dataset);
  const journal = options.journal ?? memoryJournal();
  for (const entry of journal.entries) if (entry.kind === 'publication') store.addPublication(entry.publication);
  // The stand-in regenerates its data at start: cursors of an earlier start are refused.
  const epoch = newEpoch();

  function publicationFeed(query: URLSearchParams): WirePublicationFeed {
    const limitText = query.get('limit') || undefined;
    const limit = limitText === undefined ? DEFAULT_PAGE : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > CREDIT_MAX_FEED_PAGE) {
      throw new ApiError(400, ERRCODE.BAD_PARAM, `limit 必须是 1 到 ${CREDIT_MAX_FEED_PAGE} 之间的整数`);
    }
    let start: number;
    try {
      start = feedSequence(query.get('cursor') || undefined, epoch, FEED, store.publicationFeed(0, 0).total);
    } catch (error) {
      if (error instanceof CursorRefused) throw new ApiError(410, ERRCODE.CURSOR_EXPIRED, `游标失效，请从头读取 (${error.message})`);
      throw error;
    }
    const page = store.publicationFeed(start, limit);
    const remaining = page.total - page.end;
    return { items: page.items.map(toWirePublication), cursor: feedCursor(epoch, FEED, page.end), hasMore: remaining > 0, remaining };
  }

  function batchCodes(request: PlatformRequest): string[] {
    const codes = parseBody(request).codes;
    if (!Array.isArray(codes) || !codes.every((code) => typeof code === 'string')) {
      throw new ApiError(400, ERRCODE.BAD_PARAM, 'codes 必须是字符串数组 (codes must be an array of strings)');
    }
    if (codes.length > maxBatch) throw new ApiError(400, ERRCODE.BATCH_TOO_LARGE, `每次最多查询 ${maxBatch} 个代码，收到 ${codes.length} 个`);
    return codes as string[];
  }

  function lookup(request: PlatformRequest): WireEnterpriseBatch {
    const answer: WireEnterpriseBatch = { items: [], notFound: [] };
    for (const code of batchCodes(request)) {
      const enterprise = store.enterprise(code);
      if (enterprise) answer.items.push(toWireEnterprise(enterprise));
      else answer.notFound.push(code);
    }
    return answer;
  }

  function search(query: URLSearchParams): WireSearchPage {
    const param = (name: string) => query.get(name) || undefined;
    const filter: EnterpriseFilter = { divisionCode: param('division'), industryPrefix: param('industry'), nameContains: param('name') };
    if (filter.divisionCode && !/^\d{6}$/.test(filter.divisionCode)) throw new ApiError(400, ERRCODE.BAD_PARAM, 'division 必须是 6 位行政区划代码');
    if (filter.industryPrefix && !/^\d{1,4}$/.test(filter.industryPrefix)) throw new ApiError(400, ERRCODE.BAD_PARAM, 'industry 必须是 1–4 位行业代码前缀');
    const riskClass = param('riskClass');
    if (riskClass !== undefined) {
      if (!RISK_CLASSES.includes(riskClass as RiskClass)) throw new ApiError(400, ERRCODE.BAD_PARAM, 'riskClass 必须是 A、B、C 或 D');
      filter.riskClass = riskClass as RiskClass;
    }
    const status = param('status');
    if (status !== undefined) {
      filter.status = STATUS_BY_CODE.get(status);
      if (!filter.status) throw new ApiError(400, ERRCODE.BAD_PARAM, 'status 必须是登记状态代码 1、2、3 或 4');
    }
    const after = param('after');
    if (after !== undefined && !isValidUscc(after)) throw new ApiError(400, ERRCODE.BAD_CODE, 'after 必须是有效的统一社会信用代码');
    const limitText = param('limit');
    const limit = limitText === undefined ? DEFAULT_PAGE : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > maxPageSize) {
      throw new ApiError(400, ERRCODE.BAD_PARAM, `limit 必须是 1 到 ${maxPageSize} 之间的整数`);
    }
    const page = store.search(filter, after, limit);
    return { items: page.items.map(toWireEnterprise), nextAfter: page.nextAfter, total: page.total };
  }

  function riskHistories(request: PlatformRequest): WireRiskBatch {
    const items = batchCodes(request).flatMap((code) => {
      const enterprise = store.enterprise(code);
      return enterprise ? [toWireRiskHistory(code, enterprise.riskHistory)] : [];
    });
    return { items };
  }

  function publicationsOf(codes: readonly string[]): WirePublicationList {
    return { items: codes.flatMap((code) => store.publications(code).map(toWirePublication)) };
  }

  function publish(request: PlatformRequest): PlatformResponse {
    const body = parseBody(request);
    const uscc = stringField(body, 'uniscid', 18);
    const problem = usccProblem(uscc);
    if (problem) throw new ApiError(400, ERRCODE.BAD_CODE, `uniscid ${USCC_PROBLEM_TEXT[problem]}`);
    if (!store.enterprise(uscc)) throw new ApiError(404, ERRCODE.NOT_FOUND, `未找到统一社会信用代码为 ${uscc} 的企业`);
    const unitCode = stringField(body, 'deptCode', 32);
    if (!findUnit(unitCode)) throw new ApiError(400, ERRCODE.BAD_PARAM, `deptCode ${unitCode} 不是成员单位`);
    const taskId = stringField(body, 'taskId', 64);
    const summary = stringField(body, 'pubContent', 2000);
    let publishedAt = chinaTime(now());
    if (body.pubTime !== undefined) {
      if (typeof body.pubTime !== 'string' || !ISO_INSTANT.test(body.pubTime) || Number.isNaN(Date.parse(body.pubTime))) {
        throw new ApiError(400, ERRCODE.BAD_PARAM, 'pubTime 必须是带时区的 ISO 8601 时间');
      }
      publishedAt = body.pubTime;
    }

    const existing = store.publicationOfTask(taskId);
    if (existing) {
      if (existing.uscc !== uscc || existing.unitCode !== unitCode) {
        throw new ApiError(409, ERRCODE.TASK_CONFLICT, `任务 ${taskId} 已公示于 ${existing.uscc}/${existing.unitCode}`);
      }
      return json(200, { created: false, publication: toWirePublication(existing) } satisfies WirePublishAnswer);
    }
    const publication: Publication = { id: store.newPublicationId(taskId), uscc, unitCode, taskId, publishedAt, summary };
    store.addPublication(publication);
    journal.append({ unit: unitCode, kind: 'publication', publication });
    return json(201, { created: true, publication: toWirePublication(publication) } satisfies WirePublishAnswer);
  }

  function route(request: PlatformRequest): PlatformResponse {
    const { method, path } = request;
    if (method === 'POST' && path === '/api/enterprises/batch') return json(200, lookup(request));
    if (method === 'GET' && path === '/api/enterprises') return json(200, search(request.query));
    if (method === 'POST' && path === '/api/risk/batch') return json(200, riskHistories(request));
    if (method === 'GET' && path === '/api/publications') {
      const uscc = request.query.get('uscc');
      if (!uscc) throw new ApiError(400, ERRCODE.BAD_PARAM, 'uscc 参数不能为空');
      return json(200, publicationsOf([uscc]));
    }
    if (method === 'GET' && path === '/api/publications/changes') return json(200, publicationFeed(request.query));
    if (method === 'POST' && path === '/api/publications/batch') return json(200, publicationsOf(batchCodes(request)));
    if (method === 'POST' && path === '/api/publications') return publish(request);
    throw new ApiError(404, ERRCODE.NOT_FOUND, `没有此接口: ${method} ${path}`);
  }

  return {
    name: 'credit',
    handle(request) {
      try {
        return route(request);
      } catch (error) {
        if (error instanceof ApiError) return json(error.status, { errcode: error.errcode, errmsg: error.message });
        throw error;
      }
    },
    errorResponse: () => json(503, { errcode: ERRCODE.BUSY, errmsg: '系统繁忙，请稍后再试' }),
  };
}
