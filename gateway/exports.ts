// Download routes of the statistics table (推进“双随机、一公开”统计表) and of work lists:
//   GET /exports/statistics.csv?jurisdiction=440800&year=2025[&asOf=YYYY-MM-DD]
//   GET /exports/statistics.xlsx?...
//   GET /exports/worklist.csv?jurisdiction=&year=&indicator=[&unit=][&division=][&sortBy=][&descending=true][&asOf=]
//   GET /exports/worklist.xlsx?...
// The office, or a department for its own unit: an `Authorization: Bearer <JWT>` header, or
// (statistics table) the short-lived signed `token` parameter of a link from the graph's
// statisticsDownload field. Everything is read through the graph itself, as the caller, so a
// department's file holds its own unit only. Files carry the official form's header block.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap } from '@apollo/server';
import { ErrorCode } from '../lib/errors';
import { HttpError, sendJson, type RouteHandler } from '../lib/graphql-http';
import { chinaDay } from '../lib/workdays';
import { findUnit } from '../config/units';
import type { Role } from '../lib/roles';
import type { Cell, StatisticsTable } from '../subgraphs/joint-office/statistics/export';
import { statisticsFileName, tableToCsv, tableToXlsx, withHeaderBlock } from '../subgraphs/joint-office/statistics/export';
import { authenticate, signToken, type OidcConfig } from '../lib/auth';
import { verifyDownloadToken, type ExportFormat } from './download-token';

export interface ExportRouteOptions {
  jwtSecret: string;
  oidc?: OidcConfig;
  /** The gateway's own /graphql URL. */
  graphUrl: () => string;
}

export const EXPORT_TABLE_QUERY = `query ExportStatisticsTable($jurisdiction: ID!, $year: Int!, $asOf: String) {
  complianceStatistics(jurisdiction: $jurisdiction, year: $year, asOf: $asOf) { jurisdictionName year asOf document table { title fileName headings rows { cells } } }
}`;

// Pages of 500: the gateway's cost limit (QUERY_MAX_COST) multiplies by `first`.
const WORK_LIST_PAGE = 500;
export const EXPORT_WORK_LIST_QUERY = `query ExportWorkList($jurisdiction: ID!, $year: Int!, $asOf: String, $indicator: String!, $unit: ID, $division: ID, $sortBy: WorkListSort, $descending: Boolean, $offset: Int) {
  complianceStatistics(jurisdiction: $jurisdiction, year: $year, asOf: $asOf) { jurisdictionName year asOf }
  indicatorList(jurisdiction: $jurisdiction, year: $year, indicator: $indicator, unit: $unit, asOf: $asOf, division: $division) {
    label listLabel totalCount complete missingUnits
    entries(first: ${WORK_LIST_PAGE}, offset: $offset, sortBy: $sortBy, descending: $descending) {
      unitName id uscc business { name } divisionName subject plannedOn inspectedOn dueOn publishedOn workdaysLate reason
    }
  }
}`;

/** The work list's columns: the same as the console's table. */
export const WORK_LIST_HEADINGS = ['序号', '成员单位', '企业名称', '县（市、区）', '原因', '逾期（工作日）', '期限', '计划检查日', '检查日', '公示日', '事项/计划/问题', '统一社会信用代码', '编号'];

interface WireTable {
  title: string;
  fileName: string;
  headings: string[];
  rows: { cells: (string | null)[] }[];
}

interface GraphBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** Cells back to numbers where they are numbers, so the spreadsheet can sum them. */
function toTable(wire: WireTable): StatisticsTable {
  const rows = wire.rows.map((row) => row.cells.map((cell): Cell => (cell !== null && NUMBER.test(cell) ? Number(cell) : cell)));
  return { title: wire.title, headings: wire.headings, rows };
}

function headersOf(request: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

interface ExportCaller {
  token: string;
  role: Role;
}

/** The bearer token to read with: the caller's own, or one issued for a valid link. */
async function exportCaller(request: IncomingMessage, query: URLSearchParams, options: ExportRouteOptions, links: boolean): Promise<ExportCaller> {
  const secret = options.jwtSecret;
  const linkToken = links ? query.get('token') : null;
  if (linkToken) {
    const claims = await verifyDownloadToken(secret, linkToken);
    const same = claims && claims.jurisdiction === query.get('jurisdiction') && String(claims.year) === query.get('year') && (claims.asOf ?? null) === (query.get('asOf') ?? null);
    if (!same) throw new HttpError(401, ErrorCode.UNAUTHENTICATED, '下载链接无效、已过期或不属于该表（The download link is invalid, expired or for another table）');
    const role: Role = claims.unit ? { kind: 'department', unitCode: claims.unit } : { kind: 'office' };
    return { token: await signToken(role, secret, { subject: claims.subject || 'office', expiresIn: '5m' }), role };
  }
  const caller = await authenticate(headersOf(request), secret, options.oidc);
  if (caller.role.kind !== 'office' && caller.role.kind !== 'department') {
    const status = request.headers.authorization ? 403 : 401;
    throw new HttpError(status, status === 401 ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN, '统计表与工作清单仅限联席会议办公室或成员单位下载（office or department token）');
  }
  return { token: /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')![1], role: caller.role };
}

async function ask<T>(options: ExportRouteOptions, token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(options.graphUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphBody<T>;
  const error = body.errors?.[0];
  if (!body.data || error) {
    const code = error?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    const status = ['UNKNOWN_JURISDICTION', 'NO_DATA_FOR_YEAR', 'UNKNOWN_UNIT', 'BAD_INPUT', 'PAGE_SIZE_TOO_LARGE'].includes(code) ? 400 : code === 'FORBIDDEN' ? 403 : 502;
    throw new HttpError(status, code, error?.message ?? 'No answer');
  }
  return body.data;
}

function scopeOf(query: URLSearchParams): { jurisdiction: string; year: number; asOf: string | null } {
  const year = Number(query.get('year'));
  if (!query.get('jurisdiction') || !Number.isInteger(year)) throw new HttpError(400, ErrorCode.BAD_INPUT, '缺少辖区（jurisdiction）或年度（year，整数）');
  return { jurisdiction: query.get('jurisdiction')!, year, asOf: query.get('asOf') };
}

const reportingUnit = (role: Role): string => (role.kind === 'department' ? (findUnit(role.unitCode)?.name ?? role.unitCode) : '“双随机、一公开”监管工作联席会议办公室');

interface ReportHead {
  jurisdictionName: string;
  year: number;
  asOf: string;
  document?: string;
}

async function statisticsTableOf(options: ExportRouteOptions, caller: ExportCaller, query: URLSearchParams): Promise<StatisticsTable> {
  const data = await ask<{ complianceStatistics: ReportHead & { table: WireTable } }>(options, caller.token, EXPORT_TABLE_QUERY, scopeOf(query));
  const report = data.complianceStatistics;
  return withHeaderBlock(toTable(report.table), { ...report, reportingUnit: reportingUnit(caller.role), producedOn: chinaDay(new Date()) });
}

interface WireEntry {
  unitName: string;
  id: string;
  uscc: string | null;
  business: { name: string } | null;
  divisionName: string | null;
  subject: string | null;
  plannedOn: string | null;
  inspectedOn: string | null;
  dueOn: string | null;
  publishedOn: string | null;
  workdaysLate: number | null;
  reason: string;
}

type WorkListAnswer = {
  complianceStatistics: ReportHead;
  indicatorList: { label: string; listLabel: string; totalCount: number; complete: boolean; missingUnits: string[]; entries: WireEntry[] };
};

/** The whole work list, page by page, with the same columns as the console's table. */
async function workListTable(options: ExportRouteOptions, caller: ExportCaller, query: URLSearchParams): Promise<StatisticsTable> {
  const indicator = query.get('indicator');
  if (!indicator) throw new HttpError(400, ErrorCode.BAD_INPUT, '缺少指标（indicator）');
  const variables = {
    ...scopeOf(query),
    indicator,
    unit: query.get('unit'),
    division: query.get('division'),
    sortBy: query.get('sortBy'),
    descending: query.get('descending') === 'true',
  };
  const rows: Cell[][] = [];
  let first: WorkListAnswer | undefined;
  for (let offset = 0; ; offset += WORK_LIST_PAGE) {
    const page = await ask<WorkListAnswer>(options, caller.token, EXPORT_WORK_LIST_QUERY, { ...variables, offset });
    first ??= page;
    for (const entry of page.indicatorList.entries) {
      rows.push([rows.length + 1, entry.unitName, entry.business?.name ?? null, entry.divisionName, entry.reason, entry.workdaysLate, entry.dueOn, entry.plannedOn, entry.inspectedOn, entry.publishedOn, entry.subject, entry.uscc, entry.id]);
    }
    if (page.indicatorList.entries.length < WORK_LIST_PAGE) break;
  }
  const list = first!.indicatorList;
  const table: StatisticsTable = { title: `${first!.complianceStatistics.jurisdictionName}${first!.complianceStatistics.year}年${list.label}：${list.listLabel}清单`, headings: WORK_LIST_HEADINGS, rows };
  if (!list.complete) rows.push([null, `数据不完整：缺少 ${list.missingUnits.map((code) => findUnit(code)?.name ?? code).join('、')}`]);
  return withHeaderBlock(table, { ...first!.complianceStatistics, reportingUnit: reportingUnit(caller.role), producedOn: chinaDay(new Date()) });
}

function attachment(fileName: string): string {
  return `attachment; filename="export.${fileName.split('.').pop()}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

type TableReader = (options: ExportRouteOptions, caller: ExportCaller, query: URLSearchParams) => Promise<StatisticsTable>;

function exportRoute(format: ExportFormat, options: ExportRouteOptions, read: TableReader, links: boolean): RouteHandler {
  return async (request: IncomingMessage, response: ServerResponse) => {
    const query = new URL(request.url ?? '/', 'http://gateway').searchParams;
    try {
      if (request.method !== 'GET') throw new HttpError(405, ErrorCode.BAD_INPUT, 'Use GET');
      const caller = await exportCaller(request, query, options, links);
      const table = await read(options, caller, query);
      const body = format === 'csv' ? Buffer.from(tableToCsv(table), 'utf8') : await tableToXlsx(table);
      response.writeHead(200, {
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': attachment(statisticsFileName(table, format)),
        'cache-control': 'no-store',
      });
      response.end(body);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      sendJson(response, error.status, { errors: [{ message: error.message, extensions: { code: error.code } }] });
    }
  };
}

export function exportRoutes(options: ExportRouteOptions): Record<string, RouteHandler> {
  return {
    '/exports/statistics.csv': exportRoute('csv', options, statisticsTableOf, true),
    '/exports/statistics.xlsx': exportRoute('xlsx', options, statisticsTableOf, true),
    '/exports/worklist.csv': exportRoute('csv', options, workListTable, false),
    '/exports/worklist.xlsx': exportRoute('xlsx', options, workListTable, false),
  };
}
